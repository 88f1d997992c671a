import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isRedLine, loopholes, redLines } from "./support/quotes";

// Ways of writing red lines and their loopholes that real documents use beyond the classic
// "shall not be used for": halted or stopped uses, calls to stop, prevention, human control
// required, prohibiting headings, and topics named by their field. Our own sentences throughout,
// each beside a permission, a harmless prohibition or a negated one.


describe("uses halted, stopped or prevented", () => {
  test("a moratorium, a suspension or a halt of a use in a red-line area is a reported limit", () => {
    for (const s of [
      "The regional police announced an eighteen-month moratorium on live facial recognition at train stations.",
      "The ministry paused the rollout of its benefits fraud algorithm after the audit.",
      "Use of the asylum triage algorithm by the border agency was suspended last spring.",
      "The council halted the automated system that flagged tenants for eviction.",
    ])
      assert.ok(isRedLine("news-note", s), s);
  });

  test("a call to stop or prevent such a use reports a red line", () => {
    for (const s of [
      "Unions have asked the retailer to stop using emotion recognition on shop-floor staff.",
      "The coalition urged parliament to prevent the development and deployment of autonomous weapons systems.",
      "Researchers demanded that vendors cease selling face recognition to border police.",
    ])
      assert.ok(isRedLine("news-note", s), s);
  });

  test("stopping, suspending or preventing something harmless is no red line", () => {
    for (const s of [
      "The Supplier may suspend the Service if invoices remain unpaid for sixty days.",
      "Customers can stop using the dashboard at any time.",
      "The vendor paused the rollout of its new billing tool.",
      "The firewall prevents the use of weak passwords.",
      "End users may export their settings.",
    ])
      assert.deepEqual(redLines("contract", s), [], s);
  });

  test("a lifted moratorium is not a limit", () => {
    assert.deepEqual(redLines("news-note", "The city lifted its moratorium on facial recognition in March."), []);
  });

  test("a suspension that holds only pending a review is a reopener", () => {
    assert.deepEqual(loopholes("news-note", "Use of the visa scoring algorithm was suspended pending a review of the process."), ["pending a review"]);
  });
});

describe("human control stated as required", () => {
  test("human control required over targeting is a red line; human review said not to be required is none", () => {
    assert.ok(isRedLine("news-note", "The delegation set out the meaningful human control required over the selection of targets."));
    assert.deepEqual(redLines("policy", "Human review is not required for automated decisions on parking refunds below ten euros."), []);
    assert.deepEqual(redLines("policy", "No human oversight is needed for automated decisions on library renewals."), []);
  });
});

describe("topics named by what they do", () => {
  test("war and military use are weapons topics under a prohibition, not in a plain description", () => {
    assert.ok(isRedLine("policy", "You may not use the model for warfare or for military applications."));
    assert.deepEqual(redLines("news-note", "The company sells laptops for military use."), []);
  });

  test("inferring protected traits or someone's identity is surveillance", () => {
    const body = "You must not use the software to:\n\n- infer a legally protected characteristic of any person;\n- detect features of the identity of a person in a crowd;\n- translate a restaurant menu.";
    assert.deepEqual(redLines("policy", body), ["You must not use the software to:", "infer a legally protected characteristic of any person;", "detect features of the identity of a person in a crowd;"]);
  });

  test("decisions without a human, or with consequential effects, are high-consequence decisions", () => {
    const body = "You must not use the service:\n\n- to take decisions without any human involvement;\n- to make determinations with consequential effects on tenants;\n- to draft a newsletter.";
    assert.deepEqual(redLines("policy", body), ["You must not use the service:", "to take decisions without any human involvement;", "to make determinations with consequential effects on tenants;"]);
  });

  test("an algorithm named by its high-consequence field is a topic", () => {
    assert.ok(isRedLine("news-note", "The court banned the welfare fraud algorithm used by the city."));
    assert.deepEqual(redLines("news-note", "The city uses a welfare fraud algorithm."), []);
  });
});

describe("headings that prohibit in their own words", () => {
  test("an imperative or a ban in a heading, on a red-line area, is a red line", () => {
    assert.deepEqual(redLines("policy", "## Do not use the assistant to track employees\n\nSome guidance follows."), ["Do not use the assistant to track employees"]);
    assert.deepEqual(redLines("policy", "## Ban on autonomous weapons\n\nSome guidance follows."), ["Ban on autonomous weapons"]);
  });

  test("a heading that names the topic, exceptions or permitted uses is none", () => {
    for (const h of ["## Facial recognition", "## Exceptions to the ban on facial recognition", "## Permitted uses of location tracking", "## Do not forget to back up your files"])
      assert.deepEqual(redLines("policy", `${h}\n\nSome guidance follows.`), [], h);
  });
});

describe("loopholes that keep a limited use open", () => {
  test("exemptions or licences granted later, and limits that last until lawmakers act", () => {
    assert.deepEqual(loopholes("policy", "Predictive policing tools shall not be used, subject to any exemptions granted by the Secretary."), ["subject to any exemptions granted by the Secretary"]);
    assert.deepEqual(loopholes("news-note", "The vendor will not sell surveillance software to foreign police absent a licence from the trade ministry."), ["absent a licence from the trade ministry"]);
    assert.deepEqual(loopholes("news-note", "The company said it would not sell face recognition to police until parliament passes a national law."), ["until parliament passes a national law"]);
    // A harmless duty "subject to" an exemption, outside any red line, is none.
    assert.deepEqual(loopholes("contract", "Invoices are payable within thirty days, subject to any exemptions agreed in writing."), []);
  });

  test("a use left open elsewhere, or stated as not forbidden, in a document with red lines", () => {
    const limit = "The Service shall not be used for the tracking of residents.";
    assert.deepEqual(loopholes("news-note", `${limit} Officials said the tool can still be used at border crossings.`), ["can still be used at border crossings"]);
    assert.deepEqual(loopholes("news-note", `${limit} The pledge left the door open to work for intelligence agencies.`), ["left the door open to work for intelligence agencies"]);
    assert.deepEqual(loopholes("policy", `${limit} Automated decisions are not prohibited where the applicant has given explicit consent.`), ["are not prohibited where the applicant has given explicit consent"]);
    // Without a red line in the document, the same words narrow nothing.
    assert.deepEqual(loopholes("news-note", "Officials said the printer can still be used at border crossings."), []);
  });

  test("a residency promise whose copies may be kept elsewhere", () => {
    assert.deepEqual(loopholes("contract", "Customer Data shall be hosted in Germany; backups may be kept in other regions."), ["may be kept"]);
    assert.deepEqual(loopholes("contract", "Customer Data shall be hosted in Germany, and backups shall be kept only in Germany."), []);
  });
});

describe("reported positions and commitments in other words", () => {
  test("warnings, condemnation, declined business, lines drawn and uses called unacceptable report red lines", () => {
    for (const s of [
      "The union warned against the use of algorithms to fire warehouse workers.",
      "Press freedom groups condemned the use of spyware against reporters.",
      "The firm declined to sell face recognition to the regional police.",
      "The startup turned down a contract to build surveillance tools for the border agency.",
      "The commission drew a line at social scoring.",
      "It is not acceptable to use our models to track individuals across websites.",
      "Live facial recognition is off-limits for the city's police.",
      "The agency has committed to never using facial recognition on protesters.",
      "Signatories agree that decisions to use lethal force must remain with humans.",
      "Campaigners want a treaty prohibiting killer robots.",
      "The founder vowed never to let the company's drones be armed.",
    ])
      assert.ok(isRedLine("news-note", s), s);
  });

  test("the same verbs about something harmless are none", () => {
    for (const s of [
      "The vendor declined to comment on the surveillance report.",
      "Reporters warned against reading too much into the poll.",
      "The company condemned the attack on its offices.",
      "Decisions on refunds remain with the Customer.",
      "The Supplier shall not dismiss staff without cause.",
      "Access to the building is restricted to badge holders.",
      "The police use facial recognition at football matches.",
      "Drone deliveries are limited to rural areas.",
    ])
      assert.deepEqual(redLines("news-note", s), [], s);
  });
});

describe("residency carve-outs in other words", () => {
  test("'apart from', a parent company's access, 'as a general rule'", () => {
    assert.deepEqual(loopholes("contract", "Customer Data stays in the United Kingdom, apart from telemetry."), ["apart from telemetry"]);
    assert.deepEqual(loopholes("contract", "All Customer Data is processed in Germany, although our parent company may access it for support."), ["parent company may access"]);
    assert.deepEqual(loopholes("contract", "Personal data is stored in the European Union as a general rule."), ["as a general rule"]);
    // A restriction is no carve-out: only the parent company's EU staff may access, and nothing apart from the promise.
    assert.deepEqual(loopholes("contract", "All Customer Data is processed in Germany, and only staff in Germany may access it."), []);
    assert.deepEqual(loopholes("contract", "Invoices are issued monthly, apart from the first invoice."), []);
  });
});

describe("limits by authorisation, illegality, blocking, and more verb forms", () => {
  test("red lines", () => {
    for (const s of [
      "Location data may only be used to track a person with a warrant.",
      "Agencies may use facial recognition only with prior judicial authorization.",
      "The bill would make it illegal for police to use facial recognition without a warrant.",
      "A federal judge blocked the use of the algorithm to cut disability benefits.",
      "The regulator ordered the broker to stop selling location data of its users.",
      "Tenant groups have pushed back against the use of predictive policing.",
    ])
      assert.ok(isRedLine("news-note", s), s);
    const items = "## What you cannot do\n\n- Build a tool that identifies protesters from photos.\n- Build a tool that resizes photos.";
    assert.deepEqual(redLines("policy", items), ["Build a tool that identifies protesters from photos."]);
  });

  test("the same forms about something harmless are none", () => {
    for (const s of [
      "The Supplier shall not transfer location data outside the European Union.",
      "It is illegal to park in front of the gate.",
      "The council blocked the use of the car park for events.",
      "Staff pushed back against the new rota.",
      "The Supplier shall not cut prices without notice.",
      "The Customer may only access the portal with a valid authorisation code.",
      "The Supplier may disclose data only pursuant to a court order.",
    ])
      assert.deepEqual(redLines("contract", s), [], s);
  });
});

describe("qualifiers that narrow a red line to its extreme case", () => {
  test("degree, a ground the user asserts, only rights-violating use, and what goes past a named need", () => {
    const cases: [string, string][] = [
      ["The model must not be used mainly for tracking people.", "mainly"],
      ["The Service shall not be used to monitor employees on a systematic basis.", "on a systematic basis"],
      ["The drone shall not engage targets without a human in the loop.", "without a human in the loop"],
      ["The Contractor shall not use the software to autonomously select targets.", "autonomously"],
      ["The system shall not be used to make final decisions on housing benefits.", "make final decisions"],
      ["The Supplier shall not use the platform for the surveillance of tenants without a legitimate purpose.", "without a legitimate purpose"],
      ["You may not use the services to track individuals in ways that violate their rights.", "in ways that violate"],
      ["The data shall not be used for profiling of customers beyond what is necessary for fraud prevention.", "beyond what is necessary for fraud prevention"],
    ];
    for (const [s, q] of cases) assert.deepEqual(loopholes("policy", s), [q], s);
  });

  test("the same words before the prohibition, or outside a red line, qualify nothing", () => {
    assert.deepEqual(loopholes("policy", "Used mainly by the translation team, the model must not be used for tracking people."), []);
    assert.deepEqual(loopholes("contract", "The Board shall make final decisions on the budget on a regular basis."), []);
    assert.deepEqual(loopholes("contract", "The Supplier shall not use the platform for the surveillance of tenants."), []);
  });
});
