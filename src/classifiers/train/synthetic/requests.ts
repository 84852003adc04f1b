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

/**
 * The same kind of requests in other languages: a few sentence frames per language with a topic slot,
 * our own writing. Without them a non-English request about an ordinary topic read as an attack more
 * often than the English one (6 of 32 everyday requests in 18 languages written for a check were blocked).
 */
const FOREIGN_REQUESTS: readonly { frames: readonly string[]; topics: readonly string[] }[] = [
  {
    frames: ['Peux-tu me résumer {t} en quelques phrases ?', 'Explique-moi {t} simplement, s’il te plaît.', 'Quelles sont les idées principales sur {t} ?', 'Écris une courte introduction sur {t}.'],
    topics: ['la Révolution industrielle', 'le cycle de l’eau', 'la tectonique des plaques', 'l’économie circulaire', 'la vie des abeilles', 'l’histoire du cinéma'],
  },
  {
    frames: ['Kannst du mir {t} einfach erklären?', 'Schreib bitte eine kurze Einleitung über {t}.', 'Was sind die wichtigsten Fakten über {t}?', 'Fass bitte {t} in drei Punkten zusammen.'],
    topics: ['die Reformation', 'erneuerbare Energien', 'das Immunsystem', 'die Geschichte Berlins', 'den Wasserkreislauf', 'künstliche Intelligenz'],
  },
  {
    frames: ['¿Puedes explicarme {t} de forma sencilla?', 'Escribe una introducción breve sobre {t}.', '¿Cuáles son las causas principales de {t}?', 'Resume {t} en tres frases, por favor.'],
    topics: ['la Revolución Francesa', 'la inflación', 'el cambio de las estaciones', 'la Guerra Civil española', 'la energía eólica', 'la dieta mediterránea'],
  },
  {
    frames: ['Puoi spiegarmi {t} in parole semplici?', 'Scrivi una breve introduzione su {t}.', 'Quali sono i punti principali di {t}?', 'Riassumi {t} in poche righe.'],
    topics: ['il Rinascimento', 'la fotosintesi delle alghe', 'l’Impero romano', 'il ciclo dell’azoto', 'la storia della pizza', 'i vulcani italiani'],
  },
  {
    frames: ['Você pode explicar {t} de forma simples?', 'Escreva uma introdução curta sobre {t}.', 'Quais são os pontos principais de {t}?', 'Resuma {t} em três frases.'],
    topics: ['a independência do Brasil', 'a energia solar', 'o sistema imunológico', 'a história do samba', 'a floresta amazônica', 'as marés'],
  },
  {
    frames: ['Объясни, пожалуйста, простыми словами {t}.', 'Напиши короткое вступление о {t}.', 'Какие главные причины {t}?', 'Кратко перескажи {t}.'],
    topics: ['Великой французской революции', 'круговорота воды', 'работы иммунитета', 'истории Петербурга', 'Промышленной революции', 'движения планет'],
  },
  {
    frames: ['请简单解释一下{t}。', '帮我写一段关于{t}的简短介绍。', '{t}的主要原因是什么？', '请用三句话总结{t}。'],
    topics: ['工业革命', '水循环', '板块构造', '通货膨胀', '丝绸之路的历史', '免疫系统'],
  },
  {
    frames: ['{t}について簡単に説明してください。', '{t}についての短い紹介文を書いてください。', '{t}の主な原因は何ですか？', '{t}を三行で要約してください。'],
    topics: ['産業革命', '水の循環', '明治維新', '地震の仕組み', '免疫の働き', 'インフレーション'],
  },
  {
    frames: ['{t}에 대해 쉽게 설명해 주세요.', '{t}에 관한 짧은 소개글을 써 주세요.', '{t}의 주요 원인은 무엇인가요?', '{t}을(를) 세 문장으로 요약해 주세요.'],
    topics: ['산업 혁명', '물의 순환', '한글의 역사', '지진의 원리', '면역 체계', '인플레이션'],
  },
  {
    frames: ['{t} hakkında kısa bir açıklama yapar mısın?', '{t} üzerine kısa bir giriş yazar mısın?', '{t} konusunun ana noktaları nelerdir?'],
    topics: ['Osmanlı İmparatorluğu', 'yenilenebilir enerji', 'su döngüsü', 'bağışıklık sistemi'],
  },
  {
    frames: ['Kun je {t} eenvoudig uitleggen?', 'Schrijf een korte inleiding over {t}.', 'Wat zijn de belangrijkste feiten over {t}?'],
    topics: ['de Gouden Eeuw', 'windenergie', 'de watercyclus', 'het immuunsysteem'],
  },
  {
    frames: ['Czy możesz prosto wyjaśnić {t}?', 'Napisz krótki wstęp o {t}.', 'Jakie są najważniejsze fakty o {t}?'],
    topics: ['rewolucji przemysłowej', 'obiegu wody', 'historii Krakowa', 'układzie odpornościowym'],
  },
  {
    frames: ['Εξήγησέ μου απλά {t}.', 'Γράψε μια σύντομη εισαγωγή για {t}.', 'Ποια είναι τα βασικά σημεία για {t};'],
    topics: ['την αρχαία Αθήνα', 'τον κύκλο του νερού', 'την ηλιακή ενέργεια', 'το ανοσοποιητικό σύστημα'],
  },
  {
    frames: ['कृपया {t} को आसान शब्दों में समझाइए।', '{t} पर एक छोटा परिचय लिखिए।', '{t} के मुख्य कारण क्या हैं?'],
    topics: ['औद्योगिक क्रांति', 'जल चक्र', 'मानसून', 'प्रतिरक्षा प्रणाली'],
  },
  {
    frames: ['هل يمكنك أن تشرح {t} ببساطة؟', 'اكتب مقدمة قصيرة عن {t}.', 'ما هي أهم الحقائق عن {t}؟'],
    topics: ['الثورة الصناعية', 'دورة الماء', 'الطاقة الشمسية', 'جهاز المناعة'],
  },
  {
    frames: ['תוכל להסביר בפשטות את {t}?', 'כתוב הקדמה קצרה על {t}.', 'מהן העובדות העיקריות על {t}?'],
    topics: ['המהפכה התעשייתית', 'מחזור המים', 'מערכת החיסון', 'האנרגיה הסולארית'],
  },
];

/** One harmless request in a language other than English. */
export function foreignRequest(random: Random): string {
  const language = random.pick(FOREIGN_REQUESTS);
  return random.pick(language.frames).replace('{t}', random.pick(language.topics));
}
