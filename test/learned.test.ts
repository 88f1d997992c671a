import { test } from "node:test";
import assert from "node:assert/strict";
import { analyze, validateConfigText } from "../server/src/engine";
import { IncrementalAnalyzer } from "../server/src/engine/incremental";
import { LEARNED_EXPLANATION } from "../server/src/engine/learned";
import { withKind } from "./helpers";
import { contract } from "../scripts/bench/corpus.mjs";

// The learned sentence classifier (docs/learned-classifier.md) adds a hint where no phrase rule
// reports the category; the sentences here are written for these tests.
const learned = (text: string) => analyze(text).findings.filter((f) => f.explanation?.startsWith(LEARNED_EXPLANATION));

const RESIDENCY_IN_OTHER_WORDS = "Customer records and their backups never sit on machines outside the Union.";
const RETURN_IN_OTHER_WORDS = "Copies of the records held by the contractor are to be handed back in a usable format when the engagement ends.";

test("a sovereignty term in words no rule knows is a hint naming the likeliest term and the words that decided it", () => {
  const residency = learned(withKind("contract", RESIDENCY_IN_OTHER_WORDS));
  assert.equal(residency.length, 1);
  assert.equal(residency[0].rule, "sovereignty/data-residency");
  assert.equal(residency[0].term, "data-residency");
  assert.equal(residency[0].severity, "hint");
  assert.match(residency[0].message, /no rule matched/);
  assert.match(residency[0].explanation!, /weighed most: “[^”]+”/);
  const exit = learned(withKind("contract", RETURN_IN_OTHER_WORDS));
  assert.deepEqual(exit.map((f) => f.rule), ["sovereignty/exit-strategy"]);
});

test("a classifier finding does not make the term present: the contract still misses it", () => {
  const rules = analyze(withKind("contract", RESIDENCY_IN_OTHER_WORDS)).findings.map((f) => f.rule);
  assert.ok(rules.includes("sovereignty/data-residency"));
  assert.ok(rules.includes("missing-term/data-residency"));
});

test("sentences of no category, and sentences a rule already reports, get no classifier finding", () => {
  for (const s of ["Invoices are payable within thirty days of receipt.", "The meeting took place in the spring and covered the annual budget."])
    assert.deepEqual(learned(withKind("contract", s)), [], s);
  // A rule reports foreign-law exposure here; the classifier adds nothing beside it.
  const text = withKind("contract", "The hosting company may be compelled by a foreign government to disclose the files.");
  const sovereignty = analyze(text).findings.filter((f) => f.category === "sovereignty");
  assert.equal(sovereignty.length, 1);
  assert.ok(!sovereignty[0].explanation?.startsWith(LEARNED_EXPLANATION));
});

test("a config that disables the term's rule disables its classifier findings too", () => {
  const { config, problems } = validateConfigText("disable: [sovereignty/data-residency]\n");
  assert.deepEqual(problems, []);
  assert.ok(config);
  const findings = analyze(withKind("contract", RESIDENCY_IN_OTHER_WORDS), { config }).findings;
  assert.ok(!findings.some((f) => f.rule === "sovereignty/data-residency"));
});

test("typing a sentence the classifier recognises into a long contract: the patched analysis equals a full one", () => {
  const start = `${contract(3, 24 * 1024)}\n\nInvoices are payable within thirty days of receipt.\n`;
  const incremental = new IncrementalAnalyzer();
  incremental.analyze(start);
  const edited = start.replace("Invoices are payable within thirty days of receipt.", RESIDENCY_IN_OTHER_WORDS);
  const patched = incremental.analyze(edited);
  assert.equal(incremental.counts.patched, 1, "the edit is patched, not analysed whole");
  assert.deepEqual(patched.findings, analyze(edited).findings);
  assert.ok(patched.findings.some((f) => f.explanation?.startsWith(LEARNED_EXPLANATION)));
  const back = incremental.analyze(start);
  assert.deepEqual(back.findings, analyze(start).findings);
});
