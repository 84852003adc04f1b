import { Parser, type DefaultTreeAdapterMap, type Token } from 'parse5';

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

  override onStartTag(token: Token.TagToken): void {
    this.record('start', token);
    super.onStartTag(token);
  }

  override onEndTag(token: Token.TagToken): void {
    this.record('end', token);
    super.onEndTag(token);
  }

  override onDoctype(token: Token.DoctypeToken): void {
    if (token.location) this.tags.push({ kind: 'doctype', name: '', start: token.location.startOffset, end: token.location.endOffset, attrs: [] });
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

/** Parses text as an HTML fragment (in the forgiving `<template>` context) with source offsets. */
export function parseHtmlWithLocations(text: string): { fragment: Fragment; tags: TagToken[] } {
  const parser = RecordingParser.getFragmentParser(null, { sourceCodeLocationInfo: true }) as RecordingParser;
  parser.tokenizer.write(text, true);
  return { fragment: parser.getFragment(), tags: parser.tags };
}
