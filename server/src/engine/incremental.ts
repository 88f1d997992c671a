import { analysisClock, analyze, analyzeDocument, builtinRules, effectiveRules, findingOrder, presentTermsOf, titleRange, TIME_BUDGET_RULE, type Analysis, type AnalyzeOptions } from "./analyze";
import { activeCheckTypes, type CheckContext, type CrossSentenceRead } from "./checks/registry";
import { applyFindingSettings } from "./config/apply";
import { hasSuppressionComments } from "./config/suppressions";
import { documentAnchors, redetectChunk, sameBackReferences, sameSet, type SentenceFacts } from "./detect";
import { chunkPlaceholderFindings } from "./fixes";
import { decideKind, sameKindSignals } from "./kind";
import { decideLanguage } from "./language";
import { markdownSource, parseChunks, parseDocument, type DocumentChunk, type OpenStructure, type PolicyDocument, type Sentence, type SourceChunk } from "./model";
import { detachedCopy } from "./text";
import type { Finding, TermId } from "./types";

export { analyze, type Analysis, type AnalyzeOptions };

/**
 * Incremental analysis for an editor: the document is analysed again after every edit,
 * and the result is exactly what `analyze()` returns for the new text, but the work is
 * reused wherever the text it depends on did not change. A full analysis builds the model
 * from top-level chunks (model.ts) and computes chunk-local results per chunk (`perChunk`:
 * the chunk's blocks, sentences and mask, each sentence's phrase matches and facts, kind
 * counts); here the chunk objects of the last version are reused, so a keystroke re-parses
 * and re-matches one chunk. Only the current version's chunks and analysis are kept, so
 * memory follows the document, not its history.
 *
 * What spans chunks (sections and clauses, list lead-ins, back-references, kind, missing
 * terms) is recomputed from the chunk results by the same code as a full analysis, except
 * in the common case of a keystroke: an edit inside one chunk that changes nothing other
 * chunks depend on (`patchAnalysis`). Then the last analysis is patched: the chunk's facts
 * and findings are computed again and the others' are kept, shifted past the edit.
 */
export class IncrementalAnalyzer {
  private tokenizer = new ChunkedTokenizer();
  private last?: LastAnalysis;
  /** How many analyses were whole and how many patched (tests and benchmarks read it). */
  readonly counts = { whole: 0, patched: 0 };
  /**
   * When set (the editor's `policyLens.debug.verifyIncremental`), every patched analysis is
   * checked against a full analysis of the same text, and a difference is reported here. The
   * full analysis costs what a keystroke without the patch would: a debugging aid only.
   */
  verify?: (difference: string) => void;

  /**
   * The analysis of `text`. The one returned before is valid until this is called again:
   * its objects after the edit are moved to their new offsets, not copied. `change`, when the
   * caller knows it (an editor does), covers every edit since the last call, so the new text
   * is compared with the last one only around it.
   */
  analyze(text: string, options: AnalyzeOptions = {}, change?: TextChange): Analysis {
    const last = this.last;
    // The last analysis is changed in place from here: should anything below throw, the next starts afresh.
    this.last = undefined;
    try {
      return this.analyzeAfter(last, text, options, change);
    } catch (error) {
      this.tokenizer = new ChunkedTokenizer();
      throw error;
    }
  }

  private analyzeAfter(last: LastAnalysis | undefined, text: string, options: AnalyzeOptions, change: TextChange | undefined): Analysis {
    const started = analysisClock(options)();
    const document = parseDocument(text, { chunks: (t, blankedUntil) => this.tokenizer.chunksOf(t, blankedUntil, change), previous: () => last?.analysis.document });
    const patched = last && sameOptions(last.options, options) ? patchAnalysis(last, document, options) : undefined;
    if (patched) {
      this.counts.patched++;
      this.last = { ...last!, analysis: patched };
      if (this.verify) {
        const difference = analysisDifference(patched, analyze(text, { ...options, parse: undefined }));
        if (difference) this.verify(difference);
      }
      return patched;
    }
    const analysis = analyzeDocument(document, options, started);
    this.counts.whole++;
    this.last = { analysis, options, complete: !analysis.findings.some((f) => f.rule === TIME_BUDGET_RULE) };
    return analysis;
  }
}

/**
 * How a patched analysis differs from the full analysis of the same text, in a sentence
 * (the first differing finding, and the counts), or undefined when they agree.
 */
export function analysisDifference(patched: Analysis, full: Analysis): string | undefined {
  const shown = (f: Finding | undefined) => (f ? `${f.rule} [${f.start}, ${f.end}) ${f.severity} "${f.message}"` : "nothing");
  const same = (a: Finding, b: Finding) => a.rule === b.rule && a.start === b.start && a.end === b.end && a.severity === b.severity && a.message === b.message && a.term === b.term;
  const n = Math.max(patched.findings.length, full.findings.length);
  for (let i = 0; i < n; i++) {
    const [a, b] = [patched.findings[i], full.findings[i]];
    if (a && b && same(a, b)) continue;
    return `the patched analysis has ${shown(a)} where a full analysis has ${shown(b)} (finding ${i + 1}; ${patched.findings.length} patched, ${full.findings.length} in full)`;
  }
  if (!sameSet(patched.presentTerms, full.presentTerms)) return `the patched analysis finds the terms ${[...patched.presentTerms].join(", ") || "none"} present, a full analysis ${[...full.presentTerms].join(", ") || "none"}`;
  return undefined;
}

/**
 * The reads across sentences (what check types declare in checks/registry.ts) that a patch
 * keeps exact, each with where it is compared before and after the edit. A document on which
 * a check type runs that reads anything else is analysed whole on every edit: a new check
 * type, or a new read, is patched only once its comparison is written here.
 */
const PATCH_KEEPS: Record<CrossSentenceRead, string | undefined> = {
  "document-red-lines": "patchAnalysis: whether the document has a red line",
  "clause-red-line": "sameBackReferences and redetectChunk: each back-reference finds the red line it found",
  "lead-in": "redetectChunk: sameLeadInRole for each block of the chunk that does not read as before (unchangedBlocks)",
  "list-items": "redetectChunk: a lead-in's items' red lines and topics (leadsRedLine, listTopics)",
  "document-anchors": "redetectChunk: the chunk's contextual anchors",
  "previous-sentence-terms": "redetectChunk: the residency promise at the chunk's end",
  "present-terms": "patchAnalysis: the terms present",
  "covered-topics": "patchAnalysis: the topics the red lines cover",
  "previous-statement": undefined,
  "document-retractions": undefined,
  "all-sentence-facts": undefined,
  "section-titles": undefined,
};

/** What the check types that run on such a document read across sentences; undefined if a patch does not keep all of it. */
function crossSentenceReads(context: CheckContext): Set<CrossSentenceRead> | undefined {
  const reads = new Set(activeCheckTypes(context).flatMap((c) => c.reads));
  for (const read of reads) if (PATCH_KEEPS[read] === undefined) return undefined;
  return reads;
}

function coveredTopics(facts: readonly SentenceFacts[]): Set<string> {
  const topics = new Set<string>();
  for (const f of facts) if (f.redLine) for (const t of f.topics) topics.add(t.id);
  return topics;
}

interface LastAnalysis {
  analysis: Analysis;
  options: AnalyzeOptions;
  /** False when the time budget cut it short. */
  complete: boolean;
  docHasRedLine?: boolean;
  /** The document's contextual-term anchors (they are the same after a patch). */
  anchored?: Set<TermId>;
}

function sameOptions(a: AnalyzeOptions, b: AnalyzeOptions): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof AnalyzeOptions)[]);
  for (const key of keys) if (key !== "parse" && a[key] !== b[key]) return false;
  return true;
}

/**
 * The analysis of `document`, an edit of the last analysed text inside one chunk, from the
 * last analysis; undefined unless the edit provably changes nothing outside the chunk:
 * the document's blocks, sentences and sections are the same but for offsets (clauses may
 * differ if every back-reference still finds the same red line), its kind is, what the
 * chunk's sentences say that others read is (redetectChunk), so are the terms present, and
 * the chunk holds no comment and no whole-document finding. Contracts only: claims in news
 * notes depend on the sentences around them.
 */
function patchAnalysis(last: LastAnalysis, document: PolicyDocument, options: AnalyzeOptions): Analysis | undefined {
  const old = last.analysis;
  const before = old.document;
  if (!last.complete || options.preview) return undefined;
  const reads = crossSentenceReads({ kind: old.kind, settings: old.settings });
  if (!reads) return undefined;
  const k = editedChunk(document, before);
  if (k <= 0) return undefined; // the first chunk holds the front matter; k < 0: no single chunk
  const chunk = document.chunks[k];
  const edited = before.chunks[k];
  const structure = structureChange(document, before, k);
  if (!structure) return undefined;
  // Comments outside the chunk are in both versions, so one look at each side of the edit covers them.
  if (hasSuppressionComments(document) || hasAnnotationIn(document, chunk) || hasAnnotationIn(before, edited)) return undefined;
  const [titleStart, titleEnd] = titleRange(before);
  if (titleEnd >= edited.start && titleStart <= edited.end) return undefined;
  // A declared kind is decided without counting (decideKind); otherwise the chunk's signals must count the same.
  const kindDecision = !document.frontMatter?.data.kind && sameKindSignals(document, before, k) ? old.kindDecision : decideKind(document);
  if (kindDecision.kind !== old.kind) return undefined;
  // A document that was not analysed, or no longer is, for its language.
  if (!old.language.analysed || !decideLanguage(document).analysed) return undefined;

  const rules = effectiveRules(options.rules ?? builtinRules(), old.settings);
  last.docHasRedLine ??= old.facts.some((f) => f.redLine);
  last.anchored ??= documentAnchors(before, rules);
  if (!last.anchored) return undefined;
  const redetected = redetectChunk(document, k, rules, { document: before, facts: old.facts, docHasRedLine: last.docHasRedLine, anchored: last.anchored });
  if (!redetected) return undefined;
  // The facts are patched in place: what is compared with the last version's is read first.
  const coveredBefore = reads.has("covered-topics") && redetected.redLinesChanged ? coveredTopics(old.facts) : undefined;
  const facts = patchedFacts(old.facts, edited, redetected.facts, document.sentences);
  // Clauses are where back-references look for their red line; red lines are what they find.
  if ((structure === "clauses" || redetected.redLinesChanged) && !sameBackReferences(document, facts, rules)) return undefined;
  // Whether the document has a red line decides some findings of every sentence.
  if (redetected.redLinesChanged && facts.some((f) => f.redLine) !== last.docHasRedLine) return undefined;

  // Missing-term findings follow the terms present: if those changed, so may they.
  if (redetected.termsChanged && !sameSet(presentTermsOf(facts), old.presentTerms)) return undefined;
  // Missing red lines follow the topics the red lines cover.
  if (coveredBefore && !sameSet(coveredTopics(facts), coveredBefore)) return undefined;

  const fresh = applyFindingSettings(document, [...redetected.findings, ...chunkPlaceholderFindings(document, chunk)], old.settings);
  fresh.sort(findingOrder);
  const findings = patchedFindings(old.findings, edited, fresh, chunk.end - edited.end);
  return { document, kind: old.kind, kindDecision, language: old.language, findings, facts, presentTerms: old.presentTerms, settings: old.settings, requiredTerms: old.requiredTerms, rules };
}

// The loops over the whole document are functions of their own: a deoptimisation (a
// finding of a new shape) then sends only them back to the interpreter, briefly, not the
// whole patch.

/**
 * The facts of a patched document: the last analysis's, with those of the `edited` chunk (as
 * it was) replaced, in place. A keystroke allocates no copy of the whole array: arrays that
 * outlive a keystroke are what V8's young-generation collections copy and promote.
 */
function patchedFacts(facts: SentenceFacts[], edited: DocumentChunk, fresh: readonly SentenceFacts[], sentences: readonly Sentence[]): SentenceFacts[] {
  spliceInPlace(facts, edited.firstSentence, edited.endSentence, fresh);
  // The sentences after the chunk are the last document's, moved (model.ts), unless the structure changed.
  for (let s = edited.firstSentence + fresh.length; s < facts.length; s++) if (facts[s].sentence !== sentences[s]) facts[s] = withSentence(facts[s], sentences[s]);
  return facts;
}

/**
 * The findings of a patched document: sorted by offset, those before the edited chunk stay,
 * the chunk's are `fresh`, and those after it move by the edit's length, in place, as the
 * model's objects do: the last analysis is not kept.
 */
function patchedFindings(findings: Finding[], edited: DocumentChunk, fresh: readonly Finding[], delta: number): Finding[] {
  let before = 0;
  while (before < findings.length && findings[before].start < edited.start) before++;
  let after = before;
  while (after < findings.length && findings[after].start < edited.end) after++;
  for (let i = after; i < findings.length; i++) {
    const f = findings[i];
    f.start += delta;
    f.end += delta;
  }
  spliceInPlace(findings, before, after, fresh);
  return findings;
}

/** Replaces `array[from, to)` by `items` in place. */
function spliceInPlace<T>(array: T[], from: number, to: number, items: readonly T[]): void {
  if (items.length === to - from) for (let i = 0; i < items.length; i++) array[from + i] = items[i];
  else array.splice(from, to - from, ...items);
}

// Keys in firstPassFacts' order (detect.ts), so facts keep one shape.
function withSentence(f: SentenceFacts, sentence: Sentence): SentenceFacts {
  return {
    sentence,
    lower: f.lower,
    words: f.words,
    hits: f.hits,
    cueAt: f.cueAt,
    topics: f.topics,
    redLine: f.redLine,
    permission: f.permission,
    terms: f.terms,
    permissive: f.permissive,
    leadsRedLine: f.leadsRedLine,
    listTopics: f.listTopics,
  };
}

/** The index of the one chunk whose source differs between two versions, else -1. */
function editedChunk(document: PolicyDocument, before: PolicyDocument): number {
  if (document.chunks.length !== before.chunks.length) return -1;
  let k = -1;
  for (let i = 0; i < document.chunks.length; i++) {
    // A chunk's cache belongs to its source chunk object, which is reused while its source is unchanged.
    if (document.chunks[i].cache === before.chunks[i].cache) continue;
    if (k >= 0 || !document.chunks[i].cache) return -1;
    k = i;
  }
  return k;
}

/**
 * How two versions' structure differs: "none" when they have the same blocks, sentences,
 * sections and clauses but for offsets and titles; "clauses" when only which blocks belong
 * to which clause differs (a numbered paragraph is one no more: "4.2 the…"); else undefined.
 */
function structureChange(document: PolicyDocument, before: PolicyDocument, k: number): "none" | "clauses" | undefined {
  const chunk = document.chunks[k];
  const [blocks, was] = [document.blocks, before.blocks];
  if (blocks.length !== was.length || document.sections.length !== before.sections.length) return undefined;
  // The chunk's sentences may number differently (redetectChunk then asks more), no other's.
  const sentenceDelta = chunk.endSentence - chunk.firstSentence - (before.chunks[k].endSentence - before.chunks[k].firstSentence);
  if (document.sentences.length - before.sentences.length !== sentenceDelta) return undefined;
  let clauses = document.clauses.length !== before.clauses.length;
  // Blocks, sections and clauses before the chunk are the previous version's own (model.ts
  // keeps them). The chunks after it are the same too, joined from where the chunk leaves
  // the structure: if it leaves it as it did, only what the chunk itself holds can differ.
  const after = sameOpenStructure(document.chunks[k + 1]?.opened, before.chunks[k + 1]?.opened) ? document.chunks[k + 1].opened : undefined;
  const [blocksEnd, sectionsEnd, clausesEnd] = after ? [chunk.endBlock, after.sectionCount, after.clauseCount] : [blocks.length, document.sections.length, document.clauses.length];
  for (let b = chunk.firstBlock; b < blocksEnd; b++) {
    if (blocks[b].section !== was[b].section) return undefined;
    if (blocks[b].clause !== was[b].clause) clauses = true;
  }
  for (let b = chunk.firstBlock; b < chunk.endBlock; b++) {
    const [x, y] = [blocks[b], was[b]];
    if (x.type !== y.type || x.inQuote !== y.inQuote || x.headingLevel !== y.headingLevel) return undefined;
  }
  if (!sentenceDelta) for (let s = chunk.firstSentence; s < chunk.endSentence; s++) if (document.sentences[s].block !== before.sentences[s].block) return undefined;
  for (let i = chunk.opened?.sectionCount ?? 0; i < sectionsEnd; i++) {
    const [x, y] = [document.sections[i], before.sections[i]];
    if (x.level !== y.level || x.parent !== y.parent || (x.clause < 0) !== (y.clause < 0)) return undefined;
    if (x.clause !== y.clause) clauses = true;
  }
  for (let i = chunk.opened?.clauseCount ?? 0; i < clausesEnd && !clauses; i++) {
    const [x, y] = [document.clauses[i], before.clauses[i]];
    if (x.source !== y.source || x.section !== y.section || x.parent !== y.parent) clauses = true;
  }
  return clauses ? "clauses" : "none";
}

function sameOpenStructure(a: OpenStructure | undefined, b: OpenStructure | undefined): boolean {
  if (!a || !b || a.sectionCount !== b.sectionCount || a.clauseCount !== b.clauseCount) return false;
  if (a.sections.length !== b.sections.length || a.clauses.length !== b.clauses.length) return false;
  return a.sections.every((s, i) => s === b.sections[i]) && a.clauses.every((c, i) => c.index === b.clauses[i].index && c.depth === b.clauses[i].depth);
}

function hasAnnotationIn(document: PolicyDocument, chunk: DocumentChunk): boolean {
  return document.annotations.some((a) => a.end > chunk.start && a.start < chunk.end);
}

/**
 * The chunks of a document (see SourceChunk in model.ts) across its versions. After an
 * edit, only the changed chunks (and the chunk before them, which the change may join) are
 * parsed again, and the first unchanged chunk after them is checked to still start a
 * top-level block; every other chunk object is reused, with what it has cached.
 */
export class ChunkedTokenizer {
  private chunks: SourceChunk[] = [];
  private blankedUntil = 0;

  /**
   * The chunks of `markdownSource(text, blankedUntil, …)`: read in stretches, so a keystroke
   * does not copy the whole text. `change`, when the caller knows it, is what changed since
   * the last call: then only the chunks next to it are compared with the text.
   */
  chunksOf(text: string, blankedUntil = 0, change?: TextChange): SourceChunk[] {
    this.chunks = this.update(text, blankedUntil, blankedUntil === this.blankedUntil ? change : undefined);
    this.blankedUntil = blankedUntil;
    return this.chunks;
  }

  private update(text: string, blankedUntil: number, change: TextChange | undefined): SourceChunk[] {
    const old = this.chunks;
    const source = { length: text.length, slice: (from: number, to: number) => markdownSource(text, blankedUntil, from, to) };
    // Unchanged chunks at the start and at the end of the document.
    let [head, from, tail, to] = (change && unchangedAround(old, source, change)) ?? [0, 0, old.length, source.length];
    while (head < old.length && sameAt(source, from, old[head].source)) from += old[head++].source.length;
    while (tail > head && to - old[tail - 1].source.length >= from && sameAt(source, to - old[tail - 1].source.length, old[tail - 1].source)) to -= old[--tail].source.length;
    if (head === old.length && tail === old.length && from === source.length) return old;
    // The change may join the chunk before it (a list item continuing a list, say).
    const before = head > 0 ? old[--head] : undefined;
    if (before) from -= before.source.length;
    // When it did not, the chunk before keeps its object, and what it has cached.
    const keepBefore = (parsed: SourceChunk[]) => {
      if (before && parsed[0].source === before.source) parsed[0] = before;
      // Each chunk's source is a slice of the stretch parsed: a chunk of a document parsed
      // whole would keep the whole stretch alive as long as the chunk is not edited.
      if (parsed.length > 2) for (const chunk of parsed) if (chunk !== before) chunk.source = detachedCopy(chunk.source);
      return parsed;
    };
    // Re-parse up to an unchanged chunk that still starts a top-level block; after two
    // misses (an unclosed fence swallowing the rest), parse to the end in one go.
    for (let misses = 0; tail < old.length && misses < 2; misses++) {
      const next = old[tail];
      const parsed = parseChunks(detachedCopy(source.slice(from, to + next.source.length)), next.source.length);
      const last = parsed[parsed.length - 1];
      if (last.source === next.source && parsed.length > 1) return [...old.slice(0, head), ...keepBefore(parsed.slice(0, -1)), ...old.slice(tail)];
      to += next.source.length;
      tail++;
    }
    if (tail < old.length) [to, tail] = [source.length, old.length];
    return [...old.slice(0, head), ...keepBefore(parseChunks(detachedCopy(source.slice(from, to)))), ...old.slice(tail)];
  }
}

/**
 * What an edit (or several) changed since the last analysed text: its characters [start,
 * end) were replaced by `length` characters.
 */
export interface TextChange {
  start: number;
  end: number;
  length: number;
}

/**
 * Where the chunks untouched by `change` end at the start [head, from) and begin at the end
 * [tail, to) of the new source (chunk indices, new offsets), for the comparisons to go on
 * from (the chunks on either side of the change are compared still); undefined if the
 * change does not fit the text. The change must cover every edit since the last call.
 */
function unchangedAround(old: readonly SourceChunk[], source: Stretches, change: TextChange): [number, number, number, number] | undefined {
  let oldLength = 0;
  for (const chunk of old) oldLength += chunk.source.length;
  const { start, end, length } = change;
  if (start < 0 || start > end || end > oldLength || source.length !== oldLength - (end - start) + length) return undefined;
  let head = 0;
  let from = 0;
  while (head < old.length && from + old[head].source.length < start) from += old[head++].source.length;
  let tail = old.length;
  let oldTo = oldLength;
  while (tail > head && oldTo - old[tail - 1].source.length > end) oldTo -= old[--tail].source.length;
  return [head, from, tail, oldTo + length - (end - start)];
}

/** Text read by stretches. */
interface Stretches {
  length: number;
  slice(from: number, to: number): string;
}

/** Whether `text` holds `part` at `offset`: slice equality is a memory compare, several times faster than startsWith here. */
function sameAt(text: Stretches, offset: number, part: string): boolean {
  return text.slice(offset, offset + part.length) === part;
}
