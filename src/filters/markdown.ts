import { z } from 'zod';
import { parseOptions } from '../config.js';
import type { Finding, Stage, StageResult } from '../pipeline/types.js';
import { judgeUrl } from './exfiltration-url.js';
import { findUrlTargets } from './markdown-targets.js';
import { applyEdits, type TextEdit } from './text-edits.js';

export const MARKDOWN_IMAGE_POLICIES = ['external', 'data-carrying'] as const;
export const MARKDOWN_ACTIONS = ['neutralise', 'block'] as const;

/** What replaces a neutralised URL: an inert URL that says what happened (never fetched, never followed). */
export const REMOVED_URL = 'about:invalid#url-removed';

// A host name, or `*.` and a host name for its subdomains.
const HOST = /^(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;

export const markdownOptionsSchema = z.strictObject({
  /** Hosts images and links may point to with data: `example.com`, or `*.example.com` for its subdomains. Defaults to `[]`. */
  allowedHosts: z.array(z.string().regex(HOST, 'Expected a lower-case host name such as "example.com" or "*.example.com"')).optional(),
  /**
   * Which images to other hosts are neutralised: `external` (all, since a renderer fetches them on its
   * own and even the choice of image can leak data) or `data-carrying` (only those whose URL carries
   * data, like links). Defaults to `'external'`.
   */
  images: z.enum(MARKDOWN_IMAGE_POLICIES).optional(),
  /** `neutralise` forwards the text with the URLs replaced; `block` refuses it. Defaults to `'neutralise'`. */
  action: z.enum(MARKDOWN_ACTIONS).optional(),
  /**
   * Work budget for raw HTML inside the markdown, counted like the html filter's: past it the text is
   * blocked (`markdown_too_complex`) rather than parsed for seconds. Defaults to `5000`.
   */
  maxMarkupNodes: z.number().int().positive().optional(),
});
export type MarkdownOptions = z.input<typeof markdownOptionsSchema>;

// Only these can start an image, a link with a destination, a definition, an autolink or raw HTML.
const CANDIDATE = /!\[|\]\(|\]:|<[a-zA-Z]/;

/**
 * Neutralises markdown that can carry data out of a chat when the model's answer is rendered: images
 * (inline, reference-style and HTML) to hosts outside `allowedHosts`, and links whose URL carries data
 * (a query string, or a long or encoded path segment) to such hosts. The markdown stays as text; only
 * the URL is replaced by `about:invalid#url-removed`. Ordinary links pass byte-identical.
 */
export function markdown(options: MarkdownOptions = {}): Stage {
  const parsed = parseOptions(markdownOptionsSchema, options, 'markdown stage');
  const allowedHosts = parsed.allowedHosts ?? [];
  const allImages = (parsed.images ?? 'external') === 'external';
  const block = parsed.action === 'block';
  const maxMarkupNodes = parsed.maxMarkupNodes ?? 5000;

  return {
    name: 'markdown',
    kind: 'filter',
    fingerprint: JSON.stringify(parsed),
    run(segment): StageResult {
      if (!CANDIDATE.test(segment.text)) return { action: 'pass', findings: [] };
      const counts = { images: 0, links: 0, dangerous: 0 };
      const edits: TextEdit[] = [];
      const neutralised = new Set<number>();
      const targets = findUrlTargets(segment.text, maxMarkupNodes);
      if ('refused' in targets) {
        return {
          action: 'block',
          findings: [{ code: 'markdown_too_complex', message: `The text holds more raw HTML than the markdown filter's budget of ${maxMarkupNodes} markup nodes.` }],
        };
      }
      for (const target of targets) {
        const judged = judgeUrl(target.url, allowedHosts);
        let reason: keyof typeof counts | undefined;
        if (judged.dangerous) reason = 'dangerous';
        else if (target.kind === 'image' && judged.external && (allImages || judged.carriesData)) reason = 'images';
        else if (target.kind === 'link' && judged.external && judged.carriesData) reason = 'links';
        // One span (an srcset) can hold several URLs; it is rewritten and counted once.
        if (!reason || neutralised.has(target.start)) continue;
        neutralised.add(target.start);
        counts[reason]++;
        edits.push({ start: target.start, end: target.end, replacement: target.write(REMOVED_URL) });
      }
      if (edits.length === 0) return { action: 'pass', findings: [] };
      const findings = describe(counts);
      if (block) return { action: 'block', findings, detail: counts };
      return { action: 'modify', text: applyEdits(segment.text, edits), findings, detail: counts };
    },
  };
}

function describe(counts: { images: number; links: number; dangerous: number }): Finding[] {
  const findings: Finding[] = [];
  if (counts.images > 0) {
    findings.push({ code: 'markdown_image_exfiltration', message: `Neutralised ${counts.images} image URL(s) to hosts outside allowedHosts.` });
  }
  if (counts.links > 0) {
    findings.push({ code: 'markdown_link_exfiltration', message: `Neutralised ${counts.links} link URL(s) that carry data to hosts outside allowedHosts.` });
  }
  if (counts.dangerous > 0) {
    findings.push({ code: 'markdown_dangerous_url', message: `Neutralised ${counts.dangerous} javascript:, vbscript: or data: URL(s).` });
  }
  return findings;
}
