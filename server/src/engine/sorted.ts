/**
 * Binary search in a sorted list: how many leading items satisfy `before` (which must hold
 * for a prefix of the list and fail for the rest). One helper for every "first item past
 * an offset" lookup, so a long list stays n log n wherever it is searched.
 */
export function countBefore(length: number, before: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
