// A small portfolio we wrote, for the report and coverage-view tests: contracts under
// different profiles, a policy and news notes (two with awkward file names), and the
// coverage matrix a reviewer would write down for it by hand.
import type { CoverageState } from "../../server/src/engine";

export const PORTFOLIO: Record<string, string> = {
  "contracts/cloud-dora.md": `---
kind: contract
profile: dora-financial
---
# Cloud services agreement

## 1. Exit

1.1 On termination the Supplier shall provide an exit plan and transition assistance and return all customer data in a portable format.

## 2. Data location

2.1 The Supplier shall keep all customer data in the European Union, except where the Supplier deems a transfer necessary for operational reasons.

## 3. Audit

3.1 The Customer has the right to audit the Supplier's premises and records.
`,
  "contracts/chatbot-terms.md": `---
kind: contract
---
# Chatbot subscription terms

## 1. Service

1.1 The Supplier shall provide the chatbot service with an availability of 99.5 percent per month.

## 2. Hosting

2.1 The Supplier may host customer data in any country.
`,
  "policies/agency-ai-use.md": `---
kind: policy
profile: eu-public-sector
---
# Agency policy on the use of AI systems

1. The agency shall not use any AI system for facial recognition of people in public spaces.
2. A trained official shall review and may override every decision an AI system proposes about a person.
`,
  'notes/brief, "draft".md': `---
kind: news-note
---
# Briefing on the hosting deal

People familiar with the negotiations say the ministry will sign the hosting deal next month.
`,
  "notes/pipe|and_*stars*_.md": `---
kind: news-note
---
# Note on the model licence

The licence was reportedly changed after the announcement.
`,
};

type Expected = { cells: Record<string, CoverageState>; redLines: number };
export const EXPECTED_MATRIX: Record<string, Expected> = {
  "contracts/cloud-dora.md": {
    cells: { "exit-strategy": "present", "data-residency": "weak", "audit-rights": "present", subcontracting: "missing", "data-protection": "missing" },
    redLines: 0,
  },
  "contracts/chatbot-terms.md": { cells: { "exit-strategy": "missing", "data-residency": "weak" }, redLines: 0 },
  "policies/agency-ai-use.md": { cells: { "human-oversight": "present" }, redLines: 1 },
  'notes/brief, "draft".md': { cells: {}, redLines: 0 },
  "notes/pipe|and_*stars*_.md": { cells: {}, redLines: 0 },
};
