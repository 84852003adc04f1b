import { z } from 'zod';
import { formatPath } from './config.js';
import { SieveError } from './errors.js';
import type { Stage } from './pipeline/types.js';

/**
 * The catalogue of built-in stages: what a JSON config (`{"use": "html", ...options}`) can name.
 * Each entry is a stage file's options schema and factory; adding a stage is one line here.
 * Keep entries in the order of DEFAULT_STAGES.
 */
type CatalogueEntry = { schema: z.ZodType; create: (options: never) => Stage };
const entry = <S extends z.ZodType>(schema: S, create: (options: z.input<S>) => Stage): CatalogueEntry => ({
  schema,
  create: create as (options: never) => Stage,
});

export const STAGE_CATALOGUE: Record<string, CatalogueEntry> = {
  // entries are added below by each stage family
};

/** The default pipeline, in order. Opt-in stages are in the catalogue but not here. */
export const DEFAULT_STAGES: readonly StageConfig[] = [];

/** A stage named in configuration: `use` picks the catalogue entry, `id` renames it, the rest are its options. */
export type StageConfig = { use: string; id?: string; [option: string]: unknown };

const stageConfigBase = z.looseObject({
  use: z.string(),
  id: z.string().min(1).optional(),
});

/** Validates a list of stage configs, reporting each bad option with its full path (`stages[2].mode`). */
export const stageConfigListSchema = z.array(stageConfigBase).superRefine((configs, ctx) => {
  configs.forEach((config, index) => {
    const known = STAGE_CATALOGUE[config.use];
    if (!known) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'use'],
        message: `unknown stage "${config.use}"; known stages: ${Object.keys(STAGE_CATALOGUE).join(', ')}`,
      });
      return;
    }
    const { use: _use, id: _id, ...options } = config;
    const parsed = known.schema.safeParse(options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
        for (const key of keys) {
          ctx.addIssue({
            code: 'custom',
            path: [index, ...issue.path, ...(key === undefined ? [] : [key])],
            message: key === undefined ? issue.message : `unknown option of stage "${config.use}"`,
          });
        }
      }
    }
  });
});

/** Turns validated stage configs into stages, honouring `id` as the stage name. */
export function buildStages(configs: readonly StageConfig[]): Stage[] {
  return configs.map((config, index) => {
    const known = STAGE_CATALOGUE[config.use];
    if (!known) {
      throw new SieveError('ERR_SIEVE_CONFIG', `Invalid options:\n  ✖ ${formatPath(['stages', index, 'use'])}: unknown stage "${config.use}"`);
    }
    const { use: _use, id, ...options } = config;
    const stage = known.create(known.schema.parse(options) as never);
    return id === undefined ? stage : { ...stage, name: id };
  });
}
