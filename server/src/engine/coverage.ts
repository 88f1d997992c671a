// The coverage matrix of one document: each term its kind and profile require, judged
// present, weak or missing, and its findings counted per category. It reads only what the
// analysis reports (present terms, per-sentence term facts, findings after configuration),
// so a change in how detection decides presence shows in the matrix without a second rule.
import { titleRange, TIME_BUDGET_RULE, type Analysis } from "./analyze";
import type { CompiledRules, SentenceFacts } from "./detect";
import { type Category, type DocumentKind, type Finding, type TermId } from "./types";

/**
 * - `present`: at least one sentence commits to the term with no loophole inside it.
 * - `weak`: every commitment holds a loophole (`reason: "loophole"`), or the term is only
 *   mentioned as a permission ("may store data in any country", `reason: "permission"`).
 * - `missing`: the document does not address the term at all.
 * - `unknown`: analysis stopped at its time budget before the term was found, so its
 *   absence cannot be judged (the analysis reports no missing terms either).
 */
export type CoverageState = "present" | "weak" | "missing" | "unknown";
export const COVERAGE_STATES: readonly CoverageState[] = ["present", "weak", "missing", "unknown"];

export interface CoverageCell {
  term: TermId;
  /** The term's name as the rules give it ("Exit strategy"). */
  label: string;
  state: CoverageState;
  reason?: "loophole" | "permission";
  /**
   * Where the cell leads (document offsets, end exclusive): the first clean commitment, the
   * first weak sentence, or for a missing term its missing-term finding (the title), where
   * the quick fix that inserts a model clause is offered.
   */
  start: number;
  end: number;
  /** For a weak cell, the loophole found in the commitment or the permission's sentence, as a message. */
  note?: string;
}

export interface DocumentCoverage {
  kind: DocumentKind;
  /** The profile the document was checked with, if any. */
  profile?: string;
  /** False when analysis stopped at its time budget: absent terms are then `unknown`. */
  complete: boolean;
  cells: CoverageCell[];
  /** Findings per category, after configuration (disabled rules and suppressions are not counted). */
  counts: Record<Category, number>;
}

/** The coverage matrix row of one analysed document. */
export function coverageOf(analysis: Analysis, rules: CompiledRules): DocumentCoverage {
  // Counted in locals: incrementing an object's property by a key read from each finding
  // took ~1 ms for the ~5,000 findings of a 1 MB contract, every keystroke; this takes 0.05.
  let [redLine, loophole, sovereignty, claim, missingTerm, document] = [0, 0, 0, 0, 0, 0];
  let complete = true;
  const loopholes: Finding[] = [];
  const findings = analysis.findings;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    switch (f.category) {
      case "sovereignty":
        sovereignty++;
        break;
      case "loophole":
        loophole++;
        loopholes.push(f);
        break;
      case "red-line":
        redLine++;
        break;
      case "claim":
        claim++;
        break;
      case "missing-term":
        missingTerm++;
        break;
      case "document":
        document++;
        // The time-budget finding is a document finding.
        if (f.rule === TIME_BUDGET_RULE) complete = false;
        break;
    }
  }
  // In CATEGORIES' order, as JSON shows them.
  const counts: Record<Category, number> = { "red-line": redLine, loophole, sovereignty, claim, "missing-term": missingTerm, document };
  const sentences = termSentences(analysis.facts, analysis.requiredTerms, analysis.presentTerms, loopholes);
  const cells = analysis.requiredTerms.map((term) => cellFor(analysis, rules, term, sentences.get(term) ?? {}, complete));
  return { kind: analysis.kind, profile: analysis.settings.profile, complete, cells, counts };
}

/** The sentences a required term's cell leads to. */
interface TermSentences {
  /** A present term: the first sentence that commits to it with no loophole inside it. */
  clean?: SentenceFacts;
  /** A present term: the first sentence that commits to it, with the first loophole inside it. */
  hollowed?: { facts: SentenceFacts; loophole: Finding };
  /** A term not present: the first sentence that mentions it as a permission. */
  permission?: SentenceFacts;
}

/**
 * Per required term, what its cell leads to, from the facts in document order. A sentence
 * commits to a term exactly when the analysis would count it present on its own: the term
 * is among its terms and not a permissive one. The scan stops once every term has what it
 * needs: an editor asks for coverage after every keystroke, and a 1 MB contract has ~11,000
 * sentences, while a term it has is usually committed to on its first pages.
 */
function termSentences(facts: readonly SentenceFacts[], required: readonly TermId[], present: ReadonlySet<TermId>, loopholes: readonly Finding[]): Map<TermId, TermSentences> {
  const byTerm = new Map<TermId, TermSentences>();
  for (const term of required) byTerm.set(term, {});
  let open = byTerm.size;
  for (let i = 0; i < facts.length && open > 0; i++) {
    const f = facts[i];
    if (f.terms.length) {
      for (const t of f.terms) {
        const entry = byTerm.get(t);
        if (!entry || entry.clean || !present.has(t) || f.permissive.includes(t)) continue;
        const loophole = firstLoopholeWithin(loopholes, f.sentence.start, f.sentence.end);
        if (!loophole) {
          entry.clean = f;
          open--;
        } else entry.hollowed ??= { facts: f, loophole };
      }
    }
    if (f.permissive.length) {
      for (const t of f.permissive) {
        const entry = byTerm.get(t);
        if (!entry || entry.permission || present.has(t)) continue;
        entry.permission = f;
        open--;
      }
    }
  }
  return byTerm;
}

/** The first loophole, in the findings' order (by start, then end), with start ≥ `start` and end ≤ `end`. */
function firstLoopholeWithin(loopholes: readonly Finding[], start: number, end: number): Finding | undefined {
  // The first loophole that starts at or after `start`; none before it lies within.
  let lo = 0;
  let hi = loopholes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (loopholes[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < loopholes.length && loopholes[i].start <= end; i++) if (loopholes[i].end <= end) return loopholes[i];
  return undefined;
}

function cellFor(analysis: Analysis, rules: CompiledRules, term: TermId, sentences: TermSentences, complete: boolean): CoverageCell {
  const label = rules.terms.find((t) => t.rule.term === term)?.rule.label ?? term;
  if (analysis.presentTerms.has(term)) {
    if (sentences.clean) return { term, label, state: "present", start: sentences.clean.sentence.start, end: sentences.clean.sentence.end };
    if (sentences.hollowed) {
      const { facts, loophole } = sentences.hollowed;
      return { term, label, state: "weak", reason: "loophole", start: facts.sentence.start, end: facts.sentence.end, note: loophole.message };
    }
    // Presence decided otherwise than sentence by sentence: lead to the term's finding.
    const finding = analysis.findings.find((f) => f.category === "sovereignty" && f.term === term);
    const [start, end] = finding ? [finding.start, finding.end] : titleRange(analysis.document);
    return { term, label, state: "present", start, end };
  }
  const permission = sentences.permission;
  if (permission) {
    return {
      term,
      label,
      state: "weak",
      reason: "permission",
      start: permission.sentence.start,
      end: permission.sentence.end,
      note: `Only a permission: the document mentions ${label.toLowerCase()} without committing to it.`,
    };
  }
  const missing = analysis.findings.find((f) => f.category === "missing-term" && f.term === term);
  const [start, end] = missing ? [missing.start, missing.end] : titleRange(analysis.document);
  return { term, label, state: complete ? "missing" : "unknown", start, end, note: missing?.message };
}
