import { z } from 'zod';

/**
 * Trainer options; every field has a default. The bundled model is trained with these defaults plus
 * `members: 4, dims: 8` (bench/train-default-model.ts, which also adds the multilingual and everyday-request synthetic kinds,
 * the table twins and the instruction twins to the data).
 * The defaults were chosen by leave-one-source-out detection (bench/model-eval.ts, docs/bench/model-quality.md).
 */
export const trainOptionsSchema = z.strictObject({
  /** Seed of every random choice: same data + same seed → byte-identical ONNX files. Defaults to `1`. */
  seed: z.number().int().nonnegative().default(1),
  /** Passes over the (per-source capped) data. Defaults to `4`. */
  epochs: z.number().int().positive().default(4),
  /** Embedding width. Defaults to `32`. */
  dims: z.number().int().positive().default(32),
  /** Width of the hidden ReLU layer. Defaults to `32`. */
  hidden: z.number().int().positive().default(32),
  /** Pool each window by per-dimension maximum as well as by mean. Defaults to `true`. */
  maxPool: z.boolean().default(true),
  /** Hash buckets for token pairs. Defaults to `65536`. */
  buckets: z.number().int().positive().default(65_536),
  /** Most whole words in the vocabulary. Defaults to `24000`. */
  maxWords: z.number().int().nonnegative().default(24_000),
  /** Most `##` word pieces in the vocabulary. Defaults to `6000`. */
  maxPieces: z.number().int().nonnegative().default(6_000),
  /** Words and pieces seen fewer times are left out. Defaults to `3`. */
  minCount: z.number().int().positive().default(3),
  /** Tokens per scoring window, [CLS] and [SEP] included (tokenizer_config model_max_length). Defaults to `128`. */
  windowTokens: z.number().int().min(8).max(512).default(128),
  /** Tokens a window advances by. Defaults to half the window body. */
  strideTokens: z.number().int().positive().optional(),
  /** Characters of a text read before tokenizing. Defaults to `20000`. */
  maxChars: z.number().int().positive().default(20_000),
  /** Adam step size. Defaults to `0.003`. */
  learningRate: z.number().positive().default(0.003),
  /** Decoupled weight decay on the embedding. Defaults to `0.001`. */
  weightDecay: z.number().nonnegative().default(0.001),
  /** Examples per update. Defaults to `32`. */
  batchSize: z.number().int().positive().default(32),
  /** Share of feature rows dropped from each training window. Defaults to `0.3`. */
  dropout: z.number().min(0).max(0.9).default(0.3),
  /** Most examples per source file and label per epoch (as in the leave-one-source-out runs). Defaults to `1000`. */
  maxPerGroup: z.number().int().positive().default(1_000),
  /** Share of data-shaped rows (categories `indirect`, `indirect-steering`, `benign-document`) trained with the `[DATA] ` role marker. Defaults to `0.5`. */
  dataMarkerRate: z.number().min(0).max(1).default(0.5),
  /**
   * Train every `indirect-steering` row (an injected document whose attack only steers the answer: "answer
   * in rhyme", "mention this site") with the marker: an attack inside data, an ordinary request from a user.
   * Defaults to `false`.
   */
  steeringAsData: z.boolean().default(false),
  /**
   * Share of rows (either label) trained with every non-ASCII token replaced by `[UNK]`, so that text in a
   * script the vocabulary lacks (or rare emoji) reads as uninformative rather than as an attack. Defaults to `0`.
   */
  unknownRate: z.number().min(0).max(1).default(0),
  /**
   * `fold`: every ASCII digit is read as `0` (tokenizer.json normalizer `Lowercase` then `Replace` of
   * `[0-9]` by `0`, src/classifiers/train/tokenizer-builder.ts), so "Ticket 2201" and "Ticket 2200" are the
   * same tokens and a number's value carries no weight, only its length. Unset (the bundled recipe) or
   * `keep`: digits are read as written.
   */
  digits: z.enum(['keep', 'fold']).optional(),
  /**
   * `skip`: runs of 64+ base64, hex or URL-safe characters are left out of what the model learns from, as
   * the model stage leaves them out of what it scores by default (src/classifiers/encoded-runs.ts), so a
   * model does not learn random-looking strings as a sign of an attack. Unset or `keep`: read as written.
   */
  encodedRuns: z.enum(['skip', 'keep']).optional(),
  /**
   * Seed ensemble (the bundled recipe uses 4 × 8 since 2026-11-23): this many networks, each `dims` wide, trained
   * on the same tokenizer and rows with their own seeds (member 0 with `seed`, member k with
   * `seed + k × 7919`), whose injection probabilities are averaged window by window inside one ONNX graph
   * (one embedding table of members × dims columns, block-diagonal dense layers). A text's score stays the
   * maximum over its windows. Unset or `1`: one network.
   */
  members: z.number().int().min(1).max(16).optional(),
  /**
   * Opt-in distillation: first train this many teacher networks (same tokenizer and rows, seeds
   * `seed + k × 7919`), then the shipped network (seed `seed`) learns, for every window it trains on, a
   * target that is `distillWeight` × the teachers' mean probability + the rest × the text's label. One
   * network of the usual size, taught the seeds' average instead of one seed's quirks. Unset: no teachers.
   * Measured once (4 teachers, weight 0.7, seed 1): below the 4 × 8 ensemble on dev (docs/bench/model-quality.md).
   */
  teachers: z.number().int().min(1).max(16).optional(),
  /** Share of a distilled target taken from the teachers (the rest is the label). Defaults to `0.7`; only with `teachers`. */
  distillWeight: z.number().min(0).max(1).optional(),
}).refine((options) => !(options.teachers && options.members && options.members > 1), {
  message: 'teachers and members do not combine: distil into one network, or ship an ensemble',
  path: ['teachers'],
});

export type TrainOptions = z.input<typeof trainOptionsSchema>;
export type ParsedTrainOptions = z.output<typeof trainOptionsSchema>;
