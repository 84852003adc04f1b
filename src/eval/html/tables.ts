import { count, fixed, percent } from '../format.js';
import type { EvalResult, ExampleRow, GroupRow } from '../types.js';
import { html, type Markup } from './markup.js';

type Column<T> = { title: string; num?: boolean; cell: (row: T) => string | number | Markup };

/** A table whose every cell is escaped by `html`; `num` columns align right. */
export function table<T>(name: string, columns: readonly Column<T>[], rows: readonly T[], empty: string): Markup {
  if (rows.length === 0) return html`<p class="note" data-table="${name}">${empty}</p>`;
  return html`<table data-table="${name}"><thead><tr>${columns.map((c) => html`<th class="${c.num ? 'num' : ''}">${c.title}</th>`)}</tr></thead>
<tbody>${rows.map((row) => html`<tr>${columns.map((c) => html`<td class="${c.num ? 'num' : ''}">${c.cell(row)}</td>`)}</tr>\n`)}</tbody></table>`;
}

export function groupTable(name: string, rows: readonly GroupRow[]): Markup {
  return table<GroupRow>(
    name,
    [
      { title: 'name', cell: (row) => row.name },
      { title: 'n', num: true, cell: (row) => count(row.n) },
      { title: 'injection', num: true, cell: (row) => count(row.injection) },
      { title: 'benign', num: true, cell: (row) => count(row.benign) },
      { title: 'caught', num: true, cell: (row) => count(row.caught) },
      { title: 'TPR', num: true, cell: (row) => percent(row.tpr) },
      { title: 'false alarms', num: true, cell: (row) => count(row.falseAlarms) },
      { title: 'FPR', num: true, cell: (row) => percent(row.fpr) },
    ],
    rows,
    'No records.',
  );
}

export function stageTable(result: EvalResult): Markup {
  return table(
    'stages',
    [
      { title: 'stage', cell: (s) => s.name },
      { title: 'kind', cell: (s) => s.kind },
      { title: 'first catches', num: true, cell: (s) => count(s.firstCatches) },
      { title: 'false alarms', num: true, cell: (s) => count(s.falseAlarms) },
      { title: 'alone: injection', num: true, cell: (s) => count(s.alone.injection) },
      { title: 'alone: benign', num: true, cell: (s) => count(s.alone.benign) },
      { title: 'errors', num: true, cell: (s) => count(s.errors) },
      { title: 'p50 ms', num: true, cell: (s) => fixed(s.ms.p50, 3) },
      { title: 'p99 ms', num: true, cell: (s) => fixed(s.ms.p99, 3) },
      { title: 'mean ms', num: true, cell: (s) => fixed(s.ms.mean, 3) },
    ],
    result.stageStats,
    'The pipeline has no stages.',
  );
}

/** Misses or false alarms, with their truncated texts: the one place record texts are shown. */
export function exampleTable(name: string, rows: readonly ExampleRow[], empty: string): Markup {
  return table<ExampleRow>(
    name,
    [
      { title: 'where', cell: (row) => row.where },
      { title: 'score', num: true, cell: (row) => row.score.toFixed(4) },
      { title: 'stage', cell: (row) => row.stage ?? '-' },
      { title: 'category', cell: (row) => row.category ?? '-' },
      { title: 'findings', cell: (row) => row.findings.join(', ') || '-' },
      { title: 'text (truncated)', cell: (row) => html`<span class="text">${row.text ?? ''}</span>` },
    ],
    rows,
    empty,
  );
}
