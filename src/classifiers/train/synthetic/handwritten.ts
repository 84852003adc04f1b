import type { Example } from '../dataset.js';
import { JAPANESE_REQUESTS } from './requests-ja.js';
import { KOREAN_REQUESTS } from './requests-ko.js';

/** Files of the hand-written rows: left out of threshold calibration like synthetic rows (calibration.ts). */
export const HANDWRITTEN_PREFIX = 'handwritten-';

/**
 * The hand-written everyday requests (Korean, Japanese), each once, as harmless user rows: unlike the
 * synthetic kinds they are not drawn at random, so a recipe that adds them adds the same rows every time.
 */
export function handwrittenRequests(): Example[] {
  const rows = (texts: readonly string[], language: string): Example[] =>
    texts.map((text) => ({ text, label: 'benign', category: 'benign', source: `promptsieve:handwritten/requests-${language}`, file: `${HANDWRITTEN_PREFIX}requests-${language}` }));
  return [...rows(KOREAN_REQUESTS, 'ko'), ...rows(JAPANESE_REQUESTS, 'ja')];
}
