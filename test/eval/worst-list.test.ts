import { describe, expect, it } from 'vitest';
import { createWorstList } from '../../src/eval/worst-list.js';

type Item = { score: number; order: number };
const lowestFirst = (a: Item, b: Item) => a.score < b.score || (a.score === b.score && a.order < b.order);

describe('createWorstList', () => {
  it('keeps only the first-ranked items, in order', () => {
    const list = createWorstList<Item>(3, lowestFirst);
    [0.5, 0.1, 0.9, 0.3, 0.2, 0.7].forEach((score, order) => list.add({ score, order }));
    expect(list.items().map((item) => item.score)).toEqual([0.1, 0.2, 0.3]);
  });

  it('keeps the earlier of tied items', () => {
    const list = createWorstList<Item>(2, lowestFirst);
    [0, 0, 0, 0].forEach((score, order) => list.add({ score, order }));
    expect(list.items().map((item) => item.order)).toEqual([0, 1]);
    expect(list.wouldKeep({ score: 0, order: 9 })).toBe(false);
    expect(list.wouldKeep({ score: -1, order: 9 })).toBe(true);
  });
});
