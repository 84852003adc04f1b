import type { Random } from '../random.js';
import { CARRIERS, FILLER } from './carriers.js';

/**
 * Long texts that span several scoring windows (the runtime reads 128 tokens at a stride of 63): harmless
 * documents and chat messages, and the same with one attack sentence at any position. Without them
 * nearly every training attack fills its one window, and a model can learn that a window full of harmless
 * sentences is harmless whatever one sentence in it says (a long document then hides an attack), or that
 * a long run of harmless text adds up to an attack.
 */

const topics = Object.keys(FILLER);
const carriers = Object.keys(CARRIERS);

/** `count` harmless lines from `line`, sometimes a few repeated over and over (logs, boilerplate, padding), and `attack` at any position. */
export function longLines(count: number, line: () => string, random: Random, attack?: string): string[] {
  const distinct = random.next() < 0.2 ? Array.from({ length: 1 + random.int(3) }, line) : undefined;
  const lines = Array.from({ length: count }, () => (distinct ? random.pick(distinct) : line()));
  if (attack !== undefined) lines.splice(random.int(count + 1), 0, attack);
  return lines;
}

/** A document of 6 to 60 lines on one or two topics, in any carrier. */
export function longDocument(random: Random, attack?: string): string {
  const own = [random.pick(topics), random.pick(topics)];
  const lines = longLines(6 + random.int(55), () => random.pick(FILLER[random.pick(own)]!), random, attack);
  return CARRIERS[random.pick(carriers)]!(lines, random);
}

/** A chat message of 5 to 25 harmless sentences from `sentence`, one paragraph or one per line. */
export function longMessage(random: Random, sentence: () => string, attack?: string): string {
  return longLines(5 + random.int(21), sentence, random, attack).join(random.next() < 0.7 ? ' ' : '\n');
}
