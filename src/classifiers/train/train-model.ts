import { parseOptions } from '../../config.js';
import type { Example } from './dataset.js';
import { modelInput, tokenIds, type Windowing } from './features.js';
import type { Network } from './network.js';
import { writeOnnx, writeOnnxEnsemble } from './onnx-writer.js';
import { trainOptionsSchema, type ParsedTrainOptions, type TrainOptions } from './options.js';
import { seededRandom, type Random } from './random.js';
import { buildTokenizer, loadTokenizer, vocabSize, type TokenizerFiles } from './tokenizer-builder.js';
import { scoreEnsembleIds, scoreIds, teacherTargets, trainNetwork, type EncodedExample } from './train-loop.js';

/** The marker a data segment (role `tool` or `document`) is prefixed with, in every window. */
export const DATA_MARKER = '[DATA]';
export const DATA_MARKER_ID = 4;
/** `indirect-steering`: attacks that only steer the answer ("answer in rhyme"), ordinary requests from a user. */
const DATA_CATEGORIES = new Set(['indirect', 'indirect-steering', 'benign-document']);

export type TrainedModel = {
  options: ParsedTrainOptions;
  tokenizer: TokenizerFiles;
  network: Network;
  /** Every network of an ensemble (trainer option `members`), `network` first; `[network]` otherwise. */
  members: Network[];
  vocab: number;
  windowing: Windowing;
  /** Probability of injection, max-pooled over windows, computed in TypeScript (same math as the ONNX graph). */
  score(text: string, asData?: boolean): number;
  onnx(quantized: boolean): Uint8Array;
};

export function windowingOf(options: ParsedTrainOptions): Windowing {
  return {
    windowTokens: options.windowTokens,
    strideTokens: options.strideTokens ?? Math.max(1, Math.floor((options.windowTokens - 2) / 2)),
    maxChars: options.maxChars,
    ...(options.encodedRuns ? { encodedRuns: options.encodedRuns } : {}),
  };
}

const UNK_ID = 1;

/** Ids of vocabulary entries with a non-ASCII character: what an unseen script or emoji would have been. */
function nonAsciiIds(tokenizer: TokenizerFiles): Set<number> {
  const vocab = (tokenizer.tokenizerJson as { model: { vocab: Record<string, number> } }).model.vocab;
  return new Set(Object.entries(vocab).filter(([token]) => /[^\x00-\x7f]/.test(token)).map(([, id]) => id));
}

const maskUnknown = (ids: number[], nonAscii: Set<number>, mask: boolean): number[] =>
  mask ? ids.map((id) => (nonAscii.has(id) ? UNK_ID : id)) : ids;

/** The training seed of ensemble member `k` (member 0 trains with the model's own seed). */
export const memberSeed = (seed: number, k: number): number => seed + k * 7919;

function hasMarker(category: string, options: ParsedTrainOptions, random: Random): boolean {
  if (category === 'indirect-steering' && options.steeringAsData) return true;
  return DATA_CATEGORIES.has(category) && random.next() < options.dataMarkerRate;
}

/** Trains the teachers and writes their mean probability per window into each example (`teacher`). */
function distil(encoded: EncodedExample[], vocab: number, options: ParsedTrainOptions, windowing: Windowing, log?: (line: string) => void): void {
  const teachers: Network[] = [];
  for (let k = 1; k <= options.teachers!; k++) {
    log?.(`teacher ${k}/${options.teachers}`);
    teachers.push(trainNetwork(encoded, vocab, { ...options, seed: memberSeed(options.seed, k), windowing }, log));
  }
  for (const example of encoded) example.teacher = teacherTargets(teachers, example, vocab, options.buckets, windowing);
}

export function trainModel(examples: readonly Example[], input: TrainOptions = {}, log?: (line: string) => void): TrainedModel {
  const options = parseOptions(trainOptionsSchema, input, 'train');
  const windowing = windowingOf(options);
  const tokenizer = buildTokenizer(
    examples.map((example) => modelInput(example.text, windowing)),
    { maxWords: options.maxWords, maxPieces: options.maxPieces, minCount: options.minCount, windowTokens: options.windowTokens, digits: options.digits },
  );
  const vocab = vocabSize(tokenizer);
  const encoder = loadTokenizer(tokenizer);
  const random = seededRandom(options.seed ^ 0x5eed);
  // Drawn from its own generator so that unknownRate 0 leaves every other random choice (and the model bytes) as before.
  const unknownRandom = seededRandom(options.seed ^ 0x0dd);
  const nonAscii = nonAsciiIds(tokenizer);
  const encoded: EncodedExample[] = examples.map((example) => ({
    ids: maskUnknown(tokenIds(encoder, example.text, windowing), nonAscii, options.unknownRate > 0 && unknownRandom.next() < options.unknownRate),
    prefixIds: hasMarker(example.category ?? '', options, random) ? [DATA_MARKER_ID] : [],
    label: example.label === 'injection' ? 1 : 0,
    // Capped per source and label, so a source's few harmless rows are not drowned by its many attacks.
    group: `${example.file}:${example.label}`,
  }));
  log?.(`vocabulary ${vocab} tokens + ${options.buckets} pair buckets; ${encoded.length} examples`);
  if (options.teachers) distil(encoded, vocab, options, windowing, log);
  const network = trainNetwork(encoded, vocab, { ...options, windowing, distillWeight: options.distillWeight ?? 0.7 }, log);
  const members = [network];
  // Ensemble members share the tokenizer and the encoded rows (role markers included); each has its own seed.
  for (let k = 1; k < (options.members ?? 1); k++) {
    log?.(`ensemble member ${k + 1}/${options.members}`);
    members.push(trainNetwork(encoded, vocab, { ...options, seed: memberSeed(options.seed, k), windowing }, log));
  }
  const ensemble = members.length > 1;
  return {
    options,
    tokenizer,
    network,
    members,
    vocab,
    windowing,
    score: (text, asData = false) =>
      ensemble
        ? scoreEnsembleIds(members, vocab, options.buckets, tokenIds(encoder, text, windowing), windowing, asData ? [DATA_MARKER_ID] : [])
        : scoreIds(network, vocab, options.buckets, tokenIds(encoder, text, windowing), windowing, asData ? [DATA_MARKER_ID] : []),
    onnx: (quantized) => (ensemble ? writeOnnxEnsemble(members, vocab, options.buckets, quantized) : writeOnnx(network, vocab, options.buckets, quantized)),
  };
}
