// Fixes a lawyer can trust (issue 14): a save never changes meaning, a redline narrows and
// never widens, reported words are never edited, and a fix touches only what it names.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze, applyEdits, builtinRules, fixAll, fixesFor, type Analysis, type Finding, type Fix } from "../server/src/engine";

const rules = builtinRules();
const sample = (name: string) => readFileSync(join(__dirname, "..", "samples", name), "utf8");

function loophole(text: string, rule: string, words: string): { analysis: Analysis; finding: Finding; fixes: Fix[] } {
  const analysis = analyze(text);
  const finding = analysis.findings.find((f) => f.rule === rule && text.slice(f.start, f.end) === words);
  assert.ok(finding, `${rule} on "${words}" not found; have ${analysis.findings.map((f) => `${f.rule} "${text.slice(f.start, f.end)}"`).join(", ")}`);
  return { analysis, finding, fixes: fixesFor(analysis, finding, rules).filter((f) => !f.title.startsWith("Suppress")) };
}

/** The text with one sentence replaced, checking that nothing else changed. */
function withSentence(text: string, before: string, after: string): string {
  assert.equal(text.split(before).length, 2, `"${before}" occurs once`);
  return text.replace(before, after);
}

const CONTRACT = `---
kind: contract
---

# Platform Services Agreement

This Agreement is made between Northwind Analytics Ltd (the "Provider") and the Regional Health Board (the "Authority").

## 1. Use limits

1.1 The Platform will not be used to intentionally monitor residents' communications.

1.2 The Provider shall not, unless required by law, use Authority Data for mass surveillance.

1.3 The Provider shall not use the Platform to track U.S. persons.

1.4 The system shall not be used solely to decide on benefits.

1.5 The Provider shall not use the Platform for facial recognition of patients, except as otherwise agreed by the parties.

1.6 The Provider shall not use the Platform for mass surveillance until further notice.

## 2. Data

2.1 All Authority Data shall be stored and processed only in data centres located in the European Union.

2.2 Authority Data may be transferred to Affiliates of the Provider where reasonably necessary.

2.3 Authority Data shall primarily be stored in Belgium.
`;

// ---------------------------------------------------------------------------------------
// 1. A save never changes meaning

test("fix-all on a contract, a news note and a policy changes not one byte", () => {
  for (const text of [CONTRACT, sample("contract-chatbot-missing-terms.md"), sample("news-ai-defence-deal.md"), sample("policy-ai-use.md"), sample("contract-cloud-ai-complete.md")]) {
    assert.ok(analyze(text).findings.length > 0, "a document with findings");
    const { text: saved, applied } = fixAll(text, (t) => analyze(t), rules);
    assert.deepEqual(applied, []);
    assert.equal(saved, text);
  }
});

test("fix-all removes only Policy Lens's own unused suppression comments, all in one run (F3)", () => {
  const text = `# Order

## 2. Use limits

<!-- policy-lens-disable-next-line claim/absolute -->
2.1 The Supplier shall not intentionally monitor residents.

2.2 The Supplier shall not intentionally track users. <!-- policy-lens-disable-line claim/absolute -->

2.3 The Supplier shall provide support. <!-- policy-lens-disable-line loophole/intent-test sovereignty -->
`;
  const once = fixAll(text, (t) => analyze(t), rules);
  assert.equal(
    once.text,
    `# Order

## 2. Use limits

2.1 The Supplier shall not intentionally monitor residents.

2.2 The Supplier shall not intentionally track users.

2.3 The Supplier shall provide support.
`,
  );
  assert.equal(once.applied.length, 3);
  assert.deepEqual(fixAll(once.text, (t) => analyze(t), rules), { text: once.text, applied: [] }, "a second run has nothing left to do");
  // The two intent-test loopholes of the repro are each still there for the drafter.
  assert.equal(analyze(once.text).findings.filter((f) => f.rule === "loophole/intent-test").length, 2);
});

test("an unused id among used ones leaves the comment, without that id", () => {
  const text = "# Order\n\n2.1 The Supplier shall not intentionally monitor residents. <!-- policy-lens-disable-line loophole/intent-test claim/absolute -->\n";
  const { text: saved } = fixAll(text, (t) => analyze(t), rules);
  assert.equal(saved, "# Order\n\n2.1 The Supplier shall not intentionally monitor residents. <!-- policy-lens-disable-line loophole/intent-test -->\n");
});

// ---------------------------------------------------------------------------------------
// 2. Redlines that narrow, never widen: one test per loophole family

test("intent test: the adverb goes, and the prohibition covers every use", () => {
  const { fixes } = loophole(CONTRACT, "loophole/intent-test", "intentionally");
  assert.deepEqual(fixes.map((f) => f.title), ["Remove the qualifier “intentionally”"]);
  assert.equal(applyEdits(CONTRACT, fixes[0].edits), withSentence(CONTRACT, "will not be used to intentionally monitor", "will not be used to monitor"));
});

test("deference to the law: a court-reviewed, notified exception replaces it, or it goes; the wording names the Authority", () => {
  const { fixes } = loophole(CONTRACT, "loophole/deference-to-law", "unless required by law");
  assert.deepEqual(fixes.map((f) => f.title.slice(0, 40)), ["Replace “unless required by law” with “u", "Remove the qualifier “unless required by"]);
  assert.equal(
    applyEdits(CONTRACT, fixes[0].edits),
    withSentence(CONTRACT, "unless required by law,", "unless a court of a Member State has reviewed and ordered it and the Authority has been notified first,"),
  );
  assert.equal(applyEdits(CONTRACT, fixes[1].edits), withSentence(CONTRACT, "shall not, unless required by law, use", "shall not use"));
});

test("deference to the law in a permission: narrowed to a Member State's law and notice, never deleted", () => {
  const text = CONTRACT.replace("2.3 Authority Data", "2.4 The Provider may use the Platform for any purpose as permitted by law.\n\n2.3 Authority Data");
  const { fixes } = loophole(text, "loophole/deference-to-law", "as permitted by law");
  assert.deepEqual(fixes.map((f) => f.title), ["Replace “as permitted by law” with “only where required by the law of a Member State, and after notifying the Authority”"]);
});

test("protected class: the limit protects any person", () => {
  const { fixes } = loophole(CONTRACT, "loophole/protected-class", "U.S. persons");
  assert.deepEqual(fixes.map((f) => f.title), ["Replace “U.S. persons” with “any person”"]);
  assert.equal(applyEdits(CONTRACT, fixes[0].edits), withSentence(CONTRACT, "to track U.S. persons.", "to track any person."));
});

test("degree word: 'solely' goes, so assisted use is covered too", () => {
  const { fixes } = loophole(CONTRACT, "loophole/degree", "solely");
  assert.deepEqual(fixes.map((f) => f.title), ["Remove the qualifier “solely”"]);
  assert.equal(applyEdits(CONTRACT, fixes[0].edits), withSentence(CONTRACT, "be used solely to decide", "be used to decide"));
});

test("conditional scope: approval of each case by the Authority, or no exception at all", () => {
  const { fixes } = loophole(CONTRACT, "loophole/conditional-scope", "except as otherwise agreed by the parties");
  assert.equal(fixes.length, 2);
  const replaced = applyEdits(CONTRACT, fixes[0].edits);
  assert.equal(replaced, withSentence(CONTRACT, "except as otherwise agreed by the parties.", "unless the Authority approves each case in writing in advance."));
  assert.ok(!analyze(replaced).findings.some((f) => f.rule === "loophole/conditional-scope"), "the new wording closes the gap");
  assert.equal(applyEdits(CONTRACT, fixes[1].edits), withSentence(CONTRACT, "patients, except as otherwise agreed by the parties.", "patients."));
});

test("reopener: 'until further notice' goes; nothing replaces it with another condition", () => {
  const { fixes } = loophole(CONTRACT, "loophole/reopener", "until further notice");
  assert.deepEqual(fixes.map((f) => f.title), ["Remove the qualifier “until further notice”"]);
  assert.equal(applyEdits(CONTRACT, fixes[0].edits), withSentence(CONTRACT, "mass surveillance until further notice.", "mass surveillance."));
});

test("residency carve-out on a permission: 'where reasonably necessary' becomes the Authority's consent and is never deleted", () => {
  const { fixes } = loophole(CONTRACT, "loophole/residency-carve-out", "where reasonably necessary");
  // Deleting it would let the Provider transfer the data whenever it likes.
  assert.deepEqual(fixes.map((f) => f.title), ["Replace “where reasonably necessary” with “only with the Authority's prior written consent”"]);
  assert.equal(applyEdits(CONTRACT, fixes[0].edits), withSentence(CONTRACT, "of the Provider where reasonably necessary.", "of the Provider only with the Authority's prior written consent."));
});

test("residency carve-out in an obligation: 'primarily' goes", () => {
  const { fixes } = loophole(CONTRACT, "loophole/residency-carve-out", "primarily");
  assert.deepEqual(fixes.map((f) => f.title), ["Remove the qualifier “primarily”"]);
  assert.equal(applyEdits(CONTRACT, fixes[0].edits), withSentence(CONTRACT, "shall primarily be stored", "shall be stored"));
});

test("carve-outs and follow-on modifications get no redline: a sentence that takes the limits back needs a drafter", () => {
  const text = CONTRACT.replace("## 2. Data", "1.7 Nothing in this clause restricts the use of the Platform for border surveillance.\n\n1.8 Any expanded use requires a follow-on modification.\n\n## 2. Data");
  for (const [rule, words] of [["loophole/carve-out-of-scope", "Nothing in this clause restricts the use of the Platform for border surveillance"], ["loophole/follow-on-modification", "follow-on modification"]]) {
    const analysis = analyze(text);
    const finding = analysis.findings.find((f) => f.rule === rule && text.slice(f.start, f.end).startsWith(words.split(" ")[0]));
    assert.ok(finding, `${rule} on "${words}"`);
    assert.deepEqual(fixesFor(analysis, finding, rules).filter((f) => !f.title.startsWith("Suppress")), []);
  }
});

// The families above get a redline; every other family is a qualifier no wording of ours can
// narrow without knowing the deal (a party's judgement, a deferred safeguard, a disclaimer…):
// it gets no edit of its words, only a suppression comment that adds and removes nothing.
const NO_REDLINE: [rule: string, sentence: string, words: string][] = [
  ["loophole/permitted-exception", "The Provider shall not use Authority Data for mass surveillance. The Authority may permit such use in writing.", "may permit"],
  ["loophole/deferred-safeguard", "The Provider shall not use the Platform for facial recognition of patients without prior review, or subsequent approval by the Authority.", "subsequent approval by the Authority"],
  ["loophole/reasonableness", "Authority Data shall be stored in the European Union to the extent commercially reasonable.", "to the extent commercially reasonable"],
  ["loophole/follow-on-modification", "The Provider shall not use the Platform for mass surveillance pending a review of the programme.", "pending a review"],
  ["loophole/carve-out-of-scope", "Nothing in this clause restricts the use of the Platform for border surveillance.", "Nothing in this clause restricts the use of the Platform for border surveillance"],
  ["loophole/carve-out-clause", "The restrictions in clause 1.1 do not apply to the Provider's Affiliates.", "restrictions in clause 1.1 do not apply to the Provider's Affiliates"],
  ["loophole/party-judgement", "The Provider shall not disclose Authority Data to foreign authorities where the Provider deems it necessary.", "where the Provider deems it necessary"],
  ["loophole/no-guarantee", "Authority Data shall be stored in the European Union, but we cannot guarantee its location.", "we cannot guarantee its location"],
  ["loophole/consent-condition", "The Provider shall not track patients without their consent.", "without their consent"],
  ["loophole/party-chosen-check", "The Authority may audit the Provider's records through an auditor appointed by the Provider.", "appointed by the Provider"],
  ["loophole/vague-oversight", "Decisions on benefits shall be subject to adequate human review.", "adequate human review"],
  ["loophole/vague-necessity", "Authority Data shall remain in the European Union for as long as it is required to comply with the Agreement.", "is required to comply with the Agreement"],
  ["loophole/exit-only-remedy", "The Authority's sole remedy for a transfer of Authority Data outside the European Union is termination.", "sole remedy for a transfer of Authority Data outside the European Union is"],
  ["loophole/retained-copies", "On termination the Provider shall delete all Authority Data, other than copies held in its archival backups.", "other than copies held in its archival backups"],
];
const REDLINED = ["loophole/intent-test", "loophole/deference-to-law", "loophole/protected-class", "loophole/degree", "loophole/conditional-scope", "loophole/reopener", "loophole/residency-carve-out"];

test("every loophole family is covered: the seven above get a redline, the other fourteen no edit of their words", () => {
  assert.deepEqual(
    [...REDLINED, ...NO_REDLINE.map(([rule]) => rule)].sort(),
    rules.source.loopholes.map((l) => l.id).sort(),
    "a new loophole family needs its own redline test",
  );
  const text = CONTRACT.replace("## 2. Data", `${NO_REDLINE.map(([, sentence], i) => `1.${i + 7} ${sentence}`).join("\n\n")}\n\n## 2. Data`);
  const analysis = analyze(text);
  for (const [rule, sentence, words] of NO_REDLINE) {
    // The family's finding in its own sentence (where detection cuts the words is not what is tested here).
    const at = text.indexOf(sentence);
    const finding = analysis.findings.find((f) => f.rule === rule && f.start >= at && f.end <= at + sentence.length && text.slice(f.start, f.end).includes(words.split(" ")[0]));
    assert.ok(finding, `${rule} on "${words}": ${analysis.findings.filter((f) => f.rule === rule).map((f) => text.slice(f.start, f.end)).join(" | ")}`);
    const fixes = fixesFor(analysis, finding, rules);
    assert.deepEqual(fixes.filter((f) => !f.title.startsWith("Suppress")).map((f) => f.title), [], rule);
    for (const fix of fixes)
      for (const e of fix.edits) {
        assert.equal(e.start, e.end, `${rule}: “${fix.title}” removes nothing`);
        assert.match(e.newText, /^\s*<!-- policy-lens-disable(-line|-file)? [^>]*-->\s*$/, `${rule}: “${fix.title}” adds only its comment`);
      }
  }
});

test("a qualifier cut short at 80 characters is never deleted: the rest of it would dangle", () => {
  const text = CONTRACT.replace(
    "1.6 The Provider",
    "1.7 The Provider shall not use the Platform to track patients except as agreed by the parties in a written amendment that names every use case and every category of data concerned.\n\n1.6 The Provider",
  );
  const analysis = analyze(text);
  const finding = analysis.findings.find((f) => f.category === "loophole" && text.slice(f.start, f.end).startsWith("except as agreed by the parties in a written"));
  assert.ok(finding);
  assert.ok(!/concerned$/.test(text.slice(finding.start, finding.end)), "the finding is cut short");
  assert.deepEqual(fixesFor(analysis, finding, rules).filter((f) => !f.title.startsWith("Suppress")), []);
});

// ---------------------------------------------------------------------------------------
// 3. Reported text is not edited

test("in a news note, a blockquote or quotation marks, a loophole gets no edit of the words", () => {
  const news = `---
kind: news-note
---

# Insurer's memo limits staff monitoring

An internal memo says the insurer "shall not monitor staff, except where fraud investigators request it".

> The Supplier shall not intentionally track users.
`;
  const contractQuoting = CONTRACT.replace("## 2. Data", '> 1.7 The Provider shall not intentionally track users.\n\n1.8 As the memo puts it, "the Provider shall not monitor staff, except where fraud investigators request it".\n\n## 2. Data');
  const quoted = [contractQuoting.indexOf("> 1.7"), contractQuoting.indexOf("## 2. Data")];
  for (const text of [news, contractQuoting]) {
    const analysis = analyze(text);
    const reported = analysis.findings.filter((f) => f.category === "loophole" && (analysis.kind === "news-note" || (f.start > quoted[0] && f.start < quoted[1])));
    assert.ok(reported.length >= 2, `loopholes in reported words: ${reported.map((f) => f.rule).join(", ")}`);
    for (const f of reported) {
      const titles = fixesFor(analysis, f, rules).map((x) => x.title);
      assert.ok(titles.every((t) => t.startsWith("Suppress")), `${f.rule}: ${titles.join(" | ")}`);
    }
  }
});

test("a claim in a news note is footnoted or marked verified, and its words stay", () => {
  const news = sample("news-ai-defence-deal.md");
  const analysis = analyze(news);
  for (const f of analysis.findings.filter((x) => x.category === "claim")) {
    for (const fix of fixesFor(analysis, f, rules)) for (const e of fix.edits) assert.equal(e.start, e.end, `${fix.title} only inserts`);
  }
});

// ---------------------------------------------------------------------------------------
// 7. Fixes that touch only what they name (hostile-input report F1, F4)

test("F1: a qualifier holding a comment or a link gets no fix that could cut them", () => {
  const text = "# Order\n\n## 1. Scope\n\n1.1 The Supplier shall not monitor residents, except as agreed <!-- note: Bob to confirm --> by the [parties](http://x.example/terms) in writing.\n";
  const analysis = analyze(text);
  const f = analysis.findings.find((x) => x.category === "loophole");
  assert.ok(f);
  for (const fix of fixesFor(analysis, f, rules)) {
    const fixed = applyEdits(text, fix.edits);
    assert.ok(fixed.includes("<!-- note: Bob to confirm -->") && fixed.includes("[parties](http://x.example/terms)"), fix.title);
  }
  assert.equal(fixAll(text, (t) => analyze(t), rules).text, text);
});

test("F1: an emphasised qualifier goes with its emphasis, leaving no '**'", () => {
  const text = "# Order\n\n2.1 The Supplier shall not *intentionally* monitor residents.\n";
  const { fixes } = loophole(text, "loophole/intent-test", "intentionally");
  assert.equal(applyEdits(text, fixes[0].edits), "# Order\n\n2.1 The Supplier shall not monitor residents.\n");
});

/** The blocks' types and line spans, which a suppression comment must not change. */
const structure = (text: string) => analyze(text).document.blocks.map((b) => `${b.type}${b.inQuote ? ">" : ""}:${b.startLine}-${b.endLine}`);

test("F4: 'suppress on this line' keeps tables, blockquotes, list continuations and setext headings whole", () => {
  const cases = {
    table: "# Order\n\n| Clause | Text |\n|---|---|\n| 2.1 | The Supplier shall not intentionally monitor residents. |\n| 2.2 | Plain row. |\n",
    quote: "# Order\n\n> 2.1 The Supplier shall not use the Service for profiling of residents.\n> It shall not intentionally monitor residents either.\n> Plain line.\n",
    list: "# Order\n\n1. The Supplier shall provide the Service.\n   The Supplier shall not intentionally monitor residents.\n2. Plain item.\n",
    // A setext title carries the missing-term findings.
    setext: "Services Order\n==============\n\nThe Supplier shall not intentionally monitor residents.\n",
    hardBreak: "# Order\n\nThe Supplier shall not intentionally monitor residents.\\\nPlain line.\n",
  };
  for (const [name, text] of Object.entries(cases)) {
    const analysis = analyze(text);
    const finding = analysis.findings.find((f) => (name === "setext" ? f.category === "missing-term" : f.category === "loophole" || f.category === "red-line"));
    assert.ok(finding, `${name}: a finding to suppress`);
    const fix = fixesFor(analysis, finding, rules).find((f) => f.title.endsWith("on this line"))!;
    const fixed = applyEdits(text, fix.edits);
    assert.deepEqual(structure(fixed), structure(text), `${name}: the Markdown structure is unchanged:\n${fixed}`);
    const after = analyze(fixed).findings;
    assert.ok(!after.some((f) => f.rule === finding.rule && f.start === fixed.indexOf(text.slice(finding.start, finding.end))), `${name}: ${finding.rule} is suppressed`);
    const others = (fs: Finding[], t: string) => fs.filter((f) => f.rule !== finding.rule && !f.rule.startsWith("document/")).map((f) => `${f.rule}:${t.slice(f.start, f.end).replace(/ ?<!--[\s\S]*?-->/g, "")}`);
    assert.deepEqual(others(after, fixed), others(analysis.findings, text), `${name}: no other finding changes`);
  }
});

// ---------------------------------------------------------------------------------------
// 8. Suppressions users already type

test("policy-lens-disable-line hides its own line's findings, and says so when it hides none", () => {
  const text = "# Order\n\n2.1 The Supplier shall not intentionally monitor residents. <!-- policy-lens-disable-line loophole/intent-test -->\n\n2.2 The Supplier shall not intentionally track users.\n";
  const findings = analyze(text).findings;
  const intent = findings.filter((f) => f.rule === "loophole/intent-test").map((f) => text.slice(f.start - 20, f.end));
  assert.equal(intent.length, 1);
  assert.match(intent[0], /shall not intentionally$/);
  assert.ok(text.indexOf("track users") > findings.find((f) => f.rule === "loophole/intent-test")!.start);
  const unused = analyze("# Order\n\nPlain text. <!-- policy-lens-disable-line claim -->\n").findings.find((f) => f.rule === "document/unused-suppression");
  assert.match(unused?.message ?? "", /`claim` hides no finding on its line/);
});

test("policy-lens-disable-file hides the rule everywhere, wherever the comment stands", () => {
  const text = "# Order\n\n2.1 The Supplier shall not intentionally monitor residents.\n\n2.2 The Supplier shall not intentionally track users.\n\n<!-- policy-lens-disable-file loophole/intent-test -->\n";
  const rulesFound = analyze(text).findings.map((f) => f.rule);
  assert.ok(!rulesFound.includes("loophole/intent-test"), rulesFound.join(", "));
  assert.ok(rulesFound.includes("red-line/prohibited-use"), "other rules still report");
});

// ---------------------------------------------------------------------------------------
// 4. Inserted clauses speak the document's language

test("an inserted clause uses the contract's defined parties and start date, its numbering and heading style", () => {
  const text = `---
kind: contract
---

# Cloud Hosting Agreement

This Agreement is made between Skyline Hosting GmbH (the "Service Provider") and the Municipality of Ostend (the "Contracting Authority").

## Clause 1 — Definitions

1.1 "Commencement Date" means the date on which the Services go live.

## Clause 2 — Services

2.1 The Service Provider shall host the Contracting Authority's case management system.

## Clause 3 — Governing law

3.1 This Agreement is governed by Belgian law, and the courts of Bruges have exclusive jurisdiction.
`;
  const analysis = analyze(text);
  const missing = analysis.findings.find((f) => f.rule === "missing-term/exit-strategy")!;
  const insert = fixesFor(analysis, missing, rules).find((f) => f.title.startsWith("Insert"))!;
  const fixed = applyEdits(text, insert.edits);
  const clause =
    "## Clause 3 — Exit management\n\n3.1 Within [[three months]] of the Commencement Date the Service Provider shall deliver an exit plan, tested at least once a year. " +
    "On expiry or termination the Service Provider shall, for up to [[twelve months]], provide transition assistance to the Contracting Authority or a successor supplier, " +
    "return all Contracting Authority Data in open, documented formats, and then delete it and certify the deletion in writing.\n\n## Clause 4 — Governing law\n\n4.1 This Agreement";
  assert.ok(fixed.includes(clause), fixed);
  assert.ok(!/\[\[(?:Customer|Supplier|Effective Date)\]\]|start date/.test(fixed), "no placeholder for a party or date the contract names");
});

// ---------------------------------------------------------------------------------------
// 5, 6. Messages that say something; Problems lists what needs attention

test("messages: plural topics take 'are', claims quote their words, a commitment says what it leaves open", () => {
  const contract = "---\nkind: contract\n---\n\n# Order\n\n1.1 The Supplier shall not use the Service for facial recognition or autonomous weapons.\n\n1.2 The Supplier shall store all Customer Data only in data centres located in Belgium.\n";
  const found = analyze(contract).findings;
  assert.equal(found.find((f) => f.rule === "red-line/prohibited-use")?.message, "Red line: surveillance of people and weapons and use of force are ruled out here.");
  const residency = found.find((f) => f.rule === "sovereignty/data-residency")!;
  assert.equal(residency.message, "Data residency: commits to “store all Customer Data only in data centres located in Belgium”. Leaves open: backups and logs; remote access and support; notice or consent before a change.");
  const news = "---\nkind: news-note\n---\n\n# Deal\n\nThe ministry will sign the deal next week, according to two people familiar with the talks.\n";
  assert.equal(analyze(news).findings.find((f) => f.category === "claim")?.message, "Claim: unnamed source “according to two people”.");
});

test("a sound term is a hint and a news note's reported red line is a hint; red lines in contracts and missing terms stand out", () => {
  const contract = "---\nkind: contract\n---\n\n# Order\n\n1.1 The Supplier shall not use the Service for facial recognition of residents.\n\n1.2 The Supplier shall store all Customer Data, including backups, only in Belgium.\n";
  const severities = (text: string) => Object.fromEntries(analyze(text).findings.map((f) => [f.rule, f.severity]));
  assert.deepEqual(severities(contract), { "red-line/prohibited-use": "information", "sovereignty/data-residency": "hint", "missing-term/exit-strategy": "warning" });
  const news = "---\nkind: news-note\n---\n\n# Talks collapse\n\nThe company refused to allow its model to be used for mass surveillance, the minister said.\n";
  assert.equal(severities(news)["red-line/prohibited-use"], "hint");
});

test("a well-drafted contract's Problems are its two red lines; its present terms are hints, outside the Problems panel", () => {
  const text = sample("contract-cloud-ai-complete.md");
  const findings = analyze(text).findings;
  const line = (offset: number) => text.slice(0, offset).split("\n").length;
  assert.deepEqual(
    findings.filter((f) => f.severity !== "hint").map((f) => `${line(f.start)} ${f.severity} ${f.message}`),
    ["20 information Red line: high-consequence automated decisions are ruled out here.", "22 information Red line: surveillance of people is ruled out here."],
  );
  // Each of the contract's terms is still shown: highlighted, in the outline and the code lens.
  const terms = new Set(findings.filter((f) => f.category === "sovereignty" && f.severity === "hint").map((f) => f.term));
  for (const term of ["data-residency", "data-protection", "jurisdiction", "audit-rights", "exit-strategy"]) assert.ok(terms.has(term as never), term);
});

test("no redline where it would not narrow or would not read: a safeguard, a continuing qualifier, a dangling lead-in, a complement, a policy", () => {
  const redlines = (text: string, rule: string, words: string) => {
    const analysis = analyze(text);
    const finding = analysis.findings.find((f) => f.rule === rule && text.slice(f.start, f.end).startsWith(words));
    assert.ok(finding, `${rule} on "${words}": ${analysis.findings.map((f) => `${f.rule} "${text.slice(f.start, f.end)}"`).join(", ")}`);
    return fixesFor(analysis, finding, rules)
      .filter((f) => !f.title.startsWith("Suppress"))
      .map((f) => f.title);
  };
  const contract = (sentence: string) => `---\nkind: contract\n---\n\n# Order\n\n1.1 ${sentence}\n`;
  // A court's authorisation is a safeguard already: no other condition replaces it, though the exception may go.
  assert.deepEqual(redlines(contract("The Supplier shall not use the Service for bulk tracking of vessels unless a court has authorised it."), "loophole/conditional-scope", "unless a court"), [
    "Remove the qualifier “unless a court has authorised it”",
  ]);
  // The carve-out goes on in a relative clause: cutting it would leave "which may be accessed" dangling.
  assert.deepEqual(redlines(contract("The Supplier shall not transfer Customer Data outside the EEA, save for service logs, which may be accessed from the United Kingdom."), "loophole/conditional-scope", "save for"), []);
  assert.deepEqual(
    redlines(contract("The Customer shall not use the Services for surveillance of individuals without human review, in each case except as permitted by applicable law."), "loophole/deference-to-law", "except as permitted"),
    ["Replace “except as permitted by applicable law” with “unless a court of a Member State has reviewed and ordered it and the Customer has been notified first”"],
  );
  assert.deepEqual(redlines(contract("The Department shall not use the model to monitor claimants who are U.S. persons."), "loophole/protected-class", "U.S. persons"), []);
  const policy = "---\nkind: policy\n---\n\n# Guidance\n\nAgencies must not use facial recognition of residents, except as otherwise agreed by the minister.\n";
  assert.deepEqual(redlines(policy, "loophole/conditional-scope", "except as otherwise agreed"), []);
});
