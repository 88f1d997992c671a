import * as z from "zod";
import type { CompiledRules, Hit, SentenceFacts } from "../detect";
import { proseSlice, type PolicyDocument } from "../model";
import { DEFINES, isQuestion, isTitleLine } from "../sentenceShape";
import { KINDS, type DocumentKind } from "../types";
import { patternSchema, phraseRuleSchema } from "./common";
import { isReviewed, nextWord, wordBefore, wordsBefore } from "./words";

/**
 * Check type `claim`: a claim mark (anonymous sourcing, hedging, speculation, absolutes,
 * statistics …) in a news note or policy makes its sentence an unverified claim, unless the
 * mark yields to attribution and the sentence is attributed or backed by a link.
 */
export const claimMarkSchema = phraseRuleSchema.extend({
  unlessAttributed: z.boolean().default(false),
  /** A match followed by one of these words does not count ("could not be reached"). */
  notFollowedBy: z.array(z.string()).default([]),
  /** A match after one of these words does not count ("laws that could compel access"). */
  notPrecededBy: z.array(z.string()).default([]),
  /** Not after a possessive: "Halcyon's lawyers argued" names whose lawyers they are. */
  notAfterPossessive: z.boolean().default(false),
  /** Not within ten words after one of these ("asked whether … could"). */
  notWithinAfter: z.array(z.string()).default([]),
  /** Not within three words after one of these phrases: "one of the largest" ranks among others. */
  notAfterPhrases: z.array(z.string()).default([]),
  /** The kinds of document where the mark counts (default: news notes and policies). */
  kinds: z.array(z.enum(KINDS)).optional(),
  /** More patterns of the mark that count only in news notes ("are expected to" requires, in a policy). */
  newsOnly: z.array(patternSchema).default([]),
  /** The mark names an unnamed source: a reporting verb does not put the sentence on record, an appositive after a name does ("Sanne Visser, a member of parliament, said"). */
  anonymousSource: z.boolean().default(false),
  /** The mark reports a retraction: the reported statement before it, unless repeated here, is the claim. */
  retraction: z.boolean().default(false),
  /** The mark repeats what a retraction retracts (an absolute: "never", "all"). */
  statesContent: z.boolean().default(false),
  /** The mark counts inside a red-line sentence too (sourcing marks; a red line is no speculation or statistic). */
  inRedLine: z.boolean().default(false),
  /** Not after a definition's "defines … as": a superlative there says what a word means ("defines value for money as securing the best mix"). */
  notInDefinition: z.boolean().default(false),
});
export type ClaimMark = z.infer<typeof claimMarkSchema>;

function claimHits(f: SentenceFacts, kind?: DocumentKind): { rule: ClaimMark; start: number; end: number }[] {
  const hits = kind === "news-note" && f.hits.has("newsClaim") ? [...(f.hits.get("claim") ?? []), ...f.hits.get("newsClaim")!] : f.hits.get("claim") ?? [];
  return hits.map((h) => ({ rule: h.rule.rule as ClaimMark, start: h.start, end: h.end }));
}

/**
 * The claim mark of each sentence. A retraction that does not repeat what was retracted
 * ("He later said he had misspoken.") makes the statement before it a claim too: the
 * retracted content is the claim (LABELS.md).
 */
export function claimsByFact(doc: PolicyDocument, facts: SentenceFacts[], rules: CompiledRules, kind: DocumentKind): Map<SentenceFacts, ClaimMark> {
  const out = new Map<SentenceFacts, ClaimMark>();
  facts.forEach((f) => {
    // A table cell is data; its source is another column of the row.
    if (!isReviewed(doc.blocks[f.sentence.block]) || doc.blocks[f.sentence.block].type === "table-row") return;
    // A question asserts nothing; a headline restates the story the sentences below report.
    if (isQuestion(f.lower) || isTitleLine(doc, f.sentence)) return;
    const claim = claimFor(doc, f, f.redLine, kind);
    if (claim) out.set(f, claim);
  });
  let retraction: ClaimMark | undefined;
  facts.forEach((f, i) => {
    const claim = out.get(f);
    if (!claim?.retraction) return;
    retraction ??= claim;
    if (i === 0) return;
    const before = facts[i - 1];
    const sameSection = doc.blocks[before.sentence.block].section === doc.blocks[f.sentence.block].section;
    // An editor's correction ("an earlier version of this article said …") names what it corrects.
    const repeatsContent =
      /[“"]/.test(f.lower) || /\b(?:version|article|story|piece)\b/.test(f.lower) || claimHits(f).some((m) => m.rule.statesContent);
    const reportsStatement = /[“"”]/.test(before.lower) || before.hits.has("attribution");
    if (sameSection && !repeatsContent && reportsStatement && !out.has(before) && isReviewed(doc.blocks[before.sentence.block])) {
      out.set(before, { ...claim, message: "Claim: this statement was later retracted or corrected (next sentence)." });
    }
  });
  // In a document that reports a retraction, what someone said before is the retracted content.
  if (retraction) {
    for (const f of facts) {
      if (out.has(f) || !f.hits.has("earlierStatement") || !isReviewed(doc.blocks[f.sentence.block]) || doc.blocks[f.sentence.block].type === "table-row") continue;
      out.set(f, { ...retraction, message: "Claim: an earlier statement, in a document that reports it was retracted or corrected." });
    }
  }
  return out;
}

function claimFor(doc: PolicyDocument, f: SentenceFacts, inRedLine: boolean, kind: DocumentKind): ClaimMark | undefined {
  const marks = claimHits(f, kind)
    // A red line is not itself speculation or a statistic; only sourcing marks count in it.
    .filter((m) => !inRedLine || m.rule.inRedLine)
    .filter((m) => !m.rule.kinds || m.rule.kinds.includes(kind))
    .filter((m) => !m.rule.notFollowedBy.includes(nextWord(f.words, m.end)) && !m.rule.notPrecededBy.includes(wordBefore(f.words, m.start)))
    .filter((m) => !m.rule.notAfterPossessive || !/'s$/.test(wordBefore(f.words, m.start)))
    // Only a bare modal ("could") reads differently inside a reported question.
    .filter((m) => !m.rule.notWithinAfter.length || /\s/.test(f.lower.slice(m.start, m.end)) || !wordsBefore(f.words, m.start, 10).some((w) => m.rule.notWithinAfter.includes(w)))
    .filter((m) => !m.rule.notAfterPhrases.length || !afterPhrase(wordsBefore(f.words, m.start, 3), m.rule.notAfterPhrases))
    .filter((m) => !m.rule.notInDefinition || !DEFINES.test(f.lower.slice(0, m.start)))
    // "Sanne Visser, a member of parliament, said": an appositive after a name is on the record.
    .filter((m) => !m.rule.anonymousSource || !/\p{Lu}[\p{L}'’-]+,\s*$/u.test(doc.prose.slice(Math.max(f.sentence.start, f.sentence.start + m.start - 40), f.sentence.start + m.start)));
  if (!marks.length) return undefined;
  const source = doc.text.slice(f.sentence.start, f.sentence.end);
  const backed = /\]\(|\[\^|https?:\/\//.test(source) || hasFootnoteAfter(doc.text, f.sentence.end);
  const anonymous = marks.some((m) => m.rule.anonymousSource);
  const attributed = backed || onRecord(f.hits, anonymous);
  const real = marks.filter((m) => !(m.rule.unlessAttributed && attributed));
  const first = real[0];
  if (!first?.rule.message.includes("{phrase}")) return first?.rule;
  // The message quotes the words that make the sentence a claim.
  const words = proseSlice(doc, f.sentence.start + first.start, f.sentence.start + first.end).replace(/\s+/g, " ").trim();
  return { ...first.rule, message: first.rule.message.replace("{phrase}", words) };
}

/** Whether one of the phrases (words separated by spaces) ends the words before a mark, or is among them. */
function afterPhrase(before: string[], phrases: readonly string[]): boolean {
  const text = ` ${before.join(" ")} `;
  return phrases.some((p) => text.includes(` ${p} `));
}

/**
 * Attributed on the record: a reporting verb ("said", "according to") with no anonymous
 * source (anonymous sourcing is a claim mark of its own and already counted).
 */
function onRecord(hits: Map<string, Hit[]>, anonymous: boolean): boolean {
  return !anonymous && hits.has("attribution");
}

function hasFootnoteAfter(text: string, end: number): boolean {
  // Same line only: a footnote definition on a later line backs nothing.
  return /^[ \t.”"’)]{0,3}\[\^/.test(text.slice(end, end + 8));
}
