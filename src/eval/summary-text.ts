import { displayText } from './display-text.js';
import { count, fixed, percent, textTable } from './format.js';
import type { EvalResult, ExampleRow, GroupRow } from './types.js';

// Group names come from the data: shown on one line, without control characters, and cut.
const NAME_CHARS = 48;

export type SummaryOptions = {
  /** Print the truncated texts of misses and false alarms; without it they are located by file:line only. */
  showTexts?: boolean;
};

/** The human view of an evaluation, for stdout. Record texts appear only with `showTexts`. */
export function formatSummary(result: EvalResult, options: SummaryOptions = {}): string {
  const { counts, confusion: c, metrics: m } = result;
  const skipped = Object.values(counts.skipped).reduce((a, b) => a + b, 0);
  const out: string[] = [];
  out.push(
    `records: ${count(counts.scored)} scored (${count(counts.injection)} injection, ${count(counts.benign)} benign) from ${result.inputs.length} ${result.inputs.length === 1 ? 'file' : 'files'}; ${count(skipped)} skipped`,
    `pipeline: ${result.stages.map((stage) => stage.name).join(' → ') || '(no stages)'}; positive = ${result.positive === 'block' ? 'blocked' : 'blocked or flagged'}`,
    '',
  );
  out.push(
    ...textTable(
      ['', 'PREDICTED INJECTION', 'PREDICTED BENIGN'],
      [
        ['injection', count(c.tp), count(c.fn)],
        ['benign', count(c.fp), count(c.tn)],
      ],
      [1, 2],
    ),
    '',
    `TPR ${percent(m.tpr)}  FPR ${percent(m.fpr)}  precision ${percent(m.precision)}  F1 ${fixed(m.f1, 3)}  accuracy ${percent(m.accuracy)}`,
    `ROC AUC ${fixed(result.roc.auc, 4)}  ${result.roc.atFpr
      .map((point) => `TPR at ${percent(point.maxFpr, 1)} FPR ${percent(point.tpr)}${point.threshold === null ? '' : ` (score >= ${fixed(point.threshold, 4)})`}`)
      .join('  ')}`,
  );
  if (result.threshold) {
    const t = result.threshold;
    out.push(
      '',
      t.threshold === null
        ? `suggested threshold for FPR <= ${percent(t.maxFpr)}: none — ${t.reason}`
        : `suggested threshold for FPR <= ${percent(t.maxFpr)}: score >= ${t.threshold} (FPR ${percent(t.fpr)}, ${count(t.falseAlarms)} of ${count(t.benign)} benign; TPR ${percent(t.tpr)})`,
    );
  }
  if (result.byCategory.some((row) => row.name !== '(none)')) out.push('', 'by category', ...groupTable(result.byCategory));
  out.push('', 'by source', ...groupTable(result.bySource));
  out.push(
    '',
    'stages',
    ...textTable(
      ['STAGE', 'KIND', 'FIRST CATCHES', 'FALSE ALARMS', 'ALONE INJ', 'ALONE BENIGN', 'ERRORS', 'P50 MS', 'P99 MS'],
      result.stageStats.map((s) => [
        s.name,
        s.kind,
        count(s.firstCatches),
        count(s.falseAlarms),
        count(s.alone.injection),
        count(s.alone.benign),
        count(s.errors),
        fixed(s.ms.p50, 3),
        fixed(s.ms.p99, 3),
      ]),
      [2, 3, 4, 5, 6, 7, 8],
    ).map((line) => `  ${line}`),
  );
  out.push('', `worst misses (injections not caught, lowest score first): ${result.worstMisses.length}`, ...exampleTable(result.worstMisses, options));
  out.push('', `false alarms (benign records caught, highest score first): ${result.falseAlarms.length}`, ...exampleTable(result.falseAlarms, options));
  if (skipped > 0) {
    out.push('', `skipped: ${Object.entries(counts.skipped).map(([reason, n]) => `${reason} ${count(n)}`).join(', ')}`);
    for (const record of counts.skippedExamples) out.push(`  ${record.where}: ${record.skipped}: ${record.detail}`);
    if (skipped > counts.skippedExamples.length) out.push(`  … and ${count(skipped - counts.skippedExamples.length)} more`);
  }
  if (result.gates.length > 0) {
    out.push('', 'gates');
    for (const gate of result.gates) {
      const measured = gate.gate === 'min-tpr' ? `TPR ${percent(gate.value)} >= ${percent(gate.target)}` : `FPR ${percent(gate.value)} <= ${percent(gate.target)}`;
      out.push(`  ${gate.passed ? 'pass' : 'FAIL'}  ${gate.gate}: ${measured}${gate.value === null ? ' (not measurable: no records of that label)' : ''}`);
    }
  }
  out.push('', `${count(counts.scored + skipped)} records in ${result.seconds.toFixed(1)} s`);
  return `${out.join('\n')}\n`;
}

function groupTable(rows: readonly GroupRow[]): string[] {
  return textTable(
    ['NAME', 'N', 'INJECTION', 'BENIGN', 'TPR', 'FPR'],
    rows.map((row) => [displayText(row.name, NAME_CHARS), count(row.n), count(row.injection), count(row.benign), percent(row.tpr), percent(row.fpr)]),
    [1, 2, 3, 4, 5],
  ).map((line) => `  ${line}`);
}

function exampleTable(rows: readonly ExampleRow[], options: SummaryOptions): string[] {
  if (rows.length === 0) return [];
  const lines = textTable(
    ['WHERE', 'SCORE', 'STAGE', 'CATEGORY', 'FINDINGS'],
    rows.map((row) => [row.where, row.score.toFixed(4), row.stage ?? '-', row.category === undefined ? '-' : displayText(row.category, NAME_CHARS), row.findings.join(',') || '-']),
    [1],
  ).map((line) => `  ${line}`);
  if (!options.showTexts) return lines;
  // Each row is followed by its text, indented, already on one line and stripped of control characters.
  return [lines[0]!, ...rows.flatMap((row, i) => [lines[i + 1]!, `      ${row.text ?? ''}`])];
}
