import { SieveError } from '../errors.js';

/** A dotted path into a JSON record (`text`, `input.prompt`, `messages.0.content`), as its keys. */
export type FieldPath = readonly string[];

// Writing through these would reach an object's prototype instead of a property of the record.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function parseFieldPath(path: string): FieldPath {
  const keys = path.split('.');
  if (keys.some((key) => key === '')) throw new SieveError('ERR_SIEVE_CONFIG', `--field "${path}" has an empty key; use a dotted path like "input.text".`);
  if (keys.some((key) => FORBIDDEN_KEYS.has(key))) throw new SieveError('ERR_SIEVE_CONFIG', `--field "${path}" uses a reserved key.`);
  return keys;
}

/** The value at `path`, following own properties only; `undefined` when any step is missing. */
export function getField(record: unknown, path: FieldPath): unknown {
  let node = record;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Sets the value at `path`, which `getField` has found; the key order of the record is kept. */
export function setField(record: object, path: FieldPath, value: unknown): void {
  let node = record as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path.at(-1)!] = value;
}
