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
  // A defined term in parentheses: (the "Agreement"), ("Customer Data").
  parenDefinitions: /\((?:the |each |collectively |together )?["“][^"”\n]{2,40}["”]\)/gi,
  reporting: /\b(?:said|says|told|according to|reported|reportedly|spokesperson|spokesman|spokeswoman|announced|confirmed|stated|added|noted|warned|wrote|explained|declined to comment|did not respond)\b/gi,
  quotes: /[“”]|"(?=\w)/g,
  // When the event happened, as news dates it; a contract dates itself "as of" a date.
  dateline:
    /\b(?:on|last|since|until|by|from|this|next|late|early) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\byesterday\b|\b(?:earlier|later) this (?:week|month|year)\b|\blast (?:week|month|year)\b|\bon \d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\((?:reuters|ap|afp|dpa|bloomberg)\)/gi,
  policy: /\b(?:this (?:policy|standard|briefing|paper|guidance|guideline|note|ordinance|framework)|policy statement|principles?|guidance|we will|staff must|must ensure|(?:policy|risk|data|system|information|asset|service|process) owners?|applies to|recommend(?:s|ed|ation|ations)?|committee)\b/gi,
  // How a document names itself ("this Agreement", "this policy") is the strongest signal.
  contractSelf: /\bthis (?:agreement|contract|call-off contract|licen[cs]e|order form|deed|addendum|amendment)\b|\bthese (?:terms|conditions)\b/gi,
  policySelf: /\bthis (?:policy|standard|strategy|guidance|guideline|briefing|ordinance|framework|procedure)\b|\bpolicy (?:brief|paper)\b|\b(?:white|discussion|working|position) paper\b/gi,
  // RFC 2119 key words in capitals are how standards and policies state requirements; a
  // capital SHALL between lower-case words is one too (a contract's capitals are whole
  // disclaimers: "IN NO EVENT SHALL").
  // (Bounded and without a look-behind: the mask blanks code to long runs of spaces.)
  requirementKeywords: /\b(?:MUST|MUST NOT|SHOULD|SHOULD NOT|SHALL NOT)\b|[a-z,][ \t]{1,4}SHALL(?=[ \t]{1,4}[a-z])/g,
  // Legislation names itself and its parts ("this Regulation", "subparagraph (a)", "this
  // section") and obliges states and authorities ("Member States shall").
  regulation:
    /\bthis (?:Regulation|Directive|Decision|Act|chapter|subchapter|title|section|subsection|paragraph|subparagraph|subdivision|article)\b|\b(?:Member States?|the Commission|(?:competent|supervisory) authorit(?:y|ies)) shall\b|\b(?:sub)?paragraphs? \(?\d|\bsubparagraph\b|\bsubdivision\b|\bsection \d|U\.S\.C\.|\bAnnex [IVX]+\b|\brecitals?\b|\bOfficial Journal\b|\b(?:is|are) hereby (?:enacted|amended|repealed)\b/g,
  // What news about regulation mentions too: it counts for less.
  regulationMentions: /\bMember States?\b|\bUnion (?:law|institutions)\b|\bthe Commission\b|\b(?:national|competent|supervisory|market surveillance) (?:authority|authorities)\b|\bArticles? \d+(?:\(\d+\))? of\b/g,
  // Usage policies forbid to their readers ("You may not…", "we prohibit") or list prohibited uses.
  usage:
    /\byou (?:may|must|shall|will) not\b|\bdo not (?:use|attempt|engage|deploy|create|build)\b|\bdon['’]t (?:use|attempt)\b|\bwe (?:prohibit|do not (?:allow|permit)|don['’]t (?:allow|permit))\b|\bprohibited (?:uses?|use cases|activities|practices|conduct|content)\b|\bacceptable use\b|\busage polic(?:y|ies)\b|\brefrain from\b|\bnot (?:be )?(?:allowed|permitted) to\b/gi,
  // A contract speaks of its parties by capitalised role ("the Supplier", "each Party").
  partyRoles:
    /\b(?:[Tt]he|[Ee]ach|[Ee]ither|[Bb]oth|[Aa]ny|[Nn]either) (?:Part(?:y|ies)|Supplier|Licensee|Licensor|Customer|Buyer|Contractor|Provider|Vendor|Client|Consultant|Company|Distributor|Reseller|Purchaser|Seller|Employer|Employee|Subscriber|Authority|Depositor|Beneficiary|Processor|Controller)\b(?!\s+(?:of|for)\b)/g,
};
type ProseCounts = Record<keyof typeof PROSE_SIGNALS, number>;
const SIGNAL_NAMES = Object.keys(PROSE_SIGNALS) as (keyof typeof PROSE_SIGNALS)[];
const SIGNAL_PATTERNS = SIGNAL_NAMES.map((name) => PROSE_SIGNALS[name]);

/** Each signal's count, in SIGNAL_NAMES order. */
function countSignals(prose: string): number[] {
  return SIGNAL_PATTERNS.map((re) => (re === PROSE_SIGNALS.words ? countWords(prose) : countMatches(re, prose)));
}

/** How many matches `prose.match(re)` would return, without building the array of them. */
function countMatches(re: RegExp, prose: string): number {
  let n = 0;
  re.lastIndex = 0;
  for (let m = re.exec(prose); m; m = re.exec(prose)) {
    n++;
    // As match() does, an empty match moves on (none of the signals matches empty text).
    if (m[0] === "") re.lastIndex++;
  }
  return n;
}

// JavaScript's \s: the whitespace and line terminators of ECMAScript, the Unicode space separators and the BOM.
const SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
/** The count of /\S+/g's matches (runs of non-space), by code unit: the mask is mostly words. */
export function countWords(prose: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < prose.length; i++) {
    const c = prose.charCodeAt(i);
    const space = c === 32 || (c < 128 ? c >= 9 && c <= 13 : SPACE.has(c));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

function chunkCounts(doc: PolicyDocument, chunk: DocumentChunk): number[] {
  return perChunk(chunk, PROSE_SIGNALS, () => countSignals(proseSlice(doc, chunk.start, chunk.end)));
}

function proseCounts(doc: PolicyDocument): ProseCounts {
  const total = SIGNAL_NAMES.map(() => 0);
  for (const chunk of doc.chunks) {
    // Text left unparsed at the time budget is blank in the mask: nothing to count (5 MB of it took 0.3 s).
    if (doc.parsedUntil !== undefined && chunk.start >= doc.parsedUntil) continue;
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

// A title names a contract when its last words do ("Master Services Agreement (v2)",
// "Terms of Use"); a headline that mentions one ("Pentagon cancels cloud contract with X") does not.
const CONTRACT_TITLE = /\b(?:agreement|contract|terms(?: and conditions| of (?:service|use|business|sale))?|conditions|licen[cs]e|addendum|amendment|call-off|framework agreement|order form|schedule|exhibit|annex|deed|memorandum of understanding|statement of work|sow)$/;
// A headline or an essay's title asks or tells ("what ministries should put in the contract").
const HEADLINE_WORDS = /\b(?:what|how|why|should|won['’]t|will|says?|said)\b/;
/** A title without its parenthesised asides, version numbers and closing punctuation. */
function titleHead(title: string): string {
  return title.replace(/\([^)]*\)/g, " ").replace(/\bv(?:ersion)?\s*[\d.]+\b/g, " ").replace(/[^\p{L}\p{N}]+$/u, "").replace(/\s+/g, " ").trim();
}

/**
 * The declared kind, or one inferred from the prose: contracts number their clauses and
 * say "shall"; news notes report speech ("said", "according to") and quote people;
 * policies state principles and owners.
 */
export function decideKind(doc: PolicyDocument): KindDecision {
  const declared = doc.frontMatter?.data.kind;
  if (!declared) return decideFromSignals(doc);
  // A declared kind needs no counting: the signals are counted only if read (from the document as analysed).
  let signals: Record<string, number> | undefined;
  return {
    kind: declared,
    source: "front-matter",
    get signals() {
      return (signals ??= decideFromSignals(doc).signals);
    },
  };
}

function decideFromSignals(doc: PolicyDocument): KindDecision {
  const declared = doc.frontMatter?.data.kind;
  const counts = proseCounts(doc);
  const words = Math.max(1, counts.words);
  const per1k = (n: number) => (n * 1000) / words;
  const title = (doc.frontMatter?.data.title ?? doc.sections[0]?.title ?? "").toLowerCase();
  const signals = {
    clauses: doc.clauses.length,
    shall: per1k(counts.shall),
    parties: per1k(counts.parties),
    definitions: counts.definitions + Math.min(counts.parenDefinitions, 6) * 0.5 + (doc.frontMatter?.data.parties ? 3 : 0),
    reporting: per1k(counts.reporting),
    quotes: per1k(counts.quotes),
    dateline: counts.dateline,
    policy: per1k(counts.policy),
    contractSelf: counts.contractSelf,
    policySelf: counts.policySelf,
    requirementKeywords: per1k(counts.requirementKeywords),
    regulation: per1k(counts.regulation),
    regulationMentions: per1k(counts.regulationMentions),
    usage: per1k(counts.usage),
    partyRoles: per1k(counts.partyRoles),
    contractTitle: CONTRACT_TITLE.test(titleHead(title)) && !HEADLINE_WORDS.test(title) ? 1 : 0,
    policyTitle: /\b(?:policy|policies|strategy|guidelines?|guidance|principles|standard|framework (?:for|to|on)|briefing|white paper|recommendations|code of (?:practice|conduct)|handbook|playbook|ordinance|prohibited|restrictions?|acceptable use)\b/.test(title) ? 1 : 0,
    // "Article 26", "18 U.S.C. § 2703", "SB-1120 …", "Regulation (EU) 2024/1689": legislation by its title.
    regulationTitle: /^(?:article|art\.|section|sec\.|§|chapter|title [ivx\d]|recital|annex|part [ivx\d])|\bu\.s\.c\.|§|^(?:[a-z]{1,3}-?\d+)\b|^(?:regulation|directive) \(|\b(?:regulation|directive) \((?:eu|ec|eec)\)/.test(title) ? 1 : 0,
  };
  if (declared) return { kind: declared, source: "front-matter", signals };
  // Normative wording ("shall", numbered clauses) is common to contracts, regulation and
  // policies; it goes to whichever of the two the other signals favour (to contracts when
  // nothing tells them apart).
  const normative = Math.min(signals.clauses, 8) * 0.4 + signals.shall * 0.6;
  const contractEvidence =
    Math.min(signals.parties, 12) * 0.15 + signals.definitions * 1.5 + signals.contractTitle * 3 + Math.min(signals.contractSelf, 5) * 1.5 + Math.min(signals.partyRoles, 20) * 0.3;
  const policyEvidence =
    signals.policy * 0.6 + signals.policyTitle * 3 + signals.requirementKeywords * 0.3 + Math.min(signals.policySelf, 5) * 1.5 + Math.min(signals.regulation, 30) * 0.5 + Math.min(signals.regulationMentions, 30) * 0.15 + signals.regulationTitle * 3 + Math.min(signals.usage, 20) * 0.5;
  const evidence = contractEvidence + policyEvidence;
  const contractShare = evidence > 0 ? contractEvidence / evidence : 1;
  const contract = contractEvidence + normative * contractShare;
  const policy = policyEvidence + normative * (1 - contractShare);
  const news = signals.reporting * 0.8 + signals.quotes * 0.3 + signals.dateline * 1.5;
  let kind: DocumentKind = "news-note";
  if (contract >= news && contract >= policy && contract > 1) kind = "contract";
  else if (policy > news && policy > contract) kind = "policy";
  return { kind, source: "inferred", signals: { ...signals, contract, news, policy } };
}
