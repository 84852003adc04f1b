import { describe, expect, it } from 'vitest';
import { isSieveError } from '../src/errors.js';
import { buildStages } from '../src/stages.js';

describe('buildStages', () => {
  it.each([
    [[{ use: 'html', mdoe: 'strip-all' }], /stages\[0\]\.mdoe: unknown option\. Did you mean `mode`\?/],
    [[{ use: 'characters' }, { use: 'length', maxChars: 0 }], /stages\[1\]\.maxChars/],
    [[{ use: 'nope' }], /stages\[0\]\.use: unknown stage "nope"/],
  ])('fails with ERR_SIEVE_CONFIG naming the option path when called from code: %j', (configs, message) => {
    let thrown: unknown;
    try {
      buildStages(configs as never);
    } catch (error) {
      thrown = error;
    }
    expect(isSieveError(thrown, 'ERR_SIEVE_CONFIG')).toBe(true);
    expect((thrown as Error).message).toMatch(message);
  });

  it('builds valid configs and passes stage objects through', () => {
    const own = { name: 'own', kind: 'validate' as const, run: () => ({ action: 'pass' as const, findings: [] }) };
    const stages = buildStages([{ use: 'length', id: 'short', maxChars: 10 }, own]);
    expect(stages.map((stage) => stage.name)).toEqual(['short', 'own']);
    expect(stages[1]).toBe(own);
  });
});
