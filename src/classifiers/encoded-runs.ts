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
const CANDIDATE_RUN = /[A-Za-z0-9+/=_-]{32,}/g;
const NOT_A_LETTER = /[0-9+=_]/;

export const ENCODED_RUN_ACTIONS = ['skip', 'keep'] as const;

/** The text with each encoded run replaced by a space, so the words around it stay apart. */
export function withoutEncodedRuns(text: string): string {
  return text.replace(CANDIDATE_RUN, (run) => (run.length >= ENCODED_RUN_MIN || NOT_A_LETTER.test(run) ? ' ' : run));
}
