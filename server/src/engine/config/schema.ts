import * as z from "zod";
import { compilePattern, PatternError, patternCost } from "../patterns";
import { compileGlob, GlobError, GLOB_ALTERNATIVES_LIMIT } from "../glob";
import { KINDS, SEVERITIES, TERMS } from "../types";

/**
 * The `.policylens.yaml` / `.policylens.json` schema, defined once: the engine validates
 * configs with it, and `npm run schema` turns it into schemas/policylens.schema.json for
 * editors. Rule ids and profile names are checked against the catalog afterwards
 * (validate.ts), so an unknown one gets a "did you mean" suggestion.
 */

/**
 * Bounds on user patterns. Matching is linear in the text whatever the pattern; these
 * keep the constant small (see scripts/bench-patterns.mjs for the figures).
 */
export const CUSTOM_RULE_LIMITS = {
  rules: 100,
  patternsPerRule: 20,
  patternLength: 200,
  /** patternCost (word tests per start word) of one pattern; built-in patterns stay under 40. */
  patternCost: 100,
  /** Sum of patternCost over every custom pattern of a config (its profiles included). */
  totalCost: 1000,
} as const;

/**
 * Bounds on a config as a whole: a config is workspace data a supplier may have written,
 * so reading, validating and using it must have a bounded cost.
 */
export const CONFIG_LIMITS = {
  /** Bytes of a config file; a larger one is refused unread. */
  fileBytes: 1024 * 1024,
  /** Profiles one `extends` chain may stack (ancestors included). */
  extendsDepth: 32,
  ignoreGlobs: 100,
  globLength: 500,
  /** `{a,b}` alternatives one glob may expand to. */
  globAlternatives: GLOB_ALTERNATIVES_LIMIT,
} as const;

const ignoreGlob = z
  .string()
  .min(1)
  .max(CONFIG_LIMITS.globLength)
  .superRefine((glob, ctx) => {
    try {
      compileGlob(glob);
    } catch (e) {
      if (e instanceof GlobError) ctx.addIssue({ code: "custom", message: e.message });
      else throw e;
    }
  })
  .describe(`A glob: * and ? within a name, ** across folders, {a,b}, [abc]; at most ${CONFIG_LIMITS.globLength} characters and ${GLOB_ALTERNATIVES_LIMIT} brace alternatives. Matched in time linear in the path.`);

export const TOPIC_IDS = ["surveillance", "weapons", "automated-decisions"] as const;
export type TopicId = (typeof TOPIC_IDS)[number];

const userPattern = z
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
  .describe("A token pattern: words, a|b alternatives, prefix*, [optional] groups, ~N gaps (N ≤ 8), <num>.");

export const ruleOrCategory = z.string().min(1).describe("A rule id (claim/absolute), a category (claim) or a custom rule id.");

export const modelClauseSchema = z
  .strictObject({
    title: z.string().min(1).describe("Heading of the inserted section."),
    body: z.string().min(1).describe("Clause text; ${1:Customer} marks a value the drafter must choose."),
  })
  .describe("A model clause the quick fix inserts.");
export type ModelClause = z.infer<typeof modelClauseSchema>;

export const clauseLibrarySchema = z
  .partialRecord(z.enum(TERMS), z.union([modelClauseSchema, z.array(modelClauseSchema).min(1)]))
  .describe("Model clauses per term; a list offers alternatives, the first is the default.");

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

/** A profile name: built-in or defined under `profiles`. */
export const profileName = z.string();

/** What a profile and the config's top level can both set. */
const layerShape = {
  requiredTerms: z
    .partialRecord(z.enum(KINDS), z.array(z.enum(TERMS)))
    .optional()
    .describe("Terms each document kind must contain, on top of exit-strategy and data-residency for contracts."),
  requiredRedLines: z
    .partialRecord(z.enum(KINDS), z.array(z.enum(TOPIC_IDS)))
    .optional()
    .describe("Red-line topics each document kind must rule out."),
  severity: z.record(ruleOrCategory, z.enum(SEVERITIES)).optional().describe("Severity per rule id or category; a rule id wins over its category."),
  disable: z.array(ruleOrCategory).optional().describe("Rules or categories to turn off."),
  enable: z.array(ruleOrCategory).optional().describe("Rules or categories to turn back on (after a profile disabled them)."),
  customRules: z
    .array(customRuleSchema)
    .max(CUSTOM_RULE_LIMITS.rules)
    .optional()
    .describe(
      `Declarative rules: at most ${CUSTOM_RULE_LIMITS.rules}, each with at most ${CUSTOM_RULE_LIMITS.patternsPerRule} patterns of cost ${CUSTOM_RULE_LIMITS.patternCost} or less; the patterns of a config and its profiles together may cost ${CUSTOM_RULE_LIMITS.totalCost} (word tests per start word). They run within the document's time budget.`,
    ),
  clauses: clauseLibrarySchema.optional(),
};

export const profileSchema = z
  .strictObject({
    description: z.string().optional(),
    extends: z
      .union([profileName, z.array(profileName)])
      .optional()
      .describe(`Profiles this one builds on, applied in order before its own settings; a chain may stack at most ${CONFIG_LIMITS.extendsDepth} profiles.`),
    ...layerShape,
  })
  .describe("A policy pack: required terms, severities, rules and clauses.");
export type Profile = z.infer<typeof profileSchema>;

export const PROFILE_NAME = /^[a-z0-9][a-z0-9-]*$/;

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    profile: profileName.optional().describe("Profile for documents without a `profile:` in their front matter."),
    profiles: z
      .record(z.string().regex(PROFILE_NAME, "use lower-case letters, digits and -"), profileSchema)
      .optional()
      .describe("Your own profiles; they may extend the built-in ones."),
    ignore: z
      .array(ignoreGlob)
      .max(CONFIG_LIMITS.ignoreGlobs)
      .optional()
      .describe("Globs, relative to this file's folder, of documents not to check (`drafts/**`, `*.draft.md`)."),
    ...layerShape,
  })
  .describe(`Policy Lens configuration (.policylens.yaml), at most ${CONFIG_LIMITS.fileBytes / 1024 / 1024} MB: a larger, unreadable or non-UTF-8 file is an error, never skipped.`);
export type PolicyConfig = z.infer<typeof configSchema>;
/** What a settings layer (the top level of a config, or a profile) can set. */
export type SettingsLayer = Pick<Profile, keyof typeof layerShape>;
