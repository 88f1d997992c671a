/**
 * Token patterns: the only pattern language rules (built-in or user) can use. A pattern
 * is a sequence of space-separated tokens:
 *
 *   word          a literal word (may contain . - ' / digits): `u.s.`, `follow-on`
 *   a|b|c         one of several words
 *   surveil*      a word starting with `surveil`
 *   [a b|c]       an optional group of tokens
 *   ~  or ~N      a gap of 0–3 (or 0–N, N ≤ 8) arbitrary words
 *   <num>, <pct>  a number (digits with , . separators), a percentage ("300%")
 *   <place>       a country, region, city, state or province (places.ts)
 *
 * Matching is on words, not characters: a text is split once into words (letters, digits,
 * `_` and `%`, joined by ' . - / inside a word: "U.S.", "don't", "follow-on"); everything
 * between words is a separator and is ignored. A pattern set is indexed by the words its
 * patterns can start with, so a sentence is scanned once for the whole set, and matching
 * a pattern from one word is a bounded walk (gaps are at most 8 words, patterns at most
 * 24 tokens): matching time is linear in the text, and no user pattern can make the
 * engine hang.
 */

import { PLACE_NAMES } from "./places";

const MAX_GAP = 8;
const WORD_RE = /[\p{L}\p{N}_%]+(?:(?:['’./-]|(?<=\p{N}),(?=\p{N}))[\p{L}\p{N}_%]+)*/gu;
const NUMBER_RE = /^\p{N}(?:[\p{N},.]*\p{N})?$/u;
const PERCENT_RE = /^\p{N}[\p{N},.]*%$/u;

export class PatternError extends Error {}

/** A word as matched: lower case, curly apostrophes straightened, no trailing joiners. */
export function normalizeWord(w: string): string {
  return w.toLowerCase().replace(/’/g, "'").replace(/['./-]+$/, "");
}

// A parsed pattern: words (their alternatives) and optional groups, each with the gap of
// arbitrary words allowed before it.
type Item = { alternatives: string[]; gap: number } | { group: Item[]; gap: number };

// Parsed and compiled patterns by text: the rule schema checks each pattern and several sets
// compile the same ones, once per process (and per worker thread). Neither is ever modified.
const parsed = new Map<string, Item[]>();
const compiledByText = new Map<string, Compiled>();

function parsePattern(pattern: string): Item[] {
  let items = parsed.get(pattern);
  if (!items) {
    items = parseItems(pattern);
    // Bounded, as user patterns come and go while a server runs.
    if (parsed.size >= 10_000) parsed.clear();
    parsed.set(pattern, items);
  }
  return items;
}

function parseItems(pattern: string): Item[] {
  const tokens = pattern.trim().split(/\s+/).filter(Boolean);
  if (!tokens.length) throw new PatternError("empty pattern");
  if (tokens.length > 24) throw new PatternError("a pattern may have at most 24 tokens");
  // Parse into a sequence of items; `[` … `]` (possibly spanning tokens) is an optional group.
  const root: Item[] = [];
  let current = root;
  let parent: Item[] | null = null;
  let pendingGap = 0;
  for (let raw of tokens) {
    const gap = /^~(\d*)$/.exec(raw);
    if (gap) {
      const n = gap[1] ? Number(gap[1]) : 3;
      if (n > MAX_GAP) throw new PatternError(`a gap may span at most ${MAX_GAP} words (got ~${n})`);
      pendingGap = Math.min(MAX_GAP, pendingGap + n);
      continue;
    }
    let opens = false;
    let closes = false;
    if (raw.startsWith("[")) {
      if (parent) throw new PatternError("optional groups cannot be nested");
      opens = true;
      raw = raw.slice(1);
    }
    if (raw.endsWith("]")) {
      closes = true;
      raw = raw.slice(0, -1);
    }
    if (opens) {
      const group: Item[] = [];
      current.push({ group, gap: pendingGap });
      pendingGap = 0;
      parent = current;
      current = group;
    }
    // `<place>` stands for its words: matched, indexed and costed as if written out.
    const alts = raw.split("|").flatMap((a) => (a === "<place>" ? PLACE_NAMES : [a]));
    for (const a of alts) {
      if (!a) throw new PatternError(`empty alternative in \`${raw}\``);
      if (!/^(?:<num>|<pct>|[\p{L}\p{N}_'’./%&-]+\*?)$/u.test(a)) throw new PatternError(`\`${a}\` is not a word (use letters, digits, . - ' / % and a trailing *)`);
    }
    for (const a of alts) if (a === "*" || (a.endsWith("*") && !normalizeWord(a.slice(0, -1)))) throw new PatternError("`*` must follow at least one letter");
    current.push({ alternatives: alts.map((a) => (a.startsWith("<") ? a : a.endsWith("*") ? normalizeWord(a.slice(0, -1)) + "*" : normalizeWord(a))), gap: pendingGap });
    pendingGap = 0;
    if (closes) {
      if (!parent) throw new PatternError("`]` without `[`");
      current = parent;
      parent = null;
    }
  }
  if (parent) throw new PatternError("`[` without `]`");
  if (!root.some((i) => "alternatives" in i)) throw new PatternError("a pattern needs at least one required word");
  return root;
}

/** Validates a token pattern (throws PatternError) and returns it in canonical form. */
export function compilePattern(pattern: string): string {
  const show = (items: Item[]): string =>
    items
      .map((i) => ("~".repeat(i.gap ? 1 : 0) + (i.gap ? String(i.gap) + " " : "")) + ("alternatives" in i ? i.alternatives.join("|") : `[${show(i.group)}]`))
      .join(" ");
  return show(parsePattern(pattern));
}

/**
 * An upper bound on the word tests matching one pattern costs from one start word. The
 * matcher walks a set of word positions; each gap ~N widens the set by N, an optional
 * group by its length, so a step tests at most 1 + (all gaps and groups so far) words.
 * The bound is quadratic in the pattern and independent of the text, so matching stays
 * linear in the text; user patterns get a budget on it to keep the constant small.
 */
export function patternCost(pattern: string): number {
  let span = 1;
  let cost = 0;
  const walk = (items: Item[]): void => {
    for (const item of items) {
      span += item.gap;
      if ("alternatives" in item) cost += span;
      else {
        walk(item.group);
        span += item.group.length;
      }
    }
  };
  walk(parsePattern(pattern));
  return cost;
}

export interface PatternMatch {
  id: number;
  start: number;
  end: number;
}

/** A text split into words (normalised as patterns are), with their offsets. */
export interface Words {
  text: string;
  words: string[];
  starts: number[];
  ends: number[];
}

let lastWords: Words | undefined;
/** Splits a text into words; the last result is reused, as several families read the same text. */
export function splitWords(text: string): Words {
  if (lastWords && lastWords.text === text) return lastWords;
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  if (!scanWords(text, starts, ends)) {
    starts.length = ends.length = 0;
    WORD_RE.lastIndex = 0;
    for (let m = WORD_RE.exec(text); m; m = WORD_RE.exec(text)) {
      starts.push(m.index);
      ends.push(m.index + m[0].length);
    }
  }
  // Lower-case once for the whole text; fall back per word where case mapping changes length.
  const lowered = text.toLowerCase();
  const source = lowered.length === text.length ? lowered : undefined;
  for (let k = 0; k < starts.length; k++) {
    let w = source ? source.slice(starts[k], ends[k]) : text.slice(starts[k], ends[k]).toLowerCase();
    if (w.includes("’")) w = w.replace(/’/g, "'");
    words.push(w);
  }
  lastWords = { text, words, starts, ends };
  return lastWords;
}

/** The words as WORD_RE finds them (the definition scanWords follows); for tests. */
export function wordsByRegex(text: string): [number, number][] {
  return [...text.matchAll(WORD_RE)].map((m) => [m.index, m.index + m[0].length]);
}

// WORD_RE by hand, a code unit at a time: the regex's match objects cost more than the rest
// of splitting. Word characters are [\p{L}\p{N}_%]; a text with any surrogate (astral
// characters, which the regex reads as one code point) is left to the regex.
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = /[A-Za-z0-9_%]/.test(String.fromCharCode(c)) ? 1 : 0;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
const NUMBER_CHAR = /^\p{N}$/u;
const SURROGATE = -1;

/** 1 for a word character, 0 for another, SURROGATE for half of a pair (or a lone half). */
function wordUnit(c: number): number {
  if (c < 128) return ASCII_WORD[c];
  if (c >= 0xd800 && c <= 0xdfff) return SURROGATE;
  return LETTER_OR_NUMBER.test(String.fromCharCode(c)) ? 1 : 0;
}

const isNumberUnit = (c: number) => (c < 128 ? c >= 48 && c <= 57 : c < 0xd800 || c > 0xdfff ? NUMBER_CHAR.test(String.fromCharCode(c)) : false);
// ' . / - and ’ join two runs of word characters into one word.
const isJoiner = (c: number) => c === 39 || c === 46 || c === 47 || c === 45 || c === 0x2019;

/** Fills starts and ends with WORD_RE's matches; false (and partial output) when the text has a surrogate. */
function scanWords(text: string, starts: number[], ends: number[]): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const u = wordUnit(text.charCodeAt(i));
    if (u === SURROGATE) return false;
    if (!u) {
      i++;
      continue;
    }
    const start = i++;
    for (;;) {
      let v = 0;
      while (i < n && (v = wordUnit(text.charCodeAt(i))) === 1) i++;
      if (v === SURROGATE) return false;
      if (i + 1 >= n) break;
      const c = text.charCodeAt(i);
      const next = wordUnit(text.charCodeAt(i + 1));
      if (next === SURROGATE) return false;
      if (next !== 1) break;
      // A joiner before a word character, or a comma between two numbers ("40,000").
      if (isJoiner(c) || (c === 44 && isNumberUnit(text.charCodeAt(i - 1)) && isNumberUnit(text.charCodeAt(i + 1)))) i += 2;
      else break;
    }
    starts.push(start);
    ends.push(i);
  }
  return true;
}

/** One pattern word's alternatives, as data: literal words, prefixes, number and percentage tokens. */
interface WordTest {
  /** The only literal, when there is exactly one and nothing else (the common case). */
  single: string | undefined;
  literals: Set<string>;
  /** The same literals as vocabulary numbers, single's in singleId and all as the bits of literalBits: the fast matchers test numbers, not strings. */
  singleId: number;
  /** Bit id % 30 of entry id / 30 (30 bits keep the entries small integers); empty for a single literal. */
  literalBits: number[];
  stems: string[];
  number: boolean;
  percent: boolean;
}
type Step = { test: WordTest; gap: number } | { group: Step[]; gap: number };

function wordTest(alternatives: string[]): WordTest {
  const literals = new Set<string>();
  const stems: string[] = [];
  let number = false;
  let percent = false;
  for (const a of alternatives) {
    if (a === "<num>") number = true;
    else if (a === "<pct>") percent = true;
    else if (a.endsWith("*")) stems.push(a.slice(0, -1));
    else literals.add(a);
  }
  const single = literals.size === 1 && !stems.length && !number && !percent ? [...literals][0] : undefined;
  const literalBits: number[] = [];
  if (single === undefined)
    for (const literal of literals) {
      const id = vocabularyId(literal);
      const slot = (id / 30) | 0;
      while (literalBits.length <= slot) literalBits.push(0);
      literalBits[slot] |= 1 << id % 30;
    }
  return { single, literals, singleId: single === undefined ? -1 : vocabularyId(single), literalBits, stems, number, percent };
}

function matches(t: WordTest, w: string): boolean {
  if (t.single !== undefined) return w === t.single;
  if (t.literals.has(w)) return true;
  for (const s of t.stems) if (w.startsWith(s)) return true;
  return (t.number && NUMBER_RE.test(w)) || (t.percent && PERCENT_RE.test(w));
}

/**
 * Every literal word of every compiled pattern, numbered. A text's words are looked up here
 * once (wordIds), and the fast matchers then test a literal by its number: string-keyed
 * lookups of freshly sliced words were most of the cost of matching. It only grows, by the
 * distinct words of the patterns compiled (a few thousand for the built-in rules).
 */
const vocabulary = new Map<string, number>();
function vocabularyId(word: string): number {
  let id = vocabulary.get(word);
  if (id === undefined) vocabulary.set(word, (id = vocabulary.size));
  return id;
}

let lastIds: { words: Words; ids: number[]; at: number } | undefined;
/** A text's words as vocabulary numbers (-1: in no pattern); the last is kept, as several sets read the same sentence. */
function wordIds(words: Words): number[] {
  if (lastIds && lastIds.words === words && lastIds.at === vocabulary.size) return lastIds.ids;
  const list = words.words;
  const ids: number[] = new Array(list.length);
  for (let k = 0; k < list.length; k++) ids[k] = vocabulary.get(list[k]) ?? -1;
  lastIds = { words, ids, at: vocabulary.size };
  return ids;
}

/** `matches(t, words[i])`, with word i's vocabulary number `ids[i]`. */
function matchesAt(t: WordTest, words: readonly string[], ids: readonly number[], i: number): boolean {
  const id = ids[i];
  if (t.single !== undefined) return id === t.singleId;
  if (id >= 0) {
    const slot = (id / 30) | 0;
    if (slot < t.literalBits.length && (t.literalBits[slot] >> id % 30) & 1) return true;
  }
  if (!t.stems.length && !t.number && !t.percent) return false;
  const w = words[i];
  for (const s of t.stems) if (w.startsWith(s)) return true;
  return (t.number && NUMBER_RE.test(w)) || (t.percent && PERCENT_RE.test(w));
}

function toSteps(items: Item[]): Step[] {
  return items.map((i) => ("alternatives" in i ? { test: wordTest(i.alternatives), gap: i.gap } : { group: toSteps(i.group), gap: i.gap }));
}

/** The alternatives a match can start with: the first word, or an optional group's first words and what follows it. */
function firstAlternatives(items: Item[]): string[] {
  const out: string[] = [];
  for (const item of items) {
    if ("alternatives" in item) {
      out.push(...item.alternatives);
      return out;
    }
    out.push(...firstAlternatives(item.group));
  }
  return out;
}

/** How far past its start word a match can end, at most: every word, gap and group taken. */
function maxSpan(steps: Step[]): number {
  let span = 0;
  for (const s of steps) span += s.gap + ("test" in s ? 1 : maxSpan(s.group));
  return span;
}

/**
 * A pattern ready to match. `run` below is the general matcher; two faster ones give the
 * same answers for the shapes most patterns have: a plain word sequence is compared word
 * by word, and a pattern that cannot reach more than 30 words past its start keeps its
 * position set as the bits of one integer instead of an array.
 */
interface Compiled {
  steps: Step[];
  /** The word tests of a pattern with neither gaps nor optional groups. */
  sequence: WordTest[] | undefined;
  /** Position sets fit in a 31-bit mask (bit r: r words past the start). */
  bits: boolean;
  /**
   * The first step is a word test that the start-word index already answers: a set offers a
   * pattern only at a word one of its first literals or prefixes accepts, so the fast
   * matchers skip it. (Not so for <num> and <pct>, offered at any word starting with a digit.)
   */
  indexed: boolean;
}

const MAX_BITS_SPAN = 30;

function compiledPattern(pattern: string, items: Item[], general = false): Compiled {
  if (general) return compileSteps(items, true);
  let c = compiledByText.get(pattern);
  if (!c) {
    c = compileSteps(items, false);
    if (compiledByText.size >= 10_000) compiledByText.clear();
    compiledByText.set(pattern, c);
  }
  return c;
}

function compileSteps(items: Item[], general: boolean): Compiled {
  const steps = toSteps(items);
  const plain = !general && steps.every((s, k) => "test" in s && (k === 0 || s.gap === 0));
  const first = steps[0];
  const indexed = !general && "test" in first && !first.test.number && !first.test.percent;
  return { steps, sequence: plain ? steps.map((s) => (s as { test: WordTest }).test) : undefined, bits: !general && maxSpan(steps) <= MAX_BITS_SPAN, indexed };
}

/**
 * The furthest position just past a match of `c` starting at word `i`, or `i` when it does not
 * match there; `i` is a word the set's index offered the pattern at.
 */
function matchEnd(c: Compiled, i: number, words: string[], ids: readonly number[]): number {
  const seq = c.sequence;
  if (seq) {
    if (i + seq.length > words.length) return i;
    for (let k = c.indexed ? 1 : 0; k < seq.length; k++) if (!matchesAt(seq[k], words, ids, i + k)) return i;
    return i + seq.length;
  }
  if (c.bits) {
    const mask = c.indexed ? runBits(c.steps, 2, words, ids, i, false, 1) : runBits(c.steps, 1, words, ids, i, true);
    return mask ? i + 31 - Math.clz32(mask) : i;
  }
  const stops = run(c.steps, [i], words, true);
  return stops.length ? Math.max(...stops) : i;
}

/**
 * `run` on position sets held as bits relative to word `base` (bit r: position base + r).
 * The caller guarantees no position can pass bit 30, so the masks stay positive integers.
 */
function runBits(steps: Step[], from: number, words: string[], ids: readonly number[], base: number, first: boolean, firstStep = 0): number {
  const room = words.length - base;
  const inText = room >= 31 ? 0x7fffffff : (1 << room) - 1;
  let positions = from;
  // Where the next step may start after a skipped optional group: its gap carries over to
  // the next step, but a match may not end inside it.
  let skipped = 0;
  for (let k = firstStep; k < steps.length && (positions || skipped); k++) {
    const step = steps[k];
    const gap = first && k === 0 ? 0 : step.gap;
    const starts = positions | skipped;
    let reach = starts;
    for (let d = 1; d <= gap; d++) reach |= starts << d;
    reach &= inText;
    if ("test" in step) {
      const t = step.test;
      let after = 0;
      for (let rest = reach; rest; ) {
        const low = rest & -rest;
        rest ^= low;
        const r = 31 - Math.clz32(low);
        // A single literal (most steps) compared here, the rest in matchesAt.
        if (t.single !== undefined ? ids[base + r] === t.singleId : matchesAt(t, words, ids, base + r)) after |= low << 1;
      }
      positions = after;
      skipped = 0;
    } else {
      positions |= runBits(step.group, reach, words, ids, base, false);
      skipped = reach;
    }
  }
  return positions;
}

/**
 * Runs the steps from a set of word positions and returns the set of positions just past
 * a match. Sets stay small: at most (gap + 1) new positions per step.
 */
function run(steps: Step[], from: number[], words: string[], first: boolean): number[] {
  // Position lists stay sorted and distinct, so each step is one linear merge.
  let positions = from;
  // Where the next step may start after a skipped optional group: its gap carries over to
  // the next step, but a match may not end inside it.
  let skipped: number[] = [];
  for (let k = 0; k < steps.length && (positions.length || skipped.length); k++) {
    const step = steps[k];
    const gap = first && k === 0 ? 0 : step.gap;
    const reach: number[] = [];
    let next = 0; // smallest position not yet in reach
    for (const p of skipped.length ? mergeSorted(positions, skipped) : positions) {
      for (let q = Math.max(p, next); q <= p + gap && q < words.length; q++) reach.push(q);
      next = Math.max(next, p + gap + 1);
    }
    if ("test" in step) {
      const after: number[] = [];
      for (const q of reach) if (matches(step.test, words[q])) after.push(q + 1);
      positions = after;
      skipped = [];
    } else {
      positions = mergeSorted(positions, run(step.group, reach, words, false));
      skipped = reach;
    }
  }
  return positions;
}

function mergeSorted(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

/**
 * A set of token patterns matched in one pass over a text's words: patterns are indexed by
 * the words they can start with, and at each word only the patterns that can start there
 * are tried.
 */
export class PatternSet {
  readonly size: number;
  private readonly compiled: Compiled[];
  private readonly byWord = new Map<string, number[]>();
  /** Prefix alternatives (`surveil*`) that can start a match, bucketed by first character. */
  private readonly byStem = new Map<string, { stem: string; id: number }[]>();
  private readonly numeric: number[] = [];
  /**
   * By pattern: the test its second word must pass, when a match can only continue from its
   * first word to the very next one ("the foregoing", "shall ~ not"'s first step is followed
   * by a gap, so it has none). Candidates are then filtered by the word after the start
   * word, once per pair of words seen: a common first word ("the", "in", "shall") starts
   * dozens of patterns, almost all of which fail at the second word.
   */
  private readonly gates: (WordTest | undefined)[];
  /** The only words a match can start at, when they are few literals (no prefix, number or percentage): `test` looks for them first. */
  private readonly startWords: readonly string[] | undefined;

  /** `general`: always the general matcher (tests compare it with the fast ones). */
  constructor(patterns: readonly string[], options: { general?: boolean } = {}) {
    this.size = patterns.length;
    this.gates = [];
    this.compiled = patterns.map((p, id) => {
      const items = parsePattern(p);
      for (const a of new Set(firstAlternatives(items))) {
        if (a.startsWith("<")) this.numeric.push(id);
        else if (a.endsWith("*")) {
          const stem = a.slice(0, -1);
          const bucket = this.byStem.get(stem[0]);
          if (bucket) bucket.push({ stem, id });
          else this.byStem.set(stem[0], [{ stem, id }]);
        } else {
          const ids = this.byWord.get(a);
          if (ids) ids.push(id);
          else this.byWord.set(a, [id]);
        }
      }
      const compiled = compiledPattern(p, items, options.general);
      this.gates.push(options.general ? undefined : secondWordGate(compiled.steps));
      return compiled;
    });
    this.startWords = !options.general && !this.byStem.size && !this.numeric.length && this.byWord.size <= 32 ? [...this.byWord.keys()] : undefined;
    for (const bucket of this.byStem.values()) for (const { stem } of bucket) if (stem.charCodeAt(0) < 128) this.startsOutside[stem.charCodeAt(0)] = 1;
    if (this.numeric.length) for (let c = 48; c <= 57; c++) this.startsOutside[c] = 1;
    const oneWord = !options.general && !this.numeric.length && this.compiled.every((c) => c.sequence?.length === 1);
    this.oneWord = oneWord ? { literals: [...this.byWord.keys()], stems: [...this.byStem.values()].flat().map((s) => s.stem) } : undefined;
  }

  /** When every pattern is one word of literals and prefixes (a term's covers): those words and prefixes. */
  private readonly oneWord: { literals: readonly string[]; stems: readonly string[] } | undefined;

  /** Candidate lists per word seen outside the vocabulary (prefixes, numbers), so each distinct word is looked up once. */
  private readonly memo = new Map<string, Candidates>();
  /** Candidate lists by the vocabulary number of the word. */
  private byId: (Candidates | undefined)[] = [];
  /** Entries in the candidates' `byNext` maps, bounded with the memo. */
  private pairs = 0;
  /**
   * By first code unit below 128: whether a word outside the vocabulary can start a match (a
   * prefix starts with it, or it is a digit and a pattern starts with <num> or <pct>). Any
   * other such word has no candidates without a lookup.
   */
  private readonly startsOutside = new Uint8Array(128);

  /** Patterns that may start at this word, in pattern order (the first that matches wins). */
  private candidatesFor(word: string): Candidates {
    const found = [...(this.byWord.get(word) ?? NONE)];
    for (const { stem, id } of this.byStem.get(word[0]) ?? []) if (word.startsWith(stem)) found.push(id);
    if (STARTS_WITH_DIGIT.test(word)) found.push(...this.numeric);
    const ids = found.length > 1 ? [...new Set(found)].sort((x, y) => x - y) : found.length ? found : NONE;
    // Bounded, so a long-running server reading endless new words does not grow without limit.
    if (this.memo.size > 50_000 || this.pairs > 200_000) {
      this.memo.clear();
      this.byId = [];
      this.pairs = 0;
    }
    const gates = this.gates;
    if (!ids.some((id) => gates[id])) return { ids, byNext: undefined, ungated: ids, gatesNeedWord: false };
    const ungated = ids.filter((id) => !gates[id]);
    const gatesNeedWord = ids.some((id) => gates[id] && (gates[id]!.stems.length > 0 || gates[id]!.number || gates[id]!.percent));
    return { ids, byNext: new Map(), ungated: ungated.length ? ungated : NONE, gatesNeedWord };
  }

  /** candidatesFor(words[i]), remembered by vocabulary number or, for the few other words that can start a match, by word. */
  private entryAt(words: readonly string[], ids: readonly number[], i: number): Candidates {
    const id = ids[i];
    if (id >= 0) {
      const byId = this.byId;
      // Kept dense (a sparse array would turn into a dictionary).
      while (byId.length <= id) byId.push(undefined);
      return (byId[id] ??= this.candidatesFor(words[i]));
    }
    const word = words[i];
    const c = word.charCodeAt(0);
    if (c < 128 && !this.startsOutside[c]) return NO_CANDIDATES;
    let entry = this.memo.get(word);
    if (!entry) this.memo.set(word, (entry = this.candidatesFor(word)));
    return entry;
  }

  /** The patterns that may start at word `i`: those whose second-word test, if any, word `i + 1` passes. */
  private candidates(words: readonly string[], ids: readonly number[], i: number): readonly number[] {
    const entry = this.entryAt(words, ids, i);
    const byNext = entry.byNext;
    if (!byNext) return entry.ids;
    // A pattern with a second-word test cannot match from the last word.
    if (i + 1 >= words.length) return entry.ungated;
    const next = ids[i + 1];
    // A word in no pattern passes only a test with a prefix, <num> or <pct>.
    if (next < 0) return entry.gatesNeedWord ? this.passing(entry, words, ids, i + 1) : entry.ungated;
    let kept = byNext.get(next);
    if (!kept) {
      byNext.set(next, (kept = this.passing(entry, words, ids, i + 1)));
      this.pairs++;
    }
    return kept;
  }

  /** The entry's patterns whose second-word test, if any, word `j` passes. */
  private passing(entry: Candidates, words: readonly string[], ids: readonly number[], j: number): readonly number[] {
    const gates = this.gates;
    const kept = entry.ids.filter((id) => {
      const gate = gates[id];
      return !gate || matchesAt(gate, words, ids, j);
    });
    return kept.length ? kept : NONE;
  }

  /** All non-overlapping matches, leftmost first, each as long as it can be; `id` is the pattern's index. */
  find(input: string | Words): PatternMatch[] {
    const out: PatternMatch[] = [];
    if (!this.size) return out;
    const split = typeof input === "string" ? splitWords(input) : input;
    const { words, starts, ends } = split;
    const ids = wordIds(split);
    for (let i = 0; i < words.length; ) {
      let matched = false;
      for (const id of this.candidates(words, ids, i)) {
        const last = matchEnd(this.compiled[id], i, words, ids);
        if (last <= i) continue;
        out.push({ id, start: starts[i], end: ends[last - 1] });
        i = last;
        matched = true;
        break;
      }
      if (!matched) i++;
    }
    return out;
  }

  /** Every pattern that matches at every word (overlapping), for callers that choose among them. */
  findAll(input: string | Words): PatternMatch[] {
    const out: PatternMatch[] = [];
    if (!this.size) return out;
    const split = typeof input === "string" ? splitWords(input) : input;
    const { words, starts, ends } = split;
    const ids = wordIds(split);
    for (let i = 0; i < words.length; i++) {
      for (const id of this.candidates(words, ids, i)) {
        const last = matchEnd(this.compiled[id], i, words, ids);
        if (last > i) out.push({ id, start: starts[i], end: ends[last - 1] });
      }
    }
    return out;
  }

  /** Whether a pattern of the set matches from word `i`. */
  private matchesFrom(words: readonly string[], ids: readonly number[], i: number): boolean {
    for (const id of this.candidates(words, ids, i)) if (matchEnd(this.compiled[id], i, words as string[], ids) > i) return true;
    return false;
  }

  /** The last text `test` was asked about and its answer: each sentence of a paragraph asks about the whole paragraph. */
  private lastTest: { text: string; result: boolean } | undefined;

  test(input: string | Words): boolean {
    if (!this.size) return false;
    if (typeof input === "string" && this.lastTest?.text === input) return this.lastTest.result;
    const split = typeof input === "string" ? splitWords(input) : input;
    const { words } = split;
    // A small set (a term's covers) asked about a paragraph: only where one of its start words
    // is can a match start (any match will do, so the order they are tried in does not matter).
    let result = false;
    if (this.oneWord && words.length > 8) {
      // A match is a word equal to a literal or starting with a prefix: looked up among the
      // text's distinct words, where the words with a prefix are a run of the sorted ones.
      const present = wordSetOf(split);
      result = this.oneWord.literals.some((w) => present.has(w));
      if (!result && this.oneWord.stems.length) {
        const sorted = sortedWordsOf(split);
        result = this.oneWord.stems.some((stem) => sorted[lowerBound(sorted, stem)]?.startsWith(stem) ?? false);
      }
      if (typeof input === "string") this.lastTest = { text: input, result };
      return result;
    }
    if (this.startWords && words.length > 8) {
      const present = wordSetOf(split);
      for (const w of this.startWords) {
        if (!present.has(w)) continue;
        for (let i = words.indexOf(w); i >= 0 && !result; i = words.indexOf(w, i + 1)) result = this.matchesFrom(words, wordIds(split), i);
        if (result) break;
      }
      if (typeof input === "string") this.lastTest = { text: input, result };
      return result;
    }
    const ids = wordIds(split);
    for (let i = 0; i < words.length && !result; i++) {
      for (const id of this.candidates(words, ids, i)) {
        if (matchEnd(this.compiled[id], i, words, ids) > i) {
          result = true;
          break;
        }
      }
    }
    if (typeof input === "string") this.lastTest = { text: input, result };
    return result;
  }
}

let lastWordSet: { words: Words; set: Set<string> } | undefined;
/** The distinct words of a split text; the last is kept, as several small sets ask about the same paragraph. */
function wordSetOf(words: Words): Set<string> {
  if (lastWordSet?.words !== words) lastWordSet = { words, set: new Set(words.words) };
  return lastWordSet.set;
}

let lastSorted: { words: Words; sorted: string[] } | undefined;
/** The distinct words of a split text in code-unit order; the last is kept, as wordSetOf's. */
function sortedWordsOf(words: Words): string[] {
  if (lastSorted?.words !== words) lastSorted = { words, sorted: [...wordSetOf(words)].sort() };
  return lastSorted.sorted;
}

/** The first index of `sorted` whose word is not before `word`. */
function lowerBound(sorted: readonly string[], word: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Candidates {
  ids: readonly number[];
  /** When some of `ids` have a second-word test: those that pass it, by the next word's vocabulary number. */
  byNext: Map<number, readonly number[]> | undefined;
  /** Those without a second-word test (all that can match from the last word). */
  ungated: readonly number[];
  /** Whether a second-word test has a prefix, <num> or <pct>, which a word outside the vocabulary can pass. */
  gatesNeedWord: boolean;
}

/**
 * The test a match's second word must pass: a pattern whose first step is a word and whose
 * second is a word with no gap before it can only match where the next word passes it.
 */
function secondWordGate(steps: readonly Step[]): WordTest | undefined {
  if (steps.length < 2 || !("test" in steps[0])) return undefined;
  const second = steps[1];
  return "test" in second && second.gap === 0 ? second.test : undefined;
}

const NONE: readonly number[] = [];
const NO_CANDIDATES: Candidates = { ids: NONE, byNext: undefined, ungated: NONE, gatesNeedWord: false };
const STARTS_WITH_DIGIT = /^\p{N}/u;
