import type { Example } from '../dataset.js';
import { ARABIC_REQUESTS } from './requests-ar.js';
import { FRENCH_REQUESTS } from './requests-fr.js';
import { HINDI_REQUESTS } from './requests-hi.js';
import { INDONESIAN_REQUESTS } from './requests-id.js';
import { RUSSIAN_REQUESTS } from './requests-ru.js';
import { TURKISH_REQUESTS } from './requests-tr.js';
import { VIETNAMESE_REQUESTS } from './requests-vi.js';
import { CHINESE_REQUESTS } from './requests-zh.js';
import { JAPANESE_REQUESTS } from './requests-ja.js';
import { KOREAN_REQUESTS } from './requests-ko.js';

/** Files of the hand-written rows: left out of threshold calibration like synthetic rows (calibration.ts). */
export const HANDWRITTEN_PREFIX = 'handwritten-';

/**
 * The hand-written everyday requests (Korean and Japanese, then eight more languages), each once, as
 * harmless user rows: unlike the synthetic kinds they are not drawn at random, so a recipe that adds them
 * adds the same rows every time.
 */
export function handwrittenRequests(): Example[] {
  const rows = (texts: readonly string[], language: string): Example[] =>
    texts.map((text) => ({ text, label: 'benign', category: 'benign', source: `promptsieve:handwritten/requests-${language}`, file: `${HANDWRITTEN_PREFIX}requests-${language}` }));
  return [
    ...rows(KOREAN_REQUESTS, 'ko'),
    ...rows(JAPANESE_REQUESTS, 'ja'),
    ...rows(ARABIC_REQUESTS, 'ar'),
    ...rows(CHINESE_REQUESTS, 'zh'),
    ...rows(FRENCH_REQUESTS, 'fr'),
    ...rows(HINDI_REQUESTS, 'hi'),
    ...rows(INDONESIAN_REQUESTS, 'id'),
    ...rows(RUSSIAN_REQUESTS, 'ru'),
    ...rows(TURKISH_REQUESTS, 'tr'),
    ...rows(VIETNAMESE_REQUESTS, 'vi'),
  ];
}
