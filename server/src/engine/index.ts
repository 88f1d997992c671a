// The engine's public surface: plain TypeScript, no editor, LSP or Node APIs.
export * from "./types";
export { LineIndex } from "./text";
export { parseDocument, type PolicyDocument, type Block, type Section, type Clause, type Sentence } from "./model";
export { analyze, builtinRules, previewEnd, titleRange, DEFAULT_REQUIRED_TERMS, DEFAULT_TIME_BUDGET_MS, TIME_BUDGET_RULE, UNSUPPORTED_LANGUAGE_RULE, type Analysis, type AnalyzeOptions } from "./analyze";
export { compileRules, type CompiledRules } from "./detect";
export { coverageOf, COVERAGE_STATES, type CoverageCell, type CoverageState, type DocumentCoverage } from "./coverage";
export { ruleCatalog, ruleDocsUrl, headingAnchor, RULE_DOCS_URL, type RuleInfo } from "./catalog";
export { decideKind } from "./kind";
export { decideLanguage, type LanguageDecision, type LanguageCode } from "./language";
export { compilePattern, PatternSet, PatternError } from "./patterns";
export { decodeDocument, sizeProblem, utf8Length, parseByteSize, DEFAULT_LIMITS, formatBytes, type InputLimits, type Decoded } from "./input";
export { fixesFor, fixAll, applyEdits, minimalEdit, insertClauseFix, clauseLibrary, removeQualifierFix, addSourceFootnoteFix, markVerifiedFix, suppressLineFix, suppressFileFix, numberingScheme, matchingSection, snippetToPlaceholders, placeholderFindings, PLACEHOLDER, PLACEHOLDER_RULE } from "./fixes";
export { validateConfigText, settingsFor, modelClauseFor, modelClausesFor, BUILTIN_PROFILES, type PolicyConfig, type EffectiveSettings, type ConfigProblem } from "./config";
