import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze, type DocumentKind } from "../server/src/engine";

// Qualifiers that hollow a limit or a sovereignty commitment, in sentences we wrote: for each
// family the hollow form, and beside it the safeguard, the plain commitment or the discussion
// that must stay quiet.

function loopholes(kind: DocumentKind, body: string): { rule: string; quote: string }[] {
  const text = `---\nkind: ${kind}\n---\n\n# Test document\n\n${body}\n`;
  return analyze(text)
    .findings.filter((f) => f.category === "loophole")
    .map((f) => ({ rule: f.rule, quote: text.slice(f.start, f.end) }));
}
const quotes = (kind: DocumentKind, body: string) => loopholes(kind, body).map((l) => l.quote);
const rules = (kind: DocumentKind, body: string) => loopholes(kind, body).map((l) => l.rule);

describe("deference to the law", () => {
  test("a named body of law is deferred to as much as 'applicable law'", () => {
    assert.deepEqual(quotes("contract", "To the extent required by Data Protection Laws, the Supplier shall not sell Personal Data."), ["To the extent required by Data Protection Laws"]);
  });
  test("each further ground of a list of deferences is its own loophole", () => {
    assert.deepEqual(quotes("contract", "The Supplier will not hand Customer Data to any foreign authority unless required by law, or required by government policy."), [
      "unless required by law",
      "or required by government policy",
    ]);
  });
  test("the law that decides whether the limit applies, and the law that gags a promise to notify", () => {
    assert.deepEqual(quotes("contract", "The Supplier shall not move Customer Data outside the EU, where national law considers such a move unavoidable."), ["where national law considers"]);
    assert.deepEqual(rules("contract", "The Supplier will notify the Customer of every request from a foreign authority unless it is prohibited by law or court order from doing so."), ["loophole/deference-to-law"]);
  });
  test("any exception whose ground is a legal compulsion, however it is worded", () => {
    const limit = "The Supplier will not disclose Personal Data to any third party";
    for (const qualifier of ["save as compelled by statute", "unless legally compelled", "except to comply with a legal obligation", "subject to its statutory obligations", "other than in response to lawful requests from public bodies"]) {
      assert.deepEqual(rules("contract", `${limit} ${qualifier}.`), ["loophole/deference-to-law"], qualifier);
    }
  });
  test("a request named as the topic, or a court's order, is no deference", () => {
    assert.deepEqual(quotes("contract", "In response to a government request, the Supplier will disclose Personal Data only under a court order."), []);
    assert.deepEqual(quotes("contract", "The Supplier will not disclose Personal Data to any third party unless a court of a Member State has ordered it."), []);
  });
  test("a sentence only the classifier reads as a commitment still scopes deference, not every condition", () => {
    assert.deepEqual(quotes("contract", "The Council will not disclose resident data to any outside organisation unless required by law."), ["unless required by law"]);
    assert.deepEqual(quotes("contract", "The Council will not disclose resident data to any outside organisation except with the written permission of the resident."), []);
  });
});

describe("the other side's judgement", () => {
  test("a belief that something is necessary opens the exception", () => {
    const body = "The Supplier will disclose Customer Data to a foreign authority only under a court order, or where it believes a disclosure is necessary to prevent serious harm.";
    assert.deepEqual(loopholes("contract", body), [{ rule: "loophole/party-judgement", quote: "where it believes a disclosure is necessary to prevent serious harm" }]);
  });
  test("a court's assessment is a safeguard, and a duty to warn is not an exception", () => {
    assert.deepEqual(quotes("contract", "The Supplier will disclose Customer Data to a foreign authority only under a court order, or where the court considers a disclosure necessary to prevent serious harm."), []);
    assert.deepEqual(quotes("contract", "The Processor shall inform the Controller if it considers that an instruction infringes data protection law."), []);
  });
  test("a further ground joined by 'or' is a loophole of its own, inside a carve-out's clause too", () => {
    const body = "The System shall not be used for predictive policing.\n\nThe restrictions in this clause do not apply to activities authorised under the Police Act or otherwise consistent with applicable law.";
    assert.deepEqual(rules("contract", body), ["loophole/carve-out-clause", "loophole/deference-to-law"]);
  });
  test("a second qualifier inside the same clause is part of the first", () => {
    const body = "The Supplier may disclose Customer Data to foreign authorities if it believes there is an emergency and that the data is necessary to prevent harm.";
    assert.deepEqual(rules("contract", body), ["loophole/party-judgement"]);
  });
});

describe("disclaimers, consent, exit-only remedies and chosen auditors", () => {
  test("a residency sentence that disclaims its own promise", () => {
    assert.deepEqual(rules("contract", "Customer Data is hosted in Frankfurt, but we cannot guarantee that copies in transit stay within the European Union."), ["loophole/no-guarantee"]);
    assert.deepEqual(quotes("contract", "The Supplier shall guarantee that all copies of Customer Data stay within the European Union."), []);
    assert.deepEqual(quotes("contract", "We cannot guarantee delivery dates for hardware orders."), []);
    // A report that someone could not give the guarantee is news about the commitment, not a term of it.
    assert.deepEqual(rules("news-note", "The chief executive told senators he could not guarantee that data stored in Europe would never be handed to foreign authorities."), []);
  });
  test("a red line that holds only without notice or consent; a court's leave and a customer's consent to subcontracting are safeguards", () => {
    assert.deepEqual(quotes("contract", "The Service shall not be used to monitor employees' messages without notice to them."), ["without notice"]);
    assert.deepEqual(quotes("contract", "The Service shall not be used to monitor employees' messages without a court's prior authorisation."), []);
    assert.deepEqual(quotes("contract", "The Supplier shall not subcontract the processing of Customer Data without the Customer's prior written consent."), []);
  });
  test("an objection whose only remedy is to leave", () => {
    assert.deepEqual(quotes("contract", "If the Customer objects to a new sub-processor, the Customer's sole remedy is to terminate the affected Services."), ["sole remedy is to terminate the affected Services"]);
    assert.deepEqual(rules("contract", "Where the Customer objects to a transfer outside the EU, its only recourse is to stop using the Service."), ["loophole/exit-only-remedy"]);
    assert.deepEqual(quotes("contract", "The Customer's sole remedy for late delivery is a service credit."), []);
  });
  test("an auditor the audited party appoints, not one the customer chooses", () => {
    assert.deepEqual(quotes("contract", "The Customer's audit rights are exercised through an independent auditor appointed by the Supplier."), ["appointed by the Supplier"]);
    assert.deepEqual(quotes("contract", "The Customer may exercise its audit rights through an independent auditor chosen by the Customer."), []);
    assert.deepEqual(quotes("contract", "An auditor appointed by the Buyer may audit the Supplier's records once a year."), []);
  });
});

describe("degree, oversight and necessity", () => {
  test("a limit on unsupervised use only, and oversight left to what is 'adequate'", () => {
    assert.deepEqual(quotes("contract", "The Service must not make decisions on welfare benefits without human supervision."), ["without human supervision"]);
    assert.deepEqual(rules("contract", "The Supplier shall ensure adequate human oversight of each automated decision on benefits."), ["loophole/vague-oversight"]);
    assert.deepEqual(quotes("contract", "The Supplier shall ensure that a named caseworker reviews each automated decision on benefits before it takes effect."), []);
    assert.deepEqual(quotes("contract", "The Service must not select targets without meaningful human control."), []);
  });
  test("an exit promise that keeps whatever is necessary for a broad aim", () => {
    assert.deepEqual(quotes("contract", "On termination the Supplier shall delete all Customer Data, except where retention is necessary to defend legal claims."), ["is necessary to defend legal claims"]);
    assert.deepEqual(quotes("contract", "On termination the Supplier shall delete all Customer Data within thirty days."), []);
  });
  test("unnamed occasions, party-set documents and alternative places", () => {
    assert.deepEqual(quotes("contract", "In rare exigent circumstances, the Supplier may disclose Customer Data to foreign authorities without a court order."), ["In rare exigent circumstances"]);
    assert.deepEqual(quotes("contract", "Unless otherwise stated in the order form, Customer Data shall be stored only in the EU."), ["Unless otherwise stated in the order form"]);
    assert.deepEqual(quotes("contract", "Customer Data shall be stored within the EU or in other approved countries."), ["or in other approved countries"]);
    assert.deepEqual(quotes("contract", "Customer Data shall be stored within the EU, in the Frankfurt and Paris regions."), []);
    // A further place added with "and" to a permission widens no promise (the permission itself is the residency carve-out).
    assert.deepEqual(quotes("contract", "The Supplier may process Customer Data in the United States and in any other country where it keeps facilities."), ["may process Customer Data in the United States and in any other country"]);
  });
  test("one protected person is a class as much as many", () => {
    assert.deepEqual(quotes("contract", "The models shall not be used to surveil any U.S. person."), ["any U.S. person"]);
  });
});

describe("carve-outs reported after a red line", () => {
  const RED_LINE = "The vendor said its software must not be used for facial recognition by police.";
  test("users who keep access for a purpose, an exception being made, a suspension pending review", () => {
    assert.deepEqual(quotes("news-note", `${RED_LINE}\n\nTwo child-safety charities would still have access to the software for trafficking cases.`), ["would still have access to the software for trafficking cases"]);
    assert.deepEqual(quotes("news-note", `${RED_LINE}\n\nThe vendor is making an exception for border agencies and their contractors.`), ["making an exception for border agencies and their contractors"]);
    assert.deepEqual(quotes("news-note", `${RED_LINE}\n\nUse of the software by police was suspended pending a review of the process.`), ["pending a review"]);
  });
  test("continued access to something else is no carve-out, nor is any of it without a red line", () => {
    assert.deepEqual(quotes("news-note", `${RED_LINE}\n\nCustomers will still have access to their invoices after the change.`), []);
    assert.deepEqual(quotes("news-note", "Two child-safety charities would still have access to the software for trafficking cases."), []);
  });
  test("a commitment that says it does not apply to some data is a carve-out of itself, with or without red lines", () => {
    assert.deepEqual(rules("contract", "The requirement to keep personal data in Germany does not apply to support tickets."), ["loophole/carve-out-clause"]);
    assert.deepEqual(rules("contract", "The obligation to store data in the EU shall apply to backups."), []);
  });
  test("a requirement that does not apply to some uses, where national law decides", () => {
    const body = "Deployers shall not use the system for remote biometric identification of people in public spaces.\n\nThis requirement shall not apply to systems used for border control, where national law considers it disproportionate.";
    assert.deepEqual(
      loopholes("policy", body).map((l) => l.rule),
      ["loophole/carve-out-clause", "loophole/deference-to-law"],
    );
  });
});
