/** One change to a text: replace [start, end) (UTF-16 code units) with `replacement` ('' cuts). */
export type TextEdit = { start: number; end: number; replacement: string };

/**
 * Applies edits to the original string and leaves every byte outside them as written. Overlapping or
 * touching cuts merge (a removed element that contains a removed attribute is one cut); an edit that
 * overlaps an earlier one is dropped, so the outer, larger edit wins.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) {
      // Inside an earlier edit; a pure cut may still extend it.
      if (edit.replacement === '' && edit.end > cursor) cursor = edit.end;
      continue;
    }
    out += text.slice(cursor, edit.start) + edit.replacement;
    cursor = Math.max(cursor, edit.end);
  }
  return out + text.slice(cursor);
}
