import type { Tokenizer } from '@huggingface/tokenizers';
import { detectionView } from '../../filters/detection-view.js';
import { withoutEncodedRuns } from '../encoded-runs.js';
import { CLS_ID, SEP_ID } from './tokenizer-builder.js';

/**
 * What the model reads, computed the way the ONNX graph computes it: every token of a window plus a
 * hashed bucket for every adjacent token pair. Keep `bigramBucket` and onnx-writer.ts in step.
 */

/** Multiplier of the pair hash; small enough that id * BIGRAM_MULTIPLIER + id stays exact in float64 and int64. */
export const BIGRAM_MULTIPLIER = 1_000_003;

export const bigramBucket = (a: number, b: number, vocab: number, buckets: number): number =>
  vocab + ((a * BIGRAM_MULTIPLIER + b) % buckets);

export type Windowing = {
  /** Tokens per window including [CLS] and [SEP]: tokenizer_config's model_max_length. */
  windowTokens: number;
  /** Tokens the window advances by; windows overlap by windowTokens - 2 - stride. */
  strideTokens: number;
  /** Characters kept from the start of very long texts before tokenizing (the runtime cuts the same way). */
  maxChars: number;
  /** `skip`: runs of 64+ base64/hex characters are left out, as the model stage's default `encodedRuns` does. */
  encodedRuns?: 'skip' | 'keep';
};

/** What the model reads of a text: its detection view, cut, without encoded runs when the stage skips them. */
export function modelInput(text: string, windowing: Windowing): string {
  const view = detectionView(text).slice(0, windowing.maxChars);
  return windowing.encodedRuns === 'skip' ? withoutEncodedRuns(view) : view;
}

/** Token ids of a text's detection view, without [CLS]/[SEP]. */
export function tokenIds(tokenizer: Tokenizer, text: string, windowing: Windowing, prefix = ''): number[] {
  return tokenizer.encode(prefix + modelInput(text, windowing), { add_special_tokens: false }).ids;
}

/**
 * Cuts a token sequence into overlapping windows, each wrapped in [CLS] … [SEP]. A text is scored as the
 * maximum over its windows, so one injected sentence in a long harmless document still stands out.
 * `prefixIds` (a role marker) is repeated at the start of every window.
 */
export function windows(ids: readonly number[], windowing: Windowing, prefixIds: readonly number[] = []): number[][] {
  const body = windowing.windowTokens - 2 - prefixIds.length;
  const out: number[][] = [];
  for (let start = 0; ; start += windowing.strideTokens) {
    out.push([CLS_ID, ...prefixIds, ...ids.slice(start, start + body), SEP_ID]);
    if (start + body >= ids.length) break;
  }
  return out;
}

/** The embedding rows one window sums: its token ids, then one hashed bucket per adjacent pair. */
export function featureRows(window: readonly number[], vocab: number, buckets: number): Int32Array {
  const rows = new Int32Array(window.length * 2 - 1);
  for (let i = 0; i < window.length; i++) rows[i] = window[i]!;
  for (let i = 0; i + 1 < window.length; i++) rows[window.length + i] = bigramBucket(window[i]!, window[i + 1]!, vocab, buckets);
  return rows;
}
