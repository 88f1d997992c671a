import { compileRules, detect, type CompiledRules, type SentenceFacts } from "./detect";
import { dropVerifiedClaims, placeholderFindings } from "./fixes";
import { decideKind, type KindDecision } from "./kind";
import { parseDocument, type PolicyDocument } from "./model";
import { BUILTIN_RULES } from "./rules/builtin";
import type { DocumentKind, Finding, Severity, TermId } from "./types";

export interface AnalyzeOptions {
  rules?: CompiledRules;
  /** Terms a contract must contain; defaults to exit-strategy and data-residency. */
  requiredTerms?: TermId[];
  /** Severity of missing-term findings. */
  missingSeverity?: Severity;
}

export interface Analysis {
  document: PolicyDocument;
  kind: DocumentKind;
  kindDecision: KindDecision;
  findings: Finding[];
  facts: SentenceFacts[];
  /** Terms the document covers (from its sovereignty findings). */
  presentTerms: Set<TermId>;
}

export const DEFAULT_REQUIRED_TERMS: TermId[] = ["exit-strategy", "data-residency"];

let builtin: CompiledRules | undefined;
/** The built-in rules, validated and compiled once per process. */
export function builtinRules(): CompiledRules {
  builtin ??= compileRules(BUILTIN_RULES);
  return builtin;
}

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const rules = options.rules ?? builtinRules();
  const document = parseDocument(text);
  const kindDecision = decideKind(document);
  const kind = kindDecision.kind;
  const detected = detect(document, rules, { kind });
  const facts = detected.facts;
  // Annotations written by quick fixes: verified claims, and unfilled clause placeholders.
  const findings = dropVerifiedClaims(document, detected.findings);
  findings.push(...placeholderFindings(document));

  for (const p of document.problems) {
    findings.push({
      rule: "document/front-matter",
      category: "document",
      severity: "error",
      message: p.message,
      start: p.start,
      end: p.end,
      explanation: "Front matter declares the document's kind, title and profile. Fix the value so the right rules run.",
    });
  }

  const presentTerms = new Set<TermId>(facts.flatMap((f) => f.terms));
  if (kind === "contract") {
    const required = options.requiredTerms ?? DEFAULT_REQUIRED_TERMS;
    const [start, end] = titleRange(document);
    for (const term of required) {
      if (presentTerms.has(term)) continue;
      const rule = rules.terms.find((t) => t.rule.term === term)?.rule;
      if (!rule) continue;
      findings.push({
        rule: `missing-term/${term}`,
        category: "missing-term",
        severity: options.missingSeverity ?? "warning",
        message: rule.missingMessage,
        start,
        end,
        term,
        explanation: rule.explanation,
        reference: rule.reference,
      });
    }
  }

  findings.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
  return { document, kind, kindDecision, findings, facts, presentTerms };
}

/** The title heading (first level-1 heading), else the first line with text. */
export function titleRange(doc: PolicyDocument): [number, number] {
  const h1 = doc.sections.find((s) => s.level === 1) ?? doc.sections[0];
  if (h1) return [h1.headingStart, h1.headingEnd];
  const first = doc.blocks[0];
  if (first) return [doc.lines.starts[first.startLine], doc.lines.lineEnd(first.startLine)];
  return [0, doc.lines.lineEnd(0)];
}
