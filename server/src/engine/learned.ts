// A linear sentence classifier for what phrase rules miss in documents by other authors
// (docs/learned-classifier.md). Logistic regression over a sentence's lower-cased words, word
// bigrams and a few shapes, trained by scripts/train/sentences.mjs on labelled sentences; the
// weights are data (rules/learned-weights.json). It reads only its own sentence, so the
// editor's incremental patch stays exact, and costs a map lookup per word.
import type { TermId } from "./types";
import WEIGHTS from "./rules/learned-weights.json";

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

// WORD by hand, a code unit at a time (its match array cost a third of scoring a sentence):
// 2 for a letter, 1 for another number, 0 for neither, -1 for half of a surrogate pair,
// where the text is left to the regex. Non-ASCII units are classified once, as met.
const UNIT_CLASS = new Int8Array(0x10000).fill(-2);
const LETTER = /^\p{L}$/u;
const NUMBER = /^\p{N}$/u;
function unitClass(c: number): number {
  let k = UNIT_CLASS[c];
  if (k === -2) {
    const ch = String.fromCharCode(c);
    UNIT_CLASS[c] = k = c >= 0xd800 && c <= 0xdfff ? -1 : LETTER.test(ch) ? 2 : NUMBER.test(ch) ? 1 : 0;
  }
  return k;
}

/** `text.match(WORD) ?? []`: a sentence's words as the classifier reads them. */
export function classifierWords(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const k = unitClass(text.charCodeAt(i));
    if (k < 0) return text.match(WORD) ?? [];
    if (k === 0) {
      i++;
      continue;
    }
    const start = i++;
    let c = 0;
    while (i < n && (c = unitClass(text.charCodeAt(i))) > 0) i++;
    if (c < 0) return text.match(WORD) ?? [];
    // Then any number of apostrophes each followed by letters ("don't", "rock'n'roll").
    while (i + 1 < n) {
      const a = text.charCodeAt(i);
      if (a !== 39 && a !== 0x2019) break;
      const next = unitClass(text.charCodeAt(i + 1));
      if (next < 0) return text.match(WORD) ?? [];
      if (next !== 2) break;
      i += 2;
      while (i < n && (c = unitClass(text.charCodeAt(i))) === 2) i++;
      if (c < 0) return text.match(WORD) ?? [];
    }
    out.push(text.slice(start, i));
  }
  return out;
}

/** The features a sentence is scored on: lower-cased words, word bigrams and a few shapes. */
export function sentenceFeatures(text: string, blockType: string): string[] {
  const lower = text.toLowerCase();
  const words = lower.match(WORD) ?? [];
  const out: string[] = [`#block:${blockType}`];
  const n = words.length;
  out.push(n < 6 ? "#len:short" : n < 20 ? "#len:mid" : n < 45 ? "#len:long" : "#len:huge");
  if (/\d/.test(lower)) out.push("#digit");
  if (/%|\bper ?cent\b/.test(lower)) out.push("#percent");
  if (/[$€£]\s?\d/.test(lower)) out.push("#money");
  if (/["“”]/.test(lower)) out.push("#quote");
  for (let i = 0; i < n; i++) {
    out.push(`w:${words[i]}`);
    out.push(i ? `b:${words[i - 1]}_${words[i]}` : `b:^_${words[i]}`);
  }
  return [...new Set(out)];
}

export type LearnedCategory = "sovereignty" | "red-line";
export const LEARNED_CATEGORIES: readonly LearnedCategory[] = ["sovereignty", "red-line"];

export interface LearnedVerdict {
  category: LearnedCategory;
  /** The model's probability that the sentence belongs to the category (above its threshold). */
  probability: number;
}

/** What a finding of a verdict says: for sovereignty the likeliest term, and the words that weighed most for the category, most first. */
export interface LearnedReason {
  term?: TermId;
  words: string[];
}

interface LinearModel {
  bias: number;
  weights: Map<string, number>;
  threshold: number;
}
interface Models {
  /** The categories' weights by feature, so a feature is looked up once for all of them. */
  byFeature: Map<string, number[]>;
  /** The same weights by word (`w:` features) and, under each word, by the next word (`b:` features; "^" starts a sentence). */
  byWord: Map<string, WordWeights>;
  categories: { category: LearnedCategory; model: LinearModel }[];
  terms: [TermId, LinearModel][];
}
type WeightsData = {
  categories: Record<string, { bias: number; threshold: number; weights: Record<string, number> }>;
  terms: Record<string, { bias: number; weights: Record<string, number> }>;
};

let models: Models | undefined;
function loaded(): Models {
  if (models) return models;
  const data = WEIGHTS as WeightsData;
  const model = (m: { bias: number; threshold?: number; weights: Record<string, number> }): LinearModel => ({ bias: m.bias, threshold: m.threshold ?? 0.5, weights: new Map(Object.entries(m.weights)) });
  const categories = LEARNED_CATEGORIES.filter((c) => data.categories[c]).map((category) => ({ category, model: model(data.categories[category]) }));
  const byFeature = new Map<string, number[]>();
  categories.forEach(({ model: m }, k) => {
    for (const [f, w] of m.weights) {
      let ws = byFeature.get(f);
      if (!ws) byFeature.set(f, (ws = categories.map(() => 0)));
      ws[k] = w;
    }
  });
  models = { byFeature, byWord: wordWeights(byFeature), categories, terms: Object.entries(data.terms).map(([t, m]) => [t as TermId, model(m)]) };
  return models;
}

/** A weight vector with the last scoring that added it, so a feature repeated in a sentence counts once. */
interface Weights {
  ws: number[];
  seen: number;
}
interface WordWeights {
  word: Weights | undefined;
  next: Map<string, Weights> | undefined;
}

/** byFeature's `w:` and `b:` features, keyed by their words, so scoring builds no feature strings. */
function wordWeights(byFeature: Map<string, number[]>): Map<string, WordWeights> {
  const byWord = new Map<string, WordWeights>();
  const entry = (w: string) => {
    let e = byWord.get(w);
    if (!e) byWord.set(w, (e = { word: undefined, next: undefined }));
    return e;
  };
  for (const [f, ws] of byFeature) {
    if (f.startsWith("w:")) entry(f.slice(2)).word = { ws, seen: 0 };
    else if (f.startsWith("b:")) {
      // Words never hold "_" (WORD), so the first one splits a bigram.
      const cut = f.indexOf("_");
      const e = entry(f.slice(2, cut));
      (e.next ??= new Map()).set(f.slice(cut + 1), { ws, seen: 0 });
    }
  }
  return byWord;
}

let scoring = 0;
/**
 * Adds the weights of sentenceFeatures(text, blockType) to `z`, in the same order and each
 * distinct feature once, as `for (f of sentenceFeatures(…)) z += byFeature.get(f)` does, but
 * without building a string per word and bigram (the classifier's cost was mostly those).
 */
function addSentenceWeights(m: Models, text: string, blockType: string, z: number[]): void {
  const lower = text.toLowerCase();
  const words = classifierWords(lower);
  const n = words.length;
  const add = (ws: number[] | undefined) => {
    if (ws) for (let k = 0; k < ws.length; k++) z[k] += ws[k];
  };
  // The shapes: distinct strings, each at most once.
  add(m.byFeature.get(`#block:${blockType}`));
  add(m.byFeature.get(n < 6 ? "#len:short" : n < 20 ? "#len:mid" : n < 45 ? "#len:long" : "#len:huge"));
  if (/\d/.test(lower)) add(m.byFeature.get("#digit"));
  if (/%|\bper ?cent\b/.test(lower)) add(m.byFeature.get("#percent"));
  if (/[$€£]\s?\d/.test(lower)) add(m.byFeature.get("#money"));
  if (/["“”]/.test(lower)) add(m.byFeature.get("#quote"));
  const stamp = ++scoring;
  const once = (w: Weights | undefined) => {
    if (!w || w.seen === stamp) return;
    w.seen = stamp;
    const ws = w.ws;
    for (let k = 0; k < ws.length; k++) z[k] += ws[k];
  };
  const byWord = m.byWord;
  let before = byWord.get("^");
  for (let i = 0; i < n; i++) {
    const here = byWord.get(words[i]);
    once(here?.word);
    once(before?.next?.get(words[i]));
    before = here;
  }
}

const logit = (m: LinearModel, features: readonly string[]): number => {
  let z = m.bias;
  for (const f of features) z += m.weights.get(f) ?? 0;
  return z;
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Readable form of the features that pushed a sentence towards the category most. */
function weightiest(m: LinearModel, features: readonly string[], count: number): string[] {
  const scored: [string, number][] = [];
  for (const f of features) {
    const w = m.weights.get(f);
    if (w !== undefined && w > 0 && !f.startsWith("#")) scored.push([f.slice(2).replace("_", " ").replace(/^\^ /, ""), w]);
  }
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const out: string[] = [];
  for (const [word] of scored) if (!out.includes(word) && out.length < count) out.push(word);
  return out;
}

/** The categories the classifier puts a sentence in, each above its threshold. */
export function classifySentence(lower: string, blockType: string): LearnedVerdict[] {
  const m = loaded();
  const { categories } = m;
  const z = categories.map((c) => c.model.bias);
  addSentenceWeights(m, lower, blockType, z);
  const out: LearnedVerdict[] = [];
  categories.forEach(({ category, model }, k) => {
    const probability = sigmoid(z[k]);
    if (probability > model.threshold) out.push({ category, probability });
  });
  return out;
}

/** The term and words behind a verdict; computed only for a verdict that becomes a finding (most sentences a rule reports). */
export function reasonFor(v: LearnedVerdict, lower: string, blockType: string): LearnedReason {
  const { categories, terms } = loaded();
  const features = sentenceFeatures(lower, blockType);
  const model = categories.find((c) => c.category === v.category)!.model;
  const reason: LearnedReason = { words: weightiest(model, features, 4) };
  if (v.category === "sovereignty") {
    let best = -Infinity;
    for (const [term, tm] of terms) {
      const zt = logit(tm, features);
      if (zt > best) [best, reason.term] = [zt, term];
    }
  }
  return reason;
}

/** Opens every learned finding's explanation, so a reader (and the training script) can tell it from a rule's. */
export const LEARNED_EXPLANATION = "Found by a sentence classifier trained on labelled clauses, not by a phrase rule";

/** What decided a learned finding: the model, its confidence and the words that weighed most. */
export function learnedExplanation(v: LearnedVerdict, reason: LearnedReason): string {
  const words = reason.words.length ? ` The words that weighed most: ${reason.words.map((w) => `“${w}”`).join(", ")}.` : "";
  return `${LEARNED_EXPLANATION} (probability ${Math.round(v.probability * 100)}%).${words} Only phrase rules decide whether a document contains a term.`;
}
