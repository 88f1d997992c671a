import MarkdownIt from "markdown-it";
type Token = MarkdownIt.Token;
import { readFrontMatter, type FrontMatter, type FrontMatterProblem } from "./frontMatter";
import { splitSentences } from "./sentences";
import { LineIndex } from "./text";

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
}

const md = new MarkdownIt("default", { html: true, linkify: false });
// The model reads block tokens only (type, tag, info, content, map): inline content is
// masked by maskInline, so markdown-it's inline tokenizer (a third of its time) is skipped.
md.core.ruler.disable("inline");

/** markdown-it's tokens for a Markdown source, with the options the model is built on. */
export function parseMarkdown(source: string): Token[] {
  return md.parse(source, {});
}
export type MarkdownToken = Token;

/**
 * For a caller that parses versions of the same document again and again (incremental.ts):
 * cached versions of the model's expensive pure steps. Each must give exactly what the
 * default gives, in everything the model reads.
 */
export interface ParseHooks {
  /** Replaces parseMarkdown on the source (front matter already blanked): the same block tokens (type, tag, info, content, map). */
  tokenize?: (source: string) => Token[];
  /** Replaces maskInline. */
  maskInline?: (content: string) => string;
}

// "4.2 The Supplier shall…" is a clause; "3.5 million people…" is a number in a sentence.
const CLAUSE_PARAGRAPH = /^(\d{1,3}(?:\.\d{1,3})+)\.?[ \t]+(?=[^\s\p{Ll}])/u;
const CLAUSE_HEADING = /^(?:(?:clause|section|article|art\.|§)\s*)?(\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})\b\.?\s*(?:[—–:.-]\s*)?/i;
const FOOTNOTE_DEFINITION = /^\[\^[^\]\s]+\]:/;
const ANNOTATION = /<!--\s*(policy-lens[\s\S]*?)-->/g;

export function parseDocument(text: string, hooks: ParseHooks = {}): PolicyDocument {
  const lines = new LineIndex(text);
  const problems: FrontMatterProblem[] = [];
  const fm = readFrontMatter(text);
  let frontMatter: FrontMatter | undefined;
  let mdSource = text;
  if (fm && "unterminated" in fm) {
    problems.push({ message: "Front matter starts with `---` but is never closed by a `---` line.", start: 0, end: lines.lineEnd(0) });
  } else if (fm) {
    frontMatter = fm;
    problems.push(...fm.problems);
    // Blank the front matter but keep its line breaks, so markdown-it's line maps stay aligned.
    mdSource = text.slice(0, fm.end).replace(/[^\r\n]/g, " ") + text.slice(fm.end);
  }

  const mask = new Uint16Array(text.length).fill(32);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) mask[i] = c;
  }

  const tokens = (hooks.tokenize ?? parseMarkdown)(mdSource);
  const blocks: Block[] = [];
  const sections: Section[] = [];
  const clauses: Clause[] = [];
  const codeRanges: [number, number][] = [];
  const sectionStack: number[] = [];
  const clauseStack: { index: number; depth: number }[] = [];
  let quoteDepth = 0;
  let listItemLine = -1;
  let listDepth = 0;
  let orderedDepth: boolean[] = [];
  // The clause of each open list item (-1 for bullets): an ordered item is a clause that
  // holds everything inside it, nested bullets and later paragraphs included.
  const itemClauses: number[] = [];

  const lineStart = (l: number) => lines.starts[Math.min(l, lines.lineCount - 1)] ?? text.length;
  const currentSection = () => (sectionStack.length ? sectionStack[sectionStack.length - 1] : -1);
  const currentClause = () => {
    for (let k = itemClauses.length - 1; k >= 0; k--) if (itemClauses[k] >= 0) return itemClauses[k];
    return clauseStack.length ? clauseStack[clauseStack.length - 1].index : -1;
  };

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    switch (tok.type) {
      case "blockquote_open":
        quoteDepth++;
        break;
      case "blockquote_close":
        quoteDepth--;
        break;
      case "bullet_list_open":
      case "ordered_list_open":
        listDepth++;
        orderedDepth.push(tok.type === "ordered_list_open");
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        listDepth--;
        orderedDepth.pop();
        break;
      case "list_item_open": {
        listItemLine = tok.map ? tok.map[0] : -1;
        const ordered = orderedDepth[orderedDepth.length - 1] && tok.map;
        if (ordered) {
          clauses.push({
            number: tok.info,
            title: "",
            source: "list-item",
            start: lineStart(tok.map![0]),
            end: Math.max(lineStart(tok.map![0]), trimEnd(lines.lineEnd(tok.map![1] - 1))),
            section: currentSection(),
            parent: currentClause(),
          });
        }
        itemClauses.push(ordered ? clauses.length - 1 : -1);
        break;
      }
      case "list_item_close":
        itemClauses.pop();
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
        const title = block ? maskToString(mask.subarray(block.start, block.end)).replace(/\s+/g, " ") : "";
        while (sectionStack.length && sections[sectionStack[sectionStack.length - 1]].level >= level) {
          closeSection(sectionStack.pop()!, lineStart(tok.map![0]));
        }
        // A heading closes every clause opened at its level or deeper, and paragraph clauses.
        while (clauseStack.length && clauseStack[clauseStack.length - 1].depth >= level) {
          closeClause(clauseStack.pop()!.index, lineStart(tok.map![0]));
        }
        const sectionIndex = sections.length;
        sections.push({
          title,
          level,
          headingStart: lineStart(tok.map![0]),
          headingEnd: lines.lineEnd(tok.map![1] - 1),
          end: text.length,
          parent: currentSection(),
          clause: -1,
        });
        sectionStack.push(sectionIndex);
        const rawTitle = headingText(inline);
        const m = CLAUSE_HEADING.exec(rawTitle);
        if (m && level > 1) {
          clauses.push({
            number: m[1],
            title: title.replace(CLAUSE_HEADING, "").trim() || title,
            source: "heading",
            start: sections[sectionIndex].headingStart,
            end: text.length,
            section: sectionIndex,
            parent: currentClause(),
          });
          sections[sectionIndex].clause = clauses.length - 1;
          clauseStack.push({ index: clauses.length - 1, depth: level });
          if (block) hideClauseNumber(block, rawTitle.slice(0, m[0].length));
        }
        if (block) {
          block.section = sectionIndex;
          block.clause = currentClause();
        }
        break;
      }
      case "paragraph_open": {
        const inline = tokens[i + 1];
        if (!inline?.map) break;
        const inList = listItemLine >= 0 && inline.map[0] === listItemLine;
        const m = !inList ? CLAUSE_PARAGRAPH.exec(inline.content) : null;
        if (m) {
          // A numbered paragraph ("4.2 The Supplier shall…") is a clause until the next one.
          while (clauseStack.length && clauseStack[clauseStack.length - 1].depth >= 100) {
            closeClause(clauseStack.pop()!.index, lineStart(inline.map[0]));
          }
          clauses.push({
            number: m[1],
            title: "",
            source: "paragraph",
            start: lineStart(inline.map[0]),
            end: lines.lineEnd(inline.map[1] - 1),
            section: currentSection(),
            parent: currentClause(),
          });
          clauseStack.push({ index: clauses.length - 1, depth: 100 });
        }
        const block = addProse(inline, inList ? "list-item" : quoteDepth ? "quote" : "paragraph", 0, m ? m[0].length : 0);
        // A clause's title is the start of its text as it reads, without markup.
        const titled = m ? clauses.length - 1 : inList ? (itemClauses[itemClauses.length - 1] ?? -1) : -1;
        if (titled >= 0) clauses[titled].title = firstWords(block ? maskToString(mask.subarray(block.start, block.end)) : inline.content.slice(m ? m[0].length : 0));
        if (block && m) clauses[clauses.length - 1].end = block.end;
        listItemLine = -1;
        break;
      }
      case "tr_open":
        if (tok.map) addTableRow(tok.map[0]);
        break;
    }
  }
  while (sectionStack.length) closeSection(sectionStack.pop()!, text.length);
  while (clauseStack.length) closeClause(clauseStack.pop()!.index, text.length);

  const annotations: PolicyDocument["annotations"] = [];
  for (const m of text.matchAll(ANNOTATION)) {
    annotations.push({ start: m.index, end: m.index + m[0].length, body: m[1].trim(), line: lines.position(m.index).line });
  }

  const prose = maskToString(mask);
  const sentences = splitSentences(prose, blocks);
  return { text, lines, prose, frontMatter, problems, blocks, sections, clauses, sentences, codeRanges, annotations };

  function closeSection(index: number, end: number) {
    sections[index].end = Math.max(sections[index].headingEnd, trimEnd(end));
  }
  function closeClause(index: number, end: number) {
    if (clauses[index].source !== "list-item") clauses[index].end = Math.max(clauses[index].start, trimEnd(Math.min(end, clauses[index].end)));
  }
  function trimEnd(end: number): number {
    let e = end;
    while (e > 0 && /\s/.test(text[e - 1])) e--;
    return e;
  }

  /** Copies an inline token's prose into the mask, line by line, at its exact source columns. */
  function addProse(inline: Token, type: BlockType, headingLevel = 0, skipFirst = 0): Block | undefined {
    const [from, to] = inline.map!;
    const contentLines = inline.content.split("\n");
    // Masked as a whole: code spans, HTML comments and tags may span lines.
    const maskedLines = (hooks.maskInline ?? maskInline)(inline.content).split("\n");
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
      section: currentSection(),
      clause: currentClause(),
      inQuote: quoteDepth > 0,
      headingLevel: headingLevel || undefined,
    };
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
      if (a < b)
        blocks.push({ type: "table-row", start: a, end: b, startLine: line, endLine: line + 1, section: currentSection(), clause: currentClause(), inQuote: quoteDepth > 0 });
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
// (a 100 KB paragraph of `![x ` took seconds).
const INLINE_NOT_PROSE: (RegExp | ((s: string) => Span[]))[] = [
  codeSpans,
  htmlComments, // annotations among them
  /<(?:https?|mailto|ftp):[^\s<>]*>/gi, // autolinks
  /<[^\s<>@]+@[^\s<>@]+>/g, // email autolinks
  /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, // inline HTML tags
  images,
  /(?<!\\)\[(?=[^[\]]*\][([])/g, // opening bracket of a link (before its destination is blanked)
  /\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g, // link destinations
  /\]\[[^\]\n]*\]/g, // reference link labels
  /\[\^[^\]\s]+\]:?/g, // footnote references and labels
  /\b(?:https?:\/\/|www\.)[^\s<>()]*[^\s<>().,;:!?'"”’]/gi, // bare URLs
  /\\(?=[!-/:-@[-`{-~])/g, // backslash escapes
  /&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});/gi, // character references (&amp; is not the word "amp")
  /(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])|(?<![\w_])_{1,3}(?=\S)|(?<=\S)_{1,3}(?![\w_])|~~/g, // emphasis delimiters
];

/** Blanks what is not prose in inline Markdown, keeping its length and its line breaks. */
export function maskInline(s: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, " ");
  let out = s;
  for (const finder of INLINE_NOT_PROSE) {
    if (finder instanceof RegExp) {
      out = out.replace(finder, blank);
      continue;
    }
    let rebuilt = "";
    let done = 0;
    for (const [a, b] of finder(out)) {
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
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > 60 ? t.slice(0, 57).replace(/\s+\S*$/, "") + "…" : t;
}
