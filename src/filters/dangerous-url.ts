/** `javascript:`, `vbscript:` and `data:` URLs, read the way a browser does (controls and spaces ignored). */
export function isDangerousUrl(value: string): boolean {
  // A browser drops ASCII whitespace and controls inside the scheme: `java\tscript:` still runs.
  const compact = value.replace(/[\u0000-\u0020]+/g, '').toLowerCase();
  return compact.startsWith('javascript:') || compact.startsWith('vbscript:') || compact.startsWith('data:');
}
