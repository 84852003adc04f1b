import type { EvalResult } from '../types.js';
import { percent } from '../format.js';
import { html, type Markup } from './markup.js';
import { axes, chart, emptyNote, frame, r, scale } from './svg.js';

const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

/**
 * The ROC curve of the score sweep, with the chance diagonal and the pipeline's own operating point
 * (its block, or flag, decisions) marked. A second, log-scaled view shows the low-FPR end that
 * matters in production.
 */
export function rocChart(result: EvalResult, log = false): Markup {
  const f = frame(520, 340);
  const title = log ? 'ROC curve, false-positive rate on a log scale' : 'ROC curve';
  if (result.roc.auc === null) return chart(log ? 'roc-log' : 'roc', title, f, emptyNote(f, 'needs injection and benign records'));
  const minFpr = Math.max(1e-4, 1 / Math.max(1, result.counts.benign) / 2);
  const logTicks = [1e-4, 1e-3, 1e-2, 1e-1, 1].filter((t) => t >= minFpr / 10);
  const lo = Math.log10(logTicks[0]!);
  const linear = scale(0, 1, f.left, f.width - f.right);
  const logScale = scale(lo, 0, f.left, f.width - f.right);
  // On the log view an FPR of 0 sits at the axis' left end.
  const x = log ? (v: number) => logScale(Math.log10(Math.max(v, 10 ** lo))) : linear;
  const y = scale(0, 1, f.height - f.bottom, f.top);
  const points = result.roc.points.map((p) => `${r(x(p.fpr))},${r(y(p.tpr))}`).join(' ');
  const { fpr, tpr } = result.metrics;
  const marker =
    fpr === null || tpr === null
      ? html``
      : html`<circle class="operating" cx="${r(x(fpr))}" cy="${r(y(tpr))}" r="5"><title>This pipeline: TPR ${percent(tpr)} at FPR ${percent(fpr)}</title></circle>`;
  const body = html`${axes(
    f,
    { ticks: log ? logTicks : TICKS, at: log ? (v) => x(v) : x, label: (v) => (log ? percent(v, v < 0.01 ? 2 : 0) : v.toFixed(1)), title: 'false-positive rate' },
    { ticks: TICKS, at: y, label: (v) => v.toFixed(1), title: 'true-positive rate' },
  )}
${log ? html`` : html`<line class="chance" x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}"/>`}
<polyline class="curve" points="${points}"/>${marker}
<text class="legend" x="${f.width - f.right - 4}" y="${f.height - f.bottom - 8}" text-anchor="end">AUC ${result.roc.auc.toFixed(4)}</text>`;
  return chart(log ? 'roc-log' : 'roc', title, f, body);
}
