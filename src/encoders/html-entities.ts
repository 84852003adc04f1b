import escapeHtml from 'escape-html';
import { z } from 'zod';
import { parseOptions } from '../config.js';
import type { Stage, StageResult } from '../pipeline/types.js';

export const htmlEntitiesOptionsSchema = z.strictObject({});
export type HtmlEntitiesOptions = z.input<typeof htmlEntitiesOptionsSchema>;

const SPECIAL = /[&<>"']/g;

/**
 * Escapes `& < > " '` as HTML entities, for apps that put prompts into HTML or XML templates
 * (opt-in). This is output encoding: it is exact, so text that already holds `&amp;` becomes
 * `&amp;amp;` and renders as the user wrote it; apply it once, as the last stage that changes text.
 * The detection view is kept as it was, so detectors never read entities.
 */
export function htmlEntities(options: HtmlEntitiesOptions = {}): Stage {
  const parsed = parseOptions(htmlEntitiesOptionsSchema, options, 'html-entities stage');
  return {
    name: 'html-entities',
    kind: 'encode',
    fingerprint: JSON.stringify(parsed),
    run(segment): StageResult {
      const count = segment.text.match(SPECIAL)?.length ?? 0;
      if (count === 0) return { action: 'pass', findings: [] };
      return {
        action: 'modify',
        text: escapeHtml(segment.text),
        view: segment.view,
        findings: [{ code: 'html_entities_escaped', message: `${count} HTML-special character(s) were escaped.` }],
      };
    },
  };
}
