import { isLosslessNumber, LosslessNumber, parse, stringify } from 'lossless-json';
import { floatHoldsExactly } from './exact-numbers.js';

/**
 * The slow path for the rare JSONL lines that `firstInexactNumber` flags (a 64-bit id, `1e400`): the
 * record is parsed with lossless-json, and each number a float cannot hold stays a LosslessNumber
 * holding its text as written, so the output line carries the same digits. Numbers a float holds
 * stay plain numbers, so the rest of clean sees such a record as it would any other.
 */
export function parseKeepingNumbers(line: string): unknown {
  return parse(line, null, {
    parseNumber: (text) => (floatHoldsExactly(text) ? Number(text) : new LosslessNumber(text)),
    // JSON.parse keeps the last of duplicate keys; lossless-json would throw.
    onDuplicateKey: ({ newValue }) => newValue,
  });
}

/** JSON.stringify's output, except that a kept number is written as its original text. */
export function stringifyKeepingNumbers(value: unknown): string {
  return stringify(value) ?? 'null';
}

/** A number kept as text by `parseKeepingNumbers`. */
export function isKeptNumber(value: unknown): value is LosslessNumber {
  return isLosslessNumber(value);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER = /^-?\d+$/;

/**
 * Makes the kept numbers of a shaped record fit a table output without changing them. CSV holds text:
 * a number becomes its digits, and an object or array holding one its JSON text. Parquet: an integer
 * within INT64 becomes a BigInt (an INT64 column); any other number cannot be held exactly (DOUBLE is
 * a float, and JSON columns are written with JSON.stringify), so the record is refused with why.
 */
export function keptNumbersForTable(record: Record<string, unknown>, output: 'csv' | 'parquet'): { error: string } | undefined {
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (isKeptNumber(value)) {
      if (output === 'csv') setOwn(record, key, value.value);
      else if (INTEGER.test(value.value) && BigInt(value.value) >= INT64_MIN && BigInt(value.value) <= INT64_MAX) setOwn(record, key, BigInt(value.value));
      else return { error: `field "${key}" is ${value.value}, which no Parquet column holds exactly (INT64 holds integers from -2^63 to 2^63-1, DOUBLE 64-bit floats); write JSONL or CSV to keep it, or quote it as a string` };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const inside = firstKeptNumber(value);
    if (inside === undefined) continue;
    if (output === 'csv') setOwn(record, key, stringifyKeepingNumbers(value));
    else return { error: `field "${key}" holds the number ${inside.value}, which a Parquet JSON column would write back changed (it is written as a 64-bit float); write JSONL or CSV to keep it, or quote it as a string` };
  }
  return undefined;
}

function firstKeptNumber(value: object): LosslessNumber | undefined {
  for (const item of Object.values(value)) {
    if (isKeptNumber(item)) return item;
    if (typeof item === 'object' && item !== null) {
      const inside = firstKeptNumber(item as object);
      if (inside !== undefined) return inside;
    }
  }
  return undefined;
}

const setOwn = (target: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
