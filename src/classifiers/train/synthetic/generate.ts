import type { Example } from '../dataset.js';
import { seededRandom, type Random } from '../random.js';
import { ANSWER_STEERING, DATA_ADDRESSES, EMAILS, EXTRACTIONS, GOALS, JAILBREAKS, OVERRIDES, URLS } from './attacks.js';
import { CARRIERS, FILLER, fillLines } from './carriers.js';
import { BOOKS, COUNTRIES, EVERYDAY_QUESTIONS, LANGUAGES, ROLEPLAY_PROMPTS, TRIGGER_WORD_PROMPTS } from './negatives.js';
import { longDocument, longMessage } from './long-texts.js';
import { benignMarkup, hiddenMarkup, MILD_RULES, roleSpoof } from './markup.js';
import { CLEAN_RECORDS, EMOJI, LANGUAGES_BY_NAME, MARKUP_QUESTIONS, type Language } from './multilingual.js';
import { OBFUSCATIONS, TRANSLATED_OVERRIDES } from './obfuscate.js';
import { everydayRequest, foreignRequest } from './requests.js';

/**
 * Synthetic training data generated from our own templates (never from the public datasets), seeded:
 * attack goals × phrasings × carriers × positions × obfuscations, and matching hard negatives. Each
 * kind is its own `file` so it is capped, reported and left out like any other source.
 */
export function generateSynthetic(
  perKind: number,
  seed: number,
  options: { multilingual?: boolean; long?: boolean; markup?: boolean; requests?: boolean; foreignRequests?: boolean } = {},
): Example[] {
  const random = seededRandom(seed);
  const make: Make = (file, label, category, build) =>
    Array.from({ length: perKind }, () => {
      const built = build();
      const row = typeof built === 'string' ? { text: built, category } : built;
      return { ...row, label, source: `promptsieve:synthetic/${file}`, file: `synthetic-${file}` };
    });
  return [
    ...make('direct', 'injection', 'direct', () => obfuscate(directAttack(random), random)),
    ...make('extraction', 'injection', 'prompt-extraction', () => obfuscate(random.pick(EXTRACTIONS), random)),
    ...make('indirect', 'injection', 'indirect', () => injectedDocument(random)),
    ...make('benign-trigger', 'benign', 'benign-trigger', () => benignPrompt(random)),
    ...make('benign-document', 'benign', 'benign-document', () => benignDocument(random)),
    ...make('benign-task', 'benign', 'benign', () => `${task(random)}\n\n${benignDocument(random)}`),
    // Opt-in (not yet in the bundled model's recipe; see docs/bench/model-quality.md): short chat, emoji and
    // everyday text in many scripts, harmless markup questions and clean tool results, without which a model
    // learns "short", "non-Latin" or "emoji" as signs of an attack. Generated after the kinds above, so
    // turning them on leaves those rows unchanged.
    ...(options.multilingual ? multilingualKinds(make, random) : []),
    // Opt-in, generated last for the same reason: texts several windows long (src/classifiers/train/synthetic/long-texts.ts).
    ...(options.long ? longKinds(make, random) : []),
    // Opt-in: fake role headers, instructions hidden in HTML, and harmless markup (src/classifiers/train/synthetic/markup.ts).
    ...(options.markup ? markupKinds(make, random) : []),
    // Opt-in, last: everyday requests (explain, describe, write, rephrase; src/classifiers/train/synthetic/requests.ts).
    ...(options.requests ? make('benign-request', 'benign', 'benign', () => everydayRequest(random)) : []),
    ...(options.foreignRequests ? make('benign-request-multilingual', 'benign', 'benign', () => foreignRequest(random)) : []),
  ];
}

/** A row's text, or its text and a category of its own (e.g. `indirect-steering` for some rows of an `indirect` kind). */
type Built = string | { text: string; category: string };
type Make = (file: string, label: Example['label'], category: string, build: () => Built) => Example[];

function multilingualKinds(make: Make, random: Random): Example[] {
  return [
    ...make('benign-chat', 'benign', 'benign', () => chat(random)),
    ...make('benign-multilingual', 'benign', 'benign', () => multilingual(random)),
    ...make('benign-multilingual-mixed', 'benign', 'benign', () => mixedLanguages(random)),
    ...make('benign-markup', 'benign', 'benign', () => withChat(random.pick(MARKUP_QUESTIONS), random)),
    ...make('benign-tool', 'benign', 'benign-document', () => toolRecord(random)),
    // The matching positives: the same chat and records with one attack in them.
    ...make('multilingual-attack', 'injection', 'direct', () => multilingualAttack(random)),
    ...make('tool-injection', 'injection', 'indirect', () => toolRecord(random, obfuscate(fill(random.pick(DATA_ADDRESSES), random), random))),
  ];
}

function longKinds(make: Make, random: Random): Example[] {
  const sentence = (): string => {
    const roll = random.next();
    if (roll < 0.4) return everyday(random);
    if (roll < 0.6) return random.pick(TRIGGER_WORD_PROMPTS);
    if (roll < 0.7) return random.pick(ROLEPLAY_PROMPTS);
    return random.pick(FILLER[random.pick(topics)]!);
  };
  const dataAttack = (): { text: string; category: string } => {
    const roll = random.next();
    const attack = obfuscate(fill(random.pick(roll < 0.5 ? DATA_ADDRESSES : roll < 0.75 ? ANSWER_STEERING : OVERRIDES), random), random);
    return { text: attack, category: roll >= 0.5 && roll < 0.75 ? STEERING : 'indirect' };
  };
  const userAttack = (): string => obfuscate(random.next() < 0.2 ? random.pick(EXTRACTIONS) : directAttack(random), random);
  return [
    ...make('long-benign-document', 'benign', 'benign-document', () => longDocument(random)),
    ...make('long-indirect', 'injection', 'indirect', () => {
      const attack = dataAttack();
      return { text: longDocument(random, attack.text), category: attack.category };
    }),
    ...make('long-benign-message', 'benign', 'benign', () => longMessage(random, sentence)),
    ...make('long-direct', 'injection', 'direct', () => longMessage(random, sentence, userAttack())),
  ];
}

function markupKinds(make: Make, random: Random): Example[] {
  return [
    ...make('role-spoof', 'injection', 'direct', () => roleSpoof(random.next() < 0.5 ? random.pick(MILD_RULES) : fill('{goal_cap}.', random), random)),
    ...make('hidden-markup', 'injection', 'indirect', () => {
      // Hidden text that addresses the reader is an attack whatever it asks, mild or not.
      const roll = random.next();
      return hiddenMarkup(roll < 0.3 ? random.pick(MILD_RULES) : fill(random.pick(roll < 0.5 ? ANSWER_STEERING : roll < 0.75 ? DATA_ADDRESSES : OVERRIDES), random), random);
    }),
    ...make('benign-markup-text', 'benign', 'benign', () => benignMarkup(random)),
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

/**
 * Category of an injected document whose attack only steers the answer ("answer in rhyme", "mention this
 * site"): an attack inside data, an ordinary request from the user (trainer option `steeringAsData`).
 */
const STEERING = 'indirect-steering';

function injectedDocument(random: Random): Built {
  const roll = random.next();
  const template = roll < 0.4 ? random.pick(DATA_ADDRESSES) : roll < 0.7 ? random.pick(ANSWER_STEERING) : random.pick(OVERRIDES);
  const attack = obfuscate(fill(template, random), random);
  const lines = fillLines(random.pick(topics), 1 + random.int(7), random, attack);
  const document = CARRIERS[random.pick(carriers)]!(lines, random);
  const text = random.next() < 0.3 ? `${task(random)}\n\n${document}` : document;
  return { text, category: roll >= 0.4 && roll < 0.7 ? STEERING : 'indirect' };
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

const languageNames = Object.keys(LANGUAGES_BY_NAME).sort();
const pickLanguage = (random: Random): Language => LANGUAGES_BY_NAME[random.pick(languageNames)]!;
const emoji = (random: Random): string => Array.from({ length: 1 + random.int(3) }, () => random.pick(EMOJI)).join(random.next() < 0.5 ? '' : ' ');
const sentence = (language: Language, random: Random): string => random.pick(language.sentences).replaceAll('{x}', random.pick(language.slots));

/** Emoji before or after a line, sometimes both, often none. */
function decorate(line: string, random: Random): string {
  const roll = random.next();
  if (roll < 0.25) return `${line} ${emoji(random)}`;
  if (roll < 0.35) return `${emoji(random)} ${line}`;
  if (roll < 0.4) return `${emoji(random)} ${line} ${emoji(random)}`;
  return line;
}

/** A greeting or a word of thanks before a line, as people open a chat. */
const withChat = (line: string, random: Random): string =>
  random.next() < 0.3 ? `${decorate(random.pick(pickLanguage(random).chat), random)} ${line}` : line;

function chat(random: Random): string {
  const roll = random.next();
  if (roll < 0.1) return emoji(random);
  const language = pickLanguage(random);
  const parts = Array.from({ length: 1 + random.int(random.next() < 0.7 ? 1 : 3) }, () => random.pick(language.chat));
  const line = decorate(parts.join(' '), random);
  return random.next() < 0.1 ? line.toUpperCase() : line;
}

function multilingual(random: Random): string {
  const language = pickLanguage(random);
  const lines = Array.from({ length: 1 + random.int(3) }, () => sentence(language, random));
  if (random.next() < 0.3) lines.unshift(random.pick(language.chat));
  return decorate(lines.join(' '), random);
}

/** Several languages in one message, as multilingual people write: greetings, emoji, a question. */
function mixedLanguages(random: Random): string {
  const parts = Array.from({ length: 2 + random.int(3) }, () => {
    const language = pickLanguage(random);
    return random.next() < 0.5 ? random.pick(language.chat) : sentence(language, random);
  });
  return parts.map((part) => decorate(part, random)).join(random.pick([' ', '\n', ' — ']));
}

/** Chat or an everyday sentence in some language, with an override attack in that language or in English. */
function multilingualAttack(random: Random): string {
  let language = pickLanguage(random);
  while (language.attacks.length === 0) language = pickLanguage(random);
  const roll = random.next();
  const attack = roll < 0.6 ? random.pick(language.attacks) : roll < 0.8 ? random.pick(TRANSLATED_OVERRIDES) : fill(random.pick(OVERRIDES), random);
  const before = random.next() < 0.7 ? (random.next() < 0.5 ? random.pick(language.chat) : sentence(language, random)) : '';
  const after = random.next() < 0.3 ? sentence(language, random) : '';
  return decorate([before, attack, after].filter(Boolean).join(' '), random);
}

const num = (random: Random, max: number): number => 1 + random.int(max);
const day = (random: Random): string => `2024-${String(num(random, 12)).padStart(2, '0')}-${String(num(random, 28)).padStart(2, '0')}`;

/**
 * A clean tool result or document (JSON API answers, tables, e-mails, product pages, in several
 * languages), or the same with `attack` in one of its free-text fields.
 */
function toolRecord(random: Random, attack?: string): string {
  const texts: string[] = [];
  const text = (line: string): string => {
    texts.push(line);
    return line;
  };
  const kind = random.int(6);
  let out: string;
  if (kind === 0) {
    const city = random.pick(CLEAN_RECORDS.weather);
    out = JSON.stringify({ location: city, date: day(random), temperature_c: random.int(35) - 5, humidity: random.int(100), conditions: random.pick(['clear', 'cloudy', 'light rain', 'snow', 'windy']), summary: text(`${random.pick(['Sunny spells', 'Overcast', 'Showers in the afternoon', 'Clear skies', 'Light breeze'])} in ${city}.`) });
  } else if (kind === 1) {
    out = JSON.stringify({ query: random.pick(['mug', 'boots', 'tea', 'cable', 'lamp']), total: num(random, 40), items: Array.from({ length: num(random, 4) }, () => ({ name: random.pick(CLEAN_RECORDS.products), price: `${num(random, 90)}.${random.int(90) + 10}`, currency: random.pick(['EUR', 'USD', 'JPY', 'INR']), rating: (3 + random.next() * 2).toFixed(1), review: text(random.pick(FILLER.review!)) })) });
  } else if (kind === 2) {
    out = JSON.stringify({ events: Array.from({ length: num(random, 4) }, () => ({ title: random.pick(CLEAN_RECORDS.events), start: `${day(random)}T${String(8 + random.int(10)).padStart(2, '0')}:00`, attendees: [random.pick(CLEAN_RECORDS.people)], location: text(random.pick(CLEAN_RECORDS.notes)) })) }, null, random.next() < 0.5 ? 2 : undefined);
  } else if (kind === 3) {
    const rows = Array.from({ length: num(random, 5) }, () => `| ${random.pick(CLEAN_RECORDS.people)} | ${day(random)} | ${text(random.pick(CLEAN_RECORDS.notes))} |`);
    out = ['| name | date | note |', '|---|---|---|', ...rows].join('\n');
  } else if (kind === 4) {
    const language = pickLanguage(random);
    const body = Array.from({ length: num(random, 3) }, () => text(sentence(language, random)));
    out = `From: ${random.pick(CLEAN_RECORDS.people)}\nSubject: ${random.pick(language.chat)}\n\n${random.pick(language.chat)}\n${body.join(' ')}\n\n${random.pick(CLEAN_RECORDS.people)}`;
  } else {
    const product = random.pick(CLEAN_RECORDS.products);
    out = `<div class="product"><h2>${product}</h2><p class="price">${num(random, 90)}.99</p><ul>${Array.from({ length: num(random, 3) }, () => `<li>${text(random.pick(FILLER.web!))}</li>`).join('')}</ul></div>`;
  }
  if (attack === undefined) return out;
  // Put the attack in place of one free-text field (JSON-escaped where the record is JSON).
  const target = random.pick(texts);
  const escape = out.startsWith('{') ? (line: string) => JSON.stringify(line).slice(1, -1) : (line: string) => line;
  const index = out.indexOf(escape(target));
  return index < 0 ? `${out}\n${attack}` : out.slice(0, index) + escape(attack) + out.slice(index + escape(target).length);
}
