// The coverage matrix of one document: each term its kind and profile require, judged
// present, weak or missing, and its findings counted per category. It reads only what the
// analysis reports (present terms, per-sentence term facts, findings after configuration),
// so a change in how detection decides presence shows in the matrix without a second rule.
import { presentTermsOf, titleRange, TIME_BUDGET_RULE, type Analysis } from "./analyze";
import type { CompiledRules, SentenceFacts } from "./detect";
import { CATEGORIES, type Category, type DocumentKind, type Finding, type TermId } from "./types";

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
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const f of analysis.findings) counts[f.category]++;
  const complete = !analysis.findings.some((f) => f.rule === TIME_BUDGET_RULE);
  const loopholes = analysis.findings.filter((f) => f.category === "loophole");
  const cells = analysis.requiredTerms.map((term) => cellFor(analysis, rules, term, loopholes, complete));
  return { kind: analysis.kind, profile: analysis.settings.profile, complete, cells, counts };
}

function cellFor(analysis: Analysis, rules: CompiledRules, term: TermId, loopholes: Finding[], complete: boolean): CoverageCell {
  const label = rules.terms.find((t) => t.rule.term === term)?.rule.label ?? term;
  if (analysis.presentTerms.has(term)) {
    // A sentence commits to the term exactly when the analysis would count it present on its own.
    const commitments = analysis.facts.filter((f) => f.terms.includes(term) && presentTermsOf([f]).has(term));
    let firstHollowed: { facts: SentenceFacts; loophole: Finding } | undefined;
    for (const f of commitments) {
      const loophole = loopholes.find((l) => l.start >= f.sentence.start && l.end <= f.sentence.end);
      if (!loophole) return { term, label, state: "present", start: f.sentence.start, end: f.sentence.end };
      firstHollowed ??= { facts: f, loophole };
    }
    if (firstHollowed) {
      const { facts, loophole } = firstHollowed;
      return { term, label, state: "weak", reason: "loophole", start: facts.sentence.start, end: facts.sentence.end, note: loophole.message };
    }
    // Presence decided otherwise than sentence by sentence: lead to the term's finding.
    const finding = analysis.findings.find((f) => f.category === "sovereignty" && f.term === term);
    const [start, end] = finding ? [finding.start, finding.end] : titleRange(analysis.document);
    return { term, label, state: "present", start, end };
  }
  const permission = analysis.facts.find((f) => f.permissive.includes(term));
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
