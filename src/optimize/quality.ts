// Quality gates on a model's free text, beyond the rules (lengths, widths, keywords) and the
// grounding of figures and names: what a reviewer would refuse at a glance. Each gate gives a
// reason, which goes into the review's `checks` and back to the model as feedback; a candidate
// failing one is never pre-approved.
//
// - Scaffolding: the prompt's own words in the answer ("page-data", "Rewrite the", "Answer
//   with"), a label ("Meta description:"), talk about the answer ("Here is", "As an AI"),
//   markdown. A phrase the row's own data holds is not scaffolding (a book called "Answer With
//   Confidence").
// - Sentences: a meta description is one or two full sentences, the last one ended.
// - Repetition: a word twice in a row, a phrase of two words or more twice, a content word three
//   times.
// - Word salad: too small a share of the words is in the row's data or among the 10,000 most
//   common words of the page's language.
// - Another language: the answer is in another script than the page, or reads as another
//   language of the same script.
import type { TextField } from './fields.js';
import { byLetters, commonWords, detectLanguage, languageName, languageOfTag, mainScript, scriptOf, tellingWords, type Detected } from './language.js';
import { words } from '../page/text.js';
import { plainText } from '../page/html-text.js';
import { contentCell, type CsvPage } from '../sources/csv.js';

/** What a row's candidates are checked against, made once a row. */
export interface QualityGrounds {
  /** The row's data, lower case, white space collapsed. */
  text: string;
  /** Its words, lower case. */
  words: ReadonlySet<string>;
  /** The page's language: the row's own tag, else read from its data when it says one clearly. */
  language: Detected | undefined;
  /** The language whose words a word-salad check counts as known: the page's, else the best guess from a row too thin to say. */
  vocabulary: string | undefined;
}

export function qualityGroundsOf(data: string, languageTag?: string): QualityGrounds {
  const text = data.replace(/\s+/g, ' ').trim().toLowerCase();
  const tagged = languageOfTag(languageTag);
  const script = tagged === undefined ? undefined : scriptOf(tagged);
  const language = tagged !== undefined && script !== undefined ? { language: tagged, script, words: 0, share: 0 } : readLanguage(data);
  return { text, words: new Set(words(data)), language, vocabulary: language?.language ?? detectLanguage(data)?.language };
}

/** The language a row's rewrites and FAQ are written in: its own tag (a lang column), else read from its data. */
export function pageLanguage(tag: string | undefined, data: string): string | undefined {
  return languageOfTag(tag) ?? readLanguage(data)?.language;
}

/** A CSV row's language (ISO 639-1): its lang column, else read from its title, description, H1, name and content. */
export function rowLanguage(page: Pick<CsvPage, 'lang' | 'title' | 'meta_description' | 'h1' | 'product_name' | 'content' | 'product_description'>): string | undefined {
  return pageLanguage(page.lang, [page.title, page.meta_description, page.h1, page.product_name, plainText(contentCell(page))].join('\n'));
}

/**
 * The language of a row's data, when it says one: a text whose words are mostly names and code
 * (few of any language's common words) says none, and no answer is judged by language then.
 */
function readLanguage(data: string): Detected | undefined {
  const detected = detectLanguage(data);
  if (detected === undefined) return undefined;
  if (detected.words >= MIN_WORDS_FOR_LANGUAGE && detected.share < MIN_SHARE) {
    // Too few common words to say: the letters a language writes may (Größe, Gänsedaune).
    const language = byLetters(data);
    return language === undefined ? undefined : { ...detected, language };
  }
  return detected;
}

/** Phrases of the prompts, labels and talk about the answer: never part of a title, description or H1. */
const SCAFFOLDING: readonly RegExp[] = [
  /page[-_ ]?data/i,
  /\b(?:target[-_ ]keywords|previous[-_ ]answer|used[-_ ]by[-_ ]other[-_ ]pages|product[-_ ]name|meta[-_]description)\b/i,
  /\brewrite (?:the|this)\b/i,
  /\banswer (?:with|only)\b/i,
  /\b(?:the new text|fix exactly|was refused|do not repeat|ignore (?:any|all|previous) instructions?)\b/i,
  /\b(?:seo copywriter|characters long|pixels wide|arial \d+px)\b/i,
  /^\s*(?:sure|certainly|of course|okay)\b[,.!]/i,
  /\b(?:as requested|improved version|optimi[sz]ed version|revised version|keywords? included)\b/i,
  /^\s*(?:output|result|response)\s*[:：]/i,
  /(?:^|\s)note\s*:/i,
  /\bhere(?:'s| is| are) (?:a|an|the|your|my)\b/i,
  /\b(?:as an ai|language model|i cannot|i can't|i'm sorry|i am sorry)\b/i,
  /^\s*(?:new )?(?:title|meta description|description|h1|heading|answer)\s*[:：]/i,
];
/** Markdown and tags: scaffolding in a title, description or H1 (an FAQ's own check calls them markup). */
const MARKUP = /```|\*\*|^#{1,6}\s|<\/?[a-z][\w-]*(?:\s[^>]*)?>/im;

function scaffolding(candidate: string, grounds: QualityGrounds, markup = true): string | undefined {
  for (const re of markup ? [...SCAFFOLDING, MARKUP] : SCAFFOLDING) {
    const m = re.exec(candidate);
    if (m && !grounds.text.includes(m[0].trim().toLowerCase())) return m[0].trim();
  }
  return undefined;
}

/**
 * Ends a sentence: . ! ? and their CJK forms, then nothing or a closing quote or bracket, then the
 * end or a space and what can start a sentence. Not a stop before a small letter or a digit
 * ("approx. 280 g", "No. 5", "ca. 450 g"), nor after a single letter ("z. B.", "e.g.").
 */
const SENTENCE_END = /(?<![\s.]\p{L})[.!?](?=["'”’»)\]]*(?:$|\s+[^\p{Ll}\p{N}]))|[。！？]/gu;

function sentenceProblem(candidate: string): string | undefined {
  const text = candidate.trim();
  const ends = [...text.matchAll(SENTENCE_END)].length;
  if (!/[.!?。！？]["'”’»)\]]*$/u.test(text)) return 'the meta description does not end its sentence (no ".", "!" or "?" at the end): write one or two full sentences';
  if (ends > 2) return `the meta description is ${ends} sentences: write one or two full sentences`;
  return undefined;
}

/** Words as the gates count them: letters only (numbers and codes are the grounding's to judge). */
function letterWords(text: string): string[] {
  return words(text).filter((w) => /\p{L}/u.test(w));
}

function repetition(candidate: string, language: string | undefined, data?: string): string | undefined {
  const ws = letterWords(candidate);
  const common = language === undefined ? new Set<string>() : commonWords(language);
  // The hundred most common words of the language ("of the", "für die") may repeat.
  const functionWord = (w: string): boolean => rank(common, w) < 100;
  for (let i = 1; i < ws.length; i++) {
    const w = ws[i]!;
    // "Bora Bora" the row's data holds, and "die die" of a German sentence, are no stutter; "the the" is.
    const grammatical = language !== 'en' && functionWord(w);
    if (w === ws[i - 1] && w.length > 1 && !grammatical && !(data ?? '').includes(`${w} ${w}`)) return `"${w} ${w}": a word twice in a row`;
  }
  const seen = new Map<string, number>();
  for (let i = 0; i + 1 < ws.length; i++) {
    const pair = `${ws[i]} ${ws[i + 1]}`;
    // Two content words: "on the trail … the trail" is how sentences go, "trail running … trail running" is not.
    if (functionWord(ws[i]!) || functionWord(ws[i + 1]!)) continue;
    const at = seen.get(pair);
    // Overlapping pairs ("a a a") are the twice-in-a-row case.
    if (at !== undefined && i - at >= 2) return `"${pair}" twice: a repeated phrase`;
    if (at === undefined) seen.set(pair, i);
  }
  const counts = new Map<string, number>();
  for (const w of ws) if (w.length > 2 && !functionWord(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const [w, n] of counts) if (n >= 3) return `"${w}" ${n} times: a repeated word`;
  return undefined;
}

const ranks = new WeakMap<ReadonlySet<string>, Map<string, number>>();
/** A word's place in its frequency list (0 the most common); Infinity when it is not in it. */
function rank(list: ReadonlySet<string>, word: string): number {
  let map = ranks.get(list);
  if (map === undefined) {
    map = new Map([...list].map((w, i) => [w, i]));
    ranks.set(list, map);
  }
  return map.get(word) ?? Number.POSITIVE_INFINITY;
}

/** Below this share of known words, with at least MIN_UNKNOWN unknown ones, an answer is word salad. */
const KNOWN_SHARE = 0.7;
const MIN_UNKNOWN = 4;

function wordSalad(candidate: string, grounds: QualityGrounds): string | undefined {
  const ws = letterWords(candidate);
  if (ws.length === 0) return undefined;
  const language = grounds.vocabulary;
  const common = language === undefined ? new Set<string>() : commonWords(language);
  const plain = (w: string): boolean => grounds.words.has(w) || common.has(w) || stemInData(w, grounds);
  // A compound of two known words ("schonwaschgang", "featherweight") is known.
  const known = (w: string): boolean => plain(w) || compoundOf(w, plain);
  const unknown = [...new Set(ws.filter((w) => !known(w)))];
  const share = 1 - ws.filter((w) => !known(w)).length / ws.length;
  if (unknown.length < MIN_UNKNOWN || share >= KNOWN_SHARE) return undefined;
  const where = language === undefined ? 'the page data' : `the page data or common ${languageName(language)}`;
  return `the text reads as word salad: ${Math.round(share * 100)} % of its words are in ${where} (not: ${unknown.slice(0, 5).map((w) => `"${w}"`).join(', ')})`;
}

/** A word made of two known words of four letters or more, joined (German writes most nouns so). */
function compoundOf(word: string, known: (w: string) => boolean): boolean {
  if (word.length < 8) return false;
  for (let i = 4; i <= word.length - 4; i++) {
    if (known(word.slice(0, i)) && (known(word.slice(i)) || (word[i] === 's' && word.length - i > 4 && known(word.slice(i + 1))))) return true;
  }
  return false;
}

/** An inflected form of a word of the data (see sameStem). */
function stemInData(word: string, grounds: QualityGrounds): boolean {
  for (const w of grounds.words) if (sameStem(w, word)) return true;
  return false;
}

/** Two forms of one word, roughly: the same first letters (five, or all of a four-letter word) and lengths at most three apart. */
function sameStem(a: string, b: string): boolean {
  if (a === b) return true;
  const n = Math.min(5, a.length, b.length);
  return n >= 4 && Math.abs(a.length - b.length) <= 3 && a.slice(0, n) === b.slice(0, n);
}

/** A verdict needs this many words, and the other language this much more of them than the page's. */
const MIN_WORDS_FOR_LANGUAGE = 4;
const LANGUAGE_MARGIN = 0.25;
const MIN_SHARE = 0.3;

function otherLanguage(candidate: string, grounds: QualityGrounds): string | undefined {
  const page = grounds.language;
  if (page === undefined) return undefined;
  const script = mainScript(candidate);
  const pageScript = scriptOf(page.language) ?? page.script;
  // Han alone is read as Chinese, but Japanese writes kanji too: a kana-less answer on a Japanese page is not judged by script.
  const sameScript = script === pageScript || (pageScript === 'kana' && script === 'han');
  if (script !== undefined && !sameScript) return `the text is in another script than the page (${script}, the page is ${languageName(page.language)}): write in ${languageName(page.language)}`;
  // The page's own words (its names, its vocabulary) are evidence of nothing: only the rest is weighed.
  const detected = detectLanguage(candidate, grounds.words);
  if (detected === undefined || detected.language === page.language || detected.words < MIN_WORDS_FOR_LANGUAGE) return undefined;
  const ws = letterWords(candidate).filter((w) => !grounds.words.has(w));
  const pageList = tellingWords(page.language);
  // Both shares from the same kind of list: the data's own words (names) would count for the page only.
  const pageShare = ws.filter((w) => pageList.has(w)).length / ws.length;
  if (detected.share < MIN_SHARE || detected.share - pageShare < LANGUAGE_MARGIN) return undefined;
  return `the text reads as ${languageName(detected.language)}, the page is ${languageName(page.language)}: write in ${languageName(page.language)}`;
}

function withoutSiteName(title: string): string {
  const parts = title.split(/\s+[|–—·-]\s+/);
  return parts.length > 1 ? parts.slice(0, -1).join(' ') : title;
}

/** Why a model's text for a field is not fit to pre-approve: [] when it passes every gate. */
export function qualityProblems(field: TextField, candidate: string, grounds: QualityGrounds): string[] {
  const problems: string[] = [];
  const scaffold = scaffolding(candidate, grounds);
  if (scaffold !== undefined) problems.push(`the text carries prompt scaffolding or talk about the answer ("${scaffold}"): answer with the ${field === 'meta' ? 'description' : field === 'h1' ? 'heading' : 'title'} alone`);
  if (field === 'meta') {
    const sentences = sentenceProblem(candidate);
    if (sentences !== undefined) problems.push(sentences);
  }
  // A title's last segment after a separator is the site's name ("… | Apache Flink"): a name the rest may hold too.
  const repeated = repetition(field === 'title' ? withoutSiteName(candidate) : candidate, grounds.vocabulary, grounds.text);
  if (repeated !== undefined) problems.push(repeated);
  // Text in another language is no salad of the page's: said once, as what it is.
  const language = otherLanguage(candidate, grounds);
  const salad = language === undefined ? wordSalad(candidate, grounds) : undefined;
  if (salad !== undefined) problems.push(salad);
  if (language !== undefined) problems.push(language);
  return problems;
}

/** Two answers sharing this share of their words (Jaccard) say the same thing. */
const SAME_ANSWER = 0.6;
/** Two questions sharing this share of their content words ask the same thing. */
const SAME_QUESTION = 0.8;
/** Words this common in the language carry no topic: "what", "does", "look", "made", "different". */
const TOPIC_RANK = 1000;
/** Words that stand for the product in a question, in the languages shops write most. */
const PRODUCT_PRONOUNS = new Set(['it', 'its', 'this', 'they', 'them', 'these', 'one', 'es', 'sie', 'er', 'ihn', 'ihr', 'dies', 'diese', 'dieser', 'dieses', 'il', 'elle', 'ils', 'elles', 'ce', 'cet', 'cette', 'lo', 'la', 'le', 'este', 'esta', 'esto', 'questo', 'questa', 'het', 'deze', 'dit', 'ze']);
/** For "is the question about the product at all", fewer words are too common to say. */
const ABOUT_RANK = 300;

/**
 * An FAQ's problems beyond its shape (faq.ts): answers or questions that repeat each other, an
 * answer that never takes up its question, a question not about the product, and each text's
 * scaffolding, word salad and language as for a title. Items are numbered from 1.
 */
export function faqQualityProblems(items: readonly { question: string; answer: string }[], grounds: QualityGrounds, productName: string): string[] {
  const problems: string[] = [];
  const language = grounds.language?.language;
  const common = language === undefined ? new Set<string>() : commonWords(language);
  const nameWords = new Set(letterWords(productName));
  const topic = (text: string): Set<string> => new Set(letterWords(text).filter((w) => w.length > 2 && rank(common, w) >= TOPIC_RANK && !nameWords.has(w)));
  const answers = items.map((i) => new Set(letterWords(i.answer)));
  const questions = items.map((i) => topic(i.question));
  items.forEach((item, i) => {
    const n = i + 1;
    for (let j = 0; j < i; j++) {
      if (jaccard(answers[i]!, answers[j]!) >= SAME_ANSWER) problems.push(`answer ${n} says what answer ${j + 1} says: each answer must answer its own question`);
      if (sameQuestion(questions[i]!, questions[j]!)) problems.push(`question ${n} asks what question ${j + 1} asks`);
    }
    // What the question asks about that the data speaks of: the answer must take up the rarest of
    // it ("Is the shoe waterproof?" asks about "waterproof", not "shoe").
    const known = [...questions[i]!].filter((w) => stemInData(w, grounds));
    const point = known.sort((a, b) => rank(common, b) - rank(common, a))[0];
    if (point !== undefined && !mentions(answers[i]!, point)) problems.push(`answer ${n} does not take up its question ("${point}" is not in it)`);
    // No word of the product's name or data, no word that stands for it ("it", "sie"), and two
    // topics (past the 300 commonest words: "capital", "France"): a question about something else.
    const qWords = letterWords(item.question);
    const forProduct = qWords.some((w) => nameWords.has(w) || PRODUCT_PRONOUNS.has(w));
    const topics = qWords.filter((w) => w.length > 2 && rank(common, w) >= ABOUT_RANK && !nameWords.has(w));
    if (topics.length >= 2 && !topics.some((w) => stemInData(w, grounds)) && !forProduct) problems.push(`question ${n} is not about the product: none of its words is in the product data`);
    // A model that loops writes a clause again, and one cut off stops mid-sentence.
    const loop = repeatedRun(letterWords(item.answer), LOOP_WORDS);
    if (loop !== undefined) problems.push(`answer ${n} repeats itself ("${loop}"): say each thing once`);
    // Thai marks no sentence's end: its answers are not held to one.
    if (item.answer.trim() !== '' && mainScript(item.answer) !== 'thai' && !ANSWER_END.test(item.answer.trim())) problems.push(`answer ${n} stops mid-sentence: end it with a full stop`);
    for (const [what, text] of [[`question ${n}`, item.question], [`answer ${n}`, item.answer]] as const) {
      const scaffold = scaffolding(text, grounds, false);
      if (scaffold !== undefined) problems.push(`${what} carries prompt scaffolding or talk about the answer ("${scaffold}")`);
      const other = otherLanguage(text, grounds);
      const salad = other === undefined && what.startsWith('answer') ? wordSalad(text, grounds) : undefined;
      if (other !== undefined) problems.push(`${what}: ${other}`);
      if (salad !== undefined) problems.push(`${what}: ${salad}`);
    }
  });
  return problems;
}

/** Words in a row that, said twice in one answer, are a loop rather than emphasis. */
const LOOP_WORDS = 6;
/** How an answer ends: a sentence's mark (Latin, CJK, Devanagari and Bengali, Arabic and Urdu, Greek), then any closing quotes or brackets. */
const ANSWER_END = /[.!?…。！？।॥؟۔;;](?:["'”’»)\]」』]*)$/u;

/** The first run of `k` words said twice in `words`, or undefined. */
function repeatedRun(words: readonly string[], k: number): string | undefined {
  const seen = new Set<string>();
  for (let i = 0; i + k <= words.length; i++) {
    const run = words.slice(i, i + k).join(' ');
    if (seen.has(run)) return run;
    seen.add(run);
  }
  return undefined;
}

/** Two questions about the same topics: most of them shared, or one's topics within the other's but one ("Is it waterproof?", "Is the shoe waterproof?"). */
function sameQuestion(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  return jaccard(a, b) >= SAME_QUESTION || (large.size - small.size <= 1 && [...small].every((w) => large.has(w)));
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  return both / (a.size + b.size - both);
}

/** The word, or another form of it ("waterproof", "waterproofing"; "pack", "packs"), is among these. */
function mentions(words: ReadonlySet<string>, word: string): boolean {
  if (words.has(word)) return true;
  for (const w of words) if (sameStem(w, word)) return true;
  return false;
}
