/**
 * Long unbroken runs of base64, hex or URL-safe characters: keys, hashes, blobs, encoded payloads. The
 * bundled model scores any such run as an attack (its training tied odd word pieces to smuggled
 * payloads: 80+ characters of random base64 in a harmless question score 0.90–0.998), while the
 * heuristic decodes them and judges what they say. 64 characters is longer than any word and than a
 * SHA-256 in hex, which the model reads without harm.
 */
export const ENCODED_RUN_MIN = 64;
const ENCODED_RUN = /[A-Za-z0-9+/=_-]{64,}/g;

export const ENCODED_RUN_ACTIONS = ['skip', 'keep'] as const;

/** The text with each encoded run replaced by a space, so the words around it stay apart. */
export function withoutEncodedRuns(text: string): string {
  return text.replace(ENCODED_RUN, ' ');
}
