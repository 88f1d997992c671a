import MarkdownIt from "markdown-it";
type Token = MarkdownIt.Token;
import { readFrontMatter, type FrontMatter, type FrontMatterProblem } from "./frontMatter";
import { splitSentences } from "./sentences";
import { detachedCopy, LineIndex } from "./text";

/**
 * The document model: what a policy reviewer sees in a Markdown file. Every range is a
 * pair of offsets into the original text, so findings map back exactly.
 *
 * Prose is kept as a "mask" of the source: a string as long as the text in which
 * everything that is not prose (front matter, code, HTML, URLs, link targets, Markdown
 * punctuation, clause numbers) is blanked out with spaces. Rules read the mask, so they
 * can never fire inside code or a URL, and every match offset is a source offset.
 */

/** `footnote`: a footnote definition (`[^1]: Source …`), a citation rather than prose to review. */
export type BlockType = "heading" | "paragraph" | "list-item" | "table-row" | "quote" | "footnote";

export interface Block {
  type: BlockType;
  /** Offsets of the prose content (first to last prose character). */
  start: number;
  end: number;
  startLine: number;
  endLine: number; // exclusive
  section: number; // index into sections, -1 before the first heading
  clause: number; // index into clauses, -1 when not inside a clause
  inQuote: boolean;
  headingLevel?: number;
}

export interface Section {
  title: string;
  level: number;
  /** Offsets of the heading line and of the whole section (until the next heading of the same or higher level). */
  headingStart: number;
  headingEnd: number;
  end: number;
  parent: number;
  clause: number; // the clause this heading opens, or -1
}

export interface Clause {
  /** "4", "4.2", "Clause 4", or the list ordinal. */
  number: string;
  title: string;
  source: "heading" | "paragraph" | "list-item";
  start: number;
  end: number;
  section: number;
  parent: number;
}

export interface Sentence {
  start: number;
  end: number;
  block: number;
}

export interface PolicyDocument {
  text: string;
  lines: LineIndex;
  /** Same length as text; non-prose characters replaced by spaces. */
  prose: string;
  frontMatter?: FrontMatter;
  problems: FrontMatterProblem[];
  blocks: Block[];
  sections: Section[];
  clauses: Clause[];
  sentences: Sentence[];
  /** Ranges of fenced/indented code and HTML blocks. */
  codeRanges: [number, number][];
  /** Ranges of `<!-- policy-lens… -->` annotation comments, with their body. */
  annotations: { start: number; end: number; body: string; line: number }[];
  /** The top-level chunks the model was built from (see SourceChunk), in document order. */
  chunks: DocumentChunk[];
  /** Where parsing stopped at the analysis's deadline: the text from here on is not modelled. */
  parsedUntil?: number;
}

const md = new MarkdownIt("default", { html: true, linkify: false });
// The model reads block tokens only (type, tag, info, content, map): inline content is
// masked by maskInline, so markdown-it's inline tokenizer (a third of its time) is skipped.
md.core.ruler.disable("inline");

/** markdown-it's tokens for a Markdown source, with the options the model is built on. */
export function parseMarkdown(source: string): Token[] {
  return md.parse(source, {});
}

// ----- The deadline of an analysis, polled while parsing and modelling ---------------------
// Parsing 1 MB of 80,000 blocks is one call of markdown-it, and one table of 20,000 columns
// one call of its table rule: a deadline read only between calls is passed by seconds. So
// markdown-it's block state reads it on every POLL_EVERY-th token it makes, the model on
// every POLL_EVERY-th token it reads and chunk it joins; past it, the parse is abandoned
// where it stands (OutOfTime) and the rest of the document is left unmodelled.

/** How many tokens (or chunks) are made or read between two readings of the deadline's clock. */
export const POLL_EVERY = 256;
class OutOfTime extends Error {}
/** The deadline of the parse under way; one at a time (a parse runs to its end synchronously). */
let deadline: (() => boolean) | undefined;
let untilPoll = 0;
function pollDeadline(): void {
  if (deadline && --untilPoll <= 0) {
    untilPoll = POLL_EVERY;
    if (deadline()) throw new OutOfTime();
  }
}
function withDeadline<T>(outOfTime: () => boolean, run: () => T): T {
  const outer = deadline;
  deadline = outOfTime;
  try {
    return run();
  } finally {
    deadline = outer;
  }
}
type BlockStateClass = new (...args: unknown[]) => { push(type: string, tag: string, nesting: number): Token };
const BlockState = (md.block as unknown as { State: BlockStateClass }).State;
(md.block as unknown as { State: BlockStateClass }).State = class PolledBlockState extends BlockState {
  push(type: string, tag: string, nesting: number): Token {
    pollDeadline();
    return super.push(type, tag, nesting);
  }
};

/**
 * How much Markdown one call of markdown-it parses when there is a deadline: a slice ends at
 * the first safe boundary past this many characters (see sliceEnd).
 */
export const SLICE_CHARS = 32 * 1024;
// A slice ends after a blank line, before an unindented line: markdown-it's block state is
// fresh there (no paragraph, quote, list item or indented code continues past it) unless a
// fenced code or an HTML block that may hold blank lines is still open, which parseSlices
// sees in the slice's tokens, or a list goes on with a new item, which needs a list marker.
const SLICE_BOUNDARY = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n)(?=\S)/g;
const LIST_ITEM_START = /(?:[*+-]|\d{1,9}[.)])(?:[ \t\r\n]|$)/y;

/** The first safe slice end at or after `at` (the source's end if there is none). */
function sliceEnd(source: string, at: number): number {
  SLICE_BOUNDARY.lastIndex = Math.max(0, at - 1);
  for (let m = SLICE_BOUNDARY.exec(source); m; m = SLICE_BOUNDARY.exec(source)) {
    const end = m.index + m[0].length;
    LIST_ITEM_START.lastIndex = end;
    if (end >= at && !LIST_ITEM_START.test(source)) return end;
    SLICE_BOUNDARY.lastIndex = end;
  }
  return source.length;
}

/** Whether a slice's last top-level block is a fenced code or HTML block left open at its end (it may go on in the next). */
function endsOpen(chunks: SourceChunk[]): boolean {
  const last = chunks[chunks.length - 1];
  for (let i = last.tokens.length - 1; i >= 0; i--) {
    const t = last.tokens[i];
    if (t.level !== 0 || !t.map) continue;
    return (t.type === "fence" || t.type === "html_block") && t.map[1] >= last.lineStarts.length;
  }
  return false;
}

/**
 * `parseChunks(source)`, parsed slice by slice at safe boundaries with the deadline polled
 * in between and inside (the same chunks' content: test/parse-slices.test.ts holds the
 * model to the one-call parse). Past the deadline, the rest from the slice under way is one
 * chunk with no tokens, and `stoppedAt` says where it starts.
 */
export function parseSlices(source: string, outOfTime: () => boolean, sliceChars = SLICE_CHARS): { chunks: SourceChunk[]; stoppedAt?: number } {
  const chunks: SourceChunk[] = [];
  return withDeadline(outOfTime, () => {
    for (let from = 0; from < source.length; ) {
      let to = sliceEnd(source, from + sliceChars);
      let parsed: SourceChunk[];
      try {
        pollDeadline();
        // A block left open at the slice's end: parse again to a boundary twice as far (linear in all).
        for (parsed = parseChunks(source.slice(from, to)); to < source.length && endsOpen(parsed); parsed = parseChunks(source.slice(from, to))) to = sliceEnd(source, from + 2 * (to - from));
      } catch (e) {
        if (!(e instanceof OutOfTime)) throw e;
        chunks.push(unparsedChunk(source.slice(from)));
        return { chunks, stoppedAt: from };
      }
      for (const c of parsed) chunks.push(c);
      from = to;
    }
    return { chunks };
  });
}

/** A stretch of source left unparsed: no tokens, so no blocks; its lines are still counted. */
function unparsedChunk(source: string): SourceChunk {
  const lines = new LineIndex(source);
  return { source, lineStarts: lines.starts.slice(1), tokens: [] };
}

/**
 * A top-level stretch of the Markdown source: it starts where a top-level block starts
 * after a blank line, where markdown-it's block state is fresh, so it parses the same alone
 * as inside the document. The model is built chunk by chunk and the chunks joined, so an
 * editor that keeps the chunks of the last version (incremental.ts) rebuilds only those an
 * edit touched.
 */
export interface SourceChunk {
  source: string;
  /** Where each line after a line break starts, in chunk offsets: the document's line index is joined from these. */
  lineStarts: number[];
  /** markdown-it's block tokens, line maps relative to the chunk's first line; dropped once modelled. */
  tokens: Token[];
  /** What the chunk holds, in chunk offsets: built once per chunk object. */
  model?: ChunkModel;
  /** Chunk-local results of later stages (see `perChunk`), kept while the chunk object is. */
  cache?: ChunkCache;
}

/**
 * Results of analysis stages for one chunk, by key (the stage and what it depends on). A
 * few keys at most, so two arrays searched in order beat a Map, asked once per chunk and
 * stage on every keystroke.
 */
export class ChunkCache {
  private readonly keys: object[] = [];
  private readonly values: unknown[] = [];
  get(key: object): unknown {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === key) return this.values[i];
    return undefined;
  }
  set(key: object, value: unknown): void {
    const i = this.keys.indexOf(key);
    if (i >= 0) this.values[i] = value;
    else {
      this.keys.push(key);
      this.values.push(value);
    }
  }
}

/**
 * A chunk holds at least this many characters (unless the stretch is shorter): every
 * analysis visits each chunk a few times, and a 1 MB contract is ~4,800 paragraphs, while a
 * keystroke re-parses only one or two chunks of about this size.
 */
const MIN_CHUNK = 1024;

/**
 * Parses a stretch of Markdown that starts at a top-level block and splits it into chunks
 * at top-level blocks after a blank line, each at least MIN_CHUNK long. When the stretch
 * ends with `keepLast` characters that start such a block, they are a chunk of their own
 * (an editor re-parses up to an unchanged chunk and checks it still starts a block).
 */
export function parseChunks(source: string, keepLast = 0): SourceChunk[] {
  const lines = new LineIndex(source);
  const tokens = parseMarkdown(source);
  const chunks: SourceChunk[] = [];
  const keptFrom = keepLast > 0 ? source.length - keepLast : -1;
  let startLine = 0;
  let current: Token[] = [];
  const isBlankLine = (line: number) => /^[ \t]*$/.test(lines.lineText(line));
  const close = (endLine: number) => {
    const start = lines.starts[startLine] ?? source.length;
    const end = endLine < lines.lineCount ? lines.starts[endLine] : source.length;
    for (const t of current) {
      t.children = null;
      if (t.map) t.map = [t.map[0] - startLine, t.map[1] - startLine];
    }
    const lineStarts: number[] = [];
    for (let l = startLine + 1; l < endLine; l++) lineStarts.push(lines.starts[l] - start);
    // A final line break starts a line at the chunk's end (the next chunk's first line).
    if (endLine < lines.lineCount) lineStarts.push(end - start);
    chunks.push({ source: source.slice(start, end), lineStarts, tokens: current });
  };
  for (const t of tokens) {
    const opensTopLevel = t.level === 0 && t.nesting !== -1 && t.map !== null;
    if (opensTopLevel && t.map![0] > startLine && isBlankLine(t.map![0] - 1)) {
      const at = lines.starts[t.map![0]];
      if (at - lines.starts[startLine] >= MIN_CHUNK || at === keptFrom) {
        close(t.map![0]);
        startLine = t.map![0];
        current = [];
      }
    }
    current.push(t);
  }
  close(lines.lineCount);
  return chunks;
}

/**
 * For a caller that parses versions of the same document again and again (incremental.ts):
 * the source's chunks, reusing the chunk objects of the last version where the source is
 * unchanged. Must give the chunks parseChunks gives, in everything the model reads.
 */
export interface ParseHooks {
  /** The chunks of `markdownSource(text, blankedUntil, 0, text.length)`. */
  chunks?: (text: string, blankedUntil: number) => SourceChunk[];
  /**
   * The document these hooks parsed last: where its leading chunks are the same chunk
   * objects, its blocks, sentences and closed sections and clauses are kept, not joined
   * again, and so are those of its trailing chunks, moved to their new offsets in place:
   * after the parse, only the previous document's chunks (copies of them), annotations and
   * line index, and what lies before its trailing chunks, are still valid.
   */
  previous?: () => PolicyDocument | undefined;
}

/** Where the structure stands at a chunk's start, so joining can resume there (see ParseHooks.previous). */
export interface OpenStructure {
  sections: number[];
  clauses: { index: number; depth: number }[];
  sectionCount: number;
  clauseCount: number;
}

/**
 * A stretch [from, to) of the Markdown that markdown-it reads: the text with its first
 * `blankedUntil` characters (the front matter) blanked to spaces, line breaks kept, so line
 * maps stay aligned. Only a stretch that overlaps the front matter is copied.
 */
export function markdownSource(text: string, blankedUntil: number, from: number, to: number): string {
  if (from >= blankedUntil) return text.slice(from, to);
  return text.slice(from, Math.min(to, blankedUntil)).replace(/[^\r\n]/g, " ") + text.slice(Math.max(from, blankedUntil), to);
}

/** Where a chunk landed in the document; `cache` only when its chunk object outlives the analysis. */
export interface DocumentChunk {
  start: number;
  end: number;
  /** Its blocks and sentences: index ranges [first, end) into the document's. */
  firstBlock: number;
  endBlock: number;
  firstSentence: number;
  endSentence: number;
  /** The chunk's part of the prose mask, until the document's prose is joined (then `prose` holds it). */
  prose?: string;
  cache?: ChunkCache;
  /** The open sections and clauses at its start, when the document may be a `previous` one. */
  opened?: OpenStructure;
}

/**
 * A chunk-local result of an analysis stage (per-sentence facts, counts): computed once per
 * chunk while the chunk's source is unchanged in an edited document, every time otherwise.
 * `key` identifies the stage and what it depends on besides the chunk (the compiled rules).
 */
export function perChunk<T>(chunk: DocumentChunk, key: object, compute: () => T): T {
  if (!chunk.cache) return compute();
  let value = chunk.cache.get(key) as T | undefined;
  if (value === undefined) chunk.cache.set(key, (value = compute()));
  return value;
}

/** `doc.prose.slice(start, end)`, from the chunk's mask while the document's prose is not joined. */
export function proseSlice(doc: PolicyDocument, start: number, end: number): string {
  const chunk = chunkAt(doc, start);
  if (chunk?.prose !== undefined && end <= chunk.end) return chunk.prose.slice(start - chunk.start, end - chunk.start);
  return doc.prose.slice(start, end);
}

/** The chunk holding an offset. */
function chunkAt(doc: PolicyDocument, offset: number): DocumentChunk | undefined {
  const chunks = doc.chunks;
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunks[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return chunks[lo];
}

// "4.2 The Supplier shall…" is a clause; "3.5 million people…" is a number in a sentence.
const CLAUSE_PARAGRAPH = /^(\d{1,3}(?:\.\d{1,3})+)\.?[ \t]+(?=[^\s\p{Ll}])/u;
const CLAUSE_HEADING = /^(?:(?:clause|section|article|art\.|§)\s*)?(\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})\b\\?\.?\s*(?:[—–:.-]\s*)?/i;
// A number a converter escaped so that it would not become a list ("4\. Ownership", "**4\. Ownership.**"):
// the clause's number, structure and not prose; left in the prose it read as a sentence "4.".
const ESCAPED_NUMBER = /^[*_]{0,3}\d{1,3}(?:\.\d{1,3})*\\[.)][*_]{0,3}[ \t]+(?=\S)/;
const FOOTNOTE_DEFINITION = /^\[\^[^\]\s]+\]:/;
/** Where a `<!-- policy-lens… -->` comment's body starts, right after its `<!--`. */
const ANNOTATION_BODY = /\s*(?=policy-lens)/y;

interface CommentMatch {
  start: number;
  end: number;
  body: string;
}

/**
 * The `<!-- policy-lens… -->` comments whose `<!--` is in [from, until), as the search
 * /<!--\s*(policy-lens[\s\S]*?)-->/g from `from` finds them; `overrun` when the last runs
 * past `until`. Linear in the text: a regex retried at each unclosed `<!--` rescans the
 * rest of the text (1 MB of unclosed comments took 9.5 s), while here the first `-->`
 * after an opener is looked for once and reused by the openers before it.
 */
function annotationComments(text: string, from: number, until = text.length): { found: CommentMatch[]; overrun: boolean } {
  const found: CommentMatch[] = [];
  let close = -1;
  for (let a = text.indexOf("<!--", from); a >= 0 && a < until; a = text.indexOf("<!--", a + 1)) {
    ANNOTATION_BODY.lastIndex = a + 4;
    if (!ANNOTATION_BODY.test(text)) continue;
    if (close < a + 4) close = text.indexOf("-->", a + 4);
    if (close < 0) break; // no later comment can close either
    found.push({ start: a, end: close + 3, body: text.slice(ANNOTATION_BODY.lastIndex, close) });
    if (close + 3 > until) return { found, overrun: true };
    a = close + 2;
  }
  return { found, overrun: false };
}

/** An analysis's deadline for parsing (see parseSlices); `sliceChars` only for tests. */
export interface ParseDeadline {
  outOfTime: () => boolean;
  sliceChars?: number;
}

/**
 * `within`: a deadline polled while parsing (without `hooks.chunks`) and modelling; past it,
 * the rest of the text is not modelled (`parsedUntil`).
 */
export function parseDocument(text: string, hooks: ParseHooks = {}, within?: ParseDeadline): PolicyDocument {
  const outOfTime = within?.outOfTime;
  // Each parse reads the clock every POLL_EVERY tokens from its start: the same readings for
  // the same text, and a short document is parsed whole, its title included, however late.
  untilPoll = POLL_EVERY;
  const problems: FrontMatterProblem[] = [];
  const fm = readFrontMatter(text);
  let frontMatter: FrontMatter | undefined;
  let blankedUntil = 0;
  if (fm && "unterminated" in fm) {
    const firstBreak = text.search(/[\r\n]/);
    problems.push({ message: "Front matter starts with `---` but is never closed by a `---` line.", start: 0, end: firstBreak < 0 ? text.length : firstBreak });
  } else if (fm) {
    frontMatter = fm;
    for (const p of fm.problems) problems.push(p);
    blankedUntil = fm.end;
  }

  let blocks: Block[] = [];
  let sections: Section[] = [];
  let clauses: Clause[] = [];
  const codeRanges: [number, number][] = [];
  let sentences: Sentence[] = [];
  const chunks: DocumentChunk[] = [];
  const sectionStack: number[] = [];
  const clauseStack: { index: number; depth: number }[] = [];
  // The clause of each open list item (-1 for bullets): an ordered item is a clause that
  // holds everything inside it, nested bullets and later paragraphs included.
  const itemClauses: number[] = [];
  const currentSection = () => (sectionStack.length ? sectionStack[sectionStack.length - 1] : -1);
  const currentClause = () => {
    for (let k = itemClauses.length - 1; k >= 0; k--) if (itemClauses[k] >= 0) return itemClauses[k];
    return clauseStack.length ? clauseStack[clauseStack.length - 1].index : -1;
  };

  // Each chunk's model is in chunk offsets; joining them shifts offsets and lines and
  // replays the structure (headings, numbered clauses, list items) that spans chunks.
  let offset = 0;
  // The document's line starts, joined from the chunks' (the Markdown source has the text's lines).
  let lineStarts = [0];
  const sliced = !hooks.chunks && outOfTime ? parseSlices(markdownSource(text, blankedUntil, 0, text.length), outOfTime, within?.sliceChars) : undefined;
  let sourceChunks = hooks.chunks ? hooks.chunks(text, blankedUntil) : sliced ? sliced.chunks : parseChunks(markdownSource(text, blankedUntil, 0, text.length));
  let parsedUntil = sliced?.stoppedAt;
  const previous = hooks.previous?.();
  const resumeAt = previous ? keepUnchangedStart(previous) : 0;
  /** Where the previous document's rest was moved to (adoptRest): its start, before and now, and how far lines moved. */
  let moved: { start: number; wasStart: number; lineDelta: number } | undefined;
  for (let c = resumeAt; c < sourceChunks.length; c++) {
    if (previous && adoptRest(previous, c)) break;
    // Once parsing has stopped, the rest is one chunk: the chunks after it are never read.
    // (A copy: the hooks' chunks are an editor's, kept for its next keystroke.)
    if (parsedUntil !== undefined && offset >= parsedUntil && c < sourceChunks.length - 1) sourceChunks = [...sourceChunks.slice(0, c), unparsedChunk(sourceChunks.slice(c).map((k) => k.source).join(""))];
    const chunk = sourceChunks[c];
    const line = lineStarts.length - 1;
    // A list's items open and close inside its chunk, so a chunk starts outside any.
    const opened = hooks.previous && !itemClauses.length ? { sections: sectionStack.slice(), clauses: clauseStack.slice(), sectionCount: sections.length, clauseCount: clauses.length } : undefined;
    let model: ChunkModel;
    if (outOfTime && (parsedUntil === undefined || offset < parsedUntil)) {
      try {
        model = chunk.model ??= withDeadline(outOfTime, () => (pollDeadline(), modelChunk(chunk)));
      } catch (e) {
        if (!(e instanceof OutOfTime)) throw e;
        parsedUntil = offset;
        model = unmodelled(chunk.source);
      }
    } else model = parsedUntil !== undefined && offset >= parsedUntil ? unmodelled(chunk.source) : (chunk.model ??= modelChunk(chunk));
    chunk.tokens = [];
    const firstBlock = blocks.length;
    const firstSentence = sentences.length;
    const addBlock = (b: Block, section: number, clause: number) => {
      blocks.push({
        type: b.type,
        start: b.start + offset,
        end: b.end + offset,
        startLine: b.startLine + line,
        endLine: b.endLine + line,
        section,
        clause,
        inQuote: b.inQuote,
        headingLevel: b.headingLevel,
      });
    };
    for (const event of model.events) {
      switch (event.type) {
        case "block":
          addBlock(model.blocks[event.block], currentSection(), currentClause());
          break;
        case "item":
          if (event.clause) {
            const c = event.clause;
            clauses.push({ number: c.number, title: c.title, source: "list-item", start: c.start + offset, end: c.end + offset, section: currentSection(), parent: currentClause() });
          }
          itemClauses.push(event.clause ? clauses.length - 1 : -1);
          break;
        case "item-end":
          itemClauses.pop();
          break;
        case "numbered-paragraph": {
          // A numbered paragraph ("4.2 The Supplier shall…") is a clause until the next one.
          while (clauseStack.length && clauseStack[clauseStack.length - 1].depth >= 100) closeClause(clauseStack.pop()!.index, event.start + offset);
          clauses.push({ number: event.number, title: event.title, source: "paragraph", start: event.start + offset, end: event.end + offset, section: currentSection(), parent: currentClause() });
          clauseStack.push({ index: clauses.length - 1, depth: 100 });
          break;
        }
        case "heading": {
          const start = event.start + offset;
          while (sectionStack.length && sections[sectionStack[sectionStack.length - 1]].level >= event.level) closeSection(sectionStack.pop()!, start);
          // A heading closes every clause opened at its level or deeper, and paragraph clauses.
          while (clauseStack.length && clauseStack[clauseStack.length - 1].depth >= event.level) closeClause(clauseStack.pop()!.index, start);
          const sectionIndex = sections.length;
          sections.push({ title: event.title, level: event.level, headingStart: start, headingEnd: event.end + offset, end: text.length, parent: currentSection(), clause: -1 });
          sectionStack.push(sectionIndex);
          if (event.clause) {
            clauses.push({ number: event.clause.number, title: event.clause.title, source: "heading", start, end: text.length, section: sectionIndex, parent: currentClause() });
            sections[sectionIndex].clause = clauses.length - 1;
            clauseStack.push({ index: clauses.length - 1, depth: event.level });
          }
          if (event.block >= 0) addBlock(model.blocks[event.block], sectionIndex, currentClause());
          break;
        }
      }
    }
    for (const s of model.sentences) sentences.push({ start: s.start + offset, end: s.end + offset, block: s.block + firstBlock });
    for (const [a, b] of model.codeRanges) codeRanges.push([a + offset, b + offset]);
    const end = offset + chunk.source.length;
    chunks.push({ start: offset, end, firstBlock, endBlock: blocks.length, firstSentence, endSentence: sentences.length, prose: model.mask, cache: hooks.chunks ? (chunk.cache ??= new ChunkCache()) : undefined, opened });
    for (const s of chunk.lineStarts) lineStarts.push(s + offset);
    offset = end;
  }
  const lines = new LineIndex(text, lineStarts);
  while (sectionStack.length) closeSection(sectionStack.pop()!, text.length);
  while (clauseStack.length) closeClause(clauseStack.pop()!.index, text.length);

  // Comments wholly inside the kept start are the previous document's; the search resumes after them.
  const annotations: PolicyDocument["annotations"] = [];
  if (previous && resumeAt) for (const a of previous.annotations) if (a.end <= chunks[resumeAt].start) annotations.push(a);
  const searchFrom = annotations.length ? annotations[annotations.length - 1].end : 0;
  const commentAt = (m: CommentMatch) => ({ start: m.start, end: m.end, body: detachedCopy(m.body.trim()), line: lines.lineAt(m.start) });
  // Those of the moved rest are the previous document's, moved, unless one spans its start
  // (in either version): then, as without a previous document, the search goes to the end.
  const upTo = moved && previous && !previous.annotations.some((a) => a.start < moved!.wasStart && a.end > moved!.wasStart) ? commentsBefore(text, searchFrom, moved.start) : undefined;
  if (upTo) {
    for (const m of upTo) annotations.push(commentAt(m));
    const { start, wasStart, lineDelta } = moved!;
    for (const a of previous!.annotations) if (a.start >= wasStart) annotations.push({ start: a.start + start - wasStart, end: a.end + start - wasStart, body: a.body, line: a.line + lineDelta });
  } else {
    // Past where parsing stopped there are no findings to suppress: the search stops there too.
    for (const m of annotationComments(text, searchFrom, parsedUntil).found) annotations.push(commentAt(m));
  }

  // The prose is joined from the chunks' masks when first read: an edited document's
  // analysis reads its chunks' (proseSlice), so a keystroke does not copy the whole mask.
  let prose: string | undefined;
  return {
    text,
    lines,
    get prose() {
      if (prose === undefined) {
        prose = chunks.map((c) => c.prose).join("");
        for (const c of chunks) c.prose = undefined;
      }
      return prose;
    },
    frontMatter,
    problems,
    blocks,
    sections,
    clauses,
    sentences,
    codeRanges,
    annotations,
    chunks,
    parsedUntil,
  };

  /**
   * Takes the joined start of the previous document, up to its first chunk that is not the
   * same chunk object as here: everything before it is the same text at the same offsets.
   * Sections and clauses still open there are copied, since their ends are yet to come.
   * Returns the index of the first chunk to join.
   */
  function keepUnchangedStart(previous: PolicyDocument): number {
    let n = 0;
    const limit = Math.min(sourceChunks.length, previous.chunks.length) - 1;
    while (n < limit && sourceChunks[n].cache !== undefined && sourceChunks[n].cache === previous.chunks[n].cache) n++;
    const at = previous.chunks[n];
    if (n === 0 || !at.opened) return 0;
    // The same chunk objects: what stays from one keystroke to the next is not allocated
    // again (objects that outlive a keystroke are what V8's young-generation collections copy).
    for (let i = 0; i < n; i++) {
      const c = previous.chunks[i];
      // The previous document's prose may have been joined, which clears its chunks'.
      c.prose = sourceChunks[i].model!.mask;
      chunks.push(c);
    }
    blocks = previous.blocks.slice(0, at.firstBlock);
    sentences = previous.sentences.slice(0, at.firstSentence);
    sections = previous.sections.slice(0, at.opened.sectionCount);
    clauses = previous.clauses.slice(0, at.opened.clauseCount);
    // Copies written out with the keys in the order they are created in: objects of one
    // shape keep the loops over them (adoptRest) from being deoptimised, which cost 10-30 ms.
    for (const i of at.opened.sections) {
      const { title, level, headingStart, headingEnd, parent, clause } = sections[i];
      sections[i] = { title, level, headingStart, headingEnd, end: text.length, parent, clause };
    }
    // A heading's clause ends with its section; a numbered paragraph's end is its own.
    for (const { index } of at.opened.clauses) {
      const { number, title, source, start, end, section, parent } = clauses[index];
      clauses[index] = { number, title, source, start, end: source === "heading" ? text.length : end, section, parent };
    }
    for (const s of at.opened.sections) sectionStack.push(s);
    for (const c of at.opened.clauses) clauseStack.push(c);
    for (const range of previous.codeRanges) {
      if (range[0] >= at.start) break;
      codeRanges.push(range);
    }
    lineStarts = previous.lines.starts.slice(0, previous.lines.position(at.start).line + 1);
    offset = at.start;
    return n;
  }
  /**
   * Takes the rest of the previous document, from chunk `c` on, when it is made of the same
   * chunk objects and the structure stands there as it did: the same blocks, sentences,
   * sections and clauses before it, and the same ones open. Then its blocks, sentences,
   * sections, clauses and chunks are the previous document's objects, moved in place to
   * their new offsets and lines: a keystroke near the start of a long document would
   * otherwise build tens of thousands of objects again. The previous document is invalid
   * afterwards (ParseHooks.previous). Returns whether it did.
   */
  function adoptRest(previous: PolicyDocument, c: number): boolean {
    const shift = previous.chunks.length - sourceChunks.length;
    const was = previous.chunks[c + shift];
    if (!was?.opened || itemClauses.length || c === 0) return false;
    const opened = was.opened;
    // The sentences before may number differently ("law. eThe Authority" is one sentence):
    // those of the rest keep their blocks, and their chunks' indices move.
    if (blocks.length !== was.firstBlock || sections.length !== opened.sectionCount || clauses.length !== opened.clauseCount) return false;
    if (sectionStack.length !== opened.sections.length || clauseStack.length !== opened.clauses.length) return false;
    for (let i = 0; i < sectionStack.length; i++) {
      const index = sectionStack[i];
      if (index !== opened.sections[i] || sections[index].level !== previous.sections[index].level) return false;
    }
    for (let i = 0; i < clauseStack.length; i++) if (clauseStack[i].index !== opened.clauses[i].index || clauseStack[i].depth !== opened.clauses[i].depth) return false;
    for (let j = c; j < sourceChunks.length; j++) if (sourceChunks[j].cache === undefined || sourceChunks[j].cache !== previous.chunks[j + shift].cache) return false;

    const wasStart = was.start;
    const delta = offset - wasStart;
    const sentenceDelta = sentences.length - was.firstSentence;
    const firstLine = previous.lines.lineAt(wasStart);
    const lineDelta = lineStarts.length - 1 - firstLine;
    // What is open here closes in the rest, at the same place as before, unless its end is
    // trimmed back past the rest's start (only blank lines between): then it ends where the text before the rest does.
    const trimmedHere = trimEnd(text, offset);
    for (const index of sectionStack) {
      const end = previous.sections[index].end;
      sections[index].end = end > wasStart ? end + delta : Math.max(sections[index].headingEnd, trimmedHere);
    }
    for (const { index } of clauseStack) {
      const clause = clauses[index];
      const end = previous.clauses[index].end;
      // A numbered paragraph's clause ends with the paragraph at the latest, which is before here.
      if (clause.source !== "heading") clause.end = Math.max(clause.start, trimEnd(text, Math.min(offset, clause.end)));
      else clause.end = end > wasStart ? end + delta : Math.max(clause.start, trimmedHere);
    }
    sectionStack.length = 0;
    clauseStack.length = 0;
    // Each array grows once, by concatenation: pushing tens of thousands of elements one by
    // one allocated the arrays two or three times over as they grew.
    blocks = blocks.concat(moveBlocks(previous.blocks, was.firstBlock, delta, lineDelta));
    sentences = sentences.concat(moveSpans(previous.sentences, was.firstSentence, delta));
    sections = sections.concat(moveSections(previous.sections, opened.sectionCount, delta));
    clauses = clauses.concat(moveSpans(previous.clauses, opened.clauseCount, delta));
    let firstRange = previous.codeRanges.length;
    while (firstRange > 0 && previous.codeRanges[firstRange - 1][0] >= wasStart) firstRange--;
    for (const range of moveRanges(previous.codeRanges, firstRange, delta)) codeRanges.push(range);
    // The chunks too are moved, and the previous document gets copies at their old offsets:
    // the caller may still look up its chunks by offset (incremental.ts), and the copies die
    // with it, young, where the moved objects live on.
    const previousChunks = previous.chunks.slice();
    for (let j = c; j < sourceChunks.length; j++) {
      const chunk = previous.chunks[j + shift];
      const { start, end, firstBlock, endBlock, firstSentence, endSentence, prose, cache, opened } = chunk;
      previousChunks[j + shift] = { start, end, firstBlock, endBlock, firstSentence, endSentence, prose, cache, opened };
      chunk.start += delta;
      chunk.end += delta;
      chunk.firstSentence += sentenceDelta;
      chunk.endSentence += sentenceDelta;
      chunk.prose = sourceChunks[j].model!.mask;
      chunks.push(chunk);
    }
    previous.chunks = previousChunks;
    moved = { start: offset, wasStart, lineDelta };
    const firstMoved = lineStarts.length;
    lineStarts = lineStarts.concat(previous.lines.starts.slice(firstLine + 1));
    for (let l = firstMoved; l < lineStarts.length; l++) lineStarts[l] += delta;
    offset = text.length;
    return true;
  }
  function closeSection(index: number, end: number) {
    sections[index].end = Math.max(sections[index].headingEnd, trimEnd(text, end));
  }
  function closeClause(index: number, end: number) {
    if (clauses[index].source !== "list-item") clauses[index].end = Math.max(clauses[index].start, trimEnd(text, Math.min(end, clauses[index].end)));
  }
}

/**
 * The policy-lens comments found by searching `text` from `from` that start before `end`, as
 * the global search finds them; undefined if one of them runs past `end`. Only [from, end)
 * is scanned for comment openers.
 */
function commentsBefore(text: string, from: number, end: number): CommentMatch[] | undefined {
  const { found, overrun } = annotationComments(text, from, end);
  return overrun ? undefined : found;
}

// adoptRest's loops, one per kind of object, so each stays monomorphic and optimised: each
// moves the objects from `first` on in place and returns them.
function moveBlocks(from: Block[], first: number, delta: number, lineDelta: number): Block[] {
  for (let i = first; i < from.length; i++) {
    const block = from[i];
    block.start += delta;
    block.end += delta;
    block.startLine += lineDelta;
    block.endLine += lineDelta;
  }
  return from.slice(first);
}

function moveSpans<T extends { start: number; end: number }>(from: T[], first: number, delta: number): T[] {
  for (let i = first; i < from.length; i++) {
    const span = from[i];
    span.start += delta;
    span.end += delta;
  }
  return from.slice(first);
}

function moveSections(from: Section[], first: number, delta: number): Section[] {
  for (let i = first; i < from.length; i++) {
    const section = from[i];
    section.headingStart += delta;
    section.headingEnd += delta;
    section.end += delta;
  }
  return from.slice(first);
}

function moveRanges(from: [number, number][], first: number, delta: number): [number, number][] {
  for (let i = first; i < from.length; i++) {
    const range = from[i];
    range[0] += delta;
    range[1] += delta;
  }
  return from.slice(first);
}

function trimEnd(text: string, end: number): number {
  let e = end;
  // Most ends follow a line break or a letter: the regular expression only for what is neither.
  for (let c = text.charCodeAt(e - 1); e > 0; c = text.charCodeAt(--e - 1)) {
    if (c === 10 || c === 13 || c === 32 || c === 9) continue;
    if (c > 32 && c < 127) break;
    if (!/\s/.test(text[e - 1])) break;
  }
  return e;
}

/** A chunk's blocks, sentences and structure, in chunk offsets and lines. */
interface ChunkModel {
  /** The chunk's prose mask. */
  mask: string;
  /** `section` and `clause` are set when the chunks are joined. */
  blocks: Block[];
  /** `block` indexes the chunk's blocks. */
  sentences: Sentence[];
  /** The structure, in source order, replayed when the chunks are joined. */
  events: StructureEvent[];
  codeRanges: [number, number][];
}

type StructureEvent =
  | { type: "block"; block: number }
  | { type: "heading"; level: number; start: number; end: number; title: string; clause?: { number: string; title: string }; block: number }
  | { type: "numbered-paragraph"; number: string; title: string; start: number; end: number }
  | { type: "item"; clause?: { number: string; title: string; start: number; end: number } }
  | { type: "item-end" };

/** The model of a chunk left unparsed: no blocks, and a mask with its line breaks only. */
function unmodelled(source: string): ChunkModel {
  // Runs of spaces between the line breaks: a replace of every character took 0.3 s on 5 MB.
  let mask = "";
  let from = 0;
  for (const m of source.matchAll(/\r\n?|\n/g)) {
    mask += " ".repeat(m.index - from) + m[0];
    from = m.index + m[0].length;
  }
  return { mask: mask + " ".repeat(source.length - from), blocks: [], sentences: [], events: [], codeRanges: [] };
}

function modelChunk(chunk: SourceChunk): ChunkModel {
  const text = chunk.source;
  const lines = new LineIndex(text);
  const tokens = chunk.tokens;
  const mask = new Uint16Array(text.length).fill(32);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) mask[i] = c;
  }
  const blocks: Block[] = [];
  const events: StructureEvent[] = [];
  const codeRanges: [number, number][] = [];
  let quoteDepth = 0;
  let listItemLine = -1;
  const orderedDepth: boolean[] = [];
  const openItems: Extract<StructureEvent, { type: "item" }>[] = [];

  const lineStart = (l: number) => lines.starts[Math.min(l, lines.lineCount - 1)] ?? text.length;
  const maskedText = (block: Block) => maskToString(mask.subarray(block.start, block.end));

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    pollDeadline();
    switch (tok.type) {
      case "blockquote_open":
        quoteDepth++;
        break;
      case "blockquote_close":
        quoteDepth--;
        break;
      case "bullet_list_open":
      case "ordered_list_open":
        orderedDepth.push(tok.type === "ordered_list_open");
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        orderedDepth.pop();
        break;
      case "list_item_open": {
        listItemLine = tok.map ? tok.map[0] : -1;
        const ordered = orderedDepth[orderedDepth.length - 1] && tok.map;
        const event: Extract<StructureEvent, { type: "item" }> = {
          type: "item",
          clause: ordered
            ? { number: tok.info, title: "", start: lineStart(tok.map![0]), end: Math.max(lineStart(tok.map![0]), trimEnd(text, lines.lineEnd(tok.map![1] - 1))) }
            : undefined,
        };
        events.push(event);
        openItems.push(event);
        break;
      }
      case "list_item_close":
        openItems.pop();
        events.push({ type: "item-end" });
        break;
      case "fence":
      case "code_block":
      case "html_block":
        if (tok.map) codeRanges.push([lineStart(tok.map[0]), lines.lineEnd(tok.map[1] - 1)]);
        break;
      case "heading_open": {
        const inline = tokens[i + 1];
        const level = Number(tok.tag.slice(1));
        if (!inline?.map) break;
        const block = addProse(inline, "heading", level);
        // The title as the heading reads, without markup: `## Exit *plan*` is "Exit plan".
        const title = block ? maskedText(block).replace(/\s+/g, " ") : "";
        const rawTitle = headingText(inline);
        const m = CLAUSE_HEADING.exec(rawTitle);
        const clause = m && level > 1 ? { number: m[1], title: title.replace(CLAUSE_HEADING, "").trim() || title } : undefined;
        if (clause && block) hideClauseNumber(block, rawTitle.slice(0, m![0].length));
        events.push({ type: "heading", level, start: lineStart(tok.map![0]), end: lines.lineEnd(tok.map![1] - 1), title, clause, block: block ? blocks.length - 1 : -1 });
        break;
      }
      case "paragraph_open": {
        const inline = tokens[i + 1];
        if (!inline?.map) break;
        const inList = listItemLine >= 0 && inline.map[0] === listItemLine;
        const m = !inList ? CLAUSE_PARAGRAPH.exec(inline.content) : null;
        const numbered: Extract<StructureEvent, { type: "numbered-paragraph" }> | undefined = m
          ? { type: "numbered-paragraph", number: m[1], title: "", start: lineStart(inline.map[0]), end: lines.lineEnd(inline.map[1] - 1) }
          : undefined;
        if (numbered) events.push(numbered);
        const skip = m ? m[0].length : ESCAPED_NUMBER.exec(inline.content)?.[0].length ?? 0;
        const block = addProse(inline, inList ? "list-item" : quoteDepth ? "quote" : "paragraph", 0, skip);
        // A clause's title is the start of its text as it reads, without markup.
        const titled = numbered ?? (inList ? openItems[openItems.length - 1]?.clause : undefined);
        if (titled) titled.title = firstWords(block ? maskedText(block) : inline.content.slice(m ? m[0].length : 0));
        if (block && numbered) numbered.end = block.end;
        listItemLine = -1;
        break;
      }
      case "tr_open":
        if (tok.map) addTableRow(tok.map[0]);
        break;
    }
  }

  const prose = maskToString(mask);
  return { mask: prose, blocks, sentences: splitSentences(prose, blocks), events, codeRanges };

  /** Copies an inline token's prose into the mask, line by line, at its exact source columns. */
  function addProse(inline: Token, type: BlockType, headingLevel = 0, skipFirst = 0): Block | undefined {
    const [from, to] = inline.map!;
    const contentLines = inline.content.split("\n");
    // Masked as a whole: code spans, HTML comments and tags may span lines.
    const maskedLines = maskInline(inline.content).split("\n");
    let start = -1;
    let end = -1;
    for (let l = from, j = 0; l < to && j < contentLines.length; l++, j++) {
      const src = lines.lineText(l).replace(/\0/g, "\uFFFD");
      let content = contentLines[j];
      let masked = maskedLines[j];
      let col = content ? src.lastIndexOf(content) : -1;
      if (col < 0 && content) {
        const trimmed = content.trimStart();
        masked = masked.slice(content.length - trimmed.length);
        content = trimmed;
        col = src.lastIndexOf(content);
      }
      if (col < 0 || !content) continue;
      if (j === 0 && skipFirst) {
        col += skipFirst;
        content = content.slice(skipFirst);
        masked = masked.slice(skipFirst);
      }
      if (type === "heading") {
        content = content.replace(/[ \t]+#+[ \t]*$/, "");
        masked = masked.slice(0, content.length);
      }
      const base = lineStart(l) + col;
      writeMask(base, masked);
      if (start < 0) start = base;
      end = base + content.length;
    }
    if (start < 0) return undefined;
    // Trim to the first and last prose characters.
    while (start < end && isBlank(mask[start])) start++;
    while (end > start && isBlank(mask[end - 1])) end--;
    if (start >= end) return undefined;
    const block: Block = {
      type: type === "paragraph" && FOOTNOTE_DEFINITION.test(inline.content) ? "footnote" : type,
      start,
      end,
      startLine: from,
      endLine: to,
      section: -1,
      clause: -1,
      inQuote: quoteDepth > 0,
      headingLevel: headingLevel || undefined,
    };
    // A heading's block is placed by its heading event.
    if (type !== "heading") events.push({ type: "block", block: blocks.length });
    blocks.push(block);
    return block;
  }

  function addTableRow(line: number) {
    const src = lines.lineText(line);
    // A table inside a blockquote: the `>` markers are not part of the first cell.
    const lead = quoteDepth ? (/^(?:[ \t]*>)+/.exec(src)?.[0].length ?? 0) : 0;
    const base = lineStart(line);
    // Each cell is its own block: an unescaped pipe is a hard boundary.
    const cellRe = /(?:\\[\s\S]|[^|\\])+/g;
    for (const m of src.slice(lead).matchAll(cellRe)) {
      const cell = m[0];
      if (!cell.trim() || /^[\s:-]+$/.test(cell)) continue;
      const s = base + lead + m.index;
      writeMask(s, maskInline(cell));
      let a = s;
      let b = s + cell.length;
      while (a < b && isBlank(mask[a])) a++;
      while (b > a && isBlank(mask[b - 1])) b--;
      if (a < b) {
        events.push({ type: "block", block: blocks.length });
        blocks.push({ type: "table-row", start: a, end: b, startLine: line, endLine: line + 1, section: -1, clause: -1, inQuote: quoteDepth > 0 });
      }
    }
  }

  function writeMask(base: number, masked: string) {
    for (let k = 0; k < masked.length; k++) mask[base + k] = masked.charCodeAt(k);
  }

  /** A heading's clause number ("4.", "Clause 4 —") is structure, not prose: "## 4. Data" reads "Data". */
  function hideClauseNumber(block: Block, number: string) {
    if (text.slice(block.start, block.start + number.length) !== number) return;
    let from = block.start + number.length;
    while (from < block.end && isBlank(mask[from])) from++;
    if (from >= block.end) return; // a heading that is only a number keeps it as its text
    for (let k = block.start; k < from; k++) if (!isBlank(mask[k])) mask[k] = 32;
    block.start = from;
  }
}


function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function maskToString(mask: Uint16Array): string {
  let out = "";
  for (let i = 0; i < mask.length; i += 30000) out += String.fromCharCode.apply(null, mask.subarray(i, i + 30000) as unknown as number[]);
  return out;
}

type Span = [start: number, end: number];

// Some spans are found by scanning, not by a regular expression: a regex retried at each
// unclosed `<!--`, `![` or backtick run rescans the rest of the text, which is quadratic
// (a 100 KB paragraph of `![x ` took seconds). Each finder runs only on text that has one of
// its marker characters: most paragraphs are plain prose, and a search for a character is
// far cheaper than a regex pass.
const INLINE_NOT_PROSE: { markers: string[] | RegExp; find: RegExp | ((s: string) => Span[]) }[] = [
  { markers: ["`"], find: codeSpans },
  { markers: ["<!--"], find: htmlComments }, // annotations among them
  { markers: ["<"], find: /<(?:https?|mailto|ftp):[^\s<>]*>/gi }, // autolinks
  { markers: ["@"], find: /<[^\s<>@]+@[^\s<>@]+>/g }, // email autolinks
  { markers: ["<"], find: /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g }, // inline HTML tags
  { markers: ["!["], find: images },
  { markers: ["["], find: /(?<!\\)\[(?=[^[\]]*\][([])/g }, // opening bracket of a link (before its destination is blanked)
  { markers: ["]("], find: /\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g }, // link destinations
  { markers: ["]["], find: /\]\[[^\]\n]*\]/g }, // reference link labels
  { markers: ["[^"], find: /\[\^[^\]\s]+\]:?/g }, // footnote references and labels
  { markers: /https?:\/\/|www\./i, find: /\b(?:https?:\/\/|www\.)[^\s<>()]*[^\s<>().,;:!?'"”’]/gi }, // bare URLs
  { markers: ["\\"], find: /\\(?=[!-/:-@[-`{-~])/g }, // backslash escapes
  { markers: ["&"], find: /&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});/gi }, // character references (&amp; is not the word "amp")
  { markers: ["*", "_", "~~"], find: /(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])|(?<![\w_])_{1,3}(?=\S)|(?<=\S)_{1,3}(?![\w_])|~~/g }, // emphasis delimiters
];

/** Blanks what is not prose in inline Markdown, keeping its length and its line breaks. */
export function maskInline(s: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, " ");
  let out = s;
  for (const { markers, find } of INLINE_NOT_PROSE) {
    if (markers instanceof RegExp ? !markers.test(out) : !markers.some((m) => out.includes(m))) continue;
    if (find instanceof RegExp) {
      out = out.replace(find, blank);
      continue;
    }
    let rebuilt = "";
    let done = 0;
    for (const [a, b] of find(out)) {
      rebuilt += out.slice(done, a) + blank(out.slice(a, b));
      done = b;
    }
    out = rebuilt + out.slice(done);
  }
  return out;
}

/** Code spans as CommonMark pairs them: a backtick run is closed by the next run of exactly its length. */
function codeSpans(s: string): Span[] {
  const runs = [...s.matchAll(/`+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  // For each run length, the runs of that length in order, and how far the search for a closer got.
  const byLength = new Map<number, number[]>();
  runs.forEach((r, i) => {
    const same = byLength.get(r.end - r.start);
    if (same) same.push(i);
    else byLength.set(r.end - r.start, [i]);
  });
  const searched = new Map<number, number>();
  const spans: Span[] = [];
  for (let i = 0; i < runs.length; ) {
    const length = runs[i].end - runs[i].start;
    const same = byLength.get(length)!;
    let k = searched.get(length) ?? 0;
    while (k < same.length && same[k] <= i) k++;
    searched.set(length, k);
    if (k === same.length) {
      i++; // no closer: the backticks are literal
      continue;
    }
    spans.push([runs[i].start, runs[same[k]].end]);
    i = same[k] + 1;
  }
  return spans;
}

function htmlComments(s: string): Span[] {
  const spans: Span[] = [];
  for (let a = s.indexOf("<!--"); a >= 0; a = s.indexOf("<!--", a)) {
    const b = s.indexOf("-->", a + 4);
    if (b < 0) break; // no later comment can close either
    spans.push([a, b + 3]);
    a = b + 3;
  }
  return spans;
}

/** Images, `![alt](src)` on one line: the alt text and its source are not prose. */
function images(s: string): Span[] {
  const spans: Span[] = [];
  // The first `]` or line break after the latest `![`, and the first `)` or line break after
  // the latest `](`: every later start before them finds the same ones, so each is found once.
  let altEnd = -1;
  let srcEnd = -1;
  for (let p = s.indexOf("!["); p >= 0; p = s.indexOf("![", p + 1)) {
    if (altEnd < p + 2) altEnd = firstOf(s, /[\]\n]/g, p + 2);
    if (s[altEnd] !== "]" || s[altEnd + 1] !== "(") continue;
    if (srcEnd < altEnd + 2) srcEnd = firstOf(s, /[)\n]/g, altEnd + 2);
    if (s[srcEnd] !== ")") continue;
    spans.push([p, srcEnd + 1]);
    p = srcEnd;
  }
  return spans;
}

function firstOf(s: string, re: RegExp, from: number): number {
  re.lastIndex = from;
  return re.exec(s)?.index ?? s.length;
}

function headingText(inline: Token): string {
  return inline.content.replace(/[ \t]+#+[ \t]*$/, "").trim();
}

function firstWords(s: string): string {
  // A clause can be pages long; its first 120 characters decide the title when they hold
  // more than 60 once spaces are collapsed (only the end of the prefix differs).
  const head = s.length > 120 ? s.slice(0, 120).replace(/\s+/g, " ").trimStart() : "";
  const t = head.length > 61 ? head : s.replace(/\s+/g, " ").trim();
  return t.length > 60 ? t.slice(0, 57).replace(/\s+\S*$/, "") + "…" : t;
}
