import { html, type Markup } from './markup.js';

/** Plot geometry shared by the charts: a drawing area inside margins for the axes. */
export type Frame = { width: number; height: number; left: number; right: number; top: number; bottom: number };

export const frame = (width: number, height: number, left = 48, bottom = 40): Frame => ({ width, height, left, right: 16, top: 16, bottom });

/** A linear map from [d0, d1] to [r0, r1]. */
export function scale(d0: number, d1: number, r0: number, r1: number): (value: number) => number {
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** Round numbers for an axis from 0 to `max`: about `count` steps of 1, 2 or 5 × 10^k. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough)!;
  const ticks: number[] = [];
  for (let tick = 0; tick <= max + step * 1e-9; tick += step) ticks.push(Number(tick.toPrecision(12)));
  if (ticks.at(-1)! < max) ticks.push(Number((ticks.at(-1)! + step).toPrecision(12)));
  return ticks;
}

/** An `<svg>` chart: sized, titled for screen readers, marked with `data-chart` for tests. */
export function chart(name: string, title: string, f: Frame, body: Markup): Markup {
  return html`<svg data-chart="${name}" role="img" aria-label="${title}" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}"><title>${title}</title>${body}</svg>`;
}

/** A left (y) axis with grid lines and a bottom (x) axis, with tick labels and titles. */
export function axes(
  f: Frame,
  x: { ticks: number[]; at: (v: number) => number; label: (v: number) => string; title: string },
  y: { ticks: number[]; at: (v: number) => number; label: (v: number) => string; title: string },
): Markup {
  const x0 = f.left;
  const x1 = f.width - f.right;
  const y0 = f.height - f.bottom;
  const y1 = f.top;
  return html`<g class="axis">
${y.ticks.map((t) => html`<line class="grid" x1="${x0}" x2="${x1}" y1="${r(y.at(t))}" y2="${r(y.at(t))}"/><text x="${x0 - 6}" y="${r(y.at(t)) + 4}" text-anchor="end">${y.label(t)}</text>`)}
${x.ticks.map((t) => html`<line x1="${r(x.at(t))}" x2="${r(x.at(t))}" y1="${y0}" y2="${y0 + 4}"/><text x="${r(x.at(t))}" y="${y0 + 16}" text-anchor="middle">${x.label(t)}</text>`)}
<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}"/><line x1="${x0}" x2="${x0}" y1="${y0}" y2="${y1}"/>
<text class="title" x="${(x0 + x1) / 2}" y="${f.height - 6}" text-anchor="middle">${x.title}</text>
<text class="title" transform="translate(12 ${(y0 + y1) / 2}) rotate(-90)" text-anchor="middle">${y.title}</text>
</g>`;
}

/** A coordinate rounded for compact markup. */
export const r = (value: number): number => Math.round(value * 10) / 10;

/** A note in place of a chart that has nothing to show. */
export function emptyNote(f: Frame, text: string): Markup {
  return html`<text class="empty" x="${f.width / 2}" y="${f.height / 2}" text-anchor="middle">${text}</text>`;
}
