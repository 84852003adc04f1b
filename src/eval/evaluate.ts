import { pMapIterable } from 'p-map';
import type { Pipeline } from '../pipeline/create-pipeline.js';
import type { Report, SegmentRole } from '../pipeline/types.js';
import { createCollector } from './collect.js';
import { checkGates, type Gates } from './gates.js';
import { suggestThreshold } from './threshold.js';
import type { EvalInput, EvalResult, LabelledRecord, PositiveRule } from './types.js';

/** A named input: a file, or any async iterable of records (CSV and Parquet readers plug in here). */
export type EvalSource = { name: string; records: AsyncIterable<EvalInput> | Iterable<EvalInput> };

export type EvaluateOptions = {
  /** What counts as a predicted injection: `block`, or `flag` (any stage's flag as well). Defaults to `'block'`. */
  positive?: PositiveRule;
  /** Records in the pipeline at once, so that a model stage can batch them. Defaults to `4`. */
  concurrency?: number;
  /** The role the texts are scanned as. Defaults to `'user'`. */
  role?: SegmentRole;
  /** Also suggest the score threshold that keeps FPR within this target. Defaults to none. */
  suggestMaxFpr?: number;
  /** Targets to check; a missed one makes `passed` false. Defaults to none. */
  gates?: Gates;
  /** Called after each record, to show progress. */
  onProgress?: (done: number) => void;
};

type Done = { record: LabelledRecord; report: Report; order: number } | { skipped: Extract<EvalInput, { skipped: unknown }> };

/**
 * Runs every labelled record through the pipeline and measures it. Give it a pipeline in `monitor`
 * mode (the CLI does) so that every stage sees every record: a record then counts as blocked when
 * enforce mode would have blocked it, and each stage's catches and time are measured on all records.
 */
export async function evaluate(pipeline: Pipeline, sources: readonly EvalSource[], options: EvaluateOptions = {}): Promise<EvalResult> {
  const started = performance.now();
  const positive = options.positive ?? 'block';
  const role = options.role ?? 'user';
  const collector = createCollector(pipeline.stages, positive);
  const inputs: EvalResult['inputs'] = [];
  await pipeline.ready;

  let done = 0;
  for (const source of sources) {
    const counted = { name: source.name, records: 0 };
    // Positions continue across sources, so ties rank by position in the whole input.
    const base = done;
    inputs.push(counted);
    const results = pMapIterable(
      source.records,
      async (input: EvalInput, index: number): Promise<Done> => {
        counted.records++;
        if ('skipped' in input) return { skipped: input };
        return { record: input, report: await pipeline.run({ text: input.text, role }), order: index };
      },
      // Results are folded as they finish; the order index keeps the worst-lists' tie-breaks stable.
      { concurrency: options.concurrency ?? 4, preserveOrder: false },
    );
    for await (const result of results) {
      if ('skipped' in result) collector.skip(result.skipped);
      else collector.add(result.record, result.report, base + result.order);
      options.onProgress?.(++done);
    }
  }

  const { allPoints, ...measured } = collector.result();
  const threshold =
    options.suggestMaxFpr === undefined ? undefined : suggestThreshold(allPoints, options.suggestMaxFpr, measured.counts.injection, measured.counts.benign);
  const gates = checkGates(options.gates ?? {}, measured.metrics);
  const { version, positive: rule, stages, ...rest } = measured;
  return {
    version,
    positive: rule,
    inputs,
    stages,
    ...rest,
    ...(threshold === undefined ? {} : { threshold }),
    gates,
    passed: gates.every((gate) => gate.passed),
    seconds: (performance.now() - started) / 1000,
  };
}
