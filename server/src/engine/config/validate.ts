import { isMap, isScalar, isSeq, type Document as YamlDocument } from "yaml";
import type { z } from "zod";
import { builtinRules } from "../analyze";
import { parseYaml, yamlErrors, yamlValues } from "../frontMatter";
import { patternCost } from "../patterns";
import { characterBoundary, characterEnd, LineIndex } from "../text";
import { KINDS, TERMS } from "../types";
import { configRulePatterns, isPhraseRule } from "../checks/registry";
import { knownRuleNames } from "./apply";
import { nearestName, unknownNameMessage } from "./nearest";
import { BUILTIN_PROFILE_NAMES, extendsOf, profileChain, profileNames, shortChain } from "./resolve";
import { configSchema, CONFIG_LIMITS, CUSTOM_RULE_LIMITS, type PolicyConfig, type SettingsLayer } from "./schema";

/** A problem in a config file, at offsets into its text. */
export interface ConfigProblem {
  message: string;
  start: number;
  end: number;
}

export interface ConfigValidation {
  /** The validated config; undefined when there is any problem. */
  config?: PolicyConfig;
  problems: ConfigProblem[];
}

type Path = readonly PropertyKey[];

/**
 * Parses and validates a config's text (YAML, or JSON, which YAML reads too): syntax,
 * the zod schema, then names the schema cannot know — rule ids, profiles, `extends`
 * cycles — and the total cost of the custom patterns. Every problem is placed on the
 * key or value it is about, so an editor and the CLI can point at its line.
 */
export function validateConfigText(text: string): ConfigValidation {
  const doc = parseYaml(text);
  const problems: ConfigProblem[] = [];
  for (const err of yamlErrors(doc)) {
    // yaml may place an error past the end, or end it inside a character (it cuts long keys).
    const a = characterBoundary(text, err.pos[0]);
    const b = characterBoundary(text, err.pos[1]);
    problems.push({ message: `Not valid YAML: ${err.message.split("\n")[0]}`, start: a, end: Math.max(b, characterEnd(text, a)) });
  }
  if (problems.length) return { problems };
  const at = (path: Path, onKey = false): [number, number] => locate(doc, text, path, onKey);
  // Each problem is located by a walk down its path; past a hundred, the rest are counted,
  // so a config of a hundred thousand bad keys costs no more to report than to read.
  let unshown = 0;
  const add = (path: Path, message: string, onKey = false) => {
    if (problems.length >= MAX_PROBLEMS) {
      unshown++;
      return;
    }
    const [start, end] = at(path, onKey);
    problems.push({ message, start, end });
  };
  const withUnshown = (list: ConfigProblem[]) => (unshown ? [...list, { message: `${unshown} more problems in this config are not shown; fix these first.`, start: 0, end: 0 }] : list);

  // JavaScript drops a `__proto__` key when building the values: say so, rather than lose a profile.
  for (const range of protoKeys(doc)) problems.push({ message: "`__proto__` cannot be used as a name here.", start: range[0], end: range[1] });
  if (problems.length) return { problems };
  const raw = yamlValues(doc, (message) => problems.push({ message: `Not valid YAML: ${message}`, start: 0, end: text.trimEnd().length }));
  if (raw === undefined) return { problems };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    add([], "A config is a mapping of keys to values, such as `profile: eu-public-sector`.");
    return { problems };
  }
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const report = (issue: z.core.$ZodIssue, base: Path) => {
      const path = [...base, ...issue.path];
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) add([...path, key], unknownKeyMessage(key, path), true);
      } else if (issue.code === "invalid_union" && issue.errors.length) {
        // Explain the alternative that came closest: the one with the fewest problems.
        const closest = [...issue.errors].sort((a, b) => a.length - b.length || rootTypeErrors(a) - rootTypeErrors(b))[0];
        for (const sub of closest) report(sub, path);
      } else add(path, issueMessage(issue, path), issue.code === "invalid_key");
    };
    for (const issue of parsed.error.issues) report(issue, []);
    return { problems: withUnshown(byPosition(problems)) };
  }
  const config = parsed.data;
  // Names are checked once the shapes are right, so a wrong type never yields a garbled name.
  checkNames(config, add);
  return problems.length ? { problems: withUnshown(byPosition(problems)) } : { config, problems };
}

const MAX_PROBLEMS = 100;

/** The ranges of every `__proto__` key in the YAML, found without recursion. */
function protoKeys(doc: YamlDocument): [number, number][] {
  const found: [number, number][] = [];
  const pending: unknown[] = [doc.contents];
  while (pending.length) {
    const node = pending.pop();
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.value === "__proto__" && pair.key.range) found.push([pair.key.range[0], pair.key.range[1]]);
        pending.push(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) pending.push(item);
  }
  return found;
}

function byPosition(problems: ConfigProblem[]): ConfigProblem[] {
  return problems.sort((a, b) => a.start - b.start);
}

function checkNames(config: PolicyConfig, add: (path: Path, message: string, onKey?: boolean) => void): void {
  const names = knownRuleNames(builtinRules(), config);
  const profiles = profileNames(config);

  for (const name of Object.keys(config.profiles ?? {})) {
    if (BUILTIN_PROFILE_NAMES.includes(name)) add(["profiles", name], `\`${name}\` is a built-in profile: give yours another name and \`extends: ${name}\`.`, true);
  }
  if (config.profile !== undefined && !profiles.includes(config.profile)) add(["profile"], unknownNameMessage("profile", config.profile, profiles));

  const layers: [Path, SettingsLayer][] = [[[], config], ...Object.entries(config.profiles ?? {}).map(([n, p]): [Path, SettingsLayer] => [["profiles", n], p])];
  const customIds = new Set<string>();
  const builtinIds = knownRuleNames(builtinRules());
  let totalCost = 0;
  for (const [base, layer] of layers) {
    for (const [id] of Object.entries(layer.severity ?? {})) if (!names.has(id)) add([...base, "severity", id], unknownNameMessage("rule or category", id, names), true);
    for (const list of ["disable", "enable"] as const) {
      (layer[list] ?? []).forEach((id, i) => {
        if (!names.has(id)) add([...base, list, i], unknownNameMessage("rule or category", id, names));
      });
    }
    (layer.customRules ?? []).forEach((rule, i) => {
      if (builtinIds.has(rule.id)) add([...base, "customRules", i, "id"], `\`${rule.id}\` is a built-in rule or category; a custom rule needs its own id.`);
      else if (customIds.has(rule.id)) add([...base, "customRules", i, "id"], `Custom rule \`${rule.id}\` is defined twice.`);
      customIds.add(rule.id);
      const patterns = configRulePatterns(rule);
      // A phrase rule's patterns were bounded by the schema; a rule of a built-in check type has the built-in schema, so its patterns are bounded here.
      if (!isPhraseRule(rule)) {
        for (const p of patterns) {
          const problem = p.length > CUSTOM_RULE_LIMITS.dataPatternLength ? `longer than ${CUSTOM_RULE_LIMITS.dataPatternLength} characters` : patternCost(p) > CUSTOM_RULE_LIMITS.patternCost ? `too costly to match (${patternCost(p)} word tests per start word, limit ${CUSTOM_RULE_LIMITS.patternCost}): use fewer or shorter gaps (~N) and optional groups` : undefined;
          if (problem) add([...base, "customRules", i], `Pattern "${p.length > 60 ? `${p.slice(0, 60)}…` : p}" is ${problem}.`);
        }
      }
      totalCost += patterns.reduce((sum, p) => sum + patternCost(p), 0);
    });
  }
  if (totalCost > CUSTOM_RULE_LIMITS.totalCost) {
    add(["customRules"], `Custom rules are too costly to match together (${totalCost} word tests per start word, limit ${CUSTOM_RULE_LIMITS.totalCost}): use fewer patterns, or fewer gaps (~N) and optional groups.`, true);
  }

  checkExtends(config, profiles, add);
}

/**
 * Unknown parents, cycles and chains deeper than CONFIG_LIMITS.extendsDepth, in one walk
 * over the config's profiles (linear in profiles and `extends` entries, and iterative: a
 * config may chain thousands of profiles). A cycle is reported on each `extends` in it,
 * starting from that profile; a chain too deep on the `extends` where it first passes the
 * limit.
 */
function checkExtends(config: PolicyConfig, known: readonly string[], add: (path: Path, message: string, onKey?: boolean) => void): void {
  const profiles = config.profiles ?? {};
  const own = (n: string) => Object.hasOwn(profiles, n);
  const knownNames = new Set(known);
  const pathOf = (name: string, i: number): Path => (typeof profiles[name].extends === "string" ? ["profiles", name, "extends"] : ["profiles", name, "extends", i]);
  // Longest chain of profiles from each finished one, itself included.
  const height = new Map<string, number>();
  const heightOf = (n: string): number => {
    if (own(n)) return height.get(n) ?? 0;
    // A built-in profile's chain is short and has no diamonds: its length is its height.
    const chain = knownNames.has(n) ? profileChain(n) : undefined;
    return chain?.ok ? chain.chain.length : 1;
  };
  const inCycle = new Set<string>();
  const frames: { name: string; parents: string[]; next: number }[] = [];
  const onPath = new Map<string, number>();
  for (const root of Object.keys(profiles)) {
    if (height.has(root)) continue;
    frames.push({ name: root, parents: extendsOf(profiles[root]), next: 0 });
    onPath.set(root, 0);
    while (frames.length) {
      const top = frames[frames.length - 1];
      if (top.next < top.parents.length) {
        const i = top.next++;
        const parent = top.parents[i];
        if (!knownNames.has(parent)) {
          add(pathOf(top.name, i), unknownNameMessage("profile", parent, known));
          continue;
        }
        if (!own(parent) || height.has(parent)) continue;
        const at = onPath.get(parent);
        if (at !== undefined) {
          const cycle = frames.slice(at);
          const names = cycle.map((f) => f.name);
          cycle.forEach((f, k) => {
            if (inCycle.has(f.name)) return;
            inCycle.add(f.name);
            add(pathOf(f.name, f.next - 1), `Profile cycle: ${shortChain([...names.slice(k), ...names.slice(0, k), f.name])}.`);
          });
          continue;
        }
        onPath.set(parent, frames.length);
        frames.push({ name: parent, parents: extendsOf(profiles[parent]), next: 0 });
      } else {
        frames.pop();
        onPath.delete(top.name);
        let h = 1;
        let deepest = -1;
        top.parents.forEach((p, i) => {
          const ph = heightOf(p) + 1;
          if (ph > h) [h, deepest] = [ph, i];
        });
        height.set(top.name, h);
        if (h === CONFIG_LIMITS.extendsDepth + 1 && deepest >= 0 && !inCycle.has(top.name)) {
          add(pathOf(top.name, deepest), `Profile \`${top.name}\` stacks ${h} profiles through \`extends\`; the limit is ${CONFIG_LIMITS.extendsDepth}.`);
        }
      }
    }
  }
}

/**
 * The offsets of the node at `path`: the key itself when `onKey` (or when the value is a
 * whole map or list, whose range would span many lines), else the value. A path that
 * runs past the text (a missing key) ends at the nearest node that exists.
 */
function locate(doc: YamlDocument, text: string, path: Path, onKey: boolean): [number, number] {
  let node: unknown = doc.contents;
  let keyRange: [number, number] | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const k = (pair.key as { range?: [number, number, number] }).range;
      keyRange = k ? [k[0], k[1]] : keyRange;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) break;
      keyRange = undefined;
      node = item;
    } else break;
  }
  const range = (node as { range?: [number, number, number] } | null)?.range;
  const collection = isMap(node) || isSeq(node);
  if (keyRange && (onKey || collection || !range)) return keyRange;
  if (range && !collection) return [range[0], Math.max(range[1], characterEnd(text, range[0]))];
  if (range) {
    const lineEnd = text.slice(range[0], range[1]).search(/\r?\n/);
    return [range[0], lineEnd > 0 ? range[0] + lineEnd : Math.max(range[1], characterEnd(text, range[0]))];
  }
  return [0, Math.min(1, text.length)];
}

function describeValue(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (v === null) return "an empty value";
  if (ArrayBuffer.isView(v)) return "binary data (!!binary)";
  if (v instanceof Date) return "a date";
  if (v instanceof Map || v instanceof Set) return "a YAML !!omap, !!pairs or !!set";
  if (typeof v === "object") return "a mapping";
  return JSON.stringify(v);
}

function unknownKeyMessage(key: string, parentPath: Path): string {
  // Suggest among the keys the schema allows at this place.
  const allowed = allowedKeys(parentPath);
  const near = allowed ? nearestName(key, allowed) : undefined;
  return `Unknown key \`${key}\`${near ? ` — did you mean \`${near}\`?` : allowed ? `; expected one of ${allowed.map((k) => `\`${k}\``).join(", ")}.` : "."}`;
}

const TOP_KEYS = Object.keys(configSchema.shape);
/** The object schema inside optional/default wrappers (one check type's `scope` has a default, another's has none). */
function unwrapped(schema: unknown): unknown {
  let s = schema as { shape?: object; unwrap?: () => unknown };
  while (!s.shape && typeof s.unwrap === "function") s = s.unwrap() as typeof s;
  return s;
}
function allowedKeys(parentPath: Path): string[] | undefined {
  if (parentPath.length === 0) return TOP_KEYS;
  const last = parentPath[parentPath.length - 1];
  if (last === "requiredTerms" || last === "requiredRedLines") return [...KINDS];
  if (last === "clauses") return [...TERMS];
  const shapeOf = (s: unknown) => Object.keys((s as { shape?: object }).shape ?? {});
  if (parentPath.length === 2 && parentPath[0] === "profiles") return shapeOf(configSchema.shape.profiles.unwrap().valueType);
  // A rule's keys depend on its `check`: suggestions come from every check type's.
  const ruleTypes = configSchema.shape.customRules.unwrap().element.options;
  if (typeof last === "number" && parentPath[parentPath.length - 2] === "customRules") return [...new Set(ruleTypes.flatMap(shapeOf))];
  if (last === "scope") return [...new Set(ruleTypes.flatMap((t) => ("scope" in t.shape ? shapeOf(unwrapped(t.shape.scope)) : [])))];
  return undefined;
}

/** A union branch that failed at its root (wrong type altogether) explains least. */
function rootTypeErrors(issues: z.core.$ZodIssue[]): number {
  return issues.filter((i) => i.code === "invalid_type" && !i.path.length).length;
}

const TYPE_NAMES: Record<string, string> = { array: "a list", object: "a mapping", record: "a mapping", string: "text", number: "a number", boolean: "true or false" };

function issueMessage(issue: z.core.$ZodIssue, path: Path): string {
  const where = path.length ? `\`${path.join(".")}\`: ` : "";
  if ((issue.code === "invalid_type" || issue.code === "invalid_value") && issue.input === undefined) return `${where}required.`;
  if (issue.code === "invalid_value" && "values" in issue) return `${where}expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}.`;
  if (issue.code === "invalid_type") return `${where}expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, not ${describeValue(issue.input)}.`;
  if (issue.code === "invalid_key") return `${where}${issue.issues.map((i) => i.message).join("; ")}.`;
  return `${where}${issue.message}.`.replace(/\.\.$/, ".");
}

/** `file:line:col  error  message`, 1-based, one line per problem: what the CLI prints. */
export function formatConfigProblems(file: string, text: string, problems: readonly ConfigProblem[]): string {
  const lines = new LineIndex(text);
  return problems
    .map((p) => {
      const pos = lines.position(p.start);
      return `${file}:${pos.line + 1}:${pos.character + 1}  error  ${p.message}`;
    })
    .join("\n");
}
