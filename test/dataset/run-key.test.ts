import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKey, runKeyDifferences } from '../../src/dataset/run-key.js';

const jsonl = { kind: 'jsonl', gzip: false } as const;

describe('runKey', () => {
  it('changes with the input file, the options, the config and the model the config loads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promptsieve-key-'));
    mkdirSync(join(dir, 'model'));
    writeFileSync(join(dir, 'model', 'SHA256SUMS'), 'aaaa  config.json\n');
    writeFileSync(join(dir, 'in.jsonl'), '{"text":"a"}\n');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ stages: [{ use: 'model', model: join(dir, 'model') }] }));
    const key = () => runKey({ input: join(dir, 'in.jsonl'), inFormat: jsonl, outFormat: jsonl, options: { shard: null }, config: join(dir, 'config.json') });

    const first = await key();
    expect(await key()).toBe(first);
    writeFileSync(join(dir, 'model', 'SHA256SUMS'), 'bbbb  config.json\n');
    const retrained = await key();
    expect(retrained).not.toBe(first);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ stages: [{ use: 'model', model: join(dir, 'model') }], mode: 'monitor' }));
    expect(await key()).not.toBe(retrained);
    expect(await runKey({ input: join(dir, 'in.jsonl'), inFormat: jsonl, outFormat: jsonl, options: { shard: { index: 1, count: 2 } } })).not.toBe(
      await runKey({ input: join(dir, 'in.jsonl'), inFormat: jsonl, outFormat: jsonl, options: { shard: null } }),
    );
    // A relative model path is the config file's neighbour, whatever the working directory.
    writeFileSync(join(dir, 'relative.json'), JSON.stringify({ stages: [{ use: 'model', model: 'model' }] }));
    const relativeKey = async () => JSON.parse(await runKey({ input: join(dir, 'in.jsonl'), inFormat: jsonl, outFormat: jsonl, options: {}, config: join(dir, 'relative.json') })).models;
    expect(Object.keys(await relativeKey())).toEqual([join(dir, 'model')]);
    // Without a config, the default stages load the bundled model: its SHA256SUMS is part of the key.
    const models = Object.entries(JSON.parse(await runKey({ input: join(dir, 'in.jsonl'), inFormat: jsonl, outFormat: jsonl, options: {} })).models as Record<string, string>);
    expect(models).toEqual([[expect.stringMatching(/models\/prompt-injection$/), expect.stringMatching(/^[0-9a-f]{64}$/)]]);
  });

  it('names what differs between the checkpoint key and this run, so a refused --resume says what to change back', () => {
    const key = (changes: Record<string, unknown> = {}) =>
      JSON.stringify({ input: '/d/in.jsonl', size: 10, mtimeMs: 1, inFormat: 'jsonl', outFormat: 'jsonl', settings: { fields: ['text'], keepReport: false }, mode: null, shard: null, config: null, models: { '/m': 'a' }, ...changes });
    expect(runKeyDifferences(key(), key())).toEqual([]);
    expect(runKeyDifferences(key(), key({ settings: { fields: ['text'], keepReport: true } }))).toEqual(['--keep-report']);
    expect(runKeyDifferences(key(), key({ size: 11, mtimeMs: 2 }))).toEqual(['the input file (path, size or modification time)']);
    expect(runKeyDifferences(key(), key({ mode: 'monitor', shard: { index: 1, count: 2 }, config: 'abc', models: { '/m': 'b' } }))).toEqual(['--mode', '--shard', 'the config file', 'the model files']);
    expect(runKeyDifferences('not json', key())).toEqual([]);
  });
});
