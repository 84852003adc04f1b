import { SieveError } from '../errors.js';
import type { AbortNotice } from '../pipeline/run-stage.js';

export type MicroBatcherOptions<I, O> = {
  /** Most items handed to `process` at once. */
  batchSize: number;
  /**
   * How long the first waiting item waits for company before a partial batch runs, in ms. `0` starts
   * the batch on the next turn of the event loop: it gathers everything submitted in this turn at no
   * added latency, and while it runs, new arrivals form the next batch.
   */
  waitMs: number;
  /** Most items waiting (not yet running); beyond it `submit` throws ERR_SIEVE_OVERLOADED. */
  maxQueue: number;
  /** Runs one batch; must return one output per input, in order. */
  process: (items: I[]) => Promise<O[]>;
  /** The clock the drain rate is measured with, in ms. Defaults to `performance.now`. */
  now?: () => number;
};

export type MicroBatcher<I, O> = {
  /** Queues one item; rejects with the signal's reason if it aborts before its batch starts. */
  submit(item: I, signal?: AbortNotice): Promise<O>;
  /** Items waiting, not counting the running batch. */
  readonly queued: number;
  /** Recent drain rate in items per second (weighted to recent batches); `undefined` before a batch finished. */
  readonly itemsPerSecond: number | undefined;
};

/** Bounds of the `Retry-After` an overloaded queue asks for, in whole seconds (RFC 9110 delay-seconds). */
export const RETRY_AFTER_MIN_S = 1;
export const RETRY_AFTER_MAX_S = 30;

// Weight of the newest batch in the drain rate: about the last five batches count.
const RATE_WEIGHT = 0.3;

/**
 * Seconds until `queued` items have drained at `itemsPerSecond`, rounded up and clamped to
 * [RETRY_AFTER_MIN_S, RETRY_AFTER_MAX_S]: past 30 s a client does better to give up than to wait. The
 * minimum when no rate is known yet (nothing finished since start).
 */
export function estimateRetryAfterS(queued: number, itemsPerSecond: number | undefined): number {
  if (itemsPerSecond === undefined || !(itemsPerSecond > 0)) return RETRY_AFTER_MIN_S;
  return clampRetryAfterS(queued / itemsPerSecond);
}

/** Any number of seconds as a valid delay-seconds: a whole number in the bounds (the minimum for non-numbers). */
export function clampRetryAfterS(seconds: unknown): number {
  if (typeof seconds !== 'number' || Number.isNaN(seconds)) return RETRY_AFTER_MIN_S;
  return Math.min(RETRY_AFTER_MAX_S, Math.max(RETRY_AFTER_MIN_S, Math.ceil(seconds)));
}

type Pending<I, O> = {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
  signal?: AbortNotice;
};

/**
 * Groups concurrent calls into batches (hand-written: the batching libraries on npm, e.g. dataloader,
 * have no bounded queue, no abort and no wait window). One batch runs at a time: inference is
 * CPU-bound, so running two at once on a small machine only adds latency to both; items that arrive
 * meanwhile form the next batch.
 */
export function createMicroBatcher<I, O>(options: MicroBatcherOptions<I, O>): MicroBatcher<I, O> {
  const queue: Pending<I, O>[] = [];
  // One abort listener per signal, however many windows of one long text share it; weak, so finished calls are forgotten.
  const bySignal = new WeakMap<AbortNotice, Set<Pending<I, O>>>();
  let running = false;
  let timer: (() => void) | undefined;
  const now = options.now ?? (() => performance.now());
  let itemsPerSecond: number | undefined;

  /** Folds one finished batch into the drain rate. Its own run time only: idle gaps say nothing about a backlog. */
  function measure(items: number, ms: number): void {
    if (ms <= 0) return;
    const rate = (items * 1000) / ms;
    itemsPerSecond = itemsPerSecond === undefined ? rate : RATE_WEIGHT * rate + (1 - RATE_WEIGHT) * itemsPerSecond;
  }

  function schedule(): void {
    if (running || queue.length === 0) return;
    if (queue.length >= options.batchSize) {
      clearTimer();
      void runBatch();
    } else if (timer === undefined) {
      const fire = () => {
        timer = undefined;
        void runBatch();
      };
      if (options.waitMs === 0) {
        const handle = setImmediate(fire);
        timer = () => clearImmediate(handle);
      } else {
        const handle = setTimeout(fire, options.waitMs);
        timer = () => clearTimeout(handle);
      }
    }
  }

  function forget(pending: Pending<I, O>): void {
    if (pending.signal) bySignal.get(pending.signal)?.delete(pending);
  }

  function dropAborted(signal: AbortNotice, group: Set<Pending<I, O>>): void {
    for (const pending of group) {
      const at = queue.indexOf(pending);
      if (at >= 0) queue.splice(at, 1);
      pending.reject(signal.reason);
    }
    group.clear();
    if (queue.length === 0) clearTimer();
  }

  /** Cancels the pending start of a partial batch. */
  function clearTimer(): void {
    timer?.();
    timer = undefined;
  }

  async function runBatch(): Promise<void> {
    if (running || queue.length === 0) return;
    running = true;
    const batch = queue.splice(0, options.batchSize);
    for (const pending of batch) forget(pending);
    const started = now();
    try {
      const outputs = await options.process(batch.map((pending) => pending.item));
      measure(batch.length, now() - started);
      if (outputs.length !== batch.length) throw new Error(`A batch of ${batch.length} returned ${outputs.length} results.`);
      batch.forEach((pending, index) => pending.resolve(outputs[index]!));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    } finally {
      running = false;
      // Items that queued while this batch ran have waited already: run them now if a batch is full, else after the window.
      schedule();
    }
  }

  return {
    submit(item: I, signal?: AbortNotice): Promise<O> {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (queue.length >= options.maxQueue) {
        const retryAfterS = estimateRetryAfterS(queue.length, itemsPerSecond);
        return Promise.reject(
          new SieveError('ERR_SIEVE_OVERLOADED', `The model queue is full (${options.maxQueue} waiting); retry in ${retryAfterS} s.`, { retryAfterS }),
        );
      }
      return new Promise<O>((resolve, reject) => {
        const pending: Pending<I, O> = { item, resolve, reject };
        if (signal) {
          pending.signal = signal;
          let waiting = bySignal.get(signal);
          if (!waiting) {
            const group = new Set<Pending<I, O>>();
            waiting = group;
            bySignal.set(signal, group);
            signal.addEventListener('abort', () => dropAborted(signal, group), { once: true });
          }
          waiting.add(pending);
        }
        queue.push(pending);
        schedule();
      });
    },
    get queued() {
      return queue.length;
    },
    get itemsPerSecond() {
      return itemsPerSecond;
    },
  };
}
