/** The report's stylesheet, inlined: the file must open with no network. System fonts only. */
export const STYLES = `
:root { --injection: #c0392b; --benign: #2471a3; --right: #1e8449; --wrong: #c0392b; --ink: #1b1f24; --muted: #5b6470; --line: #d8dde3; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main { max-width: 1180px; margin: 0 auto; padding: 16px 24px; }
header h1 { margin: 8px 0 4px; font-size: 22px; }
header p { margin: 2px 0; color: var(--muted); }
h2 { font-size: 17px; margin: 28px 0 10px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 10px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.gate.pass { border-color: var(--right); } .gate.fail { border-color: var(--wrong); background: #fdecea; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 14px; }
figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
svg { display: block; max-width: 100%; height: auto; font-size: 11px; }
svg text { fill: var(--ink); }
svg .axis line { stroke: #8a939e; } svg .axis line.grid { stroke: var(--line); }
svg .title { fill: var(--muted); font-size: 12px; }
svg .curve { fill: none; stroke: var(--benign); stroke-width: 2; }
svg .chance { stroke: #aab2bc; stroke-dasharray: 4 4; }
svg .operating { fill: var(--injection); stroke: #fff; stroke-width: 1.5; }
svg .injection { fill: var(--injection); } svg .benign { fill: var(--benign); }
svg .p50 { fill: #5d6d7e; } svg .p99 { fill: #e67e22; }
svg .cell.right { fill: var(--right); } svg .cell.wrong { fill: var(--wrong); }
svg .count { font-size: 18px; font-weight: 600; } svg .share { fill: var(--muted); }
svg .on-dark { fill: #fff; }
svg .value { fill: var(--muted); font-size: 10px; }
svg .empty { fill: var(--muted); font-size: 14px; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f4; font-weight: 600; font-size: 12px; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.text { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-word; }
p.note { color: var(--muted); }
`;
