// Semantic tokens for red lines, loopholes, sovereignty terms and claims.
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from "vscode-languageserver";
import type { Category, Finding, LineIndex } from "../engine";

/**
 * The legend the server announces. The extension's package.json must declare these token
 * types under `contributes.semanticTokenTypes` (id, superType, description) and map them in
 * `contributes.semanticTokenScopes` — SEMANTIC_TOKEN_SCOPES gives the suggested scopes.
 */
export const SEMANTIC_TOKEN_TYPES = ["policyRedLine", "policyLoophole", "policySovereignty", "policyClaim"] as const;
export type PolicyTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
export const SEMANTIC_TOKEN_LEGEND: SemanticTokensLegend = { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [] };

/** Suggested superType and TextMate scopes per token type, for package.json. */
export const SEMANTIC_TOKEN_SCOPES: Record<PolicyTokenType, { superType: string; description: string; scopes: string[] }> = {
  policyRedLine: { superType: "keyword", description: "A red-line clause: a hard limit on use.", scopes: ["markup.bold.policy-lens.red-line", "keyword.control"] },
  policyLoophole: { superType: "keyword", description: "A loophole qualifier that weakens a limit.", scopes: ["invalid.deprecated.policy-lens.loophole", "markup.deleted"] },
  policySovereignty: { superType: "type", description: "A sovereignty term: residency, jurisdiction, exit, audit…", scopes: ["entity.name.type.policy-lens.sovereignty", "support.type"] },
  // Italic, not a colour: most sentences of a news note are claims, and it must stay readable.
  policyClaim: { superType: "variable", description: "An unverified claim in a news note.", scopes: ["markup.italic.policy-lens.claim", "markup.italic"] },
};

const TOKEN_OF: Partial<Record<Category, { type: number; priority: number }>> = {
  // Narrow spans win over the sentences around them: a loophole inside a red line stays visible.
  loophole: { type: 1, priority: 4 },
  claim: { type: 3, priority: 3 },
  "red-line": { type: 0, priority: 2 },
  sovereignty: { type: 2, priority: 1 },
};

interface Segment {
  start: number;
  end: number;
  type: number;
}

/** Non-overlapping segments: where spans overlap, the higher-priority category wins. */
export function tokenSegments(findings: Finding[]): Segment[] {
  const spans = findings.flatMap((f) => {
    const t = TOKEN_OF[f.category];
    return t && f.end > f.start ? [{ start: f.start, end: f.end, ...t }] : [];
  });
  if (!spans.length) return [];
  const points = [...new Set(spans.flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
  spans.sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let active: typeof spans = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    while (next < spans.length && spans[next].start <= a) active.push(spans[next++]);
    active = active.filter((s) => s.end > a);
    if (!active.length) continue;
    const top = active.reduce((x, y) => (y.priority > x.priority ? y : x));
    const last = out[out.length - 1];
    if (last && last.end === a && last.type === top.type) last.end = b;
    else out.push({ start: a, end: b, type: top.type });
  }
  return out;
}

/** Encodes the segments line by line (tokens may not span lines), optionally within [from, to). */
export function semanticTokens(findings: Finding[], lines: LineIndex, from = 0, to = Number.MAX_SAFE_INTEGER): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  for (const seg of tokenSegments(findings)) {
    if (seg.end <= from || seg.start >= to) continue;
    let start = Math.max(seg.start, from);
    const end = Math.min(seg.end, to);
    while (start < end) {
      const pos = lines.position(start);
      const lineEnd = Math.min(end, lines.lineEnd(pos.line));
      if (lineEnd > start) builder.push(pos.line, pos.character, lineEnd - start, seg.type, 0);
      if (pos.line + 1 >= lines.lineCount) break;
      start = Math.max(lineEnd, lines.starts[pos.line + 1]);
    }
  }
  return builder.build();
}
