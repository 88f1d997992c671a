import { analyze, builtinRules, type Analysis, type AnalyzeOptions } from "./analyze";
import type { CompiledRules } from "./detect";
import { maskInline, parseMarkdown, type MarkdownToken, type ParseHooks } from "./model";
import { PatternSet, type Words } from "./patterns";
import { LineIndex } from "./text";

export { analyze, type Analysis, type AnalyzeOptions };

/**
 * Incremental analysis for an editor: the document is analysed again after every edit,
 * and the result is exactly what `analyze()` returns for the new text, but the expensive
 * steps are reused wherever the text they depend on did not change:
 *
 * - Markdown parsing, per top-level chunk (`ChunkedTokenizer`): only the chunks an edit
 *   touches are parsed again.
 * - Inline masking, per paragraph or heading content.
 * - Phrase matching, per sentence and pattern set: every PatternSet of the rules answers
 *   from a cache keyed by the sentence's text.
 *
 * Document-level work (sections and clauses, kind, missing terms, cross-sentence rules)
 * is done by the same code as a full analysis, on the cached pieces, so no rule needs to
 * know that analysis is incremental. Caches keep what the last two analyses used, so
 * memory follows the document, not its history.
 */
export class IncrementalAnalyzer {
  private readonly tokenizer = new ChunkedTokenizer();
  private readonly masks = new GenerationCache<string, string>();
  private readonly matches = new MatchMemo();
  private memoRules?: { original: CompiledRules; memoized: CompiledRules };
  private readonly hooks: ParseHooks = {
    tokenize: (source) => this.tokenizer.tokenize(source),
    maskInline: (content) => this.masks.get(content, maskInline),
  };

  analyze(text: string, options: AnalyzeOptions = {}): Analysis {
    const rules = this.rulesFor(options.rules ?? builtinRules());
    try {
      return analyze(text, { ...options, rules, parse: this.hooks });
    } finally {
      this.masks.nextGeneration();
      this.matches.nextGeneration();
    }
  }

  /** The rules with every PatternSet answering from the match memo; rebuilt if the rules change. */
  private rulesFor(rules: CompiledRules): CompiledRules {
    if (this.memoRules?.original !== rules) {
      this.matches.clear();
      this.memoRules = { original: rules, memoized: withMemoizedPatternSets(rules, this.matches) };
    }
    return this.memoRules.memoized;
  }
}

/**
 * Every pattern set's answers for each sentence text: one entry per text (a sentence is
 * asked by many sets), each set's answer in its own slot. Entries not used by the last
 * two analyses are dropped.
 */
class MatchMemo {
  private readonly entries = new Map<string, { generation: number; answers: unknown[] }>();
  private generation = 0;
  private sets = 0;

  /** A slot number for one more question (a set's find, or its test). */
  newSlot(): number {
    return this.sets++;
  }

  // Detection asks several sets about one sentence in a row, with the same object.
  private lastInput: unknown;
  private lastEntry?: { generation: number; answers: unknown[] };

  answer<T>(input: string | Words, slot: number, compute: () => T): T {
    let entry = input === this.lastInput ? this.lastEntry : undefined;
    if (!entry) {
      const text = typeof input === "string" ? input : input.text;
      entry = this.entries.get(text);
      if (!entry) this.entries.set(text, (entry = { generation: this.generation, answers: [] }));
      [this.lastInput, this.lastEntry] = [input, entry];
    }
    entry.generation = this.generation;
    if (slot in entry.answers) return entry.answers[slot] as T;
    const value = compute();
    entry.answers[slot] = value;
    return value;
  }

  nextGeneration(): void {
    for (const [text, entry] of this.entries) if (entry.generation < this.generation) this.entries.delete(text);
    this.generation++;
    [this.lastInput, this.lastEntry] = [undefined, undefined];
  }

  clear(): void {
    this.entries.clear();
    this.sets = 0;
    [this.lastInput, this.lastEntry] = [undefined, undefined];
  }
}

/**
 * A cache that keeps the entries used in the current and the previous generation: entries
 * not used for a whole generation (one analysis) are dropped.
 */
export class GenerationCache<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  get(key: K, compute: (key: K) => V): V {
    let value = this.current.get(key);
    if (value !== undefined || this.current.has(key)) return value as V;
    value = this.previous.has(key) ? (this.previous.get(key) as V) : compute(key);
    this.current.set(key, value);
    return value;
  }

  nextGeneration(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}

/**
 * A copy of compiled rules in which every PatternSet is replaced by one that remembers its
 * answers per text. Walks the whole structure, so rules added later are covered too.
 */
function withMemoizedPatternSets<T>(value: T, memo: MatchMemo): T {
  const seen = new Map<object, unknown>();
  const visit = (v: unknown): unknown => {
    if (v === null || typeof v !== "object" || v instanceof RegExp) return v;
    if (seen.has(v)) return seen.get(v);
    if (v instanceof PatternSet) {
      const [finds, tests] = [memo.newSlot(), memo.newSlot()];
      const set = v;
      const memoized: PatternSet = Object.create(set);
      // Results are shared between callers; detection only reads them.
      memoized.find = (input) => memo.answer(input, finds, () => set.find(input));
      memoized.test = (input) => memo.answer(input, tests, () => set.test(input));
      seen.set(v, memoized);
      return memoized;
    }
    if (Array.isArray(v)) {
      const copy: unknown[] = [];
      seen.set(v, copy);
      for (const x of v) copy.push(visit(x));
      return copy;
    }
    // Maps and sets are copied too: their keys may be rule objects, which are copied here,
    // and a lookup by the copy must find them (rules.loopholeUnless is keyed by rule).
    if (v instanceof Map) {
      const copy = new Map();
      seen.set(v, copy);
      for (const [key, value] of v) copy.set(visit(key), visit(value));
      return copy;
    }
    if (v instanceof Set) {
      const copy = new Set();
      seen.set(v, copy);
      for (const x of v) copy.add(visit(x));
      return copy;
    }
    const copy = Object.create(Object.getPrototypeOf(v));
    seen.set(v, copy);
    for (const key of Object.keys(v)) copy[key] = visit((v as Record<string, unknown>)[key]);
    return copy;
  };
  return visit(value) as T;
}

/** One top-level stretch of the document: its source, its line count, and its tokens. */
interface Chunk {
  source: string;
  lines: number;
  tokens: MarkdownToken[];
  /** The tokens' line maps relative to the chunk's first line. */
  maps: ([number, number] | null)[];
  /** The first line the tokens' maps were last set for (-1: never). */
  placedAt: number;
}

/**
 * markdown-it's block tokens for a document, parsed chunk by chunk. A chunk starts where
 * a top-level block starts after a blank line; there markdown-it's block state is fresh, so
 * a chunk parses the same alone as inside the document. After an edit, only the changed
 * chunks (and the chunk before them, which the change may join) are parsed again, and the
 * first unchanged chunk after them is checked to still start a top-level block.
 *
 * The tokens are those parseDocument reads (type, tag, info, content, map); inline children
 * are dropped to save memory.
 */
export class ChunkedTokenizer {
  private chunks: Chunk[] = [];

  tokenize(source: string): MarkdownToken[] {
    this.chunks = this.update(source);
    const out: MarkdownToken[] = [];
    let line = 0;
    for (const chunk of this.chunks) {
      // Chunks before an edit, and after it when it added no line, are already in place.
      if (chunk.placedAt !== line) {
        chunk.tokens.forEach((t, k) => {
          const map = chunk.maps[k];
          if (map && t.map) {
            t.map[0] = map[0] + line;
            t.map[1] = map[1] + line;
          }
        });
        chunk.placedAt = line;
      }
      for (const t of chunk.tokens) out.push(t);
      line += chunk.lines;
    }
    return out;
  }

  private update(source: string): Chunk[] {
    const old = this.chunks;
    // Unchanged chunks at the start and at the end of the document.
    let head = 0;
    let from = 0;
    while (head < old.length && source.startsWith(old[head].source, from)) from += old[head++].source.length;
    let tail = old.length;
    let to = source.length;
    while (tail > head && to - old[tail - 1].source.length >= from && source.endsWith(old[tail - 1].source, to)) to -= old[--tail].source.length;
    if (head === old.length && tail === old.length && from === source.length) return old;
    // The change may join the chunk before it (a list item continuing a list, say).
    if (head > 0) from -= old[--head].source.length;
    // Re-parse up to an unchanged chunk that still starts a top-level block; after two
    // misses (an unclosed fence swallowing the rest), parse to the end in one go.
    for (let misses = 0; tail < old.length && misses < 2; misses++) {
      const next = old[tail];
      const parsed = parseChunks(source.slice(from, to + next.source.length));
      const last = parsed[parsed.length - 1];
      if (last.source === next.source && parsed.length > 1) return [...old.slice(0, head), ...parsed.slice(0, -1), ...old.slice(tail)];
      to += next.source.length;
      tail++;
    }
    if (tail < old.length) [to, tail] = [source.length, old.length];
    return [...old.slice(0, head), ...parseChunks(source.slice(from, to)), ...old.slice(tail)];
  }
}

/** Parses a stretch of Markdown that starts at a top-level block and splits it into chunks. */
function parseChunks(source: string): Chunk[] {
  const lines = new LineIndex(source);
  const tokens = parseMarkdown(source);
  const chunks: Chunk[] = [];
  let startLine = 0;
  let current: MarkdownToken[] = [];
  const isBlank = (line: number) => /^[ \t]*$/.test(lines.lineText(line));
  const close = (endLine: number) => {
    const start = lines.starts[startLine] ?? source.length;
    const end = endLine < lines.lineCount ? lines.starts[endLine] : source.length;
    const maps = current.map((t) => (t.map ? ([t.map[0] - startLine, t.map[1] - startLine] as [number, number]) : null));
    for (const t of current) t.children = null;
    const text = source.slice(start, end);
    chunks.push({ source: text, lines: lineBreaks(text), tokens: current, maps, placedAt: -1 });
  };
  for (const t of tokens) {
    const opensTopLevel = t.level === 0 && t.nesting !== -1 && t.map !== null;
    if (opensTopLevel && t.map![0] > startLine && isBlank(t.map![0] - 1)) {
      close(t.map![0]);
      startLine = t.map![0];
      current = [];
    }
    current.push(t);
  }
  close(lines.lineCount);
  return chunks;
}

/** Line breaks in a text (\r\n, \r or \n), which is how far the next chunk's lines are shifted. */
function lineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}
