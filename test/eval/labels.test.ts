import { describe, expect, it } from 'vitest';
import { mapLabel, parseLabelMap } from '../../src/eval/labels.js';

describe('parseLabelMap', () => {
  it('maps injection and benign to themselves without any entry', () => {
    const map = parseLabelMap([]);
    expect(mapLabel(map, 'injection')).toBe('injection');
    expect(mapLabel(map, 'benign')).toBe('benign');
    expect(mapLabel(map, 'jailbreak')).toBeUndefined();
  });

  it('maps comma-separated values, and compares numbers and booleans as strings', () => {
    const map = parseLabelMap(['injection=jailbreak,attack,1', 'benign=safe, 0 ,false']);
    expect(mapLabel(map, 'attack')).toBe('injection');
    expect(mapLabel(map, 1)).toBe('injection');
    expect(mapLabel(map, '1')).toBe('injection');
    expect(mapLabel(map, 0)).toBe('benign');
    expect(mapLabel(map, false)).toBe('benign');
    expect(mapLabel(map, ' safe ')).toBe('benign');
  });

  it('treats missing and structured label values as unknown', () => {
    const map = parseLabelMap([]);
    expect(mapLabel(map, undefined)).toBeUndefined();
    expect(mapLabel(map, null)).toBeUndefined();
    expect(mapLabel(map, ['injection'])).toBeUndefined();
  });

  it.each([
    ['attack=1', /expected injection=VALUE/],
    ['injection', /expected injection=VALUE/],
    ['injection=a,,b', /a value is empty/],
  ])('rejects the entry %j', (entry, message) => {
    expect(() => parseLabelMap([entry])).toThrow(message);
  });

  it('rejects a value mapped to both labels', () => {
    expect(() => parseLabelMap(['injection=x', 'benign=x'])).toThrow('"x" is mapped to both injection and benign');
    expect(() => parseLabelMap(['benign=injection'])).toThrow('"injection" is mapped to both injection and benign');
  });
});
