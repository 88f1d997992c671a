// Legal and professional references cited by hovers. Kept in one place so every rule
// cites the same article the same way.
export const REF = {
  aiActArt5: {
    title: "EU AI Act (Regulation (EU) 2024/1689), Art. 5 — prohibited AI practices",
    url: "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
  },
  aiActArt14: {
    title: "EU AI Act (Regulation (EU) 2024/1689), Art. 14 — human oversight",
    url: "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
  },
  aiActArt2_3: {
    title: "EU AI Act (Regulation (EU) 2024/1689), Art. 2(3) — military, defence and national-security exclusion",
    url: "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
  },
  gdprArt22: {
    title: "GDPR (Regulation (EU) 2016/679), Art. 22 — automated individual decision-making",
    url: "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
  },
  gdprArt28: {
    title: "GDPR (Regulation (EU) 2016/679), Art. 28 — processors and sub-processors",
    url: "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
  },
  gdprTransfers: {
    title: "GDPR (Regulation (EU) 2016/679), Arts. 44–49 — transfers to third countries",
    url: "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
  },
  doraExit: {
    title: "DORA (Regulation (EU) 2022/2554), Art. 28(8) — exit strategies; Art. 30(3)(f) — exit terms",
    url: "https://eur-lex.europa.eu/eli/reg/2022/2554/oj",
  },
  doraLocations: {
    title: "DORA (Regulation (EU) 2022/2554), Art. 30(2)(b) — locations where data is processed and stored",
    url: "https://eur-lex.europa.eu/eli/reg/2022/2554/oj",
  },
  doraAudit: {
    title: "DORA (Regulation (EU) 2022/2554), Art. 30(3)(e) — access, inspection and audit rights",
    url: "https://eur-lex.europa.eu/eli/reg/2022/2554/oj",
  },
  doraSubcontracting: {
    title: "DORA (Regulation (EU) 2022/2554), Art. 30(2)(a) — conditions for subcontracting",
    url: "https://eur-lex.europa.eu/eli/reg/2022/2554/oj",
  },
  dataActSwitching: {
    title: "EU Data Act (Regulation (EU) 2023/2854), Arts. 23–31 — switching between data processing services",
    url: "https://eur-lex.europa.eu/eli/reg/2023/2854/oj",
  },
  secNumCloud: {
    title: "ANSSI SecNumCloud 3.2, §19.6 — protection against non-EU law",
    url: "https://cyber.gouv.fr/secnumcloud",
  },
  dodd300009: {
    title: "US DoD Directive 3000.09 — Autonomy in Weapon Systems (2023)",
    url: "https://www.esd.whs.mil/Directives/issuances/dodd/",
  },
  ombM2521: {
    title: "OMB Memorandum M-25-21 — minimum practices for high-impact AI",
    url: "https://www.whitehouse.gov/omb/",
  },
  romeBrussels: {
    title: "Rome I Regulation (EC) 593/2008, Art. 3 (choice of law); Brussels I bis (EU) 1215/2012, Art. 25 (choice of court)",
    url: "https://eur-lex.europa.eu/eli/reg/2012/1215/oj",
  },
  sourcing: {
    title: "SPJ Code of Ethics — identify sources clearly; consider sources' motives before promising anonymity",
    url: "https://www.spj.org/ethicscode.asp",
  },
  verify: {
    title: "SPJ Code of Ethics — verify information before releasing it; use original sources whenever possible",
    url: "https://www.spj.org/ethicscode.asp",
  },
  accuracy: {
    title: "SPJ Code of Ethics — take responsibility for the accuracy of your work",
    url: "https://www.spj.org/ethicscode.asp",
  },
  oversimplify: {
    title: "SPJ Code of Ethics — provide context; take special care not to misrepresent or oversimplify",
    url: "https://www.spj.org/ethicscode.asp",
  },
  allegations: {
    title: "SPJ Code of Ethics — diligently seek subjects of news coverage to respond to criticism or allegations of wrongdoing",
    url: "https://www.spj.org/ethicscode.asp",
  },
  commentary: {
    title: "SPJ Code of Ethics — label advocacy and commentary",
    url: "https://www.spj.org/ethicscode.asp",
  },
  ipsoCorrections: {
    title: "IPSO Editors' Code of Practice, Clause 1(ii) — correct a significant inaccuracy promptly and with due prominence",
    url: "https://www.ipso.co.uk/editors-code-of-practice/",
  },
  ipsoConjecture: {
    title: "IPSO Editors' Code of Practice, Clause 1(iv) — distinguish clearly between comment, conjecture and fact",
    url: "https://www.ipso.co.uk/editors-code-of-practice/",
  },
  ipsoMisleading: {
    title: "IPSO Editors' Code of Practice, Clause 1(i) — no inaccurate, misleading or distorted information",
    url: "https://www.ipso.co.uk/editors-code-of-practice/",
  },
  aiActArt5Effect: {
    title: "EU AI Act (Regulation (EU) 2024/1689), Art. 5(1)(a)–(b) — practices prohibited by their objective or effect, not by intent alone",
    url: "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
  },
  aiActArt5Exceptions: {
    title: "EU AI Act (Regulation (EU) 2024/1689), Art. 5(2)–(3) — exceptions only for listed purposes, each authorised in advance",
    url: "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
  },
  iccprArt2: {
    title: "ICCPR, Arts. 2(1) and 17 — privacy respected for all individuals within a state's jurisdiction, not only its nationals",
    url: "https://www.ohchr.org/en/instruments-mechanisms/instruments/international-covenant-civil-and-political-rights",
  },
  ungp23: {
    title: "UN Guiding Principles on Business and Human Rights, Principle 23 — respect human rights wherever the law falls short",
    url: "https://www.ohchr.org/en/publications/reference-publications/guiding-principles-business-and-human-rights",
  },
  unidroitModification: {
    title: "UNIDROIT Principles of International Commercial Contracts, Art. 2.1.18 — modification in a particular form",
    url: "https://www.unidroit.org/instruments/commercial-contracts/",
  },
  farPart43: {
    title: "US Federal Acquisition Regulation, Part 43 — contract modifications",
    url: "https://www.acquisition.gov/far/part-43",
  },
  edpbSupplementary: {
    title: "EDPB Recommendations 01/2020 — measures that supplement transfer tools",
    url: "https://www.edpb.europa.eu/our-work-tools/our-documents/recommendations/recommendations-012020-measures-supplement-transfer_en",
  },
  gdprArt28Audit: {
    title: "GDPR (Regulation (EU) 2016/679), Art. 28(3)(h) — audits, including inspections, by the controller",
    url: "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
  },
  gdprArt28Subprocessors: {
    title: "GDPR (Regulation (EU) 2016/679), Art. 28(2) and (4) — sub-processors only with authorisation, bound by the same obligations",
    url: "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
  },
  personnelVetting: {
    title: "ANSSI SecNumCloud 3.2 — personnel security requirements and protection against non-EU law",
    url: "https://cyber.gouv.fr/secnumcloud",
  },
  gdprArt48: {
    title: "GDPR (Regulation (EU) 2016/679), Art. 48 — a foreign authority's demand is enforceable only under an international agreement",
    url: "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
  },
  gdprArt7Consent: {
    title: "GDPR (Regulation (EU) 2016/679), Art. 7 and Recital 43 — consent must be freely given and is no basis where there is a clear imbalance",
    url: "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
  },
  edpbTransferInterplay: {
    title: "EDPB Guidelines 05/2021 — the interplay between Art. 3 and Chapter V GDPR (what is a transfer)",
    url: "https://www.edpb.europa.eu/our-work-tools/our-documents/guidelines/guidelines-052021-interplay-between-application-article-3_en",
  },
  ebaOutsourcingAudit: {
    title: "EBA Guidelines on outsourcing arrangements (EBA/GL/2019/02), Section 13.3 — access, information and audit rights",
  },
  coeAiConventionOversight: {
    title: "Council of Europe Framework Convention on Artificial Intelligence (CETS No. 225), Art. 8 — transparency and oversight",
    url: "https://www.coe.int/en/web/artificial-intelligence/the-framework-convention-on-artificial-intelligence",
  },
  gdprArt5Limitation: {
    title: "GDPR (Regulation (EU) 2016/679), Art. 5(1)(b) and (e) — purpose limitation and storage limitation",
    url: "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
  },
  unfairTermsRemedies: {
    title: "Unfair Contract Terms Directive 93/13/EEC, Annex point 1(b) — terms that inappropriately exclude or limit the other party's remedies",
    url: "https://eur-lex.europa.eu/eli/dir/1993/13/oj",
  },
} as const;
