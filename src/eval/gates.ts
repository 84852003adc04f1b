import type { GateResult, Rates } from './types.js';

/** CI targets: the pipeline must catch at least `minTpr` of injections and flag at most `maxFpr` of benign records. */
export type Gates = { minTpr?: number; maxFpr?: number };

/** Checks each given gate; a rate that cannot be measured (no records of that label) misses its gate. */
export function checkGates(gates: Gates, metrics: Rates): GateResult[] {
  const results: GateResult[] = [];
  if (gates.minTpr !== undefined) {
    results.push({ gate: 'min-tpr', target: gates.minTpr, value: metrics.tpr, passed: metrics.tpr !== null && metrics.tpr >= gates.minTpr });
  }
  if (gates.maxFpr !== undefined) {
    results.push({ gate: 'max-fpr', target: gates.maxFpr, value: metrics.fpr, passed: metrics.fpr !== null && metrics.fpr <= gates.maxFpr });
  }
  return results;
}
