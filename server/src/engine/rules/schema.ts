import * as z from "zod";
import { claimMarkSchema } from "../checks/claim";
import { patternSchema } from "../checks/common";
import { loopholeRuleSchema } from "../checks/loophole";
import { redLineSchema, topicSchema } from "../checks/redLine";
import { termPolaritySchema, termRuleSchema } from "../checks/term";

/**
 * The built-in rule set's schema: the rules of each check type (checks/), in the schema a
 * `.policylens.yaml` rule of that type uses, and each check type's shared vocabulary.
 */
export { described, patternSchema, phraseRuleSchema, referenceSchema, type PhraseRule } from "../checks/common";
export { claimMarkSchema, type ClaimMark } from "../checks/claim";
export { loopholeRuleSchema, type LoopholeRule } from "../checks/loophole";
export { redLineSchema, topicSchema, type Topic } from "../checks/redLine";
export { termPolaritySchema, termRuleSchema, type TermRule } from "../checks/term";

export const ruleSetSchema = z.object({
  topics: z.array(topicSchema),
  redLine: redLineSchema,
  loopholes: z.array(loopholeRuleSchema),
  terms: z.array(termRuleSchema),
  /**
   * Term polarity: a sentence that only permits the opposite of a protection ("may engage
   * subcontractors without notice", "may comply with any request of a foreign authority")
   * reports the term but does not make it present.
   */
  termPolarity: termPolaritySchema.optional(),
  claims: z.object({
    marks: z.array(claimMarkSchema),
    attribution: z.array(patternSchema),
    /**
     * What someone said before ("had previously said", "initially claimed"): in a document
     * that reports a retraction, that earlier statement is the retracted content (a claim).
     */
    earlierStatement: z.array(patternSchema).default([]),
  }),
});
export type RuleSet = z.infer<typeof ruleSetSchema>;
