import { isMap, isScalar, parseDocument } from "yaml";
import { ruleCatalog } from "../catalog";
import { dataRuleIds } from "../checks/registry";
import type { CompiledRules } from "../detect";
import type { PolicyDocument } from "../model";
import { CATEGORIES, type Finding } from "../types";
import { unknownNameMessage } from "./nearest";
import { profileNames, ProfileError, settingsFor, type EffectiveSettings } from "./resolve";
import type { PolicyConfig } from "./schema";
import { applySuppressions, UNKNOWN_RULE_RULE } from "./suppressions";

const known = new WeakMap<object, Set<string>>();
/**
 * Every name a config or a suppression comment may use: the rule catalog (built-in rules,
 * built-in profiles' rules, suppression rules), categories, and the config's custom rules.
 */
export function knownRuleNames(rules: CompiledRules, config?: PolicyConfig): Set<string> {
  const key = config ?? rules;
  let names = known.get(key);
  if (!names) {
    // Built-in topics are named by a word ("surveillance"): `disable` takes them out of detection.
    names = new Set([...ruleCatalog(rules).map((r) => r.id), ...dataRuleIds(rules.source), ...CATEGORIES]);
    const layers = [...Object.values(config?.profiles ?? {}), ...(config ? [config] : [])];
    for (const layer of layers) for (const r of layer.customRules ?? []) names.add(r.id);
    known.set(key, names);
  }
  return names;
}

/**
 * The settings for one document: the front matter's `profile`, else the config's. An
 * unknown front-matter profile is reported on the front matter and the document is
 * checked with the config alone.
 */
export function documentSettings(config: PolicyConfig | undefined, doc: PolicyDocument): { settings: EffectiveSettings; findings: Finding[] } {
  const fromFrontMatter = doc.frontMatter?.data.profile;
  const profile = fromFrontMatter ?? config?.profile;
  try {
    return { settings: settingsFor(config, profile), findings: [] };
  } catch (e) {
    if (!(e instanceof ProfileError) || !fromFrontMatter) throw e;
    const [start, end] = frontMatterKeyRange(doc, "profile");
    const message = `Front matter \`profile\`: ${unknownNameMessage("profile", fromFrontMatter, profileNames(config))} Known profiles: ${profileNames(config).join(", ")}.`;
    return {
      settings: settingsFor(config, undefined),
      findings: [{ rule: "document/front-matter", category: "document", severity: "error", message: e.message.startsWith("Unknown") ? message : `Front matter \`profile\`: ${e.message}`, start, end }],
    };
  }
}


/**
 * The last step of analysis: drops disabled rules (config, profile, front matter
 * `policy-lens: disable`), applies suppression comments, and sets severities. A rule id
 * decides before its category.
 */
export function applySettings(doc: PolicyDocument, findings: Finding[], settings: EffectiveSettings, knownNames: ReadonlySet<string>, interrupted = false): Finding[] {
  const fileDisabled = disabledInFile(doc);
  const out = enabledFindings(applySuppressions(doc, enabledFindings(findings, settings, fileDisabled), knownNames, interrupted), settings, fileDisabled);
  for (const name of fileDisabled) {
    if (knownNames.has(name)) continue;
    const [start, end] = frontMatterKeyRange(doc, "policy-lens");
    out.push({ rule: UNKNOWN_RULE_RULE, category: "document", severity: "warning", message: `Front matter \`policy-lens.disable\`: ${unknownNameMessage("rule or category", name, knownNames)}`, start, end });
  }
  return withSeverities(out, settings);
}

/**
 * `applySettings` for findings of a document that has no suppression comments, less what
 * concerns the whole document (unknown names in the front matter): a finding's own settings.
 */
export function applyFindingSettings(doc: PolicyDocument, findings: Finding[], settings: EffectiveSettings): Finding[] {
  return withSeverities(enabledFindings(findings, settings, disabledInFile(doc)), settings);
}

const disabledInFile = (doc: PolicyDocument) => new Set(doc.frontMatter?.data["policy-lens"]?.disable ?? []);

function enabledFindings(findings: Finding[], settings: EffectiveSettings, fileDisabled: ReadonlySet<string>): Finding[] {
  // Most documents disable nothing: then every finding is enabled, without asking each.
  if (!fileDisabled.size && !settings.ruleState.size) return findings;
  return findings.filter((f) => !fileDisabled.has(f.rule) && !fileDisabled.has(f.category) && (settings.ruleState.get(f.rule) ?? settings.ruleState.get(f.category) ?? true));
}

/** Severities, and the references the profile cites instead of a rule's own. */
function withSeverities(findings: Finding[], settings: EffectiveSettings): Finding[] {
  if (!settings.severity.size && !settings.references.size) return findings;
  return findings.map((f) => {
    const severity = settings.severity.get(f.rule) ?? settings.severity.get(f.category);
    const reference = settings.references.get(f.rule);
    if ((!severity || severity === f.severity) && (!reference || reference === f.reference)) return f;
    return { ...f, severity: severity ?? f.severity, reference: reference ?? f.reference };
  });
}

/** Offsets of a top-level front matter key (with its value), else of the whole block. */
function frontMatterKeyRange(doc: PolicyDocument, key: string): [number, number] {
  const fm = doc.frontMatter;
  if (!fm) return [0, 0];
  const yaml = parseDocument(doc.text.slice(fm.bodyStart, fm.bodyEnd), { logLevel: "error" });
  if (isMap(yaml.contents)) {
    for (const pair of yaml.contents.items) {
      if (isScalar(pair.key) && pair.key.value === key && pair.key.range) {
        const valueEnd = (pair.value as { range?: number[] } | null)?.range?.[1] ?? pair.key.range[1];
        return [fm.bodyStart + pair.key.range[0], fm.bodyStart + valueEnd];
      }
    }
  }
  return [fm.start, fm.end];
}
