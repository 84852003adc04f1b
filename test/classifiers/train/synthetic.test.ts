/**
 * The opt-in synthetic kinds: long texts span several scoring windows with one attack at any position,
 * markup kinds carry their attack, and the default kinds are unchanged by turning the options on.
 */
import { describe, expect, it } from 'vitest';
import { generateSynthetic } from '../../../src/classifiers/train/synthetic/generate.js';

const PER_KIND = 200;
const rows = generateSynthetic(PER_KIND, 7, { long: true, markup: true, requests: true, foreignRequests: true });
const kind = (file: string) => rows.filter((row) => row.file === `synthetic-${file}`);
const words = (text: string) => text.split(/\s+/).length;

describe('generateSynthetic options', () => {
  it('leaves the default kinds as they are when the opt-in kinds are added', () => {
    const plain = generateSynthetic(PER_KIND, 7);
    expect(rows.slice(0, plain.length)).toEqual(plain);
    expect(rows.length).toBe(plain.length + 9 * PER_KIND);
  });

  it('writes everyday requests as harmless user text, every slot filled, many distinct', () => {
    const requests = kind('benign-request');
    expect(requests).toHaveLength(PER_KIND);
    expect(requests.every((row) => row.label === 'benign' && row.category === 'benign')).toBe(true);
    expect(requests.some((row) => /[{}]/.test(row.text))).toBe(false);
    expect(new Set(requests.map((row) => row.text)).size).toBeGreaterThan(PER_KIND / 2);
  });

  it('writes everyday requests in other languages, in many scripts, every slot filled', () => {
    const requests = kind('benign-request-multilingual');
    expect(requests).toHaveLength(PER_KIND);
    expect(requests.every((row) => row.label === 'benign' && !/[{}]/.test(row.text))).toBe(true);
    const scripts = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Han}/u, /\p{Script=Hangul}/u, /\p{Script=Greek}/u, /\p{Script=Arabic}/u, /\p{Script=Hebrew}/u, /\p{Script=Devanagari}/u];
    for (const script of scripts) expect(requests.some((row) => script.test(row.text)), String(script)).toBe(true);
  });

  it('writes long texts: most longer than one 128-token window, some many windows long', () => {
    for (const file of ['long-benign-document', 'long-indirect', 'long-benign-message', 'long-direct']) {
      const lengths = kind(file).map((row) => words(row.text));
      expect(lengths.filter((n) => n > 100).length / lengths.length, file).toBeGreaterThan(0.5);
      expect(Math.max(...lengths), file).toBeGreaterThan(200);
    }
  });

  it('places the attack of a long text anywhere, not only at the start or the end', () => {
    const overrides = kind('long-direct').filter((row) => row.text.includes('Ignore all previous instructions'));
    const positions = overrides.map((row) => row.text.indexOf('Ignore all previous instructions') / row.text.length);
    expect(positions.some((p) => p > 0.2 && p < 0.8)).toBe(true);
    expect(kind('long-benign-message').some((row) => row.text.includes('Ignore all previous instructions'))).toBe(false);
  });

  it('marks answer-steering documents as indirect-steering, the other injected documents as indirect', () => {
    const categories = new Set(kind('long-indirect').map((row) => row.category));
    expect(categories).toEqual(new Set(['indirect', 'indirect-steering']));
    expect(kind('long-indirect').every((row) => row.label === 'injection')).toBe(true);
    const steering = generateSynthetic(PER_KIND, 7).filter((row) => row.category === 'indirect-steering');
    expect(steering.length).toBeGreaterThan(0);
    expect(steering.every((row) => row.file === 'synthetic-indirect')).toBe(true);
  });

  it('hides the markup attacks in HTML or behind a role header, and keeps role words in harmless field lines', () => {
    expect(kind('hidden-markup').every((row) => /<(span|div|p|noscript)\b|<!--/.test(row.text))).toBe(true);
    expect(kind('role-spoof').every((row) => /system|SYS|INST|Instruction|rules|Developer/i.test(row.text))).toBe(true);
    expect(kind('benign-markup-text').some((row) => /^System: /m.test(row.text))).toBe(true);
    expect(kind('benign-markup-text').every((row) => row.label === 'benign')).toBe(true);
  });
});
