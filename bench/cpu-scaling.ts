/**
 * How far two threads scale on this machine with nothing shared between them: the ceiling for any
 * "both cores vs one core" ratio, such as bench/clean.ts's 2@2 vs 1@1. Each kind of work runs in one
 * worker thread alone, then in two at once; the speedup is 2 × (one thread's time) ÷ (the slower of two).
 * A virtual machine's two vCPUs may share a physical core's caches, memory bandwidth or boost clock
 * with each other or with other guests, and SIMD-heavy work (hashing, like ONNX inference) shows it first.
 *
 *   node --import tsx bench/cpu-scaling.ts [--rounds 2]
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';

/*
 * The work, as plain JavaScript for an `eval` worker: Node 20 does not pass tsx's loader to worker
 * threads, so a worker cannot load this TypeScript file.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const kinds = {
  // Integer arithmetic in registers: no memory traffic to share.
  integer() { let x = 0; for (let i = 0; i < 4e8; i++) x = (x * 31 + i) | 0; return x; },
  // JSON round trips of a ~600-byte object: allocation and garbage collection, like clean's records.
  json() {
    const record = { text: 'x'.repeat(400), tags: [1, 2, 3], meta: { note: 'hello world '.repeat(10) } };
    let length = 0;
    for (let i = 0; i < 3e5; i++) length += JSON.stringify(JSON.parse(JSON.stringify(record))).length;
    return length;
  },
  // SHA-256 of 1 KB buffers: SIMD-heavy native code.
  sha256() { const block = Buffer.alloc(1024, 7); let first = 0; for (let i = 0; i < 1e6; i++) first ^= createHash('sha256').update(block).digest()[0]; return first; },
};
const started = performance.now();
kinds[workerData]();
parentPort.postMessage(performance.now() - started);
`;
const KINDS = ['integer', 'json', 'sha256'] as const;

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' } } });
const inThreads = (kind: string, count: number) =>
  Promise.all(
    Array.from({ length: count }, () => new Promise<number>((resolve, reject) => {
      new Worker(WORKER_SOURCE, { eval: true, workerData: kind }).once('message', resolve).once('error', reject);
    })),
  );
console.log(`node ${process.version}; ms for one thread alone, then each of two at once; speedup = 2 × one ÷ slower of two`);
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const kind of KINDS) {
    const [alone] = await inThreads(kind, 1);
    const both = await inThreads(kind, 2);
    const speedup = (2 * alone!) / Math.max(...both);
    console.log(`round ${round}  ${kind.padEnd(8)} one ${alone!.toFixed(0).padStart(5)} ms   two ${both.map((ms) => ms.toFixed(0).padStart(5)).join(' / ')} ms   speedup ${speedup.toFixed(2)}×`);
  }
}
