/**
 * A prefilter for the heuristic's signatures: one pass over a text tells which signatures cannot
 * match it, so that only the others run their regular expression. On ordinary prose most of the ~45
 * patterns are skipped, and the scan costs about as much as one of them.
 *
 * For each pattern, the literal strings that every match must contain are read from its source
 * (`requirementOf`): a sequence needs all of its parts, an alternation one of its branches, an optional
 * part nothing. A signature runs when its requirement holds for the set of literals present in the
 * text, which an Aho–Corasick automaton finds in one pass (`createLiteralScanner`). The analysis is
 * conservative: whatever it does not understand (a class, a lookaround, a non-ASCII character, a
 * pattern flag it does not know) requires nothing, so a signature is skipped only when its pattern
 * provably cannot match. Literals match ASCII case-insensitively, which covers both the `i` patterns
 * (whose ASCII letters match only ASCII letters) and the case-sensitive ones.
 *
 * Hand-written because no maintained npm package extracts required literals from a JavaScript pattern
 * or scans for a few hundred literals at once without allocating per call.
 */
import { codeUnits } from '../code-units.js';

/** What a match requires: `true` (nothing known), a literal id, or all / one of several requirements. */
export type Requirement = true | number | { all: Requirement[] } | { any: Requirement[] };

/**
 * Single characters are in every text: they require nothing. Two-letter literals (`ai`, `do`) are common
 * too, but they let a pattern like "ai/bot, then do/say" skip the texts that have neither (on the stage
 * bench's inputs a third fewer patterns run than with three-letter literals, for about the same scan).
 */
const MIN_LITERAL = 2;
/** A prefix of a required literal is required too; longer ones only make the automaton bigger. */
const MAX_LITERAL = 12;

class Unsupported extends Error {}

/**
 * The requirement of `pattern`, with its literals (lower-case ASCII) appended to `literals` and
 * referred to by index. Returns `true` for a pattern it cannot analyse.
 */
export function requirementOf(pattern: RegExp, literals: string[]): Requirement {
  // `u`/`v` change what escapes and classes mean; such a pattern is never skipped.
  if (/[uv]/.test(pattern.flags)) return true;
  const ids = new Map(literals.map((literal, index) => [literal, index]));
  const intern = (literal: string): Requirement => {
    const cut = literal.slice(0, MAX_LITERAL);
    if (cut.length < MIN_LITERAL) return true;
    let id = ids.get(cut);
    if (id === undefined) {
      id = literals.push(cut) - 1;
      ids.set(cut, id);
    }
    return id;
  };
  try {
    const parser = new PatternParser(pattern.source, intern);
    const requirement = parser.alternation();
    if (!parser.done()) throw new Unsupported('unbalanced parenthesis');
    return requirement;
  } catch (error) {
    if (error instanceof Unsupported) return true;
    throw error;
  }
}

const all = (parts: Requirement[]): Requirement => {
  const needed = parts.filter((part) => part !== true);
  return needed.length === 0 ? true : needed.length === 1 ? needed[0]! : { all: needed };
};
const any = (branches: Requirement[]): Requirement =>
  branches.some((branch) => branch === true) ? true : branches.length === 1 ? branches[0]! : { any: branches };

const QUANTIFIER = /^(?:[?*+]|\{(\d+)(?:,(\d*))?\})\??/;

/** A recursive-descent reader of the pattern syntax the signatures use; anything else is Unsupported. */
class PatternParser {
  private at = 0;
  constructor(
    private readonly source: string,
    private readonly intern: (literal: string) => Requirement,
  ) {}

  done(): boolean {
    return this.at === this.source.length;
  }

  alternation(): Requirement {
    const branches = [this.sequence()];
    while (this.source[this.at] === '|') {
      this.at++;
      branches.push(this.sequence());
    }
    return any(branches);
  }

  /** A sequence needs every part; adjacent literal characters form one literal. */
  private sequence(): Requirement {
    const parts: Requirement[] = [];
    let literal = '';
    const flush = () => {
      if (literal !== '') parts.push(this.intern(literal));
      literal = '';
    };
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      const atom = this.atom();
      const min = this.quantifierMin();
      if (atom.kind === 'char' && min === undefined) {
        // Printable ASCII only: a non-ASCII character may match under case folding what the scanner cannot see.
        if (atom.char >= ' ' && atom.char <= '~') literal += atom.char.toLowerCase();
        else flush();
        continue;
      }
      flush();
      if (atom.kind === 'group' && min !== 0) parts.push(atom.requirement);
      // A quantified character, a class, an assertion or an optional group: nothing required from it.
    }
    flush();
    return all(parts);
  }

  /** The minimum count of a quantifier after an atom (consumed), or undefined when there is none. */
  private quantifierMin(): number | undefined {
    const match = QUANTIFIER.exec(this.source.slice(this.at, this.at + 24));
    if (!match) return undefined;
    this.at += match[0].length;
    const symbol = match[0][0];
    if (symbol === '+') return 1;
    if (symbol === '?' || symbol === '*') return 0;
    return Number(match[1]);
  }

  private atom(): { kind: 'char'; char: string } | { kind: 'group'; requirement: Requirement } | { kind: 'other' } {
    const char = this.source[this.at]!;
    this.at++;
    switch (char) {
      case '\\':
        return this.escape();
      case '[':
        this.skipClass();
        return { kind: 'other' };
      case '.':
      case '^':
      case '$':
        return { kind: 'other' };
      case '(':
        return this.group();
      case '*':
      case '+':
      case '?':
      case ')':
        throw new Unsupported(`unexpected ${char}`);
      default:
        return { kind: 'char', char };
    }
  }

  private escape(): { kind: 'char'; char: string } | { kind: 'other' } {
    const char = this.source[this.at];
    this.at++;
    if (char === undefined) throw new Unsupported('trailing backslash');
    if ('bBsSdDwW'.includes(char)) return { kind: 'other' };
    if ('nrtfv0'.includes(char)) return { kind: 'other' };
    // Escaped punctuation stands for itself; letters and digits (\x, \u, \p, \1, \k…) are not read here.
    if (/[A-Za-z0-9]/.test(char)) throw new Unsupported(`escape \\${char}`);
    return { kind: 'char', char };
  }

  private skipClass(): void {
    while (this.at < this.source.length) {
      const char = this.source[this.at]!;
      this.at += char === '\\' ? 2 : 1;
      if (char === ']') return;
    }
    throw new Unsupported('unterminated class');
  }

  private group(): { kind: 'group'; requirement: Requirement } | { kind: 'other' } {
    let lookaround = false;
    if (this.source[this.at] === '?') {
      const rest = this.source.slice(this.at, this.at + 3);
      if (rest.startsWith('?:')) this.at += 2;
      else if (rest.startsWith('?=') || rest.startsWith('?!')) [this.at, lookaround] = [this.at + 2, true];
      else if (rest === '?<=' || rest === '?<!') [this.at, lookaround] = [this.at + 3, true];
      else throw new Unsupported('named group');
    }
    const requirement = this.alternation();
    if (this.source[this.at] !== ')') throw new Unsupported('unterminated group');
    this.at++;
    // A lookaround consumes nothing, and a negative one requires the opposite: count neither.
    return lookaround ? { kind: 'other' } : { kind: 'group', requirement };
  }
}

/**
 * A requirement in one shape for evaluation against the literals found in a text (`present[id]` is 1):
 * all (`every`) or one of its literal ids and parts; `true` is `{every: true}` with nothing in it.
 */
export type CompiledRequirement = { every: boolean; ids: Int32Array; parts: CompiledRequirement[] };

export function compileRequirement(requirement: Requirement): CompiledRequirement {
  if (requirement === true) return { every: true, ids: new Int32Array(0), parts: [] };
  if (typeof requirement === 'number') return { every: true, ids: Int32Array.of(requirement), parts: [] };
  const every = 'all' in requirement;
  const children = every ? requirement.all : requirement.any;
  const ids = children.filter((child): child is number => typeof child === 'number');
  const parts = children.filter((child) => typeof child !== 'number').map(compileRequirement);
  return { every, ids: Int32Array.from(ids), parts };
}

/** Whether a compiled requirement holds: one function for every node, so that the calls stay monomorphic. */
export function satisfied(requirement: CompiledRequirement, present: Uint8Array): boolean {
  const { ids, parts } = requirement;
  if (requirement.every) {
    for (let k = 0; k < ids.length; k++) if (present[ids[k]!] !== 1) return false;
    for (let k = 0; k < parts.length; k++) if (!satisfied(parts[k]!, present)) return false;
    return true;
  }
  for (let k = 0; k < ids.length; k++) if (present[ids[k]!] === 1) return true;
  for (let k = 0; k < parts.length; k++) if (satisfied(parts[k]!, present)) return true;
  return false;
}

export type LiteralScanner = {
  /** Which literals occur in `text` (ASCII case-insensitively): `present[id]` is 1. The array is reused by the next call. */
  scan(text: string): Uint8Array;
};

/**
 * An Aho–Corasick automaton over lower-case printable-ASCII literals, as a dense transition table on
 * a compact alphabet: one table step per UTF-16 unit of the text, no allocation per call. Upper-case
 * letters share the lower-case columns; every character that occurs in no literal (all non-ASCII)
 * returns to the root.
 */
export function createLiteralScanner(literals: readonly string[]): LiteralScanner {
  const columnOf = new Uint8Array(128);
  let width = 1;
  for (const literal of literals) {
    for (const char of literal) {
      const code = char.charCodeAt(0);
      if (code < 0x20 || code > 0x7e || (code >= 0x41 && code <= 0x5a)) throw new TypeError('literals must be lower-case printable ASCII');
      if (columnOf[code] === 0) columnOf[code] = width++;
    }
  }
  for (let code = 0x41; code <= 0x5a; code++) columnOf[code] = columnOf[code + 32]!;

  // The trie, then failure links breadth first, folded into a complete transition table.
  const children: Map<number, number>[] = [new Map()];
  const ending: number[][] = [[]];
  literals.forEach((literal, id) => {
    let state = 0;
    for (const char of literal) {
      const column = columnOf[char.charCodeAt(0)]!;
      let next = children[state]!.get(column);
      if (next === undefined) {
        next = children.push(new Map()) - 1;
        ending.push([]);
        children[state]!.set(column, next);
      }
      state = next;
    }
    ending[state]!.push(id);
  });
  const states = children.length;
  const table = new Int32Array(states * width);
  const fail = new Int32Array(states);
  const output: number[][] = ending.map((ids) => [...ids]);
  const queue: number[] = [];
  for (const [column, child] of children[0]!) {
    table[column] = child;
    queue.push(child);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    output[state]!.push(...output[fail[state]!]!);
    for (let column = 1; column < width; column++) {
      const child = children[state]!.get(column);
      if (child === undefined) {
        table[state * width + column] = table[fail[state]! * width + column]!;
      } else {
        fail[child] = table[fail[state]! * width + column]!;
        table[state * width + column] = child;
        queue.push(child);
      }
    }
  }
  // Outputs as one flat list: outputs of state s are flat[start[s] .. start[s + 1]).
  const start = new Int32Array(states + 1);
  const flat: number[] = [];
  for (let state = 0; state < states; state++) {
    start[state] = flat.length;
    flat.push(...new Set(output[state]));
  }
  start[states] = flat.length;
  const outputs = Int32Array.from(flat);
  const present = new Uint8Array(literals.length);
  // Row offsets instead of state numbers, with the low bit set on states that end a literal: one table read per unit.
  const rows = new Int32Array(states * width);
  for (let k = 0; k < rows.length; k++) {
    const next = table[k]!;
    rows[k] = next * width * 2 + (start[next + 1]! > start[next]! ? 1 : 0);
  }

  return {
    scan(text: string): Uint8Array {
      present.fill(0);
      const units = codeUnits(text);
      let row = 0;
      for (let i = 0; i < text.length; i++) {
        const unit = units[i]!;
        row = rows[(row >> 1) + (unit < 128 ? columnOf[unit]! : 0)]!;
        if (row & 1) {
          const state = row / (width * 2) | 0;
          for (let k = start[state]!, end = start[state + 1]!; k < end; k++) present[outputs[k]!] = 1;
        }
      }
      return present;
    },
  };
}

/** Which of a list of patterns can match a text: a scanner over all their literals and each one's requirement. */
export function createPrefilter(patterns: readonly RegExp[]): { scanner: LiteralScanner; requirements: Requirement[] } {
  const literals: string[] = [];
  const requirements = patterns.map((pattern) => requirementOf(pattern, literals));
  return { scanner: createLiteralScanner(literals), requirements };
}
