import { parse, postprocess, preprocess } from 'micromark';
import { decodeString } from 'micromark-util-decode-string';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import { parseHtmlWithLocations } from './html-parse.js';

/** A URL in the text that a markdown renderer would fetch (image) or offer to follow (link). */
export type UrlTarget = {
  kind: 'image' | 'link';
  /** The URL as a renderer reads it (escapes and entities decoded). */
  url: string;
  /** The source span to replace, and how to write the replacement there. */
  start: number;
  end: number;
  write: (replacement: string) => string;
};

type Span = { start: number; end: number };
type Pending = { kind: 'image' | 'link'; destination?: Span; destinationUrl?: Span; label?: Span; reference?: Span; sawReference: boolean };

// Elements a renderer loads on its own, and the attributes that hold what it loads.
const AUTO_FETCH: Record<string, readonly string[]> = {
  img: ['src', 'srcset'],
  image: ['href', 'xlink:href'],
  video: ['src', 'poster'],
  audio: ['src'],
  source: ['src', 'srcset'],
  track: ['src'],
  input: ['src'],
};

/**
 * Every image and link destination of a markdown text, with exact source spans, from micromark's
 * event stream (the CommonMark parser under remark; its tokens carry offsets, which the mdast tree
 * does not for a destination). Code spans and blocks produce no such tokens, so URLs in code are never
 * touched. Reference-style images and links resolve to their definition, whose destination is the
 * span to rewrite; raw HTML is parsed with parse5 for `<img src>`, `<a href>` and friends.
 */
export function findUrlTargets(text: string, maxMarkupNodes = Number.POSITIVE_INFINITY): UrlTarget[] | { refused: 'too-complex' } {
  // Raw HTML blocks share one budget, as in the html filter: hostile markup must not cost seconds.
  const budget = { remaining: maxMarkupNodes };
  const events = postprocess(parse().document().write(preprocess()(text, undefined, true)));
  const slice = (span: Span) => text.slice(span.start, span.end);
  const targets: UrlTarget[] = [];
  const definitions = new Map<string, { destination: Span; url: Span }>();
  const references: { kind: 'image' | 'link'; id: string }[] = [];
  const open: Pending[] = [];
  let definitionLabel: Span | undefined;
  let definitionDestination: Span | undefined;

  for (const [phase, token] of events) {
    const span = { start: token.start.offset, end: token.end.offset };
    const current = open[open.length - 1];
    if (phase === 'enter') {
      switch (token.type) {
        case 'image':
        case 'link':
          open.push({ kind: token.type, sawReference: false });
          break;
        case 'labelText':
          if (current && !current.label) current.label = span;
          break;
        case 'resourceDestination':
          if (current) current.destination = span;
          break;
        case 'resourceDestinationString':
          if (current) current.destinationUrl = span;
          break;
        case 'reference':
          if (current) current.sawReference = true;
          break;
        case 'referenceString':
          if (current) current.reference = span;
          break;
        case 'definitionLabelString':
          definitionLabel = span;
          break;
        case 'definitionDestination':
          definitionDestination = span;
          break;
        case 'definitionDestinationString':
          // CommonMark: the first definition of a label wins.
          if (definitionLabel && definitionDestination) {
            const id = normalizeIdentifier(slice(definitionLabel));
            if (!definitions.has(id)) definitions.set(id, { destination: definitionDestination, url: span });
          }
          break;
        case 'autolinkProtocol':
          targets.push(target('link', decodeString(slice(span)), span, (replacement) => replacement));
          break;
        case 'htmlText':
        case 'htmlFlow':
          {
            const found = htmlTargets(slice(span), span.start, budget);
            if (!found) return { refused: 'too-complex' };
            for (const item of found) targets.push(item);
          }
          break;
      }
    } else if ((token.type === 'image' || token.type === 'link') && current) {
      open.pop();
      if (current.destination) {
        const url = current.destinationUrl ? decodeString(slice(current.destinationUrl)) : '';
        targets.push(target(current.kind, url, current.destination, (replacement) => replacement));
      } else {
        const label = current.reference ?? current.label;
        if (label) references.push({ kind: current.kind, id: normalizeIdentifier(slice(label)) });
      }
    } else if (token.type === 'definition') {
      definitionLabel = undefined;
      definitionDestination = undefined;
    }
  }

  // A definition used by an image is judged as an image (it is fetched); any other, as a link.
  const usedByImage = new Set(references.filter((ref) => ref.kind === 'image').map((ref) => ref.id));
  for (const [id, definition] of definitions) {
    const kind = usedByImage.has(id) ? 'image' : 'link';
    targets.push(target(kind, decodeString(slice(definition.url)), definition.destination, (replacement) => replacement));
  }
  return targets;
}

const target = (kind: 'image' | 'link', url: string, span: Span, write: (replacement: string) => string): UrlTarget => ({
  kind,
  url,
  start: span.start,
  end: span.end,
  write,
});

function htmlTargets(source: string, offset: number, budget: { remaining: number }): UrlTarget[] | undefined {
  const targets: UrlTarget[] = [];
  if (budget.remaining < 1) return undefined;
  const parsed = Number.isFinite(budget.remaining) ? parseHtmlWithLocations(source, budget.remaining) : parseHtmlWithLocations(source);
  if ('refused' in parsed) return undefined;
  budget.remaining -= parsed.nodes;
  const { tags } = parsed;
  for (const tag of tags) {
    if (tag.kind !== 'start') continue;
    const fetched = AUTO_FETCH[tag.name];
    for (const attr of tag.attrs) {
      const location = attr.location;
      if (!location) continue;
      const span = { start: offset + location.startOffset, end: offset + location.endOffset };
      const name = attr.name;
      const write = (replacement: string) => `${name}="${replacement}"`;
      if (fetched?.includes(name)) {
        // srcset lists candidates "url 2x, url 3x": the set is as dangerous as its worst URL.
        const urls = name === 'srcset' ? attr.value.split(',').map((part) => part.trim().split(/\s/)[0] ?? '') : [attr.value];
        for (const url of urls) targets.push(target('image', url, span, write));
      } else if (tag.name === 'a' && (name === 'href' || name === 'xlink:href')) {
        targets.push(target('link', attr.value, span, write));
      }
    }
  }
  return targets;
}
