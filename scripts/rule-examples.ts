// One example per rule for docs/rules.md: sentences we wrote (never a real document's).
// The generator analyses each one and prints the message the engine gives it, so the docs
// show what a user sees; a rule without an example, or whose example does not trigger it,
// fails `npm run docs` and the rule-docs test.
import type { DocumentKind } from "../server/src/engine";

export interface RuleExample {
  /** The sentence shown in the docs. */
  sentence: string;
  kind?: DocumentKind;
  /** A built-in profile the example is checked under (the rule may exist only there). */
  profile?: string;
  /** Sentences before the example that it needs: the red line a reopener reopens. */
  context?: string;
}

const RED_LINE = "The Supplier shall not use the Service for mass surveillance of residents.";

export const RULE_EXAMPLES: Record<string, RuleExample> = {
  "red-line/prohibited-use": { sentence: "The Supplier shall not use the Service for facial recognition of people in public spaces." },
  "loophole/intent-test": { sentence: "The Supplier shall not knowingly use the Service to track residents." },
  "loophole/protected-class": { sentence: "The Supplier shall not use the Service to monitor EU citizens." },
  "loophole/deference-to-law": { sentence: "The Supplier shall not, unless required by law, use the Service for surveillance of residents." },
  "loophole/conditional-scope": { sentence: "The Service shall not be used for profiling of residents, except as otherwise agreed by the parties." },
  "loophole/degree": { sentence: "The Service shall not be used solely to decide on benefits." },
  "loophole/permitted-exception": { sentence: "We may allow facial recognition of travellers for selected border agencies.", context: RED_LINE },
  "loophole/deferred-safeguard": { sentence: "The Service shall not be used to track people in public spaces without a court's prior authorisation or without undue delay after the tracking starts." },
  "loophole/reasonableness": { sentence: "The Supplier shall give the Customer's auditors access to its premises to the extent commercially reasonable." },
  "loophole/reopener": { sentence: "The Supplier shall not use the Service for mass surveillance of residents until further notice." },
  "loophole/follow-on-modification": { sentence: "Any wider use of the Service requires a follow-on modification of this Agreement.", context: RED_LINE },
  "loophole/carve-out-of-scope": { sentence: "Nothing in this clause restricts the use of the Service for border surveillance.", context: RED_LINE },
  "loophole/carve-out-clause": { sentence: "The restrictions in this clause do not apply to the national police.", context: RED_LINE },
  "loophole/residency-carve-out": { sentence: "Customer Data shall be stored in the European Union but may be transferred to the Supplier's affiliates where reasonably necessary." },
  "loophole/party-judgement": { sentence: "The Supplier will disclose Customer Data to a foreign authority only under a court order, or where the Supplier considers a disclosure necessary to avert an emergency." },
  "loophole/no-guarantee": { sentence: "Customer Data is hosted in Frankfurt, but we cannot guarantee that copies in transit stay within the European Union." },
  "loophole/consent-condition": { sentence: "The Service shall not be used to track the location of employees without their consent." },
  "loophole/party-chosen-check": { sentence: "The Customer's audit rights are exercised through an independent auditor appointed by the Supplier." },
  "loophole/vague-oversight": { sentence: "The Supplier shall ensure appropriate human oversight of every automated decision on benefits." },
  "loophole/exit-only-remedy": { sentence: "If the Customer objects to a new sub-processor, the Customer's sole remedy is to terminate the affected Services." },
  "loophole/retained-copies": { sentence: "On expiry the Supplier shall delete all Customer Data, other than copies held in its archival backups." },
  "loophole/vague-necessity": { sentence: "On termination the Supplier shall delete all Customer Data, except where retention is necessary to protect its systems." },
  "eu-public-sector/transfer-mechanism": {
    sentence: "Personal data may be transferred outside the European Union under standard contractual clauses.",
    profile: "eu-public-sector",
  },
  "dora-financial/restricted-audit": { sentence: "The Customer may audit the Supplier's premises and records once per year, at the Customer's own cost.", profile: "dora-financial" },
  "sovereignty/data-residency": { sentence: "The Supplier shall store all Customer Data, including backups, only in data centres located in the European Union." },
  "sovereignty/exit-strategy": { sentence: "On termination the Supplier shall return all Customer Data in an open format and then delete it." },
  "sovereignty/jurisdiction": { sentence: "This Agreement is governed by Belgian law, and the courts of Brussels have exclusive jurisdiction." },
  "sovereignty/data-protection": { sentence: "The Supplier shall process personal data only on documented instructions from the Customer." },
  "sovereignty/foreign-law-exposure": { sentence: "The Supplier shall refuse any request for Customer Data made by foreign authorities and notify the Customer of it." },
  "sovereignty/audit-rights": { sentence: "The Customer may audit the Supplier's premises and records once a year." },
  "sovereignty/personnel": { sentence: "Only staff with a national security clearance may administer the production environment." },
  "sovereignty/subcontracting": { sentence: "The Supplier shall not subcontract any part of the Services without the Customer's prior written approval." },
  "sovereignty/human-oversight": { sentence: "Every output of the system shall be reviewed by a qualified human, who may override the system." },
  "missing-term/data-residency": { sentence: "The Supplier shall provide the hosting service for two years." },
  "missing-term/exit-strategy": { sentence: "The Supplier shall provide the hosting service for two years." },
  "missing-term/jurisdiction": { sentence: "The Supplier shall provide the hosting service for two years.", profile: "eu-public-sector" },
  "missing-term/data-protection": { sentence: "The Supplier shall provide the hosting service for two years.", profile: "eu-public-sector" },
  "missing-term/foreign-law-exposure": { sentence: "The Supplier shall provide the hosting service for two years.", profile: "eu-public-sector" },
  "missing-term/audit-rights": { sentence: "The Supplier shall provide the hosting service for two years.", profile: "eu-public-sector" },
  "missing-term/personnel": { sentence: "The Supplier shall provide the analysis service for two years.", profile: "defence" },
  "missing-term/subcontracting": { sentence: "The Supplier shall provide the hosting service for two years.", profile: "dora-financial" },
  "missing-term/human-oversight": { sentence: "The Supplier shall provide the analysis service for two years.", profile: "defence" },
  "missing-red-line/surveillance": { sentence: "The Supplier shall provide the analysis service for two years.", profile: "defence" },
  "missing-red-line/weapons": { sentence: "The Supplier shall provide the analysis service for two years.", profile: "defence" },
  "missing-red-line/automated-decisions": { sentence: "The Supplier shall provide the analysis service for two years.", profile: "defence" },
  "claim/anonymous-source": { sentence: "The ministry will sign the deal next week, according to two people familiar with the talks.", kind: "news-note" },
  "claim/hedged-reporting": { sentence: "The vendor reportedly offered to drop its usage limits.", kind: "news-note" },
  "claim/retracted": { sentence: "The minister later retracted her statement that the contract had been signed.", kind: "news-note" },
  "claim/speculation": { sentence: "The agreement could eventually cover the whole civil service.", kind: "news-note" },
  "claim/absolute": { sentence: "The startup builds the safest model in the world.", kind: "news-note" },
  "claim/allegation": { sentence: "The losing bidder alleged that the panel had favoured the incumbent.", kind: "news-note" },
  "claim/characterisation": { sentence: "The ruling marks a major setback for the ministry's cloud plans.", kind: "news-note" },
  "claim/sweeping-generalisation": { sentence: "Nearly every ministry now uses the assistant.", kind: "news-note" },
  "claim/unsourced-statistic": { sentence: "Use of the assistant rose 40% in a month.", kind: "news-note" },
  "document/front-matter": { sentence: "A front matter that says `kind: memo`, a kind Policy Lens does not know." },
  "document/placeholder": { sentence: "The Supplier shall deliver an exit plan within [[three months]]." },
  "document/skipped": { sentence: "A 6 MB export saved as Markdown, over the 5 MB limit." },
  "document/time-budget": { sentence: "A document whose analysis runs past its time budget." },
  "document/unsupported-language": { sentence: "Le prestataire conserve les données du client dans des centres situés en France, et il ne les transfère pas vers un pays tiers sans l'accord écrit du client, qui est seul compétent pour le décider." },
  "document/unused-suppression": { sentence: "The Supplier shall provide the service. <!-- policy-lens-disable-line claim -->" },
  "document/unknown-rule": { sentence: "The Supplier shall provide the service. <!-- policy-lens-disable-line loophole/intent -->" },
};
