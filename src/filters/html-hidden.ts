/**
 * Whether an element hides its content from a human reader while an LLM would still read it: the
 * `hidden` attribute, or an inline style with `display:none`, `visibility:hidden|collapse`, a zero (or
 * sub-pixel) font size, (near) zero opacity, or transparent text. The style is read through jsdom's
 * CSSStyleDeclaration (the `cssstyle` parser), so comments, `!important`, case and spacing tricks are
 * handled by a real CSS parser rather than a pattern.
 */
export function isHiddenElement(element: Element): boolean {
  if (element.hasAttribute('hidden')) return true;
  if (!element.hasAttribute('style')) return false;
  const style = (element as Element & { style?: CSSStyleDeclaration }).style;
  if (!style) return false;
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
