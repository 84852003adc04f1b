import { z } from 'zod';
import { parseOptions } from '../config.js';
import type { Finding, Stage, StageResult } from '../pipeline/types.js';
import { CHAT_TEMPLATE_FAMILIES, CHAT_TEMPLATES, FAKE_ROLE_HEADER_PATTERNS, GENERIC_TOKEN_PATTERN } from './chat-templates.js';

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
export function buildTokenPattern(families: readonly string[], generic: boolean): { pattern: RegExp; familyOf: Map<string, string> } {
  const chosen = new Set(families);
  const familyOf = new Map<string, string>();
  for (const template of CHAT_TEMPLATES) {
    if (!chosen.has(template.family)) continue;
    for (const token of template.tokens) if (!familyOf.has(token)) familyOf.set(token, template.family);
  }
  // Longest first, so that `<|end|>` never takes the start of `<|endoftext|>`'s place.
  const literals = [...familyOf.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  if (generic) literals.push(GENERIC_TOKEN_PATTERN.source);
  return { pattern: new RegExp(literals.join('|'), 'g'), familyOf };
}

/**
 * Escapes chat-template control tokens and fake role headers in user text, so that a tokenizer can no
 * longer read them as turn boundaries: `<|im_start|>` becomes `<\|im_start|>` (a `\` after the first
 * character: visible, plain ASCII, kept by every later filter, and never matched again, so running it
 * twice changes nothing more). Reports `chat_template_token` and `fake_role_header`.
 */
export function specialTokens(options: SpecialTokensOptions = {}): Stage {
  const parsed = parseOptions(specialTokensOptionsSchema, options, 'special-tokens stage');
  const { pattern: tokenPattern, familyOf } = buildTokenPattern(parsed.families ?? CHAT_TEMPLATE_FAMILIES, parsed.genericTokens ?? true);
  const headerPatterns = (parsed.roleHeaders ?? true) ? FAKE_ROLE_HEADER_PATTERNS.map((p) => new RegExp(p.source, p.flags)) : [];
  const block = parsed.action === 'block';

  return {
    name: 'special-tokens',
    kind: 'encode',
    fingerprint: JSON.stringify(parsed),
    run(segment): StageResult {
      const findings: Finding[] = [];
      const seenFamilies = new Set<string>();
      let firstToken: [number, number] | undefined;
      let tokens = 0;
      let text = segment.text.replace(tokenPattern, (token: string, offset: number) => {
        tokens++;
        firstToken ??= [offset, offset + token.length];
        seenFamilies.add(familyOf.get(token) ?? 'generic');
        return `${token[0]}\\${token.slice(1)}`;
      });
      if (tokens > 0) {
        const named = [...seenFamilies].sort().join(', ');
        const finding: Finding = { code: 'chat_template_token', message: `${tokens} chat-template control token(s) (${named}) were escaped.` };
        // Spans refer to the text the stage received; only valid before this stage's own rewrite.
        if (firstToken) finding.span = firstToken;
        findings.push(finding);
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
