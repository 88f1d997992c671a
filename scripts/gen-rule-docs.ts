// Writes docs/rules.md from the rule catalogue: `npm run docs` (tsx scripts/gen-rule-docs.ts).
// A test fails when the committed file differs from what this prints, so the docs that
// hovers, SARIF help links and diagnostics' code links point at never go stale.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyze, builtinRules, headingAnchor, ruleCatalog, sizeProblem, type Category, type RuleInfo } from "../server/src/engine";
import { BUILTIN_RULES } from "../server/src/engine/rules/builtin";
import { CHECK_TYPES, configForm, DATA_CHECK_TYPES } from "../server/src/engine/checks/registry";
import { stringify } from "yaml";
import { RULE_EXAMPLES, type RuleExample } from "./rule-examples";

export const RULE_DOCS_PATH = join(__dirname, "..", "docs", "rules.md");

const CATEGORY_TITLES: Record<Category, string> = {
  "red-line": "Red lines",
  loophole: "Loopholes",
  sovereignty: "Sovereignty terms",
  claim: "Claims",
  "missing-term": "Missing terms",
  document: "Document problems",
};

const SEVERITY_LABELS: Record<RuleInfo["severity"], string> = { error: "error", warning: "warning", information: "info", hint: "hint" };

/** Examples that describe an input rather than quote a sentence of it. */
const DESCRIBED = new Set(["document/front-matter", "document/skipped", "document/time-budget"]);

/** The example as a small document of its kind (and profile), as a user would write it. */
export function exampleDocument(example: RuleExample, frontMatter = ""): string {
  const kind = example.kind ?? "contract";
  return `---\nkind: ${kind}\n${example.profile ? `profile: ${example.profile}\n` : ""}${frontMatter}---\n\n# Example ${kind}\n\n${example.context ? `${example.context}\n\n` : ""}${example.sentence}\n`;
}

/** The message the engine (or, for a skipped file, the CLI and server) gives the rule's example. */
export function exampleMessage(id: string): string {
  const example = RULE_EXAMPLES[id];
  if (!example) throw new Error(`${id} has no example in scripts/rule-examples.ts`);
  if (id === "document/skipped") return `Not analysed: ${sizeProblem(6 * 1024 * 1024)}.`;
  let tick = 0;
  const options = id === "document/time-budget" ? { timeBudgetMs: 1, clock: () => (tick += 1000) } : {};
  const text = id === "document/front-matter" ? "---\nkind: memo\n---\n\n# Example\n\nThe Supplier shall provide the service.\n" : exampleDocument(example);
  const found = analyze(text, options).findings.find((f) => f.rule === id);
  if (!found) throw new Error(`the example of ${id} does not trigger it: ${JSON.stringify(example.sentence)}`);
  return found.message;
}

const reference = (r: { title: string; url?: string }) => (r.url ? `[${r.title}](${r.url})` : r.title);

function ruleSection(rule: RuleInfo): string {
  const lines = [`## ${rule.id}`, "", `Category: ${rule.category} · default severity: ${SEVERITY_LABELS[rule.severity]}`, ""];
  // A loophole's summary is the first sentence of its explanation: say it once.
  if (rule.explanation.startsWith(rule.summary)) lines.push(rule.explanation);
  else lines.push(rule.summary, "", rule.explanation);
  const example = RULE_EXAMPLES[rule.id]?.sentence ?? "";
  const shown = DESCRIBED.has(rule.id) ? example : /[<`[*_]/.test(example) ? `\`\`${example}\`\`` : `“${example}”`;
  lines.push("", `Example: ${shown}`, "", `Message: ${exampleMessage(rule.id).replace(/([<[*_])/g, "\\$1")}`);
  if (rule.reference) lines.push("", `Reference: ${reference(rule.reference)}`);
  const term = BUILTIN_RULES.terms.find((t) => rule.id === `sovereignty/${t.term}` || rule.id === `missing-term/${t.term}`);
  for (const [profile, ref] of Object.entries(term?.profileReferences ?? {})) lines.push("", `Under the ${profile} profile: ${reference(ref)}`);
  const data = DATA_RULES.get(rule.id) ?? [];
  for (const { yaml, topic } of data) {
    lines.push("", topic ? `The topic ${topic} as a config rule:` : "As a config rule:", "", "```yaml", yaml.trimEnd(), "```");
  }
  return lines.join("\n");
}

/**
 * Each built-in rule of a data check type as the YAML a config takes, under the catalogue id
 * whose section shows it (a topic under the red-line rule, which reports it).
 */
const DATA_RULES = (() => {
  const source = builtinRules().source;
  const out = new Map<string, { yaml: string; topic?: string }[]>();
  for (const check of DATA_CHECK_TYPES) {
    check.rulesIn(source).forEach((rule, index) => {
      const id = check.idOf(rule);
      const section = check.check === "topic" ? source.redLine.id : id;
      const yaml = stringify({ customRules: [configForm(check, rule, index)] }, { lineWidth: 0 });
      out.set(section, [...(out.get(section) ?? []), { yaml, topic: check.check === "topic" ? `\`${id}\`` : undefined }]);
    });
  }
  return out;
})();

/** The check types, from the registry: what a rule of each type finds. */
function checkTypesSection(): string[] {
  return [
    "**Check types.** Every rule belongs to a check type. The built-in rules of the types `topic`, `loophole`, `term` and `claim` are data, shown below each rule as the YAML `.policylens.yaml` takes under `customRules`: copy one, give it your own `id`, change it, and `disable` the original (a copy with the original's `order` stands where it stood). Its patterns count against the config's cost limits like any custom rule's.",
    "",
    "| check | category | finds |",
    "|---|---|---|",
    ...CHECK_TYPES.map((c) => `| \`${c.check}\` | ${c.category} | ${c.summary} |`),
    "",
  ];
}

/** The whole of docs/rules.md. */
export function renderRuleDocs(): string {
  const rules = ruleCatalog(builtinRules());
  const categories = [...new Set(rules.map((r) => r.category))];
  const index = categories.map((c) => `- ${CATEGORY_TITLES[c]}: ${rules.filter((r) => r.category === c).map((r) => `[${r.id}](#${headingAnchor(r.id)})`).join(", ")}`);
  return [
    "<!-- Generated from the rule catalogue by scripts/gen-rule-docs.ts: edit the rules, then run `npm run docs`. -->",
    "",
    "# Policy Lens rules",
    "",
    "Every finding names one of these rules. Its severity can be changed, or the rule turned off, in `.policylens.yaml`; a `<!-- policy-lens-disable rule-id -->` comment silences it in one document.",
    "",
    ...index,
    "",
    ...checkTypesSection(),
    ...rules.map(ruleSection).flatMap((s) => [s, ""]),
  ].join("\n");
}

if (require.main === module) {
  writeFileSync(RULE_DOCS_PATH, renderRuleDocs());
  console.log(`wrote ${RULE_DOCS_PATH}`);
}
