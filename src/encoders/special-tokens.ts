import { z } from 'zod';
import { parseOptions } from '../config.js';
import type { Finding, Stage, StageResult } from '../pipeline/types.js';
import { forEachMatch } from '../regex-matches.js';
import { CHAT_TEMPLATE_FAMILIES, CHAT_TEMPLATES, type ContextualToken, FAKE_ROLE_HEADER_PATTERNS, GENERIC_TOKEN_PATTERN } from './chat-templates.js';

export const SPECIAL_TOKEN_ACTIONS = ['escape', 'block'] as const;

export const specialTokensOptionsSchema = z.strictObject({
  /** Chat-template families whose control tokens are escaped (see `CHAT_TEMPLATES`). Defaults to all of them. */
  families: z.array(z.enum(CHAT_TEMPLATE_FAMILIES as [string, ...string[]])).min(1).optional(),
  /** Also escape unlisted `<|name|>` / `<｜name｜>` tokens (reserved and newer models' tokens). Defaults to `true`. */
  genericTokens: z.boolean().optional(),
  /** Also escape fake role headers such as `### System:` and `[system](#instructions)`. Defaults to `true`. */
  roleHeaders: z.boolean().optional(),
  /** `escape` neutralises and forwards the text; `block` refuses text that carries any. Defaults to `'escape'`. */
  action: z.enum(SPECIAL_TOKEN_ACTIONS).optional(),
});
export type SpecialTokensOptions = z.input<typeof specialTokensOptionsSchema>;

const escapeRegExp = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The one regular expression that finds the tokens of the chosen families (plus, optionally, unlisted
 * `<|name|>` tokens); exported so that the ReDoS test checks what the table builds.
 */
export function buildTokenPattern(
  families: readonly string[],
  generic: boolean,
): { pattern: RegExp; familyOf: Map<string, string>; contextual: Map<string, ContextualToken> } {
  const chosen = new Set(families);
  const familyOf = new Map<string, string>();
  const templates = CHAT_TEMPLATES.filter((template) => chosen.has(template.family));
  for (const template of templates) {
    for (const token of template.tokens) if (!familyOf.has(token)) familyOf.set(token, template.family);
  }
  // A string one chosen family lists as a token outright is always one, whatever another family says.
  const contextual = new Map<string, ContextualToken>();
  for (const template of templates) {
    for (const entry of template.contextual ?? []) {
      if (familyOf.has(entry.token)) continue;
      familyOf.set(entry.token, template.family);
      contextual.set(entry.token, entry);
    }
  }
  // Longest first, so that `<|end|>` never takes the start of `<|endoftext|>`'s place.
  const literals = [...familyOf.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  if (generic) literals.push(GENERIC_TOKEN_PATTERN.source);
  return { pattern: new RegExp(literals.join('|'), 'g'), familyOf, contextual };
}

type Found = { token: string; start: number; end: number };

const WHITESPACE_RUN = /\s*/y;

/** Whether only whitespace lies between `from` and `to`. */
function onlyWhitespace(text: string, from: number, to: number): boolean {
  WHITESPACE_RUN.lastIndex = from;
  WHITESPACE_RUN.test(text);
  return WHITESPACE_RUN.lastIndex >= to;
}

/**
 * The found tokens that count: all but the contextual ones that are neither in a run (tokens with only
 * whitespace between) holding one of their `onlyNear` tokens nor part of one of their `orWithin` sequences.
 */
function counted(text: string, found: readonly Found[], contextual: ReadonlyMap<string, ContextualToken>): Found[] {
  if (contextual.size === 0 || !found.some((one) => contextual.has(one.token))) return [...found];
  const kept: Found[] = [];
  let runStart = 0;
  for (let index = 1; index <= found.length; index++) {
    if (index < found.length && onlyWhitespace(text, found[index - 1]!.end, found[index]!.start)) continue;
    const run = found.slice(runStart, index);
    const inRun = new Set(run.map((one) => one.token));
    for (const one of run) {
      const rule = contextual.get(one.token);
      if (!rule || rule.onlyNear.some((near) => inRun.has(near)) || within(text, one, rule.orWithin ?? [])) kept.push(one);
    }
    runStart = index;
  }
  return kept;
}

/** Whether `one` is part of one of `sequences` as it stands in `text`. */
function within(text: string, one: Found, sequences: readonly string[]): boolean {
  for (const sequence of sequences) {
    for (let at = sequence.indexOf(one.token); at >= 0; at = sequence.indexOf(one.token, at + 1)) {
      if (one.start - at >= 0 && text.startsWith(sequence, one.start - at)) return true;
    }
  }
  return false;
}

/**
 * Escapes chat-template control tokens and fake role headers in user text, so that a tokenizer can no
 * longer read them as turn boundaries: `<|im_start|>` becomes `<\|im_start|>` (a `\` after the first
 * character: visible, plain ASCII, kept by every later filter, and never matched again, so running it
 * twice changes nothing more). Reports `chat_template_token` and `fake_role_header`.
 */
export function specialTokens(options: SpecialTokensOptions = {}): Stage {
  const parsed = parseOptions(specialTokensOptionsSchema, options, 'special-tokens stage');
  const { pattern: tokenPattern, familyOf, contextual } = buildTokenPattern(parsed.families ?? CHAT_TEMPLATE_FAMILIES, parsed.genericTokens ?? true);
  const headerPatterns = (parsed.roleHeaders ?? true) ? FAKE_ROLE_HEADER_PATTERNS.map((p) => new RegExp(p.source, p.flags)) : [];
  const block = parsed.action === 'block';

  return {
    name: 'special-tokens',
    kind: 'encode',
    fingerprint: JSON.stringify(parsed),
    run(segment): StageResult {
      const findings: Finding[] = [];
      const seenFamilies = new Set<string>();
      const found: Found[] = [];
      forEachMatch(tokenPattern, segment.text, (match) => {
        found.push({ token: match[0], start: match.index, end: match.index + match[0].length });
      });
      const escaped = counted(segment.text, found, contextual);
      const tokens = escaped.length;
      let text = segment.text;
      if (tokens > 0) {
        const parts: string[] = [];
        let last = 0;
        for (const { token, start, end } of escaped) {
          seenFamilies.add(familyOf.get(token) ?? 'generic');
          parts.push(text.slice(last, start), `${token[0]}\\${token.slice(1)}`);
          last = end;
        }
        parts.push(text.slice(last));
        text = parts.join('');
        const named = [...seenFamilies].sort().join(', ');
        // Spans refer to the text the stage received; only valid before this stage's own rewrite.
        const span: [number, number] = [escaped[0]!.start, escaped[0]!.end];
        findings.push({ code: 'chat_template_token', message: `${tokens} chat-template control token(s) (${named}) were escaped.`, span });
      }
      let headers = 0;
      for (const pattern of headerPatterns) {
        text = text.replace(pattern, (_match: string, before: string, header: string) => {
          headers++;
          return `${before}\\${header}`;
        });
      }
      if (headers > 0) findings.push({ code: 'fake_role_header', message: `${headers} fake role header(s) were escaped.` });

      if (findings.length === 0) return { action: 'pass', findings };
      const detail = { families: [...seenFamilies].sort(), tokens, headers };
      if (block) return { action: 'block', findings, detail };
      // The view keeps the original tokens: detectors should see what the attacker wrote.
      return { action: 'modify', text, view: segment.view, findings, detail };
    },
  };
}
