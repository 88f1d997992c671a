import type { EffectiveSettings } from "../config/resolve";
import type { CompiledRules, SentenceFacts } from "../detect";
import { BUILTIN_RULES } from "../rules/builtin";
import type { DocumentKind, Finding, Severity, TermId } from "../types";

/**
 * Check type `missing-term`: a term or red-line topic the document's kind and profile
 * require and no sentence of the document commits to. It reads the whole document (the
 * terms present, the red lines stated), so it runs after detection, and not on a preview.
 */

/** One `missing-term/<term>` finding per required term not present, at the title. */
export function missingTermFindings(rules: CompiledRules, required: readonly TermId[], presentTerms: ReadonlySet<TermId>, [start, end]: [number, number], severity: Severity | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const term of required) {
    if (presentTerms.has(term)) continue;
    const rule = rules.terms.find((t) => t.rule.term === term)?.rule;
    if (!rule) continue;
    findings.push({
      rule: `missing-term/${term}`,
      category: "missing-term",
      severity: severity ?? "warning",
      message: rule.missingMessage,
      start,
      end,
      term,
      explanation: rule.explanation,
      reference: rule.reference,
    });
  }
  return findings;
}

const builtinTopic = (id: string) => BUILTIN_RULES.topics.find((t) => t.id === id)!;

/** One `missing-red-line/<topic>` finding per topic the profile requires and no red line covers. */
export function missingRedLineFindings(facts: SentenceFacts[], rules: CompiledRules, settings: EffectiveSettings, kind: DocumentKind, at: [number, number]): Finding[] {
  const required = settings.requiredRedLines[kind] ?? [];
  if (!required.length) return [];
  const covered = new Set(facts.filter((f) => f.redLine).flatMap((f) => f.topics.map((t) => t.id)));
  return required
    .filter((topic) => !covered.has(topic))
    .map((topic) => {
      // A topic the config disabled is still named by the built-in rules.
      const t = rules.source.topics.find((x) => x.id === topic) ?? builtinTopic(topic);
      return {
        rule: `missing-red-line/${topic}`,
        category: "missing-term" as const,
        severity: "warning" as const,
        message: `No red line on ${t.label}: the ${kind} never rules it out (required by profile ${settings.profile}).`,
        start: at[0],
        end: at[1],
        explanation: `${t.explanation} The profile requires an explicit, unconditional limit on it.`,
        reference: t.reference,
      };
    });
}
