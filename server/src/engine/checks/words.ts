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

/** The word that ends at or before an offset, or "" at the start (binary search: ends are sorted). */
export function wordBefore(words: Words, offset: number): string {
  let lo = 0;
  let hi = words.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words.ends[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? words.words[lo - 1] : "";
}

/** Up to n words before an offset. */
export function wordsBefore(words: Words, offset: number, n: number): string[] {
  let lo = 0;
  let hi = words.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words.ends[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return words.words.slice(Math.max(0, lo - n), lo);
}

/** Up to n words after an offset. */
export function wordsAfter(words: Words, offset: number, n: number): string[] {
  const i = words.starts.findIndex((st) => st >= offset);
  return i < 0 ? [] : words.words.slice(i, i + n);
}

/** The word before an offset, or "" at the start. */
export function previousWord(words: Words, offset: number): string {
  let i = -1;
  for (let k = 0; k < words.ends.length && words.ends[k] <= offset; k++) i = k;
  return i < 0 ? "" : words.words[i];
}

/** Headings and footnote definitions (citations) are not reviewed as sentences. */
export function isReviewed(block: { type: string }): boolean {
  return block.type !== "heading" && block.type !== "footnote";
}
