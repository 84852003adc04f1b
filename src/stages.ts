import { z } from 'zod';
import { parseOptions, unknownOptionMessage } from './config.js';
import type { Stage } from './pipeline/types.js';
import { htmlEntities, htmlEntitiesOptionsSchema } from './encoders/html-entities.js';
import { specialTokens, specialTokensOptionsSchema } from './encoders/special-tokens.js';
import { spotlight, spotlightOptionsSchema } from './encoders/spotlight.js';
import { heuristic, heuristicOptionsSchema } from './classifiers/heuristic.js';
import { charactersOptionsSchema, charactersValidator } from './validators/characters.js';
import { lengthOptionsSchema, lengthValidator } from './validators/length.js';
import { unicode, unicodeOptionsSchema } from './filters/unicode.js';
import { html, htmlOptionsSchema } from './filters/html.js';
import { markdown, markdownOptionsSchema } from './filters/markdown.js';
import { secrets, secretsOptionsSchema } from './filters/secrets.js';
import { model, modelOptionsSchema } from './classifiers/model.js';

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
  characters: entry(charactersOptionsSchema, charactersValidator),
  length: entry(lengthOptionsSchema, lengthValidator),
  unicode: entry(unicodeOptionsSchema, unicode),
  html: entry(htmlOptionsSchema, html),
  markdown: entry(markdownOptionsSchema, markdown),
  secrets: entry(secretsOptionsSchema, secrets),
  'special-tokens': entry(specialTokensOptionsSchema, specialTokens),
  'html-entities': entry(htmlEntitiesOptionsSchema, htmlEntities),
  spotlight: entry(spotlightOptionsSchema, spotlight),
  heuristic: entry(heuristicOptionsSchema, heuristic),
  model: entry(modelOptionsSchema, model),
};

/** The default pipeline, in order. Opt-in stages are in the catalogue but not here. */
export const DEFAULT_STAGES: readonly StageConfig[] = [
  { use: 'characters' },
  { use: 'length' },
  { use: 'unicode' },
  { use: 'html' },
  { use: 'markdown' },
  { use: 'special-tokens' },
  { use: 'heuristic' },
  { use: 'model' },
];

/** A stage named in configuration: `use` picks the catalogue entry, `id` renames it, the rest are its options. */
export type StageConfig = { use: string; id?: string; [option: string]: unknown };

const stageConfigBase = z.looseObject({
  use: z.string(),
  id: z.string().min(1).optional(),
});

const isStageObject = (value: unknown): value is Stage =>
  typeof value === 'object' && value !== null && typeof (value as Stage).run === 'function';

/**
 * Validates a list of stages: configs (`{use, id?, ...options}`) and, in code, ready-made stage objects.
 * Each bad option is reported with its full path (`stages[2].mode`).
 */
export const stageListSchema = z.array(z.union([z.custom<Stage>(isStageObject), stageConfigBase])).superRefine((items, ctx) => {
  items.forEach((config, index) => {
    if (isStageObject(config)) return;
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
            message: key === undefined ? issue.message : `${unknownOptionMessage(known.schema, issue.path, key)} (stage "${config.use}")`,
          });
        }
      }
    }
  });
});

const stagesOnlySchema = z.object({ stages: stageListSchema });

/** Turns validated stage configs into stages, honouring `id` as the stage name; stage objects pass through. */
export function buildStages(items: readonly (StageConfig | Stage)[]): Stage[] {
  // Called from code too, not only through a validated config: a bad option fails here with its path.
  parseOptions(stagesOnlySchema, { stages: items }, 'pipeline');
  return items.map((config) => {
    if (isStageObject(config)) return config;
    const known = STAGE_CATALOGUE[config.use]!;
    const { use: _use, id, ...options } = config;
    const stage = known.create(known.schema.parse(options) as never);
    return id === undefined ? stage : { ...stage, name: id };
  });
}
