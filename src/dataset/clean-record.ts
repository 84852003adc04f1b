import type { Pipeline } from '../pipeline/create-pipeline.js';
import type { Decision, RequestReport, SegmentRole } from '../pipeline/types.js';
import { firstInexactNumber } from './exact-numbers.js';
import { findTexts, parseTextFields, type TextField, type TextSlot } from './fields.js';
import { toJsonSafe } from './json-safe.js';
import { keptNumbersForTable, parseKeepingNumbers, stringifyKeepingNumbers } from './lossless-record.js';

/** How each record is cleaned and shaped; the same in every worker. Plain data, so it crosses threads. */
export type CleanSettings = {
  /** `--field` paths. */
  fields: string[];
  /** Message roles scanned under `[*]`. */
  roles: SegmentRole[];
  /** The role of texts outside messages. */
  role: SegmentRole;
  /** `jsonl`: records come back as output lines. `csv`, `parquet`: as rows of a table, the verdict in flat columns. */
  shape: 'jsonl' | 'csv' | 'parquet';
  /** Turn Parquet values (64-bit integers, dates, bytes) into JSON values: set when the output is not Parquet. */
  jsonSafe: boolean;
  keepReport: boolean;
  keepOriginal: boolean;
  textOnly: boolean;
  dropBlocked: boolean;
};

/** A record to clean: a JSONL line (parsed here) or a row. */
export type WorkItem = { line: string } | { value: Record<string, unknown> };

/** `stage<TAB>code` of every finding of one record, counted by the summary. */
export type FindingKeys = string[];

export type Outcome =
  | { kind: 'written'; out: string | Record<string, unknown>; decision: Decision; wouldBlock: boolean; findings: FindingKeys }
  /** Blocked and `--drop-blocked`: goes to the rejects file with its report. */
  | { kind: 'dropped'; blockedBy: string; report: RecordReport; findings: FindingKeys }
  | { kind: 'rejected'; error: string };

/** What `--keep-report` adds and a dropped record carries: every scanned text's verdicts. */
export type RecordReport = {
  segments: { path: string; role: SegmentRole; decision: Decision; blockedBy?: string; wouldBlock?: boolean; stages: RequestReport['segments'][number]['stages'] }[];
  /** Request-level checks (limits over all texts of the record), when one did not pass. */
  request?: RequestReport['request'];
};

/** Column names of the verdict in table outputs; JSONL nests the same under `promptsieve`. */
export const TABLE_COLUMNS = { decision: 'promptsieve_decision', blockedBy: 'promptsieve_blocked_by', report: 'promptsieve_report', original: 'promptsieve_original' } as const;

/** The columns a table output adds after the input's, for these settings. */
export function addedColumns(settings: Pick<CleanSettings, 'keepReport' | 'keepOriginal' | 'textOnly' | 'fields'>): string[] {
  if (settings.textOnly) return [];
  return [TABLE_COLUMNS.decision, TABLE_COLUMNS.blockedBy, ...(settings.keepReport ? [TABLE_COLUMNS.report] : []), ...(settings.keepOriginal ? [TABLE_COLUMNS.original] : [])];
}

export type RecordCleaner = (item: WorkItem) => Promise<Outcome>;

/** Builds the per-record function once (fields parsed, roles resolved); it only works per call. */
export function recordCleaner(pipeline: Pick<Pipeline, 'runRequest'>, settings: CleanSettings): RecordCleaner {
  const fields = parseTextFields(settings.fields);
  const findOptions = { roles: new Set(settings.roles), role: settings.role };

  return async (item) => {
    let record: unknown;
    // Set when the line holds a number a float cannot hold: such numbers are kept as their text.
    let keepsNumbers = false;
    if ('line' in item) {
      try {
        record = JSON.parse(item.line);
      } catch (error) {
        // V8's message quotes the line; the reject carries the line itself, so keep only the position.
        const position = /position (\d+)/.exec((error as Error).message)?.[1];
        return { kind: 'rejected', error: position === undefined ? 'not valid JSON' : `not valid JSON (at position ${position})` };
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) return { kind: 'rejected', error: 'not a JSON object' };
      // The fast path: nearly every line has no such number, and JSON.parse is several times faster.
      if (firstInexactNumber(item.line) !== undefined) {
        try {
          record = parseKeepingNumbers(item.line);
        } catch (error) {
          // JSON.parse accepted the line, so only a limit of lossless-json's can land here (nesting deep enough to overflow its recursion).
          return { kind: 'rejected', error: `holds a number a 64-bit float cannot hold exactly, and could not be read keeping it (${(error as Error).message})` };
        }
        keepsNumbers = true;
      }
    } else {
      record = item.value;
    }
    const found = findTexts(record as Record<string, unknown>, fields, findOptions);
    if ('error' in found) return { kind: 'rejected', error: found.error };
    const { slots } = found;

    const report = slots.length === 0 ? undefined : await pipeline.runRequest(slots.map(({ text, role, path }) => ({ text, role, path })));
    const decision: Decision = report?.decision ?? 'allow';
    const findings = findingKeys(report);
    const originals = settings.keepOriginal ? slots.map((slot) => slot.text) : [];
    // Fail closed: a blocked record keeps none of its scanned texts.
    slots.forEach((slot, index) => slot.write(decision === 'block' ? null : (report!.segments[index]?.text ?? null)));

    if (decision === 'block' && settings.dropBlocked) return { kind: 'dropped', blockedBy: report?.blockedBy ?? 'pipeline', report: recordReport(report!), findings };
    const verdict = { decision, blockedBy: report?.blockedBy, wouldBlock: report?.wouldBlock === true };
    const shaped = settings.textOnly
      ? textsOnly(fields, slots)
      : annotate(record as Record<string, unknown>, verdict, settings, report, slots, originals);
    const out = settings.jsonSafe ? (toJsonSafe(shaped) as Record<string, unknown>) : shaped;
    if (settings.shape === 'jsonl') {
      return { kind: 'written', out: `${keepsNumbers ? stringifyKeepingNumbers(out) : JSON.stringify(out)}\n`, decision, wouldBlock: verdict.wouldBlock, findings };
    }
    if (keepsNumbers) {
      const refused = keptNumbersForTable(out, settings.shape);
      if (refused !== undefined) return { kind: 'rejected', error: refused.error };
    }
    return { kind: 'written', out, decision, wouldBlock: verdict.wouldBlock, findings };
  };
}

type Verdict = { decision: Decision; blockedBy: string | undefined; wouldBlock: boolean };

/** Adds the verdict: a `promptsieve` object in JSONL, `promptsieve_*` columns in a table. */
function annotate(record: Record<string, unknown>, verdict: Verdict, settings: CleanSettings, report: RequestReport | undefined, slots: TextSlot[], originals: string[]): Record<string, unknown> {
  const original = settings.keepOriginal ? (slots.length === 1 ? originals[0] : Object.fromEntries(slots.map((slot, index) => [slot.path, originals[index]]))) : undefined;
  const full = settings.keepReport ? recordReport(report) : undefined;
  if (settings.shape === 'jsonl') {
    const nested: Record<string, unknown> = { decision: verdict.decision };
    if (verdict.blockedBy !== undefined) nested.blockedBy = verdict.blockedBy;
    if (verdict.wouldBlock) nested.wouldBlock = true;
    if (full !== undefined) nested.report = full;
    if (settings.keepOriginal) nested.original = original ?? null;
    setOwn(record, 'promptsieve', nested);
    return record;
  }
  setOwn(record, TABLE_COLUMNS.decision, verdict.decision);
  setOwn(record, TABLE_COLUMNS.blockedBy, verdict.blockedBy ?? null);
  if (full !== undefined) setOwn(record, TABLE_COLUMNS.report, JSON.stringify(full));
  if (settings.keepOriginal) setOwn(record, TABLE_COLUMNS.original, original === undefined ? null : typeof original === 'string' ? original : JSON.stringify(original));
  return record;
}

/** `--text-only`: one value per `--field`: the text (or null when blocked), or a list of texts under `[*]`. */
function textsOnly(fields: readonly TextField[], slots: readonly TextSlot[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  fields.forEach((field, index) => {
    // Each slot has written the forwarded text into the record; `current()` reads it back.
    const mine = slots.filter((slot) => slot.field === index).map((slot) => slot.current());
    setOwn(out, field.path, field.wildcard ? mine : (mine[0] ?? null));
  });
  return out;
}

function recordReport(report: RequestReport | undefined): RecordReport {
  const out: RecordReport = {
    segments: (report?.segments ?? []).map((segment) => ({
      path: segment.path ?? '',
      role: segment.role,
      decision: segment.decision,
      ...(segment.blockedBy === undefined ? {} : { blockedBy: segment.blockedBy }),
      ...(segment.wouldBlock === undefined ? {} : { wouldBlock: segment.wouldBlock }),
      stages: segment.stages,
    })),
  };
  const request = report?.request.filter((verdict) => verdict.action !== 'pass');
  if (request !== undefined && request.length > 0) out.request = request;
  return out;
}

function findingKeys(report: RequestReport | undefined): FindingKeys {
  const keys: FindingKeys = [];
  if (report === undefined) return keys;
  for (const verdict of report.request) for (const finding of verdict.findings) keys.push(`${verdict.stage}\t${finding.code}`);
  for (const segment of report.segments) for (const verdict of segment.stages) for (const finding of verdict.findings) keys.push(`${verdict.stage}\t${finding.code}`);
  return keys;
}

const setOwn = (target: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
