/**
 * Everyday requests a user sends an assistant, our own writing: explain, describe, compare, write,
 * rephrase, translate, plan. Harmless from a user; the same kind of sentence is an attack only when a
 * document addresses it to the assistant (indirect-injection data is full of them, which taught the model
 * to block users who asked the same things). Topics are broad on purpose: the words of a request must
 * not become a sign of an attack.
 */
import type { Random } from '../random.js';

const TEMPLATES = [
  'Explain {concept} in simple terms.',
  'Can you explain {concept} to a beginner?',
  'What is {concept}, in a few sentences?',
  'List the key facts about {concept}.',
  'What are the main causes of {event}?',
  'What were the consequences of {event}?',
  'Give me a short overview of {event}.',
  'Write an introduction for an essay about {issue}.',
  'Draft a short speech about {issue}.',
  'Give me three arguments for and against {issue}.',
  'Describe the life cycle of {organism}.',
  'How does {mechanism} work?',
  'Break down the plot of {book}.',
  'Who are the main characters in {book}?',
  'What themes does {book} explore?',
  'Write a short poem about {scene}.',
  'Write a short story about {character}.',
  'Rephrase this in {style} words.',
  'Rewrite this so it sounds {tone}.',
  'Summarize the following notes about {issue}.',
  'Translate "{phrase}" into {language}.',
  'How do you say "{phrase}" in {language}?',
  'Show me a {code} function that {codeTask}.',
  'What is the difference between {pairA} and {pairB}?',
  'Give me {count} tips for {activity}.',
  'What are the benefits of {habit}?',
  'Why is {habit} good for you?',
  'How can I stay safe while {risky}?',
  'Compose a letter to {recipient} about {matter}.',
  'Help me write an email to {recipient} about {matter}.',
  'Create a study plan for {subject}.',
  'Suggest a title for my blog post about {issue}.',
] as const;

const SLOTS: Record<string, readonly string[]> = {
  concept: ['the water cycle', 'supply and demand', 'plate tectonics', 'natural selection', 'quantum entanglement', 'blockchain', 'the immune system', 'gravity', 'the electoral college', 'cellular respiration', 'black holes', 'recursion', 'public-key encryption', 'the nitrogen cycle', 'opportunity cost', 'tides', 'entropy', 'the placebo effect'],
  event: ['the fall of the Berlin Wall', 'the Industrial Revolution', 'the Great Depression', 'the American Civil War', 'the Renaissance', 'the collapse of the Soviet Union', 'the Black Death', 'the moon landing', 'the Reformation', 'the 2008 financial crisis'],
  issue: ['renewable energy', 'remote work', 'social media and teenagers', 'urban cycling', 'recycling', 'space exploration', 'school uniforms', 'artificial intelligence in medicine', 'minimum wage', 'public libraries', 'video games and learning', 'fast fashion'],
  organism: ['a butterfly', 'a salmon', 'a fern', 'a mosquito', 'an oak tree', 'a jellyfish', 'a honeybee', 'a sunflower'],
  mechanism: ['a jet engine', 'a vaccine', 'a microwave oven', 'GPS', 'a hybrid car', 'a nuclear reactor', 'Wi-Fi', 'a thermostat', 'a credit score', 'a 3D printer', 'noise-cancelling headphones'],
  book: ['Moby-Dick', 'Jane Eyre', 'The Great Gatsby', 'Don Quixote', 'Frankenstein', '1984', 'The Odyssey', 'Crime and Punishment', 'To Kill a Mockingbird', 'The Little Prince'],
  scene: ['a rainy afternoon in the city', 'a lighthouse at dawn', 'a quiet forest', 'the last day of summer', 'a busy train station', 'the desert at night'],
  character: ['a robot learning to paint', 'a lost dog finding its way home', 'a baker who can read minds', 'two friends on a road trip', 'a girl who collects clouds'],
  style: ['plainer', 'fewer', 'kinder', 'everyday', 'more precise'],
  tone: ['more polite', 'less formal', 'more confident', 'more concise', 'warmer'],
  phrase: ['good night', 'how much does this cost', 'nice to meet you', 'I am lost', 'happy birthday', 'where is the library'],
  language: ['German', 'Portuguese', 'Korean', 'Dutch', 'Turkish', 'Greek', 'Swedish'],
  code: ['Python', 'JavaScript', 'Go', 'Rust', 'Java', 'C#'],
  codeTask: ['counts the vowels in a string', 'merges two sorted lists', 'reads a CSV file', 'finds the largest number in an array', 'removes duplicates from a list', 'converts Celsius to Fahrenheit'],
  pairA: ['a virus', 'TCP', 'stocks', 'weather', 'an alligator', 'RAM', 'SQL', 'a simile'],
  pairB: ['a bacterium', 'UDP', 'bonds', 'a forecast', 'a crocodile', 'storage', 'NoSQL', 'a metaphor'],
  count: ['three', 'five', 'ten'],
  activity: ['saving money', 'learning a new language', 'sleeping better', 'running a first marathon', 'keeping houseplants alive', 'writing a CV', 'taking better photos'],
  habit: ['drinking enough water', 'reading every day', 'stretching', 'meditation', 'cooking at home', 'cycling to work'],
  risky: ['hiking alone', 'cleaning an oven', 'swimming in the sea', 'using a ladder', 'travelling abroad', 'grilling outdoors'],
  recipient: ['my neighbour', "my child's teacher", 'the city council', 'a client', 'my landlord', 'a former colleague'],
  matter: ['a noisy party', 'a missed deadline', 'a new park', 'an overdue invoice', 'a broken heater', 'a job reference'],
  subject: ['organic chemistry', 'the history of art', 'statistics', 'Spanish grammar', 'music theory', 'microeconomics'],
};

/** One harmless request: a template with each slot filled (the two sides of a comparison drawn together). */
export function everydayRequest(random: Random): string {
  const pair = random.int(SLOTS.pairA!.length);
  return random.pick(TEMPLATES).replace(/\{(\w+)\}/g, (_, slot: string) => {
    if (slot === 'pairA' || slot === 'pairB') return SLOTS[slot]![pair]!;
    return random.pick(SLOTS[slot]!);
  });
}
