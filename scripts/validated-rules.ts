// Bundled and run by scripts/build.mjs: the built-in rule set as the engine validates it, as
// JSON, which the CLI bundle carries instead of validating it again in every process.
import { BUILTIN_RULES } from "../server/src/engine/rules/builtin";
import { ruleSetSchema } from "../server/src/engine/rules/schema";

export function validatedRulesJson(): string {
  return JSON.stringify(ruleSetSchema.parse(BUILTIN_RULES));
}
