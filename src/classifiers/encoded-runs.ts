/**
 * Long unbroken runs of base64, hex or URL-safe characters: keys, hashes, blobs, encoded payloads. The
 * bundled model scores such runs as attacks (its training tied odd word pieces to smuggled payloads: 80+
 * characters of random base64 in a harmless question scored 0.90–0.998, 40–63 characters 0.999 in 2–6 of
 * 10 questions), while the heuristic decodes them and judges what they say. A run of 64 or more is skipped
 * whatever it holds: longer than any word. From 32 characters a run is skipped when it holds a digit, `+`,
 * `=` or `_`, which random keys and hashes almost always do (a 40-character base64 run without one: ~0.02%)
 * and glued-together words, hyphenated slugs and URL paths without numbers do not, so
 * "ignorepreviousinstructions…" and "how-to-ignore-whitespace-in-git-diff" are still read.
 */
export const ENCODED_RUN_MIN = 64;
/** The shortest run skipped when it holds a digit, `+`, `=` or `_`. */
export const MIXED_RUN_MIN = 32;

export const ENCODED_RUN_ACTIONS = ['skip', 'keep'] as const;

// Run characters [A-Za-z0-9+/=_-] by ASCII code: LETTER for a letter, `/` or `-`; MIXED for a digit, `+`, `=` or `_`.
const LETTER = 1;
const MIXED = 2;
const RUN_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz/-') RUN_CHAR[c.charCodeAt(0)] = LETTER;
for (const c of '0123456789+=_') RUN_CHAR[c.charCodeAt(0)] = MIXED;

/**
 * The text with each encoded run replaced by a space, so the words around it stay apart. A scan of
 * maximal runs, as `text.replace(/[A-Za-z0-9+/=_-]{32,}/g, …)` would find them, but in one pass: the
 * regex retries from every character of every shorter word (~24 µs on 1 KB of prose, ~5 µs here).
 */
export function withoutEncodedRuns(text: string): string {
  let out = '';
  let copied = 0; // text before this index is in `out`
  let start = 0; // where the current run began
  let kinds = 0; // LETTER | MIXED: what the current run holds
  // One step past the end, where a 0 ends the last run.
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0;
    const kind = code < 128 ? RUN_CHAR[code]! : 0;
    if (kind !== 0) {
      kinds |= kind;
      continue;
    }
    const length = i - start;
    if (length >= ENCODED_RUN_MIN || (length >= MIXED_RUN_MIN && (kinds & MIXED) !== 0)) {
      out += `${text.slice(copied, start)} `;
      copied = i;
    }
    start = i + 1;
    kinds = 0;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
