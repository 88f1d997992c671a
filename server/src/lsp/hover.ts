// Hover text: a finding's what/why/left open/reference/fix, or a clause's place and terms.
import { MarkupKind, type Hover } from "vscode-languageserver";
import type { Analysis, CompiledRules, Finding, Fix } from "../engine";

const CATEGORY_LABEL: Record<Finding["category"], string> = {
  "red-line": "Red line",
  loophole: "Loophole",
  sovereignty: "Sovereignty term",
  claim: "Unverified claim",
  "missing-term": "Missing term",
  document: "Document",
};

export interface HoverInput {
  analysis: Analysis;
  /** The findings as shown (after severity overrides). */
  findings: Finding[];
  rules: CompiledRules;
  fixesFor: (finding: Finding) => Fix[];
}

export function hoverAt(input: HoverInput, offset: number): Hover | null {
  const { analysis, findings } = input;
  const lines = analysis.document.lines;
  const here = findings
    .filter((f) => f.start <= offset && (offset < f.end || (f.start === f.end && offset === f.end)))
    .sort((a, b) => a.end - a.start - (b.end - b.start));
  if (here.length) {
    const shown = here.slice(0, 3);
    const value = shown.map((f) => findingHover(input, f)).join("\n\n---\n\n");
    return { contents: { kind: MarkupKind.Markdown, value }, range: lines.range(shown[0].start, shown[0].end) };
  }
  return clauseHover(input, offset);
}

function findingHover({ analysis, findings, rules, fixesFor }: HoverInput, f: Finding): string {
  const out: string[] = [];
  out.push(`**${CATEGORY_LABEL[f.category]}** · \`${f.rule}\``);
  const loophole = f.category === "loophole" ? (analysis?.rules ?? rules).source.loopholes.find((l) => l.id === f.rule) : undefined;
  // The message is not repeated: an editor shows the diagnostic's message in the same hover
  // (VS Code) or beside the line (Neovim). The hover adds what the message does not say.
  if (f.explanation) out.push(`**Why it matters:** ${f.explanation}`);
  // A loophole's message ends with what it leaves open: not said twice.
  const leftOpen = leftOpenBy(analysis, findings, f, loophole && !f.message.endsWith(loophole.leavesOpen) ? loophole.leavesOpen : undefined);
  if (leftOpen) out.push(`**Left open:** ${leftOpen}`);
  if (f.reference) out.push(`**Reference:** ${f.reference.url ? `[${escape(f.reference.title)}](${f.reference.url})` : escape(f.reference.title)}`);
  const fixes = fixesFor(f).filter((x) => !x.title.startsWith("Suppress"));
  if (fixes.length) out.push(`**Fix:** ${fixes.map((x) => x.title).join("; ")} (quick fix)`);
  return out.join("\n\n");
}

/** For a loophole, what it leaves open; for a red line or commitment, the loopholes inside it. */
function leftOpenBy(analysis: Analysis, findings: Finding[], f: Finding, leavesOpen?: string): string | undefined {
  if (leavesOpen) return leavesOpen;
  if (f.category !== "red-line" && f.category !== "sovereignty") return undefined;
  const inside = findings.filter((g) => g.category === "loophole" && g.start >= f.start && g.end <= f.end);
  if (!inside.length) return undefined;
  const text = analysis.document.text;
  return `weakened by ${inside.map((g) => `“${text.slice(g.start, g.end).replace(/\s+/g, " ")}”`).join(", ")}.`;
}

function clauseHover({ analysis, rules }: HoverInput, offset: number): Hover | null {
  const doc = analysis.document;
  const containing = doc.clauses.filter((c) => c.start <= offset && offset < Math.max(c.end, c.start + 1));
  if (!containing.length) return null;
  const clause = containing.reduce((a, b) => (b.end - b.start < a.end - a.start ? b : a));
  // A numbered heading opens its own section; its place is the section above it.
  const sectionIndex = clause.source === "heading" ? (doc.sections[clause.section]?.parent ?? -1) : clause.section;
  const section = sectionIndex >= 0 ? doc.sections[sectionIndex] : undefined;
  const terms = new Set(analysis.facts.filter((f) => f.sentence.start >= clause.start && f.sentence.start < clause.end).flatMap((f) => f.terms));
  const labels = [...terms].map((t) => rules.source.terms.find((r) => r.term === t)?.label ?? t);
  const where = section ? ` in section “${escape(section.title)}”` : "";
  const value = [
    `**Clause ${escape(clause.number)}** — ${escape(clause.title)}${where}`,
    labels.length ? `Covers: ${labels.join(", ")}.` : "Covers no sovereignty term.",
  ].join("\n\n");
  return { contents: { kind: MarkupKind.Markdown, value }, range: doc.lines.range(clause.start, Math.max(clause.start, clause.end)) };
}

/** Keeps titles from being read as Markdown. */
function escape(s: string): string {
  return s.replace(/([\\`*_[\]<>])/g, "\\$1");
}
