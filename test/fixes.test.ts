// The engine's fixes (server/src/engine/fixes.ts): what a drafter sees after applying one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { analyze, applyEdits, builtinRules, fixAll, fixesFor, minimalEdit, type Finding } from "../server/src/engine";
import { removeQualifierFix } from "../server/src/engine/fixes";

const rules = builtinRules();

function finding(text: string, rule: string): Finding {
  const f = analyze(text).findings.find((x) => x.rule === rule);
  assert.ok(f, `${rule} not found in:\n${text}`);
  return f;
}

/** Applies the fix whose title starts with `title` for the first `rule` finding. */
function applyFix(text: string, rule: string, title: string): string {
  const a = analyze(text);
  const f = a.findings.find((x) => x.rule === rule);
  assert.ok(f, `${rule} not found; have ${a.findings.map((x) => x.rule).join(", ")}`);
  const fixes = fixesFor(a, f, rules);
  const fix = fixes.find((x) => x.title.startsWith(title));
  assert.ok(fix, `no fix "${title}"; have ${fixes.map((x) => x.title).join(" | ")}`);
  return applyEdits(text, fix.edits);
}

const rulesOf = (text: string) => analyze(text).findings.map((f) => f.rule);

const DOTTED = `---
kind: contract
---

# Analytics Services Agreement

## 1. Services

1.1 The Supplier shall provide the analytics service.

1.2 The Supplier shall answer support requests within one day.

## 2. Charges

2.1 The Customer shall pay the charges within thirty days.
`;

test("dotted numbering: a new exit section gets the next number and a numbered first paragraph, at the end", () => {
  const fixed = applyFix(DOTTED, "missing-term/exit-strategy", "Insert section “Exit management”");
  // The parties are the document's own "Supplier" and "Customer"; it names no start date, so that is a value to choose.
  assert.ok(fixed.startsWith(DOTTED.trimEnd() + "\n\n## 3. Exit management\n\n3.1 Within [[three months]] of the [[Effective Date]] the Supplier shall deliver"), fixed);
  assert.match(fixed, /transition assistance to the Customer or a successor supplier, return all Customer Data/);
  assert.ok(fixed.endsWith("deletion in writing.\n"), "the final newline is kept");
  assert.ok(!rulesOf(fixed).includes("missing-term/exit-strategy"));
  assert.ok(rulesOf(fixed).includes("missing-term/data-residency"));
});

test("a matching section receives the clause as its next numbered paragraph", () => {
  const text = DOTTED.replace("## 2. Charges", "## 2. Term and termination\n\n2.1 This Agreement runs for two years.\n\n2.2 Either party may terminate for material breach.\n\n## 3. Charges").replace("2.1 The Customer shall pay", "3.1 The Customer shall pay");
  const fixed = applyFix(text, "missing-term/exit-strategy", "Insert the model exit strategy clause into “2. Term and termination”");
  assert.match(fixed, /2\.2 Either party may terminate for material breach\.\n\n2\.3 Within \[\[three months\]\] of the \[\[Effective Date\]\][^\n]*\n\n## 3\. Charges/);
  assert.equal(fixed.replace(/\n\n2\.3 [^\n]*/, ""), text, "nothing else changed");
  assert.ok(!rulesOf(fixed).includes("missing-term/exit-strategy"));
});

test("residency goes into a hosting section; a section without numbered paragraphs gets a plain paragraph", () => {
  const text = `---
kind: contract
---

# Hosting Agreement

## Services

The Supplier shall host the platform and shall keep it available.

## Hosting

The Supplier shall operate the platform on its own infrastructure.

## Liability

Liability is capped at the annual charges.
`;
  const fixed = applyFix(text, "missing-term/data-residency", "Insert the model data residency clause into “Hosting”");
  assert.match(fixed, /own infrastructure\.\n\nThe Supplier shall store and process all \[\[Customer\]\] Data, including backups, logs and metadata, exclusively in data centres located in \[\[the European Union\]\]/);
  assert.ok(!rulesOf(fixed).includes("missing-term/data-residency"));
});

test("`Clause N — Title` headings: a new section goes before governing law, and later sections are renumbered", () => {
  const text = `# Model Services Contract

## Clause 1 — Services

1.1 The Supplier shall provide the model service.

## Clause 2 — Data location

2.1 All Customer Data shall be stored and processed only in data centres located in Austria.

## Clause 3 — Governing law

3.1 This Contract is governed by Austrian law, and the courts of Vienna have exclusive jurisdiction.

## Clause 4 — Notices

4.1 Notices shall be given in writing.
`;
  const fixed = applyFix(text, "missing-term/exit-strategy", "Insert section “Exit management”");
  assert.match(fixed, /Austria\.\n\n## Clause 3 — Exit management\n\n3\.1 Within \[\[three months\]\][^\n]*\n\n## Clause 4 — Governing law\n\n4\.1 This Contract is governed/);
  assert.match(fixed, /## Clause 5 — Notices\n\n5\.1 Notices shall be given in writing\.\n$/);
  assert.ok(!rulesOf(fixed).includes("missing-term/exit-strategy"));
});

test("unnumbered sections: a plain heading and body; Roman numerals continue in Roman", () => {
  const plain = `---
kind: contract
---

# Services Order

## Services

The Supplier shall provide the service to the Customer.

## Charges

The Customer shall pay the charges monthly.
`;
  const fixedPlain = applyFix(plain, "missing-term/exit-strategy", "Insert section");
  assert.match(fixedPlain, /monthly\.\n\n## Exit management\n\nWithin \[\[three months\]\]/);

  const roman = plain.replace("## Services", "## I. Services").replace("## Charges", "## II. Charges");
  const fixedRoman = applyFix(roman, "missing-term/exit-strategy", "Insert section");
  assert.match(fixedRoman, /monthly\.\n\n## III\. Exit management\n\nWithin/);
});

test("CRLF documents stay CRLF", () => {
  const crlf = DOTTED.replace(/\n/g, "\r\n");
  const fixed = applyFix(crlf, "missing-term/exit-strategy", "Insert section");
  assert.ok(!/[^\r]\n/.test(fixed), "no bare LF introduced");
  assert.match(fixed, /\r\n\r\n## 3\. Exit management\r\n\r\n3\.1 Within/);
});

const LOOPHOLES = `---
kind: contract
---

# Platform Agreement

## 1. Use

1.1 The Platform will not be used to intentionally monitor residents' communications, except as otherwise agreed by the parties.

1.2 The Supplier shall not, unless required by law, use the data for mass surveillance.
`;

test("removing a qualifier deletes the phrase and one separator, and keeps every other character", () => {
  const intent = finding(LOOPHOLES, "loophole/intent-test");
  const fixed = applyFix(LOOPHOLES, "loophole/intent-test", "Remove the qualifier “intentionally”");
  assert.equal(fixed, LOOPHOLES.slice(0, intent.start - 1) + LOOPHOLES.slice(intent.end));
  assert.match(fixed, /will not be used to monitor residents' communications, except/);

  const reopener = applyFix(LOOPHOLES, "loophole/conditional-scope", "Remove the qualifier “except as otherwise agreed by the parties”");
  assert.match(reopener, /monitor residents' communications\.\n/);
  assert.equal(reopener.length, LOOPHOLES.length - ", except as otherwise agreed by the parties".length);
});

test("a parenthetical qualifier loses one of its two commas", () => {
  const f = analyze(LOOPHOLES).findings.find((x) => x.category === "loophole" && LOOPHOLES.slice(x.start, x.end).startsWith("unless"));
  assert.ok(f, "the deference-to-law loophole is detected");
  const fixed = applyFix(LOOPHOLES, f.rule, "Remove the qualifier “unless required by law”");
  assert.match(fixed, /1\.2 The Supplier shall not use the data for mass surveillance\./);
});

test("after an abbreviation such as U.S. the next word keeps its case when a qualifier goes", () => {
  const text = "The Provider shall not track U.S. Intentionally flagged persons.";
  const removal = removeQualifierFix(text, { rule: "loophole/intent-test", category: "loophole", severity: "warning", message: "", start: text.indexOf("Intentionally"), end: text.indexOf("Intentionally") + "Intentionally".length });
  assert.ok(removal);
  assert.equal(applyEdits(text, removal.edits), "The Provider shall not track U.S. flagged persons.");
});

test("fix-all edits no word of a contract: the qualifiers are left to the drafter's choice", () => {
  const { text, applied } = fixAll(LOOPHOLES, (t) => analyze(t), rules);
  assert.deepEqual(applied, []);
  assert.equal(text, LOOPHOLES);
  assert.equal(minimalEdit(LOOPHOLES, text), undefined);
});

const NEWS = `---
kind: news-note
---

# Ministry weighs deal

The provider is the most advanced model developer in the world.

Sales fell 40% in a week, according to a market-research firm.[^1]

[^1]: Source: market report, 3 May.
`;

test("a source footnote takes the next number and its definition joins the existing ones", () => {
  const fixed = applyFix(NEWS, "claim/absolute", "Add a source footnote [^2]");
  assert.match(fixed, /in the world\.\[\^2\]\n/);
  assert.ok(fixed.endsWith("[^1]: Source: market report, 3 May.\n[^2]: Source: [[source]]\n"), fixed);
  assert.ok(rulesOf(fixed).includes("document/placeholder"), "until the source is filled in");
});

test("a footnoted statistic is no longer an unsourced claim", () => {
  const text = "---\nkind: news-note\n---\n\n# Usage\n\nUsage of the app fell 40% in a week.\n";
  const fixed = applyFix(text, "claim/unsourced-statistic", "Add a source footnote [^1]");
  assert.equal(fixed, "---\nkind: news-note\n---\n\n# Usage\n\nUsage of the app fell 40% in a week.[^1]\n\n[^1]: Source: [[source]]\n");
  assert.deepEqual(rulesOf(fixed), ["document/placeholder"]);
});

test("marking a claim verified silences it, and only it", () => {
  const text = NEWS.replace("in the world.", "in the world. Its rival is the fastest in the world.");
  const before = analyze(text).findings.filter((f) => f.rule === "claim/absolute");
  assert.equal(before.length, 2);
  const fixed = applyFix(text, "claim/absolute", "Mark the claim as verified");
  assert.match(fixed, /<!-- policy-lens: verified -->\nThe provider is the most advanced/);
  const after = analyze(fixed).findings.filter((f) => f.rule === "claim/absolute");
  assert.equal(after.length, 1);
  assert.match(fixed.slice(after[0].start, after[0].end), /^Its rival/);

  const second = applyEdits(text, fixesFor(analyze(text), analyze(text).findings.filter((f) => f.rule === "claim/absolute")[1], rules).find((x) => x.title === "Mark the claim as verified")!.edits);
  assert.match(second, /in the world\. <!-- policy-lens: verified --> Its rival/);
  assert.equal(analyze(second).findings.filter((f) => f.rule === "claim/absolute").length, 1);
});

test("placeholders raise a warning each, but not inside code", () => {
  const text = "# Note\n\nThe fee is [[amount]] per [[period]].\n\n```\n[[not a placeholder]]\n```\n";
  const found = analyze(text).findings.filter((f) => f.rule === "document/placeholder");
  assert.deepEqual(found.map((f) => text.slice(f.start, f.end)), ["[[amount]]", "[[period]]"]);
  assert.ok(found.every((f) => f.severity === "warning"));
});

test("suppressions go at the end of the finding's line, and at the top after the front matter", () => {
  const a = analyze(LOOPHOLES);
  const f = a.findings.find((x) => x.rule === "loophole/intent-test")!;
  const [line, file] = fixesFor(a, f, rules).filter((x) => x.title.startsWith("Suppress"));
  assert.match(applyEdits(LOOPHOLES, line.edits), /\n1\.1 The Platform [^\n]* by the parties\. <!-- policy-lens-disable-line loophole\/intent-test -->\n/);
  assert.ok(applyEdits(LOOPHOLES, file.edits).startsWith("---\nkind: contract\n---\n<!-- policy-lens-disable loophole/intent-test -->\n\n# Platform"));
});

test("a clause library with alternatives offers one insertion per wording, the configured ones first", () => {
  const config = {
    clauses: {
      "exit-strategy": [
        { title: "Reversibility", body: "The Supplier shall return all ${1:Customer} Data and provide transition assistance on exit." },
        { title: "Exit plan", body: "The Supplier shall maintain an exit plan." },
      ],
    },
  };
  const a = analyze(DOTTED, { config } as Parameters<typeof analyze>[1]);
  const f = a.findings.find((x) => x.rule === "missing-term/exit-strategy")!;
  const inserts = fixesFor(a, f, rules).filter((x) => x.title.startsWith("Insert"));
  assert.deepEqual(inserts.map((x) => x.title), ["Insert section “Reversibility” (exit strategy)", "Insert section “Exit plan” (exit strategy)"]);
  // DOTTED calls its customer "the Customer": the party is named, not left as a placeholder.
  assert.match(applyEdits(DOTTED, inserts[0].edits), /## 3\. Reversibility\n\n3\.1 The Supplier shall return all Customer Data/);
});

test("on varied contracts, every insertion clears its missing term and no fix has overlapping or out-of-range edits", () => {
  const base = DOTTED;
  const extras = ["## 9. Governing law\n\n9.1 This Agreement is governed by Belgian law.\n", "## Hosting\n\nThe Supplier hosts the service.\n", "## 7. Termination\n\n7.1 Either party may end it.\n", "### 2.3 Detail\n\nText.\n", "- 1. A list item.\n"];
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  let inserted = 0;
  for (let i = 0; i < 60; i++) {
    const lines = base.split("\n");
    for (let k = random(4); k > 0; k--) lines.splice(5 + random(lines.length - 5), 0, "", extras[random(extras.length)]);
    const text = random(4) === 0 ? lines.join("\r\n") : lines.join("\n");
    const a = analyze(text);
    for (const f of a.findings) {
      for (const fix of fixesFor(a, f, rules)) {
        const edits = [...fix.edits].sort((x, y) => x.start - y.start);
        edits.forEach((e, j) => {
          assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `${fix.title}: edit out of range`);
          if (j) assert.ok(e.start >= edits[j - 1].end, `${fix.title}: overlapping edits`);
        });
        if (f.category === "missing-term" && fix.title.startsWith("Insert")) {
          inserted++;
          assert.ok(!rulesOf(applyEdits(text, fix.edits)).includes(f.rule), `${fix.title} left ${f.rule} in:\n${text}`);
        }
      }
    }
  }
  assert.ok(inserted >= 60, `only ${inserted} insertions exercised`);
});

test("in snippet form the clause keeps its tab stops for values to choose and the rest is escaped (F5)", () => {
  const body = "The ${1:Supplier} shall hand over all data within ${2:thirty days}. ${CLIPBOARD} ${TM_FILEPATH} $UUID \\ }";
  const config = { clauses: { "exit-strategy": { title: "Exit ($ costs})", body } } };
  const a = analyze(DOTTED, { config } as Parameters<typeof analyze>[1]);
  const f = a.findings.find((x) => x.rule === "missing-term/exit-strategy")!;
  const fix = fixesFor(a, f, rules, { snippets: true }).find((x) => x.title.startsWith("Insert"))!;
  assert.equal(fix.snippet, true);
  // The Supplier is the document's; the period is a value to choose; snippet variables are text.
  assert.equal(fix.edits[0].newText, "\n\n## 3. Exit (\\$ costs\\})\n\n3.1 The Supplier shall hand over all data within ${2:thirty days}. \\${CLIPBOARD\\} \\${TM_FILEPATH\\} \\$UUID \\\\ \\}");
  const plain = fixesFor(a, f, rules).find((x) => x.title.startsWith("Insert"))!;
  assert.match(applyEdits(DOTTED, plain.edits), /3\.1 The Supplier shall hand over all data within \[\[thirty days\]\]\. \$\{CLIPBOARD\} \$\{TM_FILEPATH\} \$UUID \\ \}\n$/);
});
