// Deterministic corpus of contract-like Markdown for the benchmarks. The same seed gives
// the same bytes on every machine, so anyone can reproduce the README's figures.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Bump when the generator's output changes, so stale corpora are rebuilt. */
const GENERATOR_VERSION = 3;

/** The corpora of issue 6: name, document count and target size of each document. */
export const CORPORA = [
  { name: "small", count: 1000, bytes: 4 * 1024, label: "1,000 × 4 KB" },
  { name: "medium", count: 50, bytes: 100 * 1024, label: "50 × 100 KB" },
  { name: "large", count: 3, bytes: 2 * 1024 * 1024, label: "3 × 2 MB" },
];
export const CONTRACT_1MB = { name: "contract-1mb.md", bytes: 1024 * 1024 };

/** mulberry32: a small, fast, seedable PRNG (Math.random cannot be seeded). */
export function makeRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

const AUTHORITIES = ["the Authority", "the Ministry", "the City", "the Agency", "the Customer", "the Department", "the Council", "the Buyer"];
const SUPPLIERS = ["the Supplier", "the Provider", "the Contractor", "the Licensor", "the Vendor"];
const PLACES = ["the European Union", "the EU", "Germany", "France", "the Netherlands", "Austria", "Ireland", "the European Economic Area", "Finland", "Belgium"];
const COURTS = ["Vienna", "Paris", "Amsterdam", "Dublin", "Frankfurt", "Brussels", "Helsinki"];
const NUMBERS = ["five (5)", "ten (10)", "thirty (30)", "sixty (60)", "ninety (90)", "twelve (12)", "twenty-four (24)"];
const UNITS = ["days", "business days", "months", "weeks"];
const DATA = ["Customer Data", "Authority Data", "Personal Data", "Operational Data", "telemetry and support logs", "prompts, embeddings and outputs"];
const SERVICES = ["the Services", "the Platform", "the Model", "the Hosted Solution", "the Deliverables", "the AI System"];
const TOPIC_TITLES = ["Definitions", "Services", "Permitted use", "Data location", "Data protection", "Security", "Audit", "Subcontracting", "Personnel", "Exit and transition", "Charges", "Liability", "Governing law", "Term and termination", "Intellectual property", "Confidentiality", "Service levels", "Human oversight", "Change control", "Notices"];

// Clause templates: functions of the PRNG, using the vocabulary the rules look for
// (red lines, loopholes, sovereignty terms, claims) and plenty of ordinary legal prose.
const CLAUSES = [
  (r) => `${cap(r.pick(SUPPLIERS))} shall provide ${r.pick(SERVICES)} in accordance with Schedule ${1 + r.int(6)} and the service levels in Annex ${1 + r.int(4)}.`,
  (r) => `${cap(r.pick(SERVICES))} shall not be used for mass surveillance of ${r.pick(["citizens", "residents", "employees", "patients", "the public"])}.`,
  (r) => `${cap(r.pick(SUPPLIERS))} shall not intentionally use ${r.pick(DATA)} to track or profile individual ${r.pick(["users", "patients", "residents", "passengers"])}, except as otherwise agreed in writing.`,
  (r) => `All ${r.pick(DATA)}, including backups, shall be stored and processed only in data centres located in ${r.pick(PLACES)}.`,
  (r) => `${cap(r.pick(DATA))} may be transferred outside ${r.pick(PLACES)} where required for support, subject to appropriate safeguards.`,
  (r) => `${cap(r.pick(SUPPLIERS))} shall maintain an exit plan, agreed with ${r.pick(AUTHORITIES)} within ${r.pick(NUMBERS)} ${r.pick(UNITS)} of signature and reviewed every year.`,
  (r) => `On termination ${r.pick(SUPPLIERS)} shall provide transition assistance, return all ${r.pick(DATA)} in open formats, and then erase it and certify the erasure.`,
  (r) => `This Agreement is governed by the laws of ${r.pick(PLACES)}, and the courts of ${r.pick(COURTS)} have exclusive jurisdiction.`,
  (r) => `${cap(r.pick(AUTHORITIES))}, or an auditor it appoints, may audit the facilities, systems and records of ${r.pick(SUPPLIERS)} on ${r.pick(NUMBERS)} ${r.pick(UNITS)}' notice.`,
  (r) => `${cap(r.pick(SUPPLIERS))} shall obtain the prior written approval of ${r.pick(AUTHORITIES)} before appointing any subcontractor or sub-processor.`,
  (r) => `${cap(r.pick(SERVICES))} will not be used to make automated decisions about benefits, asylum or detention without review by a qualified person.`,
  (r) => `${cap(r.pick(SUPPLIERS))} may use ${r.pick(SERVICES)} for all lawful purposes, including those permitted by applicable law.`,
  (r) => `${cap(r.pick(SUPPLIERS))} shall process Personal Data only on documented instructions and in accordance with the GDPR.`,
  (r) => `${cap(r.pick(SUPPLIERS))} shall notify ${r.pick(AUTHORITIES)} within ${r.pick(NUMBERS)} ${r.pick(UNITS)} of any request by a foreign government to access ${r.pick(DATA)}.`,
  (r) => `${cap(r.pick(AUTHORITIES))} shall pay each valid invoice within ${r.pick(NUMBERS)} ${r.pick(UNITS)} of receipt, as set out in Schedule ${1 + r.int(5)}.`,
  (r) => `Each party's aggregate liability under this Agreement is capped at the charges paid in the ${r.pick(["twelve", "eighteen", "twenty-four"])} months before the claim.`,
  (r) => `Neither party shall disclose the other party's Confidential Information except to its advisers who need to know it.`,
  (r) => `${cap(r.pick(SUPPLIERS))} shall ensure that a human operator can review, override and stop any output of ${r.pick(SERVICES)} before it takes effect.`,
  (r) => `Key personnel assigned to ${r.pick(SERVICES)} shall hold a security clearance and be resident in ${r.pick(PLACES)}.`,
  (r) => `${cap(r.pick(SERVICES))} shall never be used for targeting or any autonomous weapon system, unless required by national law.`,
  (r) => `The parties shall meet every ${r.pick(["month", "quarter", "six months"])} to review performance, risks and the change log (see [the governance guide](https://example.org/governance/${r.int(1000)})).`,
  (r) => `Any change to ${r.pick(SERVICES)} requires a Change Note signed by both parties${r.chance(0.3) ? `[^${1 + r.int(FOOTNOTES)}]` : ""}.`,
  (r) => `${cap(r.pick(SUPPLIERS))} reportedly agreed to host a copy of ${r.pick(DATA)} outside ${r.pick(PLACES)} for disaster recovery.`,
  // Ordinary boilerplate, so findings are about as dense as in a real contract.
  (r) => `Neither party may assign or novate this Agreement without the prior written consent of the other party, which shall not be unreasonably withheld.`,
  (r) => `Notices under this Agreement shall be in writing and delivered by hand or by recorded delivery to the address in Schedule ${1 + r.int(6)}.`,
  (r) => `If any provision of this Agreement is held invalid, the remaining provisions continue in full force and effect.`,
  (r) => `Neither party is liable for any delay caused by events beyond its reasonable control, provided it notifies the other party within ${r.pick(NUMBERS)} ${r.pick(UNITS)}.`,
  (r) => `${cap(r.pick(SUPPLIERS))} warrants that ${r.pick(SERVICES)} will perform materially in accordance with the Specification for ${r.pick(NUMBERS)} months from acceptance.`,
  (r) => `${cap(r.pick(SUPPLIERS))} shall maintain professional indemnity insurance of not less than ${1 + r.int(9)} million euros for the term of this Agreement.`,
  (r) => `This Agreement constitutes the entire agreement between the parties and supersedes all prior discussions and understandings.`,
  (r) => `This Agreement may be executed in any number of counterparts, each of which is an original.`,
  (r) => `Acceptance tests shall be run on each release of ${r.pick(SERVICES)} in the presence of a representative of ${r.pick(AUTHORITIES)}.`,
  (r) => `Service credits accrue at ${1 + r.int(9)} per cent of the monthly charges for each hour of unavailability beyond the agreed threshold.`,
  (r) => `All intellectual property rights in the Deliverables vest in ${r.pick(AUTHORITIES)} on payment.`,
  (r) => `The charges are fixed for the first ${r.pick(["twelve", "eighteen", "twenty-four"])} months and may then be indexed once a year.`,
  (r) => `${cap(r.pick(AUTHORITIES))} shall give ${r.pick(SUPPLIERS)} reasonable access to its premises during normal working hours.`,
  (r) => `Each party shall appoint a contract manager, who is its first point of contact for all matters under this Agreement.`,
  (r) => `"${r.pick(["Authorised User", "Incident", "Deliverable", "Service Credit", "Working Day"])}" means the term defined in Schedule ${1 + r.int(6)}, as amended from time to time.`,
];

/** Every document defines footnotes [^1]…[^FOOTNOTES] at its end. */
const FOOTNOTES = 3;
const cap = (s) => s[0].toUpperCase() + s.slice(1);

function sentences(r, n) {
  let out = [];
  for (let i = 0; i < n; i++) out.push(r.pick(CLAUSES)(r));
  return out.join(" ");
}

/** One numbered section: clauses, and now and then a list, a table, a quote or code. */
function section(r, n) {
  const title = r.pick(TOPIC_TITLES);
  const parts = [r.chance(0.5) ? `## ${n}. ${title}` : `## Clause ${n} — ${title}`, ""];
  const clauses = 2 + r.int(5);
  for (let c = 1; c <= clauses; c++) {
    parts.push(`${n}.${c} ${sentences(r, 1 + r.int(3))}`, "");
    const extra = r.next();
    if (extra < 0.12) {
      for (let i = 0; i < 2 + r.int(3); i++) parts.push(`- ${r.chance(0.3) ? "**" + r.pick(TOPIC_TITLES) + "**: " : ""}${sentences(r, 1)}`);
      parts.push("");
    } else if (extra < 0.2) {
      for (let i = 1; i <= 2 + r.int(3); i++) parts.push(`${i}. ${sentences(r, 1)}`);
      parts.push("");
    } else if (extra < 0.26) {
      parts.push("| Item | Location | Notice |", "|---|---|---|");
      for (let i = 0; i < 2 + r.int(4); i++) parts.push(`| ${r.pick(DATA)} | ${r.pick(PLACES)} | ${r.pick(NUMBERS)} ${r.pick(UNITS)} |`);
      parts.push("");
    } else if (extra < 0.3) {
      parts.push(`> ${sentences(r, 1 + r.int(2))}`, "");
    } else if (extra < 0.32) {
      parts.push("```yaml", `retention: ${r.pick(NUMBERS)}`, `region: "${r.pick(PLACES)}"`, "note: no surveillance, reportedly", "```", "");
    } else if (extra < 0.35) {
      parts.push(`${sentences(r, 1)} See ${r.pick(["*Annex A*", "_Schedule 2_", "`annex-b.md`"])} and <https://example.org/terms/${r.int(10000)}>.`, "");
    }
  }
  return parts.join("\n");
}

/** A contract of roughly `bytes` bytes (UTF-8; the corpus is ASCII except for a few dashes). */
export function contract(seed, bytes) {
  const r = makeRandom(seed);
  const parties = `[${cap(r.pick(AUTHORITIES).replace(/^the /, ""))} of ${r.pick(COURTS)}, ${r.pick(["Aurora Compute SE", "Parlance Bots Ltd", "Northwind Cloud BV", "Helix Analytics GmbH"])}]`;
  const head = [
    "---",
    "kind: contract",
    `title: Services agreement ${seed}`,
    `parties: ${parties}`,
    "---",
    "",
    `# Services Agreement ${seed}`,
    "",
    `This Agreement is made between ${r.pick(AUTHORITIES)} and ${r.pick(SUPPLIERS)} for the supply of ${r.pick(SERVICES)}.`,
    "",
  ].join("\n");
  const parts = [head];
  let size = head.length;
  const footnotes = [];
  for (let i = 1; i <= FOOTNOTES; i++) footnotes.push(`[^${i}]: ${sentences(r, 1)}`);
  const tail = footnotes.join("\n") + "\n";
  size += tail.length;
  // Sections until the next one would overshoot the target by more than half its length.
  for (let n = 1; ; n++) {
    const s = section(r, n) + "\n";
    if (n > 1 && size + s.length / 2 > bytes) break;
    parts.push(s);
    size += s.length + 1;
  }
  parts.push(tail);
  return parts.join("\n");
}

/** Writes the corpora under `root` unless they are already there for this generator version. */
export function ensureCorpus(root) {
  const stamp = join(root, "corpus.json");
  const want = JSON.stringify({ version: GENERATOR_VERSION, corpora: CORPORA, contract: CONTRACT_1MB });
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) return describe(root);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  CORPORA.forEach((c, ci) => {
    const dir = join(root, c.name);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < c.count; i++) writeFileSync(join(dir, `doc-${String(i).padStart(4, "0")}.md`), contract(1_000_000 * (ci + 1) + i, c.bytes));
  });
  writeFileSync(join(root, CONTRACT_1MB.name), contract(42, CONTRACT_1MB.bytes));
  // Runs markdownlint-cli2 with its default rules only, whatever the repository configures.
  writeFileSync(join(root, ".markdownlint-cli2.jsonc"), JSON.stringify({ config: { default: true }, noProgress: true, noBanner: true }, null, 2) + "\n");
  writeFileSync(stamp, want);
  return describe(root);
}

function describe(root) {
  const hash = createHash("sha256");
  const corpora = CORPORA.map((c) => {
    let total = 0;
    for (let i = 0; i < c.count; i++) {
      const bytes = readFileSync(join(root, c.name, `doc-${String(i).padStart(4, "0")}.md`));
      total += bytes.length;
      hash.update(bytes);
    }
    return { ...c, dir: join(root, c.name), totalBytes: total };
  });
  return { corpora, contract: join(root, CONTRACT_1MB.name), sha256: hash.digest("hex").slice(0, 12) };
}
