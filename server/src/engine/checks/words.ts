import type { Words } from "../patterns";
import { countBefore } from "../sorted";

// Word positions in a sentence, shared by the check types.

/** The word after an offset, or "" at the end. */
export function nextWord(words: Words, offset: number): string {
  // Binary search (starts are sorted): a sentence can hold tens of thousands of qualifiers.
  const i = countBefore(words.starts.length, (j) => words.starts[j] < offset);
  return i < words.starts.length ? words.words[i] : "";
}

/** How many words end at or before an offset (binary search: ends are sorted). */
function wordsEndedBy(words: Words, offset: number): number {
  return countBefore(words.ends.length, (i) => words.ends[i] <= offset);
}

/** The word that ends at or before an offset, or "" at the start. */
export function wordBefore(words: Words, offset: number): string {
  const n = wordsEndedBy(words, offset);
  return n > 0 ? words.words[n - 1] : "";
}

/** Up to n words before an offset. */
export function wordsBefore(words: Words, offset: number, n: number): string[] {
  const end = wordsEndedBy(words, offset);
  return words.words.slice(Math.max(0, end - n), end);
}

/** Up to n words after an offset. */
export function wordsAfter(words: Words, offset: number, n: number): string[] {
  const i = countBefore(words.starts.length, (j) => words.starts[j] < offset);
  return words.words.slice(i, i + n);
}

/** Headings and footnote definitions (citations) are not reviewed as sentences. */
export function isReviewed(block: { type: string }): boolean {
  return block.type !== "heading" && block.type !== "footnote";
}
