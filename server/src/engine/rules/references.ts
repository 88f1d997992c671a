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
} as const;
