import { defaultTreeAdapter, Parser, type DefaultTreeAdapterMap, type Token, type TreeAdapter } from 'parse5';

type Fragment = DefaultTreeAdapterMap['documentFragment'];
type Location = Token.Location;

/** A tag as the tokenizer saw it, with where it sits in the source. */
export type TagToken = {
  kind: 'start' | 'end' | 'doctype';
  /** Lower-case tag name ('' for a doctype). */
  name: string;
  start: number;
  end: number;
  attrs: { name: string; value: string; location?: Location | undefined }[];
};

/** Deeper markup is refused (DOMPurify itself treats nesting past 255 as an mXSS sign). */
export const MAX_DEPTH = 256;

/** Why a parse was given up: nesting past MAX_DEPTH, or more markup nodes than the budget. */
export type ParseRefusal = 'too-deep' | 'too-complex';

export type ParsedHtml = {
  fragment: Fragment;
  tags: TagToken[];
  /** Markup nodes the parse cost: elements, attributes and comments created, plus tags dropped. */
  nodes: number;
  /** Every distinct tag name of an HTML-namespace element in the tree. */
  htmlTagNames: Set<string>;
};

const HTML_NS = 'http://www.w3.org/1999/xhtml';

class Refused {
  constructor(readonly reason: ParseRefusal) {}
}

/** What one parse has spent, shared by the parser subclass and its tree adapter. */
type Meter = { nodes: number; max: number; bounded: boolean; names: Set<string>; parser?: RecordingParser };

function charge(meter: Meter, nodes: number): void {
  meter.nodes += nodes;
  if (meter.nodes > meter.max) throw new Refused('too-complex');
}

/**
 * parse5's own tree adapter, metered: every element and comment the tree builder creates is counted
 * (an unclosed `<b>` that the parser re-opens in every later paragraph counts each time), and
 * creating an element under MAX_DEPTH open ones stops the parse. parse5 walks its stack of open
 * elements on many tags, so nesting is what makes a parse superlinear; both bounds are checked before
 * the work happens, not after.
 */
function meteredAdapter(meter: Meter): TreeAdapter<DefaultTreeAdapterMap> {
  return {
    ...defaultTreeAdapter,
    createElement(tagName, namespaceURI, attrs) {
      charge(meter, 1 + attrs.length);
      if (meter.bounded && (meter.parser?.openElements.stackTop ?? 0) >= MAX_DEPTH) throw new Refused('too-deep');
      if (namespaceURI === HTML_NS) meter.names.add(tagName);
      return defaultTreeAdapter.createElement(tagName, namespaceURI, attrs);
    },
    createCommentNode(data) {
      charge(meter, 1);
      return defaultTreeAdapter.createCommentNode(data);
    },
  };
}

/**
 * parse5 (the parser jsdom itself uses) with source locations, recording every tag token the tree
 * builder was handed. The tree builder silently drops some tags (`<body onload=…>` inside a fragment, a
 * stray `</div>`, a doctype); the recorded tokens let the HTML filter find those too, because a
 * dropped `<body onload=…>` still runs its handler once the text is pasted into a real page.
 * Subclassing the parser is the only way to see the exact token stream the tree builder saw (raw text
 * in `<script>`, `<textarea>` and friends is not mis-read as tags, unlike a separate tokenizer pass).
 */
class RecordingParser extends Parser<DefaultTreeAdapterMap> {
  readonly tags: TagToken[] = [];
  meter!: Meter;

  override onStartTag(token: Token.TagToken): void {
    this.record('start', token);
    const before = this.meter.nodes;
    super.onStartTag(token);
    // A start tag that built nothing (`<body>` in a fragment) still cost a token.
    if (this.meter.nodes === before) charge(this.meter, 1 + token.attrs.length);
  }

  override onEndTag(token: Token.TagToken): void {
    this.record('end', token);
    charge(this.meter, 1);
    super.onEndTag(token);
  }

  override onDoctype(token: Token.DoctypeToken): void {
    if (token.location) this.tags.push({ kind: 'doctype', name: '', start: token.location.startOffset, end: token.location.endOffset, attrs: [] });
    charge(this.meter, 1);
    super.onDoctype(token);
  }

  private record(kind: 'start' | 'end', token: Token.TagToken): void {
    const location = token.location;
    if (!location) return;
    this.tags.push({
      kind,
      name: token.tagName,
      start: location.startOffset,
      end: location.endOffset,
      attrs: token.attrs.map((attr) => ({ name: attr.name, value: attr.value, location: location.attrs?.[attr.name] })),
    });
  }
}

/**
 * Parses text as an HTML fragment (in the forgiving `<template>` context) with source offsets. Given
 * `maxNodes`, it refuses once the parse would create more markup nodes than that or nest deeper than
 * MAX_DEPTH, so that its cost is linear in the text plus at most `maxNodes` × MAX_DEPTH steps of
 * parse5's own; without, it parses whatever it gets.
 */
export function parseHtmlWithLocations(text: string): ParsedHtml;
export function parseHtmlWithLocations(text: string, maxNodes: number): ParsedHtml | { refused: ParseRefusal };
export function parseHtmlWithLocations(text: string, maxNodes?: number): ParsedHtml | { refused: ParseRefusal } {
  const meter: Meter = { nodes: 0, max: Number.POSITIVE_INFINITY, bounded: maxNodes !== undefined, names: new Set() };
  const parser = RecordingParser.getFragmentParser(null, { sourceCodeLocationInfo: true, treeAdapter: meteredAdapter(meter) }) as RecordingParser;
  // Building the parser created its context and root elements; those are not the text's, and must not
  // spend (or, with a nearly spent budget, overrun) the text's budget.
  meter.nodes = 0;
  meter.max = maxNodes ?? Number.POSITIVE_INFINITY;
  meter.names.clear();
  parser.meter = meter;
  meter.parser = parser;
  try {
    parser.tokenizer.write(text, true);
  } catch (error) {
    if (error instanceof Refused) return { refused: error.reason };
    throw error;
  }
  return { fragment: parser.getFragment(), tags: parser.tags, nodes: meter.nodes, htmlTagNames: meter.names };
}
