/** Levenshtein distance, two rows at a time. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * The candidate closest to `name`, when it is close enough to be a typo (at most a third
 * of the name's length, and at least 2 edits allowed); otherwise undefined.
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** "Unknown rule `x`" plus ", did you mean `y`?" when there is a near name. */
export function unknownNameMessage(what: string, name: string, candidates: Iterable<string>): string {
  const near = nearestName(name, candidates);
  return `Unknown ${what} \`${name}\`${near ? ` — did you mean \`${near}\`?` : "."}`;
}
