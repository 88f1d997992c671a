// Configuration: policy packs (profiles), custom rules, the clause library and
// suppressions. Pure TypeScript, no Node APIs: file discovery lives in configFiles.ts.
export { configSchema, profileSchema, customRuleSchema, modelClauseSchema, CUSTOM_RULE_LIMITS, CONFIG_LIMITS, TOPIC_IDS, type PolicyConfig, type Profile, type CustomRule, type ModelClause, type TopicId } from "./schema";
export { BUILTIN_PROFILES } from "./profiles";
export { settingsFor, profileChain, profileNames, builtinProfiles, ProfileError, type EffectiveSettings, type ClauseEntry } from "./resolve";
export { validateConfigText, formatConfigProblems, type ConfigProblem, type ConfigValidation } from "./validate";
export { documentSettings, applySettings, knownRuleNames } from "./apply";
export { missingRedLineFindings } from "../checks/missingTerm";
export { customRuleFindings } from "../checks/phrase";
export { readSuppressions, applySuppressions, UNUSED_SUPPRESSION_RULE, UNKNOWN_RULE_RULE, SUPPRESSION_EXPLANATIONS, type Suppression } from "./suppressions";
export { modelClauseFor, modelClausesFor } from "./clauses";
export { configJsonSchema } from "./jsonSchema";
export { editDistance, nearestName } from "./nearest";
