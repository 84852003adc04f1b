import { isDangerousUrl } from './dangerous-url.js';

export type UrlJudgement = {
  /** `javascript:`, `vbscript:` or `data:`. */
  dangerous: boolean;
  /** An absolute URL to a host outside the allow-list (relative URLs stay on the app's own origin). */
  external: boolean;
  /** The URL can carry data out: a query string, credentials, or a long or encoded path segment or host label. */
  carriesData: boolean;
};

// A segment of only URL-token characters, longer than 32, with a digit: base64, hex, a UUID, a token.
const TOKEN_SEGMENT = /^[A-Za-z0-9+=_~.%-]{33,}$/;
const DIGIT = /[0-9]/;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/g;
// Ten or more %-escapes in one segment: an encoded sentence or blob, not a word.
const MAX_ESCAPES_PER_SEGMENT = 9;

/**
 * Matches a host against the allow-list: `example.com` allows exactly that host, `*.example.com` its
 * subdomains (not the apex).
 */
export function hostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  for (const allowed of allowedHosts) {
    if (allowed.startsWith('*.') ? host.endsWith(allowed.slice(1)) : host === allowed) return true;
  }
  return false;
}

/** Judges a (decoded) link or image destination for exfiltration. Never throws. */
export function judgeUrl(destination: string, allowedHosts: readonly string[]): UrlJudgement {
  const trimmed = destination.trim();
  if (isDangerousUrl(trimmed)) return { dangerous: true, external: false, carriesData: false };
  const url = parseAbsolute(trimmed);
  if (!url || url.hostname === '') return { dangerous: false, external: false, carriesData: false };
  const host = url.hostname.toLowerCase();
  const external = !hostAllowed(host, allowedHosts);
  return { dangerous: false, external, carriesData: carriesData(url) };
}

function parseAbsolute(destination: string): URL | undefined {
  // Protocol-relative `//evil.example/x` goes to another host just the same.
  const candidate = destination.startsWith('//') ? `https:${destination}` : destination;
  if (!URL.canParse(candidate)) return undefined;
  return new URL(candidate);
}

function carriesData(url: URL): boolean {
  if (url.search.length > 1 || url.username !== '' || url.password !== '') return true;
  if (url.hostname.split('.').some((label) => label.length > 32)) return true;
  for (const segment of url.pathname.split('/')) {
    if (TOKEN_SEGMENT.test(segment) && DIGIT.test(segment)) return true;
    if ((segment.match(PERCENT_ESCAPE)?.length ?? 0) > MAX_ESCAPES_PER_SEGMENT) return true;
  }
  return false;
}
