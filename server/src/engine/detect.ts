import { proseSlice, type DocumentChunk, type PolicyDocument, type Sentence } from "./model";
import { PatternSet, splitWords, type PatternMatch, type Words } from "./patterns";
import { ruleSetSchema, type LoopholeRule, type RuleSet, type TermRule, type Topic } from "./rules/schema";
import { claimsByFact, type ClaimMark } from "./checks/claim";
import { loopholeFindings } from "./checks/loophole";
import { redLineFinding } from "./checks/redLine";
import { onlyMentions, permitsOpposite, POLARITY, termFinding, termRuleId } from "./checks/term";
import { isReviewed, nextWord } from "./checks/words";
import { classifySentence, learnedExplanation, reasonFor, type LearnedVerdict } from "./learned";
import { isPreamble } from "./sentenceShape";
import type { DocumentKind, Finding, Severity, TermId } from "./types";

/** A pattern family compiled once: one PatternSet, and which rule each pattern belongs to. */
class Family<R> {
  readonly set: PatternSet;
  private owner: R[] = [];
  constructor(rules: readonly R[], patterns: (r: R) => readonly string[]) {
    const all: string[] = [];
    for (const r of rules)
      for (const p of patterns(r)) {
        all.push(p);
        this.owner.push(r);
      }
    this.set = new PatternSet(all);
  }
  /** The same compiled patterns, owned by a derived value. */
  map<S>(f: (r: R) => S): Family<S> {
    const out = Object.create(Family.prototype) as Family<S>;
    (out as unknown as { set: PatternSet }).set = this.set;
    (out as unknown as { owner: S[] }).owner = this.owner.map(f);
    return out;
  }
  find(text: string | Words): { rule: R; start: number; end: number }[] {
    return this.set.find(text).map((m: PatternMatch) => ({ rule: this.owner[m.id], start: m.start, end: m.end }));
  }
  /** Every rule that matches anywhere, overlapping: the caller keeps those in scope. */
  findAll(text: string | Words): { rule: R; start: number; end: number }[] {
    return this.set.findAll(text).map((m: PatternMatch) => ({ rule: this.owner[m.id], start: m.start, end: m.end }));
  }
}

/** What a pattern in the combined probe family tells about a sentence. */
export interface Probe {
  key: string;
  rule?: unknown;
}
export type Hit = { rule: Probe; start: number; end: number };

export interface CompiledRules {
  /** Every sentence-level pattern of the rule set in one family, so a sentence is scanned once. */
  probes: Family<Probe>;
  source: RuleSet;
  topics: Family<Topic>;
  prohibitions: PatternSet;
  imperatives: PatternSet;
  negated: PatternSet;
  backReferences: PatternSet;
  permissions: PatternSet;
  /** Lead-ins that impose duties on what follows ("shall ensure all of the following:"). */
  duties: PatternSet;
  /** Headings and lead-ins that introduce exceptions. */
  exemptions: PatternSet;
  noBeforeTopic: RegExp;
  loopholes: Family<LoopholeRule>;
  /** Each loophole family's `unlessPhrase`, compiled once. */
  loopholeUnless: Map<LoopholeRule, PatternSet>;
  /** Each loophole family's `unlessNear`, compiled once. */
  loopholeUnlessNear: Map<LoopholeRule, PatternSet>;
  terms: {
    rule: TermRule;
    set: PatternSet;
    requires?: PatternSet;
    unless?: PatternSet;
    permissive?: PatternSet;
    contextual?: { set: PatternSet; anchors: PatternSet };
    /** The probe keys of the term's patterns. */
    keys: TermKeys;
  }[];
  claims: Family<RuleSet["claims"]["marks"][number]>;
  attribution: PatternSet;
}

interface TermKeys {
  term: string;
  requires: string;
  unless: string;
  permissive: string;
  context: string;
  anchor: string;
  contextUnless: string;
  mentions: string;
}
const termKeys = (term: string): TermKeys => ({
  term: `term:${term}`,
  requires: `requires:${term}`,
  unless: `unless:${term}`,
  permissive: `permissive:${term}`,
  context: `context:${term}`,
  anchor: `anchor:${term}`,
  contextUnless: `context-unless:${term}`,
  mentions: `mentions:${term}`,
});

export function compileRules(input: unknown, { validated = false }: { validated?: boolean } = {}): CompiledRules {
  const source = validated ? (input as RuleSet) : ruleSetSchema.parse(input);
  const r = source.redLine;
  const probes: { probe: Probe; patterns: readonly string[] }[] = [
    ...source.topics.map((t) => ({ probe: { key: "topic", rule: t }, patterns: t.patterns })),
    { probe: { key: "prohibition" }, patterns: r.prohibitions },
    { probe: { key: "stance" }, patterns: r.stances },
    { probe: { key: "imperative" }, patterns: r.imperatives },
    { probe: { key: "negated" }, patterns: r.negatedProhibitions },
    { probe: { key: "backref" }, patterns: r.backReferences },
    { probe: { key: "permission" }, patterns: r.permissions },
    ...source.loopholes.map((l) => ({ probe: { key: "loophole", rule: l }, patterns: l.patterns })),
    ...source.claims.marks.map((m) => ({ probe: { key: "claim", rule: m }, patterns: m.patterns })),
    ...source.claims.marks.map((m) => ({ probe: { key: "newsClaim", rule: m }, patterns: m.newsOnly })),
    { probe: { key: "attribution" }, patterns: source.claims.attribution },
    { probe: { key: "earlierStatement" }, patterns: source.claims.earlierStatement },
    { probe: { key: POLARITY.permission }, patterns: source.termPolarity?.permissions ?? [] },
    { probe: { key: POLARITY.opposite }, patterns: source.termPolarity?.opposites ?? [] },
    { probe: { key: POLARITY.waiver }, patterns: source.termPolarity?.waivers ?? [] },
    { probe: { key: POLARITY.limit }, patterns: source.termPolarity?.limits ?? [] },
    ...source.terms.flatMap((t) => {
      const keys = termKeys(termRuleId(t));
      return [
        { probe: { key: keys.term }, patterns: t.patterns },
        { probe: { key: keys.requires }, patterns: t.requires ?? [] },
        { probe: { key: keys.unless }, patterns: t.unless ?? [] },
        { probe: { key: keys.permissive }, patterns: t.permissive ?? [] },
        { probe: { key: keys.context }, patterns: t.contextual?.patterns ?? [] },
        { probe: { key: keys.anchor }, patterns: t.contextual?.anchors ?? [] },
        { probe: { key: keys.contextUnless }, patterns: t.contextual?.unless ?? [] },
        { probe: { key: keys.mentions }, patterns: t.mentions ?? [] },
      ];
    }),
  ];
  return {
    source,
    probes: new Family(probes, (p) => p.patterns).map((p) => p.probe),
    topics: new Family(source.topics, (t) => t.patterns),
    prohibitions: new PatternSet(r.prohibitions),
    imperatives: new PatternSet(r.imperatives),
    negated: new PatternSet(r.negatedProhibitions),
    backReferences: new PatternSet(r.backReferences),
    permissions: new PatternSet(r.permissions),
    duties: new PatternSet(r.duties),
    exemptions: new PatternSet(r.exemptions),
    noBeforeTopic: new RegExp(`(?:^|[^\\p{L}])(?:${r.noBeforeTopic.join("|")})(?:[^\\p{L}]+[\\p{L}-]+){0,3}[^\\p{L}]*$`, "u"),
    loopholes: new Family(source.loopholes, (l) => l.patterns),
    loopholeUnless: new Map(source.loopholes.filter((l) => l.unlessPhrase).map((l) => [l, new PatternSet(l.unlessPhrase!)])),
    loopholeUnlessNear: new Map(source.loopholes.filter((l) => l.unlessNear).map((l) => [l, new PatternSet(l.unlessNear!)])),
    terms: source.terms.map((rule) => ({
      rule,
      set: new PatternSet(rule.patterns),
      requires: rule.requires ? new PatternSet(rule.requires) : undefined,
      unless: rule.unless ? new PatternSet(rule.unless) : undefined,
      permissive: rule.permissive ? new PatternSet(rule.permissive) : undefined,
      contextual: rule.contextual ? { set: new PatternSet(rule.contextual.patterns), anchors: new PatternSet(rule.contextual.anchors) } : undefined,
      keys: termKeys(termRuleId(rule)),
    })),
    claims: new Family(source.claims.marks, (m) => m.patterns),
    attribution: new PatternSet(source.claims.attribution),
  };
}

export interface SentenceFacts {
  sentence: Sentence;
  lower: string;
  /** Offset (in the sentence) of the first prohibition cue, or -1. */
  cueAt: number;
  /** The sentence's words, split once for every pattern family. */
  words: Words;
  /** Every probe match in the sentence, by probe key (one scan for the whole rule set). */
  hits: Map<string, Hit[]>;
  // Lists are shared with the cache of unchanged sentences: replaced, never changed in place.
  topics: readonly Topic[];
  redLine: boolean;
  permission: boolean;
  terms: readonly TermId[];
  /** Terms this sentence mentions without committing to them ("in any country"). */
  permissive: readonly TermId[];
  /** The lead-in of a red-line list ("will not buy AI tools intended for:"). */
  leadsRedLine: boolean;
  /** The topics of the red-line items a lead-in introduces. */
  listTopics: readonly Topic[];
}

export interface DetectOptions {
  kind: DocumentKind;
  severities?: Partial<Record<string, Severity>>;
  /** Polled between sentences: once it returns true, detection stops (see `stoppedAt`). */
  outOfTime?: () => boolean;
}

export interface Detection {
  findings: Finding[];
  facts: SentenceFacts[];
  /** Offset of the sentence where detection ran out of time; the findings are then incomplete. */
  stoppedAt?: number;
}

/** Lower-cases without changing length, so offsets stay valid. */
export function lowerSameLength(s: string): string {
  const l = s.toLowerCase();
  if (l.length === s.length) return l;
  let out = "";
  for (const ch of s) {
    const c = ch.toLowerCase();
    out += c.length === ch.length ? c : ch;
  }
  return out;
}

const NO_WORDS: Words = { text: "", words: [], starts: [], ends: [] };
const NO_HITS = new Map<string, Hit[]>();
// Frozen: facts share it, and a push into it would change every sentence's facts.
const NONE: never[] = Object.freeze([]) as unknown as never[];
const BY_LAW = /^\s+by\s+(?:[\p{L}-]+\s+){0,2}(?:law|laws|statute|legislation|regulation)\b/u;
/** How many words a reported stance may stand before its topic ("broke down over the use of AI for mass surveillance"). */
const STANCE_REACH = 10;

function wordsBetween(words: Words, from: number, to: number): number {
  let n = 0;
  for (let k = 0; k < words.starts.length; k++) if (words.starts[k] >= from && words.ends[k] <= to) n++;
  return n;
}

export function detect(doc: PolicyDocument, rules: CompiledRules, opts: DetectOptions): Detection {
  const findings: Finding[] = [];
  const facts: SentenceFacts[] = [];
  let stoppedAt: number | undefined;
  // Once out of time, stays out: every later pass stops at once.
  // Reading the clock costs as much as a sentence's pass: every 16th sentence is often enough.
  let polls = 0;
  const outOfTime = (at: Sentence) => {
    if (stoppedAt === undefined && (polls++ & 15) === 0 && opts.outOfTime?.()) stoppedAt = at.start;
    return stoppedAt !== undefined;
  };

  // Pass 1: facts per sentence. What a sentence says on its own (its phrase matches, topics,
  // cues, terms) is computed once per chunk of the document and reused while the chunk is
  // unchanged; what depends on its neighbours (a list's lead-in) is decided here.
  // Which facts later passes look at, gathered here so that they visit only those.
  const locals: LocalFacts[] = [];
  const redLines: SentenceFacts[] = [];
  const backReferences: number[] = [];
  const contextual: number[] = [];
  const anchored = new Set<TermId>();
  let headingRedLine = false;
  for (const chunk of doc.chunks) {
    let local = chunk.cache?.get(rules) as LocalFacts[] | undefined;
    if (!local) {
      local = localFactsOf(doc, chunk, rules, outOfTime);
      // Facts cut short by the time budget are not kept.
      if (stoppedAt === undefined) chunk.cache?.set(rules, local);
    }
    for (let k = 0; k < local.length; k++) {
      const sentence = doc.sentences[chunk.firstSentence + k];
      if (outOfTime(sentence)) break;
      const l = local[k];
      const f = firstPassFacts(doc, sentence, l, rules);
      facts.push(f);
      locals.push(l);
      if (!l.reviewed) {
        if (f.redLine) headingRedLine = true;
        continue;
      }
      if (f.redLine) redLines.push(f);
      else if (l.backReferenceCue) backReferences.push(facts.length - 1);
      for (const term of l.anchors) anchored.add(term);
      if (l.contexts.length) contextual.push(facts.length - 1);
    }
    if (stoppedAt !== undefined) break;
  }

  // Weak marks ("source code") count in a document that has the anchor ("escrow").
  for (const i of contextual) addContextTerms(facts[i], locals[i], anchored);

  // A carve-out told in the next sentence of a residency or sub-processor commitment ("Telemetry is an exception.
  // It may be transferred …") belongs to that promise.
  for (let i = 1; i < facts.length; i++) addCarveOutTerm(doc, facts[i - 1], facts[i], locals[i]);

  // The lead-in of a red-line list carries the list's qualifiers ("tools intended for:"),
  // and one that prohibits in its own words is a red line on the items' topics.
  const lastFactOfBlock = new Map<number, number>();
  const leads = new Set<number>();
  for (const f of redLines) {
    const lead = enumerationLeadIn(doc, f.sentence.block);
    if (lead < 0) continue;
    if (!lastFactOfBlock.size) facts.forEach((g, i) => lastFactOfBlock.set(g.sentence.block, i));
    const i = lastFactOfBlock.get(lead);
    if (i === undefined) continue;
    const leadFact = facts[i];
    leadFact.leadsRedLine = true;
    leadFact.listTopics = unique([...leadFact.listTopics, ...f.topics]);
    leads.add(i);
  }
  let leadRedLines = false;
  for (const i of leads) {
    if (facts[i].redLine || !leadInRedLine(facts[i], locals[i])) continue;
    redLines.push(facts[i]);
    leadRedLines = true;
  }
  if (leadRedLines) redLines.sort((a, b) => a.sentence.start - b.sentence.start);

  // The first red line of each clause and section, for back-references.
  const redLineInClause = new Map<number, SentenceFacts>();
  const redLineInSection = new Map<number, SentenceFacts>();
  for (const g of redLines) {
    const block = doc.blocks[g.sentence.block];
    if (!redLineInClause.has(block.clause)) redLineInClause.set(block.clause, g);
    if (!redLineInSection.has(block.section)) redLineInSection.set(block.section, g);
  }

  // Pass 2: a prohibition that points back at a red line in the same clause is one too
  // ("The Supplier will not knowingly support any use that breaches this clause").
  let docHasRedLine = redLines.length > 0 || headingRedLine;
  for (const i of backReferences) {
    const f = facts[i];
    if (outOfTime(f.sentence)) break;
    const here = doc.blocks[f.sentence.block];
    const near = (here.clause >= 0 ? redLineInClause.get(here.clause) : undefined) ?? (here.section >= 0 ? redLineInSection.get(here.section) : undefined);
    if (near && near !== f) {
      f.redLine = true;
      f.topics = near.topics;
      docHasRedLine = true;
    }
  }
  const claimsApply = opts.kind !== "contract";

  const claims = claimsApply ? claimsByFact(doc, facts, rules, opts.kind) : new Map<SentenceFacts, ClaimMark>();
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i];
    if (outOfTime(f.sentence)) break;
    // Most sentences have nothing to report.
    if (!f.redLine && !f.terms.length && !locals[i].hasLoophole && !locals[i].learned.length && !claimsApply) continue;
    sentenceFindings(doc, rules, f, locals[i], docHasRedLine, findings);
    if (claimsApply && isReviewed(doc.blocks[f.sentence.block])) {
      const claim = claims.get(f);
      if (claim) {
        findings.push({
          rule: claim.id,
          category: "claim",
          severity: claim.severity ?? "warning",
          message: claim.message,
          start: f.sentence.start,
          end: f.sentence.end,
          explanation: claim.explanation,
          reference: claim.reference,
        });
      }
    }
  }
  // Word lists and probe hits are only needed while detecting; an open document keeps its
  // facts, and these were half of the language server's memory.
  for (const f of facts) {
    f.words = NO_WORDS;
    f.hits = NO_HITS;
  }
  return { findings, facts, stoppedAt };
}

/**
 * A sentence's facts from what it says on its own and its list's lead-in: whether it is a red
 * line, before back-references, contextual terms and carve-outs are added (detect's pass 1).
 */
function firstPassFacts(doc: PolicyDocument, sentence: Sentence, l: LocalFacts, rules: CompiledRules): SentenceFacts {
  // Facts share the cached lists; a pass that adds a term replaces the list.
  const f: SentenceFacts = { sentence, lower: l.lower, words: l.words, hits: l.hits, cueAt: -1, topics: NONE, redLine: false, permission: false, terms: NONE, permissive: NONE, leadsRedLine: false, listTopics: NONE };
  if (!l.reviewed) {
    // A prohibiting heading is reported, but carries to its items through headingProhibits, not as a red line they point back to.
    if (l.headingTopics) {
      f.redLine = true;
      f.topics = l.headingTopics;
      f.cueAt = 0;
    }
    return f;
  }
  f.cueAt = l.cueAt;
  f.topics = l.topics;
  // Items under a prohibiting lead-in ("must not be used for:") are red lines.
  const leadIn = l.topics.length > 0 && !l.negated && !l.governs && !l.noCue && !l.hasProhibition && listLeadInProhibits(doc, sentence.block, rules, ITEM_NEGATION.test(l.lower));
  f.redLine = l.topics.length > 0 && (l.governs || l.noCue || leadIn) && !l.negated;
  // An item under a prohibiting lead-in is qualified from its first word.
  if (f.redLine && leadIn && f.cueAt < 0) f.cueAt = 0;
  f.permission = !f.redLine && l.permissionHit;
  f.terms = l.terms;
  f.permissive = l.permissive;
  return f;
}

/** A lead-in of red-line items that prohibits in its own words ("are prohibited from using AI to:") is a red line on their topics. */
function leadInRedLine(f: SentenceFacts, l: LocalFacts): boolean {
  if (!f.leadsRedLine || f.redLine || !l.reviewed || !l.hasProhibition || l.negated || l.backReferenceCue) return false;
  f.redLine = true;
  f.topics = unique([...f.topics, ...f.listTopics]);
  f.permission = false;
  return true;
}

function addContextTerms(f: SentenceFacts, l: LocalFacts, anchored: ReadonlySet<TermId>): void {
  for (const term of l.contexts) if (anchored.has(term)) f.terms = [...f.terms, term];
}

const CARRIED_TERMS: ReadonlySet<TermId> = new Set(["data-residency", "subcontracting", "personnel"]);
function addCarveOutTerm(doc: PolicyDocument, before: SentenceFacts, f: SentenceFacts, l: LocalFacts): void {
  if (!l.hasLoophole || f.terms.length || f.redLine || !before.terms.length) return;
  if (doc.blocks[before.sentence.block].section !== doc.blocks[f.sentence.block].section) return;
  // Residency, personnel and sub-processor clauses tell their exceptions and objection terms in the next sentence ("… sub-processors. If Customer objects, its sole recourse is to stop using the service.").
  const carried = before.terms.filter((t) => CARRIED_TERMS.has(t) && l.loopholes.some((m) => m.rule.scope.terms.includes(t)));
  if (carried.length) f.terms = carried;
}

/** The contextual-term anchors ("escrow") of a document detected before, from its chunks' cached facts; undefined if one has none. */
export function documentAnchors(doc: PolicyDocument, rules: CompiledRules): Set<TermId> | undefined {
  const anchored = new Set<TermId>();
  for (const chunk of doc.chunks) {
    const local = chunk.cache?.get(rules) as LocalFacts[] | undefined;
    if (!local) return undefined;
    for (const l of local) if (l.reviewed) for (const term of l.anchors) anchored.add(term);
  }
  return anchored;
}

/**
 * After an edit inside chunk `k` alone (the other chunks, the document's structure and kind
 * unchanged): the facts and findings of the chunk's sentences, when what they tell other
 * sentences did not change: which are red lines and on what topics, back-references,
 * anchors, list lead-ins, and a residency or sub-processor commitment that the next sentence's carve-out
 * belongs to. Every other sentence's facts and findings are then as before, shifted.
 * `termsChanged`: a sentence's terms did, so the document's present terms may have.
 * Undefined when that cannot be told: the whole document must be detected again.
 * `previous` is the analysis of the text before the edit; contracts only (no claims).
 */
export function redetectChunk(
  doc: PolicyDocument,
  k: number,
  rules: CompiledRules,
  previous: { document: PolicyDocument; facts: SentenceFacts[]; docHasRedLine: boolean; anchored: ReadonlySet<TermId> },
): { facts: SentenceFacts[]; findings: Finding[]; termsChanged: boolean; redLinesChanged: boolean } | undefined {
  const chunk = doc.chunks[k];
  const before = previous.document.chunks[k];
  const oldLocal = before.cache?.get(rules) as LocalFacts[] | undefined;
  if (!oldLocal || !chunk.cache || chunk.firstSentence !== before.firstSentence) return undefined;
  // A keystroke changes one block of the chunk: the others read as before, so their lead-in
  // roles and their sentences' local facts are the last version's.
  const unchanged = chunk.firstBlock === before.firstBlock && chunk.endBlock === before.endBlock ? unchangedBlocks(doc, previous.document, chunk) : undefined;
  for (let b = chunk.firstBlock; b < chunk.endBlock; b++) if (!unchanged?.[b - chunk.firstBlock] && !sameLeadInRole(doc, previous.document, b, rules)) return undefined;
  let local = chunk.cache.get(rules) as LocalFacts[] | undefined;
  if (!local) chunk.cache.set(rules, (local = localFactsOf(doc, chunk, rules, () => false, unchanged && unchangedLocalFacts(doc, previous.document, chunk, before, oldLocal, unchanged))));
  if (local.length !== chunk.endSentence - chunk.firstSentence || oldLocal.length !== before.endSentence - before.firstSentence) return undefined;
  const renumbered = local.length !== oldLocal.length ? renumberedFacts(doc, chunk, local, oldLocal, before, previous, rules) : undefined;
  if (local.length !== oldLocal.length && !renumbered) return undefined;

  const facts: SentenceFacts[] = renumbered ?? [];
  let termsChanged = !!renumbered;
  let redLinesChanged = false;
  for (let j = 0; j < local.length && !renumbered; j++) {
    const i = chunk.firstSentence + j;
    const [l, was, old] = [local[j], oldLocal[j], previous.facts[i]];
    const f = firstPassFacts(doc, doc.sentences[i], l, rules);
    const first = firstPassFacts(previous.document, previous.document.sentences[i], was, rules);
    if (f.redLine !== first.redLine || (f.redLine && !sameItems(f.topics, first.topics))) {
      // A red line typed or broken ("surveillance" → "survillance") tells others only through
      // back-references and the document having one, which the caller checks, and through a
      // list's lead-in, so not for a list item.
      if (old.leadsRedLine || enumerationLeadIn(doc, doc.sentences[i].block) >= 0 || enumerationLeadIn(previous.document, previous.document.sentences[i].block) >= 0) return undefined;
      redLinesChanged = true;
    }
    const backReference = (x: LocalFacts, redLine: boolean) => x.reviewed && !redLine && x.backReferenceCue;
    if (backReference(l, f.redLine) !== backReference(was, first.redLine)) return undefined;
    if (!sameItems(l.reviewed ? l.anchors : NONE, was.reviewed ? was.anchors : NONE)) return undefined;
    if (l.reviewed) addContextTerms(f, l, previous.anchored);
    const prior = j > 0 ? facts[j - 1] : previous.facts[i - 1];
    if (prior) addCarveOutTerm(doc, prior, f, l);
    // A back-reference is a red line on the topics of the clause's first red line, which did not change.
    if (backReference(l, f.redLine) && old.redLine) {
      f.redLine = true;
      f.topics = old.topics;
    }
    f.leadsRedLine = old.leadsRedLine;
    f.listTopics = old.listTopics;
    // The items' topics are as they were; whether the lead-in itself is a red line may not be.
    if (old.leadsRedLine) {
      leadInRedLine(f, l);
      if (f.redLine !== old.redLine || !sameItems(f.topics, old.topics)) return undefined;
    }
    if (!sameItems(f.terms, old.terms) || !sameItems(f.permissive, old.permissive)) termsChanged = true;
    facts.push(f);
  }
  // The next sentence's carve-out depends on the last one's residency or sub-processor commitment.
  const carriedBy = (terms: readonly TermId[]) => new Set(terms.filter((t) => CARRIED_TERMS.has(t)));
  const promised = carriedBy(oldLocal.length > 0 ? previous.facts[before.endSentence - 1].terms : NONE);
  if (facts.length > 0 && !sameSet(carriedBy(facts[facts.length - 1].terms), promised)) return undefined;

  const findings: Finding[] = [];
  for (let j = 0; j < facts.length; j++) {
    const f = facts[j];
    if (f.redLine || f.terms.length || local[j].hasLoophole || local[j].learned.length) sentenceFindings(doc, rules, f, local[j], previous.docHasRedLine, findings);
    f.words = NO_WORDS;
    f.hits = NO_HITS;
  }
  return { facts, findings, termsChanged, redLinesChanged };
}

/**
 * The facts of a chunk whose sentences number differently than before (an edit joined two:
 * "law. eThe Authority"), computed on their own: exact only when no sentence of the chunk,
 * before or after the edit, tells others anything: it is no red line, back-reference or
 * lead-in of red-line items, and the chunk's contextual anchors are the same ("escrow"). A
 * residency promise at the chunk's end is compared by redetectChunk, as for any edit.
 * Undefined otherwise.
 */
function renumberedFacts(
  doc: PolicyDocument,
  chunk: DocumentChunk,
  local: readonly LocalFacts[],
  oldLocal: readonly LocalFacts[],
  before: DocumentChunk,
  previous: { facts: SentenceFacts[]; anchored: ReadonlySet<TermId> },
  rules: CompiledRules,
): SentenceFacts[] | undefined {
  // With no sentence left, or none before, the next chunk's first sentence follows another.
  if (!local.length || !oldLocal.length) return undefined;
  const tellsOthers = (f: SentenceFacts, l: LocalFacts) => f.redLine || f.leadsRedLine || (l.reviewed && l.backReferenceCue);
  for (let j = 0; j < oldLocal.length; j++) if (tellsOthers(previous.facts[before.firstSentence + j], oldLocal[j])) return undefined;
  const anchorsOf = (ls: readonly LocalFacts[]) => new Set(ls.flatMap((l) => (l.reviewed ? l.anchors : NONE)));
  if (!sameSet(anchorsOf(local), anchorsOf(oldLocal))) return undefined;
  const facts: SentenceFacts[] = [];
  for (let j = 0; j < local.length; j++) {
    const i = chunk.firstSentence + j;
    const l = local[j];
    const f = firstPassFacts(doc, doc.sentences[i], l, rules);
    if (tellsOthers(f, l)) return undefined;
    if (l.reviewed) addContextTerms(f, l, previous.anchored);
    const prior = j > 0 ? facts[j - 1] : previous.facts[i - 1];
    if (prior) addCarveOutTerm(doc, prior, f, l);
    facts.push(f);
  }
  return facts;
}

export function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/**
 * Whether, in a document whose clauses changed, every back-reference still finds the red
 * line it found (or none): `facts` are the document's, each back-reference's as it was.
 */
export function sameBackReferences(doc: PolicyDocument, facts: readonly SentenceFacts[], rules: CompiledRules): boolean {
  const redLineInClause = new Map<number, SentenceFacts>();
  const redLineInSection = new Map<number, SentenceFacts>();
  const references: SentenceFacts[] = [];
  for (const chunk of doc.chunks) {
    const local = chunk.cache?.get(rules) as LocalFacts[] | undefined;
    if (!local) return false;
    for (let j = 0; j < local.length; j++) {
      const [l, f] = [local[j], facts[chunk.firstSentence + j]];
      if (!l.reviewed || (!f.redLine && !l.backReferenceCue)) continue;
      // As detect: a first-pass red line, else a back-reference if it has the cue.
      const firstPass = f.redLine && (!l.backReferenceCue || firstPassFacts(doc, f.sentence, l, rules).redLine);
      if (!firstPass) {
        if (l.backReferenceCue) references.push(f);
        continue;
      }
      const block = doc.blocks[f.sentence.block];
      if (!redLineInClause.has(block.clause)) redLineInClause.set(block.clause, f);
      if (!redLineInSection.has(block.section)) redLineInSection.set(block.section, f);
    }
  }
  return references.every((f) => {
    const here = doc.blocks[f.sentence.block];
    const near = (here.clause >= 0 ? redLineInClause.get(here.clause) : undefined) ?? (here.section >= 0 ? redLineInSection.get(here.section) : undefined);
    return near ? f.redLine && sameItems(f.topics, near.topics) : !f.redLine;
  });
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * For each block of an edited chunk (its blocks the same in number as before), whether it
 * reads exactly as before: the same type, the same prose, and the same source from the
 * start of its first line (list markers, indentation) to its end and at least 40 characters
 * on (as far as itemIndent and the enumerator tests look). What a block's sentences say on
 * their own (localFactsOf) and its part in lists (sameLeadInRole) are functions of these.
 */
function unchangedBlocks(doc: PolicyDocument, old: PolicyDocument, chunk: DocumentChunk): boolean[] {
  const out: boolean[] = [];
  for (let b = chunk.firstBlock; b < chunk.endBlock; b++) {
    const [x, y] = [doc.blocks[b], old.blocks[b]];
    const [xLine, yLine] = [doc.lines.starts[x.startLine], old.lines.starts[y.startLine]];
    out.push(
      x.type === y.type &&
        x.inQuote === y.inQuote &&
        x.headingLevel === y.headingLevel &&
        x.start - xLine === y.start - yLine &&
        x.end - x.start === y.end - y.start &&
        doc.text.slice(xLine, Math.max(x.end, xLine + 40)) === old.text.slice(yLine, Math.max(y.end, yLine + 40)) &&
        proseSlice(doc, x.start, x.end) === proseSlice(old, y.start, y.end),
    );
  }
  return out;
}

/**
 * The last version's local facts of a sentence of an edited chunk, when its block is
 * unchanged (`unchanged`, by block of the chunk) and the sentence is where it was in the
 * block; else undefined, to be computed.
 */
function unchangedLocalFacts(doc: PolicyDocument, old: PolicyDocument, chunk: DocumentChunk, before: DocumentChunk, oldLocal: readonly LocalFacts[], unchanged: readonly boolean[]): (i: number) => LocalFacts | undefined {
  // The last version's first sentence of each block of the chunk.
  const firstOfBlock: number[] = [];
  for (let s = before.endSentence - 1; s >= before.firstSentence; s--) firstOfBlock[old.sentences[s].block - before.firstBlock] = s;
  return (i) => {
    const sentence = doc.sentences[i];
    const b = sentence.block - chunk.firstBlock;
    if (!unchanged[b] || firstOfBlock[b] === undefined) return undefined;
    // The sentence's place among its block's sentences, as before.
    let r = 0;
    while (i - r - 1 >= chunk.firstSentence && doc.sentences[i - r - 1].block === sentence.block) r++;
    const s = firstOfBlock[b] + r;
    if (s >= before.endSentence) return undefined;
    const was = old.sentences[s];
    const [x, y] = [doc.blocks[sentence.block], old.blocks[was.block]];
    if (was.block !== sentence.block || sentence.start - x.start !== was.start - y.start || sentence.end - x.start !== was.end - y.start) return undefined;
    return oldLocal[s - before.firstSentence];
  };
}

/**
 * Whether a block plays the same part in enumerated lists in two versions: an item (and how
 * deeply nested), a lead-in, a heading, and what each says of the items below it.
 */
function sameLeadInRole(doc: PolicyDocument, old: PolicyDocument, b: number, rules: CompiledRules): boolean {
  const role = (d: PolicyDocument) => {
    const text = proseSlice(d, d.blocks[b].start, d.blocks[b].end);
    const item = isEnumeratedItem(d, b);
    return `${item}:${item ? `${itemIndent(d, b)}:${enumeratorKind(d, b)}` : ""}:${isLeadInText(text)}:${leadInTextStance(text, rules)}`;
  };
  return role(doc) === role(old);
}

/** A sentence's red-line, sovereignty and loophole findings, from its facts (claims aside). */
function sentenceFindings(doc: PolicyDocument, rules: CompiledRules, f: SentenceFacts, l: LocalFacts, docHasRedLine: boolean, findings: Finding[]): void {
  const rl = rules.source.redLine;
  if (f.redLine) findings.push(redLineFinding(rl, f));
  const term = termFinding(doc, rules, f, l);
  if (term) findings.push(term);
  learnedFindings(doc, rules, f, l, findings);
  loopholeFindings(doc, rules, f, l, docHasRedLine, findings);
}

/** What a sentence says on its own, with offsets relative to the sentence. */
export interface LocalFacts {
  lower: string;
  words: Words;
  hits: Map<string, Hit[]>;
  /** False for headings, citations, table labels and plain-text subheadings. */
  reviewed: boolean;
  topics: Topic[];
  cueAt: number;
  hasProhibition: boolean;
  negated: boolean;
  /** A cue that governs a topic: a stance before it, or a prohibition before it or passive. */
  governs: boolean;
  /** A "no" just before a topic ("no facial recognition"). */
  noCue: boolean;
  permissionHit: boolean;
  terms: TermId[];
  permissive: TermId[];
  /** A prohibition that points back at a red line ("breaches this clause"), not negated. */
  backReferenceCue: boolean;
  hasLoophole: boolean;
  /** The loophole phrases the sentence has, whether or not they are in scope. */
  loopholes: { rule: LoopholeRule; start: number; end: number }[];
  /** Contextual terms whose anchor ("escrow") the sentence has, and whose weak mark it has. */
  anchors: TermId[];
  contexts: TermId[];
  /** What the learned sentence classifier puts the sentence in (learned.ts); read only where no rule reports the category. */
  learned: readonly LearnedVerdict[];
  /** For a heading that prohibits a red-line area in its own words, the areas it names. */
  headingTopics?: Topic[];
}

/**
 * The topics of a heading or plain-text subheading that states a prohibition itself: it opens
 * with an imperative ("Do Not Use Agents for Surveillance") or a prohibition governs a topic
 * ("No facial recognition in schools", "Ban on autonomous weapons"); none when negated or when it
 * names exceptions or permitted uses ("Exceptions to the ban on surveillance").
 */
function headingRedLineTopics(words: Words, hits: Map<string, Hit[]>, lower: string, rules: CompiledRules): Topic[] | undefined {
  const topicHits = hits.get("topic");
  if (!topicHits?.length || hits.has("negated")) return undefined;
  if (rules.exemptions.test(words) || rules.permissions.test(words)) return undefined;
  const opening = (hits.get("imperative") ?? []).some((h) => h.start === words.starts[0]);
  const governs =
    opening ||
    (hits.get("prohibition") ?? []).some((p) => topicHits.some((t) => p.start < t.start) || isPassiveCue(words, p)) ||
    topicHits.some((t) => rules.noBeforeTopic.test(lower.slice(Math.max(0, t.start - 40), t.start)));
  return governs ? unique(topicHits.map((t) => t.rule.rule as Topic)) : undefined;
}

/** `unchanged`: a sentence's local facts when they are known to be the last version's (redetectChunk). */
function localFactsOf(doc: PolicyDocument, chunk: DocumentChunk, rules: CompiledRules, outOfTime: (at: Sentence) => boolean, unchanged?: (i: number) => LocalFacts | undefined): LocalFacts[] {
  const out: LocalFacts[] = [];
  for (let i = chunk.firstSentence; i < chunk.endSentence; i++) {
    const sentence = doc.sentences[i];
    if (outOfTime(sentence)) break;
    const known = unchanged?.(i);
    if (known) {
      out.push(known);
      continue;
    }
    const block = doc.blocks[sentence.block];
    const lower = lowerSameLength(proseSlice(doc, sentence.start, sentence.end));
    const words = splitWords(lower);
    const hits = new Map<string, Hit[]>();
    for (const m of rules.probes.findAll(words)) {
      const list = hits.get(m.rule.key);
      if (list) list.push(m);
      else hits.set(m.rule.key, [m]);
    }
    // A short table cell is a label ("Data Subjects"), not a commitment; a short line without
    // final punctuation standing alone is a plain-text subheading ("The CLOUD Act question");
    // a "sentence" without a letter ("4.", "(ii)") says nothing.
    const isHeading =
      !isReviewed(block) ||
      !/\p{L}/u.test(lower) ||
      (block.type === "table-row" && words.words.length < 4) ||
      (block.type === "paragraph" && block.start === sentence.start && block.end === sentence.end && words.words.length < 10 && !/[.!?:;"”’)]$/.test(lower));
    const l: LocalFacts = { lower, words, hits: hits.size ? hits : NO_HITS, reviewed: !isHeading, topics: [], cueAt: -1, hasProhibition: false, negated: false, governs: false, noCue: false, permissionHit: false, terms: [], permissive: [], backReferenceCue: false, hasLoophole: hits.has("loophole"), loopholes: NONE, anchors: NONE, contexts: NONE, learned: NONE };
    if (l.hasLoophole) l.loopholes = hits.get("loophole")!.map((h) => ({ rule: h.rule.rule as LoopholeRule, start: h.start, end: h.end }));
    out.push(l);
    if (isHeading) {
      // A heading that is itself a prohibition on a red-line area ("Do not use agents for surveillance").
      if (block.type === "heading" || block.type === "paragraph") l.headingTopics = headingRedLineTopics(words, hits, lower, rules);
      keepWordsIfRead(l);
      continue;
    }

    const topicHits = (hits.get("topic") ?? []).map((h) => ({ ...h, rule: h.rule.rule as Topic }));
    const opening = hits.get("imperative")?.filter((h) => h.start === words.starts[0]);
    const prohibitions = opening?.length ? [...opening, ...(hits.get("prohibition") ?? [])] : hits.get("prohibition") ?? [];
    const firstStance = hits.get("stance")?.[0];
    l.cueAt = prohibitions.length ? prohibitions[0].start : firstStance ? firstStance.start : -1;
    l.hasProhibition = prohibitions.length > 0;
    // "to the extent not prohibited by law" defers a limit to the law (a loophole); it does not lift it.
    l.negated = (hits.get("negated") ?? []).some((n) => !BY_LAW.test(lower.slice(n.end, n.end + 40)));
    for (const t of topicHits) {
      const from = Math.max(0, t.start - 40);
      const no = rules.noBeforeTopic.exec(lower.slice(from, t.start));
      if (!no) continue;
      l.noCue = true;
      // "no decision … may be taken based solely on …": the "no" is where the limit starts.
      if (l.cueAt < 0) l.cueAt = from + no.index;
      break;
    }
    // An active "may not sell" after the topic limits something else ("contracts for surveillance
    // technology must provide that the vendor may not sell the data"); a passive cue or one before
    // the topic governs it.
    const stances = (hits.get("stance") ?? []).filter((p) => topicHits.some((t) => p.start < t.start && wordsBetween(words, p.end, t.start) <= STANCE_REACH));
    l.governs = stances.length > 0 || prohibitions.some((p) => topicHits.some((t) => p.start < t.start) || isPassiveCue(words, p));
    l.topics = unique(topicHits.map((t) => t.rule));
    l.permissionHit = hits.has("permission");

    // A run-in heading ("Governing Law and Courts." before the clause) names a term; it does not commit to it.
    // A preamble names the agreement and its parties ("This Escrow Agreement is entered into by and between …").
    const preamble = isPreamble(lower);
    const runIn = preamble || isRunInHeading(doc, block, sentence);
    let namesOnly = preamble;
    for (const t of rules.terms) {
      if (runIn) break;
      if (!hits.has(t.keys.term)) continue;
      if (t.requires && !hits.has(t.keys.requires)) continue;
      if (hits.has(t.keys.unless) || l.terms.includes(t.rule.term)) continue;
      if (onlyMentions(hits.get(t.keys.term)!, hits.get(t.keys.mentions), lower)) {
        namesOnly = true;
        continue;
      }
      l.terms.push(t.rule.term);
      if (permitsOpposite(hits, hits.has(t.keys.permissive))) l.permissive.push(t.rule.term);
    }
    for (const t of rules.terms) {
      if (!t.contextual) continue;
      if (hits.has(t.keys.anchor)) l.anchors = [...l.anchors, t.rule.term];
      if (hits.has(t.keys.context) && !preamble && !hits.has(t.keys.unless) && !hits.has(t.keys.contextUnless) && !l.terms.includes(t.rule.term)) l.contexts = [...l.contexts, t.rule.term];
    }
    // The cue must be more than the reference itself: "a schedule of prohibited uses" only mentions limits.
    const refs = hits.get("backref") ?? [];
    l.learned = classifySentence(lower, block.type);
    // The rules read its term's words as a name, not a commitment: the classifier's hint would report the same words.
    if (namesOnly && !l.terms.length) l.learned = l.learned.filter((v) => v.category !== "sovereignty");
    l.backReferenceCue = !l.negated && refs.length > 0 && prohibitions.some((c) => !refs.some((r) => c.start < r.end && r.start < c.end));
    keepWordsIfRead(l);
  }
  return out;
}

const HEADING_WORD = /^(?:\p{Lu}[\p{L}'’-]*|and|or|of|the|to|for|in|on|by|with|&)$/u;

/**
 * A short title-case phrase that opens a paragraph and ends in a full stop, with the
 * clause's text after it in the same paragraph: "17.2 Governing Law and Courts. The laws of …";
 * or one without final punctuation alone in its paragraph ("7. GOVERNING LAW").
 */
function isRunInHeading(doc: PolicyDocument, block: { start: number; end: number }, sentence: Sentence): boolean {
  if (proseSlice(doc, block.start, sentence.start).trim()) return false;
  const text = proseSlice(doc, sentence.start, sentence.end).trim();
  const alone = !proseSlice(doc, sentence.end, block.end).trim();
  // Run in before the clause's text, or a numbered title alone on its line ("7. GOVERNING LAW").
  if (alone ? /[.!?:;"”’)]$/.test(text) : !text.endsWith(".")) return false;
  const words = text.replace(/\.$/, "").split(/\s+/).filter(Boolean);
  return words.length > 0 && words.length <= 6 && /^\p{Lu}/u.test(words[0]) && words.every((w) => HEADING_WORD.test(w));
}

/**
 * Drops a sentence's word list unless a later pass reads it: sentenceFindings, for a sentence
 * that may be a red line (topics, a back-reference), have terms (its own, contextual, or a
 * carve-out's) or a loophole; and claim detection, for a claim mark's neighbours. The word
 * lists of a contract's cached facts were a quarter of the language server's heap.
 */
function keepWordsIfRead(l: LocalFacts): void {
  const read = l.hits.has("claim") || l.hits.has("newsClaim") || l.hasLoophole || l.topics.length > 0 || l.terms.length > 0 || l.contexts.length > 0 || l.backReferenceCue;
  if (!read) l.words = NO_WORDS;
}

/**
 * What the learned classifier finds where the rules report nothing of the category. Such a
 * finding never makes a term present (presence is the facts' `terms`, decided by rules only),
 * keeps the rules' ids so a config's rule and category settings apply, and is a hint that says
 * which words decided it.
 */
function learnedFindings(doc: PolicyDocument, rules: CompiledRules, f: SentenceFacts, l: LocalFacts, findings: Finding[]): void {
  for (const v of l.learned) {
    if (v.category === "red-line") {
      if (f.redLine) continue;
      const rl = rules.source.redLine;
      findings.push({
        rule: rl.id,
        category: "red-line",
        severity: "hint",
        message: "This sentence reads like a red line (a use the service must not be put to), but no prohibition rule matched its words: check whether it sets a limit, and on what.",
        start: f.sentence.start,
        end: f.sentence.end,
        explanation: learnedExplanation(v, reasonFor(v, l.lower, doc.blocks[f.sentence.block].type)),
        reference: rl.reference,
      });
    } else if (!f.terms.length) {
      const reason = reasonFor(v, l.lower, doc.blocks[f.sentence.block].type);
      const rule = rules.terms.find((t) => t.rule.term === reason.term)?.rule;
      if (!rule) continue;
      findings.push({
        rule: termRuleId(rule),
        category: "sovereignty",
        severity: "hint",
        message: `This sentence reads like a sovereignty term (most like ${rule.label.toLowerCase()}), but no rule matched its words: check what it commits to. It does not count as the term being present.`,
        start: f.sentence.start,
        end: f.sentence.end,
        term: rule.term,
        explanation: learnedExplanation(v, reason),
        reference: rule.reference,
      });
    }
  }
}

/**
 * An enumerated item inherits the prohibition of what introduces its list: a lead-in
 * sentence ("The Services must not be used for:" then "- mass surveillance of residents" or
 * "(a) to conduct bulk interception …"; also one left open, "This includes content that"),
 * the item it is nested in, or a heading right above the list. Returns that block, or -1.
 */
function enumerationLeadIn(doc: PolicyDocument, blockIndex: number): number {
  if (!isEnumeratedItem(doc, blockIndex)) return -1;
  const block = doc.blocks[blockIndex];
  const i = blockBeforeRun(doc, blockIndex);
  if (i < 0) return -1;
  const lead = doc.blocks[i];
  if (lead.section !== block.section && lead.type !== "heading") return -1;
  if (lead.type === "heading" || isEnumeratedItem(doc, i)) return i;
  return isLeadInText(proseSlice(doc, lead.start, lead.end)) ? i : -1;
}

// A lead-in ends with a colon, or with a word that needs the list to finish it ("This includes").
const LEAD_IN_END = /(?::|\b(?:include|includes|including|following|follows|to|that|which|from|for|of))\s*$/i;
function isLeadInText(text: string): boolean {
  return LEAD_IN_END.test(text);
}

/**
 * The block an enumerated item's run starts after: the last block before its siblings and
 * their sub-items (a more indented item is nested; a less indented one is its parent), or -1.
 * Remembered per document: every item of a 200-item list asks, and walking back from each
 * was quadratic.
 */
function blockBeforeRun(doc: PolicyDocument, blockIndex: number): number {
  let known = runStarts.get(doc);
  if (!known) runStarts.set(doc, (known = new Map()));
  const remembered = known.get(blockIndex);
  if (remembered !== undefined) return remembered;
  const depth = itemIndent(doc, blockIndex);
  const siblings: number[] = [];
  let i = blockIndex - 1;
  const kind = enumeratorKind(doc, blockIndex);
  for (; i >= 0 && isEnumeratedItem(doc, i); i--) {
    const d = itemIndent(doc, i);
    if (d < depth) break;
    if (d > depth) continue;
    // Unindented "(A) … the following:" then "(i) …": another kind of enumerator ending in a
    // colon introduces the item; another kind without one is a sub-item of an earlier sibling.
    if (enumeratorKind(doc, i) !== kind) {
      if (/:\s*$/.test(proseSlice(doc, doc.blocks[i].start, doc.blocks[i].end))) break;
      continue;
    }
    const sibling = known.get(i);
    if (sibling !== undefined) {
      i = sibling;
      break;
    }
    siblings.push(i);
  }
  for (const s of siblings) known.set(s, i);
  known.set(blockIndex, i);
  return i;
}
/** Per document, an enumerated item's block → the block before its run (see blockBeforeRun). */
const runStarts = new WeakMap<PolicyDocument, Map<number, number>>();

/** Columns before a block's first character on its line, blockquote marks aside: how deeply a list item is nested. */
function itemIndent(doc: PolicyDocument, blockIndex: number): number {
  const lineStart = doc.lines.starts[doc.blocks[blockIndex].startLine];
  const m = /^(?:[ \t]*>)*([ \t]*)/.exec(doc.text.slice(lineStart, Math.min(lineStart + 40, doc.text.length)))!;
  return m[1].replace(/\t/g, "    ").length;
}

// "(a)", "iv)", "b." and a Roman numeral with a dot ("ii.", "viii.").
const ENUMERATOR = /^\s*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)|[a-z]\.|[ivx]{2,4}\.)\s/i;
const ENUMERATOR_TOKEN = /^\s*\(?([a-z]+|\d+)[).]/i;

/** The kind of an item's enumerator: a Markdown list item, or a paragraph's "(1)", "(a)", "(A)" or "(iv)". */
function enumeratorKind(doc: PolicyDocument, blockIndex: number): string {
  const block = doc.blocks[blockIndex];
  if (block.type === "list-item") return "list";
  const lineStart = doc.lines.starts[block.startLine];
  const token = ENUMERATOR_TOKEN.exec(doc.text.slice(lineStart, Math.min(lineStart + 12, doc.text.length)))?.[1] ?? "";
  if (/^\d/.test(token)) return "1";
  if (/^[ivx]{1,4}$/.test(token) && token !== "v" && token !== "x") return "i";
  if (/^[IVX]{2,4}$/.test(token)) return "I";
  return token === token.toLowerCase() ? "a" : "A";
}

function isEnumeratedItem(doc: PolicyDocument, blockIndex: number): boolean {
  const block = doc.blocks[blockIndex];
  if (block.type === "list-item") return true;
  if (block.type !== "paragraph") return false;
  const lineStart = doc.lines.starts[block.startLine];
  return ENUMERATOR.test(doc.text.slice(lineStart, Math.min(lineStart + 12, doc.text.length)));
}

/**
 * Whether an enumerated item stands under a prohibition: its lead-in's own words ("You may
 * not use the Services to:"), else — when the lead-in neither negates nor permits — the
 * item's parent item's, and at the top the nearest heading that says either ("Prohibited
 * uses", "Do not use for surveillance"; "Permitted uses" ends the search).
 */
function listLeadInProhibits(doc: PolicyDocument, blockIndex: number, rules: CompiledRules, itemNegated: boolean): boolean {
  if (!isEnumeratedItem(doc, blockIndex)) return false;
  for (let b = blockIndex, hops = 0; hops < 8; hops++) {
    const lead = enumerationLeadIn(doc, b);
    const own = lead < 0 ? "none" : leadInTextStance(proseSlice(doc, doc.blocks[lead].start, doc.blocks[lead].end), rules);
    // Under a duty ("shall ensure all of the following:"), an item that says what must not happen is a prohibition.
    if (own === "obliges") return itemNegated;
    if (own !== "none") return own === "prohibits";
    if (lead < 0 || !isEnumeratedItem(doc, lead)) break;
    b = lead;
  }
  return headingProhibits(doc, doc.blocks[blockIndex].section, rules);
}

function headingProhibits(doc: PolicyDocument, section: number, rules: CompiledRules): boolean {
  for (let s = section, hops = 0; s >= 0 && hops < 8; s = doc.sections[s].parent, hops++) {
    const stance = leadInTextStance(doc.sections[s].title, rules);
    if (stance !== "none") return stance === "prohibits";
  }
  return false;
}

/** What a lead-in or heading says of what follows it: it prohibits, it negates a prohibition or permits, or neither. */
function leadInTextStance(text: string, rules: CompiledRules): LeadInStance {
  // Every item of a list asks about the same lead-in, on every keystroke.
  let answers = leadInAnswers.get(rules);
  if (!answers) leadInAnswers.set(rules, (answers = new Map()));
  let stance = answers.get(text);
  if (stance === undefined) {
    const words = splitWords(lowerSameLength(text));
    // "must not be used to:" prohibits though "be used" alone would permit.
    stance = rules.negated.test(words) || rules.exemptions.test(words)
      ? "permits"
      : rules.prohibitions.test(words) || rules.imperatives.find(words).some((m) => m.start === words.starts[0])
        ? "prohibits"
        : rules.permissions.test(words)
          ? "permits"
          : isLeadInText(text) && rules.duties.test(words)
            ? "obliges"
            : "none";
    if (answers.size > 1000) answers.clear();
    answers.set(text, stance);
  }
  return stance;
}
const leadInAnswers = new WeakMap<CompiledRules, Map<string, LeadInStance>>();
type LeadInStance = "prohibits" | "permits" | "obliges" | "none";

/** "does not base its decision …", "is never used to …": an item that states what must not happen ("not limited to" states nothing). */
const ITEM_NEGATION = /\b(?:does|do|is|are|shall|will|must|may|can) not\b(?! (?:be )?limited\b)|\bnever\b/;

const PASSIVE_NEXT = new Set(["be", "been", "being"]);
const ACTIVE_MODAL = /^(?:shall|must|will|may|can|should|would|could)\b.*\b(?:not|never)$/;

/** "shall not be used", "is prohibited": a cue that can follow the topic it limits. */
function isPassiveCue(words: Words, cue: { start: number; end: number }): boolean {
  const text = words.text.slice(cue.start, cue.end);
  if (!ACTIVE_MODAL.test(text)) return true;
  return PASSIVE_NEXT.has(nextWord(words, cue.end));
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
