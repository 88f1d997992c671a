import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze, type Category, type DocumentKind } from "../server/src/engine";

// Our own sentences, phrased differently from the labelled dev sets, for each rule family.

function doc(kind: DocumentKind, body: string): string {
  return `---\nkind: ${kind}\n---\n\n# Test document\n\n${body}\n`;
}

/** Categories found in the sentence (or phrase spans for loopholes). */
function found(kind: DocumentKind, body: string) {
  const text = doc(kind, body);
  const a = analyze(text);
  return a.findings.map((f) => ({ category: f.category, rule: f.rule, term: f.term, quote: text.slice(f.start, f.end) }));
}
const categories = (kind: DocumentKind, body: string) => new Set(found(kind, body).map((f) => f.category));
const has = (kind: DocumentKind, body: string, c: Category) => categories(kind, body).has(c);
const loopholes = (kind: DocumentKind, body: string) => found(kind, body).filter((f) => f.category === "loophole").map((f) => f.quote);
const terms = (kind: DocumentKind, body: string) => found(kind, body).filter((f) => f.category === "sovereignty").map((f) => f.term);

describe("red lines", () => {
  const redLines = [
    "The Contractor shall not use the System for facial recognition of members of the public.",
    "No use of the Service for real-time remote biometric identification is permitted.",
    "The Customer must never deploy the models to select targets for lethal strikes.",
    "Prohibited uses include the social scoring of residents and the profiling of asylum-seekers.",
    "The Licensee may not use the Software to develop weapons.",
    "Outputs will not be used to decide on welfare eligibility without human review.",
    "The Contractor shall ensure that the System is not used for inferring the emotions of employees.",
    "The Deliverables must not be used for the classification of natural persons based on their social behaviour.",
  ];
  for (const s of redLines) test(`prohibition: ${s.slice(0, 60)}`, () => assert.ok(has("contract", s, "red-line"), s));

  const notRedLines = [
    "The contract does not prohibit surveillance of employees.",
    "Nothing in this Agreement prevents the Customer from using the Service to monitor communications.",
    "There is no ban on autonomous weapons in the agreement.",
    "Surveillance of citizens raises serious risks for democracy.",
    "The Buyer may use the Service to summarise public consultation responses.",
    "The Supplier shall not be liable for indirect losses.",
    "Staff were not allowed to make operational decisions.",
    "The Supplier shall not be required to monitor the content of users' communications.",
  ];
  for (const s of notRedLines) test(`not a red line: ${s.slice(0, 60)}`, () => assert.ok(!has("contract", s, "red-line"), s));

  test("a reported red line in a news note counts", () => {
    assert.ok(has("news-note", "The company refused to let its models be used for the mass surveillance of Americans, the letter shows.", "red-line"));
    assert.ok(has("news-note", 'The minister said the system "will never be used to track protesters."', "red-line"));
  });

  test("list items inherit the prohibition that introduces them", () => {
    const body = "The Services must not be used for:\n\n- the mass surveillance of residents;\n- selecting targets for strikes; or\n- translating press releases.";
    const f = found("contract", body).filter((x) => x.category === "red-line").map((x) => x.quote);
    // The lead-in prohibits in its own words, so it is a red line too (on its items' topics).
    assert.deepEqual(f, ["The Services must not be used for:", "the mass surveillance of residents;", "selecting targets for strikes; or"]);
    const permitted = "The Services may be used for:\n\n- the mass surveillance of residents.";
    assert.ok(!has("contract", permitted, "red-line"));
  });
  test("a prohibition pointing back at a red-line clause is one too", () => {
    const body = "## 3. Restrictions\n\n3.1 The Services must not be used for predictive policing.\n\n3.2 The Supplier will not knowingly assist any use that breaches this clause.";
    const f = found("contract", body).filter((x) => x.category === "red-line");
    assert.equal(f.length, 2);
  });
});

describe("loopholes", () => {
  test("intent tests, protected classes and deference inside a red line", () => {
    const l = loopholes("news-note", "The agreement says the models will not be knowingly used for surveillance of U.S. persons, consistent with applicable law.");
    assert.deepEqual(l.sort(), ["U.S. persons", "consistent with applicable law", "knowingly"].sort());
  });
  test("a conditional carve-out is covered up to the end of its clause", () => {
    const l = loopholes("contract", "The Service shall not be used to engage targets unless the commander authorises it in writing, and all use is logged.");
    assert.deepEqual(l, ["unless the commander authorises it in writing"]);
  });
  test("a permission for all lawful purposes in a document with red lines", () => {
    const body = "The Department may use the models for all lawful purposes.\n\nThe models shall not be used for mass domestic surveillance.";
    assert.deepEqual(loopholes("contract", body), ["all lawful purposes"]);
  });
  test("residency carve-outs qualify only a residency promise", () => {
    assert.deepEqual(loopholes("contract", "Customer Data is stored in the EU, but support logs may be transferred to the United States."), ["may be transferred"]);
    assert.deepEqual(loopholes("contract", "Support logs may be transferred to the Supplier's help desk."), []);
  });
  test("a degree word before the prohibition does not qualify it", () => {
    assert.deepEqual(loopholes("contract", "The Service shall be used exclusively for translation and shall not be used for the surveillance of staff."), []);
    assert.deepEqual(loopholes("contract", "The Service shall not be used solely to decide on welfare benefits."), ["solely"]);
  });
  test("a 'nothing in this clause restricts' sentence after red lines is a carve-out", () => {
    const body = "The System shall not be used for predictive policing.\n\nNothing in this clause restricts the Authority's use of the System for law-enforcement purposes.";
    assert.deepEqual(loopholes("contract", body), ["Nothing in this clause restricts the Authority's use of the System for"]);
  });
  test("ordinary contract words are not loopholes", () => {
    assert.deepEqual(loopholes("contract", "Except as set out in Schedule 2, all fees are payable in advance."), []);
    assert.deepEqual(loopholes("contract", "This Agreement is governed by the laws of Ireland, unless otherwise agreed."), []);
  });
});

describe("sovereignty terms", () => {
  const cases: [string, string][] = [
    ["The Supplier shall not store or process Customer Data outside the United Kingdom.", "data-residency"],
    ["All workloads are hosted in Germany.", "data-residency"],
    ["On exit, the Provider shall repatriate the Authority's data to a successor provider of its choice.", "exit-strategy"],
    ["The Supplier shall provide termination assistance services for six months.", "exit-strategy"],
    ["The Contractor shall deliver all Government data back to the Agency in a machine-readable format at contract end.", "exit-strategy"],
    ["The Authority may conduct audits of the Supplier's data centres on reasonable notice.", "audit-rights"],
    ["Disputes shall be settled by the courts of Luxembourg, which have exclusive jurisdiction.", "jurisdiction"],
    ["The Provider shall resist any disclosure order issued under the CLOUD Act.", "foreign-law-exposure"],
    ["Only security-cleared engineers resident in France may access the production systems.", "personnel"],
    ["The Processor shall not engage another processor without the prior written authorisation of the Controller.", "data-protection"],
    ["The Supplier shall not subcontract any part of the Services without the Buyer's consent.", "subcontracting"],
    ["The system runs exclusively on-premises in the Ministry's own data centre.", "human-oversight"],
    ["Customer Data shall not leave the European Union.", "data-residency"],
    ["The Authority has full audit rights over the Service.", "audit-rights"],
    ["Only EU-resident engineers may operate the platform.", "personnel"],
    ["The Provider must be headquartered in the EU.", "jurisdiction"],
    ["This Agreement shall be interpreted under Texas law.", "jurisdiction"],
    ["The laws of the State of New York shall apply to this Agreement.", "jurisdiction"],
    ["This Agreement is subject to the laws of England.", "jurisdiction"],
    ["The Licensor shall deposit the Deposit Materials with the agent every quarter.", "exit-strategy"],
  ];
  for (const [s, term] of cases) test(`${term}: ${s.slice(0, 50)}`, () => assert.ok(terms("contract", s).length > 0, s));

  const notSovereignty = [
    "Licensor grants Licensee a non-exclusive licence to use the Marks in the Territory.",
    "Each party's aggregate liability shall not exceed the fees paid in the prior twelve months.",
    "The Supplier shall maintain public liability insurance of at least EUR 5 million.",
    "The Distributor shall inspect each shipment of Products on delivery.",
    "The Licensee shall comply with all applicable laws in performing this Agreement.",
  ];
  for (const s of notSovereignty) test(`not sovereignty: ${s.slice(0, 50)}`, () => assert.deepEqual(terms("contract", s), [], s));
});

describe("claims", () => {
  const claims = [
    "The deal is worth about 200 million dollars, according to people briefed on the talks.",
    "A senior official, speaking on condition of anonymity, said the talks had stalled.",
    "The provider allegedly shared data with a foreign agency.",
    "The chief executive later said he had misspoken when he promised access to every network.",
    "The agency is expected to sign the contract next month.",
    "Downloads of the rival app jumped 295% over the weekend.",
    "It is the largest AI contract ever signed by a European government.",
    "The ministry has already paid the first instalment, according to media reports.",
    "Whether other agencies will follow remains to be seen.",
    "The ruling could force other ministries to renegotiate their contracts.",
  ];
  for (const s of claims) test(`claim: ${s.slice(0, 60)}`, () => assert.ok(has("news-note", s, "claim"), s));

  const notClaims = [
    "The ministry published the award notice on 3 March.",
    "A spokesperson for the agency said the contract runs for four years.",
    "Downloads rose 40% in a week, according to figures published by [the regulator](https://example.org/stats).",
    "The minister told parliament that the budget for hospitals grows by 4% next year.",
    "The provider could not be reached for comment.",
  ];
  for (const s of notClaims) test(`not a claim: ${s.slice(0, 60)}`, () => assert.ok(!has("news-note", s, "claim"), s));

  test("the statement a later sentence retracts is a claim too", () => {
    const body = 'The chief executive said the models would run on every network of the alliance.\n\nHe later said he had misspoken.\n\nThe contract was signed in March.';
    const c = found("news-note", body).filter((f) => f.category === "claim").map((f) => f.quote);
    assert.deepEqual(c, ["The chief executive said the models would run on every network of the alliance.", "He later said he had misspoken."]);
  });
  test("contracts get no claim findings", () => {
    assert.ok(!has("contract", "The Supplier reportedly holds the largest share of the market.", "claim"));
  });
});

describe("missing terms", () => {
  test("a contract without exit and residency terms gets both, on the title", () => {
    const text = doc("contract", "1.1 The Supplier shall provide the Service.\n\n1.2 The Customer shall pay the fees.");
    const missing = analyze(text).findings.filter((f) => f.category === "missing-term");
    assert.deepEqual(missing.map((f) => f.term).sort(), ["data-residency", "exit-strategy"]);
    for (const f of missing) assert.equal(text.slice(f.start, f.end), "# Test document");
  });
  test("unusually phrased exit and residency terms count as present", () => {
    const text = doc(
      "contract",
      "1.1 At the end of the term the Supplier shall give the Buyer a copy of all of its data and help it move to a new provider.\n\n1.2 The platform is hosted in Germany.",
    );
    assert.deepEqual(analyze(text).findings.filter((f) => f.category === "missing-term"), []);
  });
  test("news notes never get missing terms", () => {
    assert.ok(!has("news-note", "The ministry signed a contract with the provider.", "missing-term"));
  });
});
