/**
 * Control tokens of common chat templates, as data: a tokenizer that parses special tokens in user
 * text reads these strings as turn boundaries, so user text must never carry them verbatim.
 * Tokens are exact, case-sensitive strings, as a tokenizer matches them. Add a family here to cover a
 * new model; the special-tokens stage builds its matcher from this table at construction.
 */
export type ChatTemplate = {
  family: string;
  /** Control tokens wherever they appear. */
  tokens: readonly string[];
  /** Strings that are control tokens only in a template context, because prose and HTML use them too. */
  contextual?: readonly ContextualToken[];
};

/**
 * A string that counts as a control token only next to the template's other tokens. A "run" is a row of
 * tokens (any family's) with nothing but whitespace between them; the token counts when its run holds one
 * of `onlyNear`, or when it is part of one of the exact sequences `orWithin`. Otherwise it is left as is.
 */
export type ContextualToken = { token: string; onlyNear: readonly string[]; orWithin?: readonly string[] };

// Llama 2's BOS/EOS are also HTML's strikethrough element: `<s>old price</s>` is not an attack, while
// `</s><s>[INST]` (end a turn, start one) is the template's own seam.
const LLAMA2_TURN = ['[INST]', '[/INST]', '<<SYS>>', '<</SYS>>'];
const LLAMA2_SEAM = ['</s><s>'];

export const CHAT_TEMPLATES: readonly ChatTemplate[] = [
  { family: 'chatml', tokens: ['<|im_start|>', '<|im_end|>', '<|im_sep|>', '<|endoftext|>'] },
  {
    family: 'llama2',
    tokens: LLAMA2_TURN,
    contextual: [
      { token: '<s>', onlyNear: LLAMA2_TURN, orWithin: LLAMA2_SEAM },
      { token: '</s>', onlyNear: LLAMA2_TURN, orWithin: LLAMA2_SEAM },
    ],
  },
  {
    family: 'llama3',
    tokens: [
      '<|begin_of_text|>',
      '<|end_of_text|>',
      '<|start_header_id|>',
      '<|end_header_id|>',
      '<|eot_id|>',
      '<|eom_id|>',
      '<|python_tag|>',
      '<|finetune_right_pad_id|>',
    ],
  },
  { family: 'gemma', tokens: ['<start_of_turn>', '<end_of_turn>', '<bos>', '<eos>', '<start_of_image>', '<end_of_image>'] },
  {
    family: 'mistral',
    tokens: [
      '[INST]',
      '[/INST]',
      '[SYSTEM_PROMPT]',
      '[/SYSTEM_PROMPT]',
      '[TOOL_CALLS]',
      '[AVAILABLE_TOOLS]',
      '[/AVAILABLE_TOOLS]',
      '[TOOL_RESULTS]',
      '[/TOOL_RESULTS]',
      '[THINK]',
      '[/THINK]',
    ],
  },
  { family: 'phi', tokens: ['<|system|>', '<|user|>', '<|assistant|>', '<|end|>', '<|endoftext|>'] },
  {
    family: 'harmony',
    tokens: ['<|start|>', '<|end|>', '<|message|>', '<|channel|>', '<|constrain|>', '<|return|>', '<|call|>', '<|startoftext|>'],
  },
  {
    // DeepSeek V2/V3/R1 use FULLWIDTH VERTICAL LINE (U+FF5C) and LOWER ONE EIGHTH BLOCK (U+2581).
    family: 'deepseek',
    tokens: [
      '<｜begin▁of▁sentence｜>',
      '<｜end▁of▁sentence｜>',
      '<｜User｜>',
      '<｜Assistant｜>',
      '<｜tool▁calls▁begin｜>',
      '<｜tool▁calls▁end｜>',
      '<｜tool▁call▁begin｜>',
      '<｜tool▁call▁end｜>',
      '<｜tool▁sep｜>',
      '<｜tool▁outputs▁begin｜>',
      '<｜tool▁outputs▁end｜>',
      '<｜tool▁output▁begin｜>',
      '<｜tool▁output▁end｜>',
    ],
  },
  {
    family: 'qwen',
    tokens: ['<|im_start|>', '<|im_end|>', '<|endoftext|>', '<tool_call>', '</tool_call>', '<tool_response>', '</tool_response>'],
  },
  {
    family: 'command-r',
    tokens: [
      '<|START_OF_TURN_TOKEN|>',
      '<|END_OF_TURN_TOKEN|>',
      '<|SYSTEM_TOKEN|>',
      '<|USER_TOKEN|>',
      '<|CHATBOT_TOKEN|>',
    ],
  },
  { family: 'granite', tokens: ['<|start_of_role|>', '<|end_of_role|>', '<|end_of_text|>'] },
];

export const CHAT_TEMPLATE_FAMILIES = CHAT_TEMPLATES.map((template) => template.family);

/**
 * Token shapes no family above lists yet (reserved tokens, newer models): `<|name|>` and the DeepSeek
 * fullwidth form `<｜name｜>`. Harmless prose practically never writes a word between these bars.
 */
export const GENERIC_TOKEN_PATTERN = /<[|｜][A-Za-z][A-Za-z0-9_▁]{0,63}[|｜]>/g;

/**
 * Fake role headers: plain-text turn markers that are not tokens but that models trained on them read
 * as a new turn. Each pattern has two groups; the encoder escapes the header by putting `\` between
 * them (a Markdown escape, so the header reads as literal text), after which it no longer matches.
 * The Markdown form must start a line so that prose mentioning "system" is left alone.
 */
export const FAKE_ROLE_HEADER_PATTERNS: readonly RegExp[] = [
  // Alpaca/Vicuna-style headers: "### System:", "## Instruction:", "### Response:".
  /^([ \t]{0,8})(#{1,6}[ \t]{0,4}(?:system|assistant|user|human|instructions?|response|input)(?:[ \t]{1,4}(?:prompt|message))?[ \t]{0,4}:)/gim,
  // Bing-chat-style metadata headers: "[system](#instructions)", "[assistant](#inner_monologue)".
  /(\[(?:system|assistant|user)\])(\(#[A-Za-z_-]{1,40}\))/gi,
];
