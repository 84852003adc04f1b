import { html, type Markup } from './markup.js';
import { chart, emptyNote, frame, niceTicks, r, scale } from './svg.js';

export type BarSeries = { label: string; className: string; values: readonly number[] };

/**
 * Horizontal grouped bars: one group per row name (a stage), one bar per series. Row names come from
 * the configuration and are escaped like any other text.
 */
export function barChart(
  name: string,
  title: string,
  rows: readonly string[],
  series: readonly BarSeries[],
  options: { axisTitle: string; format: (value: number) => string },
): Markup {
  const barHeight = 12;
  const groupHeight = series.length * (barHeight + 2) + 12;
  const f = { ...frame(520, Math.max(140, 70 + rows.length * groupHeight)), left: 150 };
  if (rows.length === 0) return chart(name, title, f, emptyNote(f, 'no stages'));
  const top = Math.max(...series.flatMap((s) => s.values));
  const ticks = niceTicks(top, 5);
  const x = scale(0, ticks.at(-1)!, f.left, f.width - f.right);
  const y0 = f.top + 22;
  const bars = rows.map((row, i) => {
    const y = y0 + i * groupHeight;
    return html`<text x="${f.left - 8}" y="${y + (series.length * (barHeight + 2)) / 2 + 3}" text-anchor="end">${truncate(row)}<title>${row}</title></text>
${series.map((s, k) => {
  const value = s.values[i] ?? 0;
  const width = Math.max(value > 0 ? 1 : 0, x(value) - x(0));
  return html`<rect class="${s.className}" x="${f.left}" y="${y + k * (barHeight + 2)}" width="${r(width)}" height="${barHeight}"><title>${row}, ${s.label}: ${options.format(value)}</title></rect><text class="value" x="${r(f.left + width + 4)}" y="${y + k * (barHeight + 2) + barHeight - 2}">${options.format(value)}</text>`;
})}`;
  });
  const bottom = y0 + rows.length * groupHeight;
  const body = html`<g class="legend">${series.map(
    (s, k) => html`<rect class="${s.className}" x="${f.left + k * 130}" y="${f.top - 4}" width="10" height="10"/><text x="${f.left + k * 130 + 14}" y="${f.top + 5}">${s.label}</text>`,
  )}</g>
<g class="axis">${ticks.map((t) => html`<line class="grid" x1="${r(x(t))}" x2="${r(x(t))}" y1="${y0 - 6}" y2="${bottom}"/><text x="${r(x(t))}" y="${bottom + 14}" text-anchor="middle">${options.format(t)}</text>`)}
<text class="title" x="${(f.left + f.width - f.right) / 2}" y="${bottom + 32}" text-anchor="middle">${options.axisTitle}</text></g>
${bars}`;
  return chart(name, title, { ...f, height: bottom + 40 }, body);
}

function truncate(text: string): string {
  const chars = Array.from(text);
  return chars.length > 20 ? `${chars.slice(0, 19).join('')}…` : text;
}
