// Writes docs/rules.md from the rule catalogue: `npm run docs` (tsx scripts/gen-rule-docs.ts).
// A test fails when the committed file differs from what this prints, so the docs that
// hovers, SARIF help links and diagnostics' code links point at never go stale.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { builtinRules, headingAnchor, ruleCatalog, type Category, type RuleInfo } from "../server/src/engine";

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

function ruleSection(rule: RuleInfo): string {
  const lines = [`## ${rule.id}`, "", `Category: ${rule.category} · default severity: ${SEVERITY_LABELS[rule.severity]}`, ""];
  // A loophole's summary is the first sentence of its explanation: say it once.
  if (rule.explanation.startsWith(rule.summary)) lines.push(rule.explanation);
  else lines.push(rule.summary, "", rule.explanation);
  if (rule.reference) lines.push("", `Reference: ${rule.reference.url ? `[${rule.reference.title}](${rule.reference.url})` : rule.reference.title}`);
  return lines.join("\n");
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
    ...rules.map(ruleSection).flatMap((s) => [s, ""]),
  ].join("\n");
}

if (require.main === module) {
  writeFileSync(RULE_DOCS_PATH, renderRuleDocs());
  console.log(`wrote ${RULE_DOCS_PATH}`);
}
