import type { DefaultTreeAdapterMap, Token } from 'parse5';
import type { DOMPurify } from 'dompurify';
import type { TextEdit } from './text-edits.js';
import { isDataUrl } from './dangerous-url.js';
import { createStyleJudge, isHiddenElement, type StyleJudge } from './html-hidden.js';
import { MAX_DEPTH, parseHtmlWithLocations, type ParseRefusal, type TagToken } from './html-parse.js';
import { createTagJudge, DANGEROUS_TAGS, isDangerousTag, isDangerousUrl, judgedHtmlName, URL_ATTRIBUTES, type HtmlMode, type TagJudge } from './html-purifier.js';

type P5Node = DefaultTreeAdapterMap['childNode'];
type P5Element = DefaultTreeAdapterMap['element'];
type P5Parent = DefaultTreeAdapterMap['parentNode'];
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

/**
 * What a pass may spend, in markup nodes: parsing costs one per element, attribute and comment the
 * parser creates (and per tag it drops), a few microseconds each with the walk. What needs jsdom is
 * charged what it takes in parse5 nodes, rounded up (measured side by side in two runs,
 * docs/bench/filters.md: a tag-name probe 11–16, a short inline style 26–35, a DOM node 8–11).
 */
export const COST = {
  /** A distinct HTML tag name: DOMPurify's verdict on it (memoised, but charged every time). */
  tagName: 20,
  /** A distinct inline style that names a hiding property: one run of jsdom's CSS parser... */
  style: 40,
  /** ...plus one per this many characters of it. */
  styleCharsPerNode: 4,
  /** A node or attribute built as a DOM for DOMPurify (inside `<svg>`, `<math>`, `<form>`). */
  domNode: 15,
} as const;

/** Everything a pass needs, set up once per stage instance. */
export type HtmlJudge = {
  mode: HtmlMode;
  allowed: ReadonlySet<string>;
  purify: DOMPurify;
  document: Document;
  tags: TagJudge;
  hides: StyleJudge;
  /** Whether the DOM would hold an attribute of this name (the filter cuts none it would not). */
  acceptsAttribute(name: string): boolean;
  maxNodes: number;
  /**
   * Sanitise every element as a DOM, as the filter did before it learnt to ask DOMPurify per name and
   * per attribute: the reference the fast path is tested against. Never set in production.
   */
  wholeDom: boolean;
};

export function createHtmlJudge(
  purify: DOMPurify,
  document: Document,
  options: { mode: HtmlMode; allowed: ReadonlySet<string>; maxNodes: number; wholeDom?: boolean },
): HtmlJudge {
  return {
    mode: options.mode,
    allowed: options.allowed,
    purify,
    document,
    tags: createTagJudge(purify, document),
    hides: createStyleJudge(document),
    acceptsAttribute(name) {
      // The same name check as setAttribute, without an element's attribute-change steps.
      try {
        document.createAttribute(name);
        return true;
      } catch {
        return false;
      }
    },
    maxNodes: options.maxNodes,
    wholeDom: options.wholeDom ?? false,
  };
}

export type LocateResult = { edits: TextEdit[]; removals: HtmlRemovals } | { refused: ParseRefusal };

class Refused {
  constructor(readonly reason: ParseRefusal) {}
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';
/**
 * `<?xml version="1.0" encoding="UTF-8"?>` parses as a bogus comment, but with nothing in it except
 * these three attributes and short token values it has no room for words: pasted XML keeps it.
 */
const XML_DECLARATION = /^\?xml(?: (?:version|encoding|standalone)=(?:"[\w.-]{1,40}"|'[\w.-]{1,40}')){1,3} ?\?$/;

// A dangerous tag opener anywhere, even where a parser would not read it as one (inside an attribute
// value, a mangled tag name like `<scr<script>`, RCDATA): other HTML handlers are less careful than parse5.
const DANGEROUS_OPENER = new RegExp(`<(?:${DANGEROUS_TAGS.join('|')})(?![a-z0-9-])`, 'gi');

// Elements that never have an end tag; their start tag is the whole element.
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'frame']);

/**
 * Finds the spans to cut so that the text keeps everything but what the mode removes.
 *
 * How it works, and why: DOMPurify decides, but its serialised output re-escapes every `<`, `&` and
 * quote, so "what does <br> do?" or `a < b` would not reach the model as written; so we parse the
 * text with parse5 and source offsets, and turn each of DOMPurify's decisions into a cut of exactly
 * that span of the original string. Comments, hidden elements and `data:` URLs are judged here.
 *
 * Building every element as a jsdom node for DOMPurify cost tens of microseconds a node and made
 * hostile markup a way to stall the event loop, so DOMPurify is asked as cheaply as its answer allows:
 * - an HTML element among HTML elements: its verdict depends on its name only (see createTagJudge),
 *   and on each attribute, which `purify.isValidAttribute` (the check `sanitize` itself runs) judges;
 * - `<svg>`, `<math>` and `<form>` subtrees, where the verdict depends on structure (namespaces,
 *   clobbering controls): built as DOM nodes and sanitised in place, as before, and mapped back
 *   through `purify.removed`.
 * Every step is metered against `judge.maxNodes` (see COST), so a pass refuses instead of running long.
 * Cutting can join two halves into new markup (`<scr<script></script>ipt>`), so the caller repeats
 * the pass until nothing changes.
 */
export function locateHtmlRemovals(text: string, judge: HtmlJudge): LocateResult {
  const parsed = parseHtmlWithLocations(text, judge.maxNodes);
  if ('refused' in parsed) return parsed;
  try {
    return new Pass(text, judge, parsed.nodes).run(parsed.fragment, parsed.tags, parsed.htmlTagNames);
  } catch (error) {
    if (error instanceof Refused) return { refused: error.reason };
    throw error;
  }
}

class Pass {
  readonly removals = emptyRemovals();
  readonly edits: TextEdit[] = [];
  readonly treeTagStarts = new Set<number>();
  readonly seenStyles = new Set<string>();
  // The DOM part: subtrees DOMPurify sanitises as nodes, and where each node came from.
  readonly root: DocumentFragment;
  readonly sourceOf = new Map<Node, P5Element>();
  readonly attrSourceOf = new Map<Attr, { element: Element; location: Location }>();
  readonly hides: StyleJudge;

  constructor(
    readonly text: string,
    readonly judge: HtmlJudge,
    private spent: number,
  ) {
    this.root = judge.document.createDocumentFragment();
    // Each distinct style is charged once per pass, whether or not the memo knows it, so that a verdict
    // never depends on what earlier requests left in the memo.
    this.hides = (style) => {
      if (!this.seenStyles.has(style)) {
        this.seenStyles.add(style);
        this.spend(COST.style + Math.ceil(style.length / COST.styleCharsPerNode));
      }
      return judge.hides(style);
    };
  }

  spend(nodes: number): void {
    this.spent += nodes;
    if (this.spent > this.judge.maxNodes) throw new Refused('too-complex');
  }

  cut = (start: number, end: number): void => {
    if (end > start) this.edits.push({ start, end, replacement: '' });
  };

  run(fragment: P5Parent, tags: TagToken[], htmlTagNames: ReadonlySet<string>) {
    const { judge } = this;
    this.spend(htmlTagNames.size * COST.tagName);
    if (!judge.wholeDom) judge.tags.prepare(htmlTagNames);

    // Iterative, not recursive: hostile input nests deep (the parser stops at MAX_DEPTH, but a text node may sit below).
    const stack: [P5Node, number][] = [];
    pushChildren(stack, fragment, 1);
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (depth > MAX_DEPTH) throw new Refused('too-deep');
      if (node.nodeName === '#text' || node.nodeName === '#documentType') continue;
      if (node.nodeName === '#comment') {
        this.cutComment(node as DefaultTreeAdapterMap['commentNode']);
        continue;
      }
      const source = node as P5Element;
      if (judge.wholeDom || source.namespaceURI !== HTML_NS || source.tagName === 'form') {
        this.buildDom(source, depth);
        continue;
      }
      this.markTags(source);
      this.cutDataUrls(source);
      if (isHiddenElement(source.attrs, this.hides)) {
        this.cutHidden(source);
        continue;
      }
      const { verdict, name } = judge.tags.judge(source.tagName);
      if (verdict === 'keep') {
        this.judgeAttributes(source, name);
        // <template> content is inert and never shown; it is a dangerous tag and removed whole anyway.
        if (source.nodeName !== 'template') pushChildren(stack, source, depth + 1);
      } else if (verdict === 'hoist') {
        this.cutRemovedElement(source, 0);
        pushChildren(stack, source, depth + 1);
      } else {
        this.cutRemovedElement(source, this.domChildCount(source));
        for (const child of source.childNodes) this.sweepRemoved(child, depth + 1);
      }
    }

    if (this.root.hasChildNodes()) this.sanitizeDom();
    for (const token of tags) {
      if (this.treeTagStarts.has(token.start)) continue;
      judgeDroppedToken(token, judge.mode, judge.allowed, this.removals, this.cut);
    }
    sweepDangerousOpeners(this.text, this.edits, this.removals);
    return { edits: this.edits, removals: this.removals };
  }

  /** Comments are never shown; a classic hiding place for instructions. */
  cutComment(node: DefaultTreeAdapterMap['commentNode']): void {
    if (XML_DECLARATION.test(node.data)) return;
    const location = node.sourceCodeLocation;
    if (location) this.cut(location.startOffset, location.endOffset);
    this.removals.comments++;
  }

  cutHidden(source: P5Element): void {
    cutWhole(source, this.cut);
    this.removals.hidden++;
    markTreeTags(source, this.treeTagStarts);
  }

  markTags(source: P5Element): void {
    const location = source.sourceCodeLocation;
    if (location?.startTag) this.treeTagStarts.add(location.startTag.startOffset);
    if (location?.endTag) this.treeTagStarts.add(location.endTag.startOffset);
  }

  /** DOMPurify allows `data:` on <img src>; this filter removes every data: URL. */
  cutDataUrls(source: P5Element): void {
    const locations = source.sourceCodeLocation?.attrs;
    if (!locations) return;
    for (const attr of source.attrs) {
      const qualified = attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name;
      if (!URL_ATTRIBUTES.has(qualified.toLowerCase()) || !isDataUrl(attr.value)) continue;
      const location = locations[qualified] ?? locations[attr.name];
      if (!location) continue;
      this.cut(withLeadingSpace(this.text, location.startOffset), location.endOffset);
      this.removals.dangerousUrls++;
    }
  }

  /**
   * The attributes of an element DOMPurify keeps, each judged by `purify.isValidAttribute`: the check
   * `sanitize` runs on an attribute (its value trimmed, as `sanitize` does, except for `value`).
   */
  judgeAttributes(source: P5Element, tag: string): void {
    const locations = source.sourceCodeLocation?.attrs;
    if (!locations) return;
    const { purify, mode } = this.judge;
    for (const attr of source.attrs) {
      const location = locations[attr.name];
      const lower = attr.name.toLowerCase();
      if (!location || (URL_ATTRIBUTES.has(lower) && isDataUrl(attr.value))) continue;
      if (purify.isValidAttribute(tag, attr.name, attr.name === 'value' ? attr.value : attr.value.trim())) continue;
      if (!mustCut(lower, attr.value, mode) || !this.judge.acceptsAttribute(attr.name)) continue;
      this.cutAttribute(lower, attr.value, location);
    }
  }

  cutAttribute(lowerName: string, value: string, location: Location): void {
    this.cut(withLeadingSpace(this.text, location.startOffset), location.endOffset);
    if (isDangerousUrl(value) && URL_ATTRIBUTES.has(lowerName)) this.removals.dangerousUrls++;
    else this.removals.attributes++;
  }

  /** How cutting an element DOMPurify removed reads, given how many children it had in the DOM when removed. */
  cutRemovedElement(source: P5Element, domChildren: number): void {
    const tag = source.tagName.toLowerCase();
    const hoisted = domChildren === 0 && source.childNodes.length > 0;
    if (isDangerousTag(tag)) {
      cutWhole(source, this.cut);
      this.removals.elements[tag] = (this.removals.elements[tag] ?? 0) + 1;
    } else if (hoisted) {
      // Content kept (strip-all, allow-list): only the tags go.
      const location = source.sourceCodeLocation;
      if (location?.startTag) this.cut(location.startTag.startOffset, location.startTag.endOffset);
      if (location?.endTag) this.cut(location.endTag.startOffset, location.endTag.endOffset);
      this.removals.tags++;
    } else if (this.judge.mode !== 'remove-dangerous' && source.childNodes.length === 0) {
      cutWhole(source, this.cut);
      this.removals.tags++;
    } else {
      // DOMPurify removed a harmless-looking element whole (namespace confusion, DOM clobbering).
      cutWhole(source, this.cut);
      this.removals.elements.other = (this.removals.elements.other ?? 0) + 1;
    }
  }

  /** The children a DOM build appends: text and elements, not comments or hidden elements. */
  domChildCount(source: P5Element): number {
    let count = 0;
    for (const child of source.childNodes) {
      if (child.nodeName === '#text') count++;
      else if ('tagName' in child && !isHiddenElement(child.attrs, this.hides)) count++;
    }
    return count;
  }

  /**
   * Inside an element removed whole, what the filter judges itself is still reported, as when the
   * whole tree was a DOM: comments, hidden elements and `data:` URLs. Nothing else is judged there.
   */
  sweepRemoved(start: P5Node, startDepth: number): void {
    const stack: [P5Node, number][] = [[start, startDepth]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (depth > MAX_DEPTH) throw new Refused('too-deep');
      if (node.nodeName === '#comment') this.cutComment(node as DefaultTreeAdapterMap['commentNode']);
      if (!('tagName' in node)) continue;
      this.markTags(node);
      this.cutDataUrls(node);
      if (isHiddenElement(node.attrs, this.hides)) {
        this.cutHidden(node);
        continue;
      }
      if (node.nodeName !== 'template') pushChildren(stack, node, depth + 1);
    }
  }

  /** Builds a subtree as DOM nodes under the pass's fragment, for DOMPurify to sanitise in place. */
  buildDom(start: P5Element, startDepth: number): void {
    const { document } = this.judge;
    const stack: [P5Node, Node, number][] = [[start, this.root, startDepth]];
    while (stack.length > 0) {
      const [node, parent, depth] = stack.pop()!;
      if (depth > MAX_DEPTH) throw new Refused('too-deep');
      if (node.nodeName === '#text') {
        this.spend(COST.domNode);
        parent.appendChild(document.createTextNode((node as DefaultTreeAdapterMap['textNode']).value));
        continue;
      }
      if (node.nodeName === '#comment') {
        this.cutComment(node as DefaultTreeAdapterMap['commentNode']);
        continue;
      }
      if (node.nodeName === '#documentType') continue;
      const source = node as P5Element;
      this.markTags(source);
      this.cutDataUrls(source);
      if (isHiddenElement(source.attrs, this.hides)) {
        this.cutHidden(source);
        continue;
      }
      this.spend(COST.domNode * (1 + source.attrs.length));
      const amongHtml = parent === this.root || (parent as Element).namespaceURI === HTML_NS;
      const element = createElement(document, source, this.attrSourceOf, amongHtml);
      this.sourceOf.set(element, source);
      parent.appendChild(element);
      if (source.nodeName === 'template') continue;
      for (let i = source.childNodes.length - 1; i >= 0; i--) stack.push([source.childNodes[i]!, element, depth + 1]);
    }
  }

  sanitizeDom(): void {
    const { purify, mode } = this.judge;
    purify.sanitize(this.root, { IN_PLACE: true });
    for (const entry of purify.removed) {
      if (!('element' in entry)) continue;
      const source = this.sourceOf.get(entry.element);
      if (source) this.cutRemovedElement(source, entry.element.childNodes.length);
    }
    // Attributes are compared before and after rather than read from `purify.removed`: its in-place
    // pre-pass strips some (`for` outside <label>, `patchsrc`) without recording them.
    for (const [attr, { element, location }] of this.attrSourceOf) {
      // An attribute of an element that went whole is already inside that cut.
      if (attr.ownerElement === element || !this.root.contains(element)) continue;
      const name = attr.name.toLowerCase();
      if (mustCut(name, attr.value, mode)) this.cutAttribute(name, attr.value, location);
    }
  }
}

function pushChildren(stack: [P5Node, number][], parent: P5Parent, depth: number): void {
  for (let i = parent.childNodes.length - 1; i >= 0; i--) stack.push([parent.childNodes[i]!, depth]);
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

/**
 * Whether DOMPurify's removal of an attribute is one this mode acts on. In `remove-dangerous` mode its
 * removal of event handlers, URL attributes (see URL_ATTRIBUTES), clobbering `id`/`name` and values
 * that break out of markup is honoured; its removal of a merely unknown attribute is not, so
 * `<String foo="Note: x">` in a code question is not cut.
 */
function mustCut(lowerName: string, value: string, mode: HtmlMode): boolean {
  if (mode !== 'remove-dangerous') return true;
  return lowerName.startsWith('on') || URL_ATTRIBUTES.has(lowerName) || lowerName === 'id' || lowerName === 'name' || /[<>]/.test(value);
}

/** A DOM element for a parsed one, its attributes mapped to their source spans (`data:` URLs are cut already). */
function createElement(
  document: Document,
  source: P5Element,
  attrSourceOf: Map<Attr, { element: Element; location: Location }>,
  amongHtml: boolean,
): Element {
  let element: Element;
  // Judged by the same name as on the fast path (judgedHtmlName), so both ways cut the same.
  const name = amongHtml && source.namespaceURI === HTML_NS ? judgedHtmlName(source.tagName) : source.tagName;
  try {
    element = document.createElementNS(source.namespaceURI, name);
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
    if (URL_ATTRIBUTES.has(qualified.toLowerCase()) && isDataUrl(attr.value)) continue;
    const location = locations?.[qualified] ?? locations?.[attr.name];
    const node = element.attributes[element.attributes.length - 1];
    if (location && node) attrSourceOf.set(node, { element, location });
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
