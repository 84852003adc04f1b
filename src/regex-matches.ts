/**
 * Visits each match of a global regular expression in `text`, in order; `visit` returns `false` to stop.
 * Unlike `String.prototype.matchAll`, it does not copy the expression on every call: the copy (the spec's
 * species constructor) cost ~15k instructions a call for the large alternations of the chat-token and
 * rot13 patterns, on every scanned text (cachegrind, docs/bench/middleware.md). The expression's
 * `lastIndex` is used and reset, so `visit` must not run the same expression itself.
 */
export function forEachMatch(pattern: RegExp, text: string, visit: (match: RegExpExecArray) => boolean | void): void {
  pattern.lastIndex = 0;
  try {
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      // An empty match would match again at the same place; step over it as matchAll does.
      if (match[0].length === 0) pattern.lastIndex = nextIndex(text, pattern.lastIndex, pattern.unicode || (pattern as { unicodeSets?: boolean }).unicodeSets === true);
      if (visit(match) === false) break;
    }
  } finally {
    pattern.lastIndex = 0;
  }
}

/** The spec's AdvanceStringIndex: one code unit, or a whole surrogate pair in a Unicode expression. */
function nextIndex(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const unit = text.charCodeAt(index);
  const following = text.charCodeAt(index + 1);
  return unit >= 0xd800 && unit <= 0xdbff && following >= 0xdc00 && following <= 0xdfff ? index + 2 : index + 1;
}
