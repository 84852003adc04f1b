import { describe, expect, it } from 'vitest';
import { modelInput, type Windowing } from '../../../src/classifiers/train/features.js';

const windowing: Windowing = { windowTokens: 128, strideTokens: 63, maxChars: 20_000 };
const BLOB = 'QWxsIHdvcmsgYW5kIG5vIHBsYXkgbWFrZXMgSmFjayBhIGR1bGwgYm95LiBBbGwgd29yayBhbmQgbm8gcGxheQ==';

describe('modelInput (what the trainer reads)', () => {
  it('reads encoded runs as written unless told to skip them, as the model stage does by default', () => {
    const text = `Is this string valid base64? ${BLOB} Thanks`;
    expect(modelInput(text, windowing)).toContain(BLOB.toLowerCase()); // the detection view is case-folded
    expect(modelInput(text, { ...windowing, encodedRuns: 'skip' })).toBe('is this string valid base64?   thanks');
  });

  it('reads the detection view, cut to maxChars', () => {
    expect(modelInput('ig\u200bnore', windowing)).toBe('ignore');
    expect(modelInput('abcdef', { ...windowing, maxChars: 3 })).toBe('abc');
  });
});
