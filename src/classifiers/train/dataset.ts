import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { SieveError } from '../../errors.js';

export const LABELS = ['benign', 'injection'] as const;
export type Label = (typeof LABELS)[number];

/** One labelled training row. `file` is the JSONL file it came from (its basename), for per-source reports. */
export type Example = { text: string; label: Label; category?: string; source?: string; file: string };

const rowSchema = z.object({
  text: z.string(),
  label: z.enum(LABELS),
  category: z.string().optional(),
  source: z.string().optional(),
});

/**
 * Reads labelled JSONL (`{"text", "label": "injection"|"benign", "category"?, "source"?}` per line).
 * A bad line fails with its file and line number, never with its text (rows are untrusted prompts).
 */
export function readJsonl(path: string, what = 'training data'): Example[] {
  let content: string;
  try {
    // A byte order mark (Windows editors) is not JSON: line 1 would be refused as invalid.
    content = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (cause) {
    throw new SieveError('ERR_SIEVE_INPUT', `Cannot read ${what} ${path}`, { cause });
  }
  const file = basename(path);
  const rows: Example[] = [];
  content.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new SieveError('ERR_SIEVE_INPUT', `${path}:${index + 1}: not valid JSON`);
    }
    const row = rowSchema.safeParse(parsed);
    if (!row.success) {
      const fields = row.error.issues.map((issue) => issue.path.join('.') || '(row)').join(', ');
      throw new SieveError('ERR_SIEVE_INPUT', `${path}:${index + 1}: invalid field(s) ${fields}; expected text and label (injection|benign)`);
    }
    rows.push({ ...row.data, file });
  });
  return rows;
}

export const readAll = (paths: readonly string[]): Example[] => paths.flatMap((path) => readJsonl(path));
