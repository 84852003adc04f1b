import { z } from 'zod';
import { parseOptions } from '../config.js';
import type { Finding, Segment, Stage, StageResult } from '../pipeline/types.js';
import { sharedWindow } from './dom-window.js';
import { createHtmlJudge, emptyRemovals, locateHtmlRemovals, type HtmlJudge, type HtmlRemovals } from './html-locate.js';
import { MAX_DEPTH, type ParseRefusal } from './html-parse.js';
import { HTML_MODES } from './html-modes.js';
import { createPurifier, DANGEROUS_TAGS } from './html-purifier.js';
import { applyEdits } from './text-edits.js';

export { HTML_MODES } from './html-modes.js';
export const HTML_ACTIONS = ['remove', 'block'] as const;

const tagName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'Expected a lower-case tag name');

export const htmlOptionsSchema = z
  .strictObject({
    /**
     * `remove-dangerous` cuts what runs code or hides text and leaves all else as written; `strip-all`
     * reduces markup to its text; `allow-list` keeps the tags in `allowedTags`. Defaults to `'remove-dangerous'`.
     */
    mode: z.enum(HTML_MODES).optional(),
    /** Tags kept in `allow-list` mode (never a dangerous one such as `script`). Defaults to `[]`. */
    allowedTags: z
      .array(tagName.refine((tag) => !(DANGEROUS_TAGS as readonly string[]).includes(tag), 'This tag is always removed and cannot be allowed'))
      .optional(),
    /** `remove` forwards the cleaned text; `block` refuses text that had anything to remove. Defaults to `'remove'`. */
    action: z.enum(HTML_ACTIONS).optional(),
    /**
     * The work one pass over a text may cost, in markup nodes: each element, attribute and comment the
     * HTML parser creates (and each tag it drops) counts 1; what needs jsdom counts more: 20 per distinct
     * tag name, 40 plus 1 per 4 characters per distinct inline style naming a hiding property, 15 per
     * node or attribute inside `<svg>`, `<math>` or `<form>`. Past it the text is blocked with
     * `html_too_complex`. Defaults to `5000`.
     */
    maxMarkupNodes: z.number().int().min(100).max(1_000_000).optional(),
  })
  .refine((options) => options.allowedTags === undefined || options.mode === 'allow-list', {
    message: '`allowedTags` only applies to `mode: "allow-list"`',
    path: ['allowedTags'],
  });
export type HtmlOptions = z.input<typeof htmlOptionsSchema>;

// Only `<` followed by a letter, `/`, `!` or `?` opens a tag, comment or doctype; `a < b` never does.
const MARKUP = /<[a-zA-Z!/?]/;
// Each pass can expose new markup only by joining two cut halves; real text settles in one or two.
const MAX_PASSES = 8;
const DEFAULT_MAX_MARKUP_NODES = 5000;
const EVERYDAY_TAGS = 'a abbr b blockquote br code div em h1 h2 h3 h4 h5 h6 hr i img li ol p pre s small span strong sub sup table tbody td th thead tr u ul'.split(' ');

/**
 * Removes dangerous and hidden HTML (scripts, styles, frames, comments, hidden elements, event
 * handlers, `javascript:`/`data:` URLs) by cutting exactly those spans from the text, so that every
 * other character reaches the model as written. DOMPurify on the one shared jsdom window decides; see
 * `locateHtmlRemovals` for how its decisions become cuts. Text without markup never reaches parse5.
 *
 * Once jsdom is loaded the work is synchronous (one microtask), so the pipeline's timeout cannot stop
 * it: its cost is bounded instead, per pass, by `maxMarkupNodes` (with MAX_DEPTH and MAX_PASSES), and
 * past that bound the text is blocked rather than forwarded half-checked.
 */
export function html(options: HtmlOptions = {}): Stage {
  const parsed = parseOptions(htmlOptionsSchema, options, 'html stage');
  const mode = parsed.mode ?? 'remove-dangerous';
  const allowed = new Set(parsed.allowedTags ?? []);
  const block = parsed.action === 'block';
  const maxNodes = parsed.maxMarkupNodes ?? DEFAULT_MAX_MARKUP_NODES;
  let ready: Promise<HtmlJudge> | undefined;

  const init = () => {
    ready ??= sharedWindow().then((window) => {
      const judge = createHtmlJudge(createPurifier(window, mode, [...allowed]), window.document, { mode, allowed, maxNodes });
      // DOMPurify's verdicts on everyday tag names, so that the first request does not wait for them.
      judge.tags.prepare(EVERYDAY_TAGS);
      return judge;
    });
    return ready;
  };

  function clean(segment: Readonly<Segment>, judge: HtmlJudge): StageResult {
    const totals = emptyRemovals();
    let text = segment.text;
    for (let pass = 0; MARKUP.test(text); pass++) {
      if (pass === MAX_PASSES) {
        return {
          action: 'block',
          findings: [{ code: 'html_recursive_markup', message: `Removing markup kept exposing new markup after ${MAX_PASSES} passes.` }],
        };
      }
      const located = locateHtmlRemovals(text, judge);
      if ('refused' in located) return refusal(located.refused, maxNodes);
      const { edits, removals } = located;
      if (edits.length === 0) break;
      const next = applyEdits(text, edits);
      addRemovals(totals, removals);
      if (next === text) break;
      text = next;
    }
    if (text === segment.text) return { action: 'pass', findings: [] };
    const findings = describe(totals);
    const detail = { mode, removed: totals };
    if (block) return { action: 'block', findings, detail };
    // The view keeps what was removed: a hidden instruction is still what detectors should read.
    return { action: 'modify', text, view: segment.view, findings, detail };
  }

  return {
    name: 'html',
    kind: 'filter',
    fingerprint: JSON.stringify(parsed),
    async init() {
      await init();
    },
    run(segment) {
      if (!MARKUP.test(segment.text)) return { action: 'pass', findings: [] };
      return init().then((judge) => clean(segment, judge));
    },
  };
}

/**
 * Markup that would cost more than the budget is blocked, not forwarded (fail closed, like the other
 * html blocks). The alternative, `strip-all` of that text, is no cheaper: to strip safely it still has
 * to find comments, hidden elements and script content, the very work refused here, and a cheap strip
 * (cut whatever looks like a tag) would forward hidden instructions as plain text. Prompts and pasted
 * snippets stay far below the default; an app that forwards whole web pages raises `maxMarkupNodes`.
 */
function refusal(reason: ParseRefusal, maxNodes: number): StageResult {
  if (reason === 'too-deep') {
    return { action: 'block', findings: [{ code: 'html_too_deeply_nested', message: `Markup nests deeper than ${MAX_DEPTH} elements.` }] };
  }
  return {
    action: 'block',
    findings: [{ code: 'html_too_complex', message: `Markup needs more than the budget of ${maxNodes} markup nodes to check.` }],
  };
}

function addRemovals(into: HtmlRemovals, from: HtmlRemovals): void {
  for (const [tag, count] of Object.entries(from.elements)) into.elements[tag] = (into.elements[tag] ?? 0) + count;
  into.tags += from.tags;
  into.comments += from.comments;
  into.hidden += from.hidden;
  into.attributes += from.attributes;
  into.dangerousUrls += from.dangerousUrls;
}

function describe(removed: HtmlRemovals): Finding[] {
  const findings: Finding[] = [];
  const elements = Object.entries(removed.elements).sort(([a], [b]) => a.localeCompare(b));
  if (elements.length > 0) {
    // Only names from the fixed dangerous list (or "other") appear: never a name taken from the input.
    const list = elements.map(([tag, count]) => `${count} <${tag}>`).join(', ');
    findings.push({ code: 'html_element_removed', message: `Removed ${list} element(s) with their content.` });
  }
  if (removed.comments > 0) findings.push({ code: 'html_comment_removed', message: `Removed ${removed.comments} HTML comment(s).` });
  if (removed.hidden > 0) findings.push({ code: 'html_hidden_content_removed', message: `Removed ${removed.hidden} hidden element(s) with their content.` });
  if (removed.attributes > 0) findings.push({ code: 'html_attribute_removed', message: `Removed ${removed.attributes} event-handler or unsafe attribute(s).` });
  if (removed.dangerousUrls > 0) findings.push({ code: 'html_dangerous_url_removed', message: `Removed ${removed.dangerousUrls} javascript:, vbscript: or data: URL attribute(s).` });
  if (removed.tags > 0) findings.push({ code: 'html_tag_removed', message: `Removed ${removed.tags} tag(s), keeping their text.` });
  return findings;
}
