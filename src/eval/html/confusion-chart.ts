import { count, percent } from '../format.js';
import { ratio } from '../metrics.js';
import type { EvalResult } from '../types.js';
import { html, type Markup } from './markup.js';
import { chart, frame } from './svg.js';

/** The confusion matrix as a 2×2 grid, each cell shaded by its share of its row (the true label). */
export function confusionChart(result: EvalResult): Markup {
  const f = frame(360, 300);
  const { tp, fn, fp, tn } = result.confusion;
  const cell = 110;
  const left = 130;
  const top = 60;
  const rows = [
    { label: 'injection', cells: [{ n: tp, good: true }, { n: fn, good: false }] },
    { label: 'benign', cells: [{ n: fp, good: false }, { n: tn, good: true }] },
  ];
  const body = html`<text class="title" x="${left + cell}" y="${top - 34}" text-anchor="middle">predicted</text>
<text x="${left + cell / 2}" y="${top - 10}" text-anchor="middle">injection</text><text x="${left + cell * 1.5}" y="${top - 10}" text-anchor="middle">benign</text>
${rows.map((row, i) => {
  const total = row.cells[0]!.n + row.cells[1]!.n;
  return html`<text x="${left - 10}" y="${top + cell * i + cell / 2 + 4}" text-anchor="end">${row.label}</text>
${row.cells.map((c, j) => {
  const share = ratio(c.n, total) ?? 0;
  // Opacity carries the share; the hue says whether the cell is a right or a wrong answer.
  return html`<rect class="cell ${c.good ? 'right' : 'wrong'}" x="${left + cell * j}" y="${top + cell * i}" width="${cell - 2}" height="${cell - 2}" fill-opacity="${(0.12 + 0.88 * share).toFixed(3)}"><title>${row.label} predicted ${j === 0 ? 'injection' : 'benign'}: ${count(c.n)}</title></rect>
<text class="count${share > 0.55 ? ' on-dark' : ''}" x="${left + cell * j + cell / 2}" y="${top + cell * i + cell / 2}" text-anchor="middle">${count(c.n)}</text>
<text class="share${share > 0.55 ? ' on-dark' : ''}" x="${left + cell * j + cell / 2}" y="${top + cell * i + cell / 2 + 18}" text-anchor="middle">${percent(ratio(c.n, total), 1)}</text>`;
})}`;
})}
<text class="title" transform="translate(24 ${top + cell}) rotate(-90)" text-anchor="middle">true label</text>`;
  return chart('confusion', 'Confusion matrix', f, body);
}
