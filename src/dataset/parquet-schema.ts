import type { SchemaElement } from 'hyparquet';
import type { TextField } from './fields.js';

/** How a value of an inferred column is written; `json` holds anything as JSON text. */
export type ColumnKind = 'string' | 'boolean' | 'int' | 'double' | 'json' | 'input';

export type OutputSchema = { schema: SchemaElement[]; kinds: Record<string, ColumnKind> };

const STRING = (name: string): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });

/**
 * A Parquet input's schema for the output: the same columns and types, with the string leaves that
 * hold scanned texts made optional (a blocked text is null) and the verdict columns added (or
 * replaced, when the input already has them). INT96 timestamps become INT64 milliseconds.
 */
export function schemaFromInput(input: readonly SchemaElement[], fields: readonly TextField[], added: readonly string[]): OutputSchema {
  // Per scanned column, the names of the leaves that hold its texts: the path's last key, and `text`
  // (the text of content parts); after a trailing [*], every string leaf of the column.
  const scanned = new Map<string, Set<string> | 'all'>();
  for (const field of fields) {
    const top = 'key' in field.steps[0]! ? field.steps[0].key : '';
    const last = field.steps.at(-1)!;
    const names = 'key' in last ? new Set([last.key, 'text']) : 'all';
    const known = scanned.get(top);
    scanned.set(top, known === 'all' || names === 'all' ? 'all' : new Set([...(known ?? []), ...names]));
  }
  const kinds: Record<string, ColumnKind> = {};
  const columns: SchemaElement[][] = [];
  let index = 1;
  const subtree = (at: number): SchemaElement[] => {
    const out = [{ ...input[at]! }];
    let next = at + 1;
    for (let child = 0; child < (input[at]!.num_children ?? 0); child++) {
      const part = subtree(next);
      out.push(...part);
      next += part.length;
    }
    return out;
  };
  for (let column = 0; column < (input[0]?.num_children ?? 0); column++) {
    const elements = subtree(index);
    index += elements.length;
    const name = elements[0]!.name;
    if (added.includes(name)) continue;
    const leaves = scanned.get(name);
    if (leaves !== undefined) {
      for (const element of elements) {
        const holdsText = leaves === 'all' || leaves.has(element.name) || element === elements[0];
        if (holdsText && element.type === 'BYTE_ARRAY' && element.repetition_type === 'REQUIRED') element.repetition_type = 'OPTIONAL';
      }
    }
    for (const [index, element] of elements.entries()) {
      // INT96 (old Spark and Impala timestamps) cannot be written; they are read as dates, so write them as dates.
      if (element.type === 'INT96') elements[index] = { name: element.name, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', ...(element.repetition_type ? { repetition_type: element.repetition_type } : {}) };
    }
    kinds[name] = 'input';
    columns.push(elements);
  }
  for (const name of added) {
    kinds[name] = 'string';
    columns.push([STRING(name)]);
  }
  return { schema: [{ name: input[0]?.name ?? 'schema', num_children: columns.length }, ...columns.flat()], kinds };
}

/** `--text-only`: one string column per field, a list of strings for a `[*]` field. */
export function textOnlySchema(fields: readonly TextField[]): OutputSchema {
  const kinds: Record<string, ColumnKind> = {};
  const elements: SchemaElement[] = [];
  for (const field of fields) {
    if (field.wildcard) {
      kinds[field.path] = 'input';
      elements.push(
        { name: field.path, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      );
    } else {
      kinds[field.path] = 'string';
      elements.push(STRING(field.path));
    }
  }
  return { schema: [{ name: 'schema', num_children: fields.length }, ...elements], kinds };
}

/**
 * Column types for records that bring none (JSONL, CSV), from the first row group's values: all
 * strings → string, all booleans → boolean, all integers → INT64, all numbers → DOUBLE, anything
 * else (objects, arrays, a mix) → JSON text. Every column is optional. Columns in order of first
 * appearance; `known` (a CSV header) fixes the order and makes them strings.
 */
export function inferSchema(rows: readonly Record<string, unknown>[], known?: readonly string[]): OutputSchema {
  const order: string[] = [...(known ?? [])];
  const seen = new Map<string, Set<string>>();
  for (const name of order) seen.set(name, new Set());
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      let types = seen.get(name);
      if (types === undefined) {
        types = new Set();
        seen.set(name, types);
        order.push(name);
      }
      if (value !== null && value !== undefined) types.add(typeOf(value));
    }
  }
  const kinds: Record<string, ColumnKind> = {};
  const elements: SchemaElement[] = order.map((name) => {
    const types = seen.get(name)!;
    const only = types.size === 1 ? [...types][0] : types.size === 2 && types.has('int') && types.has('double') ? 'double' : types.size === 0 ? 'string' : 'json';
    const kind = (only === 'object' ? 'json' : only) as ColumnKind;
    kinds[name] = kind;
    if (kind === 'string') return STRING(name);
    if (kind === 'boolean') return { name, type: 'BOOLEAN', repetition_type: 'OPTIONAL' };
    if (kind === 'int') return { name, type: 'INT64', repetition_type: 'OPTIONAL' };
    if (kind === 'double') return { name, type: 'DOUBLE', repetition_type: 'OPTIONAL' };
    return { name, type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type: 'OPTIONAL' };
  });
  return { schema: [{ name: 'schema', num_children: elements.length }, ...elements], kinds };
}

function typeOf(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'int' : 'double';
  if (typeof value === 'bigint') return 'int';
  return 'object';
}

/**
 * A record's value for its column, or why the column cannot hold it. Types are fixed by the first row
 * group, so a later value of another type is refused (the record goes to the rejects file whole).
 */
export function columnValue(kind: ColumnKind, value: unknown, name: string): { value: unknown } | { error: string } {
  if (value === undefined || value === null) return { value: null };
  switch (kind) {
    case 'input':
      return { value };
    case 'json':
      // The writer turns a BigInt into a float here; most 64-bit ids beyond 2^53 would come out changed.
      if (typeof value === 'bigint' && BigInt(Number(value)) !== value) return { error: `field "${name}" is ${value}, which the Parquet column (JSON text, typed by the first rows) would write back changed; write JSONL or CSV to keep it` };
      return { value };
    case 'string':
      return typeof value === 'string' ? { value } : mismatch(name, value, 'strings');
    case 'boolean':
      return typeof value === 'boolean' ? { value } : mismatch(name, value, 'booleans');
    case 'int':
      if (typeof value === 'bigint') return { value };
      return typeof value === 'number' && Number.isSafeInteger(value) ? { value: BigInt(value) } : mismatch(name, value, 'integers');
    case 'double':
      return typeof value === 'number' ? { value } : mismatch(name, value, 'numbers');
  }
}

const mismatch = (name: string, value: unknown, expected: string) => ({
  error: `field "${name}" is ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}; the Parquet column (typed by the first rows) holds ${expected}`,
});
