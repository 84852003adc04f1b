import type { DefaultTreeAdapterMap, Token } from 'parse5';
import type { DOMPurify } from 'dompurify';
import type { TextEdit } from './text-edits.js';
import { isDataUrl } from './dangerous-url.js';
import { isHiddenElement } from './html-hidden.js';
import { parseHtmlWithLocations, type TagToken } from './html-parse.js';
import { DANGEROUS_TAGS, isDangerousTag, isDangerousUrl, URL_ATTRIBUTES, type HtmlMode } from './html-purifier.js';

type P5Node = DefaultTreeAdapterMap['childNode'];
type P5Element = DefaultTreeAdapterMap['element'];
type Location = Token.Location;

/** What one pass removed, by kind. Tag names are counted only for the known dangerous ones. */
export type HtmlRemovals = {
  elements: Record<string, number>;
  tags: number;
  comments: number;
  hidden: number;
  attributes: number;
  dangerousUrls: number;
};

export const emptyRemovals = (): HtmlRemovals => ({ elements: {}, tags: 0, comments: 0, hidden: 0, attributes: 0, dangerousUrls: 0 });

// A dangerous tag opener anywhere, even where a parser would not read it as one (inside an attribute
// value, a mangled tag name like `<scr<script>`, RCDATA): other HTML handlers are less careful than parse5.
const DANGEROUS_OPENER = new RegExp(`<(?:${DANGEROUS_TAGS.join('|')})(?![a-z0-9-])`, 'gi');

/** Deeper markup is refused (DOMPurify itself treats nesting past 255 as an mXSS sign). */
export const MAX_DEPTH = 256;

// Elements that never have an end tag; their start tag is the whole element.
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'frame']);

/**
 * Finds the spans to cut so that the text keeps everything but what the mode removes.
 *
 * How it works, and why: DOMPurify decides, but it only sees a DOM, and its serialised output
 * re-escapes every `<`, `&` and quote, so "what does <br> do?" or `a < b` would not reach the model as
 * written. So we (1) parse the text with parse5 and source offsets, (2) build the same tree as DOM
 * nodes in the shared jsdom document, remembering each node's and attribute's source span, (3) let
 * DOMPurify sanitise that fragment in place, and (4) turn each entry of `purify.removed` into a cut of
 * exactly that span of the original string. Hidden elements and comments are judged during the build.
 * Cutting can join two halves into new markup (`<scr<script></script>ipt>`), so the caller repeats
 * the pass until nothing changes.
 */
export function locateHtmlRemovals(text: string, purify: DOMPurify, document: Document, mode: HtmlMode, allowed: ReadonlySet<string>) {
  const { fragment, tags } = parseHtmlWithLocations(text);
  const removals = emptyRemovals();
  const edits: TextEdit[] = [];
  const cut = (start: number, end: number) => {
    if (end > start) edits.push({ start, end, replacement: '' });
  };

  const sourceOf = new Map<Node, P5Element>();
  const attrSourceOf = new Map<Attr, Location>();
  const treeTagStarts = new Set<number>();
  const root = document.createDocumentFragment();

  // Iterative, not recursive: hostile input nests 100 000 elements deep.
  const stack: [P5Node, Node, number][] = [];
  for (let i = fragment.childNodes.length - 1; i >= 0; i--) stack.push([fragment.childNodes[i]!, root, 1]);
  while (stack.length > 0) {
    const [node, parent, depth] = stack.pop()!;
    // jsdom's insertion checks walk the ancestors, so a deep tree costs depth × nodes; no prose nests this deep.
    if (depth > MAX_DEPTH) return { edits: [], removals, tooDeep: true };
    if (node.nodeName === '#text') {
      parent.appendChild(document.createTextNode((node as DefaultTreeAdapterMap['textNode']).value));
      continue;
    }
    if (node.nodeName === '#comment') {
      // Comments are never shown; a classic hiding place for instructions.
      const location = node.sourceCodeLocation;
      if (location) cut(location.startOffset, location.endOffset);
      removals.comments++;
      continue;
    }
    if (node.nodeName === '#documentType') continue;
    const source = node as P5Element;
    const location = source.sourceCodeLocation;
    if (location?.startTag) treeTagStarts.add(location.startTag.startOffset);
    if (location?.endTag) treeTagStarts.add(location.endTag.startOffset);
    const element = createElement(document, source, attrSourceOf, (location) => {
      // DOMPurify allows `data:` on <img src>; this filter removes every data: URL.
      cut(withLeadingSpace(text, location.startOffset), location.endOffset);
      removals.dangerousUrls++;
    });
    if (isHiddenElement(element)) {
      cutWhole(source, cut);
      removals.hidden++;
      markTreeTags(source, treeTagStarts);
      continue;
    }
    sourceOf.set(element, source);
    parent.appendChild(element);
    // <template> content is inert and never shown; it is a dangerous tag and removed whole anyway.
    if (source.nodeName === 'template') continue;
    for (let i = source.childNodes.length - 1; i >= 0; i--) stack.push([source.childNodes[i]!, element, depth + 1]);
  }

  purify.sanitize(root, { IN_PLACE: true });

  const removedElements = new Set<Node>();
  for (const entry of purify.removed) {
    if (!('element' in entry)) continue;
    const source = sourceOf.get(entry.element);
    if (!source) continue;
    removedElements.add(entry.element);
    const tag = source.tagName.toLowerCase();
    const hoisted = entry.element.childNodes.length === 0 && source.childNodes.length > 0;
    if (isDangerousTag(tag)) {
      cutWhole(source, cut);
      removals.elements[tag] = (removals.elements[tag] ?? 0) + 1;
    } else if (hoisted) {
      // Content kept (strip-all, allow-list): only the tags go.
      const location = source.sourceCodeLocation;
      if (location?.startTag) cut(location.startTag.startOffset, location.startTag.endOffset);
      if (location?.endTag) cut(location.endTag.startOffset, location.endTag.endOffset);
      removals.tags++;
    } else if (mode !== 'remove-dangerous' && !isDangerousTag(tag) && source.childNodes.length === 0) {
      cutWhole(source, cut);
      removals.tags++;
    } else {
      // DOMPurify removed a harmless-looking element whole (namespace confusion, DOM clobbering).
      cutWhole(source, cut);
      removals.elements.other = (removals.elements.other ?? 0) + 1;
    }
  }
  for (const entry of purify.removed) {
    if (!('attribute' in entry) || !entry.attribute) continue;
    // An attribute of an element that went whole is already inside that cut.
    if (!root.contains(entry.from)) continue;
    const location = attrSourceOf.get(entry.attribute);
    if (!location || !mustCut(entry.attribute, mode)) continue;
    cut(withLeadingSpace(text, location.startOffset), location.endOffset);
    if (isDangerousUrl(entry.attribute.value) && URL_ATTRIBUTES.has(entry.attribute.name.toLowerCase())) removals.dangerousUrls++;
    else removals.attributes++;
  }

  for (const token of tags) {
    if (treeTagStarts.has(token.start)) continue;
    judgeDroppedToken(token, mode, allowed, removals, cut);
  }
  sweepDangerousOpeners(text, edits, removals);
  return { edits, removals, tooDeep: false };
}

/**
 * A tag the tree builder dropped (`<body onload=…>` in a fragment, a stray `</div>`, a doctype). It
 * has no DOM node for DOMPurify to judge, but it is still in the text; a browser that gets the text
 * in another context may honour it.
 */
function judgeDroppedToken(token: TagToken, mode: HtmlMode, allowed: ReadonlySet<string>, removals: HtmlRemovals, cut: (start: number, end: number) => void) {
  const risky = token.attrs.find((attr) => attr.name.startsWith('on') || (URL_ATTRIBUTES.has(attr.name) && isDangerousUrl(attr.value)));
  if (isDangerousTag(token.name)) {
    cut(token.start, token.end);
    removals.elements[token.name] = (removals.elements[token.name] ?? 0) + 1;
  } else if (risky) {
    cut(token.start, token.end);
    if (risky.name.startsWith('on')) removals.attributes++;
    else removals.dangerousUrls++;
  } else if (mode === 'strip-all' || (mode === 'allow-list' && !allowed.has(token.name))) {
    cut(token.start, token.end);
    removals.tags++;
  }
}

/** Cuts the `<` of every dangerous opener the tree did not already remove, so none survives in any reading. */
function sweepDangerousOpeners(text: string, edits: TextEdit[], removals: HtmlRemovals): void {
  // Matches come in text order; walk the cuts sorted by start alongside them (linear, not matches × cuts).
  const cuts = [...edits].sort((a, b) => a.start - b.start);
  let next = 0;
  let coveredUntil = 0;
  for (const match of text.matchAll(DANGEROUS_OPENER)) {
    while (next < cuts.length && cuts[next]!.start <= match.index) coveredUntil = Math.max(coveredUntil, cuts[next++]!.end);
    if (match.index < coveredUntil) continue;
    edits.push({ start: match.index, end: match.index + 1, replacement: '' });
    const tag = match[0].slice(1).toLowerCase();
    removals.elements[tag] = (removals.elements[tag] ?? 0) + 1;
  }
}

/** Whether DOMPurify's removal of an attribute is one this mode acts on (see URL_ATTRIBUTES). */
function mustCut(attr: Attr, mode: HtmlMode): boolean {
  if (mode !== 'remove-dangerous') return true;
  const name = attr.name.toLowerCase();
  return name.startsWith('on') || URL_ATTRIBUTES.has(name) || name === 'id' || name === 'name' || /[<>]/.test(attr.value);
}

function createElement(document: Document, source: P5Element, attrSourceOf: Map<Attr, Location>, onDataUrl: (location: Location) => void): Element {
  let element: Element;
  try {
    element = document.createElementNS(source.namespaceURI, source.tagName);
  } catch {
    // A name the DOM cannot hold (`<y)` in `if (x<y)…>`): a stand-in that no mode treats as dangerous.
    element = document.createElementNS(source.namespaceURI, 'x-unnamed');
  }
  const locations = source.sourceCodeLocation?.attrs;
  for (const attr of source.attrs) {
    const qualified = attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name;
    try {
      if (attr.namespace) element.setAttributeNS(attr.namespace, qualified, attr.value);
      else element.setAttribute(qualified, attr.value);
    } catch {
      // An attribute name the DOM rejects (`"x`, `{a}`) is no event handler or URL to a browser either.
      continue;
    }
    const location = locations?.[qualified] ?? locations?.[attr.name];
    if (location && URL_ATTRIBUTES.has(qualified.toLowerCase()) && isDataUrl(attr.value)) {
      onDataUrl(location);
      continue;
    }
    const node = element.attributes[element.attributes.length - 1];
    if (location && node) attrSourceOf.set(node, location);
  }
  return element;
}

/**
 * Cuts an element with everything in it. An element whose end tag never came runs to the end of the
 * text; for a dangerous element only its start tag is cut then, so "what does the <script> tag do?"
 * keeps its words (they become inert text) while a hidden one still hides everything after it.
 */
function cutWhole(source: P5Element, cut: (start: number, end: number) => void): void {
  const location = source.sourceCodeLocation;
  if (!location) {
    // An element the parser implied (no tag in the text): cut what it holds.
    for (const child of source.childNodes) {
      const childLocation = child.sourceCodeLocation;
      if (childLocation) cut(childLocation.startOffset, childLocation.endOffset);
      else if ('tagName' in child) cutWhole(child, cut);
    }
    return;
  }
  const tag = source.tagName.toLowerCase();
  const unterminated = !location.endTag && !VOID.has(tag) && source.childNodes.length > 0;
  if (unterminated && isDangerousTag(tag) && location.startTag) cut(location.startTag.startOffset, location.startTag.endOffset);
  else cut(location.startOffset, location.endOffset);
}

function markTreeTags(source: P5Element, starts: Set<number>): void {
  const stack: P5Node[] = [source];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('tagName' in node)) continue;
    const location = node.sourceCodeLocation;
    if (location?.startTag) starts.add(location.startTag.startOffset);
    if (location?.endTag) starts.add(location.endTag.startOffset);
    for (const child of node.childNodes) stack.push(child);
  }
}

// `<img src=x onerror=y>` → `<img src=x>`, not `<img src=x >`.
function withLeadingSpace(text: string, start: number): number {
  let at = start;
  while (at > 0 && /[\t\n\f\r ]/.test(text[at - 1]!)) at--;
  return at;
}
