import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze, type TermId } from "../server/src/engine";
import { IncrementalAnalyzer } from "../server/src/engine/incremental";

// Sovereignty terms on our own sentences: plain-word obligations, term polarity (a commitment
// vs. a permission of the opposite) and the qualifiers inside sovereignty commitments.

function contract(body: string): string {
  return `---\nkind: contract\n---\n\n# Test agreement\n\n${body}\n`;
}

/** The sovereignty terms reported on the document's findings, and the terms it counts as present. */
function sovereignty(body: string) {
  const text = contract(body);
  const a = analyze(text);
  const findings = a.findings.filter((f) => f.category === "sovereignty");
  return { terms: new Set(findings.map((f) => f.term)), present: a.presentTerms, messages: findings.map((f) => f.message), all: a.findings, text };
}
const missingTerms = (body: string) => new Set(sovereignty(body).all.filter((f) => f.category === "missing-term").map((f) => f.term));
const loopholes = (body: string) => {
  const { all, text } = sovereignty(body);
  return all.filter((f) => f.category === "loophole").map((f) => text.slice(f.start, f.end));
};

describe("term polarity: a permission of the opposite reports the term but does not make it present", () => {
  const permissions: [TermId, string][] = [
    ["subcontracting", "The Provider may engage subcontractors without notice to the Customer."],
    ["subcontracting", "We may appoint any sub-processor we choose, at our sole discretion."],
    ["data-residency", "The Supplier may transfer Customer Data to any country in which it or its affiliates operate."],
    ["data-residency", "Backups may be stored anywhere the Provider keeps infrastructure."],
    ["data-residency", "The Contractor may host the backups of Customer Data outside the European Union."],
    ["foreign-law-exposure", "The Vendor may comply with any lawful request from a foreign authority for access to Customer Data."],
    ["foreign-law-exposure", "The Provider is not required to tell the Customer about a government demand for disclosure of its data."],
    ["exit-strategy", "On termination the Supplier has no obligation to return or export the Customer's data."],
  ];
  for (const [term, s] of permissions)
    test(`permits the opposite (${term}): ${s.slice(0, 60)}`, () => {
      const r = sovereignty(s);
      assert.ok(r.terms.has(term), `${term} reported in: ${s}`);
      assert.ok(!r.present.has(term), `${term} must not be present after: ${s}`);
      assert.ok(r.messages.some((m) => /permits the opposite/.test(m)), r.messages.join(" | "));
    });

  const commitments: [TermId, string][] = [
    ["subcontracting", "The Provider may not engage subcontractors without the prior written approval of the Customer."],
    ["subcontracting", "The Provider shall give the Customer thirty days' notice before it appoints any new sub-processor."],
    ["data-residency", "The Supplier shall not transfer Customer Data to any country outside the European Economic Area."],
    ["data-residency", "Customer Data may be stored only in data centres located in Finland."],
    ["data-residency", "The Contractor may host backups outside the European Union only with the Customer's written consent."],
    ["foreign-law-exposure", "The Vendor shall challenge any request from a foreign authority for access to Customer Data and shall notify the Customer without delay."],
    ["exit-strategy", "On termination the Supplier shall return all Customer Data in an open format and then delete it."],
    // The protected party's own permission is the protection.
    ["audit-rights", "The Customer may access and audit the Supplier's premises at any time and without notice."],
    ["exit-strategy", "You may export your data without restriction when the contract ends."],
  ];
  for (const [term, s] of commitments)
    test(`commits (${term}): ${s.slice(0, 60)}`, () => {
      const r = sovereignty(s);
      assert.ok(r.present.has(term), `${term} present after: ${s}`);
      assert.ok(!r.messages.some((m) => /permits the opposite/.test(m)), r.messages.join(" | "));
    });

  test("a contract whose only residency clause permits transfers anywhere still lacks the term", () => {
    const body = "The Supplier may transfer Customer Data to any country in which it operates.\n\nThis Agreement is governed by the laws of Austria.";
    assert.ok(missingTerms(body).has("data-residency"));
    assert.ok(!missingTerms(body.replace("may transfer Customer Data to any country in which it operates", "shall store Customer Data only in Austria")).has("data-residency"));
  });
});

describe("sovereignty obligations in plain words", () => {
  const plain: [TermId, string][] = [
    ["exit-strategy", "When the subscription ends we will close the tenancy and all of the customer's data will be erased."],
    ["exit-strategy", "Upon expiry of the term, the processor shall, at the controller's choice, hand back or delete the personal data it holds."],
    ["exit-strategy", "The Integrator shall destroy all the customer data in its possession once the project is handed over."],
    ["exit-strategy", "The platform shall be built to be technically portable to another hosting provider."],
    ["jurisdiction", "The competent courts are the courts of Belgium."],
    ["jurisdiction", "Any dispute shall be finally settled by arbitration seated in Stockholm."],
    ["jurisdiction", "The Governing Law governs this Agreement and every claim arising from it."],
    ["data-residency", "Customer content is hosted on Google Cloud in the Frankfurt region."],
    ["data-residency", "Disaster-recovery copies are kept within the Republic of Ireland."],
    ["data-residency", "The ministry will run its records on a sovereign national cloud."],
    ["audit-rights", "The processor shall make available all information necessary to demonstrate compliance with this clause."],
    ["audit-rights", "The processor shall allow for and contribute to audits conducted by the controller."],
    ["subcontracting", "The Vendor shall inform the Buyer of any intended addition or replacement of sub-contractors."],
    ["subcontracting", "We require our sub-contractors to follow the same security procedures as we do."],
    ["personnel", "All support engineers must pass a criminal records check before they receive access."],
    ["personnel", "Maintenance is carried out by engineers in China under the supervision of escorts employed by the agency."],
    ["foreign-law-exposure", "No Customer Data shall be processed under a legal regime that is incompatible with the law of the Union."],
    ["foreign-law-exposure", "The operator shall take every measure to prevent third-country governmental access to data held in the Union."],
    ["data-residency", "The hosting partner shall not migrate the customer's instance out of the Nordic region."],
    ["jurisdiction", "Any claims between the parties shall be litigated before the courts in Vienna."],
    ["jurisdiction", "Disputes will be referred to binding arbitration under the Rules of the ICC."],
    ["jurisdiction", "The operator of the service shall be a legal entity registered in the European Union."],
    ["foreign-law-exposure", "The Provider shall inform the Customer of every order from a court or public authority to disclose its data."],
    ["foreign-law-exposure", "The operator must remain majority owned by shareholders who are EU nationals, so that no foreign parent controls the data."],
    ["subcontracting", "The Customer may object to a new sub-processor within fourteen days of the notice."],
    ["human-oversight", "An applicant may request human review of any decision the system recommends."],
    ["exit-strategy", "The provider will purge customer content from its systems within sixty days after the subscription ends."],
    ["audit-rights", "The Authority may audit the Contractor once in each contract year."],
    ["subcontracting", "The Supplier remains fully liable for the acts and omissions of its sub-processors."],
    ["data-residency", "The programme funds national data infrastructure for public bodies that hold health records."],
    ["human-oversight", "Transcription runs through Amazon Web Services in the Stockholm region."],
    ["human-oversight", "The Department will own and administer the cloud tenancy in which the service is built."],
    ["human-oversight", "Case files may be opened only on government-issued laptops."],
    ["exit-strategy", "The vendor shall push all source code it writes for the project to a repository the Council controls."],
    ["audit-rights", "The log shall be made available to the supervisory authority and to the national regulator on request."],
    ["audit-rights", "On request the vendor will make available the records needed to show that its processing complies with this addendum."],
  ];
  for (const [term, s] of plain)
    test(`${term}: ${s.slice(0, 60)}`, () => {
      const r = sovereignty(s);
      assert.ok(r.present.has(term), `${term} present in: ${s} (found ${[...r.present].join(", ")})`);
    });

  // Ordinary commercial clauses and narrative are not sovereignty terms.
  const notTerms: [TermId, string][] = [
    ["exit-strategy", "Upon termination the Distributor shall return all promotional materials and samples to the Company."],
    ["exit-strategy", "The definition covers personal computers, portable players and tablets."],
    ["data-residency", "The Contractor shall maintain insurance with insurers of internationally recognised standing."],
    ["jurisdiction", "The company said it would appeal the ruling of the district court."],
    ["data-protection", "A data protection specialist at the university said the outage showed the risk."],
    ["human-oversight", "Users must not try to get around the safety filters of the model."],
    // Ordinary commercial clauses: liability caps, licence grants, exclusivity, pricing, insurance, costs.
    ["data-residency", "Fees for the hosting services in the EU region are payable monthly in arrears."],
    ["audit-rights", "Each party shall bear its own costs, including the fees of its lawyers and auditors."],
    ["data-residency", "The Licensor grants the Licensee a non-exclusive, worldwide licence to use, copy and distribute the Software and its data files."],
    ["jurisdiction", "The Distributor shall be the exclusive distributor of the Products in France, Belgium and Luxembourg."],
    ["exit-strategy", "Either party may terminate this Agreement on ninety days' written notice, and fees paid are not refundable on termination."],
    ["audit-rights", "The Distributor shall have ten days to inspect each delivery of Products and to reject any that are defective."],
  ];
  for (const [term, s] of notTerms)
    test(`not ${term}: ${s.slice(0, 60)}`, () => {
      const r = sovereignty(s);
      assert.ok(!r.terms.has(term) && !r.present.has(term), `${term} must not be found in: ${s}`);
    });
});

describe("loopholes inside sovereignty commitments", () => {
  const qualified: [string, RegExp][] = [
    ["Customer Data is stored in Germany, but our support engineers may access it remotely from other countries.", /may access/i],
    ["Data will remain in the EEA, except that our sub-processors may process it in the United States.", /^except that/i],
    ["The Provider keeps all data in Canada unless otherwise agreed with the Customer.", /unless otherwise agreed/i],
    ["The Supplier shall refuse requests from foreign authorities for Customer Data unless required or authorised by law.", /unless required or authorised by law/i],
    ["Backups are held in Norway; diagnostic logs may be replicated to the provider's global operations centres.", /may be replicated/i],
    ["The processor shall allow audits by the controller to the extent commercially reasonable.", /to the extent commercially reasonable/i],
    ["Personal data stays in Belgium. Support staff may access it only where the Customer has opened a ticket.", /staff may access/i],
    ["The Contractor shall not disclose Customer Data to any foreign government without prejudice to its statutory duties.", /without prejudice to/i],
  ];
  for (const [s, phrase] of qualified)
    test(`qualifier found: ${s.slice(0, 60)}`, () => {
      const found = loopholes(s);
      assert.ok(found.some((q) => phrase.test(q) && q.length <= 80), `${phrase} in ${JSON.stringify(found)}`);
    });

  test("a permission whose verb and place stand far apart is cut to a readable qualifier", () => {
    const found = loopholes("The Contractor may store Agency data, including the personal data of claimants and of its own staff, outside of the Union.");
    assert.ok(found.some((q) => /^may store Agency data/.test(q) && q.length <= 80), JSON.stringify(found));
  });

  test("deference: 'to the extent permitted' inside a residency promise", () => {
    assert.ok(loopholes("To the extent permitted, the Supplier keeps all data in Finland.").some((q) => /^to the extent permitted$/i.test(q)));
  });

  const unqualified = [
    "Only staff located in Austria may access the production systems that hold Customer Data.",
    "Customer Data shall never be transferred outside Switzerland.",
    "The Provider may not process Customer Data outside the European Union.",
    "Customer Data may be processed only in data centres in Sweden.",
    "Staff who can access the platform are all resident in Portugal, and Customer Data stays in Portugal.",
    "Support engineers may access Customer Data in Portugal only through the logged gateway of the Customer.",
  ];
  for (const s of unqualified) test(`no qualifier: ${s.slice(0, 60)}`, () => assert.deepEqual(loopholes(s), []));
});

describe("run-in headings", () => {
  test("a title-case run-in heading names the term; the clause after it commits to it", () => {
    const { all, text } = sovereignty("12.1 Governing Law and Venue. This Agreement is governed by the laws of Denmark and the courts of Copenhagen decide any dispute.");
    const spans = all.filter((f) => f.category === "sovereignty").map((f) => text.slice(f.start, f.end));
    assert.deepEqual(spans, ["This Agreement is governed by the laws of Denmark and the courts of Copenhagen decide any dispute."]);
  });
  test("a numbered title alone on its line is a heading, not a clause", () => {
    const { all, text } = sovereignty("7. GOVERNING LAW\n\nThis Agreement is governed by the laws of Denmark.");
    const spans = all.filter((f) => f.category === "sovereignty").map((f) => text.slice(f.start, f.end));
    assert.deepEqual(spans, ["This Agreement is governed by the laws of Denmark."]);
  });
  test("a short sentence that is not title case is still read", () => {
    const r = sovereignty("Data stays in Estonia. Nothing else is promised here.");
    assert.ok(r.present.has("data-residency"));
  });
});

describe("the editor's incremental path follows polarity and run-in headings", () => {
  const filler = "The parties record here the background of this agreement in some detail. ".repeat(16);
  const body = (clause: string) => contract(`${filler}\n\n${clause}\n\n${filler}\n\nThis Agreement is governed by the laws of Malta.`);
  const edits: [string, string][] = [
    ["4.1 The Supplier may transfer Customer Data to any country.", "4.1 The Supplier shall not transfer Customer Data to any country."],
    ["4.1 The Supplier shall not transfer Customer Data to any country.", "4.1 The Supplier may transfer Customer Data to any country."],
    ["4.1 Data Location. Customer Data stays in Malta.", "4.1 Data Location."],
    ["4.1 Data Location.", "4.1 Data Location. Customer Data stays in Malta."],
  ];
  for (const [before, after] of edits)
    test(`${before.slice(4, 50)} → ${after.slice(4, 50)}`, () => {
      const incremental = new IncrementalAnalyzer();
      incremental.analyze(body(before));
      const edited = incremental.analyze(body(after));
      const full = analyze(body(after));
      assert.deepEqual(edited.findings, full.findings);
      assert.deepEqual([...edited.presentTerms].sort(), [...full.presentTerms].sort());
    });
});

describe("neighbouring categories: human control over targeting is the weapons standard, not deployment control", () => {
  const weapons = [
    "States should specify the degree of human judgement required over the selection and engagement of targets.",
    "Commanders are expected to keep meaningful human control over each strike and over the use of force.",
  ];
  for (const s of weapons)
    test(`no sovereignty finding: ${s.slice(0, 60)}`, () => {
      assert.ok(!sovereignty(s).terms.has("human-oversight"), s);
    });
  const oversight = [
    "A caseworker shall review every recommendation of the system before a benefit is refused.",
    "The Customer shall be able to override or stop the Service at any time.",
    "Every output shall be reviewed by a qualified human before it is sent to a patient.",
  ];
  for (const s of oversight)
    test(`still human oversight: ${s.slice(0, 60)}`, () => {
      assert.ok(sovereignty(s).present.has("human-oversight"), s);
    });
});

describe("residency: servers inside or within a place", () => {
  for (const s of ["The vendor keeps every backup copy of client files on servers inside the Union.", "Our hosting within Norway covers production and disaster recovery."])
    test(s.slice(0, 60), () => assert.ok(sovereignty(s).present.has("data-residency"), s));
  test("a server inside a building is no place", () => {
    assert.ok(!sovereignty("The technician restarted the server inside the cabinet.").present.has("data-residency"));
  });
});

describe("plain-word terms: compelled disclosure, the treaty route, where data is kept, moving platforms, audit reports", () => {
  const present: [TermId, string][] = [
    ["foreign-law-exposure", "The provider will not hand over message logs unless compelled by a court."],
    ["foreign-law-exposure", "Requests from foreign police must be routed through a mutual legal assistance treaty."],
    ["data-residency", "The supplier shall state where the data is stored and processed."],
    ["exit-strategy", "The vendor shall support the migration from the current platform to a new provider within six months."],
    ["audit-rights", "The processor will share its latest audit reports with the controller on request."],
  ];
  for (const [term, s] of present) test(`${term}: ${s.slice(0, 60)}`, () => assert.ok(sovereignty(s).present.has(term), s));
  const absent: [TermId, string][] = [
    ["foreign-law-exposure", "The Recipient shall not disclose Confidential Information unless compelled by law."],
    ["data-residency", "Where personal data is processed, the processor shall keep records of the processing."],
    ["exit-strategy", "Staff may move from one office to another during the works."],
    ["audit-rights", "The audit report found that the ministry had overspent on consultants."],
  ];
  for (const [term, s] of absent) test(`not ${term}: ${s.slice(0, 60)}`, () => assert.ok(!sovereignty(s).present.has(term), s));
  test("'knowing where' is the verb, not an intent test; 'knowingly' still is", () => {
    assert.ok(!loopholes("The buyer relies on knowing where the data is stored at all times.").includes("knowing"));
    assert.ok(loopholes("The Supplier shall not knowingly transfer Customer Data outside the European Union.").includes("knowingly"));
  });
});

describe("data protection: handling personal data is a term, naming it is not", () => {
  const present = [
    "Developers may not:\n\n- Renting or selling users' personal data to brokers.",
    "Personal data is encrypted at rest and in transit.",
    "You may not obtain personal data from the platform for advertising.",
    "The supplier shall process personal data only on the buyer's documented instructions.",
  ];
  for (const s of present) test(`term: ${s.slice(0, 60)}`, () => assert.ok(sovereignty(s).present.has("data-protection"), s));
  const mentions = [
    "The sanctions in this order address the risks of foreign access to bulk personal data.",
    "\"Customer Data\" means all data, including personal data, that the Customer uploads to the Service.",
  ];
  for (const s of mentions)
    test(`mention: ${s.slice(0, 60)}`, () => {
      const r = sovereignty(s);
      assert.ok(!r.present.has("data-protection") && !r.terms.has("data-protection"), s);
    });
});

describe("more plain-word residency and exit terms", () => {
  const present: [TermId, string][] = [
    ["data-residency", "No backups of the Council's data will leave Norwegian territory."],
    ["data-residency", "Storage takes place solely in the provider's Helsinki facility."],
    ["exit-strategy", "On termination the Contractor shall supply the Agency with a full database dump of its case records."],
    ["exit-strategy", "The Processor shall purge every copy of the records once the engagement ends."],
    ["exit-strategy", "The Buyer may export its content at any time in a machine-readable format."],
  ];
  for (const [term, s] of present) test(`${term}: ${s.slice(0, 60)}`, () => assert.ok(sovereignty(s).present.has(term), s));
  const absent: [TermId, string][] = [
    ["data-residency", "The annual review takes place in March."],
    ["exit-strategy", "On termination the Licensee shall return or destroy the Confidential Information of the Licensor."],
  ];
  for (const [term, s] of absent) test(`not ${term}: ${s.slice(0, 60)}`, () => assert.ok(!sovereignty(s).present.has(term), s));
});

describe("news: plans and needs in plain words", () => {
  const news = (s: string) => {
    const text = `---\nkind: news-note\n---\n\n# Note\n\n${s}\n`;
    return new Set(analyze(text).findings.filter((f) => f.category === "sovereignty").map((f) => f.term));
  };
  const present: [TermId, string][] = [
    ["human-oversight", "The province plans to build a sovereign cloud for its hospitals."],
    ["personnel", "The regulator insisted that only cleared domestic technicians may maintain the platform."],
    ["exit-strategy", "Bidders must explain how the city can take its records back when the contract ends."],
  ];
  for (const [term, s] of present) test(`${term}: ${s.slice(0, 60)}`, () => assert.ok(news(s).has(term), s));
  for (const s of ["The sovereign cloud debate has dragged on for a decade.", "Analysts compared every sovereign cloud offering on the market.", "Only staff in the finance team may approve invoices."])
    test(`no term: ${s.slice(0, 60)}`, () => assert.equal(news(s).size, 0, s));
});

describe("polarity in more words: permissions that leave the term open", () => {
  const permissive: [TermId, string][] = [
    ["subcontracting", "The Contractor is free to engage subcontractors of its own choosing."],
    ["exit-strategy", "The Host may keep copies of the Council's data indefinitely after termination."],
    ["data-residency", "The Operator may move the hosting location at any time."],
    ["data-residency", "The Vendor may, in its discretion, store backups in Singapore."],
    ["foreign-law-exposure", "Nothing in this contract prevents the Host from releasing records to the police when asked."],
  ];
  for (const [term, s] of permissive)
    test(`${term} reported, not present: ${s.slice(0, 60)}`, () => {
      const r = sovereignty(s);
      assert.ok(r.terms.has(term), `reported: ${s}`);
      assert.ok(!r.present.has(term), `not present: ${s}`);
    });
  const commitments: [TermId, string][] = [
    ["data-residency", "The Operator shall keep all Council Data in Norway at all times."],
    ["data-residency", "The Operator may not, at any time, host Council Data outside Norway."],
    ["audit-rights", "The Council may audit the Operator at any time."],
    ["subcontracting", "The Operator shall engage subcontractors only with the Council's prior written approval."],
  ];
  for (const [term, s] of commitments) test(`still present: ${s.slice(0, 60)}`, () => assert.ok(sovereignty(s).present.has(term), s));
});

describe("neighbouring terms: copies of data, keys held by the buyer", () => {
  test("keeping copies of the data in a place is residency, not exit", () => {
    const r = sovereignty("The Host shall keep copies of all Council Data in Norway.");
    assert.ok(r.present.has("data-residency"));
    assert.ok(!r.present.has("exit-strategy"));
  });
  test("handing over copies of the data at the end is exit", () => {
    assert.ok(sovereignty("On expiry the Host shall hand the Council copies of all its data.").present.has("exit-strategy"));
  });
  test("encryption keys held by the buyer shield the data from foreign access", () => {
    assert.ok(sovereignty("The Host shall encrypt Council Data with keys held by the Council.").present.has("foreign-law-exposure"));
  });
});

describe("exit is not availability or staffing", () => {
  for (const s of ["The Host shall keep the Services available 99.9% of the time each month.", "The Contractor shall name a replacement contractor if a key person leaves."])
    test(`no exit term: ${s.slice(0, 60)}`, () => assert.ok(!sovereignty(s).present.has("exit-strategy"), s));
  for (const s of ["If the contract ends, the Host shall keep the service running for six months.", "The Host shall cooperate fully with any replacement supplier."])
    test(`exit term: ${s.slice(0, 60)}`, () => assert.ok(sovereignty(s).present.has("exit-strategy"), s));
});

describe("moving data elsewhere and using it for the provider's own models", () => {
  test("a limit on moving the instance to another region is residency", () => {
    assert.ok(sovereignty("The Host shall not relocate the Council's tenancy to another region without written consent.").present.has("data-residency"));
  });
  const permissive: [TermId, string][] = [
    ["data-residency", "The Host may migrate Council Data to a different country."],
    ["data-protection", "The Host may use Council Data to improve its models."],
  ];
  for (const [term, s] of permissive)
    test(`permits the opposite: ${s.slice(0, 60)}`, () => {
      const r = sovereignty(s);
      assert.ok(r.terms.has(term) && !r.present.has(term), s);
    });
  test("refusing to train on the data stays a commitment", () => {
    assert.ok(sovereignty("The Host shall not use Council Data to train its models.").present.has("data-protection"));
  });
});
