import type { DOMWindow } from 'jsdom';

let shared: Promise<DOMWindow> | undefined;

/**
 * The one jsdom window of the process (STYLE.md 9): creating a window costs tens of milliseconds and
 * megabytes, so every HTML stage instance shares this one. jsdom is imported lazily so that importing
 * promptsieve (or running `promptsieve --help`) does not pay for it.
 */
export function sharedWindow(): Promise<DOMWindow> {
  shared ??= import('jsdom').then(({ JSDOM }) => new JSDOM('').window);
  return shared;
}
