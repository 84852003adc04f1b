import createDOMPurify, { type Config, type DOMPurify, type WindowLike } from 'dompurify';
import type { DOMWindow } from 'jsdom';
export { isDangerousUrl } from './dangerous-url.js';

import type { HtmlMode } from './html-modes.js';
export { HTML_MODES, type HtmlMode } from './html-modes.js';

/**
 * Elements removed with everything in them in every mode: they run code, load other documents or
 * styles, rewrite URLs, or hold content a reader never sees (`<template>`, `<noscript>`).
 */
export const DANGEROUS_TAGS = [
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'noembed',
  'noframes', 'template', 'base', 'link', 'meta', 'portal', 'xmp', 'plaintext', 'param',
] as const;
const DANGEROUS = new Set<string>(DANGEROUS_TAGS);

/**
 * Attributes whose value is a URL. In `remove-dangerous` mode DOMPurify's removal of these, of event
 * handlers, of clobbering `id`/`name` and of values that break out of markup is honoured; its removal
 * of a merely unknown attribute is not, so `<String foo="Note: x">` in a code question is not cut.
 * (A hook could force-keep those instead, but any DOMPurify hook makes it clone its allow-list for
 * every element, which was most of the cost.)
 */
export const URL_ATTRIBUTES = new Set([
  'href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'cite', 'longdesc',
  'lowsrc', 'dynsrc', 'data', 'codebase', 'ping', 'manifest', 'icon', 'usemap', 'classid', 'archive',
  'to', 'from', 'values', 'by', 'attributename',
]);

export const isDangerousTag = (tag: string): boolean => DANGEROUS.has(tag);

/**
 * One DOMPurify instance on the shared window, configured and hooked once (STYLE.md 9). It sanitises a
 * DocumentFragment in place: the HTML filter builds that fragment from a source-located parse and maps
 * `purify.removed` back to source spans. The root is the fragment, so every mode allows
 * `#document-fragment`.
 */
export function createPurifier(window: DOMWindow, mode: HtmlMode, allowedTags: readonly string[]): DOMPurify {
  const purify = createDOMPurify(window as unknown as WindowLike);
  const config: Config = {
    IN_PLACE: true,
    KEEP_CONTENT: true,
    FORBID_TAGS: [...DANGEROUS_TAGS, '#comment'],
    ADD_FORBID_CONTENTS: [...DANGEROUS_TAGS],
  };
  if (mode === 'remove-dangerous') {
    // Everything that is not dangerous stays: `List<String>` parses as a <string> element and must survive.
    config.ALLOWED_TAGS = ['#document-fragment', '#text'];
    config.ADD_TAGS = (tag: string) => !DANGEROUS.has(tag);
  } else if (mode === 'strip-all') {
    config.ALLOWED_TAGS = ['#document-fragment'];
  } else {
    config.ALLOWED_TAGS = ['#document-fragment', ...allowedTags];
  }
  purify.setConfig(config);
  return purify;
}

/** What DOMPurify does with an HTML element of a given name: keep it, drop its tags but keep its content, or drop it whole. */
export type TagVerdict = 'keep' | 'hoist' | 'drop';

/** A verdict, and the lower-case name DOMPurify reads (`x-unnamed` for a name the DOM cannot hold). */
export type TagJudgement = { verdict: TagVerdict; name: string };

export type TagJudge = {
  /** Probes every name not judged yet, all in one sanitize call. */
  prepare(names: Iterable<string>): void;
  judge(name: string): TagJudgement;
};

// Names remembered per purifier; past this the memo starts over (it only saves time).
const TAG_MEMO_SIZE = 2048;
const HTML_NS = 'http://www.w3.org/1999/xhtml';

/**
 * DOMPurify's verdict on HTML elements by name, asked of DOMPurify itself: a probe `<name>x</name>`
 * per name, side by side in one fragment, sanitised in place, then read back (removed with its text:
 * `drop`; removed, text left behind: `hoist`; still there: `keep`). For an HTML-namespace element
 * whose parent is HTML too, that is all DOMPurify's element checks depend on with this config (the
 * allow and forbid lists and the namespace check; the filter never hands it comments), except that a
 * `<form>` can be clobbered by its controls, so the HTML filter sanitises forms as a DOM. Verdicts are
 * memoised per instance: ordinary traffic uses a few dozen names and probes each once.
 */
export function createTagJudge(purify: DOMPurify, document: Document): TagJudge {
  const memo = new Map<string, TagJudgement>();
  function prepare(names: Iterable<string>): void {
    const wanted = [...new Set(names)];
    let fresh = wanted.filter((name) => !memo.has(name));
    if (fresh.length === 0) return;
    if (memo.size + fresh.length > TAG_MEMO_SIZE) {
      memo.clear();
      fresh = wanted;
    }
    const fragment = document.createDocumentFragment();
    const probes = fresh.map((name) => {
      const probe = createHtmlElement(document, name);
      probe.append(document.createTextNode('x'));
      fragment.append(probe);
      return probe;
    });
    purify.sanitize(fragment, { IN_PLACE: true });
    const removed = new Set(purify.removed.flatMap((entry) => ('element' in entry ? [entry.element] : [])));
    fresh.forEach((name, i) => {
      const probe = probes[i]!;
      const verdict = !removed.has(probe) ? 'keep' : probe.firstChild ? 'drop' : 'hoist';
      memo.set(name, { verdict, name: probe.nodeName.toLowerCase() });
    });
  }
  function judge(name: string): TagJudgement {
    let known = memo.get(name);
    if (known === undefined) {
      prepare([name]);
      known = memo.get(name)!;
    }
    return known;
  }
  return { prepare, judge };
}

/**
 * SVG and MathML names that DOMPurify removes, text and all, when they stand among HTML elements: its
 * namespace check guards serialised output that is parsed again elsewhere, and this filter never
 * serialises. Outside `<svg>`/`<math>` a browser shows them as plain inline elements, and prompts use
 * them as XML tags (`<text>…</text>`, `<path>`, `<filter>`, `<metadata>`), so there they are judged as
 * a neutral stand-in. Only names that draw or describe: animation, linking and script elements
 * (`set`, `animate`, `use`, `textpath`, `foreignobject`, `annotation-xml`, `maction`…) stay DOMPurify's.
 */
const TEXT_LIKE_FOREIGN_NAMES = new Set([
  'circle', 'clippath', 'defs', 'desc', 'ellipse', 'filter', 'g', 'glyph', 'hatch', 'hkern', 'line', 'marker',
  'mask', 'mesh', 'metadata', 'path', 'pattern', 'polygon', 'polyline', 'rect', 'solidcolor', 'stop', 'switch',
  'symbol', 'text', 'tspan', 'unknown', 'view', 'vkern',
  'annotation', 'menclose', 'merror', 'mfenced', 'mfrac', 'mi', 'mlabeledtr', 'mmultiscripts', 'mn', 'mo', 'mover',
  'mpadded', 'mphantom', 'mprescripts', 'mroot', 'mrow', 'ms', 'mspace', 'msqrt', 'mstyle', 'msub', 'msubsup',
  'msup', 'mtable', 'mtd', 'mtext', 'mtr', 'munder', 'munderover', 'none', 'semantics',
]);
const FOREIGN_NAME_STAND_IN = 'x-foreign-name';

/** The name an HTML element among HTML elements is judged by: its own, or the stand-in for a text-like SVG/MathML name. */
export const judgedHtmlName = (name: string): string => (TEXT_LIKE_FOREIGN_NAMES.has(name) ? FOREIGN_NAME_STAND_IN : name);

/** An HTML element named as the parser named it, or `x-unnamed` for a name the DOM cannot hold (`<y)` in `if (x<y)…`). */
export function createHtmlElement(document: Document, name: string): Element {
  try {
    return document.createElementNS(HTML_NS, judgedHtmlName(name));
  } catch {
    return document.createElementNS(HTML_NS, 'x-unnamed');
  }
}
