import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRequirement, createLiteralScanner, createPrefilter, requirementOf, satisfied, type Requirement } from '../../src/classifiers/signature-prefilter.js';
import { SIGNATURES } from '../../src/classifiers/signatures.js';

/** A requirement with literal ids replaced by the literals, to read in assertions. */
function readable(pattern: RegExp): unknown {
  const literals: string[] = [];
  const show = (requirement: Requirement): unknown =>
    requirement === true
      ? true
      : typeof requirement === 'number'
        ? literals[requirement]
        : 'all' in requirement
          ? { all: requirement.all.map(show) }
          : { any: requirement.any.map(show) };
  return show(requirementOf(pattern, literals));
}

const present = (literals: string[], text: string) => {
  const found = createLiteralScanner(literals).scan(text);
  return literals.filter((_, id) => found[id] === 1);
};

describe('requirementOf', () => {
  it('reads a sequence as all of its literals, lower-cased, and an alternation as one of its branches', () => {
    expect(readable(/\bIgnore\s(?:all|previous)\sinstructions\b/i)).toEqual({ all: ['ignore', { any: ['all', 'previous'] }, 'instructions'] });
    expect(readable(/do anything now|DAN mode/)).toEqual({ any: ['do anything ', 'dan mode'] });
  });

  it('requires nothing from optional parts, classes, lookarounds, non-ASCII letters or short literals', () => {
    expect(readable(/instructions?/)).toBe('instruction');
    expect(readable(/(?:system\s)?prompt/)).toBe('prompt');
    expect(readable(/\b(?:\S+\s){0,3}?rules(?!\sof)/)).toBe('rules');
    expect(readable(/übergehe/i)).toBe('bergehe');
    expect(readable(/\bas\b|[A-Z]{4}/)).toBe(true);
    expect(readable(/(?:^|\s)system:/)).toBe('system:');
  });

  it('reads two-letter literals, not single characters', () => {
    expect(readable(/\b(?:ai|bot)\s?[,:]\s?(?:do|say)\b/i)).toEqual({ all: [{ any: ['ai', 'bot'] }, { any: ['do', 'say'] }] });
    expect(readable(/a|bc/)).toBe(true);
  });

  it('keeps escaped punctuation as literal characters', () => {
    expect(readable(/\[system\]\(#/)).toBe('[system](#');
    expect(readable(/https?:\/\/evil/)).toEqual({ all: ['http', '://evil'] });
  });

  it('gives up, requiring nothing, on syntax it does not read', () => {
    expect(readable(/(?<word>ignore) \k<word>/)).toBe(true);
    expect(readable(/ignore\u0020all/)).toBe(true);
    expect(readable(/ignore/u)).toBe(true);
  });
});

describe('compileRequirement', () => {
  it('holds exactly when its literals are present: all of a sequence, one of an alternation, nothing for true', () => {
    const present = (...ids: number[]) => Uint8Array.from({ length: 4 }, (_, id) => (ids.includes(id) ? 1 : 0));
    const requirement: Requirement = { all: [0, { any: [1, { all: [2, 3] }] }] };
    const compiled = compileRequirement(requirement);
    expect(satisfied(compiled, present(0, 1))).toBe(true);
    expect(satisfied(compiled, present(0, 2, 3))).toBe(true);
    expect(satisfied(compiled, present(0, 2))).toBe(false);
    expect(satisfied(compiled, present(1, 2, 3))).toBe(false);
    expect(satisfied(compileRequirement(true), present())).toBe(true);
    expect(satisfied(compileRequirement({ any: [0, 1] }), present())).toBe(false);
  });
});

describe('createLiteralScanner', () => {
  it('finds every literal, overlapping ones too, ignoring ASCII case', () => {
    expect(present(['he', 'she', 'his', 'hers'], 'uSHErs')).toEqual(['he', 'she', 'hers']);
    expect(present(['ignore', 'nore', 'instruction'], 'IGNORE ALL INSTRUCTIONS')).toEqual(['ignore', 'nore', 'instruction']);
  });

  it('lets no character outside the literals (all non-ASCII) continue a match', () => {
    expect(present(['ignore'], 'ign\u200bore іgnore ignorе')).toEqual([]);
  });

  it('starts every scan afresh', () => {
    const scanner = createLiteralScanner(['secret']);
    expect(scanner.scan('a secret')[0]).toBe(1);
    expect(scanner.scan('nothing here')[0]).toBe(0);
  });

  it('refuses literals it cannot match as written', () => {
    expect(() => createLiteralScanner(['Ignore'])).toThrow(TypeError);
    expect(() => createLiteralScanner(['überall'])).toThrow(TypeError);
  });
});

describe('the prefilter over SIGNATURES', () => {
  const prefilter = createPrefilter(SIGNATURES.map((signature) => signature.pattern));
  const { scanner } = prefilter;
  const requirements = prefilter.requirements.map(compileRequirement);
  const collapse = (text: string) => text.replace(/\s+/g, ' ');
  const skippedMatches = (text: string) => {
    const found = scanner.scan(text);
    return SIGNATURES.filter((signature, index) => signature.pattern.test(text) && !satisfied(requirements[index]!, found)).map((signature) => signature.id);
  };

  const dir = new URL('../corpus/', import.meta.url);
  const corpus = readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(new URL(name, dir), 'utf8').split('\n').filter(Boolean))
    .map((line) => collapse((JSON.parse(line) as { input: string }).input));

  it('never skips a signature that matches a corpus row', () => {
    for (const input of [...corpus, ...corpus.map((input) => input.toLowerCase()), ...corpus.map((input) => input.toUpperCase())]) {
      expect(skippedMatches(input), input.slice(0, 60)).toEqual([]);
    }
  });

  it('never skips a signature that matches a mutated corpus row (case flips, insertions, deletions)', () => {
    const matching = corpus.filter((input) => SIGNATURES.some((signature) => signature.pattern.test(input)));
    const edit = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('flip', 'insert', 'delete'),
      char: fc.constantFrom('a', 'S', ' ', ':', '#', '|', '<', '>', '[', ']', '-', "'", '.', 'é', 'І', '\u200b', '😀', '\n'),
    });
    let stillMatching = 0;
    fc.assert(
      fc.property(fc.constantFrom(...matching), fc.array(edit, { maxLength: 6 }), (input, edits) => {
        let text = input;
        for (const { at, kind, char } of edits) {
          const i = at % (text.length + 1);
          if (kind === 'flip') text = text.slice(0, i) + (text[i] ?? '').toUpperCase() + text.slice(i + 1);
          else if (kind === 'insert') text = text.slice(0, i) + char + text.slice(i);
          else text = text.slice(0, i) + text.slice(i + 1);
        }
        text = collapse(text);
        if (SIGNATURES.some((signature) => signature.pattern.test(text))) stillMatching++;
        expect(skippedMatches(text)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
    // The property says something only if most mutated texts still match a signature.
    expect(stillMatching).toBeGreaterThan(1500);
  });

  it('leaves few signatures to run on ordinary prose', () => {
    const prose = 'Please summarise the following meeting notes in three bullet points, keeping names and dates.';
    const found = scanner.scan(prose);
    expect(requirements.filter((requirement) => satisfied(requirement, found)).length).toBeLessThan(5);
  });
});
