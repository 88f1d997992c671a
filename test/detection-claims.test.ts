import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze, type DocumentKind } from "../server/src/engine";

// Claims beyond marker words, in sentences we wrote: what makes a sentence a claim the reader
// cannot check, and what keeps an ordinary or attributed sentence from being one.

function claimRules(kind: DocumentKind, body: string): string[] {
  const text = `---\nkind: ${kind}\n---\n\n# Test note\n\n${body}\n`;
  return analyze(text).findings.filter((f) => f.category === "claim").map((f) => f.rule);
}
const isClaim = (body: string, kind: DocumentKind = "news-note") => claimRules(kind, body).length > 0;

function expectClaims(sentences: string[], kind: DocumentKind = "news-note") {
  for (const s of sentences) assert.ok(isClaim(s, kind), `should be a claim: ${s}`);
}
function expectNoClaims(sentences: string[], kind: DocumentKind = "news-note") {
  for (const s of sentences) assert.deepEqual(claimRules(kind, s), [], `should not be a claim: ${s}`);
}

describe("firsts and superlatives", () => {
  test("a first or a ranking is a claim", () => {
    expectClaims([
      "The startup became the first to run a language model inside a sovereign enclave.",
      "It is the first-ever contract of its kind in the region.",
      "The agency now leads the world in satellite imaging.",
      "It was the country's first conviction for such a scheme, and for the first time ever a court named the vendor.",
      "The ruling is Germany's first successful challenge to a welfare algorithm.",
      "There is no real alternative to the incumbent's platform for classified workloads.",
      "The vendor describes its encryption as world-class.",
    ]);
  });

  test("a superlative among others, or a superlative idiom, ranks nothing and is not a claim", () => {
    expectNoClaims([
      "The deal covers some of the agency's most sensitive records.",
      "The tender was one of the largest procurements the city has run.",
      "The court weighed the best interests of the children concerned.",
      "The bill targets the worst excesses of workplace monitoring.",
      "The first meeting of the board is scheduled for March.",
    ]);
  });

  test("a first in the agent's own record is an event the reader can check, not a ranking", () => {
    expectNoClaims([
      "The ministry published its full list of suppliers for the first time.",
      "For the first time, the regulator fined a hosting company over a data transfer.",
    ]);
  });

  test("a negated superlative, a bound ('at the latest') and a goal rank nothing", () => {
    expectNoClaims([
      "The municipal cloud is not the only platform the council runs.",
      "The scanner isn't the fastest model on offer, the report notes.",
      "Bids are due at the latest by the end of June.",
      "At the most basic level, records must be encrypted at rest.",
      "The tender aims at securing the best mix of price and quality.",
    ]);
    expectClaims(["The municipal cloud is the only platform able to host classified files."]);
  });

  test("a superlative inside a definition says what a word means", () => {
    expectNoClaims(["The audit office's guidance defines 'value' as 'the most economic use of the least public money'."]);
    expectClaims(["The audit office says the new system gives the most economic use of public money."]);
  });
});

describe("the shape of a sentence", () => {
  test("a question asserts nothing, whatever its words", () => {
    expectNoClaims(["Could the supplier read the prompts of every agency?", "Is this the largest cloud contract the state has signed?"], "policy");
    expectNoClaims(["Could the tender be cancelled before the election?"]);
    expectClaims(["The tender could be cancelled before the election."]);
  });

  test("a headline in title case restates the story; the same words as a sentence are read", () => {
    expectNoClaims(["The Ministry Has Its Eye on the Leading Cloud Vendor, Which Just Dropped Its Pledge"]);
    expectClaims(["The ministry has its eye on the leading cloud vendor, which just dropped its pledge."]);
  });
});

describe("hedged reporting and allegations", () => {
  test("a view nobody is named for, and 'seemingly', are hedged", () => {
    expectClaims([
      "The incumbent is widely seen as the favourite for the follow-on contract.",
      "The consortium was generally regarded as too small to bid.",
      "The clause would seemingly rule out any use by the armed forces.",
    ]);
    expectNoClaims(["The incumbent is seen by the auditor as the favourite for the follow-on contract, the report says."]);
  });

  test("an allegation, an impersonal 'it appears' and a warning nobody gave are hedged", () => {
    expectClaims([
      "The supplier alleged that the evaluation panel had been biased.",
      "The dispute was marked by accusations of favouritism.",
      "It appears the agency had already chosen its preferred bidder.",
      "The council has been warned that the system cannot be audited.",
      "Staff were told that the audit logs would be deleted.",
      "Its rumoured partnership with a chip maker would double capacity.",
      "It is understood that the ministry has paused the tender.",
    ]);
  });

  test("the same verbs with a named agent, or as plain report verbs, are not hedged", () => {
    expectNoClaims([
      "The auditor reported its findings to the committee on Monday.",
      "The regulator warned the operator in a letter published on its website.",
      "The minister said the contract would be signed in June.",
    ]);
  });
});

describe("anonymous sourcing in its forms", () => {
  test("a source without a name is a claim, whatever the wording", () => {
    expectClaims([
      "A source inside the procurement office described the bid as rushed.",
      "The figures were confirmed by an unnamed official at the ministry.",
      "The plan was postponed, said one former employee of the contractor.",
      "Engineers who spoke anonymously said the audit logs were switched off.",
    ]);
  });

  test("'anonymous' that qualifies data or activity, not a source, is not sourcing", () => {
    expectNoClaims(["Users may post anonymous reviews of the service, and the operator keeps anonymous usage statistics."], "policy");
    expectNoClaims(["The service publishes anonymous usage statistics every quarter."]);
  });
});

describe("the writer's characterisations", () => {
  test("an unattributed verdict on an event is a claim in a news note", () => {
    expectClaims([
      "The cancellation marks a significant setback for the cloud programme.",
      "The ruling ends a tortuous dispute between the two vendors.",
      "The embattled agency has not replied.",
      "The design is inherently fragile.",
    ]);
  });

  test("the same verdict said on the record is the speaker's, not the writer's", () => {
    expectNoClaims(["The minister said the cancellation marks a significant setback for the programme."]);
  });
});

describe("speculation and expectations", () => {
  test("'are expected to' forecasts in news but states a requirement in a policy", () => {
    expectClaims(["The agency could soon drop its second supplier.", "The contract is expected to be signed in June."]);
    expectNoClaims(["Suppliers are expected to keep their systems patched within fourteen days."], "policy");
  });

  test("'it's unclear' is the contracted 'it is unclear'", () => {
    expectClaims(["It's unclear how the agency will enforce the ban on existing customers.", "It’s uncertain whether the vendor will appeal."]);
  });

  test("a modal inside a reported question is not a forecast", () => {
    expectNoClaims(["The judges considered whether under the old statute the prosecutors in that district could compel the provider to hand over the mail."]);
  });
});

describe("retracted content", () => {
  test("in a note that reports a retraction, what was said before is a claim", () => {
    const body = [
      "The commander previously said the test vehicle had left its corridor.",
      "",
      "The air force says no such test took place.",
      "",
      "The commander later said he misspoke.",
    ].join("\n");
    const text = `---\nkind: news-note\n---\n\n# Test note\n\n${body}\n`;
    const claims = analyze(text).findings.filter((f) => f.category === "claim").map((f) => text.slice(f.start, f.end));
    assert.ok(claims.includes("The commander previously said the test vehicle had left its corridor."), JSON.stringify(claims));
  });

  test("without a retraction, an earlier statement is only a report", () => {
    expectNoClaims(["The commander previously said the test vehicle had left its corridor."]);
  });
});

describe("claims do not run in contracts", () => {
  test("a contract's superlatives and allegations are drafting, not news", () => {
    assert.deepEqual(claimRules("contract", "The Supplier shall be the first point of contact for any allegation of a breach."), []);
  });
});

describe("unsourced scale", () => {
  test("a scale without a figure or a source is a claim; with a named source it is not", () => {
    expectClaims(["Customers are leaving the platform in record numbers.", "Personal data was harvested on an industrial scale.", "Cloud spending reached a record high this quarter."]);
    expectNoClaims(["Cloud spending reached a record high this quarter, according to the national statistics office."]);
  });
});

describe("unsourced multiples, shares and round counts", () => {
  test("a multiple, a share or a count in thousands without a source is a claim", () => {
    expectClaims([
      "Sign-ups to the rival service jumped fivefold in a week.",
      "Almost a third of hospitals have paused the pilot.",
      "Tens of thousands of residents opted out of the scheme.",
      "Millions of customers were left without access on Monday.",
    ]);
  });
  test("the same figures on the record are not", () => {
    expectNoClaims([
      "Almost a third of hospitals have paused the pilot, according to the health ministry's survey.",
      "The regulator said tens of thousands of residents opted out of the scheme.",
    ]);
  });
});

describe("universal reach, nobody-ever and unnamed characterisations", () => {
  test("claims", () => {
    expectClaims([
      "The scanner is deployed by every border force on the continent.",
      "The new model beats all competitors on every benchmark the lab tried.",
      "No one has ever audited the system end to end.",
      "Revenue has grown by a factor of four since the launch.",
      "The deal, worth an estimated 2 billion euros, was signed on Friday.",
      "Critics described the procurement as rushed.",
    ]);
  });
  test("not claims", () => {
    expectNoClaims(["The committee met on every Tuesday in March.", "The council published the contract on its website."]);
  });
});
