import type { OutputFile } from './output-file.js';
import type { Sink } from './sink.js';

/** JSONL: the workers send finished lines; this only appends them. */
export function jsonlSink(file: OutputFile): Sink {
  return {
    async write(line) {
      await file.write(line as string);
      return undefined;
    },
    pending: () => 0,
    commit: async () => ({ bytes: await file.commit() }),
    finish: () => file.close(),
    abandon: () => file.abandon(),
  };
}
