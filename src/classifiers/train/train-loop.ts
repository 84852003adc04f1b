import { featureRows, windows, type Windowing } from './features.js';
import { backward, createNetwork, forward, sigmoid, zeroGradients, type Network } from './network.js';
import { createAdam } from './optimizer.js';
import { seededRandom, shuffle } from './random.js';

/**
 * A training example after tokenizing: its token ids (no [CLS]/[SEP]) and the ids repeated at each window's
 * start. `teacher`: the teachers' mean probability for each of its windows, when the model is distilled.
 */
export type EncodedExample = { ids: number[]; prefixIds: number[]; label: 0 | 1; group: string; teacher?: Float32Array };

export type LoopOptions = {
  seed: number;
  epochs: number;
  dims: number;
  hidden: number;
  maxPool: boolean;
  buckets: number;
  learningRate: number;
  weightDecay: number;
  batchSize: number;
  /** Probability that a feature row is left out of a training window (robustness to edits). */
  dropout: number;
  /** At most this many examples of one group (source file and label) per epoch, so no source dominates. */
  maxPerGroup: number;
  windowing: Windowing;
  /** Share of a distilled window's target that is the teachers' probability (the rest is the text's label). */
  distillWeight?: number;
};

/**
 * Multiple-instance training that matches max-pooled scoring: a text is an attack when its most
 * suspicious window is. For an attack the loss is taken on its highest-scoring window; for a harmless
 * text on its highest-scoring window and one random window (a harmless document must have no window
 * that looks like an attack).
 */
export function trainNetwork(examples: readonly EncodedExample[], vocab: number, options: LoopOptions, log?: (line: string) => void): Network {
  const random = seededRandom(options.seed);
  const net = createNetwork(vocab + options.buckets, options.dims, options.hidden, options.maxPool, random);
  const apply = createAdam(net, { learningRate: options.learningRate, weightDecay: options.weightDecay });
  const rowsOf = (window: number[]) => featureRows(window, vocab, options.buckets);

  const groups = new Map<string, EncodedExample[]>();
  for (const example of examples) {
    const members = groups.get(example.group);
    if (members) members.push(example);
    else groups.set(example.group, [example]);
  }
  const groupNames = [...groups.keys()].sort();

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const epochExamples: EncodedExample[] = [];
    for (const name of groupNames) {
      const members = shuffle([...groups.get(name)!], random);
      epochExamples.push(...members.slice(0, options.maxPerGroup));
    }
    shuffle(epochExamples, random);
    // Both labels carry the same total weight whatever the mix.
    const positives = epochExamples.filter((example) => example.label === 1).length;
    const negatives = epochExamples.length - positives;
    const classWeight = [epochExamples.length / (2 * Math.max(1, negatives)), epochExamples.length / (2 * Math.max(1, positives))];
    let loss = 0;
    for (let start = 0; start < epochExamples.length; start += options.batchSize) {
      const batch = epochExamples.slice(start, start + options.batchSize);
      const grads = zeroGradients(net);
      for (const example of batch) {
        const all = windows(example.ids, options.windowing, example.prefixIds).map(rowsOf);
        const chosen = [all.length === 1 ? 0 : argmaxWindow(net, all)];
        if (example.label === 0 && all.length > 1) chosen.push(random.int(all.length));
        for (const index of chosen) {
          const act = forward(net, all[index]!, () => random.next() >= options.dropout);
          const p = sigmoid(act.logit);
          const target = example.teacher ? mix(example.label, example.teacher[index]!, options.distillWeight ?? 0) : example.label;
          loss -= target * Math.log(Math.max(1e-7, p)) + (1 - target) * Math.log(Math.max(1e-7, 1 - p));
          backward(net, act, target, classWeight[example.label]! / chosen.length, grads);
        }
      }
      apply(grads, batch.length);
    }
    log?.(`epoch ${epoch + 1}/${options.epochs}: ${epochExamples.length} examples, mean loss ${(loss / epochExamples.length).toFixed(4)}`);
  }
  return net;
}

const mix = (label: 0 | 1, teacher: number, weight: number): number => weight * teacher + (1 - weight) * label;

/** The teachers' mean probability for each window of a text (no dropout), the targets a distilled student learns. */
export function teacherTargets(teachers: readonly Network[], example: EncodedExample, vocab: number, buckets: number, windowing: Windowing): Float32Array {
  const all = windows(example.ids, windowing, example.prefixIds);
  const out = new Float32Array(all.length);
  all.forEach((window, index) => {
    const rows = featureRows(window, vocab, buckets);
    let sum = 0;
    for (const teacher of teachers) sum += sigmoid(forward(teacher, rows).logit);
    out[index] = sum / teachers.length;
  });
  return out;
}

function argmaxWindow(net: Network, all: Int32Array[]): number {
  let best = 0;
  let bestLogit = -Infinity;
  all.forEach((rows, index) => {
    const { logit } = forward(net, rows);
    if (logit > bestLogit) [best, bestLogit] = [index, logit];
  });
  return best;
}

/** The probability that a text is an injection: the maximum over its windows, as the runtime scores it. */
export function scoreIds(net: Network, vocab: number, buckets: number, ids: readonly number[], windowing: Windowing, prefixIds: readonly number[] = []): number {
  let best = -Infinity;
  for (const window of windows(ids, windowing, prefixIds)) best = Math.max(best, forward(net, featureRows(window, vocab, buckets)).logit);
  return sigmoid(best);
}

/**
 * The ensemble's probability (trainer option `members`): per window the mean of the members' probabilities,
 * then the maximum over windows, as the ensemble ONNX graph and the runtime compute it.
 */
export function scoreEnsembleIds(nets: readonly Network[], vocab: number, buckets: number, ids: readonly number[], windowing: Windowing, prefixIds: readonly number[] = []): number {
  let best = 0;
  for (const window of windows(ids, windowing, prefixIds)) {
    const rows = featureRows(window, vocab, buckets);
    let sum = 0;
    for (const net of nets) sum += sigmoid(forward(net, rows).logit);
    best = Math.max(best, sum / nets.length);
  }
  return best;
}
