import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { splitIntoBlocks } from './chunking.js';

/**
 * Sentence boundaries for the `sentences` long-text strategy: the text is tokenized sentence by sentence
 * so that the window plan knows at which token each sentence begins.
 */

// Not Intl.Segmenter: UAX #29 starts no sentence at a lowercase word ("fence. ignore all previous
// instructions" stays one sentence), which is how an injected sentence may well be written.
const TERMINATORS = new Set(['.', '!', '?', '…', '。', '！', '？', '｡']);
const FULL_WIDTH_TERMINATORS = new Set(['。', '！', '？', '｡']);
const CLOSERS = new Set(['"', "'", ')', ']', '»', '”', '’', '」', '』', '）']);
const isSpace = (char: string) => char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f' || char === '\v' || char === '\u00a0' || char === '\u3000';

/**
 * Character offsets where each sentence after the first begins: after a line break, or after `.`, `!`,
 * `?` or `…` (and closing quotes or brackets) followed by a space, or after a full-width `。！？`; always
 * after the spaces that follow. One linear pass; a boundary never falls inside a surrogate pair.
 */
export function sentenceStarts(text: string): number[] {
  const starts: number[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    let end = -1;
    if (char === '\n' || FULL_WIDTH_TERMINATORS.has(char)) end = i + 1;
    else if (TERMINATORS.has(char)) {
      end = i + 1;
      while (end < text.length && (TERMINATORS.has(text[end]!) || CLOSERS.has(text[end]!))) end++;
      if (end < text.length && !isSpace(text[end]!)) end = -1;
    }
    if (end < 0) {
      i++;
      continue;
    }
    while (end < text.length && isSpace(text[end]!)) end++;
    if (end < text.length && (starts.length === 0 || starts[starts.length - 1]! < end)) starts.push(end);
    i = Math.max(end, i + 1);
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
