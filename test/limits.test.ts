// Limits on what the engine analyses: file size, binary content, invalid UTF-8, and the
// time budget per document.
import { test } from "node:test";
import assert from "node:assert/strict";
import { analyze, decodeDocument, DEFAULT_LIMITS, parseDocument, previewEnd, TIME_BUDGET_RULE, utf8Length } from "../server/src/engine";
import fc from "fast-check";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** A clock that advances `step` ms on every reading, as if each step of analysis were slow. */
function slowClock(step: number): () => number {
  let now = 0;
  return () => (now += step);
}

const REDLINE = "The Supplier shall not use the Service for mass surveillance of citizens.";
const longContract = `---\nkind: contract\n---\n\n# Services Agreement\n\n${Array.from({ length: 200 }, (_, i) => `${i + 1}.1 ${REDLINE}`).join("\n\n")}\n`;

test("a file over the size limit is refused with a message naming both sizes", () => {
  const bytes = utf8("# Contract\n\n" + "x".repeat(2000));
  const decoded = decodeDocument(bytes, { maxBytes: 1024 });
  assert.equal(decoded.ok, false);
  assert.match(!decoded.ok ? decoded.reason : "", /file is 2 KB, over the 1 KB limit; not analysed/);
  assert.equal(decodeDocument(bytes, { maxBytes: bytes.length }).ok, true, "a file exactly at the limit is analysed");
});

test("the default size limit is 5 MB", () => {
  assert.equal(DEFAULT_LIMITS.maxBytes, 5 * 1024 * 1024);
  assert.equal(decodeDocument(new Uint8Array(DEFAULT_LIMITS.maxBytes + 1).fill(0x61)).ok, false);
});

test("a binary file is refused", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const decoded = decodeDocument(png);
  assert.deepEqual(decoded, { ok: false, reason: "file looks binary (it contains NUL bytes); not analysed" });
});

test("a few stray NUL bytes in a long text do not make it binary; a ninth does", () => {
  const withNuls = (n: number) => {
    const bytes = new Uint8Array(4000).fill(0x61);
    for (let k = 0; k < n; k++) bytes[100 + k * 400] = 0;
    return bytes;
  };
  assert.equal(decodeDocument(withNuls(8)).ok, true);
  assert.equal(decodeDocument(withNuls(9)).ok, false);
  // Only the first 8 KB are looked at.
  const late = new Uint8Array(20000).fill(0x61);
  late.fill(0, 10000, 10100);
  assert.equal(decodeDocument(late).ok, true);
  // Decoding starts afresh for each file: an invalid one does not spoil the next.
  assert.equal(decodeDocument(new Uint8Array([0x61, 0xe9])).ok, false);
  assert.deepEqual(decodeDocument(utf8("é")), { ok: true, text: "é" });
});

test("invalid UTF-8 is refused, valid UTF-8 with a BOM is read without it", () => {
  const latin1 = new Uint8Array([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]); // "# Café" in Latin-1
  assert.deepEqual(decodeDocument(latin1), { ok: false, reason: "file is not valid UTF-8 text; not analysed (save it as UTF-8)" });
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("# Café\n")]);
  assert.deepEqual(decodeDocument(bom), { ok: true, text: "# Café\n" });
});

test("an analysis that runs past its time budget stops and reports one document/time-budget finding", () => {
  const full = analyze(longContract);
  assert.ok(!full.findings.some((f) => f.rule === TIME_BUDGET_RULE), "a normal analysis stays within the default budget");
  const fullRedLines = full.findings.filter((f) => f.category === "red-line").length;
  assert.equal(fullRedLines, 200);

  // The clock is read every 16 sentences; 10 ms a reading spends the budget within 160.
  const cut = analyze(longContract, { clock: slowClock(10), timeBudgetMs: 100 });
  const budget = cut.findings.filter((f) => f.rule === TIME_BUDGET_RULE);
  assert.equal(budget.length, 1);
  assert.equal(budget[0].severity, "warning");
  assert.match(budget[0].message, /^Not fully analysed: analysis stopped at line \d+ after its time budget of 100 ms, so findings may be missing\.$/);
  // Reported at the title, like every document-level finding.
  assert.equal(cut.document.text.slice(budget[0].start, budget[0].end), "# Services Agreement");
  const redLines = cut.findings.filter((f) => f.category === "red-line").length;
  assert.ok(redLines < fullRedLines, "analysis stopped early");
  assert.ok(!cut.findings.some((f) => f.category === "missing-term"), "an interrupted analysis does not claim terms are missing");
});

test("the line named by the time-budget finding is where analysis stopped", () => {
  // Out of time at the first sentence check: nothing after the title was looked at.
  // Before it, the clock is read at the start, by parsing (model.ts polls it) and once more.
  let parseReadings = 0;
  parseDocument(longContract, {}, { outOfTime: () => (parseReadings++, false) });
  let readings = 0;
  const clock = () => (readings++ < parseReadings + 2 ? 0 : 1000);
  const cut = analyze(longContract, { clock, timeBudgetMs: 500 });
  const budget = cut.findings.find((f) => f.rule === TIME_BUDGET_RULE);
  assert.match(budget?.message ?? "", /stopped at line 5 /, "line 5 holds the title, the first sentence");
  assert.deepEqual(
    cut.findings.filter((f) => f.category !== "document"),
    [],
  );
});

test("a budget exhausted while parsing skips detection and still reports", () => {
  let readings = 0;
  const clock = () => (readings++ === 0 ? 0 : 10_000);
  const cut = analyze(longContract, { clock, timeBudgetMs: 50 });
  assert.deepEqual(
    cut.findings.map((f) => f.rule),
    [TIME_BUDGET_RULE],
  );
  assert.match(cut.findings[0].message, /stopped at line 1 after its time budget of 50 ms/);
});

test("a preview of a long document's beginning has its findings there and no missing-term judgement", () => {
  const full = analyze(longContract);
  const end = previewEnd(longContract, 2000);
  // The preview ends where a clause starts after a blank line.
  assert.ok(end > 2000 && end < longContract.length);
  assert.equal(longContract.slice(end - 2, end), "\n\n");
  assert.match(longContract.slice(end), /^\d+\.1 The Supplier/);
  const preview = analyze(longContract.slice(0, end), { preview: true });
  const before = (a: typeof full) => a.findings.filter((f) => f.end <= end && f.category !== "missing-term").map((f) => [f.rule, f.start, f.end]);
  assert.deepEqual(before(preview), before(full));
  assert.ok(preview.findings.length > 10);
  // Without `preview`, a contract cut short lacks its exit and residency terms.
  assert.ok(analyze(longContract.slice(0, end)).findings.some((f) => f.category === "missing-term"));
  assert.ok(!preview.findings.some((f) => f.category === "missing-term"));
});

test("a preview ends at a block boundary whatever the line endings, or takes the whole text", () => {
  for (const nl of ["\n", "\r\n", "\r"]) {
    const text = ["# Title", "", "First paragraph of text", "continues here.", "", "Second paragraph.", ""].join(nl);
    const end = previewEnd(text, 15); // inside the first paragraph
    assert.equal(text.slice(end), ["Second paragraph.", ""].join(nl), JSON.stringify(nl));
  }
  assert.equal(previewEnd("one paragraph\nonly", 3), "one paragraph\nonly".length);
  // An indented line after a blank line continues a list item: not a boundary.
  const list = "- item\n\n  more of the item\n\nAfter.\n";
  assert.equal(list.slice(previewEnd(list, 0)), "After.\n");
});

test("utf8Length counts the bytes UTF-8 takes, as Node's encoder does (the web worker build has no Buffer)", () => {
  for (const [text, bytes] of [["", 0], ["abc", 3], ["é", 2], ["€", 3], ["😀", 4], ["a\ud800b", 5], ["\udc00", 3]] as const) assert.equal(utf8Length(text), bytes, JSON.stringify(text));
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), (text) => utf8Length(text) === Buffer.byteLength(text, "utf8")),
    { numRuns: 500, seed: 20261207 },
  );
});
