// Fixes for findings, as plain offset edits, shared by the CLI and the language server.
// Pure TypeScript: no editor, LSP or Node APIs.

import type { Analysis } from "./analyze";
import type { CompiledRules } from "./detect";
import { perChunk, proseSlice, type DocumentChunk, type PolicyDocument } from "./model";
import { PatternSet } from "./patterns";
import { readSuppressions, UNUSED_SUPPRESSION_RULE } from "./config/suppressions";
import { documentParties, fillParties, partyRole, type PartyTerms } from "./parties";
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
  return renderClauseBody(snippet, {}, false);
}

/** Escapes text for an LSP snippet, where `$`, `}` and `\` are syntax. */
export const escapeSnippetText = (s: string) => s.replace(/[$}\\]/g, "\\$&");

// A clause body's tab stops (`${1:Customer}`, `${2}`, `$3`) and party names (`{Supplier}`);
// every other character is literal, `${CLIPBOARD}` and `$UUID` included.
const CLAUSE_BODY_TOKEN = /\$\{(\d+)(?::([^}]*))?\}|\$(\d+)|\{([A-Za-z][\w -]*)\}/g;

/**
 * A clause body as it goes into the document. A tab stop or `{Name}` that names a party or
 * the start date ("Customer", "Supplier", "Effective Date") becomes the document's own term
 * when it has one; every other tab stop stays a value to choose — a snippet tab stop, or a
 * `[[…]]` marker. In a snippet everything else is escaped, so a configured body can never
 * smuggle in snippet variables such as `${CLIPBOARD}`.
 */
export function renderClauseBody(body: string, parties: PartyTerms, snippet: boolean): string {
  const literal = (s: string) => (snippet ? escapeSnippetText(s) : s);
  let maxStop = 0;
  for (const m of body.matchAll(CLAUSE_BODY_TOKEN)) maxStop = Math.max(maxStop, Number(m[1] ?? m[3] ?? 0));
  const extraStops = new Map<string, number>();
  let out = "";
  let last = 0;
  for (const m of body.matchAll(CLAUSE_BODY_TOKEN)) {
    const named = m[4];
    const name = named ?? m[2] ?? "";
    const role = name ? partyRole(name) : undefined;
    if (named !== undefined && !role) continue; // an ordinary `{word}` is text
    out += literal(body.slice(last, m.index));
    last = m.index + m[0].length;
    if (role && parties[role]) {
      out += literal(parties[role]!);
      continue;
    }
    let stop = Number(m[1] ?? m[3] ?? 0);
    if (named !== undefined) {
      stop = extraStops.get(role!) ?? ++maxStop;
      extraStops.set(role!, stop);
    }
    out += snippet ? (name ? `\${${stop}:${escapeSnippetText(name)}}` : `\$${stop}`) : placeholder(name || "…");
  }
  return out + literal(body.slice(last));
}

/** One `document/placeholder` warning per unfilled `[[…]]` marker in the prose (never in code). */
export function placeholderFindings(doc: PolicyDocument): Finding[] {
  // Text left unparsed at the time budget is blank in the mask: no markers to find.
  const parsed = doc.parsedUntil === undefined ? doc.chunks : doc.chunks.filter((chunk) => chunk.start < doc.parsedUntil!);
  return parsed.flatMap((chunk) => chunkPlaceholderFindings(doc, chunk));
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
    fixes.push(...loopholeFixes(analysis, finding, rules));
  } else if (finding.category === "claim") {
    fixes.push(addSourceFootnoteFix(doc.text, finding), markVerifiedFix(doc, finding));
  } else if (finding.rule === UNUSED_SUPPRESSION_RULE) {
    const remove = removeUnusedSuppressionFix(analysis, finding);
    if (remove) fixes.push(remove);
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
  const literal = (s: string) => (snippet ? escapeSnippetText(s) : s);
  const body = renderClauseBody(model.body, documentParties(doc), snippet);
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

// ----- Loopholes: narrow the qualifier --------------------------------------------------

/** An exception cut out of a limit: deleting it makes the limit apply without it. */
const EXCEPTION_SHAPE = /^(?:unless|except|excepting|save|other than|notwithstanding|excluding)\b/i;
/** A condition: on a limit, deleting it makes the limit unconditional; on a permission, it is all that holds the permission back. */
const CONDITION_SHAPE =
  /^(?:where|wherever|when|whenever|if|to the extent|as (?:permitted|required|allowed|authori[sz]ed|necessary|otherwise)|subject to|provided that|in accordance with|consistent with|until further notice|at (?:its|their|the)(?: sole)? discretion|from time to time|in (?:limited|certain|exceptional|specific|special) (?:circumstances|cases|situations))\b/i;
const LIMIT_CONDITION = /^(?:where|wherever|when|whenever|if|to the extent|as|subject to|provided that)\b/i;
/** A degree word or phrase that can go without leaving a gap. */
const ADVERB_SHAPE = /^(?:\p{L}+ly|in isolation|on its own|by default|in principle|as a rule|in general|real-time)$/iu;

/**
 * The modal that governs a qualifier: a limit (a prohibition "shall not", or an obligation
 * "shall store … only in") or a permission ("may transfer"). The nearest one before the
 * qualifier decides, else the first after it.
 */
const POLARITY =
  /\b(?:(?<limit>(?:shall|must|will|may|might|can|could|should|would|do|does|did|is|are|be)\s+(?:\w+\s+)?(?:not|never)|cannot|can't|won't|shan't|mustn't|never|no|prohibit\w*|forbid\w*|shall|must|will)|(?<permission>may|can|might|could|(?:permitted|entitled|allowed|authori[sz]ed|free)\s+to|right\s+to))\b/gi;

export type Polarity = "limit" | "permission" | undefined;

export function polarityOf(sentence: string, at: number, end = at): Polarity {
  let before: Polarity;
  let after: Polarity;
  for (const m of sentence.matchAll(POLARITY)) {
    const kind: Polarity = m.groups?.limit ? "limit" : "permission";
    if (m.index < at) before = kind;
    else if (m.index >= end && !after) after = kind;
  }
  return before ?? after;
}

/**
 * Whether an offset lies in reported or quoted words: a news note, a blockquote, or inside
 * quotation marks. Fixes never edit those words; the writer can only source, mark or suppress.
 */
export function inReportedText(analysis: Analysis, offset: number): boolean {
  if (analysis.kind === "news-note") return true;
  const doc = analysis.document;
  const sentence = sentenceAt(doc, offset);
  const block = sentence ? doc.blocks[sentence.block] : undefined;
  if (!block) return false;
  if (block.inQuote || block.type === "quote") return true;
  const before = doc.text.slice(block.start, offset);
  const curlyOpen = (before.match(/“/g) ?? []).length - (before.match(/”/g) ?? []).length;
  return curlyOpen > 0 || (before.match(/"/g) ?? []).length % 2 === 1;
}

function sentenceAt(doc: PolicyDocument, offset: number) {
  const list = doc.sentences;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end <= offset) lo = mid + 1;
    else if (list[mid].start > offset) hi = mid - 1;
    else return list[mid];
  }
  return undefined;
}

/** Whether [start, end) holds anything but prose: a comment, code, a link target, a clause number. */
function holdsMarkup(doc: PolicyDocument, start: number, end: number): boolean {
  const prose = proseSlice(doc, start, end);
  for (let i = 0; i < prose.length; i++) if (prose[i] === " " && !/\s/.test(doc.text[start + i])) return true;
  return false;
}

/** Whether the qualifier ends where its clause ends (not cut short), so that all of it can go. */
function endsAtClauseEnd(text: string, end: number, sentenceEnd: number): boolean {
  let i = end;
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  return i >= sentenceEnd || i >= text.length || /[,;:.!?)\r\n]/.test(text[i]);
}

/**
 * The fixes for a loophole in a contract: a narrowing redline from the rule's wordings
 * (`narrowing` in the rule set), then — where deleting the qualifier makes the limit stricter
 * and leaves a sentence — its deletion. None in reported or quoted words, none that would edit a
 * comment, code or a link target, and none inside a permission that would widen it.
 */
export function loopholeFixes(analysis: Analysis, finding: Finding, rules: CompiledRules): Fix[] {
  // A config's loophole rule is in the rules the analysis ran with.
  const rule = (analysis.rules ?? rules).source.loopholes.find((l) => l.id === finding.rule);
  const narrowing = rule?.narrowing;
  const doc = analysis.document;
  const text = doc.text;
  // Only a contract's own clauses are the drafter's to redline: a policy or a briefing may be
  // describing someone else's terms, and a news note reports them.
  if (!narrowing || analysis.kind !== "contract" || finding.end <= finding.start || inReportedText(analysis, finding.start)) return [];
  let { start, end } = finding;
  // `*intentionally*`: the emphasis goes with the word, or `**` is left behind.
  while (start > 0 && end < text.length && /[*_]/.test(text[start - 1]) && text[start - 1] === text[end]) start--, end++;
  if (holdsMarkup(doc, finding.start, finding.end)) return [];
  const sentence = sentenceAt(doc, finding.start);
  if (!sentence) return [];
  const phrase = text.slice(finding.start, finding.end);
  const words = phrase.replace(/\s+/g, " ").trim();
  const polarity = polarityOf(text.slice(sentence.start, sentence.end), finding.start - sentence.start, finding.end - sentence.start);
  const whole = endsAtClauseEnd(text, finding.end, sentence.end);
  const clauseShape = EXCEPTION_SHAPE.test(words) || CONDITION_SHAPE.test(words);
  const atStart = /^\p{Lu}/u.test(phrase) && !text.slice(sentence.start, finding.start).trim();
  const parties = documentParties(doc);
  const fixes: Fix[] = [];

  const before = text.slice(sentence.start, finding.start);
  const after = text.slice(finding.end, sentence.end);
  // "(… Schedule 3 (Appro" or ", which may be accessed …": the qualifier goes on beyond its span.
  const unbalanced = (phrase.match(/\(/g) ?? []).length !== (phrase.match(/\)/g) ?? []).length;
  if (unbalanced || /^\s*,?\s*(?:which|who|whose|whom)\b/i.test(after)) return [];
  const replaceWith = (wording: string | undefined) => {
    if (!wording || !replaceable(narrowing.replaces, words)) return;
    if (/\bonly\s*$/i.test(before) && /^only\b/i.test(wording)) return;
    let newText = fillParties(wording, parties);
    if (atStart) newText = newText[0].toUpperCase() + newText.slice(1);
    fixes.push({ title: `Replace “${words}” with “${newText}”`, edits: [{ start: finding.start, end: finding.end, newText }] });
  };
  if (finding.rule === "loophole/protected-class" || (narrowing.everyone && !clauseShape)) {
    // "shall not monitor U.S. persons" → "any person"; not as a subject, where the verb would no longer agree.
    const next = /^\s*(\w+)/.exec(after)?.[1]?.toLowerCase();
    const previous = /(\w+)\W*$/.exec(before)?.[1]?.toLowerCase();
    // Not as a subject or a complement ("claimants who are U.S. persons"), where "any person" would not agree.
    if (polarity === "limit" && !/^(?:is|are|was|were|shall|will|may|must|have|has|can)$/.test(next ?? "") && !/^(?:is|are|was|were|be|being|been|as)$/.test(previous ?? "")) {
      if (narrowing.everyone) fixes.push({ title: `Replace “${words}” with “${narrowing.everyone}”`, edits: [{ start: finding.start, end: finding.end, newText: narrowing.everyone }] });
    }
  } else if (clauseShape && whole) {
    // An "unless …" wording takes the place of an exception or a condition; "until further notice" and "at its discretion" just go.
    if (polarity === "limit" && (EXCEPTION_SHAPE.test(words) || LIMIT_CONDITION.test(words))) replaceWith(narrowing.inLimit);
    else if (polarity === "permission" && CONDITION_SHAPE.test(words)) replaceWith(narrowing.inPermission);
  }
  // "…, in each case except as permitted by law": without the qualifier the words before it dangle.
  const dangles = /\b(?:in (?:each|every|all|either|any) cases?|and|or|but|nor)\s*,?\s*$/i.test(before);
  if (narrowing.delete && polarity === "limit" && !dangles && ((clauseShape && whole) || ADVERB_SHAPE.test(words))) {
    const removal = removeQualifierFix(text, { ...finding, start, end });
    if (removal && readsAsSentence(text, sentence, removal.edits[0])) fixes.push(removal);
  }
  return fixes;
}

const replaceableSets = new WeakMap<readonly string[], PatternSet>();
/** Whether a qualifier is one the rule's wordings may replace (its `narrowing.replaces`). */
function replaceable(patterns: readonly string[], words: string): boolean {
  if (!patterns.length) return false;
  let set = replaceableSets.get(patterns);
  if (!set) replaceableSets.set(patterns, (set = new PatternSet(patterns)));
  return set.test(words.toLowerCase());
}

/** Whether a sentence still reads after a deletion: no stray separator, no dangling word. */
function readsAsSentence(text: string, sentence: { start: number; end: number }, edit: OffsetEdit): boolean {
  if (edit.start < sentence.start || edit.end > sentence.end + 1) return false;
  const before = text.slice(sentence.start, sentence.end);
  const after = text.slice(sentence.start, edit.start) + edit.newText + text.slice(edit.end, Math.max(edit.end, sentence.end));
  const flaws = (s: string) => (s.match(/[ \t][,.;:]|,[ \t]*[,.;:]|\([ \t]*\)|\b(?:to|of|the|a|an|and|or|but|by|for|with|in|on|from|that|than)[ \t]*[,.;:!?]/gi) ?? []).length;
  return after.trim().length > 0 && flaws(after) <= flaws(before);
}

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
  return { title: `Remove the qualifier “${phrase.replace(/[*_]/g, "").replace(/\s+/g, " ")}”`, edits: [{ start, end, newText }] };
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

/**
 * `<!-- policy-lens-disable-line rule -->` at the end of the finding's line, where an inline
 * comment leaves the Markdown as it was: a comment on a line of its own would end a table,
 * split a blockquote or a list item, or turn a setext heading's text into a paragraph.
 * It goes before a hard line break (two spaces or `\`), a table row's closing `|` and an
 * ATX heading's closing `#`s. Where the line ends inside a code span, on the line before.
 */
export function suppressLineFix(doc: PolicyDocument, finding: Finding): Fix {
  const title = `Suppress ${finding.rule} on this line`;
  const comment = `<!-- policy-lens-disable-line ${finding.rule} -->`;
  const line = doc.lines.position(finding.start).line;
  const lineStart = doc.lines.starts[line];
  const lineText = doc.lines.lineText(line).replace(/\r?\n$/, "");
  let end = lineText.replace(/[ \t]+$/, "").length;
  const block = doc.blocks.find((b) => b.startLine <= line && line < b.endLine);
  if (lineText.slice(0, end).endsWith("\\")) end--;
  else if (block?.type === "table-row" && /(?<!\\)\|$/.test(lineText.slice(0, end))) end--;
  else if (block?.type === "heading") end = lineText.slice(0, end).replace(/[ \t]+#+$/, "").length;
  while (end > 0 && (lineText[end - 1] === " " || lineText[end - 1] === "\t")) end--;
  const backticks = (lineText.slice(0, end).match(/`+/g) ?? []).length;
  if (backticks % 2 === 0 && end > 0) return { title, edits: [{ start: lineStart + end, end: lineStart + end, newText: ` ${comment}` }] };
  const indent = /^[ \t]*/.exec(lineText)![0];
  return {
    title,
    edits: [{ start: lineStart, end: lineStart, newText: `${indent}<!-- policy-lens-disable-next-line ${finding.rule} -->${eolOf(doc.text)}` }],
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

/**
 * Removes a suppression comment that hides nothing (or the one unused rule id of several).
 * It touches only Policy Lens's own comment, never the document's words, so fix-all may
 * apply it. A comment whose every id is unused goes whole: dropping ids one by one would
 * leave a bare comment that disables every rule.
 */
export function removeUnusedSuppressionFix(analysis: Analysis, finding: Finding): Fix | undefined {
  const doc = analysis.document;
  const comment = readSuppressions(doc).find((s) => s.start === finding.start && s.end === finding.end);
  if (!comment) return undefined;
  const text = doc.text;
  const target = /^Unused suppression: `([^`]+)` hides/.exec(finding.message)?.[1];
  const unused = analysis.findings.filter((f) => f.rule === UNUSED_SUPPRESSION_RULE && f.start === comment.start).length;
  if (target && comment.targets.length > 1 && unused < comment.targets.length) {
    const body = text.slice(comment.start, comment.end);
    const at = new RegExp(`[\\s,]+${target.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(?=[\\s,]|-->)`).exec(body);
    if (!at) return undefined;
    const start = comment.start + at.index;
    return { title: `Remove \`${target}\` from the unused suppression`, edits: [{ start, end: start + at[0].length, newText: "" }], safe: true };
  }
  const title = "Remove the unused suppression comment";
  const line = doc.lines.position(comment.start).line;
  const lineStart = doc.lines.starts[line];
  const lineEnd = doc.lines.lineEnd(line);
  if (text.slice(lineStart, lineEnd).trim() !== text.slice(comment.start, comment.end) || doc.lines.position(comment.end).line !== line) {
    // Inline: the comment and the space before it.
    const start = comment.start > 0 && /[ \t]/.test(text[comment.start - 1]) ? comment.start - 1 : comment.start;
    return { title, edits: [{ start, end: comment.end, newText: "" }], safe: true };
  }
  const lineEndWithBreak = doc.lines.lineEnd(line, true);
  const blank = (l: number) => l < 0 || l >= doc.lines.lineCount || !doc.lines.lineText(l).trim();
  // Between two lines of text the comment's line separates two blocks: it stays, blank.
  if (!blank(line - 1) && !blank(line + 1)) return { title, edits: [{ start: lineStart, end: lineEnd, newText: "" }], safe: true };
  // Between two blank lines, one of them goes too, so no double blank line is left.
  if (blank(line - 1) && line + 1 < doc.lines.lineCount && blank(line + 1) && line > 0) {
    return { title, edits: [{ start: lineStart, end: doc.lines.lineEnd(line + 1, true), newText: "" }], safe: true };
  }
  if (lineEndWithBreak > lineEnd) return { title, edits: [{ start: lineStart, end: lineEndWithBreak, newText: "" }], safe: true };
  // The last line: its line break before it goes too.
  const start = line > 0 ? doc.lines.lineEnd(line - 1) : lineStart;
  return { title, edits: [{ start, end: lineEnd, newText: "" }], safe: true };
}

// ----- Fix all ---------------------------------------------------------------------------

/**
 * Applies every safe fix, re-analysing after each so offsets stay right. Returns the new
 * text and the titles of the fixes applied. This is what an editor's fix-on-save runs, so
 * a safe fix may never change what the document says: the only safe fixes remove Policy
 * Lens's own unused suppression comments. Every redline, insertion, footnote and
 * suppression is offered as a quick fix, for a person to choose.
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
