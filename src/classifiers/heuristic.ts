import { z } from 'zod';
import { parseOptions } from '../config.js';
import { SEGMENT_ROLES, type Finding, type Stage, type StageResult } from '../pipeline/types.js';
import { unstyledView } from '../filters/unicode/styled-letters.js';
import { DECODER_NAMES, decodeAll, DEFAULT_DECODE_LIMITS, type DecodeLimits } from './decoders.js';
import { compileRequirement, createPrefilter, satisfied, type CompiledRequirement, type LiteralScanner } from './signature-prefilter.js';
import { SIGNATURES, type Signature } from './signatures.js';

const SIGNATURE_IDS = SIGNATURES.map((signature) => signature.id) as [string, ...string[]];
const threshold = z.number().min(0).max(1);

export const heuristicOptionsSchema = z
  .strictObject({
    /** Risk at or above which a user segment is blocked. Defaults to `0.7`. */
    blockAt: threshold.optional(),
    /** Risk at or above which a user segment is flagged (reported, still allowed). Defaults to `0.5`. */
    flagAt: threshold.optional(),
    /** Risk at or above which a data segment (see `dataRoles`) is blocked. Defaults to `0.6`. */
    dataBlockAt: threshold.optional(),
    /** Risk at or above which a data segment is flagged. Defaults to `0.35`. */
    dataFlagAt: threshold.optional(),
    /** Roles whose text is data, judged by the stricter thresholds and the `indirect` signatures. Defaults to `['tool', 'document']`. */
    dataRoles: z.array(z.enum(SEGMENT_ROLES)).optional(),
    /** Decoders tried on hidden payloads; `[]` scans the view only. Defaults to all: `base64, base32, hex, url, html, rot13, leetspeak, reversed, upside-down, char-codes, morse`. */
    decoders: z.array(z.enum(DECODER_NAMES)).optional(),
    /** Most decoding layers (base64 of rot13 is 2, triple URL encoding 3). Defaults to `3`. */
    maxDecodeDepth: z.number().int().min(1).max(4).optional(),
    /** Most characters decoded per segment, over all payloads. Defaults to `16384`. */
    maxDecodedChars: z.number().int().positive().max(1_048_576).optional(),
    /** Signature ids to turn off (see `SIGNATURES`). Defaults to `[]`. */
    disable: z.array(z.enum(SIGNATURE_IDS)).optional(),
  })
  .superRefine((options, ctx) => {
    const pairs = [
      ['flagAt', 'blockAt', options.flagAt ?? 0.5, options.blockAt ?? 0.7],
      ['dataFlagAt', 'dataBlockAt', options.dataFlagAt ?? 0.35, options.dataBlockAt ?? 0.6],
    ] as const;
    for (const [flagKey, blockKey, flag, block] of pairs) {
      if (flag > block) ctx.addIssue({ code: 'custom', path: [flagKey], message: `must not be above ${blockKey} (${block})` });
    }
  });
export type HeuristicOptions = z.input<typeof heuristicOptionsSchema>;

type Hit = { signature: Signature; chain: string[] };
/** Lists of at most this many signatures run without the literal prefilter. */
const PREFILTER_FROM = 4;
/** A signature and the literals its pattern needs (see signature-prefilter.ts). */
type Entry = { signature: Signature; requirement: CompiledRequirement };

/**
 * The literals each signature's pattern needs, and one scanner for all of them (signature-prefilter.ts):
 * a pattern whose literals are absent from a text cannot match it and is not run, which skips most of
 * them on ordinary text. Built once per process, on the first heuristic stage.
 */
let prefilter: { scanner: LiteralScanner; requirements: Map<Signature, CompiledRequirement> } | undefined;
function sharedPrefilter() {
  if (!prefilter) {
    const { scanner, requirements } = createPrefilter(SIGNATURES.map((signature) => signature.pattern));
    prefilter = { scanner, requirements: new Map(SIGNATURES.map((signature, index) => [signature, compileRequirement(requirements[index]!)])) };
  }
  return prefilter;
}

// `\s\s|[^\S ]` (a run, or a whitespace other than a space), written so that most positions fail on their first character.
const UNCOLLAPSED = /[^\S ]| \s/;
/**
 * What `\s+` → ` ` changes: a run of two or more, or one whitespace other than a space. Replacing only
 * those gives the same text with a few matches instead of one per word gap.
 */
const WHITESPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;
/** Signatures are written for single spaces (see signatures.ts); decoded payloads may hold any whitespace. */
const collapseWhitespace = (text: string) => (UNCOLLAPSED.test(text) ? text.replace(WHITESPACE_TO_COLLAPSE, ' ') : text);

/** Records in `hits` each signature of `list` (not yet hit) that matches `raw`, with the decode chain that led there. */
function scanInto(hits: Map<string, Hit>, list: readonly Entry[], scanner: LiteralScanner, raw: string, chain: string[]): void {
  const text = collapseWhitespace(raw);
  // Fast path: only the signatures whose literals all occur in the text can match it. The literal
  // scan costs about two signatures' worth, so a short list (the case-sensitive pass) runs without it.
  const present = list.length > PREFILTER_FROM ? scanner.scan(text) : undefined;
  for (const { signature, requirement } of list) {
    if (hits.has(signature.id) || (present && !satisfied(requirement, present))) continue;
    if (signature.pattern.test(text)) hits.set(signature.id, { signature, chain });
  }
}

/**
 * Scores known injection phrasings (src/classifiers/signatures.ts) into a 0..1 risk, reading the
 * detection view and what hidden payloads in it decode to. Cheap and explainable; the model stage
 * after it catches what no signature names.
 */
export function heuristic(options: HeuristicOptions = {}): Stage {
  const parsed = parseOptions(heuristicOptionsSchema, options, 'heuristic stage');
  const disabled = new Set(parsed.disable ?? []);
  const { scanner, requirements } = sharedPrefilter();
  const active: Entry[] = SIGNATURES.filter((signature) => !disabled.has(signature.id)).map((signature) => ({
    signature,
    requirement: requirements.get(signature)!,
  }));
  // Per role, chosen once: the signatures that apply, and those of them that read case (the raw text's pass).
  const forData = active;
  const forUser = active.filter(({ signature }) => signature.scope !== 'data');
  const caseSensitiveOf = (entries: Entry[]) => entries.filter(({ signature }) => !signature.pattern.flags.includes('i'));
  const caseSensitiveForData = caseSensitiveOf(forData);
  const caseSensitiveForUser = caseSensitiveOf(forUser);
  const dataRoles = new Set(parsed.dataRoles ?? ['tool', 'document']);
  const userThresholds = { flag: parsed.flagAt ?? 0.5, block: parsed.blockAt ?? 0.7 };
  const dataThresholds = { flag: parsed.dataFlagAt ?? 0.35, block: parsed.dataBlockAt ?? 0.6 };
  const limits: DecodeLimits = {
    decoders: parsed.decoders ?? DECODER_NAMES,
    maxDepth: parsed.maxDecodeDepth ?? DEFAULT_DECODE_LIMITS.maxDepth,
    maxRun: 4096,
    maxChars: parsed.maxDecodedChars ?? 16_384,
  };

  return {
    name: 'heuristic',
    kind: 'classify',
    fingerprint: JSON.stringify(parsed),
    run(segment): StageResult {
      const isData = dataRoles.has(segment.role);
      const signatures = isData ? forData : forUser;
      const caseSensitive = isData ? caseSensitiveForData : caseSensitiveForUser;
      const hits = new Map<string, Hit>();
      scanInto(hits, signatures, scanner, segment.view, []);
      // The view is folded (lower case, confusable skeletons), which destroys base64 and the case that
      // some signatures need; so the forwarded text is read too, for those signatures and for decoding.
      const folded = segment.view !== segment.text;
      if (folded) scanInto(hits, caseSensitive, scanner, segment.text, []);
      // Styling and markup that split or disguise a phrase (Zalgo, small capitals, `<b>Ign</b>ore`): read
      // the text once more with them taken off. A view with markup that the text lacks means the html stage
      // cut something out of a word (`Ign<!-- x -->ore`), so the text's own reading is what a model sees.
      const unstyled = unstyledView(segment.text, segment.view.includes('<'));
      if (unstyled !== undefined && unstyled !== segment.view) scanInto(hits, signatures, scanner, unstyled, []);
      const seen = new Set<string>();
      for (const source of folded ? [segment.text, segment.view] : [segment.view]) {
        for (const decoded of decodeAll(source, limits)) {
          if (seen.has(decoded.text)) continue;
          seen.add(decoded.text);
          scanInto(hits, signatures, scanner, decoded.text, decoded.chain);
        }
      }

      // Noisy-OR: independent pieces of evidence, each alone as likely as its weight.
      let clean = 1;
      for (const { signature } of hits.values()) clean *= 1 - signature.weight;
      const risk = Math.round((1 - clean) * 1000) / 1000;
      const { flag, block } = isData ? dataThresholds : userThresholds;
      const action = risk >= block ? 'block' : risk >= flag ? 'flag' : 'pass';
      if (action === 'pass') return { action, risk, findings: [] };

      const findings: Finding[] = [...hits.values()].map(({ signature, chain }) => ({
        code: `heuristic_${signature.category}`,
        message: `${signature.description} [${signature.id}]${chain.length > 0 ? `, found after decoding ${chain.join(' → ')}` : ''}.`,
      }));
      return { action, risk, findings, detail: { signatures: [...hits.keys()], data: isData } };
    },
  };
}
