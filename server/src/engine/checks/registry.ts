import * as z from "zod";
import type { RuleSet } from "../rules/schema";
import type { EffectiveSettings } from "../config/resolve";
import type { Category, DocumentKind } from "../types";
import { claimMarkSchema, type ClaimMark } from "./claim";
import { loopholeRuleSchema, type LoopholeRule } from "./loophole";
import { customRuleSchema } from "./phrase";
import { topicSchema, type Topic } from "./redLine";
import { termRuleId, termRuleSchema, type TermRule } from "./term";

/**
 * The check types, registered once. The analysis composes a config's rules into the rule
 * set through `ruleSetWith`, the config schema accepts a rule of any type here in the
 * schema the built-in rules use (`configRuleSchema`), the config loader bounds every
 * pattern of a rule through `patternsOf`, docs/rules.md prints each built-in rule as the
 * YAML a config takes, and incremental.ts patches an edit only when what each type `reads`
 * from other sentences did not change.
 */

/**
 * What a check type reads from sentences other than the one it reports on. An edit that
 * changes one of these for another sentence cannot be patched (incremental.ts).
 */
export type CrossSentenceRead =
  /** Whether the document states a red line anywhere. */
  | "document-red-lines"
  /** The red line a back-reference ("breaches this clause") finds in its clause or section. */
  | "clause-red-line"
  /** A list item's lead-in, parent item or heading (and their stance: prohibits, permits, obliges). */
  | "lead-in"
  /** The topics of the red-line items below a lead-in. */
  | "list-items"
  /** Whether any sentence of the document has a contextual term's anchor ("escrow"). */
  | "document-anchors"
  /** The previous sentence's terms, in the same section (a carve-out after a residency promise). */
  | "previous-sentence-terms"
  /** The statement before a retraction, in the same section. */
  | "previous-statement"
  /** Whether the document reports a retraction anywhere (then earlier statements are claims). */
  | "document-retractions"
  /** The terms present in the whole document. */
  | "present-terms"
  /** The red-line topics the whole document covers. */
  | "covered-topics"
  /** Every sentence's facts, read in a pass after detection. */
  | "all-sentence-facts"
  /** The title of the sentence's section and its ancestors. */
  | "section-titles";

/** What decides whether a check type runs on a document. */
export interface CheckContext {
  kind: DocumentKind;
  settings: Pick<EffectiveSettings, "customRules" | "requiredRedLines">;
}

export interface CheckType {
  /** The `check:` value of a rule of this type in a config. */
  check: string;
  category: Category;
  /** What the check finds, in a line (ARCHITECTURE.md, docs/rules.md). */
  summary: string;
  reads: readonly CrossSentenceRead[];
  /** Whether the check runs on a document (by default, on every one). */
  active?(context: CheckContext): boolean;
}

/** A check type whose rules are data: the built-in ones in rules/builtin.ts, a config's under `customRules`. */
export interface DataCheckType<R = unknown> extends CheckType {
  check: DataCheck;
  /** One rule, as the built-in set and a config both write it. */
  schema: z.ZodObject;
  /** This type's rules in a rule set, in order. */
  rulesIn(set: RuleSet): readonly R[];
  /** The rule set with this type's rules replaced. */
  withRules(set: RuleSet, rules: R[]): RuleSet;
  idOf(rule: R): string;
  /** Every token pattern of a rule: each counts against the config's cost limits. */
  patternsOf(rule: R): string[];
}

const DATA_CHECKS = ["topic", "loophole", "term", "claim"] as const;
export type DataCheck = (typeof DATA_CHECKS)[number];

const topic: DataCheckType<Topic> = {
  check: "topic",
  category: "red-line",
  summary: "A red-line topic (surveillance, weapons, automated decisions): a red line where a prohibition governs it, in the sentence, its list's lead-in or heading, or the clause a back-reference points at.",
  reads: ["lead-in", "list-items", "clause-red-line", "document-red-lines"],
  schema: topicSchema,
  rulesIn: (set) => set.topics,
  withRules: (set, topics) => ({ ...set, topics }),
  idOf: (t) => t.id,
  patternsOf: (t) => [...t.patterns],
};

const loophole: DataCheckType<LoopholeRule> = {
  check: "loophole",
  category: "loophole",
  summary: "A qualifier that empties a limit (\"unless required by law\", \"intentionally\"), counted inside a red line, a commitment on the terms it names, or a permission in a document with red lines.",
  reads: ["document-red-lines", "list-items", "previous-sentence-terms"],
  schema: loopholeRuleSchema,
  rulesIn: (set) => set.loopholes,
  withRules: (set, loopholes) => ({ ...set, loopholes }),
  idOf: (l) => l.id,
  patternsOf: (l) => [...l.patterns, ...(l.unlessPhrase ?? []), ...(l.unlessNear ?? []), ...l.narrowing.replaces],
};

const term: DataCheckType<TermRule> = {
  check: "term",
  category: "sovereignty",
  summary: "A sovereignty term (exit, residency, jurisdiction …) a sentence commits to, or only permits the opposite of; what makes the term present for missing-term checks.",
  reads: ["document-anchors", "present-terms"],
  schema: termRuleSchema,
  rulesIn: (set) => set.terms,
  withRules: (set, terms) => ({ ...set, terms }),
  idOf: termRuleId,
  patternsOf: (t) => [
    ...t.patterns,
    ...(t.requires ?? []),
    ...(t.unless ?? []),
    ...(t.permissive ?? []),
    ...(t.contextual ? [...t.contextual.patterns, ...t.contextual.anchors, ...(t.contextual.unless ?? [])] : []),
    ...t.covers.flatMap((c) => c.patterns),
  ],
};

const claim: DataCheckType<ClaimMark> = {
  check: "claim",
  category: "claim",
  summary: "A claim mark (unnamed source, hedging, speculation, absolute, statistic …) in a news note or policy: the sentence is an unverified claim unless attributed where the mark allows.",
  reads: ["previous-statement", "document-retractions"],
  // detect.ts: claims are not looked for in contracts.
  active: ({ kind }) => kind !== "contract",
  schema: claimMarkSchema,
  rulesIn: (set) => set.claims.marks,
  withRules: (set, marks) => ({ ...set, claims: { ...set.claims, marks } }),
  idOf: (c) => c.id,
  patternsOf: (c) => [...c.patterns, ...c.newsOnly],
};

/** The check types whose rules are data, in the order the rule set holds them. */
export const DATA_CHECK_TYPES: readonly DataCheckType[] = [topic, loophole, term, claim] as DataCheckType[];

/** Every check type: the data ones, a config's phrase rules, and the document-level missing-term check. */
export const CHECK_TYPES: readonly CheckType[] = [
  ...DATA_CHECK_TYPES,
  {
    check: "phrase",
    category: "loophole",
    summary: "A config's own token patterns in a scope (inside a red line or commitment, a polarity, a section title, document kinds), reported with its message under the category it names.",
    reads: ["all-sentence-facts", "section-titles"],
    active: ({ settings }) => settings.customRules.length > 0,
  },
  {
    check: "missing-term",
    category: "missing-term",
    summary: "A term the document's kind and profile require and no sentence commits to (permissions of the opposite do not count).",
    reads: ["present-terms"],
  },
  {
    check: "missing-red-line",
    category: "missing-term",
    summary: "A red-line topic the document's profile requires and no red line covers.",
    reads: ["covered-topics"],
    active: ({ kind, settings }) => (settings.requiredRedLines[kind]?.length ?? 0) > 0,
  },
];

/** The check types that run on a document of this kind under these settings. */
export function activeCheckTypes(context: CheckContext): CheckType[] {
  return CHECK_TYPES.filter((c) => !c.active || c.active(context));
}

export function dataCheckType(check: DataCheck): DataCheckType {
  return DATA_CHECK_TYPES.find((c) => c.check === check)!;
}

/** A rule of a data check type as a config writes it: the type's schema plus `check`. */
export type DataRule = { check: DataCheck; id?: string; order?: number } & Record<string, unknown>;

/** The order of the built-in rule at `index` among its type's (see `order` in configRuleSchema). */
const builtinOrder = (index: number) => (index + 1) * 10;

/**
 * A built-in rule as a config writes it: its data, with `check`, its id and its order, so a
 * copy under a new id stands where the original stood (docs/rules.md prints this as YAML).
 */
export function configForm(check: DataCheckType, rule: unknown, index: number): DataRule {
  return { check: check.check, id: check.idOf(rule), order: builtinOrder(index), ...(rule as object) } as DataRule;
}

/**
 * A rule under a config's `customRules`: a phrase rule (no `check`, or `check: phrase`), or a
 * rule of a built-in check type in the very schema the built-in rules use, so a rule copied
 * from docs/rules.md under a new id behaves as the original. Unknown keys are errors.
 */
const order = z
  .number()
  .optional()
  .describe(
    "Where the rule stands among the rules of its check type: where two match the same words, or a sentence has several terms, the lower order decides (the built-in rules are numbered 10, 20, 30 … in their order; a rule without one comes after them).",
  );

export const configRuleSchema = z.discriminatedUnion("check", [
  customRuleSchema.extend({ check: z.literal("phrase").optional().describe("Omitted or `phrase`: a rule of token patterns in a scope.") }),
  topicSchema.extend({ check: z.literal("topic"), order }).strict().describe("A red-line topic, as the built-in ones (docs/rules.md shows each as YAML)."),
  loopholeRuleSchema.extend({ check: z.literal("loophole"), order }).strict().describe("A loophole family, as the built-in ones."),
  termRuleSchema
    .extend({ check: z.literal("term"), order, id: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, "use lower-case `prefix/name`").describe("The rule's id; a built-in term rule's is `sovereignty/<term>`.") })
    .strict()
    .describe("A sovereignty term's detector, as the built-in ones; `term` names which term it makes present."),
  claimMarkSchema.extend({ check: z.literal("claim"), order }).strict().describe("A claim mark, as the built-in ones."),
]);
export type ConfigRule = z.infer<typeof configRuleSchema>;

export type PhraseConfigRule = Extract<ConfigRule, { category: unknown }>;

export function isPhraseRule(rule: ConfigRule): rule is PhraseConfigRule {
  return rule.check === undefined || rule.check === "phrase";
}

/** The id of a rule of a data check type. */
export function dataRuleId(rule: DataRule): string {
  return dataCheckType(rule.check).idOf(rule);
}

/** Every token pattern of a config rule (phrase rules: patterns, unless, section). */
export function configRulePatterns(rule: ConfigRule): string[] {
  if (isPhraseRule(rule)) return [...rule.patterns, ...(rule.unless ?? []), ...(rule.scope?.section ? [rule.scope.section] : [])];
  return dataCheckType(rule.check as DataCheck).patternsOf(rule);
}

/** The ids of a rule set's rules of data check types (built-in topics are named by a word: "surveillance"). */
export function dataRuleIds(set: RuleSet): readonly string[] {
  // Asked once per analysed document; rule sets are never modified.
  let ids = ruleIdsBySet.get(set);
  if (!ids) ruleIdsBySet.set(set, (ids = DATA_CHECK_TYPES.flatMap((c) => c.rulesIn(set).map((r) => c.idOf(r)))));
  return ids;
}
const ruleIdsBySet = new WeakMap<RuleSet, readonly string[]>();

/**
 * A rule set with the rules `disabled` names left out and a config's `added` rules after
 * each type's own, so detection runs them as it runs the built-in ones.
 */
export function ruleSetWith(set: RuleSet, added: readonly DataRule[], disabled: (id: string) => boolean): RuleSet {
  let out = set;
  for (const c of DATA_CHECK_TYPES) {
    const builtin = c.rulesIn(set);
    const own = builtin.map((rule, i) => ({ rule, order: builtinOrder(i) })).filter((r) => !disabled(c.idOf(r.rule)));
    const more = added.filter((r) => r.check === c.check).map(({ check: _check, order, ...rule }) => ({ rule, order: order ?? Infinity }));
    if (own.length === builtin.length && !more.length) continue;
    // Stable: at equal order a built-in rule stands before a config's.
    out = c.withRules(out, sortedBy([...own, ...more], (r) => r.order).map((r) => r.rule));
  }
  return out;
}

/** A stable sort by a numeric key. */
function sortedBy<T>(items: readonly T[], key: (item: T) => number): T[] {
  return items.map((item, i) => ({ item, i, k: key(item) })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.item);
}
