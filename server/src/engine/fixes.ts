// Fixes for findings, as plain offset edits, shared by the CLI and the language server.
// Pure TypeScript: no editor, LSP or Node APIs.

import type { Analysis } from "./analyze";
import type { CompiledRules } from "./detect";
import { perChunk, proseSlice, type DocumentChunk, type PolicyDocument } from "./model";
import type { Finding, Fix, OffsetEdit, TermId } from "./types";

/** A value the drafter must choose, e.g. `[[Customer]]`; it raises `document/placeholder` until filled. */
export const PLACEHOLDER = /\[\[([^[\]\r\n]+)\]\]/g;
export const PLACEHOLDER_RULE = "document/placeholder";
/** `<!-- policy-lens: verified -->` clears claim findings on the next sentence. */
export const VERIFIED_ANNOTATION = /^policy-lens:\s*verified\b/i;
export const VERIFIED_COMMENT = "<!-- policy-lens: verified -->";

export const placeholder = (name: string) => `[[${name}]]`;

/** Snippet placeholders (`${1:Customer}`, `$1`) → visible `[[Customer]]` markers. */
export function snippetToPlaceholders(snippet: string): string {
  return snippet.replace(/\$\{\d+:([^}]*)\}/g, (_, name: string) => placeholder(name || "…")).replace(/\$\d+/g, placeholder("…"));
}

/** One `document/placeholder` warning per unfilled `[[…]]` marker in the prose (never in code). */
export function placeholderFindings(doc: PolicyDocument): Finding[] {
  return doc.chunks.flatMap((chunk) => chunkPlaceholderFindings(doc, chunk));
}

/** The placeholder findings in one chunk: a marker never spans a line, so never two chunks, and each chunk's are found once. */
export function chunkPlaceholderFindings(doc: PolicyDocument, chunk: DocumentChunk): Finding[] {
  const markers = perChunk(chunk, PLACEHOLDER, () => [...proseSlice(doc, chunk.start, chunk.end).matchAll(PLACEHOLDER)].map((m) => ({ at: m.index, text: m[0] })));
  return markers.map(({ at, text }) => ({
    rule: PLACEHOLDER_RULE,
    category: "document" as const,
    severity: "warning" as const,
    message: `Placeholder ${text} is not filled in.`,
    start: chunk.start + at,
    end: chunk.start + at + text.length,
    explanation: "An inserted model clause marks the values the drafter must choose. Replace the marker with the agreed value.",
  }));
}

/** Drops claim findings on the sentence right after a `<!-- policy-lens: verified -->` annotation. */
export function dropVerifiedClaims(doc: PolicyDocument, findings: Finding[]): Finding[] {
  const verified = new Set<number>();
  for (const a of doc.annotations) {
    if (!VERIFIED_ANNOTATION.test(a.body)) continue;
    const next = doc.sentences.find((s) => s.start >= a.end);
    if (next) verified.add(next.start);
  }
  if (!verified.size) return findings;
  return findings.filter((f) => !(f.category === "claim" && verified.has(f.start)));
}

// ---------------------------------------------------------------------------------------
// Editing helpers

/**
 * Applies non-overlapping edits to text. Insertions at the same offset land in the order
 * they are listed, as LSP applies them (a footnote reference before its definition).
 */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  // Last first, so earlier offsets stay valid; at one offset the later-listed edit goes first.
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.start - a.edit.start || b.edit.end - a.edit.end || b.index - a.index);
  let out = text;
  for (const { edit: e } of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix kept). */
export function minimalEdit(before: string, after: string): OffsetEdit | undefined {
  if (before === after) return undefined;
  let p = 0;
  const max = Math.min(before.length, after.length);
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  return { start: p, end: before.length - s, newText: after.slice(p, after.length - s) };
}

function eolOf(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

function trimmedEnd(text: string, end = text.length): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}

// ---------------------------------------------------------------------------------------
// Fixes per finding

export interface FixOptions {
  /** Write clause placeholders as snippet tab stops (`${1:Customer}`) instead of `[[Customer]]`. */
  snippets?: boolean;
}

/** Every fix for a finding: the specific repair first, then the suppressions. */
export function fixesFor(analysis: Analysis, finding: Finding, rules: CompiledRules, options: FixOptions = {}): Fix[] {
  const fixes: Fix[] = [];
  const doc = analysis.document;
  if (finding.category === "missing-term" && finding.term) {
    clauseLibrary(analysis, finding.term, rules).forEach((_, variant) => {
      const insert = insertClauseFix(analysis, finding.term!, rules, variant, options);
      if (insert) fixes.push(insert);
    });
  } else if (finding.category === "loophole") {
    const remove = removeQualifierFix(doc.text, finding);
    if (remove) fixes.push(remove);
  } else if (finding.category === "claim") {
    fixes.push(addSourceFootnoteFix(doc.text, finding), markVerifiedFix(doc, finding));
  }
  fixes.push(suppressLineFix(doc, finding), suppressFileFix(doc, finding));
  return fixes;
}

// ----- Missing terms: insert the model clause ------------------------------------------

/** Heading words that make a section the home of a term, strongest first. */
const TERM_SECTION_HINTS: Record<TermId, RegExp[]> = {
  "exit-strategy": [/\bexit\b|\breversib/, /\btermination\b|\btransition\b|\bexpiry\b|\bhand-?over\b/],
  "data-residency": [/\blocation\b|\bresidency\b|\bhosting\b|\bdata cent(?:re|er)s?\b|\bstorage\b/, /\bdata\b(?! protection)/],
  "data-protection": [/\bdata protection\b|\bpersonal data\b|\bprivacy\b|\bgdpr\b/, /\bdata\b/],
  jurisdiction: [/\bgoverning law\b|\bjurisdiction\b|\bapplicable law\b/, /\bdisputes?\b/],
  "foreign-law-exposure": [/\bforeign\b|\bsovereign|\baccess requests?\b|\bgovernment access\b/, /\bdisclosure\b/],
  "audit-rights": [/\baudits?\b|\binspections?\b/, /\bverification\b|\bcompliance\b/],
  personnel: [/\bpersonnel\b|\bstaff\b|\bclearance\b/],
  subcontracting: [/\bsub-?contract|\bsub-?processors?\b/, /\bthird part/],
  "human-oversight": [/\boversight\b|\bhuman\b/, /\bcontrol\b/],
};

/** Sections a new section goes before: the closing provisions of a contract. */
const CLOSING_SECTION = /\bgoverning law\b|\bapplicable law\b|\bjurisdiction\b|\bdisputes?\b|\bfinal provisions\b|\bmiscellaneous\b|^general(?: provisions)?$|\bentire agreement\b|\bsignatures?\b|\bexecution\b|\bschedules?\b|\bannex(?:es)?\b|\bappendi(?:x|ces)\b/;

/** A numbered heading line: `## 7. Title`, `## Clause 6 — Title`, `## Article IV: Title`, `## 3 Title`. */
const NUMBERED_HEADING = /^(#{1,6}[ \t]+(?:(?:clause|section|article|art\.|§)[ \t]*)?)(\d{1,3}|[IVXLC]{1,6})(?!\.?\d)(\.?(?:[ \t]*[—–:.-])?[ \t]*)(\S.*)$/i;
/** A numbered paragraph: `7.1 The Supplier…` (leading spaces, quote markers allowed). */
const NUMBERED_PARAGRAPH = /^([ \t>]*)(\d{1,3})((?:\.\d{1,3})+)(\.?[ \t]+)/;

interface HeadingNumber {
  section: number;
  /** Offset and text of the number token in the heading line. */
  numberStart: number;
  number: string;
  roman: boolean;
  prefix: string;
  separator: string;
}

interface NumberingScheme {
  /** Heading level of the contract's top-level sections. */
  level: number;
  /** Numbered top-level sections, in document order. */
  numbered: HeadingNumber[];
  /** A numbered heading to copy the style from, if the document numbers its sections. */
  template?: HeadingNumber;
  /** How numbered paragraphs end their number (`7.1 ` or `7.1. `), if the document uses them. */
  paragraphSuffix?: string;
}

function parseHeadingNumber(doc: PolicyDocument, index: number): HeadingNumber | undefined {
  const s = doc.sections[index];
  const line = doc.text.slice(s.headingStart, doc.lines.lineEnd(doc.lines.position(s.headingStart).line));
  const m = NUMBERED_HEADING.exec(line);
  if (!m) return undefined;
  const roman = /^[IVXLC]+$/i.test(m[2]);
  // A Roman numeral needs punctuation after it, or "## I agree" would count.
  if (roman && !/[.—–:-]/.test(m[3])) return undefined;
  return { section: index, numberStart: s.headingStart + m[1].length, number: m[2], roman, prefix: m[1], separator: m[3] };
}

/** How the document numbers its sections and paragraphs. */
export function numberingScheme(doc: PolicyDocument): NumberingScheme {
  const parsed = doc.sections.map((_, i) => parseHeadingNumber(doc, i));
  const counts = new Map<number, number>();
  for (const p of parsed) if (p) counts.set(doc.sections[p.section].level, (counts.get(doc.sections[p.section].level) ?? 0) + 1);
  let level = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  if (level === undefined) {
    // A loop, not Math.min(...levels): a document may have more headings than a call has room for arguments.
    level = doc.sections.reduce((min, s) => (s.level > 1 && s.level < min ? s.level : min), Infinity);
    if (level === Infinity) level = 2;
  }
  const numbered = parsed.filter((p): p is HeadingNumber => !!p && doc.sections[p.section].level === level);
  let paragraphSuffix: string | undefined;
  for (const c of doc.clauses) {
    if (c.source !== "paragraph") continue;
    const m = NUMBERED_PARAGRAPH.exec(doc.text.slice(c.start, doc.lines.lineEnd(doc.lines.position(c.start).line)));
    if (m) {
      paragraphSuffix = m[4].includes(".") ? ". " : " ";
      break;
    }
  }
  return { level, numbered, template: numbered[numbered.length - 1], paragraphSuffix };
}

function toRoman(n: number): string {
  const table: [number, string][] = [[100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let out = "";
  for (const [v, s] of table) while (n >= v) (out += s), (n -= v);
  return out;
}

function fromRoman(s: string): number {
  const v: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
  const u = s.toUpperCase();
  let n = 0;
  for (let i = 0; i < u.length; i++) n += v[u[i]] < (v[u[i + 1]] ?? 0) ? -v[u[i]] : v[u[i]];
  return n;
}

const headingValue = (h: HeadingNumber) => (h.roman ? fromRoman(h.number) : Number(h.number));
const formatLike = (h: HeadingNumber, n: number) => (h.roman ? (h.number === h.number.toLowerCase() ? toRoman(n).toLowerCase() : toRoman(n)) : String(n));

/** The section whose heading names the term (strongest hint first), never the title. */
export function matchingSection(doc: PolicyDocument, term: TermId): number {
  for (const hint of TERM_SECTION_HINTS[term]) {
    const i = doc.sections.findIndex((s) => s.level > 1 && hint.test(s.title.toLowerCase()));
    if (i >= 0) return i;
  }
  return -1;
}

/** Where a section's own text ends: before its first subsection, else at its end. */
function ownContentEnd(doc: PolicyDocument, index: number): number {
  const child = doc.sections.find((s) => s.parent === index);
  return child ? Math.max(doc.sections[index].headingEnd, trimmedEnd(doc.text, child.headingStart)) : doc.sections[index].end;
}

/**
 * Inserts the term's model clause: into the section that already deals with it, else as a
 * new section before the closing provisions (governing law, final provisions, schedules)
 * or at the end, numbered like the document's own sections and paragraphs. The values the
 * drafter must choose become `[[…]]` markers.
 */
export function insertClauseFix(analysis: Analysis, term: TermId, rules: CompiledRules, variant = 0, options: FixOptions = {}): Fix | undefined {
  const rule = rules.source.terms.find((t) => t.term === term);
  if (!rule) return undefined;
  const model = clauseLibrary(analysis, term, rules)[variant];
  if (!model) return undefined;
  const doc = analysis.document;
  const text = doc.text;
  const eol = eolOf(text);
  const snippet = !!options.snippets;
  // In a snippet everything but the clause's own tab stops is literal text.
  const literal = (s: string) => (snippet ? s.replace(/[$}\\]/g, "\\$&") : s);
  const body = snippet ? model.body : snippetToPlaceholders(model.body);
  const scheme = numberingScheme(doc);

  const home = matchingSection(doc, term);
  if (home >= 0) {
    const at = ownContentEnd(doc, home);
    const sectionNumber = parseHeadingNumber(doc, home);
    let numbered = body;
    if (sectionNumber && scheme.paragraphSuffix) {
      const prefix = `${sectionNumber.number}.`;
      const siblings = doc.clauses.filter((c) => c.source === "paragraph" && c.number.startsWith(prefix) && !c.number.slice(prefix.length).includes("."));
      const next = siblings.reduce((max, c) => Math.max(max, Number(c.number.slice(prefix.length)) || 0), 0) + 1;
      numbered = `${prefix}${next}${scheme.paragraphSuffix}${body}`;
    }
    return {
      title: `Insert the model ${rule.label} clause into “${doc.sections[home].title}”`,
      edits: [{ start: at, end: at, newText: `${eol}${eol}${numbered}` }],
      snippet: snippet || undefined,
    };
  }

  // A new top-level section.
  const top = doc.sections.map((s, i) => ({ s, i })).filter(({ s }) => s.level === scheme.level);
  const closing = top.find(({ s }, k) => k > 0 && CLOSING_SECTION.test(s.title.toLowerCase().replace(/^[^a-z]*(?:(?:clause|section|article)\s+\S+\s*[—–:.-]?\s*)?/, "")));
  const edits: OffsetEdit[] = [];
  let number: number | undefined;
  const template = scheme.template;
  if (template) {
    if (closing) {
      const closingNumber = scheme.numbered.find((h) => h.section === closing.i);
      number = closingNumber ? headingValue(closingNumber) : undefined;
      // Sections from the closing one on move down by one, with their numbered paragraphs.
      if (number !== undefined) for (const e of renumberFrom(doc, scheme, closing.i)) edits.push(e);
    }
    number ??= scheme.numbered.reduce((max, h) => Math.max(max, headingValue(h)), 0) + 1;
  }
  const title = model.title;
  const heading = literal(template && number !== undefined ? `${template.prefix}${formatLike(template, number)}${template.separator}${title}` : `${"#".repeat(scheme.level)} ${title}`);
  const paragraph = template && number !== undefined && scheme.paragraphSuffix ? `${formatLike(template, number)}.1${scheme.paragraphSuffix}${body}` : body;
  const section = `${heading}${eol}${eol}${paragraph}`;
  if (closing) {
    const at = closing.s.headingStart;
    edits.push({ start: at, end: at, newText: `${section}${eol}${eol}` });
  } else {
    const at = trimmedEnd(text);
    edits.push({ start: at, end: at, newText: `${at > 0 ? eol + eol : ""}${section}${at === text.length ? eol : ""}` });
  }
  return { title: `Insert section “${title}” (${rule.label})`, edits: edits.sort((a, b) => a.start - b.start), snippet: snippet || undefined };
}

/** The wordings on offer for a term: the document's clause library (config, profile), else the built-in one. */
export function clauseLibrary(analysis: Analysis, term: TermId, rules: CompiledRules): { title: string; body: string }[] {
  const configured = analysis.settings?.clauses?.[term]?.clauses;
  if (configured?.length) return configured;
  const builtin = rules.source.terms.find((t) => t.term === term)?.modelClause;
  return builtin ? [builtin] : [];
}

/** Edits that add one to every top-level section number from `from` on, and to their paragraphs. */
function renumberFrom(doc: PolicyDocument, scheme: NumberingScheme, from: number): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  for (const h of scheme.numbered) {
    if (h.section < from) continue;
    const old = headingValue(h);
    edits.push({ start: h.numberStart, end: h.numberStart + h.number.length, newText: formatLike(h, old + 1) });
    const s = doc.sections[h.section];
    for (const c of doc.clauses) {
      if (c.source !== "paragraph" || c.start < s.headingStart || c.start >= s.end || !c.number.startsWith(`${h.number}.`)) continue;
      const m = NUMBERED_PARAGRAPH.exec(doc.text.slice(c.start, c.start + 40));
      if (!m || m[2] !== h.number) continue;
      const at = c.start + m[1].length;
      edits.push({ start: at, end: at + m[2].length, newText: String(old + 1) });
    }
  }
  return edits;
}

// ----- Loopholes: remove the qualifier ---------------------------------------------------

/** Qualifiers whose removal leaves a grammatical sentence: fix-all may apply these. */
const CLEAN_REMOVAL = /^(?:unless|except|save|other than|provided that|subject to|to the extent|as permitted|as required|where permitted|where required|until further notice|at (?:its|their|the) (?:sole )?discretion|in accordance with|consistent with)\b|^\S+ly$/i;

/**
 * Deletes the qualifier with one adjacent separator, as a proofreader would: `, except …`
 * loses its comma, `knowingly ` its space; a parenthetical `, unless …,` loses one comma.
 */
export function removeQualifierFix(text: string, finding: Finding): Fix | undefined {
  let { start, end } = finding;
  if (end <= start) return undefined;
  const phrase = text.slice(start, end);
  let newText = "";
  const before = text.slice(Math.max(0, start - 2), start);
  const after = text[end] ?? "";
  // "U.S. EU persons": the period of an abbreviation does not start a sentence.
  const afterAbbreviation = /(?:\b\p{L}\.)+\s$|\b(?:e\.g|i\.e|etc|No|Art|Mr|Ms|Dr|St|Inc|Ltd)\.\s$/u.test(text.slice(Math.max(0, start - 10), start));
  const atSentenceStart =
    !afterAbbreviation && /(?:^|[.!?:]\s|\n[ \t>*-]*|^\s*)$/.test(text.slice(Math.max(0, start - 3), start)) && /^\p{Lu}/u.test(phrase);
  if (before === ", " && after === ",") {
    start -= 2;
    end += 1;
  } else if (before === ", " || before === " ,") start -= 2;
  else if (atSentenceStart) {
    // "Except as agreed, the Supplier…" → "The Supplier…"
    const rest = /^,?[ \t]+/.exec(text.slice(end));
    if (rest) end += rest[0].length;
    const next = text[end] ?? "";
    if (/\p{Ll}/u.test(next)) {
      newText = next.toUpperCase();
      end += 1;
    }
  } else if (before.endsWith(" ") && (after === " " || after === "," || after === "." || after === ";" || after === "")) start -= 1;
  else if (after === " ") end += 1;
  const safe = CLEAN_REMOVAL.test(phrase.trim()) || finding.rule === "loophole/intent-test";
  return { title: `Remove the qualifier “${phrase.replace(/\s+/g, " ")}”`, edits: [{ start, end, newText }], safe };
}

// ----- Claims: footnote or verified ------------------------------------------------------

/** Adds `[^n]` after the sentence and a `[^n]: Source: [[source]]` definition at the end. */
export function addSourceFootnoteFix(text: string, finding: Finding): Fix {
  const eol = eolOf(text);
  let max = 0;
  for (const m of text.matchAll(/\[\^(\d+)\]/g)) max = Math.max(max, Number(m[1]));
  const n = max + 1;
  const end = trimmedEnd(text);
  const lastLineStart = Math.max(text.lastIndexOf("\n", end - 1) + 1, 0);
  const endsWithFootnotes = /^\[\^[^\]\s]+\]:/.test(text.slice(lastLineStart, end));
  const definition = `${endsWithFootnotes ? eol : eol + eol}[^${n}]: Source: ${placeholder("source")}${end === text.length ? eol : ""}`;
  return {
    title: `Add a source footnote [^${n}]`,
    edits: [
      { start: finding.end, end: finding.end, newText: `[^${n}]` },
      { start: end, end, newText: definition },
    ],
  };
}

/** Marks the sentence as checked with `<!-- policy-lens: verified -->` right before it. */
export function markVerifiedFix(doc: PolicyDocument, finding: Finding): Fix {
  const text = doc.text;
  const line = doc.lines.position(finding.start).line;
  const lineStart = doc.lines.starts[line];
  const title = "Mark the claim as verified";
  // Mid-line: an inline comment. At a line start an HTML comment would swallow the line, so
  // it goes at the end of the previous line of the same paragraph, or on a line of its own.
  if (text.slice(lineStart, finding.start).trim()) return { title, edits: [{ start: finding.start, end: finding.start, newText: `${VERIFIED_COMMENT} ` }] };
  const sentence = doc.sentences.find((s) => s.start === finding.start);
  const block = sentence ? doc.blocks[sentence.block] : undefined;
  if (block && block.startLine < line) {
    const at = doc.lines.lineEnd(line - 1);
    return { title, edits: [{ start: at, end: at, newText: ` ${VERIFIED_COMMENT}` }] };
  }
  return { title, edits: [{ start: lineStart, end: lineStart, newText: `${VERIFIED_COMMENT}${eolOf(text)}` }] };
}

// ----- Suppressions ----------------------------------------------------------------------

export function suppressLineFix(doc: PolicyDocument, finding: Finding): Fix {
  const line = doc.lines.position(finding.start).line;
  const at = doc.lines.starts[line];
  const indent = /^[ \t]*/.exec(doc.lines.lineText(line))![0];
  return {
    title: `Suppress ${finding.rule} on this line`,
    edits: [{ start: at, end: at, newText: `${indent}<!-- policy-lens-disable-next-line ${finding.rule} -->${eolOf(doc.text)}` }],
  };
}

export function suppressFileFix(doc: PolicyDocument, finding: Finding): Fix {
  // After the front matter, which must stay first.
  const fmEnd = doc.frontMatter?.end ?? 0;
  const at = fmEnd ? doc.lines.lineEnd(doc.lines.position(fmEnd).line, true) : 0;
  const eol = eolOf(doc.text);
  const newText = at === doc.text.length && fmEnd ? `${eol}<!-- policy-lens-disable ${finding.rule} -->${eol}` : `<!-- policy-lens-disable ${finding.rule} -->${eol}`;
  return { title: `Suppress ${finding.rule} in this file`, edits: [{ start: at, end: at, newText }] };
}

// ----- Fix all ---------------------------------------------------------------------------

/**
 * Applies every safe fix, re-analysing after each so offsets stay right. Returns the new
 * text and the titles of the fixes applied.
 */
export function fixAll(text: string, analyzeText: (text: string) => Analysis, rules: CompiledRules, maxFixes = 200, outOfTime?: () => boolean): { text: string; applied: string[] } {
  const applied: string[] = [];
  const tried = new Set<string>();
  let current = text;
  // `outOfTime` is the deadline of the whole fix-all (each round analyses the text again):
  // past it, the safe fixes applied so far are kept and no more are looked for.
  for (let round = 0; round < maxFixes && !outOfTime?.(); round++) {
    const analysis = analyzeText(current);
    let next: { fix: Fix; key: string } | undefined;
    for (const f of analysis.findings) {
      if (outOfTime?.()) break;
      const key = `${f.rule}\u0000${current.slice(f.start, f.end)}`;
      if (tried.has(key)) continue;
      const fix = fixesFor(analysis, f, rules).find((x) => x.safe);
      if (fix) {
        next = { fix, key };
        break;
      }
    }
    if (!next) break;
    tried.add(next.key);
    current = applyEdits(current, next.fix.edits);
    applied.push(next.fix.title);
  }
  return { text: current, applied };
}
