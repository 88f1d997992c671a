import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { jsonChunks, toJson, type FileReport } from "../server/src/cli/format";
import { LineIndex, type Finding } from "../server/src/engine";

/** The JSON format as defined: the entries, stringified with two-space indentation. */
function reference(reports: FileReport[]): string {
  const entries = reports.map((r) => ({
    file: r.file,
    kind: r.kind,
    findings: r.findings.map((f) => ({ rule: f.rule, category: f.category, severity: f.severity, message: f.message, range: r.lines.range(f.start, f.end), ...(f.term ? { term: f.term } : {}) })),
  }));
  return JSON.stringify(entries, null, 2) + "\n";
}

test("the JSON report is exactly the entries stringified with two-space indentation", () => {
  const text = "# Title\r\n\r\nLine one.\nLine \u2028two “quoted” \\ \"x\"\n\tTabbed 😀 line.\n";
  const str = fc.string({ unit: "binary", maxLength: 12 });
  const finding = fc.record({
    rule: str,
    category: fc.constantFrom("red-line", "loophole", "sovereignty", "claim", "missing-term", "document"),
    severity: fc.constantFrom("error", "warning", "information", "hint"),
    message: str,
    start: fc.nat({ max: text.length + 3 }),
    length: fc.nat({ max: 20 }),
    term: fc.option(fc.constantFrom("", "data-residency", "exit-strategy"), { nil: undefined }),
  });
  const report = fc.record({
    file: str,
    kind: fc.constantFrom("contract", "news-note", "policy", null),
    findings: fc.array(finding, { maxLength: 4 }),
  });
  const lines = new LineIndex(text);
  fc.assert(
    fc.property(fc.array(report, { maxLength: 4 }), (rs) => {
      const reports = rs.map((r) => ({
        file: r.file,
        kind: r.kind,
        lines,
        findings: r.findings.map(({ length, term, ...f }) => ({ ...f, end: f.start + length, ...(term === undefined ? {} : { term }) }) as Finding),
      })) as FileReport[];
      assert.equal(toJson(reports), reference(reports));
      assert.equal([...jsonChunks(reports)].join(""), reference(reports));
    }),
    { numRuns: 500, seed: 3 },
  );
  assert.equal(toJson([]), "[]\n");
});
