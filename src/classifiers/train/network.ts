import type { Random } from './random.js';

/**
 * The classifier: an embedding bag (mean of token and token-pair rows) → one ReLU layer → one logit.
 * Small enough to run in well under a millisecond, with a hidden layer so that combinations ("an
 * instruction" + "inside data") can matter more than their parts. Training math is written out here
 * because no maintained TypeScript library trains sparse embedding bags; the ONNX graph in
 * onnx-writer.ts computes exactly this forward pass.
 */
export type Network = {
  rows: number;
  dims: number;
  hidden: number;
  embedding: Float32Array; // rows × dims
  w1: Float32Array; // dims × hidden
  b1: Float32Array; // hidden
  w2: Float32Array; // hidden
  b2: Float32Array; // 1
};

export function createNetwork(rows: number, dims: number, hidden: number, random: Random): Network {
  const uniform = (size: number, scale: number) => Float32Array.from({ length: size }, () => (random.next() * 2 - 1) * scale);
  return {
    rows,
    dims,
    hidden,
    embedding: uniform(rows * dims, 0.1),
    w1: uniform(dims * hidden, Math.sqrt(6 / (dims + hidden))),
    b1: new Float32Array(hidden),
    w2: uniform(hidden, Math.sqrt(6 / (hidden + 1))),
    b2: new Float32Array(1),
  };
}

export type Activations = { mean: Float64Array; hidden: Float64Array; logit: number; used: Int32Array };

/** Forward pass over one window's feature rows; `keep` (dropout) decides per row whether it is summed. */
export function forward(net: Network, features: Int32Array, keep?: (index: number) => boolean): Activations {
  const { dims, hidden: width } = net;
  const mean = new Float64Array(dims);
  const used: number[] = [];
  for (let i = 0; i < features.length; i++) {
    if (keep && !keep(i)) continue;
    used.push(features[i]!);
  }
  if (used.length === 0) used.push(features[0]!);
  for (const row of used) {
    const offset = row * dims;
    for (let d = 0; d < dims; d++) mean[d]! += net.embedding[offset + d]!;
  }
  for (let d = 0; d < dims; d++) mean[d]! /= used.length;
  const hidden = new Float64Array(width);
  let logit = net.b2[0]!;
  for (let h = 0; h < width; h++) {
    let sum = net.b1[h]!;
    for (let d = 0; d < dims; d++) sum += mean[d]! * net.w1[d * width + h]!;
    hidden[h] = sum > 0 ? sum : 0;
    logit += hidden[h]! * net.w2[h]!;
  }
  return { mean, hidden, logit, used: Int32Array.from(used) };
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

/** Adds the gradient of `weight × logistic loss(label)` for one forward pass. */
export function backward(net: Network, act: Activations, label: 0 | 1, weight: number, grads: Gradients): void {
  const { dims, hidden: width } = net;
  const dLogit = (sigmoid(act.logit) - label) * weight;
  grads.b2[0]! += dLogit;
  const dMean = new Float64Array(dims);
  for (let h = 0; h < width; h++) {
    grads.w2[h]! += dLogit * act.hidden[h]!;
    if (act.hidden[h]! <= 0) continue;
    const dHidden = dLogit * net.w2[h]!;
    grads.b1[h]! += dHidden;
    for (let d = 0; d < dims; d++) {
      grads.w1[d * width + h]! += dHidden * act.mean[d]!;
      dMean[d]! += dHidden * net.w1[d * width + h]!;
    }
  }
  const share = 1 / act.used.length;
  for (const row of act.used) {
    let grad = grads.embedding.get(row);
    if (!grad) grads.embedding.set(row, (grad = new Float64Array(dims)));
    for (let d = 0; d < dims; d++) grad[d]! += dMean[d]! * share;
  }
}
