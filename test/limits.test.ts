// Limits on what the engine analyses: file size, binary content, invalid UTF-8, and the
// time budget per document.
import { test } from "node:test";
import assert from "node:assert/strict";
import { analyze, decodeDocument, DEFAULT_LIMITS, TIME_BUDGET_RULE } from "../server/src/engine";

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
  let readings = 0;
  const clock = () => (readings++ < 2 ? 0 : 1000);
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
