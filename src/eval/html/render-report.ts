import { count, fixed, percent } from '../format.js';
import type { EvalResult } from '../types.js';
import { barChart } from './bar-chart.js';
import { confusionChart } from './confusion-chart.js';
import { histogramChart } from './histogram-chart.js';
import { html, raw, toString, type Markup } from './markup.js';
import { rocChart } from './roc-chart.js';
import { STYLES } from './styles.js';
import { exampleTable, groupTable, stageTable, table } from './tables.js';

export type ReportMeta = { config?: string; generatedAt: Date };

/**
 * The evaluation as one self-contained HTML page: inline CSS, charts drawn here as inline SVG, no
 * scripts and no external resources (a Content-Security-Policy forbids fetching any). Every piece of
 * data is escaped by the `html` tag.
 */
export function renderReport(result: EvalResult, meta: ReportMeta): string {
  const { counts, metrics: m } = result;
  const skipped = Object.values(counts.skipped).reduce((a, b) => a + b, 0);
  const stageNames = result.stageStats.map((s) => s.name);
  const cards: [string, string][] = [
    ['TPR', percent(m.tpr)],
    ['FPR', percent(m.fpr)],
    ['precision', percent(m.precision)],
    ['F1', fixed(m.f1, 3)],
    ['accuracy', percent(m.accuracy)],
    ['ROC AUC', fixed(result.roc.auc, 4)],
    ...result.roc.atFpr.map((p): [string, string] => [`TPR at ${percent(p.maxFpr, 1)} FPR`, percent(p.tpr)]),
  ];
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>promptsieve eval report</title>
<style>${raw(STYLES)}</style></head>
<body>
<header><h1>promptsieve eval</h1>
<p>${count(counts.scored)} records scored (${count(counts.injection)} injection, ${count(counts.benign)} benign), ${count(skipped)} skipped</p>
<p>inputs: ${result.inputs.map((input) => `${input.name} (${count(input.records)})`).join(', ')}</p>
<p>pipeline: ${stageNames.join(' → ') || '(no stages)'}${meta.config === undefined ? '' : ` (config ${meta.config})`}; positive = ${result.positive === 'block' ? 'blocked' : 'blocked or flagged'}; generated ${meta.generatedAt.toISOString()} in ${result.seconds.toFixed(1)} s</p></header>
<main>
<section><h2>Summary</h2><div class="cards">
${cards.map(([label, value]) => html`<div class="card"><div class="label">${label}</div><div class="value">${value}</div></div>`)}
${result.gates.map(
  (g) =>
    html`<div class="card gate ${g.passed ? 'pass' : 'fail'}"><div class="label">gate ${g.gate} ${g.gate === 'min-tpr' ? '≥' : '≤'} ${percent(g.target)}</div><div class="value">${g.passed ? 'pass' : 'FAIL'}</div></div>`,
)}
</div>
${thresholdNote(result)}</section>
<section><h2>Charts</h2><div class="charts">
${figure('ROC curve', rocChart(result))}
${figure('ROC curve, low false-positive rates', rocChart(result, true))}
${figure('Score histogram by label', histogramChart(result))}
${figure('Confusion matrix', confusionChart(result))}
${figure(
  'What each stage caught first',
  barChart(
    'stage-catches',
    'Injections and benign records each stage caught first',
    stageNames,
    [
      { label: 'injections caught', className: 'injection', values: result.stageStats.map((s) => s.firstCatches) },
      { label: 'false alarms', className: 'benign', values: result.stageStats.map((s) => s.falseAlarms) },
    ],
    { axisTitle: 'records', format: (v) => count(v) },
  ),
)}
${figure(
  'What each stage costs',
  barChart(
    'latency',
    'Time per record by stage, p50 and p99',
    stageNames,
    [
      { label: 'p50 ms', className: 'p50', values: result.stageStats.map((s) => s.ms.p50 ?? 0) },
      { label: 'p99 ms', className: 'p99', values: result.stageStats.map((s) => s.ms.p99 ?? 0) },
    ],
    { axisTitle: 'milliseconds per record', format: (v) => formatMs(v) },
  ),
  'Times are per record while --concurrency records are in flight, so a batching model stage includes its wait for a batch.',
)}
</div></section>
<section><h2>Stages</h2>${stageTable(result)}</section>
${result.byCategory.some((row) => row.name !== '(none)') ? html`<section><h2>By category</h2>${groupTable('by-category', result.byCategory)}</section>` : ''}
<section><h2>By source</h2>${groupTable('by-source', result.bySource)}</section>
<section><h2>Worst misses</h2><p class="note">Injections the pipeline let through, lowest score first (at most 20).</p>
${exampleTable('worst-misses', result.worstMisses, 'No injection was missed.')}</section>
<section><h2>False alarms</h2><p class="note">Benign records the pipeline caught, highest score first (at most 20).</p>
${exampleTable('false-alarms', result.falseAlarms, 'No benign record was caught.')}</section>
${skipped > 0 ? skippedSection(result) : ''}
</main></body></html>
`;
  return toString(page);
}

function figure(caption: string, svg: Markup, note?: string): Markup {
  return html`<figure><figcaption>${caption}</figcaption>${svg}${note === undefined ? '' : html`<p class="note">${note}</p>`}</figure>`;
}

function formatMs(value: number): string {
  return value === 0 || value >= 10 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toFixed(3);
}

function thresholdNote(result: EvalResult): Markup {
  const t = result.threshold;
  if (!t) return html``;
  if (t.threshold === null) return html`<p class="note">Suggested threshold for FPR ≤ ${percent(t.maxFpr)}: none — ${t.reason ?? ''}.</p>`;
  return html`<p class="note">Suggested threshold for FPR ≤ ${percent(t.maxFpr)}: <strong>score ≥ ${t.threshold}</strong> (FPR ${percent(t.fpr)}: ${count(t.falseAlarms)} of ${count(t.benign)} benign records; TPR ${percent(t.tpr)}). Records with equal scores fall on the same side of a threshold, so tied benign records that would exceed the target keep it above their score.</p>`;
}

function skippedSection(result: EvalResult): Markup {
  const { skipped, skippedExamples } = result.counts;
  return html`<section><h2>Skipped records</h2><p class="note">${Object.entries(skipped)
    .map(([reason, n]) => `${reason}: ${count(n)}`)
    .join(', ')} — the first ${skippedExamples.length} listed.</p>
${table('skipped', [{ title: 'where', cell: (r) => r.where }, { title: 'reason', cell: (r) => r.skipped }, { title: 'detail', cell: (r) => r.detail }], skippedExamples, 'None.')}</section>`;
}
