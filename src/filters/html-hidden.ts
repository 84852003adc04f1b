/** An attribute as parse5 hands it over (prefixed ones are `xlink:`, `xml:` and `xmlns` in SVG/MathML). */
type SourceAttr = { name: string; value: string; prefix?: string | undefined };

/** Whether an inline style hides what it styles; see createStyleJudge. */
export type StyleJudge = (style: string) => boolean;

// The only properties isHiding reads; a style without any of these names (or a CSS escape, `\64 isplay`)
// cannot hide anything, and skips the CSS parser. Linear: one pass of alternatives with no nesting.
const MAY_HIDE = /display|visibility|font|opacity|color|\\/i;

/** Whether a style value names a property that can hide text, so that it needs the CSS parser. */
export const styleMayHide = (style: string): boolean => MAY_HIDE.test(style);

// Distinct style values remembered per judge; past this the memo starts over (it only saves time).
const MEMO_SIZE = 1024;

/**
 * Whether an element hides its content from a human reader while an LLM would still read it: the
 * `hidden` attribute, or an inline style the judge says hides (read from the parser's attributes, so
 * that no DOM element is needed). Prefixed attributes are never `hidden` or `style`.
 */
export function isHiddenElement(attrs: readonly SourceAttr[], hides: StyleJudge): boolean {
  let style: string | undefined;
  for (const attr of attrs) {
    if (attr.prefix) continue;
    if (attr.name === 'hidden') return true;
    if (attr.name === 'style') style = attr.value;
  }
  return style !== undefined && styleMayHide(style) && hides(style);
}

/**
 * Reads inline styles through jsdom's CSSStyleDeclaration (the `cssstyle` parser), so comments,
 * `!important`, case and spacing tricks are handled by a real CSS parser rather than a pattern. One
 * scratch element of the shared window parses every value; results are memoised by value. A style
 * hides with `display:none`, `visibility:hidden|collapse`, a zero (or sub-pixel) font size, (near)
 * zero opacity, or transparent text.
 */
export function createStyleJudge(document: Document): StyleJudge {
  const scratch = document.createElementNS('http://www.w3.org/1999/xhtml', 'span') as HTMLElement;
  const memo = new Map<string, boolean>();
  return (value) => {
    let hidden = memo.get(value);
    if (hidden === undefined) {
      scratch.setAttribute('style', value);
      hidden = isHiding(scratch.style);
      if (memo.size >= MEMO_SIZE) memo.clear();
      memo.set(value, hidden);
    }
    return hidden;
  };
}

function isHiding(style: CSSStyleDeclaration): boolean {
  const visibility = style.visibility.toLowerCase();
  return (
    style.display.toLowerCase() === 'none' ||
    visibility === 'hidden' ||
    visibility === 'collapse' ||
    isTinyFontSize(style.fontSize) ||
    isTransparentOpacity(style.opacity) ||
    style.color.toLowerCase() === 'transparent'
  );
}

// Text under 1px cannot be read by a person; 0 in any unit (0, 0em, 0%) is the classic trick.
function isTinyFontSize(value: string): boolean {
  if (value === '') return false;
  const size = Number.parseFloat(value);
  if (Number.isNaN(size)) return false;
  return size <= 0 || (value.trim().toLowerCase().endsWith('px') && size < 1);
}

// Below 0.1 opacity text is not legible on any background.
function isTransparentOpacity(value: string): boolean {
  if (value === '') return false;
  const opacity = Number.parseFloat(value);
  if (Number.isNaN(opacity)) return false;
  return value.trim().endsWith('%') ? opacity < 10 : opacity < 0.1;
}
