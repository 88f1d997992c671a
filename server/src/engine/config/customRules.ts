import type { CompiledRules, SentenceFacts } from "../detect";
import type { PolicyDocument } from "../model";
import type { DocumentKind, Finding } from "../types";
import type { CompiledCustomRule } from "./resolve";

/**
 * Findings of the config's custom rules. They read the facts detection already computed
 * per sentence (red line, sovereignty terms, permission), so a custom rule's scope means
 * exactly what it means for the built-in loophole rules. Only token patterns run: no user
 * code, and each pattern's cost was bounded when the config was validated.
 */
export function customRuleFindings(
  doc: PolicyDocument,
  facts: SentenceFacts[],
  rules: CompiledRules,
  kind: DocumentKind,
  custom: readonly CompiledCustomRule[],
  outOfTime?: () => boolean,
): { findings: Finding[]; stoppedAt?: number } {
  const active = custom.filter((c) => !c.rule.scope?.kinds || c.rule.scope.kinds.includes(kind));
  if (!active.length) return { findings: [] };
  const findings: Finding[] = [];
  // The analysis's deadline is polled before each sentence: rules within the cost limits
  // can still add up to seconds on a large document (H2 in the hostile-input review).
  for (const f of facts) {
    if (outOfTime?.()) return { findings, stoppedAt: f.sentence.start };
    const block = doc.blocks[f.sentence.block];
    if (block.type === "heading") continue;
    let polarity: { prohibition: boolean; negated: boolean } | undefined;
    const polarityOf = () => {
      if (!polarity) {
        const negated = rules.negated.test(f.lower);
        polarity = { prohibition: rules.prohibitions.test(f.lower) && !negated, negated };
      }
      return polarity;
    };
    for (const c of active) {
      const { rule } = c;
      const within = rule.scope?.within;
      if (within) {
        const inRedLine = within.includes("red-line") && f.redLine;
        const terms = rule.scope?.terms;
        const inSovereignty = within.includes("sovereignty") && f.terms.some((t) => !terms || terms.includes(t));
        if (!inRedLine && !inSovereignty) continue;
      }
      if (rule.polarity === "permission" && !f.permission) continue;
      if (rule.polarity === "prohibition" && !polarityOf().prohibition) continue;
      if (rule.polarity === "negated" && !polarityOf().negated) continue;
      if (c.section && !inSection(doc, block.section, c.section)) continue;
      const matches = c.patterns.find(f.lower);
      if (!matches.length || c.unless?.test(f.lower)) continue;
      const spans = rule.span === "sentence" ? [{ start: 0, end: f.sentence.end - f.sentence.start, phrase: matches[0] }] : matches.map((m) => ({ start: m.start, end: m.end, phrase: m }));
      for (const s of spans) {
        const phrase = doc.prose.slice(f.sentence.start + s.phrase.start, f.sentence.start + s.phrase.end).replace(/\s+/g, " ");
        findings.push({
          rule: rule.id,
          category: rule.category,
          severity: rule.severity,
          message: rule.message.replaceAll("{phrase}", phrase),
          start: f.sentence.start + s.start,
          end: f.sentence.start + s.end,
          explanation: rule.explanation,
          reference: rule.reference,
        });
      }
    }
  }
  return { findings };
}

/** True when the section or one of its ancestors has a title matching the pattern. */
function inSection(doc: PolicyDocument, section: number, title: { test(text: string): boolean }): boolean {
  for (let s = section; s >= 0; s = doc.sections[s].parent) {
    if (title.test(doc.sections[s].title.toLowerCase())) return true;
  }
  return false;
}
