import * as z from "zod";
import { compilePattern, PatternError, patternCost } from "../patterns";
import { SEVERITIES } from "../types";

// What every rule schema shares: token patterns, texts and a reference.

/** A token pattern (see patterns.ts); invalid ones are rejected when the rules load. */
export const patternSchema = z.string().superRefine((p, ctx) => {
  try {
    compilePattern(p);
  } catch (e) {
    if (e instanceof PatternError) ctx.addIssue({ code: "custom", message: `bad pattern "${p}": ${e.message}` });
    else throw e;
  }
});

export const referenceSchema = z.object({ title: z.string(), url: z.url().optional() });

export const described = {
  message: z.string(),
  explanation: z.string(),
  reference: referenceSchema,
  severity: z.enum(SEVERITIES).optional(),
};

/** A family of phrases that mark one kind of qualifier, claim or cue. */
export const phraseRuleSchema = z.object({
  id: z.string().regex(/^[a-z-]+\/[a-z0-9-]+$/),
  patterns: z.array(patternSchema).min(1),
  ...described,
});
export type PhraseRule = z.infer<typeof phraseRuleSchema>;


/** "a, b, and c". */
export const listOf = (items: string[]): string => (items.length > 1 ? `${items.slice(0, -1).join(", ")}${items.length > 2 ? "," : ""} and ${items[items.length - 1]}` : items[0]);

/**
 * Bounds on user patterns. Matching is linear in the text whatever the pattern; these
 * keep the constant small (see scripts/bench-patterns.mjs for the figures).
 */
export const CUSTOM_RULE_LIMITS = {
  rules: 100,
  patternsPerRule: 20,
  patternLength: 200,
  /**
   * Characters of one pattern of a rule of a built-in check type (`check: term` …): the
   * built-in rules' long word lists (places, people) must fit when copied.
   */
  dataPatternLength: 1000,
  /** patternCost (word tests per start word) of one pattern; built-in patterns stay under 64. */
  patternCost: 100,
  /** Sum of patternCost over every custom pattern of a config (its profiles included). */
  totalCost: 1000,
} as const;

/** A pattern written in a config: bounded in length and in cost (CUSTOM_RULE_LIMITS). */
export const userPattern = z
  .string()
  .max(CUSTOM_RULE_LIMITS.patternLength)
  .superRefine((p, ctx) => {
    try {
      compilePattern(p);
      const cost = patternCost(p);
      if (cost > CUSTOM_RULE_LIMITS.patternCost)
        ctx.addIssue({ code: "custom", message: `pattern "${p}" is too costly to match (${cost} word tests per start word, limit ${CUSTOM_RULE_LIMITS.patternCost}): use fewer or shorter gaps (~N) and optional groups` });
    } catch (e) {
      if (e instanceof PatternError) ctx.addIssue({ code: "custom", message: `bad pattern "${p}": ${e.message}` });
      else throw e;
    }
  })
  .describe("A token pattern: words, a|b alternatives, prefix*, [optional] groups, ~N gaps (N ≤ 8), <num>, <place> (a named country, city, state or province).");
