import { readLines } from '../cli/read-lines.js';
import type { InputBytes } from './input-bytes.js';
import type { Source, SourceItem } from './source.js';

/** JSONL: one item per line; lines are parsed by the workers, so reading stays cheap. */
export function jsonlSource(input: InputBytes, maxLineBytes: number): Source {
  async function* items(): AsyncGenerator<SourceItem> {
    for await (const line of readLines(input.chunks, maxLineBytes)) {
      const at = { line: line.number };
      if ('error' in line) yield { kind: 'unreadable', at, error: line.error, raw: line.raw };
      else if (line.text.trim() === '') yield { kind: 'blank' };
      else yield { kind: 'line', at, text: line.text };
    }
  }
  return {
    items: items(),
    progress: () => ({ done: input.bytesRead(), ...(input.size === undefined ? {} : { total: input.size }), unit: 'bytes' }),
    close: input.close,
  };
}
