/**
 * Runs every benchmark behind BENCHMARKS.md, one after another (they must not compete for the two
 * cores), each in its own process as a user would run it:
 *
 *   npm run build && npm run bench            # everything (about ten minutes)
 *   npm run bench -- stages http              # a subset, by name
 *
 * The quality benchmarks (dev-eval, model-eval) read ../shared/datasets by path.
 */
import { spawnSync } from 'node:child_process';

const TSX = ['--import', 'tsx'];
const BENCHES: Record<string, string[]> = {
  stages: [...TSX, 'bench/stages.ts'],
  unicode: [...TSX, 'bench/unicode.ts'],
  filters: [...TSX, 'bench/filters.ts'],
  'model-stage': [...TSX, 'bench/model-stage.ts'],
  http: [...TSX, 'bench/http-middleware.ts'],
  clean: [...TSX, 'bench/clean.ts'],
  'cpu-scaling': [...TSX, 'bench/cpu-scaling.ts'], // the machine's ceiling for clean's two-worker ratio
  'dev-eval': [...TSX, 'bench/dev-eval.ts', '--stages', 'characters,length,unicode,html,markdown,special-tokens,heuristic,model'],
};

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in BENCHES)) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(1);
  }
}
for (const [name, args] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n### ${name}: node ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${name} failed with exit code ${result.status}`);
    process.exitCode = 1;
  }
}
