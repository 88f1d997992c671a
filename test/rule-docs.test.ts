// docs/rules.md is what hovers, SARIF help links and diagnostics' code links point at.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { analyze, builtinRules, headingAnchor, ruleCatalog, ruleDocsUrl, RULE_DOCS_URL } from "../server/src/engine";
import { exampleMessage, renderRuleDocs, RULE_DOCS_PATH } from "../scripts/gen-rule-docs";
import { RULE_EXAMPLES } from "../scripts/rule-examples";

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

test("every rule's section gives one example we wrote, the message the engine gives it, and its reference", () => {
  const rules = ruleCatalog(builtinRules());
  assert.deepEqual(Object.keys(RULE_EXAMPLES).sort(), rules.map((r) => r.id).sort(), "one example per rule, none left over");
  for (const rule of rules) {
    const section = committed.slice(committed.indexOf(`## ${rule.id}\n`)).split(/\n## /)[0];
    const message = exampleMessage(rule.id);
    assert.ok(message.length > 20 && !/\{\w+\}/.test(message), `${rule.id}: a filled-in message: ${message}`);
    assert.match(section, /\nExample: \S/, rule.id);
    assert.ok(section.includes(`\nMessage: ${message.replace(/([<[*_])/g, "\\$1")}`), rule.id);
    assert.ok(rule.reference || rule.category === "document", `${rule.id} cites a reference`);
  }
});

test("no message repeats its own label: a sovereignty finding quotes what the clause commits to", () => {
  for (const rule of ruleCatalog(builtinRules()).filter((r) => r.category === "sovereignty")) {
    const message = exampleMessage(rule.id);
    assert.match(message, /: commits to “[^”]{8,}”\./, message);
    const [label] = message.split(":");
    assert.ok(!message.slice(label.length + 1).toLowerCase().startsWith(` ${label.toLowerCase()}`), message);
  }
});

test("claim rules each cite their own reference, and DORA is cited only under the dora-financial profile", () => {
  const rules = ruleCatalog(builtinRules());
  const claims = rules.filter((r) => r.category === "claim").map((r) => r.reference?.title);
  assert.equal(new Set(claims).size, claims.length, claims.join("\n"));
  for (const r of rules) assert.ok(!/DORA/.test(r.reference?.title ?? "") || r.id.startsWith("dora-financial/"), `${r.id} cites DORA by default`);
  const text = "---\nkind: contract\nprofile: dora-financial\n---\n\n# Order\n\nThe Supplier shall provide the service.\n";
  const missingExit = analyze(text).findings.find((f) => f.rule === "missing-term/exit-strategy");
  assert.match(missingExit?.reference?.title ?? "", /^DORA .*Art\. 28\(8\)/);
  const plain = analyze(text.replace("profile: dora-financial\n", "")).findings.find((f) => f.rule === "missing-term/exit-strategy");
  assert.match(plain?.reference?.title ?? "", /Data Act/);
});
test("every claim message quotes the words of the example that make it a claim", () => {
  const claims = ruleCatalog(builtinRules()).filter((r) => r.category === "claim");
  assert.ok(claims.length >= 9, "the nine claim families at least");
  for (const rule of claims) {
    const message = exampleMessage(rule.id);
    const quoted = /“([^”]+)”/.exec(message)?.[1];
    assert.ok(quoted, `${rule.id}: ${message}`);
    assert.ok(RULE_EXAMPLES[rule.id].sentence.includes(quoted), `${rule.id}: “${quoted}” is in “${RULE_EXAMPLES[rule.id].sentence}”`);
  }
});

test("a heading's anchor is the same whether it is read as ASCII or as Unicode", () => {
  // headingAnchor reads ASCII headings with an ASCII class; it must keep what GitHub's Unicode rule keeps.
  const unicodeAnchor = (h: string) => h.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
  const ascii = fc.array(fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)), { maxLength: 30 }).map((cs) => cs.join(""));
  fc.assert(fc.property(ascii, (h) => assert.equal(headingAnchor(h), unicodeAnchor(h), JSON.stringify(h))), { numRuns: 5000, seed: 3 });
  assert.equal(headingAnchor("loophole/Unless_Required by-law!"), "loopholeunless_required-by-law");
  assert.equal(headingAnchor("Données d’hébergement"), "données-dhébergement");
});
