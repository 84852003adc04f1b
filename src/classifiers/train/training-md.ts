import type { Example } from './dataset.js';
import type { TrainedModel } from './train-model.js';

import type { FileMetrics } from './metrics.js';

export type Metrics = FileMetrics & { file: string };

const percent = (value: number | undefined) => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);

/** TRAINING.md: what the model is, what it was trained on, with which parameters, and how it measured. */
export function trainingMarkdown(model: TrainedModel, examples: readonly Example[], metrics: readonly Metrics[], flagAt: number, notes?: string): string {
  const files = new Map<string, { injection: number; benign: number }>();
  for (const example of examples) {
    const counts = files.get(example.file) ?? { injection: 0, benign: 0 };
    counts[example.label]++;
    files.set(example.file, counts);
  }
  const { options } = model;
  const params = model.members.reduce((sum, net) => sum + net.embedding.length + net.w1.length + net.b1.length + net.w2.length + 1, 0);
  const lines = [
    '# Training record',
    '',
    'Written by `promptsieve train`. The model reads `detectionView(text)`, cut to',
    `${options.maxChars} characters, tokenised by \`tokenizer.json\` (WordPiece), in windows of ${model.windowing.windowTokens} tokens`,
    `(stride ${model.windowing.strideTokens}); a text's score is the maximum over its windows. Data segments (roles \`tool\`,`,
    '`document`) are read with the `[DATA] ` marker at the start of every window (config.json `promptsieve.roles.<role>.prefix`).',
    '',
    '## Model',
    '',
    `- Architecture: embedding rows for every token and every hashed adjacent token pair, pooled by ${options.maxPool ? 'mean and per-dimension maximum' : 'mean'} → ReLU layer of ${options.hidden} → 2 logits (BENIGN, INJECTION).`,
    `- Vocabulary ${model.vocab} tokens, ${options.buckets} pair buckets, ${options.dims} dimensions: ${params.toLocaleString('en-US')} parameters.`,
    ...(model.members.length > 1
      ? [`- Seed ensemble (trainer option \`members\`): ${model.members.length} such networks on this one tokenizer, each trained with its own seed; per window the mean of their probabilities, in one ONNX graph (one embedding table of ${model.members.length} × ${options.dims} columns).`]
      : []),
    '- `onnx/model.onnx` float32; `onnx/model_quantized.onnx` int8 embedding with one scale per row, float32 dense layers.',
    '',
    '## Parameters',
    '',
    '```json',
    JSON.stringify(options, null, 2),
    '```',
    '',
    '## Training data (rows per file)',
    '',
    '| file | injection | benign |',
    '|---|---:|---:|',
    ...[...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, counts]) => `| ${file} | ${counts.injection} | ${counts.benign} |`),
    '',
  ];
  if (metrics.length > 0) {
    lines.push(
      `## Measured (held-out files; flagged at score ≥ ${flagAt}; TPR at 1% FPR of the pooled benign rows)`,
      '',
      '| file | rows | TPR | FPR | F1 | TPR at 1% FPR |',
      '|---|---:|---:|---:|---:|---:|',
      ...metrics.map((m) => `| ${m.file} | ${m.rows} | ${percent(m.tpr)} | ${percent(m.fpr)} | ${percent(m.f1)} | ${percent(m.tprAtFpr)} |`),
      '',
    );
  }
  if (notes) lines.push(notes.trim(), '');
  return lines.join('\n');
}
