import type { Random } from './random.js';

/**
 * The classifier: an embedding bag over a window's token and token-pair rows, pooled by mean and (with
 * `maxPool`) by per-dimension maximum → one ReLU layer → one logit. The mean sees the whole window; the
 * maximum lets one strong phrase stand out however much harmless text surrounds it. Small enough to run
 * in well under a millisecond, with a hidden layer so that combinations ("an instruction" + "inside
 * data") can matter more than their parts. Training math is written out here because no maintained
 * TypeScript library trains sparse embedding bags; onnx-writer.ts computes exactly this forward pass.
 */
export type Network = {
  rows: number;
  dims: number;
  hidden: number;
  maxPool: boolean;
  embedding: Float32Array; // rows × dims
  w1: Float32Array; // (dims × pools) × hidden
  b1: Float32Array; // hidden
  w2: Float32Array; // hidden
  b2: Float32Array; // 1
};

export const pooledWidth = (net: Pick<Network, 'dims' | 'maxPool'>): number => net.dims * (net.maxPool ? 2 : 1);

export function createNetwork(rows: number, dims: number, hidden: number, maxPool: boolean, random: Random): Network {
  const uniform = (size: number, scale: number) => Float32Array.from({ length: size }, () => (random.next() * 2 - 1) * scale);
  const width = dims * (maxPool ? 2 : 1);
  return {
    rows,
    dims,
    hidden,
    maxPool,
    // Small: a row no training window touched (an unseen token pair) barely moves the mean and cannot win the maximum by chance.
    embedding: uniform(rows * dims, 0.01),
    w1: uniform(width * hidden, Math.sqrt(6 / (width + hidden))),
    b1: new Float32Array(hidden),
    w2: uniform(hidden, Math.sqrt(6 / (hidden + 1))),
    b2: new Float32Array(1),
  };
}

/** `pooled` is [mean…, max…]; `argmax[d]` is the row that gave dimension d its maximum. */
export type Activations = { pooled: Float64Array; argmax: Int32Array; hidden: Float64Array; logit: number; used: Int32Array };

/** Forward pass over one window's feature rows; `keep` (dropout) decides per row whether it is pooled. */
export function forward(net: Network, features: Int32Array, keep?: (index: number) => boolean): Activations {
  const { dims, hidden: width } = net;
  const used: number[] = [];
  for (let i = 0; i < features.length; i++) if (!keep || keep(i)) used.push(features[i]!);
  if (used.length === 0) used.push(features[0]!);
  const pooled = new Float64Array(pooledWidth(net));
  const argmax = new Int32Array(dims);
  if (net.maxPool) pooled.fill(-Infinity, dims);
  for (const row of used) {
    const offset = row * dims;
    for (let d = 0; d < dims; d++) {
      const value = net.embedding[offset + d]!;
      pooled[d]! += value;
      if (net.maxPool && value > pooled[dims + d]!) {
        pooled[dims + d] = value;
        argmax[d] = row;
      }
    }
  }
  for (let d = 0; d < dims; d++) pooled[d]! /= used.length;
  const hidden = new Float64Array(width);
  let logit = net.b2[0]!;
  for (let h = 0; h < width; h++) {
    let sum = net.b1[h]!;
    for (let i = 0; i < pooled.length; i++) sum += pooled[i]! * net.w1[i * width + h]!;
    hidden[h] = sum > 0 ? sum : 0;
    logit += hidden[h]! * net.w2[h]!;
  }
  return { pooled, argmax, hidden, logit, used: Int32Array.from(used) };
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Gradients of a minibatch: dense for the small layers, sparse (row → gradient) for the embedding. */
export type Gradients = { embedding: Map<number, Float64Array>; w1: Float64Array; b1: Float64Array; w2: Float64Array; b2: Float64Array };

export const zeroGradients = (net: Network): Gradients => ({
  embedding: new Map(),
  w1: new Float64Array(net.w1.length),
  b1: new Float64Array(net.b1.length),
  w2: new Float64Array(net.w2.length),
  b2: new Float64Array(1),
});

/** Adds the gradient of `weight × logistic loss(target)` for one forward pass; `target` is 0, 1 or a soft probability. */
export function backward(net: Network, act: Activations, target: number, weight: number, grads: Gradients): void {
  const { dims, hidden: width } = net;
  const dLogit = (sigmoid(act.logit) - target) * weight;
  grads.b2[0]! += dLogit;
  const dPooled = new Float64Array(act.pooled.length);
  for (let h = 0; h < width; h++) {
    grads.w2[h]! += dLogit * act.hidden[h]!;
    if (act.hidden[h]! <= 0) continue;
    const dHidden = dLogit * net.w2[h]!;
    grads.b1[h]! += dHidden;
    for (let i = 0; i < act.pooled.length; i++) {
      grads.w1[i * width + h]! += dHidden * act.pooled[i]!;
      dPooled[i]! += dHidden * net.w1[i * width + h]!;
    }
  }
  const rowGradient = (row: number) => {
    let grad = grads.embedding.get(row);
    if (!grad) grads.embedding.set(row, (grad = new Float64Array(dims)));
    return grad;
  };
  const share = 1 / act.used.length;
  for (const row of act.used) {
    const grad = rowGradient(row);
    for (let d = 0; d < dims; d++) grad[d]! += dPooled[d]! * share;
  }
  if (net.maxPool) for (let d = 0; d < dims; d++) rowGradient(act.argmax[d]!)[d]! += dPooled[dims + d]!;
}
