// The public API: named exports only (STYLE.md 11). Anything not exported here is internal.
export { createPipeline, MODES, ON_ERROR } from './pipeline/create-pipeline.js';
export type { Pipeline, PipelineOptions, RunContext } from './pipeline/create-pipeline.js';
export type {
  Decision,
  Finding,
  Report,
  RequestReport,
  Segment,
  SegmentInput,
  SegmentRole,
  Stage,
  StageAction,
  StageContext,
  StageKind,
  StageResult,
  StageVerdict,
} from './pipeline/types.js';
export { STAGE_CATALOGUE, DEFAULT_STAGES, buildStages } from './stages.js';
export type { StageConfig } from './stages.js';
export { checkRequestLimits } from './validators/request-limits.js';
export type { RequestLimitsOptions } from './validators/request-limits.js';
export { charactersValidator, CHARACTER_ACTIONS, DISALLOWED_ACTIONS } from './validators/characters.js';
export type { CharactersOptions } from './validators/characters.js';
export { lengthValidator, ON_TOO_LONG } from './validators/length.js';
export type { LengthOptions } from './validators/length.js';
export { SieveError, ERROR_CODES, isSieveError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { specialTokens, SPECIAL_TOKEN_ACTIONS } from './encoders/special-tokens.js';
export type { SpecialTokensOptions } from './encoders/special-tokens.js';
export { CHAT_TEMPLATES } from './encoders/chat-templates.js';
export type { ChatTemplate } from './encoders/chat-templates.js';
export { htmlEntities } from './encoders/html-entities.js';
export type { HtmlEntitiesOptions } from './encoders/html-entities.js';
export { spotlight, spotlightInstruction, SPOTLIGHT_MODES } from './encoders/spotlight.js';
export type { SpotlightOptions, SpotlightMode } from './encoders/spotlight.js';
export { promptsieve, promptsieveErrorHandler, PROBLEM_TYPES, PROBLEM_CONTENT_TYPE } from './middleware/index.js';
export type { PromptsieveMiddleware, PromptsieveOptions, Problem } from './middleware/index.js';
export { logRequestVerdicts, logSegmentVerdicts, hashText, PASS_LEVELS } from './log/index.js';
export type { PassLevel, VerdictLogger, VerdictLogMeta } from './log/index.js';
export { checkRequestShape, REQUEST_SHAPES } from './validators/request-shape.js';
export type { ShapeIssue } from './validators/request-shape.js';
export { model, BUNDLED_MODEL_DIR, MODEL_DTYPES, TRUNCATED_ACTIONS } from './classifiers/model.js';
export type { ModelOptions } from './classifiers/model.js';
export { LONG_TEXT_STRATEGIES } from './classifiers/chunking.js';
export type { LongTextStrategy } from './classifiers/chunking.js';
export { createTransformersBackend } from './classifiers/backends/transformers.js';
export type { TransformersBackendOptions } from './classifiers/backends/transformers.js';
export { createFakeBackend } from './classifiers/backends/fake.js';
export type { FakeBackend, FakeBackendOptions } from './classifiers/backends/fake.js';
export type { BackendInfo, ClassifierBackend, LabelScore } from './classifiers/backends/types.js';
export { verifyModelDir, hashDirectory, formatManifest, parseManifest, MANIFEST, ACCEPTED_EXTENSIONS } from './classifiers/model-store.js';
export type { VerifiedModel, VerifiedFile, VerifyOptions } from './classifiers/model-store.js';
export { heuristic } from './classifiers/heuristic.js';
export type { HeuristicOptions } from './classifiers/heuristic.js';
export { SIGNATURES, SIGNATURE_CATEGORIES } from './classifiers/signatures.js';
export type { Signature, SignatureCategory } from './classifiers/signatures.js';
export { DECODER_NAMES } from './classifiers/decoders.js';
export type { DecoderName } from './classifiers/decoders.js';
export { unicode, unicodeOptionsSchema } from './filters/unicode.js';
export type { UnicodeOptions } from './filters/unicode.js';
export { detectionView } from './filters/detection-view.js';
export { html, htmlOptionsSchema, HTML_MODES, HTML_ACTIONS } from './filters/html.js';
export type { HtmlOptions } from './filters/html.js';
export { markdown, markdownOptionsSchema, MARKDOWN_IMAGE_POLICIES, MARKDOWN_ACTIONS, REMOVED_URL } from './filters/markdown.js';
export type { MarkdownOptions } from './filters/markdown.js';
export { secrets, secretsOptionsSchema, SECRET_TYPES, SECRET_ACTIONS } from './filters/secrets.js';
export type { SecretsOptions } from './filters/secrets.js';
export { evaluate } from './eval/evaluate.js';
export type { EvalSource, EvaluateOptions } from './eval/evaluate.js';
export { renderReport as renderEvalReport } from './eval/html/render-report.js';
export type { EvalInput, EvalResult, LabelledRecord, SkippedRecord } from './eval/types.js';
