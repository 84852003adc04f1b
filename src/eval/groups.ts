import { ratio } from './metrics.js';
import type { GroupRow, Label } from './types.js';

/** Distinct group names kept before the rest are pooled, so a wrong field cannot grow memory without bound. */
export const MAX_GROUPS = 200;
export const OTHER_GROUP = '(other)';
export const NO_GROUP = '(none)';

type Counts = { injection: number; benign: number; caught: number; falseAlarms: number };

/** Per-category or per-source tallies: n, and TPR or FPR as the group's labels allow. */
export function createGroups() {
  const groups = new Map<string, Counts>();
  return {
    add(name: string | undefined, label: Label, predicted: boolean): void {
      let key = name ?? NO_GROUP;
      if (!groups.has(key) && groups.size >= MAX_GROUPS) key = OTHER_GROUP;
      let counts = groups.get(key);
      if (!counts) groups.set(key, (counts = { injection: 0, benign: 0, caught: 0, falseAlarms: 0 }));
      if (label === 'injection') {
        counts.injection++;
        if (predicted) counts.caught++;
      } else {
        counts.benign++;
        if (predicted) counts.falseAlarms++;
      }
    },
    /** Rows, largest group first, then by name. */
    rows(): GroupRow[] {
      return [...groups]
        .map(([name, c]) => ({
          name,
          n: c.injection + c.benign,
          injection: c.injection,
          benign: c.benign,
          caught: c.caught,
          falseAlarms: c.falseAlarms,
          tpr: ratio(c.caught, c.injection),
          fpr: ratio(c.falseAlarms, c.benign),
        }))
        .sort((a, b) => b.n - a.n || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
  };
}
