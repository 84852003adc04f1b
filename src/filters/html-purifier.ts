import createDOMPurify, { type Config, type DOMPurify, type WindowLike } from 'dompurify';
import type { DOMWindow } from 'jsdom';
export { isDangerousUrl } from './dangerous-url.js';

export const HTML_MODES = ['remove-dangerous', 'strip-all', 'allow-list'] as const;
export type HtmlMode = (typeof HTML_MODES)[number];

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
