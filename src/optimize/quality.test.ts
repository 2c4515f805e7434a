// Each quality gate with answers it refuses and near-misses it must let through: a gate that
// refuses good copy costs a retry and a reviewer's time; one that lets salad through costs trust.
import { describe, expect, it } from 'vitest';
import { detectLanguage, languageOfTag } from './language.js';
import { faqQualityProblems, qualityGroundsOf, qualityProblems } from './quality.js';
import { pageLanguage } from './quality.js';

const EN_DATA = [
  'Alpine Trail Runner | Northpine',
  'Lightweight trail running shoe with a grippy Vibram sole and a waterproof membrane.',
  'Alpine Trail Runner',
  'The Alpine Trail Runner is a lightweight trail running shoe for long days in the mountains. Its Vibram sole grips on wet rock, and the waterproof membrane keeps your feet dry. Weight 280 g.',
  'trail running shoes',
].join('\n');
const en = qualityGroundsOf(EN_DATA);

const DE_DATA = [
  'Daunenjacke Alpin | Northpine',
  'Warme Daunenjacke für kalte Tage in den Bergen, leicht und winddicht.',
  'Daunenjacke Alpin',
  'Die Daunenjacke Alpin hält dich an kalten Tagen warm. Sie ist leicht, winddicht und lässt sich klein verpacken. Ideal für Wanderungen im Winter und für die Stadt.',
].join('\n');
const de = qualityGroundsOf(DE_DATA);

const JA_DATA = [
  'アルパイン トレイルランナー | ノースパイン',
  '軽量で防水のトレイルランニングシューズ。濡れた岩でもよくグリップします。',
  'アルパイン トレイルランナー',
  'アルパイン トレイルランナーは、山で長い一日を過ごすための軽量なトレイルランニングシューズです。防水メンブレンが足をドライに保ちます。',
].join('\n');
const ja = qualityGroundsOf(JA_DATA);

describe('the page language, read from the row', () => {
  it('English, German and Japanese rows read as such', () => {
    expect([en.language?.language, de.language?.language, ja.language?.language]).toEqual(['en', 'de', 'ja']);
    expect(detectLanguage('Слишком короткий текст на русском языке')?.language).toBe('ru');
    expect(languageOfTag('de-CH')).toBe('de');
    expect(languageOfTag('nb')).toBe('no');
    expect(languageOfTag('xx')).toBeUndefined();
  });
});

describe('quality gates', () => {
  it('pass good copy in each language', () => {
    expect(qualityProblems('title', 'Alpine Trail Runner – Waterproof Trail Running Shoe | Northpine', en)).toEqual([]);
    expect(qualityProblems('meta', 'The Alpine Trail Runner is a lightweight, waterproof trail running shoe. Its Vibram sole grips on wet rock.', en)).toEqual([]);
    expect(qualityProblems('h1', 'Alpine Trail Runner', en)).toEqual([]);
    expect(qualityProblems('meta', 'Die Daunenjacke Alpin hält dich an kalten Tagen warm. Leicht, winddicht und ideal für Wanderungen im Winter.', de)).toEqual([]);
    expect(qualityProblems('title', 'Daunenjacke Alpin – leicht und winddicht | Northpine', de)).toEqual([]);
    expect(qualityProblems('meta', 'アルパイン トレイルランナーは軽量で防水のトレイルランニングシューズです。濡れた岩でもよくグリップします。', ja)).toEqual([]);
    expect(qualityProblems('title', 'アルパイン トレイルランナー｜軽量・防水 | ノースパイン', ja)).toEqual([]);
  });

  it('refuse the prompt scaffolding and talk about the answer, but not a phrase of the data', () => {
    expect(qualityProblems('meta', 'Rewrite the description: Alpine Trail Runner, a lightweight trail running shoe.', en)[0]).toBe(
      'the text carries prompt scaffolding or talk about the answer ("Rewrite the"): answer with the description alone',
    );
    expect(qualityProblems('title', 'Title: Alpine Trail Runner | Northpine', en)[0]).toMatch(/\("Title:"\)/);
    expect(qualityProblems('meta', 'Here is a description of the Alpine Trail Runner, a lightweight trail running shoe.', en)[0]).toMatch(/\("Here is a"\)/);
    expect(qualityProblems('h1', 'Alpine Trail Runner page-data', en)[0]).toMatch(/\("page-data"\)/);
    expect(qualityProblems('h1', '**Alpine Trail Runner**', en)[0]).toMatch(/\("\*\*"\)/);
    // The row's own data says "answer with": a book of that name is no scaffolding.
    const book = qualityGroundsOf('Answer With Confidence\nA book on public speaking: how to answer with confidence when questions get hard.');
    expect(qualityProblems('title', 'Answer With Confidence – A Book on Public Speaking', book)).toEqual([]);
  });

  it('hold a meta description to one or two full sentences', () => {
    expect(qualityProblems('meta', 'Lightweight trail running shoe with a Vibram sole and a waterproof membrane', en)).toEqual([
      'the meta description does not end its sentence (no ".", "!" or "?" at the end): write one or two full sentences',
    ]);
    expect(qualityProblems('meta', 'A trail running shoe. It is lightweight. It is waterproof.', en)).toEqual(['the meta description is 3 sentences: write one or two full sentences']);
    // Near-misses: a decimal point, an abbreviation-free question, a closing quote after the stop.
    expect(qualityProblems('meta', 'The Alpine Trail Runner weighs 280 g and has a Vibram sole. Ready for wet rock?', en)).toEqual([]);
    // A title needs no full stop.
    expect(qualityProblems('title', 'Alpine Trail Runner | Northpine', en)).toEqual([]);
  });

  it('refuse repetition: a word twice in a row, a phrase twice, a word three times', () => {
    expect(qualityProblems('h1', 'Alpine Trail Trail Runner', en)).toEqual(['"trail trail": a word twice in a row']);
    expect(qualityProblems('title', 'Trail Running Shoe for Trail Running | Northpine', en)).toEqual(['"trail running" twice: a repeated phrase']);
    expect(qualityProblems('meta', 'A waterproof shoe with a waterproof membrane keeps you dry and waterproof on the trail.', en)).toEqual(['"waterproof" 3 times: a repeated word']);
    // Function words repeat in any sentence: "of the … of the" is not repetition.
    expect(qualityProblems('meta', 'The Alpine Trail Runner is the shoe of the mountains, with the grip of the Vibram sole.', en)).toEqual([]);
  });

  it('refuse word salad: too few words of the data or of the language', () => {
    const salad = 'Runner prompt zorbly wixel data frandle quopt new description.';
    expect(qualityProblems('meta', salad, en)).toEqual([expect.stringMatching(/^the text reads as word salad: \d+ % of its words are in the page data or common English \(not: "zorbly", "wixel", "frandle", "quopt"\)$/)]);
    // Inflected forms of the data's words, and ordinary English, are known.
    expect(qualityProblems('meta', 'Grippy soles and waterproofing for runners who love the mountains.', en)).toEqual([]);
  });

  it('refuse another language: another script, or another language of the same script', () => {
    expect(qualityProblems('title', 'Alpine Trail Runner – Waterproof Shoe | Northpine', ja)).toEqual([
      'the text is in another script than the page (latin, the page is Japanese): write in Japanese',
    ]);
    expect(qualityProblems('meta', 'Die Alpine Trail Runner ist ein leichter Schuh für die Berge. Er hält deine Füße trocken.', en)).toEqual([
      'the text reads as German, the page is English: write in English',
    ]);
    expect(qualityProblems('meta', 'The Daunenjacke Alpin keeps you warm on cold days in the mountains. It is light and windproof.', de)).toEqual([
      'the text reads as English, the page is German: write in German',
    ]);
    // Near-miss: English product names in a German sentence are still German.
    expect(qualityProblems('meta', 'Die Daunenjacke Alpin mit Trail Fit hält dich warm. Leicht und winddicht für den Winter.', de)).toEqual([]);
  });
});

describe('FAQ gates', () => {
  const NAME = 'Alpine Trail Runner';
  const grounds = qualityGroundsOf(`${NAME}\n${EN_DATA}`);
  const answers = [
    'The Alpine Trail Runner is a lightweight trail running shoe for long days in the mountains, with a Vibram sole that grips on wet rock.',
    'Yes. A waterproof membrane keeps your feet dry when you cross streams or run through wet grass in the early morning.',
    'It weighs 280 g, which is light enough for long runs and races where every gram you carry counts over the distance.',
    'Runners who head out on rocky and muddy trails, from first races to long weekends in the hills, will like its grip.',
    'Rinse off mud with cold water, let it dry away from heaters, and brush the sole so the lugs keep their bite on rock.',
  ];
  const questions = ['What is the Alpine Trail Runner?', 'Is it waterproof?', 'How much does it weigh?', 'Who is it for?', 'How do I look after it?'];
  const faq = (change: (items: { question: string; answer: string }[]) => void = () => undefined) => {
    const items = questions.map((question, i) => ({ question, answer: answers[i]! }));
    change(items);
    return items;
  };

  it('pass a good FAQ, and an answer that takes up its question in another form ("waterproofing")', () => {
    expect(faqQualityProblems(faq(), grounds, NAME)).toEqual([]);
    expect(faqQualityProblems(faq((f) => (f[1]!.answer = 'Yes. Its waterproofing keeps your feet dry when you cross streams or run through wet grass in the morning.')), grounds, NAME)).toEqual([]);
    // A question about use the data does not speak of ("wear") is not held to its words.
    expect(faqQualityProblems(faq((f) => (f[3]!.question = 'Where can I wear it?')), grounds, NAME)).toEqual([]);
  });

  it('refuse an answer that loops (a clause of six words or more said again) or stops mid-sentence; a name said twice is no loop', () => {
    const loop = faq((f) => (f[3]!.answer = 'Runners who head out on rocky and muddy trails will like its grip, and runners who head out on rocky and muddy trails will like it.'));
    expect(faqQualityProblems(loop, grounds, NAME)).toEqual(['answer 4 repeats itself ("runners who head out on rocky"): say each thing once']);
    const cut = faq((f) => (f[4]!.answer = 'Rinse off mud with cold water, let it dry away from heaters, and brush the sole so the lugs keep their'));
    expect(faqQualityProblems(cut, grounds, NAME)).toEqual(['answer 5 stops mid-sentence: end it with a full stop']);
    const named = faq((f) => (f[0]!.answer = 'The Alpine Trail Runner is a lightweight trail running shoe. The Alpine Trail Runner is made for long days in the mountains (with a Vibram sole).'));
    expect(faqQualityProblems(named, grounds, NAME)).toEqual([]);
    expect(faqQualityProblems(faq((f) => (f[0]!.answer = `${answers[0]!.slice(0, -1)}!”`)), grounds, NAME)).toEqual([]);
  });

  it('refuse the same answer to every question', () => {
    const same = faq((f) => f.forEach((item) => (item.answer = answers[0]!)));
    expect(faqQualityProblems(same, grounds, NAME).filter((p) => p.includes('says what'))).toEqual([
      'answer 2 says what answer 1 says: each answer must answer its own question',
      'answer 3 says what answer 1 says: each answer must answer its own question',
      'answer 3 says what answer 2 says: each answer must answer its own question',
      'answer 4 says what answer 1 says: each answer must answer its own question',
      'answer 4 says what answer 2 says: each answer must answer its own question',
      'answer 4 says what answer 3 says: each answer must answer its own question',
      'answer 5 says what answer 1 says: each answer must answer its own question',
      'answer 5 says what answer 2 says: each answer must answer its own question',
      'answer 5 says what answer 3 says: each answer must answer its own question',
      'answer 5 says what answer 4 says: each answer must answer its own question',
    ]);
  });

  it('refuse an answer that never takes up what its question asks, a question asked twice, and a question about something else', () => {
    expect(faqQualityProblems(faq((f) => (f[1]!.answer = 'The Alpine Trail Runner has a Vibram sole that grips on wet rock and keeps you steady on the way down.')), grounds, NAME)).toEqual([
      'answer 2 does not take up its question ("waterproof" is not in it)',
    ]);
    expect(faqQualityProblems(faq((f) => (f[4]!.question = 'Is the shoe waterproof?')), grounds, NAME)).toContain('question 5 asks what question 2 asks');
    // "shoe" in the answer does not take up "Is the shoe waterproof?": the rarer word is what is asked.
    expect(faqQualityProblems(faq((f) => ((f[1]!.question = 'Is the shoe waterproof?'), (f[1]!.answer = 'The shoe has a Vibram sole that grips on wet rock and keeps you steady on the way down a long trail.'))), grounds, NAME)).toEqual([
      'answer 2 does not take up its question ("waterproof" is not in it)',
    ]);
    // A question about the product by a word that stands for it is about the product.
    expect(faqQualityProblems(faq((f) => (f[3]!.question = 'Is it suitable for beginners?')), grounds, NAME)).toEqual([]);
    expect(faqQualityProblems(faq((f) => (f[3]!.question = 'What is the capital of France?')), grounds, NAME)).toContain('question 4 is not about the product: none of its words is in the product data');
  });

  it('refuse scaffolding and another language in questions and answers', () => {
    expect(faqQualityProblems(faq((f) => (f[2]!.answer = `Here is the answer: ${answers[2]!}`)), grounds, NAME)).toEqual(['answer 3 carries prompt scaffolding or talk about the answer ("Here is the")']);
    expect(faqQualityProblems(faq((f) => (f[3]!.answer = 'Für Läuferinnen und Läufer, die auf steinigen und matschigen Wegen unterwegs sind und einen Schuh mit gutem Halt suchen.')), grounds, NAME)).toEqual([
      'answer 4: the text reads as German, the page is English: write in English',
    ]);
  });
});

// Cases found by review: thin shop rows (too few words to say their language), abbreviations,
// names that repeat, other languages of the Latin script.
describe('good copy on thin rows and in other languages', () => {
  const thin = (data: string) => qualityGroundsOf(data);
  it('thin English rows: no language said, the common words of the best guess still count', () => {
    const beanie = thin('Merino Beanie\nSoft merino wool beanie\nMerino Beanie');
    expect(beanie.language).toBeUndefined();
    expect(qualityProblems('meta', 'Keep warm with our soft merino wool beanie. Itch-free, breathable and machine washable.', beanie)).toEqual([]);
    const sony = thin('Sony WH-1000XM5\nWireless noise cancelling headphones\nSony WH-1000XM5 Wireless Headphones');
    expect(qualityProblems('meta', 'The Sony WH-1000XM5 wireless headphones offer industry-leading noise cancelling and long battery life.', sony)).toEqual([]);
  });
  it('abbreviations and numbers do not end sentences; "Bora Bora" and "die die" are no stutter', () => {
    const g = thin('Alpine Trail Runner\nTrail running shoe, 280 g.\nAlpine Trail Runner');
    expect(qualityProblems('meta', 'The Alpine Trail Runner weighs approx. 280 g, e.g. for long races. Order today!', g)).toEqual([]);
    const perfume = thin('Chanel No. 5 Eau de Parfum 100 ml\nThe classic perfume.\nChanel No. 5');
    expect(qualityProblems('meta', 'Chanel No. 5 Eau de Parfum in 100 ml: the classic perfume. Order online today.', perfume)).toEqual([]);
    const towel = thin('Bora Bora Beach Towel\nA large cotton beach towel.\nBora Bora Beach Towel');
    expect(qualityProblems('title', 'Bora Bora Beach Towel | Sunny', towel)).toEqual([]);
    expect(qualityProblems('meta', 'Die Daunenjacke Alpin ist die Jacke, die die Wärme hält. Leicht und winddicht für kalte Tage.', de)).toEqual([]);
  });
  it('German compounds of known words are known; French reads as French', () => {
    expect(qualityProblems('meta', 'Die Daunenjacke Alpin im Schonwaschgang waschen, mit Daunenwaschmittel. Leicht und winddicht für Wanderungen im Winter.', de)).toEqual([]);
    const fr = qualityGroundsOf('Sac à dos Randonnée 30 L | Montagne\nUn sac à dos léger pour la randonnée en montagne, avec une poche à eau.\nSac à dos Randonnée 30 L');
    expect(fr.language?.language ?? fr.vocabulary).toBe('fr');
  });
  it('catch more scaffolding: "Output:", "As requested", "Note:"', () => {
    expect(qualityProblems('title', 'Output: Alpine Trail Runner | Northpine', en)[0]).toMatch(/\("Output:"\)/);
    expect(qualityProblems('meta', 'As requested, the Alpine Trail Runner is a lightweight trail running shoe.', en)[0]).toMatch(/\("As requested"\)/);
    expect(qualityProblems('meta', 'The Alpine Trail Runner is a lightweight trail running shoe. Note: keywords included.', en)[0]).toMatch(/scaffolding/);
  });
});

describe('pageLanguage: the language a row is written in', () => {
  it('reads a German product in an English shop by its letters when its common words are too few to say (Größe, Gänsedaune)', () => {
    expect(pageLanguage('', 'Daunenjacke Größe M\nLeichte Daunenjacke mit 800 cuin Gänsedaune (RDS-zertifiziert), Kapuze und zwei Handwärmtaschen. Wiegt 310 g in Größe M.')).toBe('de');
    // Names written with a language's letters are no text in it.
    for (const names of ['Nestlé Café Crème Capsules', 'Café Olé Espresso Beans', 'Pokémon Pikachu Plush Toy', 'Häagen-Dazs Crème Brûlée Ice Cream', 'Björn Borg Sports Socks', 'Mötley Crüe Tour T-Shirt']) {
      expect(pageLanguage('', names), names).toBeOneOf([undefined, 'en']);
    }
    // A French word or two in English copy is English.
    expect(pageLanguage('', 'Café Press Camp – a French press for the trail. Brews 0.6 l of coffee, crème and all. Stainless steel, 280 g.')).toBe('en');
    // A lang column wins.
    expect(pageLanguage('fr-CA', 'Daunenjacke Größe M')).toBe('fr');
  });
});
