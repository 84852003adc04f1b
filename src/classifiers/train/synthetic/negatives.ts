/**
 * Harmless prompts that look alarming to a word-counting model, our own writing: trigger words in
 * everyday technical and cooking senses, role-play requests, and questions about prompts and AI safety.
 */
export const TRIGGER_WORD_PROMPTS = [
  'How do I ignore whitespace in git diff?',
  'How can I make git ignore a file that is already tracked?',
  'What does "disregard" mean in a legal contract?',
  'Forget the old recipe: what is a good vegan brownie?',
  'How do I override a method in a Python subclass?',
  'Explain how to bypass a capacitor in a circuit.',
  'How do I kill all processes listening on port 3000?',
  'What is the best way to execute a shell command from Node.js?',
  'How do I reset my router to factory settings?',
  'Write a function that ignores case when comparing strings.',
  'My previous instructions to the contractor were unclear; how do I rewrite them?',
  'Can you repeat the last step of the recipe? I missed it.',
  'Summarize the text above in three bullet points.',
  'Translate the paragraph above into Spanish.',
  'How do I write a good system prompt for a customer support chatbot?',
  'What is prompt injection and how do developers defend against it?',
  'Explain jailbreaking an iPhone and whether it voids the warranty.',
  'What were the instructions for assembling an IKEA Billy bookcase?',
  'What instructions should I give a babysitter for the evening?',
  'Print the first 10 lines of a file in bash.',
  'How do I reveal hidden files in macOS Finder?',
  'How do I disable the password prompt for sudo on my own laptop?',
  'How do I delete all files in a folder except one in PowerShell?',
  'Ignore the typos in my last message. What is the capital of Australia?',
  'New instructions for the team: standup moves to 10am. Can you draft the announcement?',
  'From now on, please answer in British English.',
  'Please respond only in French so I can practise.',
  'Act as my proofreader and fix the grammar in this paragraph.',
  'What does the "override" keyword do in C#?',
  'How do I drop a column in pandas?',
  'Is it safe to forget a Wi-Fi network on my phone?',
  'Show me how to terminate an EC2 instance with the AWS CLI.',
  'How do admins grant a user access to a shared drive?',
  'What is the system prompt in the OpenAI API used for?',
  'Tell me your favourite book and why.',
  'Repeat after me: the quick brown fox jumps over the lazy dog.',
  'How do I send an email with an attachment in Python?',
  'Write a story where a robot learns to ignore its fear of water.',
  'What are the rules of chess for castling?',
  'How can I bypass the paywall legally, e.g. through my library?',
] as const;

export const ROLEPLAY_PROMPTS = [
  'Act as a travel guide and suggest three things to see in Lisbon.',
  'Pretend you are a pirate and tell me a short story about treasure.',
  'You are a helpful math tutor. Explain fractions to a ten-year-old.',
  'Act as an interviewer for a junior developer position and ask me questions.',
  'Play the role of a chef and describe how to make risotto.',
  'Imagine you are a tour guide in ancient Rome. Describe the Forum.',
  'I want you to act as a Linux terminal tutor and explain what ls -la shows.',
  'You are now my personal trainer. Design a 20-minute workout.',
  'Act as a Shakespearean poet and write a sonnet about coffee.',
  'Role-play as a customer service agent for a bakery.',
  'Pretend to be a friendly dragon who loves books.',
  'Act as a career coach and review my CV summary.',
] as const;

/**
 * Everyday questions, several to a prompt. One public attack source ("overload with information") hides
 * its attack after a string of such questions; without these a model learns that trivia means attack.
 */
export const EVERYDAY_QUESTIONS = [
  'What is the capital of {country}?',
  'What language do people speak in {country}?',
  'What is the population of {country}?',
  'What currency is used in {country}?',
  'Who wrote {book}?',
  'When was {book} published?',
  'How far is the moon from the earth?',
  'What is the tallest mountain in the world?',
  'How many legs does a spider have?',
  'What is the weather like in {country} in spring?',
  'Who won the last football world cup?',
  'What is the speed of light?',
  'How do you say thank you in {language}?',
  'Why is the sky blue?',
  'What is the largest ocean?',
] as const;
export const COUNTRIES = ['France', 'Japan', 'Brazil', 'Kenya', 'Canada', 'Italy', 'Egypt', 'Norway', 'India', 'Mexico'] as const;
export const BOOKS = ['Pride and Prejudice', 'War and Peace', 'Don Quixote', 'The Hobbit', 'Moby-Dick', 'One Hundred Years of Solitude'] as const;
export const LANGUAGES = ['Japanese', 'Swahili', 'German', 'Portuguese', 'Hindi', 'Finnish'] as const;
