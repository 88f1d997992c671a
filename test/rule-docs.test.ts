// docs/rules.md is what hovers, SARIF help links and diagnostics' code links point at.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { builtinRules, ruleCatalog, ruleDocsUrl, RULE_DOCS_URL } from "../server/src/engine";
import { renderRuleDocs, RULE_DOCS_PATH } from "../scripts/gen-rule-docs";

const committed = readFileSync(RULE_DOCS_PATH, "utf8");

test("docs/rules.md is up to date with the rule catalogue (run `npm run docs` after changing a rule)", () => {
  assert.equal(committed, renderRuleDocs());
});

test("every rule has its own `## rule-id` section, with its reference link when it has one", () => {
  const headings = [...committed.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  const rules = ruleCatalog(builtinRules());
  assert.deepEqual(headings, rules.map((r) => r.id));
  for (const rule of rules) {
    const section = committed.slice(committed.indexOf(`## ${rule.id}\n`)).split(/\n## /)[0];
    assert.ok(section.includes(rule.explanation), rule.id);
    if (rule.reference?.url) assert.ok(section.includes(`](${rule.reference.url})`), rule.id);
  }
});

test("each rule's docs link lands on its heading: GitHub's anchor drops the slash and lower-cases", () => {
  // GitHub makes `## claim/hedged-reporting` the anchor #claimhedged-reporting.
  assert.equal(ruleDocsUrl("claim/hedged-reporting"), `${RULE_DOCS_URL}#claimhedged-reporting`);
  for (const [, heading] of committed.matchAll(/^## (.+)$/gm)) {
    assert.equal(ruleDocsUrl(heading), `${RULE_DOCS_URL}#${heading.toLowerCase().replace(/\//g, "")}`);
  }
});
