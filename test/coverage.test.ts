import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze, builtinRules, coverageOf, type Analysis, type AnalyzeOptions, type CoverageState } from "../server/src/engine";
import { presentTermsOf, titleRange } from "../server/src/engine/analyze";
import { CATEGORIES } from "../server/src/engine/types";

// The coverage matrix on contracts and policies we wrote: which required terms each
// profile asks for, and when a term counts as present, weak or missing.

const rules = builtinRules();
const coverage = (text: string, options: AnalyzeOptions = {}) => coverageOf(analyze(text, { rules, ...options }), rules);
const states = (text: string, options?: AnalyzeOptions): Record<string, CoverageState> =>
  Object.fromEntries(coverage(text, options).cells.map((c) => [c.term, c.state]));
/** The [start, end) of a sentence we wrote, to check where a cell leads. */
const span = (text: string, sentence: string): [number, number] => {
  const start = text.indexOf(sentence);
  assert.ok(start >= 0, `test sentence not in the document: ${sentence}`);
  return [start, start + sentence.length];
};

const EXIT = "On termination the Supplier shall provide an exit plan and transition assistance and return all customer data in a portable format.";
const RESIDENCY = "The Supplier shall store and process all customer data exclusively in the European Union.";
const RESIDENCY_HOLLOWED = "The Supplier shall keep all customer data in the European Union, except where the Supplier deems a transfer necessary for operational reasons.";
const RESIDENCY_PERMISSION = "The Supplier may host customer data in any country.";
const AUDIT = "The Customer has the right to audit the Supplier's premises and records.";

const contract = (profile: string | undefined, ...clauses: string[]) =>
  `---\nkind: contract\n${profile ? `profile: ${profile}\n` : ""}---\n# Services agreement\n\n${clauses.map((c, i) => `## ${i + 1}. Clause\n\n${i + 1}.1 ${c}\n`).join("\n")}`;

describe("coverage matrix: which terms a profile requires", () => {
  test("a contract without a profile is judged on exit strategy and data residency", () => {
    assert.deepEqual(Object.keys(states(contract(undefined, EXIT))), ["exit-strategy", "data-residency"]);
  });

  test("dora-financial adds audit rights, subcontracting and data protection", () => {
    assert.deepEqual(Object.keys(states(contract("dora-financial", EXIT))).sort(), ["audit-rights", "data-protection", "data-residency", "exit-strategy", "subcontracting"]);
  });

  test("eu-public-sector asks a policy for human oversight and nothing of a news note", () => {
    const policy = `---\nkind: policy\nprofile: eu-public-sector\n---\n# Procurement policy\n\nThe ministry buys AI tools from approved suppliers.\n`;
    assert.deepEqual(states(policy), { "human-oversight": "missing" });
    const note = `---\nkind: news-note\nprofile: eu-public-sector\n---\n# A deal\n\nSources say the ministry signed a contract.\n`;
    const c = coverage(note);
    assert.deepEqual(c.cells, []);
    assert.equal(c.kind, "news-note");
  });
});

describe("coverage matrix: present, weak and missing", () => {
  test("a clean commitment is present and leads to its sentence", () => {
    const text = contract(undefined, EXIT, RESIDENCY);
    const c = coverage(text);
    assert.deepEqual(c.cells.map((x) => [x.term, x.state]), [["exit-strategy", "present"], ["data-residency", "present"]]);
    const residency = c.cells.find((x) => x.term === "data-residency")!;
    assert.deepEqual([residency.start, residency.end], span(text, RESIDENCY));
  });

  test("a commitment with a loophole inside it is weak, and says which loophole", () => {
    const text = contract("dora-financial", EXIT, RESIDENCY_HOLLOWED, AUDIT);
    const c = coverage(text);
    assert.deepEqual(
      Object.fromEntries(c.cells.map((x) => [x.term, x.state])),
      { "exit-strategy": "present", "data-residency": "weak", "audit-rights": "present", subcontracting: "missing", "data-protection": "missing" },
    );
    const residency = c.cells.find((x) => x.term === "data-residency")!;
    assert.equal(residency.reason, "loophole");
    assert.match(residency.note ?? "", /except where the Supplier deems a transfer necessary/);
    assert.deepEqual([residency.start, residency.end], span(text, RESIDENCY_HOLLOWED));
    assert.equal(c.counts.loophole, 1);
    assert.equal(c.counts["missing-term"], 2);
    assert.equal(c.profile, "dora-financial");
  });

  test("one clean commitment beside a hollowed one makes the term present, leading to the clean one", () => {
    const text = contract(undefined, EXIT, RESIDENCY_HOLLOWED, RESIDENCY);
    const residency = coverage(text).cells.find((x) => x.term === "data-residency")!;
    assert.equal(residency.state, "present");
    assert.deepEqual([residency.start, residency.end], span(text, RESIDENCY));
  });

  test("a term mentioned only as a permission is weak, not present, and still reported missing", () => {
    const text = contract(undefined, EXIT, RESIDENCY_PERMISSION);
    const a = analyze(text, { rules });
    assert.ok(a.findings.some((f) => f.rule === "missing-term/data-residency"), "the analysis still reports the term missing");
    const residency = coverageOf(a, rules).cells.find((x) => x.term === "data-residency")!;
    assert.equal(residency.state, "weak");
    assert.equal(residency.reason, "permission");
    assert.deepEqual([residency.start, residency.end], span(text, RESIDENCY_PERMISSION));
  });

  test("a missing term leads to the title, where its missing-term finding and clause fix are", () => {
    const text = contract(undefined, EXIT);
    const residency = coverage(text).cells.find((x) => x.term === "data-residency")!;
    assert.equal(residency.state, "missing");
    assert.deepEqual([residency.start, residency.end], span(text, "# Services agreement"));
    assert.match(residency.note ?? "", /never says where data is stored/);
  });

  test("a loophole switched off by a suppression comment no longer weakens the term", () => {
    const text = contract(undefined, EXIT, `<!-- policy-lens-disable-next-line loophole -->\n${RESIDENCY_HOLLOWED}`);
    assert.equal(states(text)["data-residency"], "present");
  });

  test("an analysis stopped by its time budget leaves absent terms unknown, not missing", () => {
    let now = 0;
    const text = contract(undefined, EXIT, "The parties will meet every month.", "Fees are payable quarterly.", RESIDENCY);
    const c = coverage(text, { timeBudgetMs: 1, clock: () => (now += 5) });
    assert.equal(c.complete, false);
    assert.ok(c.cells.every((x) => x.state === "unknown"), JSON.stringify(c.cells));
  });

  test("red lines, loopholes and unverified claims are counted per document", () => {
    const policy = `---\nkind: policy\n---\n# Use policy\n\nThe agency shall not use the system for facial recognition of protesters, except where national security requires it.\n\nThe agency shall not use the system to select targets for lethal strikes.\n`;
    const c = coverage(policy);
    assert.equal(c.counts["red-line"], 2);
    assert.equal(c.counts.loophole, 1);
    const note = `---\nkind: news-note\n---\n# A deal\n\nPeople familiar with the matter say the ministry signed the contract. The system is reportedly used by all agencies.\n`;
    assert.ok(coverage(note).counts.claim >= 2);
  });
});

// coverageOf looks each term's sentences up in one pass that stops early (an editor asks
// after every keystroke); this is the definition it must agree with, sentence by sentence.
function coverageByDefinition(analysis: Analysis) {
  const complete = !analysis.findings.some((f) => f.rule === "document/time-budget");
  const loopholes = analysis.findings.filter((f) => f.category === "loophole");
  return analysis.requiredTerms.map((term) => {
    if (analysis.presentTerms.has(term)) {
      const commitments = analysis.facts.filter((f) => f.terms.includes(term) && presentTermsOf([f]).has(term));
      const within = (f: (typeof commitments)[number]) => loopholes.find((l) => l.start >= f.sentence.start && l.end <= f.sentence.end);
      const clean = commitments.find((f) => !within(f));
      if (clean) return { term, state: "present", start: clean.sentence.start, note: undefined };
      if (commitments.length) return { term, state: "weak", start: commitments[0].sentence.start, note: within(commitments[0])!.message };
      const finding = analysis.findings.find((f) => f.category === "sovereignty" && f.term === term);
      return { term, state: "present", start: finding ? finding.start : titleRange(analysis.document)[0], note: undefined };
    }
    const permission = analysis.facts.find((f) => f.permissive.includes(term));
    if (permission) return { term, state: "weak", start: permission.sentence.start, note: `Only a permission: the document mentions ${(rules.terms.find((t) => t.rule.term === term)?.rule.label ?? term).toLowerCase()} without committing to it.` };
    const missing = analysis.findings.find((f) => f.category === "missing-term" && f.term === term);
    return { term, state: complete ? "missing" : "unknown", start: missing ? missing.start : titleRange(analysis.document)[0], note: missing?.message };
  });
}

describe("coverage matrix: the fast look-up agrees with the definition", () => {
  const dirs = ["samples", "test/corpus"];
  const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".md")).map((f) => join(d, f)));
  const every: AnalyzeOptions = { requiredTerms: ["audit-rights", "data-protection", "data-residency", "exit-strategy", "foreign-law-exposure", "human-oversight", "jurisdiction", "personnel", "subcontracting"] };
  test("on the samples and the test corpus, with the default and with every term required", () => {
    let weak = 0;
    for (const file of files) {
      for (const options of [{}, every]) {
        const analysis = analyze(readFileSync(file, "utf8"), { rules, ...options });
        const cells = coverageOf(analysis, rules).cells.map((c) => ({ term: c.term, state: c.state, start: c.start, note: c.note }));
        assert.deepEqual(cells, coverageByDefinition(analysis), file);
        const counts = Object.fromEntries(CATEGORIES.map((c) => [c, analysis.findings.filter((f) => f.category === c).length]));
        assert.deepEqual(Object.entries(coverageOf(analysis, rules).counts), Object.entries(counts), file);
        weak += cells.filter((c) => c.state === "weak").length;
      }
    }
    assert.ok(weak > 0, "some cells are weak");
  });

  test("on the cells of the tests above", () => {
    for (const text of [contract(undefined, RESIDENCY_HOLLOWED, EXIT), contract(undefined, RESIDENCY_HOLLOWED, RESIDENCY), contract(undefined, RESIDENCY_PERMISSION), contract("dora-financial", AUDIT, RESIDENCY_HOLLOWED)]) {
      const analysis = analyze(text, { rules });
      assert.deepEqual(coverageOf(analysis, rules).cells.map((c) => ({ term: c.term, state: c.state, start: c.start, note: c.note })), coverageByDefinition(analysis));
    }
  });
});
