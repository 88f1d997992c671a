import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze } from "../server/src/engine";

// Documents we wrote, without front matter: the kind is inferred from how each kind of text
// is written, and only contracts get missing-term findings for exit and residency.

const usagePolicy = `# Responsible Use Rules

These rules apply to everyone who builds with our assistant.

## Things you may not do

You may not use the assistant to:

- follow a person's movements without their consent;
- rank job applicants without a human looking at the result;
- write malware or plan attacks on power grids.

We prohibit attempts to get around the safety filters, and we do not allow accounts to be shared.

## Reporting misuse

If you see the assistant used in a way these rules forbid, tell us. Do not attempt to test the filters on live users.
`;

const regulation = `# Article 14

## Duties of operators of public cloud services

1. Operators of public cloud services shall keep the data of public bodies within the territory of the Member States, unless a decision referred to in Article 9 of this Regulation provides otherwise.

2. Member States shall designate a competent authority to supervise compliance with paragraph 1.

3. The Commission shall adopt guidelines on the application of this Article after consulting the national supervisory authorities.

4. This Article is without prejudice to Union law on the protection of personal data, and the second subparagraph of paragraph 2 shall apply from the date of entry into force.
`;

const statute = `# Title 9, Section 404. Automated eligibility tools

(a) An agency that uses an automated tool for a determination of eligibility for public benefits shall ensure that a qualified employee reviews each denial.

(b) In this section, the term "automated tool" means software that produces a score or recommendation about an applicant.

(c) Nothing in subsection (a) shall be construed to authorise the disclosure of records protected under section 402.
`;

const newsNote = `# Ministry scraps cloud contract after two-year dispute

The defence ministry cancelled its flagship cloud deal with a US provider on Tuesday, ending a dispute that had dragged through the courts since last year.

"We need a fresh start," the minister told reporters in Brussels. A spokesperson for the provider said the company was disappointed and would consider its options.

The tender will be run again from scratch, officials added, and the ministry expects to award the new contract early next year.
`;

const contract = `# Cloud Hosting Services Agreement

This Cloud Hosting Services Agreement (the "Agreement") is made between Northwind Data Ltd (the "Supplier") and the City of Aldmoor (the "Customer").

## 1. Services

1.1 The Supplier shall host the Customer's applications on the platform described in Schedule 1.

1.2 The Supplier shall not subcontract any part of the Services without the prior written consent of the Customer.

## 2. Fees

2.1 The Customer shall pay the fees set out in Schedule 2 within thirty days of each invoice.

## 3. Term

3.1 This Agreement starts on the Effective Date and continues for three years unless either Party terminates it under clause 3.2.
`;

const kindOf = (text: string) => analyze(text).kind;
const missingTerms = (text: string) => analyze(text).findings.filter((f) => f.category === "missing-term").map((f) => f.term);

describe("kind inference", () => {
  test("a usage policy that forbids things to its readers is a policy", () => {
    assert.equal(kindOf(usagePolicy), "policy");
  });

  test("a regulation excerpt (Articles, Member States, this Regulation) is a policy, not a contract", () => {
    assert.equal(kindOf(regulation), "policy");
  });

  test("a statute's section (subsections, 'this section', defined terms) is a policy, not a contract", () => {
    assert.equal(kindOf(statute), "policy");
  });

  test("a news note dated by weekday, with reporting verbs and quotes, is news even when its headline names a contract", () => {
    assert.equal(kindOf(newsNote), "news-note");
  });

  test("news about a regulation, naming the Commission, Member States and Articles, is still news", () => {
    const euNews = `# Ministers split over cloud certification scheme

Member States remain divided over the Commission's plan for a European cloud certification scheme, diplomats said on Wednesday.

"We cannot accept a scheme that shuts out half the market," one minister told reporters after the meeting. The Commission said it would present a revised text next month.

The draft relies on Article 21 of the cybersecurity law, and several Member States want national authorities to keep the final say, according to a note seen by this newsletter.
`;
    assert.equal(kindOf(euNews), "news-note");
  });

  test("a contract with parties, defined terms, numbered clauses and 'shall' is a contract", () => {
    assert.equal(kindOf(contract), "contract");
  });

  test("a contract title counts only when the title names the document, not when a headline mentions one", () => {
    const headline = "# Regulator says the new cloud contract should include an exit plan\n\nThe regulator published its view on Monday.\n";
    assert.notEqual(kindOf(headline), "contract");
    assert.equal(kindOf("# Master Services Agreement (Version 2.1)\n\nThe parties agree as follows.\n"), "contract");
  });

  test("capital SHALL inside ordinary sentences reads as a requirements standard, not as a contract", () => {
    const standard = `# Supplier laptop requirements

Laptops used for our data SHALL use full-disk encryption. Devices SHALL receive security updates within fourteen days, and suppliers SHOULD report lost devices on the same day.

Staff must ensure that screens lock after five minutes.
`;
    assert.equal(kindOf(standard), "policy");
  });

  test("a declared kind wins over the signals", () => {
    assert.equal(kindOf(`---\nkind: contract\n---\n\n${regulation}`), "contract");
  });
});

describe("missing terms follow the kind", () => {
  test("policies and regulation get no exit-strategy or data-residency findings", () => {
    for (const text of [usagePolicy, regulation, statute, newsNote]) assert.deepEqual(missingTerms(text), [], text.split("\n")[0]);
  });

  test("a contract without exit or residency terms gets both findings", () => {
    assert.deepEqual(missingTerms(contract).sort(), ["data-residency", "exit-strategy"]);
  });
});
