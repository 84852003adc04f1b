import isAsciiModule from 'validator/lib/isAscii.js';
import { z } from 'zod';
import { parseOptions } from '../config.js';
import type { Finding, Stage, StageResult } from '../pipeline/types.js';

/** What a rule does with the characters it matches; `off` skips the rule. */
export const CHARACTER_ACTIONS = ['strip', 'block', 'flag', 'off'] as const;
export const DISALLOWED_ACTIONS = ['strip', 'block', 'flag'] as const;
type CharacterAction = (typeof CHARACTER_ACTIONS)[number];

// A name is checked against a safe shape before it is put in a pattern, then compiled once to see
// whether the regex engine knows it (script and category names are case-sensitive).
const propertyName = (property: 'Script_Extensions' | 'General_Category', what: string, examples: string) =>
  z
    .string()
    .regex(/^[A-Za-z][A-Za-z_]{0,40}$/, `expected a Unicode ${what} name such as ${examples}`)
    .refine((name) => compiles(`\\p{${property}=${name}}`), { message: `unknown Unicode ${what} (names are case-sensitive, e.g. ${examples})` });

export const charactersOptionsSchema = z.strictObject({
  /**
   * C0 and C1 control characters and DEL, except tab, line feed and carriage return: `strip` removes
   * them, `block` blocks the segment, `flag` only reports them. Defaults to `'strip'`.
   */
  controlCharacters: z.enum(CHARACTER_ACTIONS).optional(),
  /**
   * Unpaired UTF-16 surrogates (text that is not valid Unicode): `strip` replaces each with U+FFFD,
   * `block` blocks the segment, `flag` only reports them. Defaults to `'strip'`.
   */
  invalidUtf16: z.enum(CHARACTER_ACTIONS).optional(),
  /**
   * Only characters of these scripts (Script_Extensions names or codes: `Latin`, `Cyrillic`, `Han`,
   * `Arab`…) are allowed; `Common` and `Inherited` (digits, punctuation, spaces, combining marks) always
   * are. Defaults to any script.
   */
  allowedScripts: z.array(propertyName('Script_Extensions', 'script', '"Latin", "Cyrillic", "Han"')).min(1).optional(),
  /** Characters of these general categories (`Co`, `So`, `Private_Use`, `L`…) are not allowed. Defaults to none. */
  disallowedCategories: z.array(propertyName('General_Category', 'general category', '"Co", "So", "Private_Use"')).min(1).optional(),
  /** Only ASCII characters are allowed. Defaults to `false`. */
  asciiOnly: z.boolean().optional(),
  /**
   * What characters refused by `allowedScripts`, `disallowedCategories` or `asciiOnly` get: `block`,
   * `strip` (removed) or `flag` (reported only). Defaults to `'block'`.
   */
  disallowedCharacters: z.enum(DISALLOWED_ACTIONS).optional(),
});
export type CharactersOptions = z.input<typeof charactersOptionsSchema>;

/** Findings listed per rule; the stage's `detail.counts` always has the totals. */
const MAX_FINDINGS_PER_RULE = 20;

const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]+/g;
const HAS_CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/;
// Without the `u` flag a pattern sees UTF-16 units, so an unpaired surrogate is one unit with no partner.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NON_ASCII = /[^\x00-\x7F]+/g;
/**
 * A control character or any surrogate: the one scan that the default rules need. Text without either
 * (most text, every ASCII text) is well-formed and has no control characters, so it passes at once.
 */
const CONTROL_OR_SURROGATE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF]/;

// validator ships CommonJS with `exports.default`; under NodeNext the default import is typed as the module.
const isAscii = isAsciiModule.default;

// Node 20 has these (ES2024); the project's `lib` is ES2023, so they are typed here.
type WellFormedString = { isWellFormed(): boolean; toWellFormed(): string };
const isWellFormed = (text: string) => (text as unknown as WellFormedString).isWellFormed();
const toWellFormed = (text: string) => (text as unknown as WellFormedString).toWellFormed();

type Rule = {
  code: string;
  action: Exclude<CharacterAction, 'off'>;
  find(text: string): Run[];
  describe(run: Run, text: string): string;
};
type Run = [start: number, end: number];

/**
 * Character rules: control characters, invalid UTF-16, and optional script / category / ASCII limits.
 * Zero-width and other format characters (Cf) are the Unicode filter's job, not this stage's.
 */
export function charactersValidator(options: CharactersOptions = {}): Stage {
  const parsed = parseOptions(charactersOptionsSchema, options, 'characters stage');
  const control = parsed.controlCharacters ?? 'strip';
  const invalidUtf16 = parsed.invalidUtf16 ?? 'strip';
  const disallowed = parsed.disallowedCharacters ?? 'block';
  const rules = buildRules(control, parsed.allowedScripts, parsed.disallowedCategories, parsed.asciiOnly ?? false, disallowed);
  // Fast path when only the control-character and UTF-16 rules are on (the default): one scan decides.
  const defaultRulesOnly = rules.every((rule) => rule.code === 'control_characters');

  return {
    name: 'characters',
    kind: 'validate',
    fingerprint: JSON.stringify(parsed),
    run(segment): StageResult {
      const received = segment.text;
      if (defaultRulesOnly && !CONTROL_OR_SURROGATE.test(received)) return { action: 'pass', findings: [] };
      const found = createCollector();
      let base = received;

      if (invalidUtf16 !== 'off' && !isWellFormed(received)) {
        const runs = mergeAdjacent(runsOf(LONE_SURROGATE, received));
        const replaced = invalidUtf16 === 'strip' ? ', replaced with U+FFFD' : '';
        found.add('invalid_utf16', invalidUtf16, runs, received, (run) => `${plural(run[1] - run[0], 'unpaired surrogate')}${replaced}.`);
        // Replacing unit for unit keeps every later offset valid for the received text.
        if (invalidUtf16 === 'strip') base = toWellFormed(received);
      }

      const removals: Run[] = [];
      for (const rule of rules) {
        const runs = rule.find(base);
        if (runs.length === 0) continue;
        found.add(rule.code, rule.action, runs, base, (run) => rule.describe(run, base));
        if (rule.action === 'strip') removals.push(...runs);
      }

      const { findings, counts, blocks } = found;
      if (findings.length === 0) return { action: 'pass', findings };
      const detail = { counts };
      if (blocks) return { action: 'block', findings, detail };
      const text = removals.length > 0 ? remove(base, removals) : base;
      return text === received ? { action: 'flag', findings, detail } : { action: 'modify', text, findings, detail };
    },
  };
}

/** Gathers one rule's runs as findings (at most MAX_FINDINGS_PER_RULE listed) and its totals. */
function createCollector() {
  const findings: Finding[] = [];
  const counts: Record<string, { characters: number; runs: number }> = {};
  let blocks = false;
  return {
    findings,
    counts,
    get blocks() {
      return blocks;
    },
    add(code: string, action: Exclude<CharacterAction, 'off'>, runs: Run[], text: string, describe: (run: Run) => string) {
      let characters = 0;
      for (const [start, end] of runs) characters += codePoints(text.slice(start, end));
      counts[code] = { characters, runs: runs.length };
      blocks ||= action === 'block';
      const suffix = action === 'strip' && code !== 'invalid_utf16' ? ' Removed.' : '';
      for (const run of runs.slice(0, MAX_FINDINGS_PER_RULE)) findings.push({ code, message: `${describe(run)}${suffix}`, span: run });
    },
  };
}

function buildRules(
  control: CharacterAction,
  allowedScripts: readonly string[] | undefined,
  disallowedCategories: readonly string[] | undefined,
  asciiOnly: boolean,
  disallowed: Exclude<CharacterAction, 'off'>,
): Rule[] {
  const rules: Rule[] = [];
  if (control !== 'off') {
    rules.push({
      code: 'control_characters',
      action: control,
      find: (text) => (HAS_CONTROL.test(text) ? runsOf(CONTROL, text) : []),
      describe: (run, text) => `${plural(run[1] - run[0], 'control character')} (${codePointNames(text.slice(run[0], run[1]))}).`,
    });
  }
  if (allowedScripts) {
    const scripts = [...new Set(['Common', 'Inherited', ...allowedScripts])];
    const outside = new RegExp(`[^${scripts.map((name) => `\\p{Script_Extensions=${name}}`).join('')}]+`, 'gu');
    const listed = scripts.join(', ');
    rules.push({
      code: 'disallowed_script',
      action: disallowed,
      find: (text) => runsOf(outside, text),
      describe: (run, text) => `${plural(codePoints(text.slice(run[0], run[1])), 'character')} outside the allowed scripts (${listed}).`,
    });
  }
  if (disallowedCategories) {
    const categories = [...new Set(disallowedCategories)].map((name) => ({ name, test: new RegExp(`\\p{General_Category=${name}}`, 'u') }));
    const inside = new RegExp(`[${categories.map(({ name }) => `\\p{General_Category=${name}}`).join('')}]+`, 'gu');
    rules.push({
      code: 'disallowed_category',
      action: disallowed,
      find: (text) => runsOf(inside, text),
      describe: (run, text) => {
        const chars = text.slice(run[0], run[1]);
        const which = categories.filter(({ test }) => test.test(chars)).map(({ name }) => name);
        return `${plural(codePoints(chars), 'character')} of disallowed categories (${which.join(', ')}).`;
      },
    });
  }
  if (asciiOnly) {
    rules.push({
      code: 'non_ascii',
      action: disallowed,
      // validator's isAscii is false for '' as well; an empty text has nothing to report.
      find: (text) => (text === '' || isAscii(text) ? [] : runsOf(NON_ASCII, text)),
      describe: (run, text) => `${plural(codePoints(text.slice(run[0], run[1])), 'non-ASCII character')}.`,
    });
  }
  return rules;
}

function runsOf(pattern: RegExp, text: string): Run[] {
  const runs: Run[] = [];
  for (const match of text.matchAll(pattern)) runs.push([match.index, match.index + match[0].length]);
  return runs;
}

function mergeAdjacent(runs: Run[]): Run[] {
  const merged: Run[] = [];
  for (const run of runs) {
    const last = merged.at(-1);
    if (last && last[1] === run[0]) last[1] = run[1];
    else merged.push([run[0], run[1]]);
  }
  return merged;
}

/** The text without the given ranges (which may overlap, in any order). */
function remove(text: string, ranges: Run[]): string {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let out = '';
  let from = 0;
  for (const [start, end] of sorted) {
    if (start > from) out += text.slice(from, start);
    from = Math.max(from, end);
  }
  return out + text.slice(from);
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** `U+001B, U+0000`: the distinct code points of a run of control characters, which are not content. */
function codePointNames(run: string): string {
  const distinct = [...new Set(run)].slice(0, 4);
  const names = distinct.map((char) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  return new Set(run).size > 4 ? `${names.join(', ')}, …` : names.join(', ');
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
