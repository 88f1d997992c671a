import * as z from "zod";
import type { CompiledRules, SentenceFacts } from "../detect";
import type { PolicyDocument } from "../model";
import { KINDS, SEVERITIES, TERMS, type DocumentKind, type Finding } from "../types";
import { CUSTOM_RULE_LIMITS, userPattern } from "./common";
import type { CompiledCustomRule } from "../config/resolve";

/**
 * Check type `phrase` (a config's custom rules): token patterns in a scope — inside a red
 * line or a sovereignty commitment, under a polarity, in a section — reported with the
 * rule's own message. It reads detection's per-sentence facts.
 */
export const customRuleSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, "use lower-case `prefix/name`, e.g. `acme/uncapped-liability`")
      .describe("Unique rule id, `prefix/name`."),
    // missing-term findings come from requiredTerms; a pattern can only find what is there.
    category: z.enum(["red-line", "loophole", "sovereignty", "claim", "document"]).describe("The category findings are reported under."),
    severity: z.enum(SEVERITIES).default("warning"),
    patterns: z.array(userPattern).min(1).max(CUSTOM_RULE_LIMITS.patternsPerRule).describe("The rule fires on any of these token patterns."),
    unless: z.array(userPattern).max(CUSTOM_RULE_LIMITS.patternsPerRule).optional().describe("A sentence matching one of these is skipped."),
    scope: z
      .strictObject({
        within: z
          .array(z.enum(["red-line", "sovereignty"]))
          .min(1)
          .optional()
          .describe("Fire only inside a red line or a sovereignty commitment (either, when both are listed)."),
        terms: z.array(z.enum(TERMS)).min(1).optional().describe("With `sovereignty`: only commitments on these terms."),
        section: userPattern.optional().describe("Fire only in a section (or sub-section of one) whose title matches this token pattern."),
        kinds: z.array(z.enum(KINDS)).min(1).optional().describe("Fire only in these document kinds."),
      })
      .optional(),
    polarity: z
      .enum(["any", "prohibition", "permission", "negated"])
      .default("any")
      .describe("The sentence must state a limit (prohibition), grant a use (permission), or lift a limit (negated)."),
    span: z.enum(["phrase", "sentence"]).default("phrase").describe("Report the matched phrase or the whole sentence."),
    message: z.string().min(1).describe("Finding message; {phrase} is replaced by the matched text."),
    explanation: z.string().optional(),
    reference: z.strictObject({ title: z.string(), url: z.url().optional() }).optional(),
  })
  .describe("A declarative rule: token patterns, a scope and a message. No code runs.");
export type CustomRule = z.infer<typeof customRuleSchema>;

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
