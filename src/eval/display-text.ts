/** How many characters (code points) of a record's text an example row shows. */
export const SHOWN_CHARS = 160;

// Any run of whitespace, line breaks included (linear: one character class, one quantifier).
const WHITESPACE = /\s+/gu;
// Control characters and bidirectional overrides would reorder or drive a terminal; show U+FFFD instead.
const UNSAFE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * A record's text on one line, safe to print to a terminal, cut to `max` code points with an ellipsis.
 * Only the head of the text is looked at, so a megabyte record costs no more than a short one.
 */
export function displayText(text: string, max = SHOWN_CHARS): string {
  // 4 UTF-16 units per shown character leaves room for collapsed whitespace and surrogate pairs.
  const head = text.slice(0, max * 4 + 1);
  const flat = head.replace(WHITESPACE, ' ').replace(UNSAFE, '\ufffd').trim();
  const chars = Array.from(flat);
  const cut = chars.length > max || head.length < text.length;
  return cut ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : flat;
}
