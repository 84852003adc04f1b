/**
 * The model backend contract, pluggable like a rate-limit store (STYLE.md 8): loaded once in
 * `init()`, never per request. Backends work on token ids so that the stage can cut long input into
 * windows that each fit the model, instead of letting the tokenizer drop what does not fit.
 */

export type LabelScore = { label: string; score: number };

export type BackendInfo = {
  /** A short, loggable name of the model (a directory's base name, a hub id). */
  id: string;
  /** The model's labels, in output order. */
  labels: readonly string[];
  /** `true` when labels are independent (sigmoid), `false` when they share one softmax. */
  multiLabel: boolean;
  /** Most token ids one window may hold, special tokens included. */
  windowTokens: number;
  /** Special tokens wrapped around every window, e.g. [CLS] and [SEP]. */
  prefixIds: readonly number[];
  suffixIds: readonly number[];
  /** Changes whenever the model's files do (the verified manifest's digest). */
  digest: string;
  /** The `promptsieve` key of the model's config.json, if any: thresholds, role markers. */
  settings?: unknown;
};

export type ClassifierBackend = {
  init(): Promise<BackendInfo>;
  /** Token ids of a text, without special tokens. Synchronous: the stage keeps each call short. */
  encode(text: string): number[];
  /** Scores windows of token ids (special tokens included, each at most `windowTokens` long). */
  classify(windows: readonly (readonly number[])[]): Promise<LabelScore[][]>;
  close(): Promise<void>;
};
