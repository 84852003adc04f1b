import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/**
 * Long input, never silently truncated: the text is cut by characters first (so one huge prompt
 * cannot stall the process in the tokenizer), tokenized in blocks with a yield between them, and
 * its token ids are cut into windows that each fit the model.
 */

export const LONG_TEXT_STRATEGIES = ['chunks', 'head-tail', 'full'] as const;
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
 * cover every token (the stage decides on early exit). `head-tail`: one window of the first quarter and
 * the last three quarters of the budget (Sun et al., 2019); the middle is reported as skipped.
 */
export function planWindows(ids: readonly number[], budget: number, overlap: number, strategy: LongTextStrategy): WindowPlan {
  if (ids.length <= budget) return { bodies: [ids.slice()], skippedTokens: 0 };
  if (strategy === 'head-tail') {
    const head = Math.floor(budget / 4);
    const tail = budget - head;
    return { bodies: [[...ids.slice(0, head), ...ids.slice(ids.length - tail)]], skippedTokens: ids.length - budget };
  }
  const stride = Math.max(1, budget - Math.min(overlap, Math.floor(budget / 2)));
  const bodies: number[][] = [];
  for (let start = 0; ; start += stride) {
    bodies.push(ids.slice(start, start + budget));
    if (start + budget >= ids.length) break;
  }
  return { bodies, skippedTokens: 0 };
}
