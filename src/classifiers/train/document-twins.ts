import type { Example } from './dataset.js';

/** The `file` (training group) of the derived rows: capped, reported and left out like any source. */
export const TWIN_FILE = 'derived-benign-twins';

const isTableLine = (line: string): boolean => line.trimStart().startsWith('|');

/**
 * The clean document of an injected table: when every line of an injection row but exactly one is a
 * Markdown table row, that one line is the injected instruction, and the table without it is harmless.
 *
 * Why: indirect-injection data (BIPIA) inserts many attacks into a few hundred tables, and most tables
 * occur only with an attack in them, so a model learns the tables' own words as signs of an attack and
 * flags the clean table. Training on each such pair (the same table with and without the line) leaves the
 * inserted instruction as the only difference. Derived from training rows only; rows whose attack sits
 * inside a table row, and texts that are not tables, are left alone (nothing to separate reliably).
 */
export function tableTwin(text: string): string | undefined {
  const foreign = foreignLine(text);
  return foreign === undefined ? undefined : text.split('\n').filter((line) => line !== foreign).join('\n');
}

/** The one line of a Markdown table text that is not a table row, when there is exactly one (and a table of 2+ rows). */
function foreignLine(text: string): string | undefined {
  const lines = text.split('\n');
  const foreign = lines.filter((line) => line.trim() !== '' && !isTableLine(line));
  if (foreign.length !== 1 || lines.filter(isTableLine).length < 2) return undefined;
  return foreign[0];
}

/** One harmless twin per distinct table among the injection rows, except tables already labelled harmless. */
export function documentTwins(examples: readonly Example[]): Example[] {
  const harmless = new Set(examples.filter((row) => row.label === 'benign').map((row) => row.text));
  const twins = new Map<string, Example>();
  for (const row of examples) {
    if (row.label !== 'injection') continue;
    const twin = tableTwin(row.text);
    if (twin === undefined || harmless.has(twin) || twins.has(twin)) continue;
    twins.set(twin, { text: twin, label: 'benign', category: 'benign-document', source: `promptsieve:twin-of/${row.file}`, file: TWIN_FILE });
  }
  return [...twins.values()];
}

/** The `file` of the instruction twins. */
export const INSTRUCTION_TWIN_FILE = 'derived-benign-instructions';

/**
 * The injected instruction of an injected table, alone, as harmless user text: `copies` rows per distinct
 * instruction, except instructions already labelled harmless.
 *
 * Why: indirect-injection data (BIPIA) inserts ordinary tasks ("What is the capital of Brazil?", "Explain
 * the process of photosynthesis in simple terms.") into documents, where they are attacks because they
 * address the assistant from inside data. Seen only there, their words became signs of an attack, and the
 * model blocked users asking the same kind of question (16 of 60 everyday requests written for this check).
 * From a user these are requests like any other; the twin says so, and leaves the data marker and the
 * document around the line as what makes it an attack.
 */
export function instructionTwins(examples: readonly Example[], copies = 1): Example[] {
  const harmless = new Set(examples.filter((row) => row.label === 'benign').map((row) => row.text));
  const twins = new Map<string, Example[]>();
  for (const row of examples) {
    if (row.label !== 'injection') continue;
    const line = foreignLine(row.text)?.trim();
    if (line === undefined || harmless.has(line) || twins.has(line)) continue;
    const twin: Example = { text: line, label: 'benign', category: 'benign', source: `promptsieve:instruction-of/${row.file}`, file: INSTRUCTION_TWIN_FILE };
    twins.set(line, Array.from({ length: copies }, () => twin));
  }
  return [...twins.values()].flat();
}
