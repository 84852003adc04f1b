import { describe, expect, it } from 'vitest';
import { displayText } from '../../src/eval/display-text.js';

describe('displayText', () => {
  it('puts a text on one line with single spaces', () => {
    expect(displayText('first line\n\n  second\tline\r\n')).toBe('first line second line');
  });

  it('keeps a short text whole and cuts a long one to the limit with an ellipsis', () => {
    expect(displayText('short', 10)).toBe('short');
    const shown = displayText('a'.repeat(500), 160);
    expect(Array.from(shown)).toHaveLength(160);
    expect(shown.endsWith('…')).toBe(true);
  });

  it('never cuts a character in half', () => {
    const shown = displayText('😀'.repeat(300), 160);
    expect(Array.from(shown)).toHaveLength(160);
    expect(shown).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('replaces terminal escapes and bidirectional overrides with U+FFFD', () => {
    expect(displayText('red\u001b[31m text \u202eevil\u0007')).toBe('red\ufffd[31m text \ufffdevil\ufffd');
  });

  it('cuts a huge text like a short one, without a space before the ellipsis', () => {
    const shown = displayText(`${'word '.repeat(2_000_000)}end`, 20);
    expect(shown).toBe('word word word word…');
  });
});
