// The HTML report of `policy-lens report` opened in headless Chromium: the page makes no
// network request, every matrix cell shows what the JSON report says, and it prints to PDF
// without the matrix running off the page. Needs Chromium (`bash scripts/e2e-setup.sh`).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import { chromium } from "playwright-core";
import type { PortfolioReport } from "../../server/src/cli/reportFormats";
import { runPolicyLens } from "../helpers";
import { PORTFOLIO } from "../support/portfolio";
import { CHROMIUM, REPO_ROOT, saveScreenshot } from "./codeServer";

test("the HTML report renders in Chromium offline, and its matrix matches the JSON report", { timeout: 120_000 }, async (t) => {
  // Fail loudly: a test that silently skips would let CI report a pass it never earned.
  assert.ok(existsSync(CHROMIUM), `Chromium is not at ${CHROMIUM}: run \`bash scripts/e2e-setup.sh\` first`);
  const dir = mkdtempSync(join(tmpdir(), "policy-lens-report-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(PORTFOLIO)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const html = runPolicyLens(["report", "--out", "report.html", "."], dir);
  assert.ok(html.status === 0 || html.status === 1, html.stderr);
  const json = JSON.parse(runPolicyLens(["report", "--format", "json", "."], dir).stdout) as PortfolioReport;

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageUrl = pathToFileURL(join(dir, "report.html")).href;
  const requests: string[] = [];
  page.on("request", (r) => {
    if (r.url() !== pageUrl) requests.push(r.url());
  });
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") blocked.push(m.text());
  });
  await page.goto(pageUrl, { waitUntil: "load" });
  await saveScreenshot(page, "report-html");

  assert.deepEqual(requests, [], "the page requested nothing but itself");
  assert.deepEqual(blocked, [], "no resource was refused by the page's content security policy");

  // Each cell as the reader sees it: its state word and the data attributes behind it.
  // Evaluated in the page (the tests are type-checked without the DOM library).
  const cells = await page.evaluate<{ file: string; term: string; state: string; text: string; color: string }[]>(`[...document.querySelectorAll("table.matrix td.cell")].map((td) => ({
    file: td.getAttribute("data-file"), term: td.getAttribute("data-term"), state: td.getAttribute("data-state"),
    text: td.textContent.trim(), color: getComputedStyle(td).backgroundColor }))`);
  assert.equal(cells.length, json.documents.length * json.terms.length, "a cell for every document and term");
  const words: Record<string, RegExp> = { present: /present$/, weak: /weak$/, missing: /missing$/, unknown: /not judged$/, none: /^—$/ };
  for (const d of json.documents) {
    for (const { term } of json.terms) {
      const cell = cells.find((c) => c.file === d.file && c.term === term);
      assert.ok(cell, `${d.file} × ${term} is in the page`);
      const expected = d.cells[term]?.state ?? "none";
      assert.equal(cell.state, expected, `${d.file} × ${term}`);
      assert.match(cell.text, words[expected], `${d.file} × ${term} reads "${cell.text}"`);
    }
  }
  // Colour says the same as the word (and differs between states).
  const colourOf = (state: string) => new Set(cells.filter((c) => c.state === state).map((c) => c.color));
  for (const state of ["present", "weak", "missing"]) assert.equal(colourOf(state).size, 1, state);
  assert.notDeepEqual(colourOf("present"), colourOf("missing"));

  // The counts beside the matrix are the JSON's.
  for (const d of json.documents) {
    for (const category of ["red-line", "loophole", "claim"] as const) {
      const shown = await page.textContent(`td.count[data-file="${d.file.replace(/["\\]/g, "\\$&")}"][data-count="${category}"]`);
      assert.equal(Number(shown), d.counts[category], `${d.file} ${category}`);
    }
  }

  // A weak cell links to the sentence's entry in the document's section, with its line.
  const weak = json.documents.find((d) => Object.values(d.cells).some((c) => c?.state === "weak"))!;
  const [term, cell] = Object.entries(weak.cells).find(([, c]) => c?.state === "weak")!;
  await page.click(`td.cell[data-file="${weak.file}"][data-term="${term}"] a`);
  const target = await page.evaluate<string>(`document.querySelector(":target")?.textContent ?? ""`);
  assert.match(target, new RegExp(`line ${cell!.line}\\b`));

  // Printed for a review meeting: A4 landscape, the matrix within the page's width.
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 1047, height: 718 }); // A4 landscape less 10 mm margins, at 96 dpi
  const overflow = await page.$eval("table.matrix", (table) => table.scrollWidth - (table.parentElement?.clientWidth ?? 0));
  assert.ok(overflow <= 0, `the matrix overflows the printed page by ${overflow} px`);
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  writeFileSync(join(REPO_ROOT, "test-results", "report-html.pdf"), pdf);
});
