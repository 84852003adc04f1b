import { describe, expect, it } from 'vitest';
import { isSieveError } from '../../src/errors.js';
import { createMicroBatcher } from '../../src/classifiers/micro-batcher.js';

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
