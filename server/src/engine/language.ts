import { perChunk, proseSlice, type DocumentChunk, type PolicyDocument } from "./model";

/**
 * The language a document is written in, told from how often it uses each language's
 * function words (articles, prepositions, conjunctions, auxiliaries): they are most of any
 * running text and few words are function words in two of these languages. Deterministic,
 * offline, counted chunk by chunk like the kind signals, so an edit recounts one chunk.
 *
 * Only English is analysed: the rules' vocabulary is English, so a French or German
 * contract would get "no data-residency term" although it has one.
 */
export type LanguageCode = "en" | "fr" | "de" | "es" | "it" | "nl" | "pt";

export const LANGUAGE_NAMES: Record<LanguageCode, string> = {
  en: "English",
  fr: "French",
  de: "German",
  es: "Spanish",
  it: "Italian",
  nl: "Dutch",
  pt: "Portuguese",
};

/** Languages the rules are written for. */
export const ANALYSED_LANGUAGES: ReadonlySet<LanguageCode> = new Set(["en"]);

// The most frequent function words of each language, without the words that are function
// words of English too ("in", "an", "on", "per", "die" as a verb is rare but "a" is not).
const FUNCTION_WORDS: Record<LanguageCode, string> = {
  en: "the of and to is that with for this are be by which shall or not it from will have has was were been their its any such these those may must should would",
  fr: "le la les un une des du et est pour dans qui sur pas au aux par ne sont cette avec ces leur être doit sera été ou selon lorsque ainsi en à ce se sa ses il elle ils nous vous dont sous entre",
  de: "der die das und ist nicht mit den dem des ein eine einer zu auf für von sich werden wird auch oder sind nach bei durch wenn muss im zum zur vom es sie wir ihre seine dass über unter ohne gegen alle diese dieser dieses sowie gemäß innerhalb kein keine nur",
  es: "el los las del y una por con para se su al como más pero este esta lo sus ser debe entre cuando sobre desde también",
  it: "il gli della delle dei che è una con sono nel nella alla di questo questa essere deve tra anche più dal",
  nl: "het een van en niet dat zijn voor met op wordt worden ook deze bij naar aan uit moet zal door",
  pt: "da dos das não em uma para com pelo pela são ser deve também mais entre quando sobre seus suas",
};

const CODES = Object.keys(FUNCTION_WORDS) as LanguageCode[];
const LOOKUP = new Map<string, number[]>();
CODES.forEach((code, i) => {
  for (const w of FUNCTION_WORDS[code].split(" ")) {
    const langs = LOOKUP.get(w) ?? [];
    langs.push(i);
    LOOKUP.set(w, langs);
  }
});

/** Fewer function words than this (a heading, a one-line note) is too little to tell by dominance alone. */
export const MIN_FUNCTION_WORDS = 12;
/**
 * A short text (a one-paragraph contract, a two-line note) is another language's with at
 * least this many of its function words when English has almost none (a quarter as many):
 * otherwise a short French or German contract would be read as English and told it lacks
 * terms it has. A heading alone or an English sentence naming "Der Spiegel" stays English.
 */
export const MIN_SHORT_FUNCTION_WORDS = 3;
const SHORT_DOMINANCE = 4;
/** Function words (of all languages together) after which counting stops. */
const SAMPLE_FUNCTION_WORDS = 3000;
/** Another language must have this many times English's function words: an English text that quotes a French clause stays English. */
const DOMINANCE = 1.5;

export interface LanguageDecision {
  language: LanguageCode;
  source: "front-matter" | "inferred";
  /** Whether the rules apply (English); otherwise the document gets one `document/unsupported-language` finding. */
  analysed: boolean;
  /** Function words counted per language, for hovers and debugging. */
  counts: Partial<Record<LanguageCode, number>>;
}

const WORD = /[\p{L}']+/gu;
const COUNTS_KEY = {};

/** Each language's function words in the prose, by definition: the words WORD finds in its lower case. */
export function countFunctionWordsByRegex(prose: string): number[] {
  const counts = CODES.map(() => 0);
  for (const m of prose.toLowerCase().matchAll(WORD)) {
    const langs = LOOKUP.get(m[0]);
    if (langs) for (const i of langs) counts[i]++;
  }
  return counts;
}

/** countFunctionWordsByRegex, faster. */
export function countFunctionWords(prose: string): number[] {
  const counts = CODES.map(() => 0);
  const lower = prose.toLowerCase();
  const count = (word: string) => {
    const langs = LOOKUP.get(word);
    if (langs) for (const i of langs) counts[i]++;
  };
  // By code unit, without a match object per word; only words short enough to be a function
  // word are cut out. A text with an astral character (a surrogate) is left to the regex.
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    const letter = c < 128 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39 : isLetterUnit(c);
    if (letter === undefined) return countFunctionWordsByRegex(prose);
    if (letter) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start <= LONGEST_FUNCTION_WORD) count(lower.slice(start, i));
      start = -1;
    }
  }
  return counts;
}

const LONGEST_FUNCTION_WORD = Math.max(...[...LOOKUP.keys()].map((w) => w.length));
const LETTER = /^\p{L}$/u;
/** Whether a non-ASCII code unit is a letter; undefined for half of a surrogate pair. */
function isLetterUnit(c: number): boolean | undefined {
  if (c >= 0xd800 && c <= 0xdfff) return undefined;
  return LETTER.test(String.fromCharCode(c));
}

function chunkCounts(doc: PolicyDocument, chunk: DocumentChunk): number[] {
  return perChunk(chunk, COUNTS_KEY, () => countFunctionWords(proseSlice(doc, chunk.start, chunk.end)));
}

/** A declared `lang:` ("fr", "de-CH", "English"), if it names a language we know. */
function declaredLanguage(doc: PolicyDocument): LanguageCode | undefined {
  const lang = doc.frontMatter?.data.lang?.trim().toLowerCase();
  if (!lang) return undefined;
  const code = lang.slice(0, 2) as LanguageCode;
  if (code in FUNCTION_WORDS && (lang.length === 2 || /^[a-z]{2}[-_]/.test(lang))) return code;
  return CODES.find((c) => LANGUAGE_NAMES[c].toLowerCase() === lang);
}

export function decideLanguage(doc: PolicyDocument): LanguageDecision {
  const total = CODES.map(() => 0);
  // The beginning of a long document tells its language: counting stops after enough
  // function words, so a long contract costs no more than a few pages.
  let counted = 0;
  for (const chunk of doc.chunks) {
    // Text left unparsed at the time budget is blank in the mask: no words to count.
    if (doc.parsedUntil !== undefined && chunk.start >= doc.parsedUntil) break;
    const c = chunkCounts(doc, chunk);
    for (let i = 0; i < total.length; i++) total[i] += c[i];
    counted += c.reduce((a, b) => a + b, 0);
    if (counted >= SAMPLE_FUNCTION_WORDS) break;
  }
  const counts = Object.fromEntries(CODES.map((code, i) => [code, total[i]])) as Record<LanguageCode, number>;
  const declared = declaredLanguage(doc);
  if (declared) return { language: declared, source: "front-matter", analysed: ANALYSED_LANGUAGES.has(declared), counts };
  let best: LanguageCode = "en";
  for (const code of CODES) if (counts[code] > counts[best]) best = code;
  const english = counts.en;
  const foreign =
    best !== "en" &&
    ((counts[best] >= MIN_FUNCTION_WORDS && counts[best] >= DOMINANCE * english) ||
      (counts[best] >= MIN_SHORT_FUNCTION_WORDS && counts[best] >= SHORT_DOMINANCE * english));
  const language = foreign ? best : "en";
  return { language, source: "inferred", analysed: ANALYSED_LANGUAGES.has(language), counts };
}
