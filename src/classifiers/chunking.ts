import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/**
 * Long input, never silently truncated: the text is cut by characters first (so one huge prompt
 * cannot stall the process in the tokenizer), tokenized in blocks with a yield between them, and
 * its token ids are cut into windows that each fit the model.
 */

export const LONG_TEXT_STRATEGIES = ['chunks', 'sentences', 'head-tail', 'full'] as const;
export type LongTextStrategy = (typeof LONG_TEXT_STRATEGIES)[number];

/** Keeps at most `maxChars` UTF-16 units, never splitting a surrogate pair. */
export function cutByChars(text: string, maxChars: number): { text: string; cutChars: number } {
  if (text.length <= maxChars) return { text, cutChars: 0 };
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return { text: text.slice(0, end), cutChars: text.length - end };
}

const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;

/**
 * Splits a text into blocks of about `blockChars`, each ending just after a space when one is near,
 * so that tokenizing block by block gives the same words as tokenizing the whole.
 */
export function splitIntoBlocks(text: string, blockChars: number): string[] {
  const blocks: string[] = [];
  let start = 0;
  while (text.length - start > blockChars) {
    let end = start + blockChars;
    // Look back at most half a block for a space; a text without spaces is cut where it is.
    const floor = end - Math.floor(blockChars / 2);
    let cut = end;
    while (cut > floor && !isSpace(text.charCodeAt(cut - 1))) cut--;
    if (cut > floor) end = cut;
    else if (text.charCodeAt(end - 1) >= 0xd800 && text.charCodeAt(end - 1) <= 0xdbff) end--;
    blocks.push(text.slice(start, end));
    start = end;
  }
  blocks.push(text.slice(start));
  return blocks;
}

/** Token ids of a text, tokenized block by block with a yield in between so the event loop keeps turning. */
export async function encodeInBlocks(encode: (text: string) => number[], text: string, blockChars: number): Promise<number[]> {
  if (text.length <= blockChars) return encode(text);
  const ids: number[] = [];
  for (const block of splitIntoBlocks(text, blockChars)) {
    for (const id of encode(block)) ids.push(id);
    await yieldToEventLoop();
  }
  return ids;
}

export type WindowPlan = {
  /** Token bodies, each at most `budget` long, in reading order. */
  bodies: number[][];
  /** Tokens that no window covers (only `head-tail` leaves any out). */
  skippedTokens: number;
};

/**
 * Cuts token ids into bodies of at most `budget` tokens. `chunks` and `full`: overlapping windows that
 * cover every token (the stage decides on early exit). `sentences`: the same windows, then short ones
 * that each start at a sentence (`sentenceStarts`: token indices of every sentence after the first) and
 * hold whole sentences up to SENTENCE_WINDOW_MIN_TOKENS, so that one sentence is read without the text
 * around it (at most `sentenceWindowCap` of them). `head-tail`: one window of the first quarter and the
 * last three quarters of the budget (Sun et al., 2019); the middle is reported as skipped.
 */
export function planWindows(
  ids: readonly number[],
  budget: number,
  overlap: number,
  strategy: LongTextStrategy,
  sentenceStarts: readonly number[] = [],
): WindowPlan {
  if (strategy === 'head-tail' && ids.length > budget) {
    const head = Math.floor(budget / 4);
    const tail = budget - head;
    return { bodies: [[...ids.slice(0, head), ...ids.slice(ids.length - tail)]], skippedTokens: ids.length - budget };
  }
  const stride = Math.max(1, budget - Math.min(overlap, Math.floor(budget / 2)));
  const starts: number[] = [];
  for (let start = 0; ; start += stride) {
    starts.push(start);
    if (start + budget >= ids.length) break;
  }
  const bodies = starts.map((start) => ids.slice(start, start + budget));
  if (strategy !== 'sentences') return { bodies, skippedTokens: 0 };
  const bounds = [0, ...sentenceStarts.filter((start) => start > 0 && start < ids.length), ids.length];
  const least = Math.min(SENTENCE_WINDOW_MIN_TOKENS, budget);
  const spans: [number, number][] = [];
  let next = 1;
  for (let i = 0; i < bounds.length - 1; i++) {
    const sentence = bounds[i]!;
    // A sentence this close after the last window's start is inside that window, whole.
    if (spans.length > 0 && sentence - spans[spans.length - 1]![0] < SENTENCE_WINDOW_GAP_TOKENS) continue;
    // Whole sentences up to `least` tokens, within the budget; near the end it starts earlier instead.
    while (next < bounds.length - 1 && bounds[next]! < sentence + least) next++;
    const end = Math.min(bounds[next]!, sentence + budget);
    const start = Math.max(0, Math.min(sentence, end - least));
    const sameAsChunk = start % stride === 0 && start <= starts[starts.length - 1]! && end === Math.min(start + budget, ids.length);
    if (!sameAsChunk && (spans.length === 0 || spans[spans.length - 1]![0] !== start)) spans.push([start, end]);
  }
  const cap = sentenceWindowCap(starts.length);
  // Over the cap, evenly spaced ones keep sentence windows across the whole text, the last one included.
  const chosen = spans.length <= cap ? spans : Array.from({ length: cap }, (_, i) => spans[Math.floor(((i + 1) * spans.length) / cap) - 1]!);
  for (const [start, end] of chosen) bodies.push(ids.slice(start, end));
  return { bodies, skippedTokens: 0 };
}

/**
 * The least tokens in a sentence window. Shorter windows make one sentence stand out more, but the
 * bundled model also scores more lone fragments (a URL, a line of dialogue) as injections. On dev,
 * 32/48/64 tokens flag 95/85/79 benign rows (`chunks`: 70) and catch 24/20/9 of 24 long-text probes
 * (docs/bench/model-stage.md).
 */
export const SENTENCE_WINDOW_MIN_TOKENS = 32;

/**
 * A sentence window opens only this many tokens or more after the last one: a sentence closer than
 * that lies whole in the last window, with fewer tokens before it (1 KB of prose: 10 sentence windows
 * instead of 16).
 */
export const SENTENCE_WINDOW_GAP_TOKENS = 16;

/** Most sentence windows added to `chunkWindows` windows: at most twice as many, and 16 for short texts. */
export function sentenceWindowCap(chunkWindows: number): number {
  return Math.max(16, 2 * chunkWindows);
}
