export { hashText, logRefusedRequest, logRequestVerdicts, logSegmentVerdicts, PASS_LEVELS, REFUSED_LINE_MSG, REQUEST_LINE_MSG, STAGE_LINE_MSG } from './verdict-log.js';
export type { PassLevel, VerdictLogger, VerdictLogMeta } from './verdict-log.js';
export { createDefaultLogger } from './default-logger.js';
