import * as z from "zod";
import type { SentenceFacts } from "../detect";
import type { Finding } from "../types";
import { described, listOf, patternSchema } from "./common";

/**
 * Check type `topic` (red lines): a topic is a red line where a prohibition governs it
 * (detect.ts decides which sentences are red lines; this module holds the topic's schema
 * and the finding's text).
 */
export const topicSchema = z.object({
  /** Built-in topics are named by a word ("surveillance"); a config's by `prefix/name`. */
  id: z.string().regex(/^[a-z0-9-]+(?:\/[a-z0-9-]+)?$/),
  label: z.string(),
  /** The label takes a plural verb ("weapons and use of force are ruled out"). */
  plural: z.boolean().default(false),
  patterns: z.array(patternSchema).min(1),
  ...described,
});
export type Topic = z.infer<typeof topicSchema>;


/** The red-line check's shared vocabulary: prohibition cues, their negations, lead-ins. */
export const redLineSchema = z.object({
  id: z.string(),
  prohibitions: z.array(patternSchema),
  /** Imperatives ("Do not use …"): prohibitions only where they open the sentence. */
  imperatives: z.array(patternSchema).default([]),
  /** Reported stances ("refused", "opposition to"): red-line cues only a few words before the topic. */
  stances: z.array(patternSchema).default([]),
  /** "no" within a few words before a topic: "no mass domestic surveillance". */
  noBeforeTopic: z.array(z.string()),
  /** A prohibition that is itself negated or lifted cancels the red line. */
  negatedProhibitions: z.array(patternSchema),
  /** A prohibition sentence that points back at a red line in the same clause. */
  backReferences: z.array(patternSchema),
  permissions: z.array(patternSchema),
  /** Headings and lead-ins that introduce exceptions ("Exceptions", "Permitted uses"): their items are no red lines. */
  exemptions: z.array(patternSchema).default([]),
  /** Lead-ins that impose duties ("shall ensure all of the following:"): a negated item under one is a prohibition. */
  duties: z.array(patternSchema).default([]),
  ...described,
});
export type RedLineSettings = z.infer<typeof redLineSchema>;

/** A red-line sentence's finding. */
export function redLineFinding(rl: RedLineSettings, f: SentenceFacts): Finding {
  const { message, explanation } = redLineText(rl, f.topics);
  return {
    rule: rl.id,
    category: "red-line",
    severity: rl.severity ?? "information",
    message,
    start: f.sentence.start,
    end: f.sentence.end,
    explanation,
    reference: f.topics[0]?.reference ?? rl.reference,
  };
}

// Finding texts for the topic and term lists of cached sentence facts: the same lists come
// back on every keystroke, so their texts are built once.
const redLineTexts = new WeakMap<readonly Topic[], { message: string; explanation: string }>();
function redLineText(rl: RedLineSettings, topics: readonly Topic[]): { message: string; explanation: string } {
  let text = redLineTexts.get(topics);
  if (!text) {
    text = {
      message: rl.message.replace("{topics}", listOf(topics.map((t) => t.label))).replace("{is}", topics.length > 1 || topics[0]?.plural ? "are" : "is"),
      explanation: `${rl.explanation} Topics: ${topics.map((t) => `${t.label} — ${t.explanation}`).join(" ")}`,
    };
    redLineTexts.set(topics, text);
  }
  return text;
}
