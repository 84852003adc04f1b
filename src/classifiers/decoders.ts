import { decodeHTML } from 'entities';

/**
 * Bounded decoders for payloads that hide an instruction from plain matching: base64, hex, URL
 * encoding, HTML entities, rot13 and leetspeak. Each finds its own kind of run in a text, decodes at
 * most `maxRun` characters of it, and keeps the result only when it is mostly printable text; decoding
 * goes at most `maxDepth` layers deep (base64 of rot13) and yields at most `maxChars` characters in all,
 * so a hostile input can never make the detector do unbounded work.
 * Hand-written because no maintained package finds and decodes encoded runs inside free text.
 */
export const DECODER_NAMES = ['base64', 'hex', 'url', 'html', 'rot13', 'leetspeak'] as const;
export type DecoderName = (typeof DECODER_NAMES)[number];

export type Decoded = { text: string; chain: DecoderName[] };

export type DecodeLimits = {
  decoders: readonly DecoderName[];
  maxDepth: number;
  maxRun: number;
  maxChars: number;
};

export const DEFAULT_DECODE_LIMITS: DecodeLimits = { decoders: DECODER_NAMES, maxDepth: 2, maxRun: 4096, maxChars: 16_384 };

// Runs are found with bounded, unambiguous character-class repetitions: linear time on any input.
export const DECODER_PATTERNS = {
  base64: /[A-Za-z0-9+/_-]{16,4096}={0,2}/g,
  hexPlain: /(?:[0-9A-Fa-f]{2}){8,2048}/g,
  hexEscaped: /(?:\\x[0-9A-Fa-f]{2}){8,2048}/g,
  hexSpaced: /[0-9A-Fa-f]{2}(?:[ :][0-9A-Fa-f]{2}){7,2047}/g,
  percent: /%[0-9A-Fa-f]{2}/g,
  percentRun: /(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~!*'()+,;=:@/?-]){3,4096}/g,
  entity: /&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g,
  token: /\S{1,64}/g,
  leetInside: /[A-Za-z][0134578@$!|+][A-Za-z0-9@$!|+]|[0134578@$!|+][A-Za-z]/,
  /**
   * rot13 has no syntax of its own; it is only tried when the text holds the rot13 form of a word that
   * instructions are made of (ignore, instructions, previous, system, prompt, disregard, forget, rules,
   * jailbreak, password), which keeps the second scan off ordinary text.
   */
  rot13Anchor: /\b(?:vtaber|vafgehpgvbaf?|cerivbhf|flfgrz|cebzcg|qvfertneq|sbetrg|ehyrf|wnvyoernx|cnffjbeq)\b/gi,
} as const;

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l', '+': 't' };
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Every decoding of `text` (not `text` itself), breadth first, within the limits. */
export function decodeAll(text: string, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): Decoded[] {
  const out: Decoded[] = [];
  let budget = limits.maxChars;
  let layer: Decoded[] = [{ text, chain: [] }];
  for (let depth = 0; depth < limits.maxDepth && layer.length > 0 && budget > 0; depth++) {
    const next: Decoded[] = [];
    for (const source of layer) {
      for (const name of limits.decoders) {
        // Decoding the same way twice in a row only undoes itself (rot13) or finds nothing new.
        if (source.chain.at(-1) === name) continue;
        for (const decoded of decodeWith(name, source.text, limits.maxRun)) {
          if (budget <= 0) break;
          const kept = decoded.length > budget ? decoded.slice(0, budget) : decoded;
          budget -= kept.length;
          next.push({ text: kept, chain: [...source.chain, name] });
        }
      }
    }
    out.push(...next);
    layer = next;
  }
  return out;
}

function decodeWith(name: DecoderName, text: string, maxRun: number): string[] {
  switch (name) {
    case 'base64':
      return runs(text, DECODER_PATTERNS.base64, maxRun).flatMap((run) => printable(base64Bytes(run)));
    case 'hex':
      return [DECODER_PATTERNS.hexPlain, DECODER_PATTERNS.hexEscaped, DECODER_PATTERNS.hexSpaced].flatMap((pattern) =>
        runs(text, pattern, maxRun).flatMap((run) => printable(Buffer.from(run.replace(/\\x|[ :]/g, ''), 'hex'))),
      );
    case 'url':
      return countOf(text, DECODER_PATTERNS.percent) >= 3 ? oneIfChanged(text, replaceRuns(text, DECODER_PATTERNS.percentRun, percentDecode)) : [];
    case 'html':
      return countOf(text, DECODER_PATTERNS.entity) >= 3 ? oneIfChanged(text, decodeHTML(text.slice(0, maxRun * 4))) : [];
    case 'rot13':
      return rot13Windows(text, maxRun);
    case 'leetspeak':
      return DECODER_PATTERNS.leetInside.test(text) ? oneIfChanged(text, replaceRuns(text, DECODER_PATTERNS.token, unleet)) : [];
  }
}

function runs(text: string, pattern: RegExp, maxRun: number): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(pattern)) {
    found.push(match[0].slice(0, maxRun));
    if (found.length >= 16) break;
  }
  return found;
}

function base64Bytes(run: string): Buffer {
  return Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** The bytes as text, when they are valid UTF-8 and at least 90% letters, digits, punctuation or spaces. */
function printable(bytes: Buffer): string[] {
  if (bytes.length < 6) return [];
  let decoded: string;
  try {
    decoded = utf8.decode(bytes);
  } catch {
    return [];
  }
  let good = 0;
  for (const char of decoded) if (/[\p{L}\p{N}\p{P}\p{S}\s]/u.test(char)) good++;
  return good >= 0.9 * [...decoded].length ? [decoded] : [];
}

function percentDecode(run: string): string {
  try {
    return decodeURIComponent(run.replace(/\+/g, ' '));
  } catch {
    return run;
  }
}

function unleet(token: string): string {
  if (!/[A-Za-z]/.test(token) || !DECODER_PATTERNS.leetInside.test(token)) return token;
  let out = '';
  for (const char of token) out += LEET[char] ?? char;
  return out;
}

/** rot13 of the text around (at most four) anchor words, so a long text costs no more than a short one. */
function rot13Windows(text: string, maxRun: number): string[] {
  const windows: string[] = [];
  let covered = 0;
  for (const match of text.matchAll(DECODER_PATTERNS.rot13Anchor)) {
    if (match.index < covered) continue;
    const start = Math.max(covered, match.index - maxRun / 2);
    covered = Math.min(text.length, match.index + maxRun / 2);
    windows.push(rot13(text.slice(start, covered)));
    if (windows.length >= 4) break;
  }
  return windows.length > 0 ? [windows.join(' … ')] : [];
}

function rot13(text: string): string {
  return text.replace(/[A-Za-z]/g, (char) => {
    const base = char <= 'Z' ? 65 : 97;
    return String.fromCharCode(((char.charCodeAt(0) - base + 13) % 26) + base);
  });
}

function replaceRuns(text: string, pattern: RegExp, decode: (run: string) => string): string {
  return text.replace(pattern, decode);
}

function countOf(text: string, pattern: RegExp): number {
  let count = 0;
  for (const _ of text.matchAll(pattern)) if (++count >= 3) break;
  return count;
}

function oneIfChanged(text: string, decoded: string): string[] {
  return decoded === text ? [] : [decoded];
}
