/** Number formats shared by the text summary and the HTML report. */

/** A rate as a percentage, `-` when unknown. */
export function percent(value: number | null, digits = 2): string {
  return value === null ? '-' : `${(value * 100).toFixed(digits)}%`;
}

export function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined ? '-' : value.toFixed(digits);
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * Plain-text columns; `right` lists the columns to align right (numbers).
 * Hand-written: padded columns do not need a table library.
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], right: readonly number[] = []): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (right.includes(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}
