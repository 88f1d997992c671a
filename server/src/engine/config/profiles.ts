import type { z } from "zod";
import { REF } from "../rules/references";
import type { profileSchema } from "./schema";

/**
 * Built-in profiles (policy packs), as data in the same shape a user writes under
 * `profiles:` in .policylens.yaml, validated with the same schema. Each adds to the two
 * terms every contract needs (exit-strategy, data-residency).
 */
export const BUILTIN_PROFILES: Record<string, z.input<typeof profileSchema>> = {
  "eu-public-sector": {
    description:
      "EU public buyers: AI Act human oversight, GDPR processor terms and transfers (Arts. 28, 44–49), Data Act switching (Arts. 23–31), data kept in the EU/EEA under EU law.",
    requiredTerms: {
      contract: ["data-protection", "foreign-law-exposure", "jurisdiction", "audit-rights"],
      policy: ["human-oversight"],
    },
    severity: {
      // A transfer out of the EU/EEA without a Chapter V basis is unlawful, not merely risky.
      "loophole/residency-carve-out": "error",
    },
    customRules: [
      {
        id: "eu-public-sector/transfer-mechanism",
        category: "loophole",
        severity: "warning",
        patterns: [
          "standard contractual clauses|clause",
          "binding corporate rules",
          "adequacy decision|decisions",
          "data privacy framework",
          "transfer impact assessment|assessments",
        ],
        scope: { within: ["sovereignty"], terms: ["data-residency", "data-protection", "foreign-law-exposure"] },
        message: 'Loophole: transfer mechanism "{phrase}". Data may leave the EU/EEA under it.',
        explanation:
          "A residency or protection commitment that names a GDPR transfer tool (SCCs, BCRs, an adequacy decision) foresees transfers out of the EU/EEA. Decide whether any transfer is acceptable, and to which countries.",
        reference: REF.gdprTransfers,
      },
    ],
    clauses: {
      "data-residency": {
        title: "Data location",
        body: "The Supplier shall store and process all ${1:Contracting Authority} Data, including backups, logs and metadata, exclusively in the European Union or the European Economic Area, and shall make no transfer within the meaning of Chapter V of Regulation (EU) 2016/679 without the prior written consent of the ${1:Contracting Authority}.",
      },
      "exit-strategy": {
        title: "Switching and exit",
        body: "On request, and within a notice period of at most ${1:two months}, the Supplier shall enable the ${2:Contracting Authority} to switch to another provider or to its own infrastructure, with a transition period of at most thirty days, export of all exportable data and digital assets in a structured, commonly used and machine-readable format, and deletion of the data after export, as required by Articles 23 to 31 of Regulation (EU) 2023/2854 (Data Act).",
      },
      "data-protection": {
        title: "Data protection",
        body: "The Supplier shall process personal data only on documented instructions from the ${1:Contracting Authority}, under a contract meeting Article 28(3) of Regulation (EU) 2016/679, and shall assist the ${1:Contracting Authority} with data subject requests and data protection impact assessments.",
      },
      jurisdiction: {
        title: "Governing law and jurisdiction",
        body: "This Agreement is governed by the laws of ${1:the Contracting Authority's Member State}, and its courts have exclusive jurisdiction over any dispute arising out of or in connection with it.",
      },
    },
  },

  "dora-financial": {
    description:
      "Financial entities under DORA (Regulation (EU) 2022/2554), Arts. 28–30: exit strategy, data locations, audit and inspection, subcontracting, data return.",
    requiredTerms: {
      contract: ["audit-rights", "subcontracting", "data-protection"],
    },
    severity: {
      // Art. 30 makes these terms mandatory: a contract without them is non-compliant.
      "missing-term": "error",
    },
    customRules: [
      {
        id: "dora-financial/restricted-audit",
        category: "loophole",
        severity: "warning",
        patterns: [
          "once|twice per|a|every [calendar] year|annum",
          "no more than once|twice",
          "at most once|twice",
          "subject to ~3 prior consent|approval|agreement",
          "at the customer's|buyer's|entity's own cost|expense",
          "remote audit|audits only",
          "in lieu|instead of ~3 audit|audits|inspection|inspections",
        ],
        scope: { within: ["sovereignty"], terms: ["audit-rights"] },
        message: 'Loophole: restricted audit "{phrase}". DORA requires unrestricted access, inspection and audit rights.',
        explanation:
          "DORA Art. 30(3)(e) requires unrestricted rights of access, inspection and audit for the financial entity, an appointed third party and the competent authority; a frequency cap, consent requirement or certificate in lieu narrows them.",
        reference: REF.doraAudit,
      },
    ],
    clauses: {
      "exit-strategy": {
        title: "Exit strategy and transition",
        body: "The Supplier shall support the ${1:Financial Entity}'s exit strategy under Article 28(8) of Regulation (EU) 2022/2554: on termination for any reason it shall continue the services for a transition period of up to ${2:twelve months}, cooperate with the ${1:Financial Entity} and any successor provider, and return all data in an accessible format before deleting it.",
      },
      "data-residency": {
        title: "Locations of services and data",
        body: "The Supplier shall provide the services and store and process data only in ${1:the locations listed in Schedule 2}, and shall notify the ${2:Financial Entity} at least ${3:three months} in advance of any intended change of location.",
      },
      "audit-rights": {
        title: "Access, inspection and audit",
        body: "The ${1:Financial Entity}, any third party it appoints and the competent authority have unrestricted rights of access, inspection and audit of the Supplier's premises, systems, data and records, and may take copies of relevant documentation on site.",
      },
      subcontracting: {
        title: "Subcontracting",
        body: "The Supplier may subcontract ICT services supporting critical or important functions only with the prior written approval of the ${1:Financial Entity}, shall flow down all obligations of this Agreement, and remains fully responsible for the subcontractor's performance.",
      },
    },
  },

  defence: {
    description:
      "Defence and national security: red lines on surveillance, weapons and automated decisions; meaningful human control; cleared personnel; no foreign-law exposure.",
    requiredTerms: {
      contract: ["human-oversight", "personnel", "subcontracting", "foreign-law-exposure"],
      policy: ["human-oversight"],
    },
    requiredRedLines: {
      contract: ["surveillance", "weapons", "automated-decisions"],
      policy: ["surveillance", "weapons", "automated-decisions"],
    },
    severity: {
      // A qualifier that hollows out a red line on weapons or surveillance must block review.
      loophole: "error",
    },
    clauses: {
      personnel: {
        title: "Cleared personnel",
        body: "Only staff who hold a valid ${1:national security clearance at SECRET level} and are nationals of ${2:a NATO or EU member state} may administer the system, access ${3:Authority} Data or have access to the premises where it is processed.",
      },
      "human-oversight": {
        title: "Human judgment over the use of force",
        body: "The system shall be designed and operated so that commanders and operators exercise appropriate levels of human judgment over the use of force; no target shall be selected or engaged without a decision by an authorised human operator, and the ${1:Authority} may suspend the system at any time.",
      },
    },
  },
};
