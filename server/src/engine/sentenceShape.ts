// What a sentence's shape says about it, whatever its words: a question asserts nothing, and a
// line in title case with no final punctuation is a title (a headline restating the story).
import type { PolicyDocument, Sentence } from "./model";

/** A question ("Could the model leak data?") puts something to the reader; it states no fact. */
export function isQuestion(text: string): boolean {
  return /\?[\s"'”’)\]]*$/.test(text);
}

const MINOR_WORD = /^(?:a|an|the|and|or|nor|but|of|to|for|in|on|at|by|with|from|as|into|over|via|vs|per|its|is|it)$/i;

/**
 * A paragraph that is one line of title-case words without final punctuation: a headline or a
 * title ("The Ministry Has Its Eye on the Leading Provider"), however long.
 */
export function isTitleLine(doc: PolicyDocument, sentence: Sentence): boolean {
  const block = doc.blocks[sentence.block];
  if (block.type !== "paragraph" || block.start !== sentence.start || block.end !== sentence.end) return false;
  const text = doc.prose.slice(sentence.start, sentence.end).trim();
  if (/[.!?:;"”’)]$/.test(text) || text.includes("\n")) return false;
  const words = text.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")).filter((w) => /\p{L}/u.test(w));
  if (words.length < 3) return false;
  return words.every((w, i) => /^[\p{Lu}\p{N}]/u.test(w) || (i > 0 && MINOR_WORD.test(w)));
}

/** "X defines 'value' as '…'": what follows the definition's "as" says what a word means, not what is so. */
export const DEFINES = /\b(?:define|defines|defined)\b.*\bas\b/;

/**
 * A contract's preamble ("This Escrow Agreement is entered into by and between …"): it names the
 * agreement and its parties, so a term word in the agreement's name commits to nothing.
 */
export function isPreamble(lower: string): boolean {
  return /\bby and between\b/.test(lower) || /\b(?:is|are|was|were) (?:hereby )?(?:made|entered into)(?: and entered into)?(?: (?:as of|on|this|effective)\b[^.;]{0,60})? between\b/.test(lower);
}
