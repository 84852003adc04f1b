import { describe, expect, it } from 'vitest';
import { isSieveError } from '../../src/errors.js';
import { clampRetryAfterS, createMicroBatcher, estimateRetryAfterS } from '../../src/classifiers/micro-batcher.js';

function recorder(delayMs = 0) {
  const batches: number[][] = [];
  const process = async (items: number[]) => {
    batches.push(items);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return items.map((item) => item * 10);
  };
  return { batches, process };
}

describe('createMicroBatcher', () => {
  it('groups concurrent submissions into one batch and answers each in order', async () => {
    const { batches, process } = recorder();
    const batcher = createMicroBatcher({ batchSize: 32, waitMs: 5, maxQueue: 100, process });
    const results = await Promise.all([1, 2, 3, 4].map((n) => batcher.submit(n)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('with waitMs 0, batches what is submitted in one event-loop turn without a timer', async () => {
    const { batches, process } = recorder();
    const batcher = createMicroBatcher({ batchSize: 32, waitMs: 0, maxQueue: 100, process });
    const first = await Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    const second = await batcher.submit(4);
    expect([...first, second]).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('runs a full batch at once, without waiting for the window', async () => {
    const { batches, process } = recorder();
    const batcher = createMicroBatcher({ batchSize: 2, waitMs: 10_000, maxQueue: 100, process });
    const started = performance.now();
    await Promise.all([1, 2, 3, 4].map((n) => batcher.submit(n)));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(batches).toEqual([[1, 2], [3, 4]]);
  });

  it('runs one batch at a time and gathers what arrives meanwhile into the next', async () => {
    const { batches, process } = recorder(30);
    const batcher = createMicroBatcher({ batchSize: 8, waitMs: 1, maxQueue: 100, process });
    const first = batcher.submit(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const later = [2, 3, 4].map((n) => batcher.submit(n));
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('throws ERR_SIEVE_OVERLOADED when the queue is full, instead of letting latency grow', async () => {
    const { process } = recorder(20);
    const batcher = createMicroBatcher({ batchSize: 1, waitMs: 0, maxQueue: 2, process });
    const accepted = [batcher.submit(1), batcher.submit(2), batcher.submit(3)];
    await new Promise((resolve) => setImmediate(resolve));
    // 1 is running; 2 and 3 wait: the queue is full.
    const error = await batcher.submit(4).catch((e: unknown) => e);
    expect(isSieveError(error, 'ERR_SIEVE_OVERLOADED')).toBe(true);
    await expect(Promise.all(accepted)).resolves.toEqual([10, 20, 30]);
  });

  it('drops an aborted item from the queue so it is never scored', async () => {
    const { batches, process } = recorder();
    const batcher = createMicroBatcher({ batchSize: 32, waitMs: 20, maxQueue: 100, process });
    const controller = new AbortController();
    const kept = batcher.submit(1);
    const dropped = batcher.submit(2, controller.signal);
    controller.abort(new Error('timed out'));
    await expect(dropped).rejects.toThrow('timed out');
    expect(batcher.queued).toBe(1);
    await kept;
    expect(batches).toEqual([[1]]);
  });

  it('rejects at once when the signal has already aborted', async () => {
    const { batches, process } = recorder();
    const batcher = createMicroBatcher({ batchSize: 32, waitMs: 1, maxQueue: 100, process });
    await expect(batcher.submit(1, AbortSignal.abort(new Error('late')))).rejects.toThrow('late');
    expect(batches).toEqual([]);
  });

  it('rejects every item of a failed batch and keeps serving later ones', async () => {
    let fail = true;
    const batcher = createMicroBatcher({
      batchSize: 4,
      waitMs: 1,
      maxQueue: 100,
      process: async (items: number[]) => {
        if (fail) throw new Error('backend down');
        return items;
      },
    });
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow('backend down');
    fail = false;
    await expect(batcher.submit(3)).resolves.toBe(3);
  });
});

describe('createMicroBatcher with many items per signal', () => {
  it('adds one abort listener per signal, and drops all of its waiting items on abort', async () => {
    const { batches, process } = recorder(10);
    const batcher = createMicroBatcher({ batchSize: 4, waitMs: 0, maxQueue: 100, process });
    const controller = new AbortController();
    let listeners = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof add>) => (listeners++, add(...args))) as typeof add;
    const items = Array.from({ length: 12 }, (_, i) => batcher.submit(i, controller.signal).catch((e: unknown) => e));
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('stop'));
    const results = await Promise.all(items);
    expect(listeners).toBe(1);
    expect(batches).toEqual([[0, 1, 2, 3]]);
    expect(results.slice(4).every((r) => r instanceof Error && r.message === 'stop')).toBe(true);
  });
});

describe('estimateRetryAfterS', () => {
  it.each([
    [10, undefined, 1], // no rate known yet
    [10, 0, 1],
    [0, 100, 1],
    [100, 100, 1],
    [101, 100, 2], // rounded up: a client that comes back early only meets a full queue again
    [250, 100, 3],
    [4096, 50, 30], // 82 s, clamped
  ])('%s waiting at %s per second: %s s', (queued, rate, seconds) => {
    expect(estimateRetryAfterS(queued, rate)).toBe(seconds);
  });

  it.each([
    [2.1, 3],
    [0, 1],
    [-4, 1],
    [Infinity, 30],
    [Number.NaN, 1],
    ['5', 1],
    [undefined, 1],
  ])('clamps %s to the whole delay-seconds %s', (value, seconds) => {
    expect(clampRetryAfterS(value)).toBe(seconds);
  });
});

describe('the Retry-After of a full queue', () => {
  /** A batcher on a fake clock whose batches take `msPerBatch[i]` each, and wait for `release()` when held. */
  function timed(msPerBatch: number[], maxQueue: number) {
    let clock = 0;
    let batch = 0;
    let hold: Promise<void> | undefined;
    let release = () => {};
    const batcher = createMicroBatcher<number, number>({
      batchSize: 2,
      waitMs: 0,
      maxQueue,
      now: () => clock,
      process: async (items) => {
        clock += msPerBatch[batch++] ?? 0;
        if (hold) await hold;
        return items;
      },
    });
    return {
      batcher,
      holdNext() {
        hold = new Promise((resolve) => (release = resolve));
      },
      release: () => release(),
    };
  }

  it('is 1 s before any batch has finished', async () => {
    const { batcher, holdNext, release } = timed([100], 2);
    holdNext();
    const accepted = [1, 2, 3, 4].map((n) => batcher.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    const error = await batcher.submit(5).catch((e: unknown) => e);
    expect(isSieveError(error, 'ERR_SIEVE_OVERLOADED')).toBe(true);
    expect((error as { retryAfterS?: number }).retryAfterS).toBe(1);
    release();
    await Promise.all(accepted);
  });

  it('is the backlog over the drain rate, weighted to recent batches', async () => {
    // 2 items in 100 ms (20/s), then 2 in 200 ms (10/s): 0.3 × 10 + 0.7 × 20 = 17 items a second.
    const { batcher, holdNext, release } = timed([100, 200, 0], 40);
    await Promise.all([batcher.submit(1), batcher.submit(2)]);
    expect(batcher.itemsPerSecond).toBe(20);
    await Promise.all([batcher.submit(3), batcher.submit(4)]);
    expect(batcher.itemsPerSecond).toBeCloseTo(17, 10);
    holdNext();
    const accepted = Array.from({ length: 42 }, (_, n) => batcher.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batcher.queued).toBe(40);
    const error = await batcher.submit(99).catch((e: unknown) => e);
    expect(isSieveError(error, 'ERR_SIEVE_OVERLOADED')).toBe(true);
    expect((error as { retryAfterS?: number }).retryAfterS).toBe(3); // 40 / 17 = 2.35 s
    expect((error as Error).message).toContain('retry in 3 s');
    release();
    await Promise.all(accepted);
  });

  it('is at most 30 s however slow the model is', async () => {
    const { batcher, holdNext, release } = timed([2000, 0], 100);
    await Promise.all([batcher.submit(1), batcher.submit(2)]); // 1 item a second
    holdNext();
    const accepted = Array.from({ length: 102 }, (_, n) => batcher.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    const error = await batcher.submit(99).catch((e: unknown) => e);
    expect((error as { retryAfterS?: number }).retryAfterS).toBe(30);
    release();
    await Promise.all(accepted);
  });
});
