import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { found, isRedLine, loopholes, redLines } from "./support/quotes";

// Red lines and loopholes as other authors write them: the prohibited use named by other
// words (face matching, scraped faces, "single out", hiring decisions, trustworthiness
// ratings), the prohibition by other verbs ("prevents … from being used", "had no
// intention", "has no place in"), and qualifiers inside residency, deletion, audit and
// disclosure commitments. Our own sentences, each beside a control with the same words and
// no limit or no loophole.


describe("red-line uses named in other words", () => {
  test("faces as the identifier, scraped faces, CCTV and recognising people are surveillance", () => {
    for (const s of [
      "The retailer will not deploy face-matching cameras at its store entrances.",
      "Contractors shall not offer facial identification services to municipal police.",
      "Users must not assemble a database of faces taken from social media profiles.",
      "The Licensee may not harvest facial images from public webcams.",
      "The Authority shall not connect the analytics engine to its CCTV network.",
      "The system must not be used to recognise pedestrians from the way they walk.",
    ])
      assert.ok(isRedLine("contract", s), s);
  });

  test("recording people's political or religious activity is surveillance", () => {
    assert.ok(isRedLine("contract", "The Processor shall not compile records of the religious affiliations of service users."));
  });

  test("picking targets, choosing whom to harm and armed attacks are weapons and use of force", () => {
    for (const s of [
      "The drone software must not be used to pick targets for strikes.",
      "No customer may use the model to choose which people are to be attacked.",
      "The assistant shall not help anyone prepare an armed assault.",
    ])
      assert.ok(isRedLine("contract", s), s);
  });

  test("the decision's field named before the word decision, a trustworthiness score, and who gets stopped are high-consequence decisions", () => {
    for (const s of [
      "The tool shall not be used for parole determinations.",
      "The Council will not use the chatbot to make dismissal decisions.",
      "The platform must not assign tenants a trustworthiness score.",
      "Officers may not rely on the model when deciding which motorists are stopped and searched.",
    ])
      assert.ok(isRedLine("contract", s), s);
  });

  test("the same words without a limit are no red line", () => {
    for (const s of [
      "The face-matching module was retired in 2023.",
      "Our CCTV cameras cover the loading bay.",
      "Managers may make hiring decisions with the help of the scheduling tool.",
      "The survey measured the honesty score of each chatbot answer.",
      "Visitors can pick their preferred language at the kiosk.",
    ])
      assert.deepEqual(redLines("contract", s), [], s);
  });
});

describe("prohibitions by other verbs and reported positions", () => {
  test("a use prevented, a use with no place, and no intention to use report a limit", () => {
    for (const s of [
      "The new statute prevents the state police from using drones to track protesters.",
      "The minister said algorithms have no place in deciding asylum claims.",
      "The agency had no intention of deploying emotion recognition on travellers.",
    ])
      assert.ok(isRedLine("news-note", s), s);
  });

  test("a refusal reaches the use at the end of its infinitive chain", () => {
    assert.ok(isRedLine("news-note", "The startup refused to allow the interior ministry to use its software to identify protesters."));
  });

  test("a restriction or curb on a use, no licence for it, and staying out of it are limits", () => {
    for (const s of [
      "The ordinance restricts the sale of emotion recognition systems to schools.",
      "Lawmakers approved new curbs on predictive policing.",
      "No right is given to use the Data for social scoring.",
      "The firm said it would stay out of drone targeting contracts.",
    ])
      assert.ok(isRedLine("news-note", s), s);
  });

  test("prevention of something harmless, or a place for a red-line topic, is no red line", () => {
    for (const s of [
      "The filter prevents spam from being delivered to staff mailboxes.",
      "Facial recognition has a place in unlocking personal phones, the vendor argued.",
      "The agency intends to use the scanner to track parcels.",
      "The Provider may restrict the use of the dashboard to administrators.",
      "Facial recognition is licensed for use at border gates.",
      "The vendor said it would stay in the facial recognition market.",
    ])
      assert.deepEqual(redLines("news-note", s), [], s);
  });
});

describe("loopholes inside exit, audit, residency and disclosure commitments", () => {
  test("copies kept back from a return-or-delete commitment are a loophole; copies the customer asks to keep, or agents retained, are none", () => {
    assert.deepEqual(loopholes("contract", "On termination the Processor shall erase all Customer Data, save for copies kept in its disaster-recovery backups."), ["save for copies kept in its disaster-recovery backups"]);
    assert.deepEqual(loopholes("contract", "On termination the Provider will delete all Customer Data unless it is obliged to retain it by statute."), ["unless it is obliged to retain it by statute"]);
    assert.deepEqual(loopholes("contract", "The Provider will delete Customer Data at the end of the term unless the Customer decides to keep a copy."), []);
    assert.deepEqual(loopholes("contract", "On termination the Licensee shall return the Source Code and shall not disclose it to anyone except advisers retained by the Licensee."), []);
  });

  test("the audited party's own judgement, or its own report instead of the audit, hollows an audit right", () => {
    const judged = loopholes("contract", "The Bank may audit the Provider's data centres once a year, unless the Provider decides that an audit would disrupt its operations.");
    assert.ok(judged.some((q) => q.startsWith("unless the Provider decides")), judged.join(" | "));
    assert.deepEqual(loopholes("contract", "The Bank may audit the Provider's data centres once a year, unless the Customer decides that a remote audit is enough."), []);
  });

  test("a second ground joined by 'or' is a loophole of its own", () => {
    const found = loopholes("policy", "We will notify the account holder before disclosing their data to a government, unless a judge forbids it or we consider that notice would endanger an investigation.");
    assert.ok(found.includes("or we consider that notice would endanger an investigation"), found.join(" | "));
    assert.ok(!found.some((q) => q.includes("forbids it or")), found.join(" | "));
  });

  test("a part of the data excluded from a residency commitment, staff anywhere, and 'where commercially reasonable' are carve-outs", () => {
    assert.deepEqual(loopholes("contract", "Customer Content is stored in Canada. Crash reports are excluded from this data location commitment."), ["are excluded from this data location commitment"]);
    assert.deepEqual(loopholes("contract", "All Customer Data is hosted in Frankfurt. Support staff worldwide may view it to resolve tickets."), ["Support staff worldwide may view"]);
    assert.deepEqual(loopholes("contract", "Backups of Customer Data are kept in the EU region where commercially reasonable."), ["where commercially reasonable"]);
    assert.deepEqual(loopholes("contract", "All Customer Data is hosted in Frankfurt. Only engineers based in Germany may access it."), []);
  });
});

describe("provisos, later permissions and the other side's own rules inside a commitment", () => {
  test("a proviso that permits, a 'but it may retain' after a deletion duty, and the provider's own procedures are loopholes", () => {
    const proviso = loopholes("contract", "Customer Data is hosted in Ireland, provided that the Processor may move backups to other regions during maintenance.");
    assert.ok(proviso.some((q) => q.startsWith("provided that the Processor may move")), proviso.join(" | "));
    assert.deepEqual(loopholes("contract", "On termination the Supplier will erase all Customer Data; but it may retain usage logs for two years."), ["but it may retain usage logs for two years"]);
    assert.deepEqual(loopholes("contract", "The Customer may inspect the Supplier's facilities, subject to the Supplier's site access procedures."), ["subject to the Supplier's site access procedures"]);
  });
  test("a proviso that adds a condition, and the customer's own procedures, are none", () => {
    assert.deepEqual(loopholes("contract", "Customer Data is hosted in Ireland, provided that the Customer has chosen the EU plan."), []);
    assert.deepEqual(loopholes("contract", "The Customer may inspect the Supplier's facilities, subject to the Customer's own security procedures."), []);
  });
});

describe("loopholes of red lines said in other words", () => {
  test("a limit confined to part of the product, a use still open to some, and a limit until a law exists", () => {
    assert.deepEqual(loopholes("news-note", "The firm bans the use of its models for mass surveillance, but the ban applies only to its consumer app."), ["ban applies only to its consumer app"]);
    assert.deepEqual(loopholes("news-note", "The company stopped selling facial recognition to police, though federal agencies will still be able to buy it for border checks."), ["still be able to buy it for border checks"]);
    assert.deepEqual(loopholes("news-note", "The company will not sell face recognition to police until legislation regulates the technology."), ["until legislation regulates"]);
  });

  test("'by themselves' and 'with no human in the loop' limit only the unsupervised extreme", () => {
    assert.deepEqual(loopholes("contract", "The Contractor shall not supply drones that can strike targets by themselves."), ["by themselves"]);
    assert.deepEqual(loopholes("contract", "Loan decisions must not be made with no human in the loop."), ["with no human in the loop"]);
  });

  test("every purpose a body of law allows, and a sentence that defers the limits to the law, reopen red lines", () => {
    assert.deepEqual(loopholes("contract", "The Agency shall not use the tool for mass surveillance. The Agency may use the tool for all purposes permitted under national law."), ["all purposes permitted under national law"]);
    assert.deepEqual(loopholes("news-note", "The vendor agreed that its models will not be used for domestic mass surveillance. Those limits will be applied consistent with applicable law."), ["consistent with applicable law"]);
    assert.deepEqual(loopholes("news-note", "The vendor agreed that its models will not be used for domestic mass surveillance. Section 4 will be applied consistent with applicable law."), []);
  });
});

describe("a sub-processor clause's objection terms told in the next sentence", () => {
  test("leaving as the only remedy for an objection is a loophole of the sub-processor commitment before it", () => {
    const body = "The Processor shall give thirty days' notice before it appoints a new sub-processor. Should the Controller object, its only remedy is to end the affected service.";
    assert.ok(loopholes("contract", body).some((q) => q.startsWith("only remedy")), loopholes("contract", body).join(" | "));
  });
  test("the same words after a clause on something else are none", () => {
    assert.deepEqual(loopholes("contract", "The Supplier shall send invoices monthly. Should the Customer dispute an invoice, its only remedy is to withhold the disputed amount."), []);
  });
});

describe("state-of-mind words that limit nothing", () => {
  test("a harm guarded against, or named with its opposite, is not an intent test; a state of mind alone still is", () => {
    for (const s of [
      "The Processor shall implement measures to protect Personal Data against accidental loss, destruction or alteration.",
      "The Processor shall notify the Controller of any accidental or unauthorised disclosure of Personal Data.",
      "The Supplier shall not intentionally or negligently transfer Customer Data outside the European Union.",
    ])
      assert.deepEqual(loopholes("contract", s), [], s);
    assert.deepEqual(loopholes("contract", "The Supplier shall not knowingly transfer Customer Data outside the European Union."), ["knowingly"]);
    assert.deepEqual(loopholes("contract", "An inadvertent transfer of Customer Data outside the European Union is not a breach of this clause."), ["inadvertent"]);
  });

  test("a red line after a residency clause is not read as residency because it has an exception", () => {
    const text = "1. The Supplier shall store Customer Data only in the European Union.\n2. The system shall not be used for mass surveillance, except for incidental collection.";
    const terms = found("contract", text).filter((f) => f.category === "sovereignty").map((f) => f.quote);
    assert.equal(terms.length, 1, JSON.stringify(terms));
    assert.match(terms[0], /store Customer Data only in the European Union/);
  });
});

describe("the lawful purposes of a named field", () => {
  test("a permission for 'lawful national security purposes' defers to that field's law; a duty to use the service only lawfully does not", () => {
    const policy = "You may not use the models for mass surveillance.\n\nWe may allow public agencies to use the models for lawful border security purposes.";
    assert.deepEqual(loopholes("policy", policy), ["for lawful border security purposes"]);
    assert.deepEqual(loopholes("contract", "The Customer shall use the Service only for lawful purposes."), []);
  });
});

describe("a provision that does not apply", () => {
  test("is a carve-out from the document's red lines, not a red line on what it names", () => {
    const regulation = "1. Providers shall not place on the market systems that score citizens on their social behaviour.\n2. This Article shall not apply to systems used only for military purposes.";
    assert.equal(redLines("policy", regulation).length, 1);
    assert.deepEqual(loopholes("policy", regulation), ["Article shall not apply to systems used only for military purposes"]);
    // The same verb with a party as subject applies a system to a use: a prohibition.
    assert.ok(isRedLine("contract", "The Supplier shall not apply the model to the targeting of weapons."));
  });
});

describe("a personnel commitment's exception in the next sentence", () => {
  test("letting global or offshore staff in is a loophole of the staffing promise before it; letting resident staff in is none", () => {
    const promise = "1. Only engineers resident in Norway who hold a national security clearance may administer the Service.";
    assert.deepEqual(loopholes("contract", `${promise}\n2. The Vendor may permit its offshore support teams to access Customer Data during an outage.`), ["permit its offshore support teams to access"]);
    assert.deepEqual(loopholes("contract", `${promise}\n2. The Vendor may permit its Oslo support teams to access Customer Data during an outage.`), []);
  });
});

describe("a limit whose wording was taken out", () => {
  test("removing the language that barred a use reports no red line; keeping it does", () => {
    assert.deepEqual(redLines("news-note", "The firm deleted a clause from its terms that prohibited the use of its models for mass surveillance."), []);
    assert.ok(isRedLine("news-note", "The firm kept a clause in its terms that prohibits the use of its models for mass surveillance."));
  });
});
