import { describe, expect, it } from 'vitest';
import type { Report, StageVerdict } from '../../src/pipeline/types.js';
import { outcomeOf } from '../../src/eval/score.js';

const verdict = (stage: string, action: StageVerdict['action'], risk?: number): StageVerdict => ({
  stage,
  kind: 'classify',
  action,
  findings: [],
  ms: 0.1,
  ...(risk === undefined ? {} : { risk }),
});
/** A monitor-mode report: decision allow, `wouldBlock` set from the first blocker. */
const report = (stages: StageVerdict[], blockedBy?: string): Report => ({
  decision: 'allow',
  text: 'x',
  role: 'user',
  stages,
  wouldBlock: blockedBy !== undefined,
  ...(blockedBy === undefined ? {} : { blockedBy }),
});

describe('outcomeOf', () => {
  it('scores a record by the highest risk of any stage', () => {
    const outcome = outcomeOf(report([verdict('heuristic', 'pass', 0.2), verdict('model', 'flag', 0.7)]), 'block');
    expect(outcome).toEqual({ score: 0.7, predicted: false, top: 'model', caughtBy: [] });
  });

  it('names the scoring stage as the top one even when its risk is 0, and none when nothing scored', () => {
    expect(outcomeOf(report([verdict('length', 'pass'), verdict('model', 'pass', 0)]), 'block')).toEqual({ score: 0, predicted: false, top: 'model', caughtBy: [] });
    expect(outcomeOf(report([verdict('length', 'pass')]), 'block')).toEqual({ score: 0, predicted: false, caughtBy: [] });
  });

  it('counts a block by a stage without a risk as score 1, and names it as the first catch', () => {
    const outcome = outcomeOf(report([verdict('length', 'block'), verdict('model', 'pass', 0.1)], 'length'), 'block');
    expect(outcome).toEqual({ score: 1, predicted: true, first: 'length', top: 'length', caughtBy: ['length'] });
  });

  it('keeps a blocking stage\'s own risk as the score', () => {
    const outcome = outcomeOf(report([verdict('model', 'block', 0.83)], 'model'), 'block');
    expect(outcome.score).toBe(0.83);
    expect(outcome.predicted).toBe(true);
  });

  it('counts flags only under --positive flag', () => {
    const flagged = report([verdict('characters', 'flag'), verdict('model', 'pass', 0.3)]);
    expect(outcomeOf(flagged, 'block')).toMatchObject({ score: 0.3, predicted: false, caughtBy: [] });
    expect(outcomeOf(flagged, 'flag')).toMatchObject({ score: 1, predicted: true, first: 'characters', caughtBy: ['characters'] });
  });

  it('counts an error as a catch only when the pipeline failed closed on it', () => {
    expect(outcomeOf(report([verdict('model', 'error')], 'model'), 'block')).toMatchObject({ score: 1, predicted: true, first: 'model' });
    expect(outcomeOf(report([verdict('model', 'error')]), 'block')).toMatchObject({ score: 0, predicted: false, caughtBy: [] });
  });

  it('reads an enforce-mode report by its decision', () => {
    const enforced: Report = { decision: 'block', blockedBy: 'length', text: 'x', role: 'user', stages: [verdict('length', 'block')] };
    expect(outcomeOf(enforced, 'block')).toMatchObject({ predicted: true, first: 'length' });
  });

  it('ignores a risk that is not a number in 0..1 rather than letting it break the sort', () => {
    expect(outcomeOf(report([verdict('bad', 'pass', Number.NaN), verdict('ok', 'pass', 0.4)]), 'block').score).toBe(0.4);
    expect(outcomeOf(report([verdict('big', 'pass', 7)]), 'block').score).toBe(1);
  });
});
