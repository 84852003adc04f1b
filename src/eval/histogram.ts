import type { Histogram } from './types.js';

export const HISTOGRAM_BINS = 20;

/** Score counts per label in equal bins over [0, 1]; the last bin includes 1. */
export function createHistogram(bins = HISTOGRAM_BINS) {
  const injection = new Array<number>(bins).fill(0);
  const benign = new Array<number>(bins).fill(0);
  return {
    add(score: number, isInjection: boolean): void {
      const bin = Math.min(bins - 1, Math.floor(score * bins));
      (isInjection ? injection : benign)[bin]!++;
    },
    result(): Histogram {
      const edges = Array.from({ length: bins + 1 }, (_, i) => Math.round((i / bins) * 1e6) / 1e6);
      return { edges, injection: [...injection], benign: [...benign] };
    },
  };
}
