/**
 * The small path language of the `fields` preset: `input`, `documents[*].text`, `a.b[0].c`.
 *
 * Hand-written on purpose: the JSONPath libraries either evaluate script expressions (jsonpath-plus
 * had remote-code-execution advisories) or pull in a full query language, when all we need is keys,
 * indexes and one wildcard. The parser walks characters once, so it is linear in the path's length.
 */

export type PathStep = { key: string } | { index: number } | { wildcard: true };

/** Parses a field path, or returns why it is not one. */
export function parseJsonPath(path: string): { steps: PathStep[] } | { error: string } {
  const steps: PathStep[] = [];
  let i = 0;
  let expectKey = true;
  while (i < path.length) {
    const char = path[i]!;
    if (char === '[') {
      const close = path.indexOf(']', i);
      if (close === -1) return { error: `unclosed "[" at character ${i}` };
      const inside = path.slice(i + 1, close);
      if (inside === '*') steps.push({ wildcard: true });
      else if (isIndex(inside)) steps.push({ index: Number(inside) });
      else return { error: `"[${inside}]" at character ${i} is neither an index nor [*]` };
      i = close + 1;
      expectKey = false;
      continue;
    }
    if (char === '.') {
      if (expectKey) return { error: `empty key at character ${i}` };
      i++;
      expectKey = true;
      if (i === path.length) return { error: 'the path ends with "."' };
      continue;
    }
    if (char === ']') return { error: `unexpected "]" at character ${i}` };
    if (!expectKey) return { error: `expected "." or "[" at character ${i}` };
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[' && path[end] !== ']') end++;
    const key = path.slice(i, end);
    // Other path languages spell the wildcard `.*`; as a key it would match nothing and scan nothing.
    if (key === '*') return { error: `"*" at character ${i} is not a wildcard here; write [*] (e.g. "documents[*].text")` };
    steps.push({ key });
    i = end;
    expectKey = false;
  }
  if (steps.length === 0) return { error: 'the path is empty' };
  return { steps };
}

const isIndex = (text: string): boolean => text.length > 0 && text.length <= 9 && [...text].every((c) => c >= '0' && c <= '9');

/** Appends one step to a printed path, in the same syntax the parser reads. */
export function appendPath(prefix: string, step: string | number): string {
  if (typeof step === 'number') return `${prefix}[${step}]`;
  return prefix === '' ? step : `${prefix}.${step}`;
}

/** A place in the body that holds a string: its printed path and how to replace it. */
export type StringSlot = { path: string; text: string; write(text: string): void };
export type PathIssue = { path: string; message: string };

/**
 * Finds every string a parsed path points at in `body`. A missing or null value is skipped (an
 * optional field); a value of the wrong type is an issue, so that text cannot hide from the scan
 * inside an object or a number-keyed container.
 */
export function walkJsonPath(body: unknown, steps: readonly PathStep[]): { slots: StringSlot[]; issues: PathIssue[] } {
  const slots: StringSlot[] = [];
  const issues: PathIssue[] = [];

  const visit = (container: Record<string | number, unknown>, key: string | number, at: string, depth: number): void => {
    const value = container[key];
    if (value === undefined || value === null) return;
    if (depth === steps.length) {
      if (typeof value === 'string') {
        // defineProperty, not assignment: an own `__proto__` key (JSON.parse makes those) would
        // otherwise call the prototype setter and keep the unsanitized text.
        slots.push({ path: at, text: value, write: (text) => { Object.defineProperty(container, key, { value: text, writable: true, enumerable: true, configurable: true }); } });
      } else {
        issues.push({ path: at, message: 'Expected a string' });
      }
      return;
    }
    descend(value, at, depth);
  };

  const descend = (value: unknown, at: string, depth: number): void => {
    const step = steps[depth]!;
    if ('wildcard' in step) {
      if (Array.isArray(value)) value.forEach((_, index) => visit(value as never, index, appendPath(at, index), depth + 1));
      else if (isPlainObject(value)) for (const key of Object.keys(value)) visit(value, key, appendPath(at, key), depth + 1);
      else issues.push({ path: at === '' ? '(root)' : at, message: 'Expected an array or an object' });
    } else if ('index' in step) {
      if (Array.isArray(value)) visit(value as never, step.index, appendPath(at, step.index), depth + 1);
      else issues.push({ path: at === '' ? '(root)' : at, message: 'Expected an array' });
    } else if (isPlainObject(value)) {
      // Own keys only: a path such as `__proto__.x` must never reach the prototype.
      if (Object.hasOwn(value, step.key)) visit(value, step.key, appendPath(at, step.key), depth + 1);
    } else {
      issues.push({ path: at === '' ? '(root)' : at, message: 'Expected an object' });
    }
  };

  descend(body, '', 0);
  return { slots, issues };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
