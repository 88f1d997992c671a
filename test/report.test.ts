// `policy-lens report` as a user runs it: the built CLI over a small portfolio we wrote.
// The Markdown is rendered as GitHub-flavoured Markdown, the CSV read with a strict RFC 4180
// parser, the JSON checked against what each document says. (The HTML page is rendered in
// headless Chromium by test/e2e/report-html.test.ts.)
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import type { PortfolioReport } from "../server/src/cli/reportFormats";
import { runCli } from "../server/src/cli/main";
import { runPolicyLens, workspace } from "./helpers";
import { PORTFOLIO, EXPECTED_MATRIX } from "./support/portfolio";

const report = (cwd: string, ...args: string[]) => runPolicyLens(["report", ...args], cwd);

/** RFC 4180, strictly: CRLF after every record, quoted fields with "" for a quote, and an error on anything else. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = "";
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new Error("unterminated quoted field");
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
            } else {
              i++;
              break;
            }
          } else field += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") {
          if (text[i] === '"') throw new Error(`quote inside an unquoted field at ${i}`);
          field += text[i++];
        }
      }
      record.push(field);
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text.startsWith("\r\n", i)) {
        i += 2;
        break;
      }
      throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 10))}`);
    }
    records.push(record);
  }
  return records;
}

describe("report formats", () => {
  test("JSON: the matrix of each document, each cell leading to the line of its clause", (t) => {
    const dir = workspace(t, PORTFOLIO);
    const r = report(dir, "--format", "json", ".");
    assert.equal(r.status, 1, r.stderr); // dora-financial makes missing terms errors
    const json = JSON.parse(r.stdout) as PortfolioReport;
    assert.deepEqual(json.documents.map((d) => d.file).sort(), Object.keys(EXPECTED_MATRIX).sort());
    for (const d of json.documents) {
      const states = Object.fromEntries(Object.entries(d.cells).map(([term, cell]) => [term, cell!.state]));
      assert.deepEqual(states, EXPECTED_MATRIX[d.file].cells, d.file);
      assert.equal(d.counts["red-line"], EXPECTED_MATRIX[d.file].redLines, `${d.file} red lines`);
      for (const cell of Object.values(d.cells)) {
        const line = PORTFOLIO[d.file].split("\n")[cell!.line - 1];
        if (cell!.state === "missing") assert.match(line, /^# /, "a missing term leads to the title");
        else assert.ok(line.trim().length > 0);
      }
    }
    const weak = json.documents.find((d) => d.file === "contracts/cloud-dora.md")!.cells["data-residency"]!;
    assert.match(PORTFOLIO["contracts/cloud-dora.md"].split("\n")[weak.line - 1], /except where the Supplier deems/);
  });

  test("Markdown renders as a GitHub-flavoured table: a row per document, a column per required term", (t) => {
    const dir = workspace(t, PORTFOLIO);
    const r = report(dir, "--format", "md", ".");
    assert.equal(r.status, 1, r.stderr);
    const html = new MarkdownIt({ html: true }).render(r.stdout);
    const tables = html.match(/<table>[\s\S]*?<\/table>/g) ?? [];
    assert.equal(tables.length, 1, html);
    const rows = [...tables[0].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]));
    const header = rows[0];
    assert.deepEqual(header.slice(0, 3), ["Document", "Kind", "Profile"]);
    assert.ok(header.includes("Exit strategy") && header.includes("Red lines") && header.includes("Unverified claims"), header.join(" | "));
    assert.equal(rows.length, 1 + Object.keys(PORTFOLIO).length);
    for (const row of rows.slice(1)) assert.equal(row.length, header.length, `every row has every column: ${row.join(" | ")}`);
    const file = "contracts/cloud-dora.md";
    const row = rows.find((cells) => cells[0] === file)!;
    assert.ok(row, `a row names ${file}`);
    const at = (column: string) => row[header.indexOf(column)];
    assert.match(at("Data residency"), /weak/);
    assert.match(at("Exit strategy"), /present/);
    assert.match(at("Data protection"), /missing/);
    // A file name with Markdown in it is shown as written, not as markup.
    const odd = rows.find((cells) => cells[0].includes("pipe"))!;
    assert.equal(odd[0], "notes/pipe|and_*stars*_.md");
  });

  test("CSV parses strictly, with a row per document and the same states as the JSON", (t) => {
    const dir = workspace(t, PORTFOLIO);
    const csv = parseCsv(report(dir, "--format", "csv", ".").stdout);
    const [header, ...rows] = csv;
    assert.deepEqual(header.slice(0, 4), ["file", "kind", "profile", "complete"]);
    assert.equal(rows.length, Object.keys(PORTFOLIO).length);
    for (const row of rows) {
      assert.equal(row.length, header.length);
      const expected = EXPECTED_MATRIX[row[0]];
      assert.ok(expected, `unexpected file ${row[0]}`);
      for (const [term, state] of Object.entries(expected.cells)) assert.equal(row[header.indexOf(term)], state, `${row[0]} ${term}`);
      assert.equal(Number(row[header.indexOf("red-line")]), expected.redLines);
    }
    // The file name with a comma and a quote survives the round trip.
    assert.ok(rows.some((r) => r[0] === 'notes/brief, "draft".md'));
  });

  test("--out writes the file, the format taken from its extension", (t) => {
    const dir = workspace(t, PORTFOLIO);
    const r = report(dir, "--out", "portfolio.html", "contracts");
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, "");
    const html = readFileSync(join(dir, "portfolio.html"), "utf8");
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /data-file="contracts\/cloud-dora.md" data-term="data-residency" data-state="weak"/);
    // Self-contained: nothing to fetch.
    assert.doesNotMatch(html, /<script|<link|@import|url\(|src=/i);
  });

  test("a bad format or an --out without a known extension is a usage error", (t) => {
    const dir = workspace(t, PORTFOLIO);
    const bad = report(dir, "--format", "pdf", ".");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown report format "pdf" \(use html, md, csv or json\)/);
    const guess = report(dir, "--out", "report.txt", ".");
    assert.equal(guess.status, 2);
    assert.match(guess.stderr, /cannot tell the format from --out "report.txt"/);
  });

  test("an error-severity finding gives exit status 1, as check does", (t) => {
    const dir = workspace(t, PORTFOLIO);
    // Missing terms are warnings by default and errors under dora-financial.
    for (const path of ["contracts/chatbot-terms.md", "contracts/cloud-dora.md"]) {
      const expected = path.includes("dora") ? 1 : 0;
      assert.equal(report(dir, "--format", "json", path).status, expected, path);
      assert.equal(runPolicyLens(["check", path], dir).status, expected, path);
    }
  });

  test("progress goes to stderr only when it is a terminal, and is cleared at the end", (t) => {
    const dir = workspace(t, PORTFOLIO);
    const run = (stderrIsTTY: boolean) => {
      let stdout = "";
      let stderr = "";
      runCli(["report", "--format", "json", "."], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: dir, isTTY: false, stderrIsTTY });
      return { stdout, stderr };
    };
    const terminal = run(true);
    assert.match(terminal.stderr, /\r\x1b\[Kpolicy-lens: checked 5 of 5 files/);
    assert.ok(terminal.stderr.endsWith("\r\x1b[K"), "the progress line is erased");
    const piped = run(false);
    assert.equal(piped.stderr, "");
    assert.equal(piped.stdout, terminal.stdout, "the report is the same either way");
  });
});
