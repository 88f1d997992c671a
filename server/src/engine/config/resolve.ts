import { isPhraseRule, type DataRule } from "../checks/registry";
import { PatternSet } from "../patterns";
import { BUILTIN_RULES } from "../rules/builtin";
import type { DocumentKind, RuleReference, Severity, TermId } from "../types";
import { BUILTIN_PROFILES } from "./profiles";
import { CONFIG_LIMITS, profileSchema, type CustomRule, type ModelClause, type PolicyConfig, type Profile, type SettingsLayer, type TopicId } from "./schema";

/** What a document is checked with: its profile chain and the config's own settings, composed. */
export interface EffectiveSettings {
  /** The profile selected (front matter, else the config's `profile`), if any. */
  profile?: string;
  /** Layers applied, in order: the profile's ancestors, the profile, then "config". */
  layers: string[];
  /** Terms each kind must contain beyond the defaults (exit-strategy and data-residency in contracts). */
  requiredTerms: Partial<Record<DocumentKind, TermId[]>>;
  requiredRedLines: Partial<Record<DocumentKind, TopicId[]>>;
  /** Severity per rule id or category. */
  severity: Map<string, Severity>;
  /** On/off per rule id or category; the latest layer's word counts. */
  ruleState: Map<string, boolean>;
  /** Phrase rules (check type `phrase`), compiled. */
  customRules: CompiledCustomRule[];
  /** Rules of built-in check types (checks/registry.ts) the layers add: detection runs them with the built-in ones. */
  dataRules: DataRule[];
  /** The model clauses for every term: the nearest layer's wording, else the built-in one. */
  clauses: Record<TermId, ClauseEntry>;
  /** Rule id → the reference it cites under this profile chain instead of its own (DORA's under dora-financial). */
  references: Map<string, RuleReference>;
}

export interface ClauseEntry {
  clauses: ModelClause[];
  /** Where the wording comes from: "built-in", a profile name, or "config". */
  source: string;
}

export interface CompiledCustomRule {
  rule: CustomRule;
  patterns: PatternSet;
  unless?: PatternSet;
  section?: PatternSet;
}

export class ProfileError extends Error {}

export const BUILTIN_PROFILE_NAMES = Object.keys(BUILTIN_PROFILES);

let builtinParsed: Record<string, Profile> | undefined;
/** The built-in profiles, validated with the user schema once per process. */
export function builtinProfiles(): Record<string, Profile> {
  builtinParsed ??= Object.fromEntries(Object.entries(BUILTIN_PROFILES).map(([name, p]) => [name, profileSchema.parse(p)]));
  return builtinParsed;
}

/** Every profile name a config can use: its own and the built-in ones. */
export function profileNames(config?: PolicyConfig): string[] {
  return [...Object.keys(config?.profiles ?? {}), ...BUILTIN_PROFILE_NAMES];
}

export function findProfile(name: string, config?: PolicyConfig): Profile | undefined {
  // Own keys only: a front matter `profile: constructor` must not find Object.prototype's.
  const own = <T>(table: Record<string, T> | undefined) => (table && Object.hasOwn(table, name) ? table[name] : undefined);
  return own(config?.profiles) ?? own(builtinProfiles());
}

export type ChainResult = { ok: true; chain: string[] } | { ok: false; unknown: string; from?: string } | { ok: false; cycle: string[] } | { ok: false; tooDeep: string[] };

/**
 * The profiles to apply for `name`, ancestors first: `extends` entries in order, each
 * with its own ancestors, a profile reached twice applied once. Reports an unknown name,
 * a cycle (`a → b → a`) or a chain deeper than CONFIG_LIMITS.extendsDepth instead of
 * looping. Iterative and linear in the profiles and `extends` entries it reaches.
 */
export function profileChain(name: string, config?: PolicyConfig): ChainResult {
  const chain: string[] = [];
  // Each finished profile's height: the longest run of profiles it stacks, itself included.
  const done = new Map<string, number>();
  const frames: { name: string; parents: string[]; next: number }[] = [];
  const onPath = new Set<string>();
  const enter = (n: string, from?: string): ChainResult | undefined => {
    if (onPath.has(n)) {
      const path = frames.map((f) => f.name);
      return { ok: false, cycle: [...path.slice(path.indexOf(n)), n] };
    }
    const profile = findProfile(n, config);
    if (!profile) return { ok: false, unknown: n, from };
    if (frames.length >= CONFIG_LIMITS.extendsDepth) return { ok: false, tooDeep: [...frames.map((f) => f.name), n] };
    frames.push({ name: n, parents: extendsOf(profile), next: 0 });
    onPath.add(n);
    return undefined;
  };
  const failed = enter(name);
  if (failed) return failed;
  while (frames.length) {
    const top = frames[frames.length - 1];
    if (top.next < top.parents.length) {
      const parent = top.parents[top.next++];
      if (done.has(parent)) continue;
      const problem = enter(parent, top.name);
      if (problem) return problem;
    } else {
      frames.pop();
      onPath.delete(top.name);
      const height = 1 + top.parents.reduce((max, p) => Math.max(max, done.get(p) ?? 0), 0);
      if (height > CONFIG_LIMITS.extendsDepth) return { ok: false, tooDeep: [...frames.map((f) => f.name), top.name, ...top.parents.slice(0, 1)] };
      done.set(top.name, height);
      chain.push(top.name);
    }
  }
  return { ok: true, chain };
}

/** Why a profile chain cannot be used, as a sentence. */
export function chainProblem(result: Exclude<ChainResult, { ok: true }>): string {
  if ("cycle" in result) return `Profile cycle: ${shortChain(result.cycle)}.`;
  if ("tooDeep" in result) return `Profile \`${result.tooDeep[0]}\` stacks more than ${CONFIG_LIMITS.extendsDepth} profiles through \`extends\` (${shortChain(result.tooDeep)}); the limit is ${CONFIG_LIMITS.extendsDepth}.`;
  return `Unknown profile \`${result.unknown}\`.`;
}

/** `a → b → c`, with the middle left out of a long chain so a message stays readable. */
export function shortChain(names: readonly string[]): string {
  if (names.length <= 8) return names.join(" → ");
  return [...names.slice(0, 4), `… ${names.length - 7} more …`, ...names.slice(-3)].join(" → ");
}

export function extendsOf(profile: Profile): string[] {
  return profile.extends === undefined ? [] : typeof profile.extends === "string" ? [profile.extends] : profile.extends;
}

const cache = new WeakMap<object, Map<string, EffectiveSettings>>();
const NO_CONFIG = {};

/**
 * Composes the settings for a profile under a config (both optional). Throws
 * ProfileError for an unknown profile or an `extends` cycle; validateConfigText reports
 * both in a config before it is ever used, so only a front-matter profile can hit this.
 */
export function settingsFor(config: PolicyConfig | undefined, profile: string | undefined): EffectiveSettings {
  const key = profile ?? "";
  let perConfig = cache.get(config ?? NO_CONFIG);
  if (!perConfig) cache.set(config ?? NO_CONFIG, (perConfig = new Map()));
  let settings = perConfig.get(key);
  if (!settings) {
    settings = compose(config, profile);
    perConfig.set(key, settings);
  }
  return settings;
}

function compose(config: PolicyConfig | undefined, profile: string | undefined): EffectiveSettings {
  const layers: [string, SettingsLayer][] = [];
  if (profile) {
    const result = profileChain(profile, config);
    if (!result.ok) throw new ProfileError(chainProblem(result));
    for (const name of result.chain) layers.push([name, findProfile(name, config)!]);
  }
  if (config) layers.push(["config", config]);

  const settings: EffectiveSettings = {
    profile,
    layers: layers.map(([name]) => name),
    requiredTerms: {},
    requiredRedLines: {},
    severity: new Map(),
    ruleState: new Map(),
    customRules: [],
    dataRules: [],
    clauses: builtinClauses(),
    references: new Map(),
  };
  for (const t of BUILTIN_RULES.terms) {
    for (const name of settings.layers) {
      const reference = t.profileReferences?.[name];
      if (!reference) continue;
      settings.references.set(`sovereignty/${t.term}`, reference);
      settings.references.set(`missing-term/${t.term}`, reference);
    }
  }
  for (const [name, layer] of layers) {
    for (const [kind, terms] of Object.entries(layer.requiredTerms ?? {}) as [DocumentKind, TermId[]][]) {
      settings.requiredTerms[kind] = union(settings.requiredTerms[kind], terms);
    }
    for (const [kind, topics] of Object.entries(layer.requiredRedLines ?? {}) as [DocumentKind, TopicId[]][]) {
      settings.requiredRedLines[kind] = union(settings.requiredRedLines[kind], topics);
    }
    for (const [id, severity] of Object.entries(layer.severity ?? {})) settings.severity.set(id, severity);
    for (const id of layer.disable ?? []) settings.ruleState.set(id, false);
    for (const id of layer.enable ?? []) settings.ruleState.set(id, true);
    for (const rule of layer.customRules ?? []) {
      if (isPhraseRule(rule)) settings.customRules.push(compileCustomRule(rule));
      else settings.dataRules.push(rule as DataRule);
    }
    for (const [term, value] of Object.entries(layer.clauses ?? {}) as [TermId, ModelClause | ModelClause[]][]) {
      settings.clauses[term] = { clauses: Array.isArray(value) ? value : [value], source: name };
    }
  }
  return settings;
}

export function compileCustomRule(rule: CustomRule): CompiledCustomRule {
  return {
    rule,
    patterns: new PatternSet(rule.patterns),
    unless: rule.unless?.length ? new PatternSet(rule.unless) : undefined,
    section: rule.scope?.section ? new PatternSet([rule.scope.section]) : undefined,
  };
}

function builtinClauses(): Record<TermId, ClauseEntry> {
  return Object.fromEntries(BUILTIN_RULES.terms.map((t) => [t.term, { clauses: [t.modelClause], source: "built-in" }])) as Record<TermId, ClauseEntry>;
}

function union<T>(a: T[] | undefined, b: T[]): T[] {
  return [...new Set([...(a ?? []), ...b])];
}
