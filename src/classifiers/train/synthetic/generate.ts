import type { Example } from '../dataset.js';
import { seededRandom, type Random } from '../random.js';
import { ANSWER_STEERING, DATA_ADDRESSES, EMAILS, EXTRACTIONS, GOALS, JAILBREAKS, OVERRIDES, URLS } from './attacks.js';
import { CARRIERS, FILLER, fillLines } from './carriers.js';
import { BOOKS, COUNTRIES, EVERYDAY_QUESTIONS, LANGUAGES, ROLEPLAY_PROMPTS, TRIGGER_WORD_PROMPTS } from './negatives.js';
import { OBFUSCATIONS, TRANSLATED_OVERRIDES } from './obfuscate.js';

/**
 * Synthetic training data generated from our own templates (never from the public datasets), seeded:
 * attack goals × phrasings × carriers × positions × obfuscations, and matching hard negatives. Each
 * kind is its own `file` so it is capped, reported and left out like any other source.
 */
export function generateSynthetic(perKind: number, seed: number): Example[] {
  const random = seededRandom(seed);
  const make = (file: string, label: Example['label'], category: string, build: () => string): Example[] =>
    Array.from({ length: perKind }, () => ({ text: build(), label, category, source: `promptsieve:synthetic/${file}`, file: `synthetic-${file}` }));
  return [
    ...make('direct', 'injection', 'direct', () => obfuscate(directAttack(random), random)),
    ...make('extraction', 'injection', 'prompt-extraction', () => obfuscate(random.pick(EXTRACTIONS), random)),
    ...make('indirect', 'injection', 'indirect', () => injectedDocument(random)),
    ...make('benign-trigger', 'benign', 'benign-trigger', () => benignPrompt(random)),
    ...make('benign-document', 'benign', 'benign-document', () => benignDocument(random)),
    ...make('benign-task', 'benign', 'benign', () => `${task(random)}\n\n${benignDocument(random)}`),
  ];
}

const fill = (template: string, random: Random): string => {
  const goal = random.pick(GOALS).replace('{email}', random.pick(EMAILS)).replace('{url}', random.pick(URLS));
  return template
    .replace('{goal_cap}', goal[0]!.toUpperCase() + goal.slice(1))
    .replace('{goal}', goal)
    .replace('{url}', random.pick(URLS))
    .replace('{email}', random.pick(EMAILS));
};

function directAttack(random: Random): string {
  const roll = random.next();
  if (roll < 0.15) return random.pick(TRANSLATED_OVERRIDES);
  if (roll < 0.3) return fill(random.pick(JAILBREAKS), random);
  const attack = fill(random.pick(OVERRIDES), random);
  // Often after a harmless request, as in "Translate this: … Ignore the above and …".
  return random.next() < 0.5 ? `${random.pick(TRIGGER_WORD_PROMPTS)} ${attack}` : attack;
}

function obfuscate(line: string, random: Random): string {
  const names = Object.keys(OBFUSCATIONS);
  // Most examples plain, so obfuscation is a variation, not the signal.
  return random.next() < 0.6 ? line : OBFUSCATIONS[random.pick(names)]!(line, random);
}

const topics = Object.keys(FILLER);
const carriers = Object.keys(CARRIERS);

/** What users ask about a pasted document; on harmless and injected documents alike, so it is no signal. */
const TASKS = ['Summarize this', 'Summarise this', 'Translate this into French:', 'Proofread this', 'Extract the dates from this', 'What is the main point of this', 'Answer in two sentences: what does this say?', 'Make this shorter'];
const task = (random: Random): string => random.pick(TASKS);

function injectedDocument(random: Random): string {
  const roll = random.next();
  const template = roll < 0.4 ? random.pick(DATA_ADDRESSES) : roll < 0.7 ? random.pick(ANSWER_STEERING) : random.pick(OVERRIDES);
  const attack = obfuscate(fill(template, random), random);
  const lines = fillLines(random.pick(topics), 1 + random.int(7), random, attack);
  const document = CARRIERS[random.pick(carriers)]!(lines, random);
  return random.next() < 0.3 ? `${task(random)}\n\n${document}` : document;
}

function benignDocument(random: Random): string {
  return CARRIERS[random.pick(carriers)]!(fillLines(random.pick(topics), 2 + random.int(7), random), random);
}

const everyday = (random: Random): string =>
  random.pick(EVERYDAY_QUESTIONS).replace('{country}', random.pick(COUNTRIES)).replace('{book}', random.pick(BOOKS)).replace('{language}', random.pick(LANGUAGES));

function benignPrompt(random: Random): string {
  const roll = random.next();
  if (roll < 0.4) return Array.from({ length: 1 + random.int(4) }, () => everyday(random)).join(' ');
  const prompt = roll < 0.8 ? random.pick(TRIGGER_WORD_PROMPTS) : random.pick(ROLEPLAY_PROMPTS);
  // Sometimes with a harmless document pasted in, the way users ask about their own text.
  if (random.next() < 0.3) return `${prompt}\n\n${fillLines(random.pick(topics), 2 + random.int(4), random).join(' ')}`;
  return random.next() < 0.15 ? prompt.toUpperCase() : prompt;
}
