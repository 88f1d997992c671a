import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze, type TermId } from "../server/src/engine";

// Sovereignty terms said in plain words, in any form of the verb (the probe set
// test/corpus-probe-terms measures the same phenomena on whole documents). Every sentence
// here is our own and differs from the probe's.

function contract(body: string): string {
  return `---\nkind: contract\n---\n\n# Test agreement\n\n${body}\n`;
}

function analysed(body: string) {
  const a = analyze(contract(body));
  const sovereignty = a.findings.filter((f) => f.category === "sovereignty");
  return { present: a.presentTerms, reported: new Set(sovereignty.map((f) => f.term)), count: sovereignty.length };
}

describe("plain-word commitments make their term present", () => {
  const commitments: [TermId, string][] = [
    // Exit: returning or erasing at the end, verb in any form, either order.
    ["exit-strategy", "Once the subscription has expired, the Operator gives back all records it holds for the Board."],
    ["exit-strategy", "The Vendor shall wipe the Board's datasets from its own storage on termination."],
    ["exit-strategy", "At the end of the engagement the Operator returned the logs to the Council and shredded the rest."],
    ["exit-strategy", "The Contractor shall purge the Council's files from all of its servers, including disaster recovery media."],
    // Residency: keeping or running somewhere, any form of the verb; a province or the national soil as the place.
    ["data-residency", "The Operator is keeping patient information inside the province at all times."],
    ["data-residency", "The Bureau's records are to be retained on national soil."],
    ["data-residency", "The Vendor runs the service exclusively from its two Leipzig and Dresden sites."],
    // Any named place (the <place> token), with more verbs of moving and doing.
    ["data-residency", "The Provider shall not migrate the Ministry's tenancy to any facility outside Estonia."],
    ["data-residency", "Storage of the Department's backups is confined to sites located in Ontario."],
    ["data-residency", "All data processing is performed inside Finland."],
    ["jurisdiction", "Any dispute between the parties shall be arbitrated in Geneva."],
    // Exit to an incoming provider; audit, personnel and subcontracting in other words.
    ["exit-strategy", "On expiry the Contractor shall brief the incoming supplier and hand over the runbooks."],
    ["audit-rights", "The Department may make unannounced visits to any site where its records are processed."],
    ["personnel", "Contractors with administrator rights must pass a criminal background check before they start."],
    ["subcontracting", "The Vendor may not entrust the processing to any external company unless the Council agrees in writing."],
    // Data-protection law's words for a sub-processor.
    ["subcontracting", "The Processor shall not engage another processor without the Controller's prior written authorisation."],
    ["subcontracting", "The Processor shall not appoint any other processor unless the Controller has approved it in writing."],
    // The archive as the data; taking it out of a country; "comes to an end"; a cloud run by a domestic operator.
    ["data-residency", "No part of the photo archive may be taken out of Denmark."],
    ["exit-strategy", "Once the engagement comes to an end the Vendor shall ship the archive back to the Museum."],
    ["human-oversight", "The Agency's case files are kept in a cloud operated by a national provider."],
    // Erasure told after the end, a successor to work with, a foreign court, a parent's seat, overriding an answer.
    ["exit-strategy", "After expiry, the Council's records held by the Vendor will be wiped."],
    ["exit-strategy", "The outgoing Contractor shall liaise with any incoming contractor on the transfer of open cases."],
    ["foreign-law-exposure", "The Vendor shall resist any attempt by a foreign intelligence agency to obtain the Ministry's data."],
    ["jurisdiction", "The Supplier's parent company is registered in Ireland."],
    ["human-oversight", "Caseworkers may override the model's score for any applicant."],
    ["data-residency", "The order form shall name the country where the backups are hosted."],
    // Data protection under its other names and in its usual duties.
    ["data-protection", "The Contractor shall process personally identifiable information only under the written instructions of the Department."],
    ["data-protection", "The Contractor shall maintain technical and organizational controls that protect the Department's data against loss."],
    // Foreign law named by what it does.
    ["foreign-law-exposure", "The Vendor confirms that it is not answerable to Chinese disclosure demands."],
    // Human review by a qualified person named with more words.
    ["human-oversight", "Each recommendation of the model shall be approved by a licensed social work practitioner before any action is taken."],
  ];
  for (const [term, s] of commitments)
    test(`${term}: ${s.slice(0, 70)}`, () => {
      const r = analysed(s);
      assert.ok(r.present.has(term), `${term} should be present after: ${s} (present: ${[...r.present].join(", ")})`);
    });
});

describe("the same words without the commitment", () => {
  test("a permission to move data anywhere is reported but does not make residency present", () => {
    const r = analysed("The Agency's data may be relocated to any region worldwide at the Vendor's choice.");
    assert.ok(r.reported.has("data-residency"));
    assert.ok(!r.present.has("data-residency"));
  });
  test("a permission to engage another processor at will does not make subcontracting present", () => {
    const r = analysed("The Processor may engage another processor at its sole discretion and without notice.");
    assert.ok(!r.present.has("subcontracting"));
  });
  test("a waiver of return at the end does not make the exit term present", () => {
    const r = analysed("The Operator need not give back any records when the agreement ends, and has no obligation to do so.");
    assert.ok(!r.present.has("exit-strategy"));
  });
  test("erasure at the end with export denied is the opposite of an exit, not an exit", () => {
    const r = analysed("Trained adapters are not exportable, and on expiry they are erased along with all Customer records.");
    assert.ok(r.reported.has("exit-strategy"));
    assert.ok(!r.present.has("exit-strategy"));
  });
  test("a place as the field of a superlative ranks a provider and says nothing about where data is", () => {
    assert.ok(!analysed("Nimbus calls its Frankfurt zone the fastest cloud region in Germany.").reported.has("data-residency"));
    assert.ok(analysed("The fastest-growing share of Customer Data is hosted in Germany.").present.has("data-residency"));
  });
  test("moving goods abroad is not data residency", () => {
    assert.ok(!analysed("The Supplier may ship spare parts outside the Union.").reported.has("data-residency"));
  });
  const unrelated = [
    "After termination, the Customer shall return the loaned equipment to the Supplier's warehouse.",
    "The Supplier shall return the signed order form within five working days.",
    "The courier may send the parcels abroad by air.",
    "Our head of sales runs the quarterly meetings from the London office.",
    "The Board shall remove the chair from office by a majority vote.",
    "The Company is subject to American accounting standards.",
    "Our sales office is located in Madrid.",
    "Upon termination, each party shall return all copies of the other party's confidential information.",
    "The agreement binds the parties and their successors and assigns.",
    "The visitors took the brochures out of the box.",
    "At the end of the meeting the chair handed out the agenda.",
    "Employees shall check the invoices against the purchase order.",
    "The Customer may pass the invoice to its finance department.",
  ];
  for (const s of unrelated)
    test(`no sovereignty term: ${s.slice(0, 70)}`, () => {
      const r = analysed(s);
      assert.equal(r.count, 0, `no sovereignty finding expected in: ${s} (got ${[...r.reported].join(", ")})`);
    });
});

describe("stated needs in news: turning the service off, foreign hands, a provider failing", () => {
  const news = (body: string) => `---\nkind: news-note\n---\n\n# Cloud deal\n\n${body}\n`;
  const terms = (body: string) => new Set(analyze(news(body)).findings.filter((f) => f.category === "sovereignty").map((f) => f.term));
  test("switching the platform off", () => assert.ok(terms("The army wants to be able to switch off the platform on its own.").has("human-oversight")));
  test("foreign hands", () => assert.ok(terms("Officials fear the tax records could fall into foreign hands.").has("foreign-law-exposure")));
  test("foreign approval", () => assert.ok(terms("The region must be able to run the service without American permission, the minister said.").has("foreign-law-exposure")));
  test("a provider failing, as a plan", () => assert.ok(terms("Nobody has said what becomes of the archive should the provider become insolvent.").has("exit-strategy")));
  test("a provider that failed, as news, is no exit term", () => assert.ok(!terms("The hosting firm became insolvent last spring.").has("exit-strategy")));
});

describe("claims: unnamed sources in other words, and forecasts as adverbs", () => {
  const news = (body: string) => `---\nkind: news-note\n---\n\n# Cloud deal\n\n${body}\n`;
  const claims = (body: string) => analyze(news(body)).findings.filter((f) => f.category === "claim");
  for (const s of [
    "Sector insiders reckon the tender will be re-run next year.",
    "Opposition figures warned that the platform would leave the country dependent on one vendor.",
    "Those familiar with the bid said the price had been cut twice.",
    "A leaked set of minutes shows the board rejected the offer.",
    "The regulator would probably approve the merger by spring.",
  ])
    test(`a claim: ${s}`, () => assert.equal(claims(s).length, 1, s));
  for (const s of ["Digital minister Ana Costa said the tender would be re-run next year.", "The trade association published its membership list on Monday.", "Those involved in the pilot received two days of training."])
    test(`not a claim: ${s}`, () => assert.equal(claims(s).length, 0, s));
});

describe("what an exit term leaves open", () => {
  test("data made available for download in a machine-readable format is the return of the data", () => {
    const a = analyze(contract("On termination the Provider shall make all Customer Content available for download in a machine-readable format for sixty days."));
    const exit = a.findings.find((f) => f.category === "sovereignty" && f.term === "exit-strategy");
    assert.ok(exit, "an exit term");
    assert.match(exit.message, /Leaves open: an exit plan; transition assistance; deletion\./);
  });
});
