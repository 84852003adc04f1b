/**
 * Keeps the `size` items that rank first, in order, as items stream by: memory stays bounded however
 * long the input. `before(a, b)` is true when `a` ranks ahead of `b`; on a tie the earlier item stays
 * ahead, so the list is the same for the same input order.
 */
export function createWorstList<T>(size: number, before: (a: T, b: T) => boolean) {
  const items: T[] = [];
  return {
    /** Whether `item` would enter the list; check before building an expensive item. */
    wouldKeep(item: T): boolean {
      return items.length < size || before(item, items[items.length - 1]!);
    },
    add(item: T): void {
      if (!this.wouldKeep(item)) return;
      // Binary search for the first position whose item `item` ranks ahead of.
      let low = 0;
      let high = items.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (before(item, items[mid]!)) high = mid;
        else low = mid + 1;
      }
      items.splice(low, 0, item);
      if (items.length > size) items.pop();
    },
    items(): readonly T[] {
      return items;
    },
  };
}
