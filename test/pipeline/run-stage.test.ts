import { describe, expect, it } from 'vitest';
import { abortNoticeOf, runStage, type StageOutcome } from '../../src/pipeline/run-stage.js';
import type { Segment, Stage, StageContext, StageResult } from '../../src/pipeline/types.js';

const segment: Segment = { text: 'x', view: 'x', role: 'user' };
const pass = (): StageResult => ({ action: 'pass', findings: [] });
const never = () => new Promise<StageResult>(() => undefined);
const stage = (run: Stage['run']): Stage => ({ name: 'slow', kind: 'classify', run });

describe('abortNoticeOf', () => {
  it('tells a run that timed out, after its signal and with its reason', async () => {
    const heard: string[] = [];
    let ctx: StageContext | undefined;
    const outcome = await runStage(stage((_seg, context) => {
      ctx = context;
      abortNoticeOf(context).addEventListener('abort', () => heard.push('notice'), { once: true });
      context.signal.addEventListener('abort', () => heard.push('signal'), { once: true });
      return never();
    }), segment, {}, 10);
    expect((outcome as StageOutcome).verdict.findings[0]?.code).toBe('stage_timeout');
    expect(heard).toEqual(['signal', 'notice']);
    const notice = abortNoticeOf(ctx!);
    expect(notice.aborted).toBe(true);
    expect(notice.reason).toBe(ctx!.signal.reason);
  });

  it('is aborted when first read after the timeout, like the signal', async () => {
    let ctx: StageContext | undefined;
    await runStage(stage((_seg, context) => ((ctx = context), never())), segment, {}, 10);
    const notice = abortNoticeOf(ctx!);
    expect(notice.aborted).toBe(true);
    expect(ctx!.signal.aborted).toBe(true);
    expect(notice.reason).toBe(ctx!.signal.reason);
  });

  it('is not aborted for a run that finished in time', async () => {
    let ctx: StageContext | undefined;
    await runStage(stage(async (_seg, context) => ((ctx = context), pass())), segment, {}, 1000);
    expect(abortNoticeOf(ctx!).aborted).toBe(false);
  });

  it('is the context\'s own signal when runStage did not make the context', () => {
    const signal = new AbortController().signal;
    expect(abortNoticeOf({ signal })).toBe(signal);
  });
});
