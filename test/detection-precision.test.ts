import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze, type DocumentKind } from "../server/src/engine";

// Precision on documents written by others: structure that is not prose, mentions that are not
// commitments, and the kinds of document that owe no terms. Our own sentences throughout.

function doc(kind: DocumentKind, body: string): string {
  return `---\nkind: ${kind}\n---\n\n# Test document\n\n${body}\n`;
}
function found(kind: DocumentKind, body: string) {
  const text = doc(kind, body);
  return analyze(text).findings.map((f) => ({ category: f.category, rule: f.rule, term: f.term, quote: text.slice(f.start, f.end) }));
}

describe("a clause number a converter escaped is structure, not a sentence", () => {
  test("'4\\.' before a clause or a list item is never a finding of its own", () => {
    const bodies = [
      "**4\\. Ownership of Content.** You keep the rights you have in the prompts you submit.",
      "4\\. Ownership of Content. You keep the rights you have in the prompts you submit.",
      "You may not use the service:\n\n*   3\\. To follow protesters across the city with cameras;\n*   4\\. For social scoring of tenants.",
      "## 4\\. Ownership of Content\n\nYou keep the rights you have in the prompts you submit.",
    ];
    for (const body of bodies) {
      const bare = found("contract", body).filter((f) => !/\p{L}/u.test(f.quote));
      assert.deepEqual(bare, [], body);
    }
  });

  test("the item after an escaped number is read whole", () => {
    const body = "You may not use the service:\n\n*   3\\. To follow protesters across the city with cameras;\n*   4\\. To draft replies to customer emails.";
    const redLines = found("policy", body).filter((f) => f.category === "red-line").map((f) => f.quote);
    assert.ok(redLines.includes("To follow protesters across the city with cameras;"), redLines.join(" | "));
    assert.ok(!redLines.some((q) => q.includes("customer emails")));
  });

  test("an escaped number inside a sentence stays prose", () => {
    const text = doc("contract", "Clause 4\\. of the annex governs. The supplier shall keep all customer data in data centres located in Belgium.");
    const { findings } = analyze(text);
    assert.ok(findings.some((f) => f.term === "data-residency" && text.slice(f.start, f.end).includes("Belgium")));
  });
});

describe("terms present in the plain words of public-sector clauses", () => {
  const missing = (body: string) => found("contract", body).filter((f) => f.category === "missing-term").map((f) => f.term);

  test("a place before the data it keeps: 'maintain within the United States all agency data'", () => {
    assert.ok(!missing("The Contractor shall maintain within the United States all agency data that is not held on agency premises.").includes("data-residency"));
    assert.ok(!missing("The provider shall store inside the European Union all backups of customer records.").includes("data-residency"));
    // A place and data in one sentence, with no keeping verb, is not a residency term.
    assert.ok(missing("The Contractor shall report within the United States any incident affecting agency data.").includes("data-residency"));
  });

  test("handing over all the data in a stated format, and a certificate of disposal, are exit terms", () => {
    assert.ok(!missing("The Contractor shall deliver to the agency all agency data in the format the order specifies.").includes("exit-strategy"));
    assert.ok(!missing("The Contractor shall dispose of agency data under the closeout procedure and provide a certificate of disposal.").includes("exit-strategy"));
    assert.ok(!missing("After expiry the agency keeps access to its records for six months (the \"Transition Period\").").includes("exit-strategy"));
    // Data handed over during the contract, with no format, end or disposal, is no exit term.
    assert.ok(missing("The Contractor shall give the agency a monthly report on the use of the service.").includes("exit-strategy"));
  });
});

describe("a name built from a term's words is not a commitment", () => {
  const terms = (kind: DocumentKind, body: string) => found(kind, body).filter((f) => f.category === "sovereignty").map((f) => `${f.term}: ${f.quote}`);

  test("items that complete a processor's lead-in name a breach, an assessment or the people concerned", () => {
    const body = [
      "The processor shall help the controller meet its duties under the regulation by being ready to:",
      "",
      "1.  describe the personal data breach, with the kinds and rough number of data subjects concerned;",
      "2.  run data protection impact assessments where the controller needs them;",
      "3.  tell the data subject about a breach when the law calls for it.",
    ].join("\n");
    // The lead-in (processor and controller) is the commitment; its items name what it covers.
    assert.deepEqual(terms("contract", body), ["data-protection: The processor shall help the controller meet its duties under the regulation by being ready to:"]);
  });

  test("a market named after a deployment model deploys nothing; a duty to use one does", () => {
    assert.deepEqual(terms("news-note", "Two local firms also applied to provide government cloud services to the ministries."), []);
    assert.deepEqual(terms("contract", "The supplier shall host the system on a government cloud accredited by the agency."), [
      "human-oversight: The supplier shall host the system on a government cloud accredited by the agency.",
    ]);
  });

  test("the same names in a clause with a duty of its own, or beside a limit on the data, are a term", () => {
    assert.deepEqual(terms("contract", "The processor shall report any personal data breach to the controller within a day."), [
      "data-protection: The processor shall report any personal data breach to the controller within a day.",
    ]);
    assert.deepEqual(terms("contract", "The supplier will run a data protection impact assessment before each release."), [
      "data-protection: The supplier will run a data protection impact assessment before each release.",
    ]);
    // A fragment whose other words commit to the data itself stays a term.
    assert.equal(terms("contract", "Limits on use:\n\n- personal data never sold to brokers, whatever the breach.").length > 0, true);
  });
});

describe("sovereignty obligations in plain words", () => {
  const termsOf = (kind: DocumentKind, sentence: string) => [...new Set(found(kind, sentence).filter((f) => f.category === "sovereignty").map((f) => f.term))];

  test("the entity a service comes from and the law it works under", () => {
    assert.deepEqual(termsOf("policy", "Customers in Canada receive the service from Maple Cloud Inc., a Canadian company operating under Ontario law."), ["jurisdiction"]);
    assert.deepEqual(termsOf("news-note", "The plan is a cloud built entirely under Spanish and European jurisdictions."), ["jurisdiction"]);
    // Operating under a licence or under pressure is no law or jurisdiction.
    assert.deepEqual(termsOf("news-note", "The startup has been operating under heavy pressure since the spring."), []);
  });

  test("continuity when the provider stops, and moving to someone else", () => {
    assert.deepEqual(termsOf("contract", "If the agency is no longer able to run the portal, it will tell every client a year ahead."), ["exit-strategy"]);
    assert.deepEqual(termsOf("contract", "The vendor may discontinue the service only after giving the customer twelve months' notice."), ["exit-strategy"]);
    assert.deepEqual(termsOf("policy", "(ii) letting the bank migrate to another cloud provider or bring the work in-house."), ["exit-strategy"]);
    assert.deepEqual(termsOf("policy", "Who owns the trained weights once the contract ends?"), ["exit-strategy"]);
    // Still able to operate; a move to a new office; ownership during the contract: none is an exit term.
    assert.deepEqual(termsOf("contract", "The agency remains able to run the portal on weekends."), []);
    assert.deepEqual(termsOf("news-note", "The team will move to a new office in the spring."), []);
  });

  test("residency in a hosting list, oversight by natural persons, a deployment default", () => {
    assert.deepEqual(termsOf("contract", "- **Norway**: solely in the Norwegian region"), ["data-residency"]);
    assert.deepEqual(termsOf("policy", "Each match shall be checked and confirmed by at least two natural persons before any action."), ["human-oversight"]);
    assert.deepEqual(termsOf("policy", "Departments should default to the public cloud and use other hosting only where that is impossible."), ["human-oversight"]);
    assert.deepEqual(termsOf("policy", "Each invoice shall be checked by the finance team before payment."), []);
  });

  test("telling users about demands for their data; not sharing their data", () => {
    assert.deepEqual(termsOf("policy", "We notify account holders of pending legal requests for their records unless a court forbids it."), ["foreign-law-exposure"]);
    assert.deepEqual(termsOf("policy", "We never sell information about you to advertisers."), ["data-protection"]);
    assert.deepEqual(termsOf("policy", "We notify account holders of planned maintenance."), []);
    assert.deepEqual(termsOf("policy", "We do not share information about you with other agencies without your consent."), ["data-protection"]);
    assert.deepEqual(termsOf("policy", "We do not share the office with other teams."), []);
    // A party's confidential information is confidentiality, not data protection.
    assert.deepEqual(termsOf("contract", "The receiving party shall not disclose the other party's confidential information to any third party."), []);
  });
});

describe("a contract's preamble names the agreement; it commits to nothing", () => {
  const sovereignty = (body: string) => found("contract", body).filter((f) => f.category === "sovereignty").map((f) => f.quote);

  test("a term word in the agreement's name is no term", () => {
    assert.deepEqual(sovereignty("This Source Code Escrow Agreement is entered into by and between Acme Ltd, of Leeds, and Beta plc."), []);
    assert.deepEqual(sovereignty("This Exit Services Agreement is made on 1 May 2026 between the Ministry and Gamma GmbH."), []);
  });

  test("a sentence that says where the agreement was made and which law governs it is a term", () => {
    const sentence = "This Agreement was entered into in the State of Ohio and is governed by the laws of Ohio.";
    assert.deepEqual(sovereignty(sentence), [sentence]);
  });
});

describe("returning what is the buyer's, not what a licence lent", () => {
  const exit = (sentence: string) => found("contract", sentence).some((f) => f.category === "sovereignty" && f.term === "exit-strategy");

  test("the buyer's data, files or copies handed back are an exit term", () => {
    assert.ok(exit("On expiry the supplier shall return all customer files and copies to the council."));
    assert.ok(exit("The provider will hand back the agency's documents within ten days of termination."));
    assert.ok(exit("The processor shall return all personal data and any copies of it."));
  });

  test("a licensee handing back the licensor's materials is no exit term", () => {
    assert.ok(!exit("When the licence ends the reseller shall return all training manuals, including any copies."));
    assert.ok(!exit("The distributor shall return all brochures and documents it received from the brand owner."));
  });
});
