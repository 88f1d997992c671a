// The status bar's words for a document's finding counts. No vscode import, so it is
// unit-tested in `npm test`.
import type { FindingCounts } from "../../server/src/lsp/status";

export const COUNT_NAMES: [keyof FindingCounts, string, string][] = [
  ["redLine", "red line", "red lines"],
  ["loophole", "loophole", "loopholes"],
  ["sovereignty", "sovereignty term", "sovereignty terms"],
  ["claim", "claim", "claims"],
  ["missingTerm", "missing term", "missing terms"],
];

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2 red lines · 1 loophole", or "no findings"; only non-zero counts, to stay short. */
export function summarizeCounts(counts: FindingCounts): string {
  const parts = COUNT_NAMES.filter(([k]) => counts[k] > 0).map(([k, one, many]) => plural(counts[k], one, many));
  return parts.length ? parts.join(" · ") : "no findings";
}
