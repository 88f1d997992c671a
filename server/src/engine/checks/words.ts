import type { Words } from "../patterns";

// Word positions in a sentence, shared by the check types.

/** The word after an offset, or "" at the end. */
export function nextWord(words: Words, offset: number): string {
  // Binary search (starts are sorted): a sentence can hold tens of thousands of qualifiers.
  let lo = 0;
  let hi = words.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words.starts[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo < words.starts.length ? words.words[lo] : "";
}

/** How many words end at or before an offset (binary search: ends are sorted). */
function wordsEndedBy(words: Words, offset: number): number {
  let lo = 0;
  let hi = words.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words.ends[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
  const i = words.starts.findIndex((st) => st >= offset);
  return i < 0 ? [] : words.words.slice(i, i + n);
}

/** Headings and footnote definitions (citations) are not reviewed as sentences. */
export function isReviewed(block: { type: string }): boolean {
  return block.type !== "heading" && block.type !== "footnote";
}
