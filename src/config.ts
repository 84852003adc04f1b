import { z } from 'zod';
import { SieveError } from './errors.js';

/**
 * Parses options with a zod schema and fails at construction, never on a request (STYLE.md 4):
 * the error names every bad option by its path, and suggests the nearest known key for typos.
 */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, owner: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => describeIssue(issue, schema));
  throw new SieveError('ERR_SIEVE_CONFIG', `Invalid ${owner} options:\n${lines.join('\n')}`);
}

function describeIssue(issue: z.core.$ZodIssue, root: z.ZodType): string {
  const at = issue.path.length > 0 ? formatPath(issue.path) : '(root)';
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `  ✖ ${formatPath([...issue.path, key])}: ${unknownOptionMessage(root, issue.path, key)}`).join('\n');
  }
  return `  ✖ ${at}: ${issue.message}`;
}

/** "unknown option", with the nearest key the schema accepts at `path` when one is close. */
export function unknownOptionMessage(root: z.ZodType, path: readonly PropertyKey[], key: string): string {
  const suggestion = nearest(key, knownKeys(root, path));
  return `unknown option${suggestion ? `. Did you mean \`${suggestion}\`?` : ''}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
}

/** The keys an object schema accepts at `path`, for "did you mean" hints; empty when unknown. */
function knownKeys(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: unknown = root;
  for (const part of path) {
    node = unwrap(node);
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, unknown>)[String(part)];
    else if (node instanceof z.ZodArray) node = node.element;
    else return [];
  }
  node = unwrap(node);
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(node: unknown): unknown {
  let current = node;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) {
    current = current.unwrap();
  }
  return current;
}

function nearest(key: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
