import type { Report } from '../pipeline/types.js';

/**
 * The human view of a report: one row per stage verdict, then the findings and the decision.
 * Hand-written: six padded columns do not need a table library.
 */
export function formatReport(report: Report): string {
  const header = ['STAGE', 'KIND', 'ACTION', 'RISK', 'FINDINGS', 'MS'];
  const rows = report.stages.map((verdict) => [
    verdict.stage,
    verdict.kind,
    verdict.action,
    verdict.risk === undefined ? '-' : verdict.risk.toFixed(2),
    summariseCodes(verdict.findings.map((finding) => finding.code)),
    verdict.ms.toFixed(2),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  // Numbers (risk, ms) align right; words align left.
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 3 || column === 5 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();

  const out = [line(header), ...rows.map(line)];
  const findings = report.stages.flatMap((verdict) => verdict.findings.map((finding) => ({ stage: verdict.stage, ...finding })));
  if (findings.length > 0) {
    out.push('', 'findings:');
    for (const finding of findings) {
      const span = finding.span ? ` [${finding.span[0]}, ${finding.span[1]})` : '';
      out.push(`  ${finding.stage}: ${finding.code}${span} ${finding.message}`);
    }
  }
  out.push('', `decision: ${describeDecision(report)}`);
  return `${out.join('\n')}\n`;
}

function summariseCodes(codes: string[]): string {
  if (codes.length === 0) return '-';
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, count]) => (count > 1 ? `${code} ×${count}` : code)).join(', ');
}

function describeDecision(report: Report): string {
  if (report.wouldBlock) return `${report.decision} (monitor mode; enforce would block at ${report.blockedBy})`;
  if (report.decision === 'block') return `block (by ${report.blockedBy})`;
  return report.decision;
}
