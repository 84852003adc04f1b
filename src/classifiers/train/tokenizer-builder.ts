import { Tokenizer } from '@huggingface/tokenizers';

/**
 * Builds a WordPiece tokenizer from training text and writes it in the Hugging Face `tokenizer.json`
 * format, so the trainer and transformers.js (which runs @huggingface/tokenizers) split text identically.
 * Whole words cover the common vocabulary; `##` pieces of one to three characters let any unseen,
 * misspelt or obfuscated word ("1gn0re", "ignoooore") fall apart into pieces the model has seen.
 */

export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[DATA]'] as const;
export const PAD_ID = 0;
export const CLS_ID = 2;
export const SEP_ID = 3;

export type TokenizerFiles = { tokenizerJson: object; tokenizerConfig: object };
export type DigitMode = 'keep' | 'fold';
export type VocabOptions = { maxWords: number; maxPieces: number; minCount: number; windowTokens: number; digits?: DigitMode };

/**
 * The normalizer of tokenizer.json: the one definition of how text is normalized, read by the trainer and,
 * at run time, by transformers.js (both run @huggingface/tokenizers, whose `Sequence`, `Lowercase` and
 * `Replace` with a `Regex` pattern are `text.toLowerCase()` and `text.replaceAll(/[0-9]/gu, '0')`).
 * `fold` maps every ASCII digit to `0` after lower-casing (the detection view's NFKC has already made
 * full-width digits ASCII; other scripts' digits, e.g. Arabic-Indic, are left as they are); `keep` is the
 * bundled model's `Lowercase`.
 */
export function normalizerConfig(digits: DigitMode = 'keep'): object {
  if (digits === 'keep') return { type: 'Lowercase' };
  return { type: 'Sequence', normalizers: [{ type: 'Lowercase' }, { type: 'Replace', pattern: { Regex: '[0-9]' }, content: '0' }] };
}

/** The tokenizer.json skeleton; `vocab` is filled in by `buildTokenizer`. */
function tokenizerJson(vocab: Record<string, number>, digits: DigitMode = 'keep'): object {
  const special = (content: string, id: number) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((token, id) => special(token, id)),
    // Lower-casing only: the detection view already applied NFKC, folded confusables and removed invisible
    // characters. BertNormalizer would redo that work and costs ~4x the whole tokenizer time (measured:
    // 460 vs 100 µs per 1 KB text). Unspaced CJK runs fall apart into single-character pieces.
    // `digits: 'fold'` adds a digit → `0` replacement after it (normalizerConfig).
    normalizer: normalizerConfig(digits),
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [CLS_ID], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [SEP_ID], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 200, vocab },
  };
}

function tokenizerConfig(windowTokens: number): object {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: windowTokens,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    clean_up_tokenization_spaces: true,
  };
}

const specialVocab = (): Record<string, number> => Object.fromEntries(SPECIAL_TOKENS.map((token, id) => [token, id]));

/** The normaliser and pre-tokeniser of the final tokenizer, to count words exactly as it will see them. */
function wordSplitter(digits: DigitMode | undefined): (text: string) => string[] {
  const bare = new Tokenizer(tokenizerJson(specialVocab(), digits), tokenizerConfig(512));
  return (text) => bare.pre_tokenizer!(bare.normalizer!(text));
}

const topByCount = (counts: Map<string, number>, limit: number, minCount: number): string[] =>
  [...counts]
    .filter(([, count]) => count >= minCount)
    // Ties broken by the string itself so the vocabulary (and the model bytes) are reproducible.
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, limit)
    .map(([token]) => token);

export function buildTokenizer(texts: Iterable<string>, options: VocabOptions): TokenizerFiles {
  const split = wordSplitter(options.digits);
  const words = new Map<string, number>();
  for (const text of texts) for (const word of split(text)) words.set(word, (words.get(word) ?? 0) + 1);

  const pieces = new Map<string, number>();
  for (const [word, count] of words) {
    const chars = [...word];
    for (let start = 0; start < chars.length; start++) {
      for (let size = 1; size <= 3 && start + size <= chars.length; size++) {
        const piece = (start === 0 ? '' : '##') + chars.slice(start, start + size).join('');
        pieces.set(piece, (pieces.get(piece) ?? 0) + count);
      }
    }
  }
  // A Map, not an object: words such as "constructor" or "__proto__" are ordinary tokens here.
  const vocab = new Map(Object.entries(specialVocab()));
  const add = (token: string) => {
    if (!vocab.has(token)) vocab.set(token, vocab.size);
  };
  // Every single character seen twice anywhere, as a word start and as a continuation: no word of known
  // characters becomes [UNK]. Counting by position instead left characters seen only inside words without a
  // word-start entry, so an unspaced Chinese question starting with one was read as "[UNK] ?", the same for
  // every such question, and the model blocked them all or none.
  const chars = new Map<string, number>();
  for (const [word, count] of words) for (const char of word) chars.set(char, (chars.get(char) ?? 0) + count);
  for (const char of topByCount(chars, Infinity, 2)) {
    add(char);
    add(`##${char}`);
  }
  for (const piece of topByCount(pieces, options.maxPieces, options.minCount)) add(piece);
  for (const word of topByCount(words, options.maxWords, options.minCount)) add(word);
  return { tokenizerJson: tokenizerJson(Object.fromEntries(vocab), options.digits), tokenizerConfig: tokenizerConfig(options.windowTokens) };
}

export const loadTokenizer = (files: TokenizerFiles): Tokenizer => new Tokenizer(files.tokenizerJson, files.tokenizerConfig);

export const vocabSize = (files: TokenizerFiles): number =>
  Object.keys((files.tokenizerJson as { model: { vocab: object } }).model.vocab).length;
