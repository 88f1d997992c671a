// Outline and navigation: document symbols, folding ranges and the summary code lens.
import { FoldingRangeKind, SymbolKind, type CodeLens, type DocumentSymbol, type FoldingRange, type SymbolInformation } from "vscode-languageserver";
import { titleRange, type Analysis, type CompiledRules, type Finding } from "../engine";
import { countBefore } from "../engine/sorted";

interface Node {
  name: string;
  kind: SymbolKind;
  start: number;
  end: number;
  selectionEnd: number;
  children: Node[];
}

/** Sections nest by heading level; numbered paragraphs and list clauses nest in their section or clause. */
function outlineTree(analysis: Analysis): Node[] {
  const doc = analysis.document;
  const lines = doc.lines;
  const lineEndOf = (offset: number) => lines.lineEnd(lines.position(offset).line);
  const sectionNodes: Node[] = doc.sections.map((s) => ({
    name: s.title || "(untitled section)",
    kind: SymbolKind.Namespace,
    start: s.headingStart,
    end: Math.max(s.end, s.headingEnd),
    selectionEnd: s.headingEnd,
    children: [],
  }));
  const clauseNodes: (Node | undefined)[] = doc.clauses.map((c) =>
    c.source === "heading"
      ? undefined // the section symbol stands for it
      : {
          name: `${c.number.replace(/\.$/, "")} ${c.title}`.trim(),
          kind: SymbolKind.Field,
          start: c.start,
          end: Math.max(c.end, c.start),
          selectionEnd: Math.min(Math.max(c.end, c.start), lineEndOf(c.start)),
          children: [],
        },
  );
  const roots: Node[] = [];
  doc.sections.forEach((s, i) => (s.parent >= 0 ? sectionNodes[s.parent].children : roots).push(sectionNodes[i]));
  doc.clauses.forEach((c, i) => {
    const node = clauseNodes[i];
    if (!node) return;
    const parentClause = c.parent >= 0 ? doc.clauses[c.parent] : undefined;
    const parent =
      parentClause && parentClause.source !== "heading" ? clauseNodes[c.parent] : parentClause ? sectionNodes[parentClause.section] : c.section >= 0 ? sectionNodes[c.section] : undefined;
    // LSP requires a child's range inside its parent's.
    if (parent && node.start >= parent.start && node.end <= parent.end) parent.children.push(node);
    else roots.push(node);
  });
  return roots;
}

/** "red line · loophole" for the findings inside a node but not inside one of its children. */
function marks(node: Node, byStart: Finding[], rules: CompiledRules): string {
  // A 1 MB contract has ~5,000 nodes and ~4,600 findings, and editors ask for symbols after
  // every edit: each node looks only at the findings in its range (binary search), and a
  // finding is inside a child when a child starting before it ends after it.
  const children = [...node.children].sort((a, b) => a.start - b.start);
  const reach: number[] = [];
  children.forEach((c, k) => reach.push(Math.max(c.end, k ? reach[k - 1] : -1)));
  const inChild = (at: number) => {
    const k = lastAtOrBefore(children, at);
    return k >= 0 && reach[k] > at;
  };
  const own: Finding[] = [];
  const end = Math.max(node.end, node.start + 1);
  for (let i = lastAtOrBefore(byStart, node.start - 1) + 1; i < byStart.length && byStart[i].start < end; i++) {
    if (!inChild(byStart[i].start)) own.push(byStart[i]);
  }
  const out: string[] = [];
  if (own.some((f) => f.category === "red-line")) out.push("red line");
  const loopholes = own.filter((f) => f.category === "loophole").length;
  if (loopholes) out.push(loopholes === 1 ? "loophole" : `${loopholes} loopholes`);
  for (const f of own) if (f.category === "missing-term" && f.term) out.push(`${termLabel(rules, f.term)} missing`);
  return out.join(" · ");
}

/** The index of the last item starting at or before `at` in a list sorted by start, or -1. */
function lastAtOrBefore(sorted: { start: number }[], at: number): number {
  return countBefore(sorted.length, (i) => sorted[i].start <= at) - 1;
}

function termLabel(rules: CompiledRules, term: string): string {
  return rules.source.terms.find((t) => t.term === term)?.label ?? term;
}

export function documentSymbols(analysis: Analysis, findings: Finding[], rules: CompiledRules): DocumentSymbol[] {
  const lines = analysis.document.lines;
  const byStart = [...findings].sort((a, b) => a.start - b.start);
  const toSymbol = (n: Node): DocumentSymbol => {
    const detail = marks(n, byStart, rules);
    return {
      name: n.name,
      detail: detail || undefined,
      kind: n.kind,
      range: lines.range(n.start, n.end),
      selectionRange: lines.range(n.start, Math.max(n.start, n.selectionEnd)),
      children: n.children.map(toSymbol),
    };
  };
  return outlineTree(analysis).map(toSymbol);
}

/** The flat form for clients without hierarchical symbol support. */
export function symbolInformation(uri: string, symbols: DocumentSymbol[]): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const walk = (s: DocumentSymbol, container?: string) => {
    out.push({ name: s.detail ? `${s.name} (${s.detail})` : s.name, kind: s.kind, location: { uri, range: s.range }, containerName: container });
    for (const c of s.children ?? []) walk(c, s.name);
  };
  symbols.forEach((s) => walk(s));
  return out;
}

/** Sections and multi-line clauses fold; a clause that is one line has nothing to fold. */
export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const doc = analysis.document;
  const lineOf = (o: number) => doc.lines.position(o).line;
  const byStart = new Map<number, FoldingRange>();
  const add = (start: number, end: number) => {
    const a = lineOf(start);
    const b = lineOf(Math.max(start, end));
    if (b > a && !byStart.has(a)) byStart.set(a, { startLine: a, endLine: b, kind: FoldingRangeKind.Region });
  };
  for (const s of doc.sections) add(s.headingStart, s.end);
  for (const c of doc.clauses) add(c.start, c.end);
  return [...byStart.values()].sort((x, y) => x.startLine - y.startLine);
}

/** "3 red lines · 2 loopholes · exit strategy missing". */
export function summaryText(findings: Finding[], rules: CompiledRules): string {
  const count = (category: Finding["category"]) => findings.filter((f) => f.category === category).length;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts: string[] = [];
  const redLines = count("red-line");
  const loopholes = count("loophole");
  const claims = count("claim");
  if (redLines) parts.push(plural(redLines, "red line", "red lines"));
  if (loopholes) parts.push(plural(loopholes, "loophole", "loopholes"));
  if (claims) parts.push(plural(claims, "unverified claim", "unverified claims"));
  for (const f of findings) if (f.category === "missing-term" && f.term) parts.push(`${termLabel(rules, f.term)} missing`);
  const placeholders = findings.filter((f) => f.rule === "document/placeholder").length;
  if (placeholders) parts.push(plural(placeholders, "placeholder to fill", "placeholders to fill"));
  return parts.length ? parts.join(" · ") : "Policy Lens: no findings";
}

/** One lens above the title. Its command is empty: a label, in any client. */
export function summaryLens(analysis: Analysis, findings: Finding[], rules: CompiledRules): CodeLens {
  const [start] = titleRange(analysis.document);
  const lines = analysis.document.lines;
  const at = lines.position(start);
  return { range: { start: at, end: at }, command: { title: summaryText(findings, rules), command: "" } };
}
