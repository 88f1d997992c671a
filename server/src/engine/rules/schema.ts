import * as z from "zod";
import { compilePattern, PatternError } from "../patterns";
import { KINDS, SEVERITIES, TERMS } from "../types";

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

const described = {
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

/** Where a loophole qualifier counts: inside a red line, or inside a commitment on these terms. */
export const loopholeRuleSchema = phraseRuleSchema.extend({
  scope: z.object({
    redLine: z.boolean().default(true),
    terms: z.array(z.enum(TERMS)).default([]),
    /** Permissions ("may use … for all lawful purposes") in a document that has red lines. */
    permission: z.boolean().default(false),
    /** Anywhere in a document that states red lines (reopeners of those red lines). */
    redLineDocument: z.boolean().default(false),
    /** Also where no term rule matched but the sentence classifier reads the sentence as one of `terms` (only for qualifiers hollow wherever they stand). */
    learned: z.boolean().default(false),
  }),
  /** Extend the finding from the phrase to the end of its clause (", ; ." or the sentence end). */
  toClauseEnd: z.boolean().default(false),
  /** A qualifier whose phrase matches one of these is not a loophole ("unless a caseworker reviews it" adds a safeguard). */
  unlessPhrase: z.array(patternSchema).optional(),
  /** Counts only in a sentence that names a red-line topic or points back at the limits. */
  needsTopicOrReference: z.boolean().default(false),
  /** A match of this family makes its sentence a carve-out from the document's red lines. */
  marksCarveOut: z.boolean().default(false),
  /** Only after the prohibition cue in the sentence (degree words qualify what is prohibited). */
  afterProhibition: z.boolean().default(false),
  /** "only", "solely" or "exclusively" just before the match or within six words after it (not "only where …") restricts rather than carves out ("only resident staff may access", "may access data only through …"). */
  notNearRestriction: z.boolean().default(false),
  leavesOpen: z.string(),
  /**
   * How a quick fix narrows the qualifier. Wordings may name the parties as `{Customer}` and
   * `{Supplier}`, filled with the document's own terms. No fix widens a commitment: a
   * deletion is offered only inside a limit (a prohibition or an obligation), never inside a
   * permission, whose condition is all that holds it back.
   */
  narrowing: z
    .object({
      /** Replaces an exception or condition inside a prohibition or obligation ("unless …"). */
      inLimit: z.string().optional(),
      /** Replaces a condition on a permission ("only with …"). */
      inPermission: z.string().optional(),
      /** Replaces a named class of people ("U.S. persons") with everyone. */
      everyone: z.string().optional(),
      /**
       * The qualifiers a wording may replace: vague or party-set conditions ("as otherwise
       * agreed", "where necessary", "as permitted by law"). A condition that is already a
       * safeguard ("unless a court has authorised it") is never swapped for another.
       */
      replaces: z.array(patternSchema).default([]),
      /** Deleting the qualifier (an exception clause, a degree adverb) makes the limit it sits in stricter. */
      delete: z.boolean().default(false),
    })
    .default({ delete: false, replaces: [] }),
});
export type LoopholeRule = z.infer<typeof loopholeRuleSchema>;

export const topicSchema = z.object({
  id: z.enum(["surveillance", "weapons", "automated-decisions"]),
  label: z.string(),
  /** The label takes a plural verb ("weapons and use of force are ruled out"). */
  plural: z.boolean().default(false),
  patterns: z.array(patternSchema).min(1),
  ...described,
});
export type Topic = z.infer<typeof topicSchema>;

export const termRuleSchema = z.object({
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

export const ruleSetSchema = z.object({
  topics: z.array(topicSchema),
  redLine: z.object({
    id: z.string(),
    prohibitions: z.array(patternSchema),
    /** Imperatives ("Do not use …"): prohibitions only where they open the sentence. */
    imperatives: z.array(patternSchema).default([]),
    /** Reported stances ("refused", "opposition to"): red-line cues only a few words before the topic. */
    stances: z.array(patternSchema).default([]),
    /** "no" within a few words before a topic: "no mass domestic surveillance". */
    noBeforeTopic: z.array(z.string()),
    /** A prohibition that is itself negated or lifted cancels the red line. */
    negatedProhibitions: z.array(patternSchema),
    /** A prohibition sentence that points back at a red line in the same clause. */
    backReferences: z.array(patternSchema),
    permissions: z.array(patternSchema),
    /** Headings and lead-ins that introduce exceptions ("Exceptions", "Permitted uses"): their items are no red lines. */
    exemptions: z.array(patternSchema).default([]),
    /** Lead-ins that impose duties ("shall ensure all of the following:"): a negated item under one is a prohibition. */
    duties: z.array(patternSchema).default([]),
    ...described,
  }),
  loopholes: z.array(loopholeRuleSchema),
  terms: z.array(termRuleSchema),
  /**
   * Term polarity: a sentence that only permits the opposite of a protection ("may engage
   * subcontractors without notice", "may comply with any request of a foreign authority")
   * reports the term but does not make it present.
   */
  termPolarity: z
    .object({
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
    })
    .optional(),
  claims: z.object({
    marks: z.array(
      phraseRuleSchema.extend({
        unlessAttributed: z.boolean().default(false),
        /** A match followed by one of these words does not count ("could not be reached"). */
        notFollowedBy: z.array(z.string()).default([]),
        /** A match after one of these words does not count ("laws that could compel access"). */
        notPrecededBy: z.array(z.string()).default([]),
        /** Not after a possessive: "Halcyon's lawyers argued" names whose lawyers they are. */
        notAfterPossessive: z.boolean().default(false),
        /** Not within ten words after one of these ("asked whether … could"). */
        notWithinAfter: z.array(z.string()).default([]),
        /** Not within three words after one of these phrases: "one of the largest" ranks among others. */
        notAfterPhrases: z.array(z.string()).default([]),
        /** The kinds of document where the mark counts (default: news notes and policies). */
        kinds: z.array(z.enum(KINDS)).optional(),
        /** More patterns of the mark that count only in news notes ("are expected to" requires, in a policy). */
        newsOnly: z.array(patternSchema).default([]),
      }),
    ),
    attribution: z.array(patternSchema),
    /**
     * What someone said before ("had previously said", "initially claimed"): in a document
     * that reports a retraction, that earlier statement is the retracted content (a claim).
     */
    earlierStatement: z.array(patternSchema).default([]),
  }),
});
export type RuleSet = z.infer<typeof ruleSetSchema>;
