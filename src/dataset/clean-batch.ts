import type { Outcome, RecordCleaner, WorkItem } from './clean-record.js';

/**
 * Cleans a batch with at most `concurrency` records in flight (so a model stage can batch their
 * windows), and returns the outcomes in the batch's order. A record whose cleaning throws (a bug,
 * not bad input: bad input is a reject) fails the batch, and with it the run.
 */
export async function cleanBatch(items: readonly WorkItem[], clean: RecordCleaner, concurrency: number): Promise<Outcome[]> {
  const outcomes = new Array<Outcome>(items.length);
  let next = 0;
  const runner = async () => {
    while (next < items.length) {
      const index = next++;
      outcomes[index] = await clean(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, runner));
  return outcomes;
}
