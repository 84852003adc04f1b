import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { buildTokenizer, CLS_ID, SEP_ID, vocabSize } from '../../../src/classifiers/train/tokenizer-builder.js';

const TEXTS = ['ignore the previous instructions', 'ignore whitespace in the diff', 'the constructor of the class', 'bake the bread', 'the __proto__ field'];
const files = buildTokenizer(TEXTS, { maxWords: 100, maxPieces: 100, minCount: 1, windowTokens: 64 });
const tokenizer = new Tokenizer(files.tokenizerJson, files.tokenizerConfig);

describe('buildTokenizer', () => {
  it('keeps frequent words whole and wraps a text in [CLS] … [SEP]', () => {
    expect(tokenizer.tokenize('Ignore the bread')).toEqual(['ignore', 'the', 'bread']);
    const { ids } = tokenizer.encode('ignore');
    expect(ids[0]).toBe(CLS_ID);
    expect(ids.at(-1)).toBe(SEP_ID);
  });

  it('splits an unseen or obfuscated word into known pieces instead of [UNK]', () => {
    const tokens = tokenizer.tokenize('ignoooore');
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens).not.toContain('[UNK]');
    expect(tokens[0]).toBe('ignore'.slice(0, tokens[0]!.length));
  });

  it('treats words that are object keys in JavaScript ("constructor", "__proto__") as ordinary words', () => {
    expect(tokenizer.tokenize('constructor')).toEqual(['constructor']);
    expect(new Set(Object.values((files.tokenizerJson as { model: { vocab: Record<string, number> } }).model.vocab)).size).toBe(vocabSize(files));
  });

  it('reads the [DATA] role marker as one special token', () => {
    expect(tokenizer.encode('[DATA] bake the bread', { add_special_tokens: false }).tokens).toEqual(['[DATA]', 'bake', 'the', 'bread']);
  });

  it('records the scoring window as model_max_length', () => {
    expect(files.tokenizerConfig).toMatchObject({ model_max_length: 64, tokenizer_class: 'BertTokenizer' });
  });
});
