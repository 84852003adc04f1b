import { createRequire } from 'node:module';
import type { CountryCode } from 'libphonenumber-js';

/*
 * validator.js and libphonenumber-js load on first use: the secrets stage is off by default, and the two
 * are ~7 MiB of memory (measured: 3.2 MiB of heap) in every process or worker that loads the stages,
 * which `clean` pays once per worker. Both are CommonJS, so a synchronous require serves a stage
 * factory and an options check that cannot wait for an import.
 */
const requireCommonJs = createRequire(import.meta.url);
/** The checks used of validator.js, typed here: its types are a devDependency, which published declarations must not name. */
type Validator = Record<'isJWT' | 'isEmail' | 'isIBAN' | 'isCreditCard', (value: string) => boolean>;
type Libraries = { validator: Validator; phones: typeof import('libphonenumber-js') };
let libraries: Libraries | undefined;
export const secretLibraries = (): Libraries =>
  (libraries ??= { validator: requireCommonJs('validator') as Validator, phones: requireCommonJs('libphonenumber-js') as typeof import('libphonenumber-js') });

export const SECRET_TYPES = ['private_key', 'jwt', 'api_key', 'email', 'iban', 'credit_card', 'phone'] as const;
export type SecretType = (typeof SECRET_TYPES)[number];

/** A confirmed value: where it is and what it is. `provider` names an API key's issuer. */
export type SecretMatch = { type: SecretType; start: number; end: number; value: string; provider?: string };

export type DetectorContext = { phoneCountries: readonly CountryCode[] };

/*
 * Candidates are found with regular expressions that are linear on hostile input: every quantifier is
 * bounded and every pattern may only start at a token boundary (a lookbehind), so no start position
 * re-scans more than a bounded window. A candidate counts only once a real check confirms it:
 * validator.js (Luhn and issuer prefixes, IBAN checksum, e-mail grammar, JWT shape) or libphonenumber-js
 * (valid number ranges per country). Key shapes have no checksum; their prefixes are the check.
 */

// `-----BEGIN RSA PRIVATE KEY-----` … `-----END RSA PRIVATE KEY-----`; no END means the rest is key.
const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const PRIVATE_KEY_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{2,4096}\.[A-Za-z0-9_-]{2,8192}\.[A-Za-z0-9_-]{0,4096}(?![A-Za-z0-9_.-])/g;
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g;
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g;
const CARD = /(?<![0-9-])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])/g;
const PHONE = /(?<![A-Za-z0-9+(])(?:\+|\()?[0-9](?:[ .()/-]{0,2}[0-9]){6,16}(?![A-Za-z0-9])/g;

/** API-key shapes by issuer: data, easy to extend. Each must start and end at a token boundary. */
export const API_KEY_SHAPES: readonly { provider: string; pattern: RegExp }[] = [
  // OpenAI, Anthropic (`sk-ant-…`) and other `sk-` keys; must mix letters and digits (not `sk-learn-…`).
  { provider: 'openai-style', pattern: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,250}(?![A-Za-z0-9_-])/g },
  { provider: 'aws', pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  { provider: 'github', pattern: /(?<![A-Za-z0-9_])(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/g },
  { provider: 'github', pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,255}(?![A-Za-z0-9_])/g },
  { provider: 'slack', pattern: /(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])/g },
  { provider: 'google', pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g },
  { provider: 'stripe', pattern: /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,250}(?![A-Za-z0-9_])/g },
];

const HAS_DIGIT = /[0-9]/;
const HAS_LETTER = /[A-Za-z]/;
const SEPARATORS = /[ -]/g;

// A loop, not /[.-]+$/: that pattern re-scans a run of dots from every start (quadratic).
function trimTrailing(value: string, characters: string): string {
  let end = value.length;
  while (end > 0 && characters.includes(value[end - 1]!)) end--;
  return value.slice(0, end);
}

type Detector = (text: string, context: DetectorContext) => SecretMatch[];

const each = (pattern: RegExp, text: string) => text.matchAll(new RegExp(pattern.source, pattern.flags));
const match = (type: SecretType, start: number, value: string, provider?: string): SecretMatch =>
  provider === undefined ? { type, start, end: start + value.length, value } : { type, start, end: start + value.length, value, provider };

/** The detectors in priority order: where two overlap, the earlier one keeps the span. */
export const DETECTORS: Record<SecretType, Detector> = {
  private_key(text) {
    const found: SecretMatch[] = [];
    for (const begin of each(PRIVATE_KEY_BEGIN, text)) {
      if (found.length > 0 && begin.index < found[found.length - 1]!.end) continue;
      const end = new RegExp(PRIVATE_KEY_END.source, 'g');
      end.lastIndex = begin.index + begin[0].length;
      const closing = end.exec(text);
      const stop = closing ? closing.index + closing[0].length : text.length;
      found.push(match('private_key', begin.index, text.slice(begin.index, stop)));
    }
    return found;
  },
  jwt: (text) => [...each(JWT, text)].filter((m) => secretLibraries().validator.isJWT(m[0])).map((m) => match('jwt', m.index, m[0])),
  api_key(text) {
    const found: SecretMatch[] = [];
    for (const shape of API_KEY_SHAPES) {
      for (const m of each(shape.pattern, text)) {
        if (shape.provider === 'openai-style' && !(HAS_DIGIT.test(m[0].slice(3)) && HAS_LETTER.test(m[0].slice(3)))) continue;
        found.push(match('api_key', m.index, m[0], shape.provider));
      }
    }
    return found;
  },
  email(text) {
    const found: SecretMatch[] = [];
    for (const m of each(EMAIL, text)) {
      // A sentence may end right after the address: "mail a@b.com."
      const value = trimTrailing(m[0], '.-');
      if (secretLibraries().validator.isEmail(value)) found.push(match('email', m.index, value));
    }
    return found;
  },
  iban(text) {
    const found: SecretMatch[] = [];
    for (const m of each(IBAN, text)) {
      // The pattern may run into a following upper-case word; try shorter groupings before giving up.
      let value = m[0];
      while (value.length >= 15 && !secretLibraries().validator.isIBAN(value.replace(SEPARATORS, ''))) {
        const lastSpace = value.lastIndexOf(' ');
        if (lastSpace < 0) {
          value = '';
          break;
        }
        value = value.slice(0, lastSpace);
      }
      if (value.length >= 15 && secretLibraries().validator.isIBAN(value.replace(SEPARATORS, ''))) found.push(match('iban', m.index, value));
    }
    return found;
  },
  credit_card: (text) =>
    [...each(CARD, text)].filter((m) => secretLibraries().validator.isCreditCard(m[0].replace(SEPARATORS, ''))).map((m) => match('credit_card', m.index, m[0])),
  phone(text, context) {
    const found: SecretMatch[] = [];
    for (const m of each(PHONE, text)) {
      const value = m[0];
      const international = value.startsWith('+');
      const { parsePhoneNumberFromString } = secretLibraries().phones;
      const valid = international
        ? parsePhoneNumberFromString(value)?.isValid()
        : context.phoneCountries.some((country) => parsePhoneNumberFromString(value, country)?.isValid());
      if (valid) found.push(match('phone', m.index, value));
    }
    return found;
  },
};
