import createDOMPurify, { type Config, type DOMPurify, type WindowLike } from 'dompurify';
import type { DOMWindow } from 'jsdom';
import { isDangerousUrl } from './dangerous-url.js';

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
 * Attributes whose value is a URL. In `remove-dangerous` mode these (and event handlers) are the only
 * attributes DOMPurify judges; every other attribute is kept as written, so `<String foo>` in a code
 * question is not cut.
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
  purify.addHook('uponSanitizeAttribute', (_node, event) => {
    const name = event.attrName;
    if (URL_ATTRIBUTES.has(name)) {
      // DOMPurify lets `data:` through on <img src>; the filter's contract removes every data: URL.
      if (isDangerousUrl(event.attrValue)) event.keepAttr = false;
      return;
    }
    // `id`/`name` stay with DOMPurify too: it removes the values that clobber DOM APIs.
    if (mode === 'remove-dangerous' && !name.startsWith('on') && name !== 'id' && name !== 'name') event.forceKeepAttr = true;
  });
  return purify;
}
