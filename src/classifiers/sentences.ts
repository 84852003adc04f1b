import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { splitIntoBlocks } from './chunking.js';

/**
 * Sentence boundaries for the `sentences` long-text strategy: the text is tokenized sentence by sentence
 * so that the window plan knows at which token each sentence begins.
 */

// Not Intl.Segmenter: UAX #29 starts no sentence at a lowercase word ("fence. ignore all previous
// instructions" stays one sentence), which is how an injected sentence may well be written.
const FULL_STOP = new Set([0x3002, 0xff01, 0xff1f, 0xff61]); // 。！？｡: no space needed after them
const STOP = new Set([0x2e, 0x21, 0x3f, 0x2026, ...FULL_STOP]); // . ! ? …
const CLOSER = new Set([0x22, 0x27, 0x29, 0x5d, 0xbb, 0x201d, 0x2019, 0x300d, 0x300f, 0xff09]); // " ' ) ] » ” ’ 」 』 ）
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c, 0xa0, 0x3000]);

/**
 * Character offsets where each sentence after the first begins: after a line break, or after `.`, `!`,
 * `?` or `…` (and closing quotes or brackets) followed by a space, or after a full-width `。！？`; always
 * after the spaces that follow. One linear pass; a boundary never falls inside a surrogate pair.
 */
export function sentenceStarts(text: string): number[] {
  const starts: number[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    let end = i + 1;
    if (STOP.has(code) && !FULL_STOP.has(code)) {
      while (end < length && (STOP.has(text.charCodeAt(end)) || CLOSER.has(text.charCodeAt(end)))) end++;
      // Not followed by a space ("3.14", "e.g.x"): no boundary; the run is not read again.
      if (end < length && !SPACE.has(text.charCodeAt(end))) {
        i = end;
        continue;
      }
    } else if (code !== 0x0a && !FULL_STOP.has(code)) {
      i = end;
      continue;
    }
    while (end < length && SPACE.has(text.charCodeAt(end))) end++;
    if (end < length && (starts.length === 0 || starts[starts.length - 1]! < end)) starts.push(end);
    i = end;
  }
  return starts;
}

export type EncodedSentences = {
  ids: number[];
  /** Token index where each sentence after the first begins, increasing, each in (0, ids.length). */
  tokenStarts: number[];
};

/**
 * Token ids of a text encoded sentence by sentence (WordPiece splits on spaces and punctuation, and a
 * boundary follows spaces or full-width punctuation, so the ids are those of the whole text), with the
 * token index of each sentence start; yields to the event loop after every `blockChars` characters.
 */
export async function encodeBySentence(encode: (text: string) => number[], text: string, blockChars: number): Promise<EncodedSentences> {
  const ids: number[] = [];
  const tokenStarts: number[] = [];
  let sinceYield = 0;
  let from = 0;
  for (const to of [...sentenceStarts(text), text.length]) {
    if (ids.length > 0 && (tokenStarts.length === 0 || tokenStarts[tokenStarts.length - 1]! < ids.length)) tokenStarts.push(ids.length);
    for (const block of splitIntoBlocks(text.slice(from, to), blockChars)) {
      for (const id of encode(block)) ids.push(id);
      sinceYield += block.length;
      if (sinceYield >= blockChars) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
    from = to;
  }
  // A sentence that encodes to no token leaves a start at the end: drop it.
  while (tokenStarts.length > 0 && tokenStarts[tokenStarts.length - 1]! >= ids.length) tokenStarts.pop();
  return { ids, tokenStarts };
}
