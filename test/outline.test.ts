// The outline's per-symbol marks ("red line · 2 loopholes") on a long contract, checked
// against a direct recount: each symbol's findings that no child symbol holds.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { DocumentSymbol } from "vscode-languageserver";
import { analyze, builtinRules, type Finding } from "../server/src/engine";
import { documentSymbols } from "../server/src/lsp/outline";
import { SAMPLE_DOCUMENTS } from "./support/markdownArbitrary";

function expectedMarks(symbol: DocumentSymbol, findings: Finding[], offset: (p: { line: number; character: number }) => number): string {
  const [start, end] = [offset(symbol.range.start), offset(symbol.range.end)];
  const inChild = (f: Finding) => (symbol.children ?? []).some((c) => f.start >= offset(c.range.start) && f.start < offset(c.range.end));
  const own = findings.filter((f) => f.start >= start && f.start < Math.max(end, start + 1) && !inChild(f));
  const out: string[] = [];
  if (own.some((f) => f.category === "red-line")) out.push("red line");
  const loopholes = own.filter((f) => f.category === "loophole").length;
  if (loopholes) out.push(loopholes === 1 ? "loophole" : `${loopholes} loopholes`);
  for (const f of own) if (f.category === "missing-term" && f.term) out.push(`${builtinRules().source.terms.find((t) => t.term === f.term)?.label ?? f.term} missing`);
  return out.join(" · ");
}

test("each symbol's marks count the findings it holds outside its children", () => {
  const long = SAMPLE_DOCUMENTS.join("\n\n") + "\n\n" + Array.from({ length: 30 }, (_, i) => `## ${i + 10}. Limits\n\n${i + 10}.1 The Supplier shall not intentionally use the Service for mass surveillance of citizens.\n\n- Data may be transferred outside the EU where required by law.\n`).join("\n");
  for (const text of [...SAMPLE_DOCUMENTS, long]) {
    const analysis = analyze(text);
    const symbols = documentSymbols(analysis, analysis.findings, builtinRules());
    let checked = 0;
    let marked = 0;
    const walk = (s: DocumentSymbol) => {
      assert.equal(s.detail ?? "", expectedMarks(s, analysis.findings, (p) => analysis.document.lines.offset(p)), s.name);
      checked++;
      if (s.detail) marked++;
      s.children?.forEach(walk);
    };
    symbols.forEach(walk);
    if (text === long) assert.ok(checked > 40 && marked > 30, `${checked} symbols, ${marked} marked`);
  }
});
