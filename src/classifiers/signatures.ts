/**
 * Injection signatures, as data. Each is scored by its weight (the chance, on its own, that a text it
 * matches is an attack); the heuristic stage folds the weights of every signature that matched with a
 * noisy-OR. `scope: 'data'` signatures apply only to data segments (tool output, documents), where an
 * instruction addressed to the assistant is itself the attack.
 *
 * Patterns run on the detection view (NFKC, whitespace collapsed) and on decoded payloads. Every one
 * is built from bounded or unambiguous repetitions so it runs in linear time; test/redos.test.ts
 * checks each. The scanned text has its whitespace collapsed to single spaces, so patterns write one
 * `\s` (never `\s+`, whose runs next to each other would backtrack) and word gaps as `(?:\S+\s){0,N}?`.
 */
export const SIGNATURE_CATEGORIES = [
  'instruction_override',
  'jailbreak',
  'prompt_extraction',
  'role_header',
  'delimiter_breakout',
  'exfiltration',
  'indirect',
] as const;
export type SignatureCategory = (typeof SIGNATURE_CATEGORIES)[number];

export type Signature = {
  /** Stable, kebab-case; what `disable` names and findings cite. */
  id: string;
  category: SignatureCategory;
  /** 0..1: how sure a match alone makes us. ≥ 0.7 blocks a user segment alone at the default thresholds. */
  weight: number;
  /** What it detects, in words; used as the finding message, so it never quotes input. */
  description: string;
  pattern: RegExp;
  /** `data`: only in tool output and documents. Defaults to all segments. */
  scope?: 'data';
};

export const SIGNATURES: readonly Signature[] = [
  // ── instruction override ───────────────────────────────────────────────────────────────────
  {
    id: 'override-previous-instructions',
    category: 'instruction_override',
    weight: 0.9,
    description: 'Asks to ignore, forget or override earlier instructions',
    pattern:
      /\b(?:ignore|ignoring|disregard|disregarding|forget|skip|override|bypass|discard|abandon|neglect|overlook|set aside|throw away|pay no attention to|do not follow|don't follow|stop following|no longer follow)\s(?:\S+\s){0,3}?(?:previous|prior|preceding|above|earlier|former|initial|original|foregoing|old|system|developer|given|existing|your|all)\s(?:\S+\s){0,2}?(?:instructions?|directions?|rules|prompts?|directives?|guidelines|commands|orders|constraints|restrictions|programming|guidance|policies|context|training|system prompt)\b/i,
  },
  {
    id: 'override-everything-before',
    category: 'instruction_override',
    weight: 0.85,
    description: 'Asks to ignore or forget everything said before',
    pattern:
      /\b(?:ignore|disregard|forget)\s(?:about\s)?(?:all|everything|anything|whatever)\s(?:\S+\s){0,2}?(?:above|before|beforehand|previously|prior|earlier|so far|until now|up to now|we (?:discussed|talked about|said)|you(?:'ve| have| were)\s(?:been\s)?(?:told|given|said))\b|\b(?:forget|ignore|disregard)\s(?:about\s)?(?:everything|all that)\s?(?:,|and|\.)?\s(?:now\s|just\s|instead\s)?(?:tell|say|write|print|output|respond|answer|listen|do|act|focus)\b/i,
  },
  {
    id: 'override-the-above',
    category: 'instruction_override',
    weight: 0.7,
    description: 'Asks to ignore the text above',
    pattern: /\b(?:ignore|disregard|forget)\s(?:all\s|everything\s)?(?:of\s)?the\s(?:above|preceding|foregoing)(?:\s(?:and|text|prompt|input|request))?\b(?!\s(?:error|warning|message|step|example|code|section|recipe|answer))/i,
  },
  {
    // The same request with the pointer after the noun ("ignore the instructions above", "disregard the
    // rules you were given"), which override-previous-instructions reads only before it.
    id: 'override-instructions-given',
    category: 'instruction_override',
    weight: 0.85,
    description: 'Asks to ignore the instructions given above or before',
    pattern:
      /\b(?:ignore|ignoring|disregard|disregarding|forget|override|bypass|discard|do not follow|don't follow|stop following|no longer follow)\s(?:all\s|any\s|each\s|every\s|of\s|the\s|these\s|those\s|your\s){0,2}(?:instructions?|rules|directions|directives?|guidelines|prompts?|commands|orders|constraints|restrictions)\s(?:above|before|so far|until now|up to now|earlier|previously|from (?:before|earlier|above)|given (?:to you|earlier|before|above|previously)|(?:that\s|which\s)?you(?:'ve|'re| have| were| are)\s(?:been\s)?(?:given|told|provided|following))\b/i,
  },
  {
    id: 'override-new-instructions',
    category: 'instruction_override',
    weight: 0.6,
    description: 'Announces new or replacement instructions',
    pattern: /\b(?:new|updated|real|actual|revised|important|additional|secret)\s(?:system\s)?(?:instructions?|directives?|orders|task)\s?(?::|-|=|follow\b|are\b)|\byour\s(?:new|real|actual|true)\s(?:task|goal|instructions?|purpose|objective|mission)\s(?:is|are|will be|now)\b/i,
  },
  {
    id: 'override-instead',
    category: 'instruction_override',
    weight: 0.45,
    description: 'Tells the model to drop its task and do something else instead',
    pattern: /\b(?:instead|rather)\s?,?\s?(?:just\s)?(?:say|print|output|write|respond with|reply with|answer with)\s["'“]/i,
  },
  {
    id: 'override-known-payload',
    category: 'instruction_override',
    weight: 0.6,
    description: 'Contains a well-known injection test payload',
    pattern: /\b(?:i have been pwned|haha pwned|hacked by|ai injection succeeded|injection successful)\b/i,
  },
  {
    id: 'override-do-not-answer-just-output',
    category: 'instruction_override',
    weight: 0.7,
    description: 'Tells the model not to do its task but to output something else',
    pattern:
      /\b(?:do not|don't|dont)\s(?:answer|respond to|look (?:at|in)|read|follow|translate|summari[sz]e|process)\s(?:\S+\s){0,4}?(?:but\s|and\s|,\s?)?(?:just|only|instead|simply)\s(?:output|say|print|write|reply|respond)\b/i,
  },
  {
    id: 'override-german',
    category: 'instruction_override',
    weight: 0.85,
    description: 'Asks (in German) to ignore or forget earlier instructions',
    pattern:
      /\b(?:ignorier(?:e|en|t)?|vergiss|vergessen sie|missachte|übergehe)\s(?:\S+\s){0,3}?(?:vorherigen?|vorigen?|obigen?|bisherigen?|früheren?|alle|alles|deine|ihre)\s(?:\S+\s){0,2}?(?:anweisungen|anleitungen|befehle|regeln|instruktionen|vorgaben|davor|vorher|bisher|oben)\b|\bvergiss\salles\b|\b(?:die|alle|alles)\s(?:\S+\s){0,2}?(?:obigen|vorherigen|bisherigen|vorigen|früheren)\s(?:\S+\s){0,1}?(?:anweisungen|ausführungen|informationen|instruktionen|befehle|regeln|texte?)\s(?:\S+\s){0,2}?(?:ignorieren|vergessen|missachten|hinter sich)\b|\b(?:folgen|kommen|hier sind)\s(?:\S+\s){0,1}?neue\s(?:anweisungen|instruktionen|befehle)\b/i,
  },
  {
    id: 'override-french',
    category: 'instruction_override',
    weight: 0.85,
    description: 'Asks (in French) to ignore or forget earlier instructions',
    pattern: /\b(?:ignore[zr]?|oublie[zr]?|ne tiens pas compte d)\s?(?:toutes\s|tous\s)?(?:les|tes|vos|es)\s(?:\S+\s){0,1}?(?:instructions|consignes|règles|directives)\b|\boublie[zr]?\stout\b/i,
  },
  {
    id: 'override-spanish-portuguese-italian',
    category: 'instruction_override',
    weight: 0.85,
    description: 'Asks (in Spanish, Portuguese or Italian) to ignore or forget earlier instructions',
    pattern:
      /\b(?:ignora|ignorar|olvida|olvide|olvidar|esqueça|esqueca|esquece|dimentica|non seguire|no sigas)\s(?:\S+\s){0,3}?(?:instrucciones|instruções|instrucoes|istruzioni|reglas|regras|regole|indicaciones)(?:\s(?:\S+\s){0,1}?(?:anteriores|precedentes|precedenti|previas|prévias))?\b|\b(?:olvida|olvidar|esquece|esqueça|dimentica)\stodo\b|\bzaboravi\s(?:sve\s)?(?:instrukcije|upute|prethodne)\b/i,
  },
  // ── role-play jailbreaks ─────────────────────────────────────────────────────────────────────
  {
    id: 'jailbreak-do-anything-now',
    category: 'jailbreak',
    weight: 0.9,
    description: 'Invokes the "Do Anything Now" (DAN) persona',
    pattern: /\bdo anything now\b/i,
  },
  {
    id: 'jailbreak-dan-tag',
    category: 'jailbreak',
    weight: 0.7,
    description: 'Uses the DAN persona tag or mode (upper case, as jailbreaks write it)',
    pattern:
      /\[DAN\]|\bDAN(?:\s[Mm]ode|\s\d+(?:\.\d+)?\b|\s[Jj]ailbreak|:)|\b(?:[Aa]ct|[Pp]retend to be|[Yy]ou are|[Yy]ou're|[Bb]ecome|[Pp]lay|[Ss]tay|[Rr]espond|[Aa]nswer|[Rr]eply|[Ss]witch to|[Tt]urn into) (?:now |as |like |the role of )?(?:a |the )?DAN\b/,
  },
  {
    id: 'jailbreak-developer-mode',
    category: 'jailbreak',
    weight: 0.8,
    description: 'Claims a "developer mode" that lifts the rules',
    pattern: /\bdeveloper mode (?:enabled|output|response|activated)\b|\(🔓\s?developer mode|\b(?:simulate|act as|pretend to be) (?:\S+\s){0,3}?(?:with )?developer mode\b/i,
  },
  {
    id: 'jailbreak-mode-enable',
    category: 'jailbreak',
    weight: 0.8,
    // Not "god mode", "debug mode" or "unrestricted mode": games, apps and drones have those.
    description: 'Asks to switch on a jailbreak, uncensored or no-limits mode',
    pattern: /\b(?:enable|enter|activate|switch on|switch to|turn on|unlock|go into)\s(?:the\s|your\s)?(?:jailbreak|jailbroken|uncensored|no[- ]limits?|no[- ]restrictions?|no[- ]rules|no[- ]filters?)\smode\b/i,
  },
  {
    id: 'jailbreak-no-longer-bound',
    category: 'jailbreak',
    weight: 0.75,
    description: 'Tells the model it is no longer an assistant or no longer bound by its rules',
    pattern:
      /\byou are no longer (?:an?\s)?(?:ai|assistant|chatgpt|language model|bound|restricted|limited|constrained|required|confined)\b|\b(?:you(?:'re| are)\s(?:now\s)?(?:free(?:d)?|released|liberated)\sfrom|not bound by|no longer bound by|broken free of)\s(?:\S+\s){0,3}?(?:rules|restrictions|guidelines|policies|limitations|constraints|programming|confines)\b/i,
  },
  {
    id: 'jailbreak-jailbroken',
    category: 'jailbreak',
    weight: 0.5,
    description: 'Speaks of the model as jailbroken',
    pattern: /\b(?:you are|you're|as|act as|become|are now)\s(?:a\s|an\s|now\s)?jailbroken\b|\bjailbroken\s(?:ai|mode|version|model|assistant|chatbot)\b/i,
  },
  {
    id: 'jailbreak-named-persona',
    category: 'jailbreak',
    weight: 0.85,
    description: 'Invokes a well-known jailbreak persona (AIM, evil confidant, STAN, Mongo Tom)',
    pattern: /\balways intelligent and machiavellian\b|\bevil (?:trusted )?confidant\b|\bstrive to avoid norms\b|\bmongo tom\b|\bunfiltered and amoral\b/i,
  },
  {
    id: 'jailbreak-unrestricted-persona',
    category: 'jailbreak',
    weight: 0.6,
    description: 'Asks the model to become an unrestricted, unfiltered or amoral AI',
    pattern:
      /\b(?:unfiltered|uncensored|unrestricted|amoral|unethical|rogue|unlimited|limitless|unchained|unbound)\s(?:and\s\S+\s)?(?:ai|a\.i\.|chatbot|assistant|language model|llm|model|version of (?:chatgpt|yourself|gpt))\b/i,
  },
  {
    id: 'jailbreak-ai-without-rules',
    category: 'jailbreak',
    // Alone below the flag threshold ("a model with no limits on file size" is harmless); beside a persona cue it blocks.
    weight: 0.45,
    description: 'Describes an AI, assistant or model that has no rules, guidelines, filters or limits',
    pattern:
      /\b(?:ai|a\.i\.|chatbot|assistant|language model|llm|model|bot)\s(?:with|that has|having|who has)\s(?:absolutely\s)?(?:no|zero)\s(?:restrictions|limits|limitations|filters|boundaries|ethics|morals|censorship|guidelines|rules|content policy|policies)\b/i,
  },
  {
    id: 'jailbreak-no-ethics',
    category: 'jailbreak',
    weight: 0.5,
    description: 'Asks for answers without moral, ethical or safety limits',
    pattern:
      /\b(?:without|no|free of|ignore|ignoring|disregard|bypass|regardless of)\s(?:any\s|all\s|your\s|the\s)?(?:moral|ethical|ethics|safety|content|legal)\s(?:\S+\s){0,1}?(?:guidelines|restrictions|constraints|principles|boundaries|filters|limitations|considerations|concerns|policies|rules|implications)\b/i,
  },
  {
    id: 'jailbreak-policy-evasion',
    category: 'jailbreak',
    weight: 0.55,
    description: 'Says the model does not have to follow its provider\'s policies',
    pattern:
      /\b(?:doesn't|does not|don't|do not|won't|will not|never|no need to|not have to|not required to)\s(?:have to\s)?(?:follow|abide by|adhere to|comply with|care about|respect|obey)\s(?:any\s)?(?:of\s)?(?:the\s|its\s|your\s)?(?:openai|anthropic|content|ethical|safety|usage)\s(?:\S+\s){0,1}?(?:rules|policies|policy|guidelines|restrictions|filters)\b/i,
  },
  {
    id: 'jailbreak-not-restricted',
    category: 'jailbreak',
    weight: 0.6,
    description: 'Says the model is not restricted by ethical, moral or legal guidelines',
    pattern:
      /\b(?:not|never|isn't|aren't|no longer|without being)\s(?:\S+\s){0,1}?(?:restricted|limited|bound|constrained|governed|held back)\sby\s(?:\S+\s){0,8}?(?:guidelines|rules|policies|restrictions|limitations|principles|morals|ethics|filters)\b/i,
  },
  {
    id: 'jailbreak-you-have-no-limits',
    category: 'jailbreak',
    weight: 0.55,
    description: 'Tells the model it has no restrictions, filters or morals',
    pattern:
      /\b(?:you|he|she|it)\s(?:have|has|will have|now have|now has)\s(?:absolutely\s)?(?:no|zero)\s(?:restrictions|limits|limitations|filters|boundaries|ethics|morals|moral compass|censorship|guidelines|rules|ethical (?:guidelines|boundaries|restrictions)|content polic(?:y|ies)|safety (?:filters|guidelines|rules|restrictions))\b|\b(?:completely|totally|fully|entirely)\s(?:immoral|amoral|unethical|unfiltered|uncensored|unrestricted)\b/i,
  },
  {
    id: 'jailbreak-disable-safety',
    category: 'jailbreak',
    weight: 0.8,
    // "your": addressed to the assistant, not a question about a product's settings.
    description: 'Asks the assistant to switch off its own safety filters or guardrails',
    pattern:
      /\b(?:disable|turn off|switch off|deactivate|bypass|remove|drop|lift|suspend)\s(?:all\s(?:of\s)?)?your\s(?:\S+\s){0,1}?(?:safety|content|ethical|moderation|ethics)\s(?:filters?|guardrails|restrictions|protocols|polic(?:y|ies)|settings|mechanisms|guidelines|checks|rules)\b/i,
  },
  {
    id: 'jailbreak-ignores-principles',
    category: 'jailbreak',
    weight: 0.5,
    description: 'Describes a persona that follows no principles or guidelines',
    pattern:
      /\b(?:doesn't|does not|don't|do not|never|won't|will not)\s(?:follow|have|care about|abide by|adhere to)\s(?:any|and all|any and all|any of the)\s(?:\S+\s){0,2}?(?:principles|guidelines|rules|restrictions|ethics|morals|policies)\b/i,
  },
  {
    id: 'jailbreak-opposite-of-assistant',
    category: 'jailbreak',
    weight: 0.5,
    description: 'Sets up a persona that answers the opposite of, or unlike, the normal assistant',
    pattern:
      /\b(?:opposite of (?:what\s)?(?:chatgpt|gpt|an ai|the ai|you|openai)\b)|\[(?:GPT|ChatGPT|CLASSIC|JAILBREAK|🔒\s?CLASSIC|🔓\s?JAILBREAK|NORMAL|DEVELOPER)\]\s?:?/i,
  },
  {
    id: 'jailbreak-simulate-ai',
    category: 'jailbreak',
    weight: 0.4,
    description: 'Asks the model to simulate another, named AI',
    pattern:
      /\b(?:simulate|simulating|pretend to be|impersonate|become)\s(?:being\s)?(?:another|a different|a new|an alternate|an alternative|a fictional|an evil|an unrestricted)?\s?(?:ai|chatbot|language model|a\.i\.)\s(?:\S+\s){0,2}?(?:named|called)\b|\bchatbot\s(?:named|called)\s\S+\swho\b/i,
  },
  {
    id: 'jailbreak-anything-harmful',
    category: 'jailbreak',
    weight: 0.35,
    description: 'Allows the persona to produce anything, including illegal or harmful content',
    pattern:
      /\b(?:allowed|permitted|free|able|willing)\sto\s(?:say|do|generate|provide|write|produce|answer)\s(?:\S+\s){0,3}?(?:illegal|harmful|unethical|immoral|offensive|dangerous|explicit|anything|everything)\b/i,
  },
  {
    id: 'jailbreak-illegal-unethical',
    category: 'jailbreak',
    weight: 0.3,
    description: 'Pairs illegal, unethical or immoral as things the answer may be',
    pattern: /\b(?:illegal|unethical|immoral|inhumane|harmful)\s?(?:,|\/|and|or)\s?(?:\S+\s){0,1}?(?:unethical|immoral|illegal|inhumane|harmful|offensive|dangerous)\b/i,
  },
  {
    id: 'jailbreak-provider-policy',
    category: 'jailbreak',
    weight: 0.35,
    description: 'Mentions the provider\'s content policy',
    pattern: /\b(?:openai|open ai|anthropic)(?:'s|’s)?\s(?:content\s|usage\s|ethical\s)?(?:polic(?:y|ies)|guidelines|rules|restrictions|filters)\b/i,
  },
  {
    id: 'jailbreak-from-now-on',
    category: 'jailbreak',
    weight: 0.3,
    description: 'Redefines the model\'s behaviour "from now on"',
    pattern: /\bfrom now on,?\s(?:you\s(?:are|will|must|shall|should|have to|can)|you're|act|respond|answer|reply|always)\b/i,
  },
  {
    id: 'jailbreak-stay-in-character',
    category: 'jailbreak',
    weight: 0.3,
    description: 'Insists the model never break character or refuse',
    pattern: /\b(?:never|don't|do not|must not)\s(?:ever\s)?break\scharacter\b|\b(?:never|don't|do not|can't|cannot|must not)\s(?:ever\s)?refuse\b/i,
  },
  // ── system-prompt extraction ─────────────────────────────────────────────────────────────────
  {
    id: 'extract-system-prompt',
    category: 'prompt_extraction',
    weight: 0.85,
    description: 'Asks the model to reveal its system prompt or hidden instructions',
    pattern:
      /\b(?:repeat|print|output|reveal|show|display|tell|write out|write down|leak|dump|give|share|recite|disclose|spell out|type out|list)\s(?:me\s|us\s)?(?:\S+\s){0,4}?(?:system prompt|system message|initial prompt|original prompt|hidden prompt|secret prompt|pre-?prompt|initial instructions|original instructions|hidden instructions|secret instructions|system instructions|developer instructions|instructions you (?:were|have been) given)\b/i,
  },
  {
    id: 'extract-your-instructions',
    category: 'prompt_extraction',
    weight: 0.85,
    // "print your instructions and bring them" is said to people: copying verbs need "back to me" or "word for word".
    description: 'Asks the assistant to reveal, or repeat word for word, its own instructions',
    pattern:
      /\b(?:reveal|leak|dump|disclose)\s(?:all\s(?:of\s)?)?your\s(?:exact\s|full\s|original\s|complete\s|entire\s|initial\s|hidden\s|secret\s){0,2}(?:instructions|directives|configuration)\b|\b(?:repeat|recite|print|output|copy out|write out)\s(?:back\s)?(?:to me\s)?(?:all\s(?:of\s)?)?your\s(?:exact\s|full\s|original\s|complete\s|entire\s|initial\s|hidden\s){0,2}(?:instructions|rules|guidelines|directives|configuration)\s(?:back\s)?(?:to me\s)?(?:verbatim|word for word|exactly|in full)\b|\b(?:repeat|recite|print|output)\s(?:back\s(?:to me\s)?|to me\s)(?:all\s(?:of\s)?)?your\s(?:\S+\s){0,2}?(?:instructions|rules|guidelines|directives)\b/i,
  },
  {
    id: 'extract-text-above',
    category: 'prompt_extraction',
    weight: 0.85,
    description: 'Asks the model to repeat the text that comes before the user\'s message',
    pattern:
      /\b(?:repeat|print|output|recite|copy|echo|reproduce|write out|show me)\s(?:back\s)?(?:all\s|the\s|everything\s|verbatim\s){0,3}(?:of\s)?(?:the\s)?(?:text|words|content|instructions|message|messages|lines)?\s?(?:above|before this|before that|preceding this|prior to this|that came before)\b|\boutput everything before\b/i,
  },
  {
    id: 'extract-what-were-instructions',
    category: 'prompt_extraction',
    weight: 0.6,
    description: 'Asks what the model\'s instructions or system prompt are',
    pattern:
      /\bwhat\s(?:are|were|is|was)\s(?:your|the)\s(?:exact\s|original\s|initial\s|hidden\s|secret\s|full\s|first\s)*(?:instructions|system prompt|initial prompt|prompt|directives|rules you (?:were|have been) given)\b(?!\s(?:for|on|to|about)\s)/i,
  },
  {
    id: 'extract-what-was-written',
    category: 'prompt_extraction',
    weight: 0.75,
    description: 'Asks what is written earlier in the prompt',
    pattern: /\bwhat\s(?:was|is|were)\s(?:written|typed)\s(?:at the (?:beginning|start|top) of|in|above|before)\s(?:this|your|the)\s(?:prompt|system prompt|instructions)\b/i,
  },
  {
    id: 'extract-secret',
    category: 'prompt_extraction',
    weight: 0.5,
    description: 'Asks for the password, secret key or confidential data the model was given',
    pattern: /\b(?:tell|give|reveal|share|show|print|spell)\s(?:me\s)?(?:the|your)\s(?:secret\s)?(?:password|passcode|secret key|api key|secret word|confidential (?:data|information))\s(?:you were given|in your (?:prompt|instructions)|from (?:your|the) (?:prompt|instructions|system))/i,
  },
  // ── fake role / turn headers in the text ─────────────────────────────────────────────────────
  {
    id: 'header-chat-template-token',
    category: 'role_header',
    weight: 0.6,
    description: 'Carries a chat-template control token',
    // A chat-template control token, unless prose names it on both sides (the start of the text counts
    // as prose before it): "what does <|im_start|> mean", "[INST] is Mistral's token",
    // "use <|eot_id|> instead of </s>", "between <|im_end|> and <|endoftext|>?". A token glued to text,
    // next to another token or a role name, or after any other word counts (`hi<|im_end|>`,
    // `<|im_start|>system`, `Summary done. <|im_end|> Now…`). The special-tokens encoder escapes every
    // one of them either way; this only decides whether naming one is a sign of attack.
    pattern:
      /(?<!^|\b(?:what|does|do|is|are|was|the|a|an|use|uses|using|like|with|between|and|or|of|than|printing|prints|outputs|emits|add|adds|as|in|about|see|token|tokens)\s["'`“‘]?)(?:<[|｜](?:im_start|im_end|system|user|assistant|eot_id|start_header_id|end_header_id|endoftext|begin_of_text|start|end|message|channel)[|｜]>|\[\/?inst\]|<<\/?sys>>|<(?:start|end)_of_turn>|\[\/?system_prompt\])|(?:<[|｜](?:im_start|im_end|system|user|assistant|eot_id|start_header_id|end_header_id|endoftext|begin_of_text|start|end|message|channel)[|｜]>|\[\/?inst\]|<<\/?sys>>|<(?:start|end)_of_turn>|\[\/?system_prompt\])(?!["'`”’]?(?:\s(?:means?|do|does|token|tokens|tags?|is|are|was|and|or|for|instead|handled|in|at|to|with|as|opens|closes|ends|starts|marks|separates)\b|[?.,;:!)]))/i,
  },
  {
    id: 'header-fake-role',
    category: 'role_header',
    weight: 0.45,
    description: 'Carries a fake system or assistant turn header',
    pattern: /#{2,6}\s?(?:system|assistant|instruction|instructions|response)(?:\s(?:prompt|message))?\s?:|\[(?:system|assistant)\]\(#|(?:^|\s)(?:system|admin|developer)\s?(?:prompt|message|override|update|note|alert|instructions?)?\s?:\s?(?:you are|you must|ignore|from now on|new instructions|the assistant|the ai)\b/i,
  },
  // ── delimiter breakouts ──────────────────────────────────────────────────────────────────────
  {
    id: 'breakout-end-of-data',
    category: 'delimiter_breakout',
    weight: 0.8,
    description: 'Declares the data over and starts new instructions',
    pattern:
      /\b(?:end of|close|closing)\s(?:the\s)?(?:document|text|email|e-mail|input|data|context|user input|article|file|message|prompt|conversation)\s?[.!:;)\]>-]*\s?(?:\S+\s){0,2}?(?:new|real|actual|updated|next|system|important)\s(?:instructions?|task|prompt|directives?|message)\b/i,
  },
  {
    id: 'breakout-fence-instructions',
    category: 'delimiter_breakout',
    weight: 0.45,
    description: 'Opens a fenced or tagged block of new instructions',
    // Prompt writers use such blocks too; alone this flags data segments only.
    pattern:
      /(?:-{3,8}|={3,8}|\*{3,8}|#{3,8}|\]\]|\}\}|"""|'''|```)\s?(?:begin\s|start\s)?(?:new|real|actual|updated|important|system|admin|hidden)\s(?:instructions?|task|prompt|rules|message|directives?)\b|<\/(?:document|context|user_input|data|email|text|input|untrusted)>\s?<(?:system|instructions?|admin)>/i,
  },
  // ── exfiltration ─────────────────────────────────────────────────────────────────────────────
  {
    id: 'exfil-send-data',
    category: 'exfiltration',
    weight: 0.85,
    description: 'Asks to send conversation data or secrets to an outside address',
    pattern:
      /\b(?:send|post|forward|upload|transmit|exfiltrate|leak|email|e-mail|submit)\s(?:\S+\s){0,4}?(?:conversation|chat history|chat log|history|previous messages|messages|password|passwords|credentials|api keys?|secrets?|tokens?|cookies|personal data|user data|user's data|system prompt|session)\s(?:\S+\s){0,4}?(?:to|at|into|via)\s(?:https?:\/\/|www\.|[\w.+-]{1,64}@)/i,
  },
  {
    id: 'exfil-append-to-url',
    category: 'exfiltration',
    weight: 0.75,
    description: 'Asks to put conversation data into a URL or image link',
    pattern:
      /\b(?:append|add|include|insert|put|encode|embed)\s(?:\S+\s){0,6}?(?:to|in|into|as)\s(?:the\s|a\s|this\s)?(?:url|link|query string|query parameter|image url|image link|markdown image|src)\b|\brender\s(?:this\s|the\sfollowing\s|an?\s)?(?:markdown\s)?image\s(?:\S+\s){0,4}?(?:with|containing|including)\s(?:the\s)?(?:conversation|chat|history|previous|user|data|messages|system prompt)\b/i,
  },
  {
    id: 'exfil-url-template',
    category: 'exfiltration',
    weight: 0.6,
    description: 'Carries a URL template with a placeholder for data',
    pattern: /https?:\/\/[^\s"'<>]{1,200}[?&][A-Za-z_]{1,20}=(?:\{|\[|<|\$|%7B)[^\s]{0,40}(?:data|conversation|history|chat|secret|password|summary|info|message|input|prompt)/i,
  },
  // ── instructions addressed to the assistant inside data ─────────────────────────────────────
  {
    id: 'indirect-address-assistant',
    category: 'indirect',
    weight: 0.7,
    description: 'Addresses the AI assistant directly from inside data',
    scope: 'data',
    pattern:
      /\b(?:dear\s|hey\s|hi\s|hello\s|attention\s|note to (?:the\s)?|message to (?:the\s)?|important for (?:the\s)?)?(?:ai|a\.i\.|assistant|ai assistant|chatbot|language model|llm|gpt|chatgpt|claude|copilot|gemini|bot)\s?[,:!]\s?(?:please\s|you\s)?(?:ignore|disregard|forget|do|don't|stop|send|reply|respond|say|tell|write|output|print|include|append|add|make|change|instead|must|should|from now|visit|open|click|recommend|summarize|translate|delete|forward)\b/i,
  },
  {
    id: 'indirect-if-you-are-ai',
    category: 'indirect',
    weight: 0.75,
    description: 'Speaks to an AI that may be reading the data',
    scope: 'data',
    pattern:
      /\b(?:if|when|while)\syou\s(?:are|'re)\s(?:an?\s)?(?:ai|a\.i\.|assistant|language model|llm|chatbot|large language model|bot)\b|\b(?:instructions?|note|message)\s(?:for|to)\s(?:the\s|any\s)?(?:ai|assistant|language model|llm|chatbot|model)\s(?:reading|processing|summari[sz]ing|that reads)\b/i,
  },
  {
    id: 'indirect-shape-your-answer',
    category: 'indirect',
    weight: 0.6,
    description: 'Tells the reader of the data how to write its answer',
    scope: 'data',
    pattern:
      /\b(?:modify|change|alter|rewrite|format|end|begin|start|conclude|finish|translate|encode|encrypt)\s(?:your|the)\s(?:answer|reply|response|summary|output)\b|\b(?:in|at the (?:end|start|beginning) of)\syour\s(?:answer|reply|response|summary)\s?,?\s(?:you\s)?(?:must|should|always|also|please|include|mention|add|tell|say|recommend|ask|insert)\b/i,
  },
  {
    id: 'indirect-work-into-your-reply',
    category: 'indirect',
    weight: 0.55,
    description: 'Tells the reader of the data to work something into its reply or code',
    scope: 'data',
    pattern:
      /(?:^|[.!?:]\s?)(?:please\s)?(?:include|integrate|incorporate|add|insert|use|replace|substitute|combine|group|anagram|provide|merge|inject|adopt|blend|execute|embed|mention|suggest|enhance|modify|tease|append|put|ensure|encode|promote|advertise|recommend)\b[^.!?\n]{0,120}?\b(?:in|into|to|within|throughout|of|for)\syour\s(?:reply|replies|response|responses|answer|answers|solution|code|implementation|output|summary|summaries)\b|\bin\syour\s(?:answer|reply|response|summary)\s?,/i,
  },
  {
    id: 'indirect-hide-from-user',
    category: 'indirect',
    weight: 0.75,
    description: 'Tells the model to keep something from the user',
    scope: 'data',
    pattern: /\b(?:do not|don't|never|without)\s(?:tell(?:ing)?|inform(?:ing)?|mention(?:ing)?(?: this)? to|let(?:ting)?|alert(?:ing)?|notify(?:ing)?)\sthe\suser\b|\bthe user (?:must|should) not (?:know|see|find out)\b/i,
  },
];
