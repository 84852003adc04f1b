import { SieveError } from '../errors.js';
import { LABELS, type Label } from './types.js';

/** Which raw label values mean which label; compared as strings, so `1`, `"1"` and `true`/`"true"` work. */
export type LabelMap = ReadonlyMap<string, Label>;

/**
 * Builds the label map from `--label-map` entries such as `injection=jailbreak,attack`. The names
 * `injection` and `benign` always map to themselves. A value mapped to both labels is an error.
 */
export function parseLabelMap(entries: readonly string[]): LabelMap {
  const map = new Map<string, Label>(LABELS.map((label) => [label, label]));
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    const label = entry.slice(0, equals).trim();
    if (equals === -1 || !(LABELS as readonly string[]).includes(label)) {
      throw new SieveError('ERR_SIEVE_CONFIG', `--label-map "${entry}": expected injection=VALUE[,VALUE…] or benign=VALUE[,VALUE…]`);
    }
    const values = entry
      .slice(equals + 1)
      .split(',')
      .map((value) => value.trim());
    if (values.some((value) => value === '')) {
      throw new SieveError('ERR_SIEVE_CONFIG', `--label-map "${entry}": a value is empty`);
    }
    for (const value of values) {
      const earlier = map.get(value);
      if (earlier !== undefined && earlier !== label) {
        throw new SieveError('ERR_SIEVE_CONFIG', `--label-map: "${value}" is mapped to both ${earlier} and ${label}`);
      }
      map.set(value, label as Label);
    }
  }
  return map;
}

/** The label a raw value stands for, or `undefined` for a missing or unknown one. */
export function mapLabel(map: LabelMap, raw: unknown): Label | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return undefined;
  return map.get(String(raw).trim());
}
