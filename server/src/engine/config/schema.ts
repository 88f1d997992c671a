import * as z from "zod";
import { CUSTOM_RULE_LIMITS } from "../checks/common";
import { configRuleSchema } from "../checks/registry";
import { compileGlob, GlobError, GLOB_ALTERNATIVES_LIMIT } from "../glob";
import { KINDS, SEVERITIES, TERMS } from "../types";

/**
 * The `.policylens.yaml` / `.policylens.json` schema, defined once: the engine validates
 * configs with it, and `npm run schema` turns it into schemas/policylens.schema.json for
 * editors. Rule ids and profile names are checked against the catalog afterwards
 * (validate.ts), so an unknown one gets a "did you mean" suggestion.
 */


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

export { CUSTOM_RULE_LIMITS };
export { customRuleSchema, type CustomRule } from "../checks/phrase";
export { configRuleSchema, type ConfigRule } from "../checks/registry";

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
    .array(configRuleSchema)
    .max(CUSTOM_RULE_LIMITS.rules)
    .optional()
    .describe(
      `Declarative rules: phrase rules (at most ${CUSTOM_RULE_LIMITS.patternsPerRule} patterns each) or rules of a built-in check type (\`check: topic|loophole|term|claim\`, in the built-in rules' schema; docs/rules.md shows each built-in rule as YAML). At most ${CUSTOM_RULE_LIMITS.rules} rules; each pattern costs at most ${CUSTOM_RULE_LIMITS.patternCost}, and all patterns of a config and its profiles together at most ${CUSTOM_RULE_LIMITS.totalCost} (word tests per start word). They run within the document's time budget.`,
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
