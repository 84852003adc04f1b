// A browser drops ASCII whitespace and controls inside the scheme: `java\tscript:` still runs.
const compact = (value: string) => value.replace(/[\u0000-\u0020]+/g, '').toLowerCase();

/** `javascript:`, `vbscript:` and `data:` URLs, read the way a browser does (controls and spaces ignored). */
export function isDangerousUrl(value: string): boolean {
  const url = compact(value);
  return url.startsWith('javascript:') || url.startsWith('vbscript:') || url.startsWith('data:');
}

/** A `data:` URL, read the way a browser does. */
export const isDataUrl = (value: string): boolean => compact(value).startsWith('data:');
