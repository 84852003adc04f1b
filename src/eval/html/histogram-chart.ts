import { percent } from '../format.js';
import type { EvalResult } from '../types.js';
import { html, type Markup } from './markup.js';
import { axes, chart, emptyNote, frame, niceTicks, r, scale } from './svg.js';

/**
 * Score histograms by label, each as the share of its label's records, so that a small injection set
 * is as visible as a large benign one; hovering a bar shows its count.
 */
export function histogramChart(result: EvalResult): Markup {
  // The legend sits in a taller top margin, clear of the bars.
  const f = { ...frame(520, 340), top: 40 };
  const title = 'Score histogram by label';
  const { edges, injection, benign } = result.histogram;
  const totals = { injection: result.counts.injection, benign: result.counts.benign };
  if (totals.injection + totals.benign === 0) return chart('histogram', title, f, emptyNote(f, 'no records'));
  const share = (counts: number[], total: number) => counts.map((n) => (total === 0 ? 0 : n / total));
  const series = [
    { label: 'injection', counts: injection, shares: share(injection, totals.injection) },
    { label: 'benign', counts: benign, shares: share(benign, totals.benign) },
  ];
  const top = Math.max(...series.flatMap((s) => s.shares));
  const yTicks = niceTicks(top, 4);
  const x = scale(0, 1, f.left, f.width - f.right);
  const y = scale(0, yTicks.at(-1)!, f.height - f.bottom, f.top);
  const bins = edges.length - 1;
  const slot = (x(1) - x(0)) / bins;
  const bars = series.flatMap((s, which) =>
    s.shares.map((value, bin) => {
      if (s.counts[bin] === 0) return html``;
      const left = x(edges[bin]!) + 1 + (which * (slot - 2)) / 2;
      return html`<rect class="${s.label}" x="${r(left)}" y="${r(y(value))}" width="${r((slot - 2) / 2)}" height="${r(y(0) - y(value))}"><title>${s.label}, score ${edges[bin]!.toFixed(2)}–${edges[bin + 1]!.toFixed(2)}: ${s.counts[bin]!} records (${percent(value, 1)})</title></rect>`;
    }),
  );
  const body = html`${axes(
    f,
    { ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], at: x, label: (v) => v.toFixed(1), title: 'score' },
    { ticks: yTicks, at: y, label: (v) => percent(v, 0), title: "share of the label's records" },
  )}${bars}
<g class="legend"><rect class="injection" x="${f.left}" y="6" width="10" height="10"/><text x="${f.left + 14}" y="15">injection (${totals.injection})</text>
<rect class="benign" x="${f.left + 150}" y="6" width="10" height="10"/><text x="${f.left + 164}" y="15">benign (${totals.benign})</text></g>`;
  return chart('histogram', title, f, body);
}
