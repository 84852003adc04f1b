import type { Gradients, Network } from './network.js';

/**
 * Adam, lazy for the embedding (only rows a minibatch touched are updated, as in sparse Adam), with
 * decoupled weight decay on the embedding so rare n-grams seen in one source cannot dominate.
 */
export type AdamOptions = { learningRate: number; weightDecay: number; beta1?: number; beta2?: number; epsilon?: number };

export function createAdam(net: Network, options: AdamOptions) {
  const { learningRate, weightDecay, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
  const moments = (size: number) => ({ m: new Float32Array(size), v: new Float32Array(size) });
  const state = {
    embedding: moments(net.embedding.length),
    w1: moments(net.w1.length),
    b1: moments(net.b1.length),
    w2: moments(net.w2.length),
    b2: moments(1),
  };
  let step = 0;

  const update = (params: Float32Array, m: Float32Array, v: Float32Array, index: number, grad: number, correction: number, decay: number) => {
    m[index] = beta1 * m[index]! + (1 - beta1) * grad;
    v[index] = beta2 * v[index]! + (1 - beta2) * grad * grad;
    params[index] = params[index]! * (1 - decay) - (correction * m[index]!) / (Math.sqrt(v[index]!) + epsilon);
  };

  return function apply(grads: Gradients, batchSize: number): void {
    step++;
    const correction = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    const scale = 1 / batchSize;
    const dense = (name: 'w1' | 'b1' | 'w2' | 'b2') => {
      const grad = grads[name];
      for (let i = 0; i < grad.length; i++) update(net[name], state[name].m, state[name].v, i, grad[i]! * scale, correction, 0);
    };
    dense('w1');
    dense('b1');
    dense('w2');
    dense('b2');
    const decay = learningRate * weightDecay;
    for (const [row, grad] of grads.embedding) {
      const offset = row * net.dims;
      for (let d = 0; d < net.dims; d++) {
        update(net.embedding, state.embedding.m, state.embedding.v, offset + d, grad[d]! * scale, correction, decay);
      }
    }
  };
}
