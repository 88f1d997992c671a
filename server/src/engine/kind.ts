import { perChunk, proseSlice, type DocumentChunk, type PolicyDocument } from "./model";
import type { DocumentKind } from "./types";

export interface KindDecision {
  kind: DocumentKind;
  source: "front-matter" | "inferred";
  /** Why: the signals counted, for hovers and debugging. */
  signals: Record<string, number>;
}

// What is counted in the prose, chunk by chunk (model.ts), so an edited document recounts
// only the edited chunk. No match spans a blank line, so the counts do not depend on where
// chunks split.
const PROSE_SIGNALS = {
  words: /\S+/g,
  shall: /\b(?:shall|hereby|hereunder|herein|thereof|whereas)\b/gi,
  parties: /\b(?:part(?:y|ies)|supplier|licensee|licensor|customer|buyer|contractor|provider)\b/gi,
  // Not across a blank line: the quoted term and its "means" are in one block.
  definitions: /["“](?:(?!(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n))[^"”]){2,40}["”](?:(?!(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n))\s)+(?:means|shall mean|has the meaning)/gi,
  reporting: /\b(?:said|says|told|according to|reported|reportedly|spokesperson|spokesman|spokeswoman|announced|confirmed|stated)\b/gi,
  quotes: /[“”]|"(?=\w)/g,
  dateline: /\b(?:on|last) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\byesterday\b/gi,
  policy: /\b(?:this (?:policy|standard|briefing|paper|guidance|guideline|note|ordinance|framework)|contracting authorit(?:y|ies)|policy statement|principles?|guidance|we will|staff must|must ensure|owners?|applies to|recommend(?:s|ed|ation|ations)?|committee)\b/gi,
  // How a document names itself ("this Agreement", "this policy") is the strongest signal.
  contractSelf: /\bthis (?:agreement|contract|call-off contract|licen[cs]e|order form|deed|addendum|amendment)\b/gi,
  policySelf: /\bthis (?:policy|standard|strategy|guidance|guideline|briefing|ordinance|framework|procedure)\b/gi,
  // RFC 2119 key words in capitals are how standards and policies state requirements.
  requirementKeywords: /\b(?:MUST|MUST NOT|SHOULD|SHOULD NOT|SHALL NOT)\b/g,
};
type ProseCounts = Record<keyof typeof PROSE_SIGNALS, number>;
const SIGNAL_NAMES = Object.keys(PROSE_SIGNALS) as (keyof typeof PROSE_SIGNALS)[];
const SIGNAL_PATTERNS = SIGNAL_NAMES.map((name) => PROSE_SIGNALS[name]);

/** Each signal's count, in SIGNAL_NAMES order. */
function countSignals(prose: string): number[] {
  return SIGNAL_PATTERNS.map((re) => prose.match(re)?.length ?? 0);
}

function chunkCounts(doc: PolicyDocument, chunk: DocumentChunk): number[] {
  return perChunk(chunk, PROSE_SIGNALS, () => countSignals(proseSlice(doc, chunk.start, chunk.end)));
}

function proseCounts(doc: PolicyDocument): ProseCounts {
  const total = SIGNAL_NAMES.map(() => 0);
  for (const chunk of doc.chunks) {
    const counts = chunkCounts(doc, chunk);
    for (let k = 0; k < total.length; k++) total[k] += counts[k];
  }
  return Object.fromEntries(SIGNAL_NAMES.map((name, k) => [name, total[k]])) as ProseCounts;
}

/**
 * Whether an edit inside chunk `k` alone (front matter untouched) leaves the kind decision
 * as it was: the chunk counts the same signals, and the title and clause count are the same.
 */
export function sameKindSignals(doc: PolicyDocument, before: PolicyDocument, k: number): boolean {
  const [now, was] = [chunkCounts(doc, doc.chunks[k]), chunkCounts(before, before.chunks[k])];
  return now.every((n, i) => n === was[i]) && doc.sections[0]?.title === before.sections[0]?.title && doc.clauses.length === before.clauses.length;
}

/**
 * The declared kind, or one inferred from the prose: contracts number their clauses and
 * say "shall"; news notes report speech ("said", "according to") and quote people;
 * policies state principles and owners.
 */
export function decideKind(doc: PolicyDocument): KindDecision {
  const declared = doc.frontMatter?.data.kind;
  const counts = proseCounts(doc);
  const words = Math.max(1, counts.words);
  const per1k = (n: number) => (n * 1000) / words;
  const title = (doc.frontMatter?.data.title ?? doc.sections[0]?.title ?? "").toLowerCase();
  const signals = {
    clauses: doc.clauses.length,
    shall: per1k(counts.shall),
    parties: per1k(counts.parties),
    definitions: counts.definitions + (doc.frontMatter?.data.parties ? 3 : 0),
    reporting: per1k(counts.reporting),
    quotes: per1k(counts.quotes),
    dateline: counts.dateline,
    policy: per1k(counts.policy),
    contractSelf: counts.contractSelf,
    policySelf: counts.policySelf,
    requirementKeywords: per1k(counts.requirementKeywords),
    contractTitle: /\b(?:agreement|contract|terms|licen[cs]e|addendum|amendment|call-off|framework)\b/.test(title) ? 1 : 0,
    policyTitle: /\b(?:policy|strategy|guidelines?|guidance|principles|standard|framework for|briefing|white paper|recommendations|code of practice|handbook|playbook|ordinance)\b/.test(title) ? 1 : 0,
  };
  if (declared) return { kind: declared, source: "front-matter", signals };
  const contract =
    Math.min(signals.clauses, 8) * 0.4 + signals.shall * 0.6 + Math.min(signals.parties, 12) * 0.15 + signals.definitions * 1.5 + signals.contractTitle * 3 + Math.min(signals.contractSelf, 5) * 1.5;
  const news = signals.reporting * 0.8 + signals.quotes * 0.3 + signals.dateline * 1.5;
  const policy = signals.policy * 0.6 + signals.policyTitle * 3 + signals.requirementKeywords * 0.3 + Math.min(signals.policySelf, 5) * 1.5;
  let kind: DocumentKind = "news-note";
  if (contract >= news && contract >= policy && contract > 1) kind = "contract";
  else if (policy > news && policy > contract) kind = "policy";
  return { kind, source: "inferred", signals: { ...signals, contract, news, policy } };
}
