import * as z from "zod";
import type { CompiledRules, LocalFacts, SentenceFacts } from "../detect";
import { proseSlice, type PolicyDocument } from "../model";
import type { Words } from "../patterns";
import { characterBoundary } from "../text";
import { reasonFor } from "../learned";
import { TERMS, type Finding, type TermId } from "../types";
import { patternSchema, phraseRuleSchema } from "./common";
import { countBefore } from "../sorted";
import { isReviewed, nextWord, wordBefore, wordsAfter, wordsBefore } from "./words";

/**
 * Check type `loophole`: a qualifier phrase ("unless required by law", "intentionally") that
 * counts where its scope says — inside a red line, a commitment on some terms, a permission
 * in a document with red lines — and reads as a loophole there.
 */
/** Where a loophole qualifier counts: inside a red line, or inside a commitment on these terms. */
export const loopholeRuleSchema = phraseRuleSchema.extend({
  scope: z.object({
    redLine: z.boolean().default(true),
    terms: z.array(z.enum(TERMS)).default([]),
    /** Permissions ("may use … for all lawful purposes") in a document that has red lines. */
    permission: z.boolean().default(false),
    /** Anywhere in a document that states red lines (reopeners of those red lines). */
    redLineDocument: z.boolean().default(false),
    /** Also where no term rule matched but the sentence classifier reads the sentence as one of `terms` (only for qualifiers hollow wherever they stand). */
    learned: z.boolean().default(false),
  }),
  /** Extend the finding from the phrase to the end of its clause (", ; ." or the sentence end). */
  toClauseEnd: z.boolean().default(false),
  /** A qualifier whose phrase matches one of these is not a loophole ("unless a caseworker reviews it" adds a safeguard). */
  unlessPhrase: z.array(patternSchema).optional(),
  /** Like `unlessPhrase`, read on the qualifier with up to three words either side ("against accidental loss" guards against a harm; it does not excuse one). */
  unlessNear: z.array(patternSchema).optional(),
  /** Counts only in a sentence that names a red-line topic or points back at the limits. */
  needsTopicOrReference: z.boolean().default(false),
  /** A match of this family makes its sentence a carve-out from the document's red lines. */
  marksCarveOut: z.boolean().default(false),
  /** Only after the prohibition cue in the sentence (degree words qualify what is prohibited). */
  afterProhibition: z.boolean().default(false),
  /** "only", "solely" or "exclusively" just before the match or within six words after it (not "only where …") restricts rather than carves out ("only resident staff may access", "may access data only through …"). */
  notNearRestriction: z.boolean().default(false),
  leavesOpen: z.string(),
  /**
   * How a quick fix narrows the qualifier. Wordings may name the parties as `{Customer}` and
   * `{Supplier}`, filled with the document's own terms. No fix widens a commitment: a
   * deletion is offered only inside a limit (a prohibition or an obligation), never inside a
   * permission, whose condition is all that holds it back.
   */
  narrowing: z
    .object({
      /** Replaces an exception or condition inside a prohibition or obligation ("unless …"). */
      inLimit: z.string().optional(),
      /** Replaces a condition on a permission ("only with …"). */
      inPermission: z.string().optional(),
      /** Replaces a named class of people ("U.S. persons") with everyone. */
      everyone: z.string().optional(),
      /**
       * The qualifiers a wording may replace: vague or party-set conditions ("as otherwise
       * agreed", "where necessary", "as permitted by law"). A condition that is already a
       * safeguard ("unless a court has authorised it") is never swapped for another.
       */
      replaces: z.array(patternSchema).default([]),
      /** Deleting the qualifier (an exception clause, a degree adverb) makes the limit it sits in stricter. */
      delete: z.boolean().default(false),
    })
    .default({ delete: false, replaces: [] }),
});
export type LoopholeRule = z.infer<typeof loopholeRuleSchema>;

const MAX_QUALIFIER = 80;

const RESTRICTIVE_NEXT = new Set(["only", "exclusively", "solely"]);
/** The word before a qualifier that makes it a further ground of the clause before it, not a part of that clause's condition. */
const NEW_GROUND = new Set(["or", "otherwise"]);
/** A qualifier that opens a further ground or exception of its own ("or required by policy", "except …", "unless …"). */
const NEW_GROUND_OPENER = /^(?:or|except|unless|save|other than|excluding|notwithstanding)\b/;
/** Openers after which a prohibition prevails over what they name, or stands beside it ("Without prejudice to Directive X, … shall not"). */
const OVERRIDING = /^(?:notwithstanding|regardless|without prejudice)\b/;
const CLAUSE_END = /[,;:.!?)\]”"]|\s[—–]\s/;

/**
 * The first qualifier starting inside (after, end) that opens with "or" and is in scope. Matches are sorted by
 * start, so a binary search finds where to look: a sentence of tens of thousands of qualifiers stays linear.
 */
function furtherGround<M extends { start: number; rule: LoopholeRule }>(matches: readonly M[], after: number, end: number, lower: string, covers: (s: LoopholeRule["scope"]) => boolean): M | undefined {
  for (let i = countBefore(matches.length, (j) => matches[j].start <= after); i < matches.length && matches[i].start < end; i++) {
    const k = matches[i];
    if (/^or\b/.test(lower.slice(k.start, k.start + 3)) && covers(k.rule.scope)) return k;
  }
  return undefined;
}

/** A sentence's loophole findings, from its facts and its loophole phrases (`l.loopholes`). */
export function loopholeFindings(doc: PolicyDocument, rules: CompiledRules, f: SentenceFacts, l: LocalFacts, docHasRedLine: boolean, findings: Finding[]): void {
  const { sentence, lower, words } = f;
  const permissionScope = f.permission && (docHasRedLine || f.topics.length > 0);
  // A sentence the classifier reads as a sovereignty term (no rule matched its words) scopes term qualifiers by its likeliest term.
  const terms = f.terms.length || !l.hasLoophole ? f.terms : learnedTerms(doc, l, f);
  if (l.hasLoophole && (f.redLine || terms.length || permissionScope || docHasRedLine)) {
    const seen: [number, number][] = [];
    let lastStart = 0;
    let seenEnd = -1;
    let clauseUntil = -1;
    const matches = l.loopholes;
    // A carve-out sentence ("The restrictions in clause 3.1 do not apply to …") carries red-line qualifiers too.
    const linked = f.topics.length > 0 || f.hits.has("backref");
    const carveOut = docHasRedLine && !f.redLine && matches.some((m) => m.rule.marksCarveOut && (linked || !m.rule.needsTopicOrReference));
    // A sentence about the limits themselves ("Those limits apply consistent with applicable law") qualifies them.
    const aboutLimits = docHasRedLine && !f.redLine && namesTheLimits(f);
    const covers = (s: LoopholeRule["scope"]) =>
      ((f.redLine || f.leadsRedLine || carveOut || aboutLimits) && s.redLine) ||
      ((terms === f.terms || s.learned) && terms.some((t) => s.terms.includes(t))) ||
      (permissionScope && s.permission) ||
      (docHasRedLine && s.redLineDocument && !isHeading(doc, f));
    for (const m of matches) {
      if (!covers(m.rule.scope)) continue;
      if (m.rule.needsTopicOrReference && !linked) continue;
      if (m.rule.afterProhibition && (f.cueAt < 0 || m.start < f.cueAt)) continue;
      // "ongoing or real-time or near real-time tracking": one of several alternatives the limit names all of narrows nothing.
      if (m.rule.afterProhibition && (nextWord(words, m.end) === "or" || wordBefore(words, m.start) === "or")) continue;
      // "Notwithstanding paragraph 1, the tool shall not deny care": an opener the prohibition prevails over narrows nothing.
      if (f.redLine && m.start < f.cueAt && OVERRIDING.test(lower.slice(m.start, m.end + 12))) continue;
      // "may be processed only by resident staff" restricts; it does not carve out, nor does "only EU staff may access".
      if (RESTRICTIVE_NEXT.has(nextWord(words, m.end))) continue;
      if (m.rule.notNearRestriction && restrictedNearby(words, m)) continue;
      let end = m.end;
      // The clause a qualifier opens, also where the finding is cut short: a later qualifier inside it is part of this one.
      let clauseEnd = m.end;
      // A permission whose verb and place stand apart ("may process data, including …, outside") is cut to a readable phrase.
      if (!m.rule.toClauseEnd && end - m.start > MAX_QUALIFIER) {
        const cut = lower.lastIndexOf(" ", m.start + MAX_QUALIFIER);
        if (cut > m.start) end = characterBoundary(doc.text, sentence.start + cut) - sentence.start;
      }
      if (m.rule.toClauseEnd) {
        // A qualifier is cut at MAX_QUALIFIER: the clause end is looked for only a little past
        // that, so a sentence of thousands of qualifiers is not rescanned for each.
        const rest = lower.slice(m.end, m.start + MAX_QUALIFIER + 1024);
        const stop = CLAUSE_END.exec(rest);
        end = m.end + (stop ? stop.index : rest.length);
        while (end > m.end && /\s/.test(lower[end - 1])) end--;
        // A further ground of its own in the same clause ("unless a court orders it or we believe that …") is a qualifier of its own: this one ends before it.
        const further = furtherGround(matches, m.end, end, lower, covers);
        if (further) {
          end = further.start;
          while (end > m.end && /[\s,;]/.test(lower[end - 1])) end--;
        }
        clauseEnd = end;
        // Keep the qualifier short enough to read as one phrase (and to redline).
        if (end - m.start > MAX_QUALIFIER) {
          const cut = lower.lastIndexOf(" ", m.start + MAX_QUALIFIER);
          // The mask blanks a masked emoji to two spaces: the cut must not fall between them.
          end = characterBoundary(doc.text, sentence.start + Math.max(m.end, cut)) - sentence.start;
        }
      }
      if (rules.loopholeUnless.get(m.rule)?.test(lower.slice(m.start, end))) continue;
      const unlessNear = rules.loopholeUnlessNear.get(m.rule);
      if (unlessNear?.test(`${wordsBefore(words, m.start, 3).join(" ")} ${lower.slice(m.start, end)} ${wordsAfter(words, end, 3).join(" ")}`)) continue;
      // Matches come in order of their start, so a match past every earlier start overlaps one exactly when it starts before the furthest end.
      if (m.start < lastStart ? seen.some(([a, b]) => m.start < b && a < end) : m.start < seenEnd) continue;
      // Inside an earlier qualifier's clause the same condition goes on ("if it believes there is an emergency and that the data is necessary …"); "or" adds a ground of its own ("… or otherwise consistent with applicable law").
      if (m.start < clauseUntil && !NEW_GROUND_OPENER.test(lower.slice(m.start, m.start + 16)) && !NEW_GROUND.has(wordBefore(words, m.start))) continue;
      seen.push([m.start, end]);
      lastStart = Math.max(lastStart, m.start);
      seenEnd = Math.max(seenEnd, end);
      clauseUntil = Math.max(clauseUntil, clauseEnd);
      const phrase = proseSlice(doc, sentence.start + m.start, sentence.start + end).replace(/\s+/g, " ");
      findings.push({
        rule: m.rule.id,
        category: "loophole",
        severity: m.rule.severity ?? "warning",
        message: `${m.rule.message.replace("{phrase}", phrase)} ${m.rule.leavesOpen}`,
        start: sentence.start + m.start,
        end: sentence.start + end,
        explanation: m.rule.explanation,
        reference: m.rule.reference,
      });
    }
  }
}

const LIMIT_WORD = /\b(?:restrictions?|prohibitions?|limits|limitations|bans?|red lines?)\b/;
/** A back-reference to the limits as such ("these restrictions", "those limits"), not to a clause or section by number. */
function namesTheLimits(f: SentenceFacts): boolean {
  return (f.hits.get("backref") ?? []).some((h) => LIMIT_WORD.test(f.lower.slice(h.start, h.end)));
}

function isHeading(doc: PolicyDocument, f: SentenceFacts): boolean {
  return !isReviewed(doc.blocks[f.sentence.block]);
}

const CONDITIONS = new Set(["where", "if", "when", "as", "to", "for", "until", "during"]);
function restrictedNearby(words: Words, m: { start: number; end: number }): boolean {
  if (wordsBefore(words, m.start, 2).some((w) => RESTRICTIVE_NEXT.has(w))) return true;
  const after = wordsAfter(words, m.end, 7);
  const at = after.slice(0, 6).findIndex((w) => RESTRICTIVE_NEXT.has(w));
  return at >= 0 && !CONDITIONS.has(after[at + 1] ?? "");
}

/** The term the learned classifier gives a sentence it reads as sovereignty, or none. */
function learnedTerms(doc: PolicyDocument, l: LocalFacts, f: SentenceFacts): readonly TermId[] {
  const v = l.learned.find((x) => x.category === "sovereignty");
  const term = v && reasonFor(v, l.lower, doc.blocks[f.sentence.block].type).term;
  return term ? [term] : [];
}
