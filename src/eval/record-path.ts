import { parseFieldPath } from '../dataset/fields.js';
import { SieveError } from '../errors.js';
import type { PathStep } from '../middleware/json-path.js';

/**
 * Where one value of a labelled record is (`text`, `input.prompt`, `messages[0].content`): the same
 * path syntax as `clean --field`, so one path serves both commands. Eval reads one value per record,
 * so a path may not hold `[*]`.
 */
export type RecordPath = { path: string; steps: readonly PathStep[] };

/** Parses the path given to `option` (named in the error, as the user typed it). */
export function parseRecordPath(option: string, path: string): RecordPath {
  const steps = parseFieldPath(option, path, 'Write keys with dots and array items in brackets: input.prompt, messages[0].content.');
  if (steps.some((step) => 'wildcard' in step)) {
    throw new SieveError('ERR_SIEVE_CONFIG', `${option} "${path}": eval reads one value per record, and [*] names many.`, { help: 'Name one item, e.g. messages[0].content.' });
  }
  return { path, steps };
}

/**
 * The value at `path`, as `clean` finds it: own properties only, `[n]` an array item, a numeric key on
 * an array too (the older dotted form `messages.0.content`), and a column named like the whole path
 * (`input.text` in a CSV header) is that column. `undefined` when any step is missing.
 */
export function readRecordPath(record: unknown, { path, steps }: RecordPath): unknown {
  if (steps.length > 1 && isObject(record) && Object.hasOwn(record, path)) return record[path];
  let node = record;
  for (const step of steps) {
    const key = 'index' in step ? step.index : 'key' in step && Array.isArray(node) && /^\d{1,9}$/.test(step.key) ? Number(step.key) : 'key' in step ? step.key : undefined;
    if (key === undefined || !isObject(node) || ('index' in step && !Array.isArray(node)) || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
