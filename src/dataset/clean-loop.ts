import type { Outcome, WorkItem } from './clean-record.js';
import type { CleanCounts } from './counts.js';
import type { OutputFile } from './output-file.js';
import type { RecordPool } from './record-pool.js';
import { inShard, type Shard } from './shard.js';
import type { Sink } from './sink.js';
import type { Location, Source, SourceItem } from './source.js';
import { toJsonSafe } from './json-safe.js';

export type LoopCheckpoints = {
  /** Line formats: a checkpoint after every `every` input items (fixed points, so gzip members end alike). */
  every: number;
  /** Parquet: a checkpoint after each row group instead. */
  byRowGroup: boolean;
  save(consumed: number, ordinal: number): Promise<void>;
};

export type LoopOptions = {
  source: Source;
  pool: RecordPool;
  sink: Sink;
  rejects: OutputFile;
  counts: CleanCounts;
  shard?: Shard;
  /** Items and records already consumed by an interrupted run. */
  startItem: number;
  startOrdinal: number;
  /** Records sent to a worker at once. */
  batchSize: number;
  /** Characters of input sent to a worker at once: a batch of long records closes before `batchSize`. */
  batchChars: number;
  /** Batches out at once; reading waits beyond it, or beyond `maxInFlight × batchChars` characters out, which bounds memory. */
  maxInFlight: number;
  /** Send a partial batch when the next item takes longer than this (a slow stdin). */
  idleFlushMs?: number;
  checkpoints?: LoopCheckpoints;
};

/** One input item in a batch: its place, whether this shard takes it, and its index in the batch's work. */
type Entry = { item: SourceItem; seq: number; ordinal?: number; mine: boolean; work?: number };
type Batch = { entries: Entry[]; outcomes: Promise<Outcome[]>; chars: number };

/**
 * Reads the input, sends records to the pool in batches, and writes the outcomes in input order:
 * every record becomes one output record or one line of the rejects file. Memory is bounded by
 * `maxInFlight` batches.
 */
export async function cleanLoop(options: LoopOptions): Promise<void> {
  const { counts, sink } = options;
  const inFlight: Batch[] = [];
  let entries: Entry[] = [];
  let work: WorkItem[] = [];
  let workChars = 0;
  let charsInFlight = 0;
  const maxCharsInFlight = options.maxInFlight * options.batchChars;
  let seq = options.startItem;
  let ordinal = options.startOrdinal;
  let nextOrdinal = options.startOrdinal;
  let failure: unknown;

  const dispatch = () => {
    if (entries.length === 0) return;
    const outcomes = work.length === 0 ? Promise.resolve([]) : options.pool.run(work);
    // A failing batch waiting its turn must not become an unhandled rejection; it is raised in order.
    outcomes.catch((error: unknown) => {
      failure ??= error;
    });
    inFlight.push({ entries, outcomes, chars: workChars });
    charsInFlight += workChars;
    entries = [];
    work = [];
    workChars = 0;
  };

  const reject = async (at: Location, error: string, raw: unknown, report?: unknown) => {
    const line = { ...at, error, raw: raw ?? null, ...(report === undefined ? {} : { report }) };
    await options.rejects.write(`${JSON.stringify(line)}\n`);
  };

  const rawOf = (item: SourceItem): unknown => (item.kind === 'line' ? item.text : item.kind === 'row' ? (item.raw ?? toJsonSafe(structuredClone(item.value))) : null);

  const handle = async (entry: Entry, outcome: Outcome | undefined) => {
    const { item } = entry;
    if (entry.ordinal !== undefined) nextOrdinal = entry.ordinal + 1;
    if (item.kind === 'blank') {
      counts.blank++;
      return false;
    }
    if (!entry.mine) {
      counts.otherShards++;
      return false;
    }
    counts.records++;
    if (item.kind === 'unreadable') {
      counts.rejected++;
      await reject(item.at, item.error, item.raw);
      return false;
    }
    if (outcome === undefined) throw new Error('a batch returned fewer outcomes than records');
    const at = item.at;
    if (outcome.kind === 'rejected') {
      counts.rejected++;
      await reject(at, outcome.error, rawOf(item));
      return false;
    }
    for (const key of outcome.findings) counts.findings[key] = (counts.findings[key] ?? 0) + 1;
    if (outcome.kind === 'dropped') {
      counts.dropped++;
      counts.decisions.block++;
      await reject(at, `blocked by ${outcome.blockedBy}`, rawOf(item), outcome.report);
      return false;
    }
    const before = sink.pending();
    const refused = await sink.write(outcome.out);
    if (refused !== undefined) {
      counts.rejected++;
      await reject(at, refused, rawOf(item));
      return false;
    }
    counts.written++;
    counts.decisions[outcome.decision]++;
    if (outcome.wouldBlock) counts.wouldBlock++;
    // A row group was written when what was pending did not grow.
    return sink.pending() <= before;
  };

  const settleOldest = async () => {
    const batch = inFlight.shift()!;
    charsInFlight -= batch.chars;
    const outcomes = await batch.outcomes;
    for (const entry of batch.entries) {
      const flushedGroup = await handle(entry, entry.work === undefined ? undefined : outcomes[entry.work]);
      const checkpoints = options.checkpoints;
      if (checkpoints === undefined) continue;
      const consumed = entry.seq + 1;
      const due = checkpoints.byRowGroup ? flushedGroup && sink.pending() === 0 : consumed % checkpoints.every === 0;
      if (due) await checkpoints.save(consumed, nextOrdinal);
    }
  };

  const add = (item: SourceItem) => {
    const entry: Entry = { item, seq: seq++, mine: true };
    if (item.kind !== 'blank') {
      entry.ordinal = ordinal++;
      // Another shard's record (an unreadable one too: it is that shard's reject) is only read past.
      entry.mine = inShard(options.shard, entry.ordinal);
      if (entry.mine && item.kind !== 'unreadable') {
        entry.work = work.length;
        work.push(item.kind === 'line' ? { line: item.text } : { value: item.value });
        workChars += charsOf(item);
      }
    }
    entries.push(entry);
    // Entries without work (other shards, blank lines) still go in batches, so order and checkpoints hold.
    if (work.length >= options.batchSize || workChars >= options.batchChars || entries.length >= options.batchSize * 8) dispatch();
  };

  for await (const item of idleFlushing(options.source.items, options.idleFlushMs, () => work.length > 0 && dispatch())) {
    add(item);
    while (inFlight.length >= options.maxInFlight || charsInFlight >= maxCharsInFlight) await settleOldest();
    if (failure !== undefined) throw failure;
  }
  dispatch();
  while (inFlight.length > 0) await settleOldest();
}

/**
 * About how many characters a record is, to bound what is in flight: the line, or a CSV row's text;
 * a Parquet row has no text, so its strings and binary values, nested lists and structs included (a chat
 * dataset keeps its texts in `messages[].content`); any other value counts as a few characters.
 */
export function charsOf(item: Extract<SourceItem, { kind: 'line' | 'row' }>): number {
  if (item.kind === 'line') return item.text.length;
  if (item.raw !== undefined) return item.raw.length;
  let chars = 0;
  // A stack, not recursion: a row's nesting depth is the file's to choose.
  const pending: unknown[] = [item.value];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') chars += value.length;
    else if (ArrayBuffer.isView(value)) chars += value.byteLength;
    else if (Array.isArray(value)) for (const element of value) pending.push(element);
    else if (typeof value === 'object' && value !== null && !(value instanceof Date)) for (const field of Object.values(value)) pending.push(field);
    else chars += 8;
  }
  return chars;
}

/** Yields the items; when the next one is slow to come, calls `idle` once (to send a partial batch). */
async function* idleFlushing(items: AsyncIterable<SourceItem>, idleMs: number | undefined, idle: () => void): AsyncGenerator<SourceItem> {
  if (idleMs === undefined) {
    yield* items;
    return;
  }
  const iterator = items[Symbol.asyncIterator]();
  for (;;) {
    const next = iterator.next();
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<'slow'>((resolve) => {
      timer = setTimeout(() => resolve('slow'), idleMs);
    });
    const first = await Promise.race([next, slow]);
    clearTimeout(timer);
    if (first === 'slow') idle();
    const result = first === 'slow' ? await next : first;
    if (result.done) return;
    yield result.value;
  }
}
