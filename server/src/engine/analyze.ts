import { dataRuleIds, ruleSetWith } from "./checks/registry";
import { missingRedLineFindings, missingTermFindings } from "./checks/missingTerm";
import { applySettings, documentSettings, knownRuleNames } from "./config/apply";
import { customRuleFindings } from "./checks/phrase";
import { UNUSED_SUPPRESSION_RULE } from "./config/suppressions";
import type { EffectiveSettings } from "./config/resolve";
import type { PolicyConfig } from "./config/schema";
import { compileRules, detect, type CompiledRules, type SentenceFacts } from "./detect";
import { dropVerifiedClaims, placeholderFindings } from "./fixes";
import { decideKind, type KindDecision } from "./kind";
import { decideLanguage, LANGUAGE_NAMES, type LanguageDecision } from "./language";
import { parseDocument, type ParseHooks, type PolicyDocument } from "./model";
import { BUILTIN_RULES } from "./rules/builtin";
import type { DocumentKind, Finding, Severity, TermId } from "./types";

export interface AnalyzeOptions {
  rules?: CompiledRules;
  /** Cached parsing steps, for re-analysing an edited document (incremental.ts). */
  parse?: ParseHooks;
  /** Terms a contract must contain; defaults to exit-strategy and data-residency plus the profile's. */
  requiredTerms?: TermId[];
  /**
   * A validated .policylens config (validateConfigText, or configFiles.ts): profile,
   * required terms, severities, disabled rules, custom rules. Without one, only the
   * front matter's `profile:` and suppression comments apply.
   */
  config?: PolicyConfig;
  /** Severity of missing-term findings. */
  missingSeverity?: Severity;
  /**
   * Longest an analysis may run, in milliseconds. Past it, analysis stops and reports one
   * `document/time-budget` finding, so a pathological document cannot hang an editor.
   */
  timeBudgetMs?: number;
  /** Milliseconds since any fixed origin; injectable so tests can simulate a slow analysis. */
  clock?: () => number;
  /**
   * The text is the beginning of a longer document (`previewEnd`), analysed first so an
   * editor can show the findings at the top of a large document at once: judgements that
   * need the whole document (missing terms, missing red lines) are not made.
   */
  preview?: boolean;
}

export interface Analysis {
  document: PolicyDocument;
  kind: DocumentKind;
  kindDecision: KindDecision;
  /** The document's language; only English is analysed (the others get one finding saying so). */
  language: LanguageDecision;
  findings: Finding[];
  facts: SentenceFacts[];
  /** Terms the document covers (from its sovereignty findings). */
  presentTerms: Set<TermId>;
  /** The profile and config settings the document was checked with (clause library included). */
  settings: EffectiveSettings;
  /** The terms the document's kind and profile require (the coverage matrix's columns). */
  requiredTerms: TermId[];
  /** The rules it was checked with: the built-in ones and its config's (fixes and hovers read a config's rules here). */
  rules?: CompiledRules;
}

export const DEFAULT_REQUIRED_TERMS: TermId[] = ["exit-strategy", "data-residency"];
/** Generous: a 5 MB document takes a few seconds; only pathological input gets near it. */
export const DEFAULT_TIME_BUDGET_MS = 10_000;
export const TIME_BUDGET_RULE = "document/time-budget";
export const UNSUPPORTED_LANGUAGE_RULE = "document/unsupported-language";

// A monotonic clock where there is one (browsers and Node both have `performance`).
const monotonicClock = typeof performance !== "undefined" ? () => performance.now() : () => Date.now();
/** The clock an analysis with these options reads. */
export const analysisClock = (options: AnalyzeOptions): (() => number) => options.clock ?? monotonicClock;

// The CLI bundle carries the built-in rule set as the build validated it (JSON): zod's
// parse of it cost each CLI process ~50 ms (scripts/build.mjs). Elsewhere it is validated here.
declare const POLICY_LENS_VALIDATED_RULES: string | undefined;
let builtin: CompiledRules | undefined;
/** The built-in rules, validated and compiled once per process. */
export function builtinRules(): CompiledRules {
  builtin ??= typeof POLICY_LENS_VALIDATED_RULES === "string" ? compileRules(JSON.parse(POLICY_LENS_VALIDATED_RULES), { validated: true }) : compileRules(BUILTIN_RULES);
  return builtin;
}

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const started = analysisClock(options)();
  const clock = analysisClock(options);
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  return analyzeDocument(parseDocument(text, options.parse, { outOfTime: () => clock() - started > budget }), options, started);
}

const composed = new WeakMap<CompiledRules, WeakMap<EffectiveSettings, CompiledRules>>();
/**
 * The rules a document is checked with: `base` (the built-in ones, unless options name
 * others) less the rules of built-in check types the settings disable, plus those their
 * config adds (`check: topic|loophole|term|claim`), compiled once per settings.
 */
export function effectiveRules(base: CompiledRules, settings: EffectiveSettings): CompiledRules {
  const disabled = (id: string) => settings.ruleState.get(id) === false;
  if (!settings.dataRules.length && !dataRuleIds(base.source).some(disabled)) return base;
  let perBase = composed.get(base);
  if (!perBase) composed.set(base, (perBase = new WeakMap()));
  let rules = perBase.get(settings);
  if (!rules) perBase.set(settings, (rules = compileRules(ruleSetWith(base.source, settings.dataRules, disabled))));
  return rules;
}

/** `analyze` for a text already parsed, the parse having started at `started` (options.clock). */
export function analyzeDocument(document: PolicyDocument, options: AnalyzeOptions, started: number): Analysis {
  const clock = analysisClock(options);
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const outOfTime = () => clock() - started > budget;
  const kindDecision = decideKind(document);
  const kind = kindDecision.kind;
  const { settings, findings: profileProblems } = documentSettings(options.config, document);
  const rules = effectiveRules(options.rules ?? builtinRules(), settings);
  const language = decideLanguage(document);
  if (!language.analysed) return unanalysedLanguage(document, kindDecision, language, settings, profileProblems, rules, options);
  // Parsing polls the deadline too (model.ts): where it stopped, the analysis stopped.
  const detected = document.parsedUntil !== undefined ? { findings: [], facts: [], stoppedAt: document.parsedUntil } : outOfTime() ? { findings: [], facts: [], stoppedAt: 0 } : detect(document, rules, { kind, outOfTime });
  const facts = detected.facts;
  // Annotations written by quick fixes: verified claims, and unfilled clause placeholders.
  const findings = dropVerifiedClaims(document, detected.findings);
  // A red line a news note reports is the story, not a limit the note sets: a hint, so the
  // note is not underlined from top to bottom. (News notes are never patched incrementally.)
  if (kind === "news-note") for (let i = 0; i < findings.length; i++) if (findings[i].category === "red-line" && findings[i].severity === "information") findings[i] = { ...findings[i], severity: "hint" };
  // Appended one by one: spreading a long array into push() overflows the stack (200,000 placeholders did).
  for (const f of placeholderFindings(document)) findings.push(f);

  for (const p of document.problems) {
    findings.push({
      rule: "document/front-matter",
      category: "document",
      severity: "error",
      message: p.message,
      start: p.start,
      end: p.end,
      explanation: FRONT_MATTER_EXPLANATION,
    });
  }

  const presentTerms = presentTermsOf(facts);
  // An interrupted analysis has not seen every sentence, so it cannot tell a term is missing.
  const required = [...new Set([...(kind === "contract" ? options.requiredTerms ?? DEFAULT_REQUIRED_TERMS : []), ...(settings.requiredTerms[kind] ?? [])])];
  if (required.length && detected.stoppedAt === undefined && !options.preview) {
    const [start, end] = titleRange(document);
    for (const f of missingTermFindings(rules, required, presentTerms, [start, end], options.missingSeverity)) findings.push(f);
  }

  if (detected.stoppedAt === undefined && !options.preview) for (const f of missingRedLineFindings(facts, rules, settings, kind, titleRange(document))) findings.push(f);
  for (const f of profileProblems) findings.push(f);
  // Custom rules poll the same deadline; where they stop is reported like detection's stop.
  const custom = detected.stoppedAt === undefined ? customRuleFindings(document, facts, rules, kind, settings.customRules, outOfTime) : { findings: [] };
  for (const f of custom.findings) findings.push(f);
  if (detected.stoppedAt !== undefined) findings.push(timeBudgetFinding(document, detected.stoppedAt, budget, "analysis"));
  else if (custom.stoppedAt !== undefined) findings.push(timeBudgetFinding(document, custom.stoppedAt, budget, "custom rules"));
  // Configuration last: disabled rules, suppression comments, severities.
  const interrupted = detected.stoppedAt !== undefined || custom.stoppedAt !== undefined;
  const configured = applySettings(document, findings, settings, knownRuleNames(rules, options.config), interrupted);

  configured.sort(findingOrder);
  return { document, kind, kindDecision, language, findings: configured, facts, presentTerms, settings, requiredTerms: required, rules };
}

/**
 * A document in a language the rules are not written for: one finding saying so, and none
 * of the rules' (an English term list would call every French residency clause missing).
 * Problems with the front matter and the profile are still reported: they are not prose.
 */
function unanalysedLanguage(
  document: PolicyDocument,
  kindDecision: KindDecision,
  language: LanguageDecision,
  settings: EffectiveSettings,
  profileProblems: Finding[],
  rules: CompiledRules,
  options: AnalyzeOptions,
): Analysis {
  const [start, end] = titleRange(document);
  const name = LANGUAGE_NAMES[language.language];
  const how = language.source === "front-matter" ? "declared in its front matter" : "told from its most frequent words";
  const findings: Finding[] = [
    {
      rule: UNSUPPORTED_LANGUAGE_RULE,
      category: "document",
      severity: "information",
      message: `Not analysed: this document is in ${name} (${how}), and Policy Lens's rules are written for English.`,
      start,
      end,
      explanation:
        "The rules match English wording, so in another language they would miss every clause and report terms as missing that the document has. Until French and German are supported, such a document is not analysed. If it is in English, declare `lang: en` in its front matter.",
    },
  ];
  for (const p of document.problems) findings.push({ rule: "document/front-matter", category: "document", severity: "error", message: p.message, start: p.start, end: p.end, explanation: FRONT_MATTER_EXPLANATION });
  findings.push(...profileProblems);
  // A suppression comment hides nothing here because nothing was looked for: it is not unused.
  const configured = applySettings(document, findings, settings, knownRuleNames(rules, options.config)).filter((f) => f.rule !== UNUSED_SUPPRESSION_RULE);
  configured.sort(findingOrder);
  return { document, kind: kindDecision.kind, kindDecision, language, findings: configured, facts: [], presentTerms: new Set(), settings, requiredTerms: [] };
}

/** The terms a document covers. A permissive mention ("we may store data in any country") does not satisfy a required term. */
export function presentTermsOf(facts: readonly SentenceFacts[]): Set<TermId> {
  const present = new Set<TermId>();
  for (const f of facts) {
    if (!f.terms.length) continue;
    for (const t of f.terms) if (!f.permissive.includes(t)) present.add(t);
  }
  return present;
}

const FRONT_MATTER_EXPLANATION = "Front matter declares the document's kind, title and profile. Fix the value so the right rules run.";

/** The order of an analysis's findings: by offset, then rule. */
export const findingOrder = (a: Finding, b: Finding): number => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule);

/**
 * Where a preview of a long text should end: at the first top-level block (an unindented
 * line after a blank line) from `chars` on, so the blocks before it parse as in the whole
 * document; the whole text when there is none.
 */
export function previewEnd(text: string, chars: number): number {
  const boundary = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n)(?=\S)/g;
  boundary.lastIndex = Math.min(chars, text.length);
  const m = boundary.exec(text);
  return m ? m.index + m[0].length : text.length;
}

/** Reported at the title, where a document-level finding goes, naming the line analysis reached. */
function timeBudgetFinding(document: PolicyDocument, stoppedAt: number, budget: number, pass: "analysis" | "custom rules"): Finding {
  const [start, end] = titleRange(document);
  const line = document.lines.position(stoppedAt).line + 1;
  return {
    rule: TIME_BUDGET_RULE,
    category: "document",
    severity: "warning",
    // Custom rules run after detection, so when they stop only their own findings may be missing.
    message:
      pass === "analysis"
        ? `Not fully analysed: analysis stopped at line ${line} after its time budget of ${budget} ms, so findings may be missing.`
        : `Not fully analysed: custom rules stopped at line ${line} after the time budget of ${budget} ms, so findings of custom rules may be missing.`,
    start,
    end,
    explanation:
      "Each document gets a time budget so that no analysis can hang the editor or a CI run. Split a very large document, or raise the time budget (CLI --time-budget, editor setting policyLens.timeBudgetMs).",
  };
}

/** The title heading (first level-1 heading), else the first line with text. */
export function titleRange(doc: PolicyDocument): [number, number] {
  const h1 = doc.sections.find((s) => s.level === 1) ?? doc.sections[0];
  if (h1) return [h1.headingStart, h1.headingEnd];
  const first = doc.blocks[0];
  if (first) return [doc.lines.starts[first.startLine], doc.lines.lineEnd(first.startLine)];
  return [0, doc.lines.lineEnd(0)];
}
