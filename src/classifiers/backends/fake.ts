import type { BackendInfo, ClassifierBackend, LabelScore } from './types.js';

export type FakeBackendOptions = {
  /** Scores the words of one window (special tokens removed): the injection probability. Defaults to 0.99 when a word is `attack`, else 0.01. */
  score?: (words: string[]) => number;
  /** Labels, in output order; the score goes to the last one. Defaults to `['BENIGN', 'INJECTION']`. */
  labels?: string[];
  /** Window size, special tokens included. Defaults to `16`. */
  windowTokens?: number;
  /** How long each classify() call takes, in ms. Defaults to `0`. */
  delayMs?: number;
  id?: string;
  settings?: unknown;
};

export type FakeBackend = ClassifierBackend & {
  /** The windows of every classify() call, decoded back to words. */
  readonly calls: string[][][];
  readonly initCalls: number;
  readonly closed: boolean;
};

const CLS = 1;
const SEP = 2;

/**
 * A backend for tests, like a rate-limit MemoryStore: one token per whitespace-separated word,
 * scores from a function, and a record of every call. Exported so that users can test their own
 * configuration without a model.
 */
export function createFakeBackend(options: FakeBackendOptions = {}): FakeBackend {
  const labels = options.labels ?? ['BENIGN', 'INJECTION'];
  const score = options.score ?? ((words: string[]) => (words.includes('attack') ? 0.99 : 0.01));
  const ids = new Map<string, number>();
  const words: string[] = ['[PAD]', '[CLS]', '[SEP]'];
  const calls: string[][][] = [];
  let initCalls = 0;
  let closed = false;

  const info: BackendInfo = {
    id: options.id ?? 'fake',
    labels,
    multiLabel: false,
    windowTokens: options.windowTokens ?? 16,
    prefixIds: [CLS],
    suffixIds: [SEP],
    digest: 'fake',
    settings: options.settings,
  };

  return {
    calls,
    get initCalls() {
      return initCalls;
    },
    get closed() {
      return closed;
    },
    async init() {
      initCalls++;
      return info;
    },
    encode(text) {
      return text
        .split(/\s+/)
        .filter((word) => word !== '')
        .map((word) => {
          let id = ids.get(word);
          if (id === undefined) {
            id = words.length;
            ids.set(word, id);
            words.push(word);
          }
          return id;
        });
    },
    async classify(windows) {
      const decoded = windows.map((window) => {
        if (window.length > info.windowTokens) throw new Error(`A window of ${window.length} tokens exceeds ${info.windowTokens}.`);
        return window.filter((id) => id !== CLS && id !== SEP).map((id) => words[id]!);
      });
      calls.push(decoded);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      return decoded.map((window): LabelScore[] => {
        const p = score(window);
        return labels.map((label, index) => ({ label, score: index === labels.length - 1 ? p : (1 - p) / (labels.length - 1) }));
      });
    },
    async close() {
      closed = true;
    },
  };
}
