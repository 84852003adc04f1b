export { promptsieve } from './promptsieve.js';
export type { PromptsieveMiddleware, PromptsieveOptions } from './promptsieve.js';
export { promptsieveErrorHandler } from './error-handler.js';
export { PROBLEM_TYPES, PROBLEM_CONTENT_TYPE } from './problem.js';
export type { Problem } from './problem.js';
export { parseJsonPath } from './json-path.js';
