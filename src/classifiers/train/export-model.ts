import type { Example } from './dataset.js';
import { writeModelDir } from './model-dir.js';
import { DATA_MARKER, type TrainedModel } from './train-model.js';
import { trainingMarkdown, type Metrics } from './training-md.js';

export type ExportInfo = {
  /** Per-file metrics to record in TRAINING.md (e.g. from `--eval` files). */
  metrics?: Metrics[];
  /** Extra Markdown appended to TRAINING.md (sources and licences of the bundled model). */
  notes?: string;
  /** Score at which a user segment is flagged / blocked; data segments use `data`. Defaults to 0.5 / 0.8, data 0.3 / 0.6. */
  thresholds?: { flagAt: number; blockAt: number; data: { flagAt: number; blockAt: number } };
};

const DEFAULT_THRESHOLDS = { flagAt: 0.5, blockAt: 0.8, data: { flagAt: 0.3, blockAt: 0.6 } };

/**
 * The `promptsieve` block of config.json, read by the model stage: thresholds, and the marker that data
 * segments carry at the start of every window (as in training). The rest documents the windowing.
 */
export function runtimeSettings(model: TrainedModel, thresholds = DEFAULT_THRESHOLDS) {
  const data = { prefix: `${DATA_MARKER} `, ...thresholds.data };
  return {
    flagAt: thresholds.flagAt,
    blockAt: thresholds.blockAt,
    roles: { tool: data, document: data },
    architecture: `hashed token + token-pair embedding bag (${model.options.maxPool ? 'mean + max' : 'mean'} pooling), one ReLU layer`,
    window: { tokens: model.windowing.windowTokens, strideTokens: model.windowing.strideTokens, maxChars: model.windowing.maxChars },
    pooling: 'max',
  };
}

export function exportModel(dir: string, model: TrainedModel, examples: readonly Example[], info: ExportInfo = {}): void {
  const config = {
    model_type: 'bert',
    architectures: ['BertForSequenceClassification'],
    id2label: { 0: 'BENIGN', 1: 'INJECTION' },
    label2id: { BENIGN: 0, INJECTION: 1 },
    vocab_size: model.vocab,
    max_position_embeddings: model.windowing.windowTokens,
    promptsieve: runtimeSettings(model, info.thresholds),
  };
  writeModelDir(dir, {
    config,
    tokenizerJson: model.tokenizer.tokenizerJson,
    tokenizerConfig: model.tokenizer.tokenizerConfig,
    onnx: model.onnx(false),
    onnxQuantized: model.onnx(true),
    trainingMd: trainingMarkdown(model, examples, info.metrics ?? [], (info.thresholds ?? DEFAULT_THRESHOLDS).flagAt, info.notes),
  });
}
