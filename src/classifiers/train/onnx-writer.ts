import onnxProto from 'onnx-proto';
import { BIGRAM_MULTIPLIER } from './features.js';
import { pooledWidth, type Network } from './network.js';

const { onnx } = onnxProto;
type Node = InstanceType<typeof onnx.NodeProto>;
type Tensor = InstanceType<typeof onnx.TensorProto>;

/**
 * Writes the network as an ONNX graph (opset 13, IR 8: loads on onnxruntime 1.14 to 1.30) with the
 * inputs transformers.js passes, `input_ids` and `attention_mask` (int64 [batch, seq]), and the output
 * it reads, `logits` (float32 [batch, 2]: BENIGN, INJECTION). The token-pair hashing of features.ts runs
 * inside the graph, so the tokenizer stays a plain WordPiece tokenizer.
 *
 * `quantized` stores the embedding as int8 with one float scale per row (Gather → Cast → Mul); the
 * small dense layers stay float32.
 */
export function writeOnnx(net: Network, vocab: number, buckets: number, quantized: boolean): Uint8Array {
  const graph = graphBuilder();
  const { node, floats } = graph;
  const { vectors, maskFloat } = embedFeatures(graph, net.embedding, net.rows, net.dims, vocab, buckets, quantized);
  const pooled = poolVectors(graph, vectors, maskFloat, net.maxPool);
  floats('dense_weight', [pooledWidth(net), net.hidden], net.w1);
  floats('dense_bias', [net.hidden], net.b1);
  const hidden = node('Relu', [node('Add', [node('MatMul', [pooled, 'dense_weight'], 'dense_product'), 'dense_bias'], 'dense_sum')], 'dense_out');
  // One logit z becomes the pair (-z/2, z/2), whose softmax is (1 - sigmoid(z), sigmoid(z)).
  const outWeight = new Float32Array(net.hidden * 2);
  for (let h = 0; h < net.hidden; h++) [outWeight[h * 2], outWeight[h * 2 + 1]] = [-net.w2[h]! / 2, net.w2[h]! / 2];
  floats('classifier_weight', [net.hidden, 2], outWeight);
  floats('classifier_bias', [2], [-net.b2[0]! / 2, net.b2[0]! / 2]);
  node('Add', [node('MatMul', [hidden, 'classifier_weight'], 'classifier_product'), 'classifier_bias'], 'logits');
  return encodeModel(graph);
}

/**
 * An ensemble of networks of one shape over one vocabulary (trainer option `members`) as one graph: their
 * embeddings side by side in one table (rows × members·dims, one Gather; mean and maximum pool each column
 * alone, so every member pools exactly as it would alone), a block-diagonal dense layer and one logit per
 * member. The output is the mean of the members' probabilities p̄ as `logits` = (log(1 − p̄), log p̄), whose
 * softmax is (1 − p̄, p̄). Quantized: one int8 scale per row of the whole table.
 */
export function writeOnnxEnsemble(nets: readonly Network[], vocab: number, buckets: number, quantized: boolean): Uint8Array {
  const [first] = nets;
  if (!first || nets.some((net) => net.rows !== first.rows || net.dims !== first.dims || net.hidden !== first.hidden || net.maxPool !== first.maxPool)) {
    throw new RangeError('an ensemble needs one or more networks of the same shape');
  }
  const k = nets.length;
  const { rows, dims, hidden: width, maxPool } = first;
  const wide = dims * k;
  const embedding = new Float32Array(rows * wide);
  nets.forEach((net, m) => {
    for (let row = 0; row < rows; row++) embedding.set(net.embedding.subarray(row * dims, (row + 1) * dims), row * wide + m * dims);
  });
  // Pooled input is [mean of all columns, max of all columns]; member m reads its own columns of each half.
  const pools = maxPool ? 2 : 1;
  const w1 = new Float32Array(wide * pools * width * k);
  const b1 = new Float32Array(width * k);
  const w2 = new Float32Array(width * k * k);
  const b2 = new Float32Array(k);
  nets.forEach((net, m) => {
    for (let pool = 0; pool < pools; pool++) {
      for (let d = 0; d < dims; d++) {
        for (let h = 0; h < width; h++) w1[(pool * wide + m * dims + d) * width * k + m * width + h] = net.w1[(pool * dims + d) * width + h]!;
      }
    }
    b1.set(net.b1, m * width);
    for (let h = 0; h < width; h++) w2[(m * width + h) * k + m] = net.w2[h]!;
    b2[m] = net.b2[0]!;
  });
  const graph = graphBuilder();
  const { node, floats } = graph;
  const { vectors, maskFloat } = embedFeatures(graph, embedding, rows, wide, vocab, buckets, quantized);
  const pooled = poolVectors(graph, vectors, maskFloat, maxPool);
  floats('dense_weight', [wide * pools, width * k], w1);
  floats('dense_bias', [width * k], b1);
  const hidden = node('Relu', [node('Add', [node('MatMul', [pooled, 'dense_weight'], 'dense_product'), 'dense_bias'], 'dense_sum')], 'dense_out');
  floats('member_weight', [width * k, k], w2);
  floats('member_bias', [k], b2);
  const memberLogits = node('Add', [node('MatMul', [hidden, 'member_weight'], 'member_product'), 'member_bias'], 'member_logits');
  const mean = node('ReduceMean', [node('Sigmoid', [memberLogits], 'member_probability')], 'mean_probability', { axes: [1], keepdims: 1 });
  const benign = node('Sub', [floats('one_minus', [], [1]), mean], 'mean_benign');
  node('Concat', [node('Log', [benign], 'log_benign'), node('Log', [mean], 'log_injection')], 'logits', { axis: 1 });
  return encodeModel(graph);
}

type GraphBuilder = ReturnType<typeof graphBuilder>;

function graphBuilder() {
  const nodes: Node[] = [];
  const initializers: Tensor[] = [];
  const node = (opType: string, inputs: string[], output: string, attributes: Record<string, number | number[]> = {}) => {
    nodes.push(
      onnx.NodeProto.create({
        opType,
        input: inputs,
        output: [output],
        name: output,
        attribute: Object.entries(attributes).map(([name, value]) =>
          Array.isArray(value)
            ? onnx.AttributeProto.create({ name, ints: value, type: onnx.AttributeProto.AttributeType.INTS })
            : onnx.AttributeProto.create({ name, i: value, type: onnx.AttributeProto.AttributeType.INT }),
        ),
      }),
    );
    return output;
  };
  const tensor = (name: string, dataType: number, dims: number[], bytes: Uint8Array) => {
    initializers.push(onnx.TensorProto.create({ name, dataType, dims, rawData: bytes }));
    return name;
  };
  const floats = (name: string, dims: number[], values: ArrayLike<number>) =>
    tensor(name, onnx.TensorProto.DataType.FLOAT, dims, littleEndian(Float32Array.from(values)));
  const int64s = (name: string, dims: number[], values: bigint[]) =>
    tensor(name, onnx.TensorProto.DataType.INT64, dims, littleEndian(BigInt64Array.from(values)));
  return { nodes, initializers, node, tensor, floats, int64s };
}

/** Feature rows (tokens, then hashed adjacent pairs), their mask, and the embedding vectors they gather. */
function embedFeatures(graph: GraphBuilder, table: Float32Array, rows: number, dims: number, vocab: number, buckets: number, quantized: boolean) {
  const { node, tensor, floats, int64s } = graph;
  // Token-pair buckets: vocab + (a * M + b) mod buckets, for each adjacent (a, b); a pair counts when both tokens do.
  const axis1 = int64s('axis_1', [1], [1n]);
  const zero = int64s('start_0', [1], [0n]);
  const one = int64s('start_1', [1], [1n]);
  const minusOne = int64s('end_minus_1', [1], [-1n]);
  const end = int64s('end_max', [1], [9223372036854775807n]);
  const first = node('Slice', ['input_ids', zero, minusOne, axis1], 'ids_first');
  const second = node('Slice', ['input_ids', one, end, axis1], 'ids_second');
  const mixed = node('Add', [node('Mul', [first, int64s('pair_multiplier', [], [BigInt(BIGRAM_MULTIPLIER)])], 'ids_scaled'), second], 'ids_mixed');
  const bucket = node('Mod', [mixed, int64s('pair_buckets', [], [BigInt(buckets)])], 'pair_bucket');
  const pairIds = node('Add', [bucket, int64s('vocab_size', [], [BigInt(vocab)])], 'pair_ids');
  const maskFirst = node('Slice', ['attention_mask', zero, minusOne, axis1], 'mask_first');
  const maskSecond = node('Slice', ['attention_mask', one, end, axis1], 'mask_second');
  const pairMask = node('Mul', [maskFirst, maskSecond], 'pair_mask');
  const featureRows = node('Concat', ['input_ids', pairIds], 'feature_rows', { axis: 1 });
  const mask = node('Concat', ['attention_mask', pairMask], 'feature_mask', { axis: 1 });

  let vectors: string;
  if (quantized) {
    const { values, scales } = quantizeRows(table, rows, dims);
    tensor('embedding_int8', onnx.TensorProto.DataType.INT8, [rows, dims], new Uint8Array(values.buffer));
    floats('embedding_scale', [rows, 1], scales);
    const raw = node('Cast', [node('Gather', ['embedding_int8', featureRows], 'vectors_int8')], 'vectors_unscaled', { to: onnx.TensorProto.DataType.FLOAT });
    vectors = node('Mul', [raw, node('Gather', ['embedding_scale', featureRows], 'vectors_scale')], 'vectors');
  } else {
    floats('embedding', [rows, dims], table);
    vectors = node('Gather', ['embedding', featureRows], 'vectors');
  }
  const maskFloat = node('Unsqueeze', [node('Cast', [mask], 'mask_float', { to: onnx.TensorProto.DataType.FLOAT }), int64s('axis_2', [1], [2n])], 'mask_3d');
  return { vectors, maskFloat };
}

/** Mean over the window's feature rows, and (maxPool) the per-dimension maximum beside it. */
function poolVectors(graph: GraphBuilder, vectors: string, maskFloat: string, maxPool: boolean): string {
  const { node, floats } = graph;
  const axis1 = 'axis_1';
  const summed = node('ReduceSum', [node('Mul', [vectors, maskFloat], 'vectors_masked'), axis1], 'vectors_sum', { keepdims: 0 });
  const count = node('ReduceSum', [maskFloat, axis1], 'feature_count', { keepdims: 0 });
  let pooled = node('Div', [summed, count], 'vectors_mean');
  if (maxPool) {
    // Masked positions are pushed far below any embedding value before the maximum.
    const offset = node('Mul', [node('Sub', [maskFloat, floats('one', [], [1])], 'mask_minus_one'), floats('mask_penalty', [], [1e4])], 'mask_offset');
    const max = node('ReduceMax', [node('Add', [vectors, offset], 'vectors_for_max')], 'vectors_max', { keepdims: 0, axes: [1] });
    pooled = node('Concat', [pooled, max], 'vectors_pooled', { axis: 1 });
  }
  return pooled;
}

function encodeModel({ nodes, initializers }: GraphBuilder): Uint8Array {
  const io = (name: string, elemType: number, dims: (string | number)[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: {
        tensorType: {
          elemType,
          shape: { dim: dims.map((dim) => (typeof dim === 'string' ? { dimParam: dim } : { dimValue: dim })) },
        },
      },
    });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'promptsieve-train',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'promptsieve_injection_classifier',
      node: nodes,
      initializer: initializers,
      input: [io('input_ids', onnx.TensorProto.DataType.INT64, ['batch', 'sequence']), io('attention_mask', onnx.TensorProto.DataType.INT64, ['batch', 'sequence'])],
      output: [io('logits', onnx.TensorProto.DataType.FLOAT, ['batch', 2])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Symmetric int8 per row: scale = max |x| / 127, so each row keeps its own range. */
export function quantizeRows(values: Float32Array, rows: number, dims: number): { values: Int8Array; scales: Float32Array } {
  const out = new Int8Array(values.length);
  const scales = new Float32Array(rows);
  for (let row = 0; row < rows; row++) {
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(values[row * dims + d]!));
    const scale = max === 0 ? 1 : max / 127;
    scales[row] = scale;
    for (let d = 0; d < dims; d++) out[row * dims + d] = Math.round(values[row * dims + d]! / scale);
  }
  return { values: out, scales };
}

/** ONNX raw data is little-endian; so is every platform Node runs on, so typed-array bytes are used as they are. */
const littleEndian = (array: Float32Array | BigInt64Array): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
