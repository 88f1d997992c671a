// A built-in rule copied into .policylens.yaml under a new id, with the original disabled,
// behaves exactly as the original: same findings, spans and messages, but for the id. The
// YAML is derived from the built-in data (as docs/rules.md prints it), never written by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { analyze, builtinRules, fixesFor, validateConfigText, type Finding } from "../server/src/engine";
import { configForm, DATA_CHECK_TYPES, type DataCheckType } from "../server/src/engine/checks/registry";
import { CUSTOM_RULE_LIMITS } from "../server/src/engine/config/schema";
import { patternCost } from "../server/src/engine/patterns";
import { exampleDocument } from "../scripts/gen-rule-docs";
import { RULE_EXAMPLES } from "../scripts/rule-examples";

const source = builtinRules().source;

/**
 * The documents compared: every rule example of docs/rules.md, our own corpus, and sentences
 * written for the topics. Without their profiles: a profile's settings name the original's
 * id (eu-public-sector makes loophole/residency-carve-out an error), which a copy does not have.
 */
const withoutProfile = (text: string) => text.replace(/^profile: .*\n/m, "");
const DOCUMENTS: string[] = [
  ...Object.entries(RULE_EXAMPLES)
    .filter(([id]) => !id.startsWith("document/"))
    .map(([, example]) => exampleDocument({ ...example, profile: undefined })),
  ...readdirSync(join(__dirname, "corpus"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => withoutProfile(readFileSync(join(__dirname, "corpus", name), "utf8"))),
  "---\nkind: contract\n---\n\n# Use limits\n\n1. The Supplier shall not use the Service for facial recognition of people in public spaces.\n2. The Service must not be used to guide lethal autonomous weapons or to select targets.\n3. No decision on a benefit claim shall be taken by the system without human review.\n\nThe Supplier will not knowingly support any use that breaches this clause.\n",
  // A term's `mentions` (items naming a breach under a processor's lead-in) and a claim mark's `notInDefinition`.
  "---\nkind: contract\n---\n\n# Processing\n\nThe processor shall help the controller meet its duties under the regulation by being ready to:\n\n1.  describe the personal data breach, with the kinds and rough number of data subjects concerned;\n2.  run data protection impact assessments where the controller needs them.\n\nThe processor shall report any personal data breach to the controller within a day.\n",
  "---\nkind: news-note\n---\n\n# Audit\n\nThe audit office's guidance defines 'value' as 'the most economic use of the least public money'.\n\nThe minister called it the most economic use of public money.\n",
  "---\nkind: policy\n---\n\n# Acceptable use\n\nYou may not use the Services to:\n\n- track the location of protesters;\n- design weapons or munitions;\n- score residents for welfare eligibility automatically.\n\nSources familiar with the matter said the vendor refused to allow mass surveillance.\n",
];

/** The config that copies the built-in `rule` (at `index` among its type's) under `id` and disables the original: YAML derived from the rule's data. */
function copyConfig(check: DataCheckType, rule: unknown, index: number, id: string): string {
  return stringify({ customRules: [{ ...configForm(check, rule, index), id }], disable: [check.idOf(rule)] });
}

const comparable = (f: Finding, rename: Map<string, string>) => ({ ...f, rule: rename.get(f.rule) ?? f.rule });

for (const check of DATA_CHECK_TYPES) {
  test(`check type ${check.check}: each built-in rule copied under a new id behaves as the original`, () => {
    const rules = check.rulesIn(source);
    assert.ok(rules.length > 0);
    const originals = DOCUMENTS.map((text) => analyze(text).findings);
    let compared = 0;
    for (const [index, rule] of rules.entries()) {
      const id = check.idOf(rule);
      const copyId = `copy/${id.replace(/^.*\//, "")}`;
      const { config, problems } = validateConfigText(copyConfig(check, rule, index, copyId));
      assert.deepEqual(problems, [], `${id}: the copied rule is a valid config`);
      // Topics name no finding of their own (red lines are reported as red-line/prohibited-use).
      const rename = new Map([[id, copyId]]);
      let fired = false;
      DOCUMENTS.forEach((text, d) => {
        const copied = analyze(text, { config }).findings;
        assert.deepEqual(copied, originals[d].map((f) => comparable(f, rename)), `${id} copied as ${copyId}, document ${d}`);
        fired ||= check.check === "topic" ? originals[d].some((f) => f.category === "red-line") : originals[d].some((f) => f.rule === id);
      });
      if (fired) compared++;
    }
    // The documents exercise the rules: a comparison on documents where no rule fires would prove nothing.
    assert.ok(compared >= Math.ceil(rules.length / 2), `${compared} of ${rules.length} ${check.check} rules fire on the documents`);
  });
}

test("disabling a built-in topic takes it out of detection: its sentences are no red lines", () => {
  const text = "---\nkind: contract\n---\n\n# Limits\n\nThe Supplier shall not use the Service for facial recognition of people in public spaces.\n";
  assert.ok(analyze(text).findings.some((f) => f.category === "red-line"));
  const { config } = validateConfigText("disable: [surveillance]\n");
  assert.ok(config);
  assert.ok(!analyze(text, { config }).findings.some((f) => f.category === "red-line"));
});

test("a copied rule changed in the config finds what the change says (a new claim word)", () => {
  const mark = source.claims.marks.find((m) => m.id === "claim/speculation")!;
  const text = "---\nkind: news-note\n---\n\n# Deal\n\nThe ministry will conceivably sign the deal next month.\n";
  assert.ok(!analyze(text).findings.some((f) => f.category === "claim"));
  const index = source.claims.marks.indexOf(mark);
  const claims = DATA_CHECK_TYPES.find((c) => c.check === "claim")!;
  const yaml = stringify({ customRules: [{ ...configForm(claims, mark, index), id: "acme/speculation", patterns: [...mark.patterns, "conceivably"] }] });
  const { config, problems } = validateConfigText(yaml);
  assert.deepEqual(problems, []);
  const found = analyze(text, { config }).findings.find((f) => f.rule === "acme/speculation");
  assert.ok(found, "the added word is a claim mark");
});

test("config limits hold for copied built-in rules: every pattern counts against the cost budget", () => {
  const terms = DATA_CHECK_TYPES.find((c) => c.check === "term")!;
  const [a, b] = [...terms.rulesIn(source)].sort((x, y) => cost(terms, y) - cost(terms, x));
  // The costliest built-in term rule fits alone; with the next it is over the budget.
  assert.ok(cost(terms, a) <= CUSTOM_RULE_LIMITS.totalCost);
  assert.ok(cost(terms, a) + cost(terms, b) > CUSTOM_RULE_LIMITS.totalCost);
  const yaml = stringify({ customRules: [a, b].map((r, i) => ({ ...configForm(terms, r, 0), id: `acme/term-${i}` })) });
  const { problems } = validateConfigText(yaml);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, new RegExp(`too costly to match together \\(${cost(terms, a) + cost(terms, b)} word tests per start word, limit ${CUSTOM_RULE_LIMITS.totalCost}\\)`));
  // And a single pattern over the per-pattern cost is refused where it stands.
  const costly = stringify({ customRules: [{ check: "loophole", ...source.loopholes[0], id: "acme/costly", patterns: ["a|b ~8 c|d ~8 e ~8 f ~8 g ~8 h ~8 i"] }] });
  const refused = validateConfigText(costly).problems;
  assert.equal(refused.length, 1);
  assert.match(refused[0].message, /too costly to match \(175 word tests per start word, limit 100\)/);
});

test("a copied loophole rule offers the original's narrowing fixes", () => {
  const loopholes = DATA_CHECK_TYPES.find((c) => c.check === "loophole")!;
  const index = source.loopholes.findIndex((l) => l.id === "loophole/deference-to-law");
  const { config } = validateConfigText(stringify({ customRules: [{ ...configForm(loopholes, source.loopholes[index], index), id: "acme/deference" }], disable: ["loophole/deference-to-law"] }));
  const text = exampleDocument(RULE_EXAMPLES["loophole/deference-to-law"]);
  const fixesOf = (analysis: ReturnType<typeof analyze>, id: string) => {
    const finding = analysis.findings.find((f) => f.rule === id)!;
    return fixesFor(analysis, finding, builtinRules()).map((f) => ({ title: f.title, edits: f.edits }));
  };
  const original = fixesOf(analyze(text), "loophole/deference-to-law");
  assert.ok(original.some((f) => !/disable/.test(f.title)), "the original offers a narrowing");
  // The same fixes; a suppression comment names the rule it suppresses.
  const renamed = JSON.parse(JSON.stringify(original).replaceAll("loophole/deference-to-law", "acme/deference"));
  assert.deepEqual(fixesOf(analyze(text, { config }), "acme/deference"), renamed);
});

test("docs/rules.md shows each built-in rule of a data check type as the YAML the copy test uses", () => {
  const docs = readFileSync(join(__dirname, "..", "docs", "rules.md"), "utf8");
  const shown = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((m) => parse(m[1]).customRules);
  const expected = DATA_CHECK_TYPES.flatMap((check) => check.rulesIn(source).map((rule, index) => configForm(check, rule, index)));
  assert.equal(shown.length, expected.length);
  for (const rule of expected) assert.deepEqual(shown.find((r: { id: string }) => r.id === rule.id), JSON.parse(JSON.stringify(rule)));
});

function cost(check: DataCheckType, rule: unknown): number {
  return check.patternsOf(rule).reduce((sum, p) => sum + patternCost(p), 0);
}
