#!/usr/bin/env node
/**
 * The `promptsieve` command.
 *
 * Each subcommand lives in its own file and exports `register<Name>(program: Command): void`, which
 * declares its arguments and options and imports heavy modules (the pipeline, the model) only inside
 * its action, so that `promptsieve --help` stays instant. Adding a subcommand is one import and one
 * entry in SUBCOMMANDS below. An action reports failure by throwing (a SieveError prints its message
 * and help line, exit code 1) and sets `process.exitCode` for other outcomes.
 */
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerCheck } from './check.js';
import { registerClean } from './clean.js';
import { registerEval } from './eval.js';
import { registerModel } from './model.js';
import { registerTrain } from './train.js';
import { printFailure } from './print-failure.js';

const SUBCOMMANDS: ReadonlyArray<(program: Command) => void> = [registerCheck, registerClean, registerModel, registerEval, registerTrain];

// src/cli/main.ts and dist/cli/main.js both sit two levels below package.json.
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const program = new Command('promptsieve')
  .description('Sanitize untrusted prompt input before it reaches an LLM.')
  .version(version)
  .showHelpAfterError('(run "promptsieve --help" for usage)')
  .addHelpText('after', '\nExit codes: 0 allowed or modified (check), or done; 2 blocked (check); 3 a gate missed (eval); 1 usage, configuration or input error.');
for (const register of SUBCOMMANDS) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  printFailure(error);
  process.exitCode = 1;
}
