import * as z from "zod";
import { CATEGORIES } from "../types";
import { BUILTIN_PROFILES } from "./profiles";
import { configSchema, profileName, ruleOrCategory } from "./schema";

/**
 * The JSON Schema editors use for completion and validation of .policylens.yaml/.json,
 * generated from the zod schema so the two cannot drift. `io: "input"` describes what a
 * user writes (defaults make keys optional). Checks zod cannot express in JSON Schema
 * (pattern syntax and cost, known rule ids) still run in the language server.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, {
    io: "input",
    unrepresentable: "any",
    target: "draft-7",
    // Completion for categories and built-in profiles, without rejecting other names. Rule
    // ids are left out on purpose: the rule set changes often, and the language server
    // checks them (with a suggestion) anyway.
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema === ruleOrCategory) jsonSchema.examples = [...CATEGORIES];
      if (zodSchema === profileName) jsonSchema.examples = Object.keys(BUILTIN_PROFILES);
    },
  });
  return { title: "Policy Lens configuration", ...schema };
}
