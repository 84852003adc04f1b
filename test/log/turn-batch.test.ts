import { spawnSync } from 'node:child_process';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createTurnBatch, MAX_BATCH_CHARS } from '../../src/log/turn-batch.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function recordingSink() {
  const writes: string[] = [];
  return { writes, sink: { write: (data: string) => writes.push(data), flushSync: () => undefined } };
}

describe('createTurnBatch', () => {
  it('writes the lines of one turn of the event loop as one write, in order, when the turn ends', async () => {
    const { writes, sink } = recordingSink();
    const logger = pino({ base: null, timestamp: false }, createTurnBatch(sink));
    logger.info({ stage: 'characters' }, 'one');
    logger.info({ stage: 'length' }, 'two');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.trimEnd().split('\n').map((line) => JSON.parse(line).msg)).toEqual(['one', 'two']);

    logger.warn('three');
    await nextTurn();
    expect(writes).toHaveLength(2);
    expect(JSON.parse(writes[1]!).msg).toBe('three');
  });

  it('writes at once when a turn has gathered 64 KB, so that a long synchronous loop does not hold its lines', () => {
    const { writes, sink } = recordingSink();
    const batch = createTurnBatch(sink);
    const line = `${'x'.repeat(999)}\n`;
    for (let i = 0; i < MAX_BATCH_CHARS / line.length + 1; i++) batch.write(line);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.length).toBeGreaterThanOrEqual(MAX_BATCH_CHARS);
  });

  it('writes on flushSync() and on pino flush()', () => {
    const { writes, sink } = recordingSink();
    const logger = pino({ base: null }, createTurnBatch(sink));
    logger.info('a');
    logger.flush();
    expect(writes).toHaveLength(1);
    logger.info('b');
    ((logger as unknown as Record<symbol, { flushSync(): void }>)[pino.symbols.streamSym]!).flushSync();
    expect(writes).toHaveLength(2);
  });

  it("writes the last turn's lines when the process exits on an uncaught exception", () => {
    // The default logger, in a process that logs and then crashes in the same turn.
    const script = `
      import { createDefaultLogger } from './src/log/default-logger.ts';
      const logger = createDefaultLogger();
      logger.warn({ stage: 'heuristic', action: 'block' }, 'promptsieve stage verdict');
      logger.info('promptsieve request verdict');
      throw new Error('crash in the same turn');
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
    expect(child.status).not.toBe(0);
    expect(child.stderr).toContain('crash in the same turn');
    const lines = child.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.msg)).toEqual(['promptsieve stage verdict', 'promptsieve request verdict']);
    expect(lines[0]).toMatchObject({ name: 'promptsieve', stage: 'heuristic', action: 'block', level: 40 });
  });
});
