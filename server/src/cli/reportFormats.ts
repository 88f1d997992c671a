// `policy-lens report`: a portfolio's coverage matrix and the findings behind it, as JSON,
// Markdown (a GitHub job summary or pull-request comment), CSV (a spreadsheet) and one
// self-contained HTML page (no scripts, fonts or requests; prints to PDF for a review
// meeting). Pure functions of the report data: no Node APIs.
import { CATEGORIES, TERMS, type Category, type CoverageState, type DocumentCoverage, type DocumentKind, type Finding, type LineIndex, type TermId } from "../engine";

/** One checked file: its analysis's findings and coverage (none when it was skipped). */
export interface ReportInput {
  file: string;
  kind: DocumentKind | null;
  findings: Finding[];
  lines: LineIndex;
  coverage?: DocumentCoverage;
}

export interface ReportCell {
  state: CoverageState;
  label: string;
  reason?: "loophole" | "permission";
  /** Where the cell leads, 1-based. */
  line: number;
  column: number;
  note?: string;
}

export interface ReportFinding {
  rule: string;
  category: Category;
  severity: Finding["severity"];
  message: string;
  /** 1-based, as an editor shows them. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  term?: TermId;
  /** The words the finding covers, whitespace collapsed and cut at EXCERPT_CHARS. */
  excerpt: string;
}

export interface ReportDocument {
  file: string;
  kind: DocumentKind | null;
  profile: string | null;
  /** False when analysis stopped at its time budget, or the file was skipped. */
  complete: boolean;
  /** The terms this document's kind and profile require, in matrix column order. */
  cells: Partial<Record<TermId, ReportCell>>;
  counts: Record<Category, number>;
  findings: ReportFinding[];
}

export interface PortfolioReport {
  tool: "policy-lens";
  version: string;
  /** The matrix's columns: every term some document requires, in the rules' order. */
  terms: { term: TermId; label: string }[];
  /** Findings per category over all documents. */
  totals: Record<Category, number>;
  documents: ReportDocument[];
}

const EXCERPT_CHARS = 200;
const zeroCounts = () => Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;

export function buildReport(inputs: readonly ReportInput[], version: string): PortfolioReport {
  const labels = new Map<TermId, string>();
  const totals = zeroCounts();
  const documents = inputs.map((input): ReportDocument => {
    const counts = input.coverage?.counts ?? zeroCounts();
    if (!input.coverage) for (const f of input.findings) counts[f.category]++;
    for (const c of CATEGORIES) totals[c] += counts[c];
    const cells: Partial<Record<TermId, ReportCell>> = {};
    for (const cell of input.coverage?.cells ?? []) {
      labels.set(cell.term, cell.label);
      const at = input.lines.position(cell.start);
      cells[cell.term] = { state: cell.state, label: cell.label, reason: cell.reason, line: at.line + 1, column: at.character + 1, note: cell.note };
    }
    const findings = input.findings.map((f): ReportFinding => {
      const { start, end } = input.lines.range(f.start, f.end);
      const excerpt = input.lines.text.slice(f.start, f.end).replace(/\s+/g, " ").trim();
      return {
        rule: f.rule,
        category: f.category,
        severity: f.severity,
        message: f.message,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        term: f.term,
        excerpt: excerpt.length > EXCERPT_CHARS ? `${excerpt.slice(0, EXCERPT_CHARS - 1)}…` : excerpt,
      };
    });
    return { file: input.file, kind: input.kind, profile: input.coverage?.profile ?? null, complete: input.coverage?.complete ?? false, cells, counts, findings };
  });
  const terms = TERMS.filter((t) => labels.has(t)).map((term) => ({ term, label: labels.get(term)! }));
  return { tool: "policy-lens", version, terms, totals, documents };
}

export const toReportJson = (report: PortfolioReport): string => `${JSON.stringify(report, null, 2)}\n`;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const CATEGORY_LABELS: Record<Category, string> = {
  "red-line": "Red lines",
  loophole: "Loopholes",
  sovereignty: "Sovereignty terms",
  claim: "Unverified claims",
  "missing-term": "Missing terms",
  document: "Document problems",
};
/** The counts the matrix shows beside the terms. */
const COUNTED: Category[] = ["red-line", "loophole", "claim"];

function summaryLine(report: PortfolioReport): string {
  const n = report.documents.length;
  const parts = (["red-line", "loophole", "claim", "missing-term"] as const).map((c) => `${CATEGORY_LABELS[c].toLowerCase()} ${report.totals[c]}`);
  return `${n} document${n === 1 ? "" : "s"}; ${parts.join(", ")}.`;
}

// ---------------------------------------------------------------------------------------
// Markdown (GitHub-flavoured)

const MD_STATE: Record<CoverageState, string> = { present: "✅ present", weak: "⚠️ weak", missing: "❌ missing", unknown: "❔ not judged" };

/** Text that Markdown shows as written: punctuation that could start markup mid-line is escaped, and line breaks become spaces (a table row is one line). */
export function markdownText(s: string): string {
  return s.replace(/[\r\n]+/g, " ").replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

export function toReportMarkdown(report: PortfolioReport): string {
  const out: string[] = ["## Policy Lens report", "", summaryLine(report), ""];
  const header = ["Document", "Kind", "Profile", ...report.terms.map((t) => markdownText(capitalise(t.label))), ...COUNTED.map((c) => CATEGORY_LABELS[c])];
  out.push(`| ${header.join(" | ")} |`, `| ${header.map((_, i) => (i < 3 ? "---" : ":---:")).join(" | ")} |`);
  for (const d of report.documents) {
    const cells = report.terms.map((t) => {
      const cell = d.cells[t.term];
      return cell ? `${MD_STATE[cell.state]} (line ${cell.line})` : "—";
    });
    out.push(`| ${[markdownText(d.file), d.kind ?? "not analysed", d.profile ? markdownText(d.profile) : "—", ...cells, ...COUNTED.map((c) => String(d.counts[c]))].join(" | ")} |`);
  }
  out.push("", "✅ present · ⚠️ weak: a loophole inside every commitment, or only a permission · ❌ missing · — not required by the document's kind and profile", "");
  const gaps = report.documents.flatMap((d) =>
    report.terms.flatMap((t) => {
      const cell = d.cells[t.term];
      if (!cell || cell.state === "present") return [];
      return [`- ${markdownText(d.file)}:${cell.line}: ${markdownText(capitalise(t.label))} ${cell.state === "unknown" ? "not judged" : cell.state}${cell.note ? ` — ${markdownText(cell.note)}` : ""}`];
    }),
  );
  if (gaps.length) out.push("<details><summary>Weak and missing terms</summary>", "", ...gaps, "", "</details>", "");
  return `${out.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------
// CSV (RFC 4180: CRLF line ends, a field quoted when it holds a comma, quote or line break)

export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per document: file, kind, profile, analysed completely, a state per term ("" where not required), counts per category. */
export function toReportCsv(report: PortfolioReport): string {
  const rows: (string | number)[][] = [["file", "kind", "profile", "complete", ...report.terms.map((t) => t.term), ...CATEGORIES]];
  for (const d of report.documents) {
    rows.push([d.file, d.kind ?? "", d.profile ?? "", d.complete ? "yes" : "no", ...report.terms.map((t) => d.cells[t.term]?.state ?? ""), ...CATEGORIES.map((c) => d.counts[c])]);
  }
  return rows.map((r) => `${r.map(csvField).join(",")}\r\n`).join("");
}

// ---------------------------------------------------------------------------------------
// HTML: one page, no scripts, no external resources (a CSP forbids them), prints on A4.

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const HTML_STATE: Record<CoverageState, [symbol: string, text: string]> = {
  present: ["✓", "present"],
  weak: ["!", "weak"],
  missing: ["✗", "missing"],
  unknown: ["?", "not judged"],
};

const STYLE = `
:root { color-scheme: light; --present: #1a7f37; --weak: #9a6700; --missing: #cf222e; --muted: #59636e; --line: #d1d9e0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328; margin: 24px auto; max-width: 1200px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 6px; } h3 { font-size: 14px; margin: 14px 0 4px; }
.summary { color: var(--muted); margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
.matrix td.cell, .matrix td.count { text-align: center; white-space: nowrap; }
.cell a { color: inherit; text-decoration: none; font-weight: 600; }
.cell.present { color: var(--present); background: #dafbe1; }
.cell.weak { color: var(--weak); background: #fff8c5; }
.cell.missing { color: var(--missing); background: #ffebe9; }
.cell.unknown { color: var(--muted); background: #f6f8fa; }
.cell.none { color: var(--muted); }
.file { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; word-break: break-all; }
.legend { color: var(--muted); font-size: 12px; }
.chart { max-width: 560px; }
.findings td.excerpt { color: var(--muted); font-size: 12px; }
.sev-error { color: var(--missing); font-weight: 600; } .sev-warning { color: var(--weak); font-weight: 600; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10px; }
  th, td { padding: 2px 4px; }
  .file { font-size: 10px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr, .doc h2 { break-inside: avoid; page-break-inside: avoid; }
  .doc { break-before: page; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
`;

/** A horizontal bar chart of findings per category, inline SVG (text stays selectable and prints sharp). */
export function categoryChart(totals: Record<Category, number>): string {
  const rowHeight = 24;
  const labelWidth = 150;
  const barWidth = 340;
  const max = Math.max(1, ...CATEGORIES.map((c) => totals[c]));
  const height = CATEGORIES.length * rowHeight + 8;
  const rows = CATEGORIES.map((c, i) => {
    const y = 4 + i * rowHeight;
    const w = Math.round((totals[c] / max) * barWidth);
    return (
      `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(CATEGORY_LABELS[c])}</text>` +
      `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 8}" class="bar-${c}"/>` +
      `<text x="${labelWidth + w + 6}" y="${y + 16}">${totals[c]}</text>`
    );
  }).join("");
  const label = CATEGORIES.map((c) => `${CATEGORY_LABELS[c]}: ${totals[c]}`).join(", ");
  return (
    `<svg class="chart" role="img" aria-label="Findings per category. ${escapeHtml(label)}" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">` +
    `<style>text { font: 12px system-ui, sans-serif; fill: #1f2328; } rect { fill: #8c959f; } .bar-red-line { fill: #cf222e; } .bar-loophole { fill: #bf8700; } .bar-sovereignty { fill: #0969da; } .bar-claim { fill: #8250df; } .bar-missing-term { fill: #fb8500; }</style>` +
    `<title>Findings per category</title>${rows}</svg>`
  );
}

const docId = (i: number) => `doc-${i + 1}`;

export function toReportHtml(report: PortfolioReport): string {
  const e = escapeHtml;
  const head = `<tr><th>Document</th><th>Kind</th><th>Profile</th>${report.terms.map((t) => `<th>${e(capitalise(t.label))}</th>`).join("")}${COUNTED.map((c) => `<th>${e(CATEGORY_LABELS[c])}</th>`).join("")}</tr>`;
  const rows = report.documents.map((d, i) => {
    const cells = report.terms.map((t) => {
      const cell = d.cells[t.term];
      if (!cell) return `<td class="cell none" data-file="${e(d.file)}" data-term="${t.term}" data-state="none" title="Not required for this document">—</td>`;
      const [symbol, text] = HTML_STATE[cell.state];
      const title = `${capitalise(t.label)}: ${text}, line ${cell.line}${cell.note ? `. ${cell.note}` : ""}`;
      return `<td class="cell ${cell.state}" data-file="${e(d.file)}" data-term="${t.term}" data-state="${cell.state}" data-line="${cell.line}" title="${e(title)}"><a href="#${docId(i)}-${t.term}">${symbol} ${text}</a></td>`;
    });
    const counts = COUNTED.map((c) => `<td class="count" data-file="${e(d.file)}" data-count="${c}">${d.counts[c]}</td>`);
    return `<tr><td class="file"><a href="#${docId(i)}">${e(d.file)}</a></td><td>${e(d.kind ?? "not analysed")}</td><td>${e(d.profile ?? "—")}</td>${cells.join("")}${counts.join("")}</tr>`;
  });
  const sections = report.documents.map((d, i) => {
    const terms = report.terms.filter((t) => d.cells[t.term]).map((t) => {
      const cell = d.cells[t.term]!;
      return `<li id="${docId(i)}-${t.term}"><strong class="cell ${cell.state}">${HTML_STATE[cell.state][1]}</strong> ${e(capitalise(t.label))}, line ${cell.line}${cell.note ? ` — ${e(cell.note)}` : ""}</li>`;
    });
    const findings = d.findings.map(
      (f) =>
        `<tr><td>${f.line}:${f.column}</td><td>${e(f.category)}</td><td class="sev-${f.severity}">${f.severity}</td><td>${e(f.message)}<br><span class="file">${e(f.rule)}</span></td><td class="excerpt">${e(f.excerpt)}</td></tr>`,
    );
    return (
      `<section class="doc" id="${docId(i)}"><h2 class="file">${e(d.file)}</h2>` +
      `<p class="summary">${e(d.kind ?? "not analysed")}${d.profile ? `, profile ${e(d.profile)}` : ""}${d.complete || !d.kind ? "" : " — not fully analysed (time budget)"}</p>` +
      (terms.length ? `<h3>Required terms</h3><ul>${terms.join("")}</ul>` : "") +
      (findings.length
        ? `<h3>Findings (${findings.length})</h3><table class="findings"><thead><tr><th>Line</th><th>Category</th><th>Severity</th><th>Message</th><th>Text</th></tr></thead><tbody>${findings.join("")}</tbody></table>`
        : `<p>No findings.</p>`) +
      `</section>`
    );
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Policy Lens report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Policy Lens report</h1>
<p class="summary">${e(summaryLine(report))} Policy Lens ${e(report.version)}.</p>
${categoryChart(report.totals)}
<h2>Coverage</h2>
<table class="matrix"><thead>${head}</thead><tbody>
${rows.join("\n")}
</tbody></table>
<p class="legend">✓ present · ! weak: a loophole inside every commitment, or only a permission · ✗ missing · ? not judged (analysis stopped at its time budget) · — not required by the document's kind and profile</p>
${sections.join("\n")}
</body>
</html>
`;
}
