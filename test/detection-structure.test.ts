import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze, type Analysis, type DocumentKind } from "../server/src/engine";
import { IncrementalAnalyzer } from "../server/src/engine/incremental";

// Red lines carried by structure (headings, lead-ins, nested lists), reported positions, and
// the loopholes of legal drafting inside red lines. Our own sentences throughout.

function doc(kind: DocumentKind, body: string): string {
  return `---\nkind: ${kind}\n---\n\n# Test document\n\n${body}\n`;
}
function found(kind: DocumentKind, body: string) {
  const text = doc(kind, body);
  return analyze(text).findings.map((f) => ({ category: f.category, rule: f.rule, message: f.message, quote: text.slice(f.start, f.end) }));
}
const redLines = (kind: DocumentKind, body: string) => found(kind, body).filter((f) => f.category === "red-line").map((f) => f.quote);
const loopholes = (kind: DocumentKind, body: string) => found(kind, body).filter((f) => f.category === "loophole").map((f) => f.quote);

describe("prohibitions carried by structure", () => {
  test("a prohibiting heading carries to the items of its section; a permitting one does not", () => {
    const items = "- Following the whereabouts of delivery drivers after their shift.\n- Drafting replies to customer emails.";
    assert.deepEqual(redLines("policy", `## Prohibited uses\n\n${items}`), ["Following the whereabouts of delivery drivers after their shift."]);
    assert.deepEqual(redLines("policy", `## Permitted uses\n\n${items}`), []);
    assert.deepEqual(redLines("policy", `## Restricted uses\n\n${items}`), ["Following the whereabouts of delivery drivers after their shift."]);
    // The nearest heading decides: exceptions under a prohibiting heading are none.
    assert.deepEqual(redLines("policy", `## Prohibited uses\n\n### Exceptions\n\n${items}`), []);
    assert.deepEqual(redLines("policy", `## Prohibited uses\n\nThe following are exempt from this section:\n\n${items}`), []);
    // The heading carries to items only, not to the prose of the section.
    assert.deepEqual(redLines("policy", "## Prohibited uses\n\nSome teams follow the whereabouts of delivery drivers."), []);
  });

  test("a lead-in that neither prohibits nor permits takes the prohibition of the heading above it", () => {
    const body = "## Never use the assistant for watching people\n\nThis covers asking the assistant to:\n\n- compile dossiers on local journalists;\n- summarise a public budget report.";
    // The heading prohibits a red-line area in its own words, so it is a red line too.
    assert.deepEqual(redLines("policy", body), ["Never use the assistant for watching people", "compile dossiers on local journalists;"]);
    const permitted = "## Never use the assistant for watching people\n\nYou may use the assistant to:\n\n- compile dossiers on local journalists;";
    assert.deepEqual(redLines("policy", permitted), ["Never use the assistant for watching people"]);
  });

  test("a sub-item takes the prohibition of the item it is nested in, even when its lead-in lacks a colon", () => {
    const body = [
      "1. Do not misuse the platform. This includes producing material that",
      "    1. monitors people without their knowledge.",
      "    2. advertises a charity bake sale.",
      "2. Share feedback with the community team.",
      "    1. monitors people without their knowledge.",
    ].join("\n");
    assert.deepEqual(redLines("policy", body), ["monitors people without their knowledge."]);
  });

  test("under a duty ('shall ensure all of the following:'), an item saying what must not happen is a prohibition", () => {
    const body = [
      "(c) An insurer that uses an automated tool to review claims shall ensure all of the following:",
      "(A) The tool weighs the following evidence:",
      "(i) the claimant's own medical records.",
      "(B) The tool does not base its decision solely on the claimant's postcode.",
      "(C) The tool bases its decisions on medical evidence.",
      "(D) The tool is never used to replace the clinician's decision-making.",
    ].join("\n\n");
    const found = redLines("policy", body);
    assert.deepEqual(found, ["(B) The tool does not base its decision solely on the claimant's postcode.", "(D) The tool is never used to replace the clinician's decision-making."]);
    // "not limited to" states no limit.
    const listed = "(c) The insurer shall ensure the following:\n\n(A) The tool supports, but is not limited to, decisions based solely on the claim form.";
    assert.deepEqual(redLines("policy", listed), []);
  });

  test("items numbered with Roman numerals and a dot ('ii.', 'iv.') take the lead-in's prohibition", () => {
    const items = ["i. Forecast whether a tenant will commit a crime;", "ii. Predict whether a named person is a criminal;", "iii. Translate the tenancy handbook;", "iv. Assess the criminality of applicants from their photographs."];
    const under = (lead: string) => redLines("policy", [lead, "a. Housing", ...items].join("\n\n"));
    const strip = (item: string) => item.replace(/^[ivx]+\. /, "");
    assert.deepEqual(under("Licensees will not use the model to:"), ["Licensees will not use the model to:", ...[items[0], items[1], items[3]].map(strip)]);
    assert.deepEqual(under("Licensees may use the model to:"), []);
  });

  test("a lead-in that prohibits in its own words is a red line on its items' topics", () => {
    const body = "Agencies are barred from using models to:\n\n- infer a person's religion from photographs of their face;\n- translate public notices.";
    const f = found("policy", body).filter((x) => x.category === "red-line");
    assert.deepEqual(
      f.map((x) => x.quote),
      ["Agencies are barred from using models to:", "infer a person's religion from photographs of their face;"],
    );
    assert.match(f[0].message, /surveillance/);
    // Items with no red-line topic make no red line of the lead-in.
    assert.deepEqual(redLines("policy", "Agencies are barred from using models to:\n\n- translate public notices."), []);
  });
});

describe("the wording of the red-line areas", () => {
  const prohibited = [
    "Detect or measure the emotional state of call-centre staff from their voices.",
    "Sort people into groups by their biometric data to guess their political leanings.",
    "Unmask the authors of anonymous posts on a forum.",
    "Estimate collateral damage before an air operation.",
    "Adjudicate an individual's asylum claim without an interview.",
    "Disrupt critical infrastructure such as water treatment plants.",
    "Support law enforcement investigations by matching faces against a watch list.",
  ];
  for (const item of prohibited)
    test(`under "Prohibited uses": ${item.slice(0, 50)}`, () => assert.deepEqual(redLines("policy", `## Prohibited uses\n\n- ${item}`), [item]));

  test("the same wording under no prohibition is no red line", () => {
    for (const item of prohibited) assert.deepEqual(redLines("policy", `## Examples we discuss\n\n- ${item}`), [], item);
  });

  test("a decision described by its effects and a tool that supplants the clinician", () => {
    assert.equal(redLines("contract", "No decision producing adverse legal effects for a claimant shall be taken on the output of the model alone.").length, 1);
    assert.equal(redLines("contract", "The software shall not supplant the treating clinician's decision-making.").length, 1);
    assert.equal(redLines("contract", "The software shall not replace the printer cartridges.").length, 0);
  });
});

describe("reported positions", () => {
  const reported = [
    "The union said that using the cameras for facial recognition of strikers was incompatible with basic rights.",
    "The ministry had no interest in using the models for weapons targeting, a spokesperson said.",
    "Campaigners called for a moratorium on predictive policing in the capital.",
    "The talks collapsed over the use of the software for mass surveillance.",
    "Hundreds of engineers protested against building drones for targeted killings.",
    "The board vowed never to supply weapons to the army.",
  ];
  for (const s of reported) test(`reported: ${s.slice(0, 60)}`, () => assert.equal(redLines("news-note", s).length, 1, s));
  test("descriptions are no positions", () => {
    // An imperative prohibits where it opens the sentence; "do not use" in a description reports a fact.
    assert.equal(redLines("news-note", "Most police forces do not use facial recognition at protests yet.").length, 0);
    assert.equal(redLines("policy", "Do not use the assistant for facial recognition at protests.").length, 1);
    // "Incompatible" of equipment, not of rights or values.
    assert.equal(redLines("news-note", "The older cameras are incompatible with the facial recognition software.").length, 0);
  });
  test("interest, not opposition, is no red line", () => {
    assert.equal(redLines("news-note", "The ministry showed great interest in using the models for weapons targeting.").length, 0);
  });
});

describe("loopholes inside red lines", () => {
  test("an intent test with two purpose words, and an exception after the prohibition", () => {
    const lead = "Agencies are prohibited from using AI with the intent or purpose to:\n\n- read the emotional state of job applicants, except for a documented medical reason.";
    const l = loopholes("policy", lead);
    assert.ok(l.includes("with the intent or purpose to"), l.join(" | "));
    assert.ok(l.some((q) => q.startsWith("except for a documented medical reason")), l.join(" | "));
  });

  test("scope words: untargeted, a final determination", () => {
    assert.ok(loopholes("contract", "The cameras shall not be used for facial recognition in an untargeted way.").includes("untargeted"));
    assert.ok(
      loopholes("policy", "## Prohibited uses\n\n- Render a final determination on an applicant's visa eligibility.").some((q) => q.includes("final determination")),
    );
  });

  test("deference to another instrument and to the law", () => {
    const a = loopholes("contract", "The Supplier shall not use the Service for tracking of employees, without prejudice to Article 6 of the Regulation.");
    assert.ok(a.some((q) => q.startsWith("without prejudice to Article")), a.join(" | "));
    // As an opener, it leaves the instrument beside the prohibition, which prevails.
    assert.deepEqual(loopholes("contract", "Without prejudice to Regulation 2016/679, the Supplier shall not use the Service for tracking of employees."), []);
    const b = loopholes("contract", "The Supplier shall not monitor residents unless required or authorised by law.");
    assert.ok(b.some((q) => q.startsWith("unless required or authorised by law")), b.join(" | "));
    // "without prejudice to any other right" defers to nothing.
    assert.deepEqual(loopholes("contract", "Without prejudice to its other rights, the Buyer forbids the tracking of residents."), []);
  });

  test("a negation inside a deference qualifies the limit; it does not lift it", () => {
    const body = "The Supplier shall not track the location of tenants for the police, except where not prohibited by applicable law.";
    assert.equal(redLines("contract", body).length, 1);
    assert.ok(loopholes("contract", body).some((q) => q.includes("not prohibited by applicable law")), loopholes("contract", body).join(" | "));
    // A carve-out that lifts the limit still does.
    assert.equal(redLines("contract", "This policy does not prohibit the tracking of tenants.").length, 0);
  });

  test("a safeguard that may come after the use", () => {
    const l = loopholes("contract", "Remote biometric identification shall not be used without a judge's authorisation, obtained in advance or without undue delay afterwards, by the court.");
    assert.ok(l.some((q) => q.startsWith("or without undue delay")), l.join(" | "));
  });

  test("exceptions that follow a ban, and promises to make exceptions", () => {
    const news = loopholes("news-note", "The deal brings a ban on live facial recognition, but with several exceptions for the search for missing children.");
    assert.ok(news.some((q) => q.startsWith("with several exceptions")), news.join(" | "));
    assert.deepEqual(loopholes("news-note", "The deal brings a ban on live facial recognition, with no exceptions for national security."), []);
    const policy = "## Prohibited uses\n\n- Tracking people without their consent.\n\nWe may grant exceptions to these rules for academic research.";
    assert.ok(loopholes("policy", policy).some((q) => q.startsWith("grant exceptions")), loopholes("policy", policy).join(" | "));
  });

  test("a permission of a red-line area in a document with red lines", () => {
    const limits = "## Prohibited uses\n\n- Tracking people without their consent.\n\n";
    assert.ok(loopholes("policy", `${limits}For selected ministries we may allow foreign intelligence work under a separate agreement.`).includes("may allow"));
    // A permission that names no red-line area reopens nothing (the one loophole is the item's own consent condition).
    assert.deepEqual(loopholes("policy", `${limits}We may allow teams to share prompts with each other.`), ["without their consent"]);
  });

  test("an opener the prohibition prevails over, and alternatives the limit names all of, are no loopholes", () => {
    assert.deepEqual(loopholes("contract", "Notwithstanding clause 2, the tool shall not deny medical treatment to a patient."), []);
    // A "no" before the topic starts the limit: a degree word after it qualifies it.
    assert.ok(loopholes("contract", "No decision with legal effects for an applicant may be taken on the basis of a profile made solely by software.").includes("solely"));
    assert.deepEqual(loopholes("contract", "The Supplier shall not use the data for ongoing or real-time tracking of employees."), []);
    assert.ok(loopholes("contract", "The Supplier shall not use the data for real-time tracking of employees.").includes("real-time"));
  });
});

describe("the editor's patch path follows a heading or lead-in to its items", () => {
  const FILLER = "The parties record here the background of this agreement in some detail. ".repeat(16);
  const comparable = (a: Analysis) => ({ findings: a.findings, facts: a.facts.map((f) => ({ ...f, words: undefined, hits: undefined })) });
  const base = [
    "# Services Agreement",
    FILLER,
    "## 1. Surveillance",
    "1.1 The Supplier shall not use the Service for mass surveillance of residents.",
    FILLER,
    "## 4. Prohibited uses",
    "- Following the whereabouts of tenants.",
    FILLER,
    "The Service must not be used to:",
    "",
    "- compile dossiers on tenants' associations;",
    "- send rent reminders.",
    FILLER,
  ].join("\n\n");
  const cases: [string, string][] = [
    ["## 4. Prohibited uses", "## 4. Permitted uses"],
    ["The Service must not be used to:", "The Service may be used to:"],
    ["The Service must not be used to:", "The Service must not be used to."],
    ["- compile dossiers", "    - compile dossiers"],
  ];
  const duty = [
    "# Services Agreement",
    FILLER,
    "## 1. Surveillance",
    "1.1 The Supplier shall not use the Service for mass surveillance of residents.",
    FILLER,
    "(c) The Supplier shall ensure all of the following:",
    "(A) The Service does not take decisions on benefits without a caseworker.",
    FILLER,
  ].join("\n\n");
  cases.push(["(c) The Supplier shall ensure all of the following:", "(c) The Supplier records all of the following:"]);
  cases.push(["(A) The Service does not", "(a) The Service does not"]);
  for (const [from, to] of cases)
    test(`${from} → ${to}`, () => {
      const text = from.startsWith("(") ? duty : base;
      const after = text.replace(from, to);
      for (const [a, b] of [[text, after], [after, text]]) {
        const incremental = new IncrementalAnalyzer();
        incremental.analyze(a);
        const edited = incremental.analyze(b);
        const full = analyze(b);
        assert.deepEqual(comparable(edited), comparable(full));
      }
      assert.notDeepEqual(redLines("contract", text), redLines("contract", after), "the edit changes the red lines");
    });
});
