import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { parseOptions } from '../config.js';
import type { Finding, Stage, StageResult } from '../pipeline/types.js';
import { DETECTORS, SECRET_TYPES, secretLibraries, type DetectorContext, type SecretMatch, type SecretType } from './secret-detectors.js';
import { applyEdits, type TextEdit } from './text-edits.js';

export { SECRET_TYPES } from './secret-detectors.js';
export const SECRET_ACTIONS = ['redact', 'block', 'flag'] as const;

/** A country libphonenumber-js has numbering data for (loading it only when a config names countries). */
const countryCode = z
  .string()
  .refine((code) => secretLibraries().phones.isSupportedCountry(code), { message: 'not a country code with phone numbering data (ISO 3166 alpha-2, such as "US" or "GB")' })
  .transform((code) => code as CountryCode);

export const secretsOptionsSchema = z.strictObject({
  /** What to look for. Defaults to all of `SECRET_TYPES`. */
  types: z.array(z.enum(SECRET_TYPES)).min(1).optional(),
  /** `redact` replaces each value by a typed placeholder; `block` refuses the text; `flag` only reports. Defaults to `'redact'`. */
  action: z.enum(SECRET_ACTIONS).optional(),
  /**
   * Countries (ISO 3166 alpha-2) whose national phone format counts, e.g. `(415) 555-2671` for `US`.
   * Numbers written internationally (`+44 20 …`) are found whatever this says. Defaults to `['US']`.
   */
  phoneCountries: z.array(countryCode).optional(),
});
export type SecretsOptions = z.input<typeof secretsOptionsSchema>;

const PLACEHOLDER: Record<SecretType, string> = {
  private_key: 'PRIVATE_KEY',
  jwt: 'JWT',
  api_key: 'API_KEY',
  email: 'EMAIL',
  iban: 'IBAN',
  credit_card: 'CREDIT_CARD',
  phone: 'PHONE',
};
const CODE: Record<SecretType, string> = {
  private_key: 'secret_private_key',
  jwt: 'secret_jwt',
  api_key: 'secret_api_key',
  email: 'pii_email',
  iban: 'pii_iban',
  credit_card: 'pii_credit_card',
  phone: 'pii_phone',
};
const NOUN: Record<SecretType, string> = {
  private_key: 'private key block(s)',
  jwt: 'JSON web token(s)',
  api_key: 'API key(s)',
  email: 'e-mail address(es)',
  iban: 'IBAN(s)',
  credit_card: 'credit card number(s)',
  phone: 'phone number(s)',
};

// A cheap screen: every type needs a digit, an `@` or a `-----` fence; prose without them skips the scan.
const MAY_HOLD_SECRET = /[0-9@]|-----/;

/**
 * Finds secrets and personal data (e-mail, phone, credit card, IBAN, JWT, API keys, private keys) and
 * replaces each with a typed placeholder such as `[EMAIL_1]` (the same value gets the same number).
 * Reports counts per type; the values themselves never appear in findings, details or logs.
 * Off by default: add `{ use: 'secrets' }` to the stages.
 */
export function secrets(options: SecretsOptions = {}): Stage {
  const parsed = parseOptions(secretsOptionsSchema, options, 'secrets stage');
  const wanted = new Set(parsed.types ?? SECRET_TYPES);
  const types = SECRET_TYPES.filter((type) => wanted.has(type));
  const action = parsed.action ?? 'redact';
  const context: DetectorContext = { phoneCountries: parsed.phoneCountries ?? ['US'] };

  const find = (text: string) => (MAY_HOLD_SECRET.test(text) ? findSecrets(text, types, context) : []);

  return {
    name: 'secrets',
    kind: 'filter',
    fingerprint: JSON.stringify(parsed),
    run(segment): StageResult {
      const matches = find(segment.text);
      if (matches.length === 0) return { action: 'pass', findings: [] };
      const counts = countByType(matches);
      const findings = describe(counts, action);
      const detail = { counts, apiKeyProviders: [...new Set(matches.flatMap((m) => (m.provider ? [m.provider] : [])))].sort() };
      if (action === 'block') return { action: 'block', findings, detail };
      if (action === 'flag') return { action: 'flag', findings, detail };
      const result: StageResult = { action: 'modify', text: redact(segment.text, matches), findings, detail };
      // A view that another stage set (normalised, decoded) holds the same values; detectors need none of them.
      if (segment.view !== segment.text) result.view = redact(segment.view, find(segment.view));
      return result;
    },
  };
}

/** All confirmed matches, earlier types winning where two overlap, in text order. */
export function findSecrets(text: string, types: readonly SecretType[], context: DetectorContext): SecretMatch[] {
  // One flag per code unit: checking a span against it costs its length, and kept spans never overlap.
  const taken = new Uint8Array(text.length);
  const kept: SecretMatch[] = [];
  for (const type of types) {
    for (const found of DETECTORS[type](text, context)) {
      if (taken.subarray(found.start, found.end).includes(1)) continue;
      taken.fill(1, found.start, found.end);
      kept.push(found);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

function redact(text: string, matches: readonly SecretMatch[]): string {
  const numbers = new Map<string, string>();
  const perType = new Map<SecretType, number>();
  const edits: TextEdit[] = matches.map((found) => {
    const key = `${found.type}\u0000${found.value}`;
    let placeholder = numbers.get(key);
    if (placeholder === undefined) {
      const n = (perType.get(found.type) ?? 0) + 1;
      perType.set(found.type, n);
      placeholder = `[${PLACEHOLDER[found.type]}_${n}]`;
      numbers.set(key, placeholder);
    }
    return { start: found.start, end: found.end, replacement: placeholder };
  });
  return applyEdits(text, edits);
}

function countByType(matches: readonly SecretMatch[]): Partial<Record<SecretType, number>> {
  const counts: Partial<Record<SecretType, number>> = {};
  for (const found of matches) counts[found.type] = (counts[found.type] ?? 0) + 1;
  return counts;
}

function describe(counts: Partial<Record<SecretType, number>>, action: (typeof SECRET_ACTIONS)[number]): Finding[] {
  const verb = action === 'redact' ? 'Redacted' : 'Found';
  return SECRET_TYPES.filter((type) => counts[type]).map((type) => ({ code: CODE[type], message: `${verb} ${counts[type]} ${NOUN[type]}.` }));
}
