import * as z from "zod";
import type { CompiledRules, Hit, LocalFacts, SentenceFacts } from "../detect";
import { proseSlice, type PolicyDocument, type Sentence } from "../model";
import { PatternSet } from "../patterns";
import { TERMS, type Finding, type TermId } from "../types";
import { described, listOf, patternSchema, referenceSchema } from "./common";

/**
 * Check type `term` (sovereignty terms): a sentence that matches a term's patterns (and its
 * `requires`, and none of its `unless`) commits to the term; one that only permits the
 * opposite reports it without making it present. detect.ts matches the patterns; this
 * module holds the schema, term polarity and the finding's text.
 */
export const termRuleSchema = z.object({
  /** The rule's id; a built-in term rule's is `sovereignty/<term>`. */
  id: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/).optional(),
  /** The term the rule detects: what `requiredTerms` and missing-term findings name. */
  term: z.enum(TERMS),
  label: z.string(),
  /** Any of these marks a sentence as a commitment on the term. */
  patterns: z.array(patternSchema).min(1),
  /** When present, the sentence must also match one of these. */
  requires: z.array(patternSchema).optional(),
  /** A sentence matching one of these is not about the term (false friends). */
  unless: z.array(patternSchema).optional(),
  /**
   * Names of a thing built from the term's words ("a personal data breach", "an impact assessment"):
   * a sentence whose only marks lie inside them commits to the term only with a duty of its own
   * ("shall notify any personal data breach"), not as a fragment completing a lead-in.
   */
  mentions: z.array(patternSchema).optional(),
  /** A sentence matching one of these mentions the term without committing to it. */
  permissive: z.array(patternSchema).optional(),
  /** Weak marks that count only in a document that also matches one of the anchors. */
  contextual: z
    .object({
      patterns: z.array(patternSchema).min(1),
      anchors: z.array(patternSchema).min(1),
      /** A weak mark in a sentence matching one of these does not count (a licence grant or definition that names source code). */
      unless: z.array(patternSchema).optional(),
    })
    .optional(),
  missingMessage: z.string(),
  ...described,
  /** What a sound term also settles ("backups and logs"): a finding names those its paragraph does not mention. */
  covers: z.array(z.object({ label: z.string(), patterns: z.array(patternSchema).min(1) })).default([]),
  /** A profile (or one it extends) under which the term cites another reference: DORA's articles under dora-financial. */
  profileReferences: z.record(z.string(), referenceSchema).optional(),
  modelClause: z.object({ title: z.string(), body: z.string() }),
});
export type TermRule = z.infer<typeof termRuleSchema>;

/** A duty of the sentence's own: a modal or a verb of undertaking. */
const OWN_DUTY = /\b(?:shall|must|will|agrees?|undertakes?|commits?|is|are)\b(?:\s+\w+){0,2}?\s+(?:not\b|required\b|obliged\b|responsible\b)|\b(?:shall|must|will|agrees?|undertakes?)\b|\b(?:may|can)\s+not\b|\bcannot\b|\b(?:prohibited|forbidden)\b/;

/**
 * Whether every mark of a term lies inside a name built from its words ("nature of the personal
 * data breach;", "carry out data protection impact assessments") in a fragment with no duty of
 * its own: an item completing a lead-in names the thing; the lead-in holds the commitment.
 */
export function onlyMentions(marks: readonly Hit[], mentions: readonly Hit[] | undefined, lower: string): boolean {
  if (!mentions?.length || OWN_DUTY.test(lower)) return false;
  return marks.every((h) => mentions.some((m) => m.start <= h.start && h.end <= m.end));
}

/** The id of a term rule's findings: its own, else `sovereignty/<term>`. */
export const termRuleId = (rule: { id?: string; term: TermId }): string => rule.id ?? `sovereignty/${rule.term}`;

/**
 * Term polarity: a sentence that only permits the opposite of a protection ("may engage
 * subcontractors without notice", "may comply with any request of a foreign authority")
 * reports the term but does not make it present.
 */
export const termPolaritySchema = z.object({
  /** A permission: "may use", "is free to", "reserves the right to". */
  permissions: z.array(patternSchema),
  /** What the permission reaches that a protection would limit: "without notice", "any country", "any request". */
  opposites: z.array(patternSchema),
  /** Waivers that permit the opposite on their own: "is not required to notify". */
  waivers: z.array(patternSchema),
  /** A limit in the sentence keeps it a commitment: "only", "may not", "with prior consent" (unless inside an opposite). */
  limits: z.array(patternSchema),
  /** The finding's message for such a sentence; {summary} is the term labels. */
  message: z.string(),
});

/** Probe keys of term polarity (see `termPolarity` in the rule schema). */
export const POLARITY = { permission: "polarity:permission", opposite: "polarity:opposite", waiver: "polarity:waiver", limit: "polarity:limit" } as const;

/**
 * Whether a sentence only permits the opposite of a protection: a permission that reaches
 * an opposite ("may engage subcontractors without notice"), a waiver ("is not required to
 * notify"), or the term's own permissive mark ("in any country"), with no limit outside
 * them ("only", "may not", "with the Customer's consent").
 */
export function permitsOpposite(hits: Map<string, Hit[]>, ownMark: boolean): boolean {
  const opposites = [...(hits.get(POLARITY.opposite) ?? []), ...(hits.get(POLARITY.waiver) ?? [])];
  const permits = ownMark || hits.has(POLARITY.waiver) || (hits.has(POLARITY.permission) && hits.has(POLARITY.opposite));
  if (!permits) return false;
  // "without the Customer's prior consent" is the opposite, not a limit, and so is what a waiver waives ("not required to notify").
  const limits = (hits.get(POLARITY.limit) ?? []).filter((l) => !opposites.some((o) => l.start <= o.end + 1 && o.start < l.end));
  return limits.length === 0;
}

/** A sentence's sovereignty finding, from its facts: the terms it commits to, or only permits the opposite of. */
export function termFinding(doc: PolicyDocument, rules: CompiledRules, f: SentenceFacts, l: LocalFacts): Finding | undefined {
  // Inside a red line, human control is part of the limit, not a separate commitment to
  // report (it still counts as present for missing-term checks).
  // So is human control over targeting or the use of force where no prohibition is read
  // ("specify the human control required over selecting targets"): that is the weapons
  // standard, not deployment control.
  const reported = f.redLine || f.topics.some((t) => t.id === "weapons") ? f.terms.filter((t) => t !== "human-oversight") : f.terms;
  if (reported.length) {
    // A sentence that only permits the opposite says so instead of what it commits to.
    const permissive = reported.every((t) => f.permissive.includes(t)) ? permissiveText(rules, reported) : undefined;
    const { primary } = permissive ?? sovereigntyText(rules, f.terms, reported, f.redLine);
    return {
      rule: termRuleId(primary),
      category: "sovereignty",
      // A present term is no problem to fix: a hint (editors keep hints out of the Problems
      // panel), shown by its highlight, the outline and the code lens.
      severity: primary.severity ?? "hint",
      message: permissive?.message ?? sovereigntyMessage(doc, rules, primary, reported, f.sentence, l),
      start: f.sentence.start,
      end: f.sentence.end,
      term: primary.term,
      explanation: primary.explanation,
      reference: primary.reference,
    };
  }
  return undefined;
}

// By term list, for a sentence outside a red line [0] and inside one [1] (which leaves out human oversight).
const sovereigntyTexts = new WeakMap<readonly TermId[], [SovereigntyText?, SovereigntyText?]>();
type SovereigntyText = { primary: TermRule };
/** The rule that reports the terms a sentence commits to (`reported`: its `terms`, less human oversight in a red line). */
function sovereigntyText(rules: CompiledRules, terms: readonly TermId[], reported: readonly TermId[], inRedLine: boolean): SovereigntyText {
  let texts = sovereigntyTexts.get(terms);
  if (!texts) sovereigntyTexts.set(terms, (texts = [undefined, undefined]));
  const slot = inRedLine ? 1 : 0;
  return (texts[slot] ??= { primary: rules.terms.find((t) => t.rule.term === reported[0])!.rule });
}

const coverSets = new WeakMap<object, PatternSet>();

/**
 * What a commitment says and leaves open: "Data residency: commits to “stored … in the
 * European Union”. Leaves open: backups and logs." The quote is the words that made it a
 * commitment; what is left open is what a sound term also settles (`covers`) and the
 * sentence's paragraph never mentions.
 */
function sovereigntyMessage(doc: PolicyDocument, rules: CompiledRules, primary: TermRule, reported: readonly TermId[], sentence: Sentence, l: LocalFacts): string {
  const entry = rules.terms.find((t) => t.rule.term === primary.term)!;
  const hit = l.hits.get(entry.keys.term)?.[0] ?? l.hits.get(entry.keys.context)?.[0];
  // From the words that matched to the end of their clause, so the quote reads as a phrase.
  const from = sentence.start + (hit?.start ?? 0);
  const rest = proseSlice(doc, sentence.start + (hit?.end ?? 0), sentence.end);
  const to = sentence.start + (hit?.end ?? 0) + (/[,;:.!?()]/.exec(rest)?.index ?? rest.length);
  let quote = proseSlice(doc, from, to).replace(/\s+/g, " ").trim();
  if (quote.length > 90) quote = `${quote.slice(0, quote.lastIndexOf(" ", 89))}…`;
  let message = primary.message.replace("{phrase}", quote).replace("{summary}", primary.label);
  const block = doc.blocks[sentence.block];
  const paragraph = proseSlice(doc, block.start, block.end);
  const open = primary.covers.filter((c) => {
    let set = coverSets.get(c);
    if (!set) coverSets.set(c, (set = new PatternSet(c.patterns)));
    return !set.test(paragraph);
  });
  if (open.length) message += ` Leaves open: ${open.map((c) => c.label).join("; ")}.`;
  const others = reported.filter((t) => t !== primary.term).map((t) => rules.terms.find((x) => x.rule.term === t)!.rule.label);
  if (others.length) message += ` Also about ${listOf(others)}.`;
  return message;
}

/** The finding text for a sentence that only permits the opposite of the terms it reports. */
function permissiveText(rules: CompiledRules, reported: readonly TermId[]): { primary: TermRule; message: string } {
  const primary = rules.terms.find((t) => t.rule.term === reported[0])!.rule;
  const labels = listOf(reported.map((t) => rules.terms.find((x) => x.rule.term === t)!.rule.label));
  const template = rules.source.termPolarity?.message ?? primary.message;
  return { primary, message: template.replace("{summary}", labels) };
}

