/**
 * A text's UTF-16 code units as a typed array, for the character-by-character scans of the detectors.
 * Node copies a string into a buffer natively (a memcpy for most strings); reading a typed array in a
 * loop then costs about a third of what `charCodeAt` does on a string whose representation the
 * compiler cannot know (cachegrind on a 1 KB prompt: ~19k instructions instead of ~46k for a loop over
 * a slice). Lone surrogates are copied as they are.
 */
const SHARED_UNITS = 32_768;
const shared = Buffer.alloc(SHARED_UNITS * 2);
const sharedUnits = new Uint16Array(shared.buffer, shared.byteOffset, SHARED_UNITS);
const BIG_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 0;

/**
 * The code units of `text`, in a shared array valid until the next call: read `text.length` of them,
 * and do not call this again while still reading. Longer texts get an array of their own, so that one
 * large prompt does not pin its size in memory.
 */
export function codeUnits(text: string): Uint16Array {
  const own = text.length > SHARED_UNITS;
  const bytes = own ? Buffer.allocUnsafe(text.length * 2) : shared;
  const written = bytes.write(text, 0, 'utf16le');
  if (BIG_ENDIAN) bytes.subarray(0, written).swap16();
  return own ? new Uint16Array(bytes.buffer, bytes.byteOffset, text.length) : sharedUnits;
}
