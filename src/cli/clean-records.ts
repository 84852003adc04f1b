import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Pipeline } from '../pipeline/create-pipeline.js';
import type { Decision, SegmentRole } from '../pipeline/types.js';
import { getField, setField, type FieldPath } from './field-path.js';
import type { Line } from './read-lines.js';

export type Reject = { line: number; error: string; raw: string | null };

export type CleanCounts = {
  /** Non-blank lines: each becomes one output record or one reject. */
  records: number;
  written: number;
  rejected: number;
  /** Blank lines are not records: skipped and counted here. */
  blank: number;
  decisions: Record<Decision, number>;
  /** Monitor mode: records that enforce mode would have blocked. */
  wouldBlock: number;
};

export type CleanRecordsOptions = {
  pipeline: Pick<Pipeline, 'run'>;
  lines: AsyncIterable<Line>;
  field: FieldPath;
  role: SegmentRole;
  /** Records in flight at once (a model stage batches them); output keeps input order. */
  concurrency: number;
  /** Keep the original text under `promptsieve.original`. */
  keepOriginal: boolean;
  output: Writable;
  rejects: Writable;
  /** Read while running, for a progress display. */
  counts?: CleanCounts;
};

type Outcome = { record: string; decision: Decision; wouldBlock: boolean } | { reject: Reject };

export const emptyCounts = (): CleanCounts => ({ records: 0, written: 0, rejected: 0, blank: 0, decisions: { allow: 0, modify: 0, block: 0 }, wouldBlock: 0 });

/**
 * Runs every record of a JSONL stream through the pipeline, writing one output line per record (in
 * input order) or one reject, so records = written + rejected always. Memory stays flat: at most
 * `concurrency` records are in flight, and writes wait for the output to drain.
 */
export async function cleanRecords(options: CleanRecordsOptions): Promise<CleanCounts> {
  const counts = options.counts ?? emptyCounts();
  const inFlight: Promise<Outcome>[] = [];
  const output = writer(options.output);
  const rejects = writer(options.rejects);

  const settleOldest = async () => {
    const outcome = await inFlight.shift()!;
    if ('reject' in outcome) {
      counts.rejected++;
      await rejects.write(`${JSON.stringify(outcome.reject)}\n`);
      return;
    }
    counts.written++;
    counts.decisions[outcome.decision]++;
    if (outcome.wouldBlock) counts.wouldBlock++;
    await output.write(outcome.record);
  };

  for await (const line of options.lines) {
    if ('text' in line && line.text.trim() === '') {
      counts.blank++;
      continue;
    }
    counts.records++;
    const outcome = 'text' in line ? cleanLine(line.number, line.text, options) : Promise.resolve<Outcome>({ reject: { line: line.number, error: line.error, raw: line.raw } });
    // A failure surfaces when its turn to be written comes; until then it must not count as unhandled.
    outcome.catch(() => undefined);
    inFlight.push(outcome);
    if (inFlight.length >= options.concurrency) await settleOldest();
  }
  while (inFlight.length > 0) await settleOldest();
  await Promise.all([output.flush(), rejects.flush()]);
  return counts;
}

async function cleanLine(number: number, source: string, options: CleanRecordsOptions): Promise<Outcome> {
  const reject = (error: string): Outcome => ({ reject: { line: number, error, raw: source } });
  let record: unknown;
  try {
    record = JSON.parse(source);
  } catch (error) {
    // V8's message quotes the line; the reject carries the line itself, so keep only the position.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    return reject(position === undefined ? 'not valid JSON' : `not valid JSON (at position ${position})`);
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return reject('not a JSON object');
  const text = getField(record, options.field);
  const name = options.field.join('.');
  if (text === undefined) return reject(`field "${name}" is missing`);
  if (typeof text !== 'string') return reject(`field "${name}" is ${text === null ? 'null' : Array.isArray(text) ? 'an array' : `a ${typeof text}`}, not a string`);

  const report = await options.pipeline.run({ text, role: options.role });
  // Fail closed: a blocked record keeps its place in the output, but its text is gone.
  const forwarded = report.decision === 'block' ? null : report.text;
  setField(record, options.field, forwarded);
  const verdict: Record<string, unknown> = { decision: report.decision, text: forwarded, stages: report.stages };
  if (report.blockedBy !== undefined) verdict.blockedBy = report.blockedBy;
  if (report.wouldBlock !== undefined) verdict.wouldBlock = report.wouldBlock;
  if (options.keepOriginal) verdict.original = text;
  (record as Record<string, unknown>).promptsieve = verdict;
  return { record: `${JSON.stringify(record)}\n`, decision: report.decision, wouldBlock: report.wouldBlock === true };
}

/**
 * Gathers small lines into ~64 KiB writes (one syscall each, not one per record) and waits for the
 * stream to drain when it asks to, so a slow reader slows the reading instead of filling memory.
 */
function writer(stream: Writable) {
  const HIGH_WATER = 64 * 1024;
  let pending = '';
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure ??= error;
  });
  const push = async (chunk: string) => {
    if (failure) throw failure;
    if (!stream.write(chunk)) await drained(stream);
    if (failure) throw failure;
  };
  return {
    async write(line: string) {
      pending += line;
      if (pending.length >= HIGH_WATER) {
        const chunk = pending;
        pending = '';
        await push(chunk);
      }
    },
    async flush() {
      if (pending.length > 0) {
        const chunk = pending;
        pending = '';
        await push(chunk);
      }
    },
  };
}

/** Resolves when the stream drains or closes; rejects when it fails. Leaves no listener behind. */
async function drained(stream: Writable): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([once(stream, 'drain', { signal: done.signal }), once(stream, 'close', { signal: done.signal })]);
  } finally {
    done.abort();
  }
}
