/**
 * Every regular expression in src/ runs in linear time on hostile input (CONTRIBUTING.md).
 * Patterns are collected two ways: regex literals and `RegExp("...")` calls with literal arguments,
 * found by parsing each source file with @babel/parser (TypeScript 7 exposes no compiler API); and
 * every RegExp reachable from a module's exports (data tables such as SIGNATURES, and what they build).
 * Each pattern then (1) goes through the `recheck` ReDoS checker (pure-JS backend, automaton checker
 * with a short time limit: `vulnerable` fails; a pattern too large to decide in time is reported and
 * must pass step 2), and (2) runs against 100 KB adversarial strings made from its own characters:
 * each match within a generous time budget, or, when a loaded machine makes it slower than that, in
 * time that grows linearly (the same input at a quarter of the size takes about a quarter of the time;
 * a quadratic pattern takes a sixteenth). New `RegExp(dynamic)` call sites must be listed below with
 * the export that makes their result checkable.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from '@babel/parser';
import { describe, expect, it } from 'vitest';
import { buildTokenPattern } from '../src/encoders/special-tokens.js';
import { CHAT_TEMPLATE_FAMILIES, FAKE_ROLE_HEADER_PATTERNS } from '../src/encoders/chat-templates.js';
import { SIGNATURES } from '../src/classifiers/signatures.js';

process.env.RECHECK_BACKEND = 'pure'; // never spawn the Java or native binary
const { checkSync } = createRequire(import.meta.url)('recheck') as {
  checkSync(source: string, flags: string, params?: Record<string, unknown>): { status: 'safe' | 'vulnerable' | 'unknown'; attack?: { pattern: string } };
};

const SRC = join(import.meta.dirname, '../src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });

/** `RegExp(<not a literal>)` sites and the export through which their result is checked. */
const DYNAMIC_SITES: Record<string, string> = {
  'encoders/special-tokens.ts': 'buildTokenPattern() (checked below) and clones of FAKE_ROLE_HEADER_PATTERNS (exported)',
  'validators/characters.ts': 'one character class or \\p{…} property built from enum names; compiles() only tests a pattern',
  'filters/unicode/code-points.ts': 'one character class of \\p{Script=…} properties from a fixed list',
  'filters/html-locate.ts': 'an alternation of fixed tag names (literals) after `<`',
  'filters/secret-detectors.ts': 'clones (source, flags) of patterns that are literals in src/ and so checked here',
  'classifiers/decoders.ts': 'alternations of fixed lower-case words (ANCHOR_WORDS) in DECODER_PATTERNS (exported)',
};

type Found = { where: string; source: string; flags: string };
const found = new Map<string, Found>();
const dynamicSites: string[] = [];
const remember = (where: string, source: string, flags: string) => {
  const key = `/${source}/${flags}`;
  if (!found.has(key)) found.set(key, { where, source, flags });
};

function walk(node: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) return node.forEach((child) => walk(child, visit));
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (typeof record.type === 'string') visit(record);
  for (const [key, value] of Object.entries(record)) if (key !== 'loc' && key !== 'extra') walk(value, visit);
}

for (const file of files(SRC)) {
  const rel = relative(SRC, file);
  const ast = parse(readFileSync(file, 'utf8'), { sourceType: 'module', plugins: ['typescript'], errorRecovery: true });
  walk(ast.program, (node) => {
    const line = (node.loc as { start: { line: number } } | undefined)?.start.line;
    if (node.type === 'RegExpLiteral') remember(`${rel}:${line}`, node.pattern as string, node.flags as string);
    const isRegExpCall = (node.type === 'NewExpression' || node.type === 'CallExpression') && (node.callee as { name?: string }).name === 'RegExp';
    if (!isRegExpCall) return;
    const [source, flags] = node.arguments as { type: string; value?: string }[];
    if (source?.type === 'StringLiteral' && (flags === undefined || flags.type === 'StringLiteral')) remember(`${rel}:${line}`, source.value!, flags?.value ?? '');
    else dynamicSites.push(`${rel}:${line}`);
  });
}

/** Every RegExp in a module's exports, a few levels into arrays and plain objects. */
function collectExported(value: unknown, where: string, depth = 0): void {
  if (value instanceof RegExp) return remember(where, value.source, value.flags);
  if (depth > 4 || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) return value.forEach((item, index) => collectExported(item, `${where}[${index}]`, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return;
  for (const [key, item] of Object.entries(value)) collectExported(item, `${where}.${key}`, depth + 1);
}

for (const file of files(SRC)) {
  // Entry points (the CLI's bin, worker threads' `*-worker.ts`) run on import; everything they hold
  // is reachable from the modules they import, and their literals are in the source scan above.
  if (readFileSync(file, 'utf8').startsWith('#!') || file.endsWith('-worker.ts')) continue;
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  for (const [name, value] of Object.entries(module)) collectExported(value, `${relative(SRC, file)}#${name}`);
}
const built = buildTokenPattern(CHAT_TEMPLATE_FAMILIES, true).pattern;
remember('encoders/special-tokens.ts#buildTokenPattern(all)', built.source, built.flags);

const patterns = [...found.values()];

/** Strings of `size` characters that make a backtracking matcher work hard: runs of each character the pattern names. */
function adversarialInputs(source: string, size: number): string[] {
  const chars = new Set<string>([' ', 'a', 'A', '0', '\n', '\t', '-', '.', ':', '<', '|', '\\', '%', '&', '#', '=']);
  for (const char of source.replace(/\\[dDwWsSbBnrtfv]/g, '')) if (char >= ' ' && char <= '~') chars.add(char);
  const words = source.match(/[a-z]{3,}/gi) ?? [];
  const inputs = [...chars].flatMap((char) => [char.repeat(size), `${char} `.repeat(size / 2) + '!']);
  for (const word of words.slice(0, 40)) inputs.push(`${word} `.repeat(Math.ceil(size / (word.length + 1))).slice(0, size) + '\u0000');
  inputs.push(`${words.slice(0, 20).join(' ')} `.repeat(200).slice(0, size));
  return inputs;
}

describe('every regular expression in src/', () => {
  it('finds the patterns of every module, including the data tables', () => {
    expect(patterns.length).toBeGreaterThan(50);
    const sources = new Set(patterns.map((found) => found.source));
    expect(sources.has(built.source)).toBe(true);
    expect(sources.has(FAKE_ROLE_HEADER_PATTERNS[0]!.source)).toBe(true);
    for (const signature of SIGNATURES) expect(sources.has(signature.pattern.source)).toBe(true);
  });

  it('has no dynamic RegExp(...) site that is not listed with the export that checks it', () => {
    const unlisted = dynamicSites.filter((site) => !Object.keys(DYNAMIC_SITES).some((file) => site.startsWith(`${file}:`)));
    expect(unlisted).toEqual([]);
  });

  it.each(patterns.map((found) => [found.where, found] as const))('%s is not vulnerable per recheck', (_where, { source, flags }) => {
    const result = checkSync(source, flags, { checker: 'automaton', timeout: 1000 });
    expect(result.status, result.attack ? `attack: ${result.attack.pattern.slice(0, 120)}` : '').not.toBe('vulnerable');
    if (result.status === 'unknown') console.warn(`recheck could not decide /${source.slice(0, 60)}…/ in time; covered by the adversarial run`);
  });

  it.each(patterns.map((found) => [found.where, found] as const))('%s runs in linear time on 100 KB adversarial input', (_where, { source, flags }) => {
    const pattern = new RegExp(source, flags.includes('g') ? flags : `${flags}g`);
    const msFor = (input: string): number => {
      const started = performance.now();
      pattern.lastIndex = 0;
      let matches = 0;
      for (const _match of input.matchAll(pattern)) if (++matches >= 1000) break; // many tiny matches measure allocation, not backtracking
      return performance.now() - started;
    };
    const fastest = (input: string): number => Math.min(msFor(input), msFor(input), msFor(input));
    const full = adversarialInputs(source, FULL_SIZE);
    const quarter = adversarialInputs(source, FULL_SIZE / 4);
    full.forEach((input, index) => {
      if (msFor(input) < BUDGET_MS) return;
      // Over budget: a busy machine, or a pattern that backtracks. Linear time grows 4× from a quarter of
      // the input, quadratic 16×; the fastest of three runs of each keeps a neighbour's load out of the ratio.
      const ms = fastest(input);
      const growth = ms / Math.max(fastest(quarter[index]!), 0.05);
      const what = `input of ${JSON.stringify(input.slice(0, 12))}…: ${ms.toFixed(0)} ms, ${growth.toFixed(1)}× the time of a quarter of it`;
      expect(ms, what).toBeLessThan(HARD_LIMIT_MS);
      expect(growth, what).toBeLessThan(8);
    });
  });
});

const FULL_SIZE = 100_000;
/** A linear pattern matches 100 KB in a few milliseconds; over this, the growth check decides. */
const BUDGET_MS = 200;
/** Never acceptable, however loaded the machine: a quadratic pattern on 100 KB takes seconds. */
const HARD_LIMIT_MS = 2000;
