// The CLI where CI runs it: JUnit and GitLab code-quality reports (each validated against
// the format's schema), --min-severity, --max-warnings, files that could not be analysed,
// and SARIF fingerprints that survive edits above a finding.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import Ajv from "ajv";
import { validateXML } from "xmllint-wasm";
import { runPolicyLens, withKind, workspace } from "./helpers";

// Two missing terms, a red line (information) and two loopholes (warnings) in clause 2.1.
const CONTRACT = withKind(
  "contract",
  `## 1. Scope

1.1 The Supplier shall run the translation service for the Agency.

## 2. Limits

2.1 The Supplier shall not use the service to intentionally monitor residents' private messages, except as otherwise agreed by the parties.
`,
);
// A Word file is a ZIP archive: binary, with NUL bytes in its headers.
const DOCX = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

interface JsonEntry {
  file: string;
  findings: { rule: string; severity: string; range: { start: { line: number } } }[];
}
const json = (dir: string, ...args: string[]) => JSON.parse(runPolicyLens(["check", "--format", "json", ...args], dir).stdout) as JsonEntry[];

describe("--format junit", () => {
  test("is valid JUnit XML: a failure per finding, an error for a file not analysed, a passing case for a clean file", async (t) => {
    const dir = workspace(t, {
      "contracts/translation.md": CONTRACT,
      "contracts/notes.md": withKind("policy", "Staff keep meeting notes in the shared folder."),
      "contracts/signed <final> & \"scanned\".docx": "",
    });
    writeFileSync(join(dir, "contracts", 'signed <final> & "scanned".docx'), DOCX);
    // A folder gives its *.md files; a Word file is checked only when named.
    const docx = 'contracts/signed <final> & "scanned".docx';
    const run = runPolicyLens(["check", "--format", "junit", "--allow-skipped", "contracts", docx], dir);
    assert.equal(run.status, 0, run.stderr);
    const result = await validateXML({ xml: [{ fileName: "report.xml", contents: run.stdout }], schema: [{ fileName: "junit.xsd", contents: readFileSync(join(__dirname, "support", "junit.xsd"), "utf8") }] });
    assert.ok(result.valid, result.rawOutput);

    const reported = json(dir, "--allow-skipped", "contracts", docx).find((e) => e.file.endsWith("translation.md"))!;
    const suite = /<testsuite name="contracts\/translation\.md" tests="(\d+)" failures="(\d+)" errors="0"/.exec(run.stdout);
    assert.ok(suite, run.stdout);
    assert.equal(Number(suite[1]), reported.findings.length);
    assert.equal(Number(suite[2]), reported.findings.length);
    assert.match(run.stdout, /<testcase name="loophole\/intent-test at \d+:\d+" classname="contracts\/translation\.md" time="0">\s*<failure message="Loophole: intent test &quot;intentionally&quot;/);
    assert.match(run.stdout, /<testsuite name="contracts\/notes\.md" tests="1" failures="0" errors="0"[^>]*>\s*<testcase name="no findings"/);
    assert.match(run.stdout, /<testsuite name="contracts\/signed &lt;final&gt; &amp; &quot;scanned&quot;\.docx" tests="1" failures="0" errors="1"[^>]*>\s*<testcase [^>]*>\s*<error message="Not analysed: file looks binary/);
  });
});

describe("--format gitlab", () => {
  const gitlabSchema = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(__dirname, "support", "gitlab-code-quality.schema.json"), "utf8")));

  test("has GitLab's documented fields, a unique fingerprint per issue and the finding's line", (t) => {
    const dir = workspace(t, { "a/translation.md": CONTRACT, "b/translation.md": CONTRACT });
    const run = runPolicyLens(["check", "--format", "gitlab", "a", "b"], dir);
    assert.equal(run.status, 0, run.stderr);
    const issues = JSON.parse(run.stdout) as { check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    assert.ok(gitlabSchema(issues), JSON.stringify(gitlabSchema.errors));
    // The missing terms at the title (line 5), the red line and its two loopholes in clause 2.1 (line 13).
    const expected = ["a", "b"].flatMap((folder) =>
      ["missing-term/data-residency 5", "missing-term/exit-strategy 5", "red-line/prohibited-use 13", "loophole/intent-test 13", "loophole/conditional-scope 13"].map((issue) => `${folder}/translation.md ${issue}`),
    );
    assert.deepEqual(issues.map((i) => `${i.location.path} ${i.check_name} ${i.location.lines.begin}`), expected);
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length, "the same finding in two files is two issues");
    assert.deepEqual([...new Set(issues.map((i) => i.severity))].sort(), ["info", "minor"], "warnings are minor, information is info");
  });
});

describe("--min-severity and --max-warnings", () => {
  test("--min-severity warning leaves out information findings; a wrong level is a usage error", (t) => {
    const dir = workspace(t, { "translation.md": CONTRACT });
    const all = json(dir, "translation.md")[0].findings;
    const warnings = json(dir, "--min-severity", "warning", "translation.md")[0].findings;
    assert.ok(all.some((f) => f.rule === "red-line/prohibited-use" && f.severity === "information"));
    assert.deepEqual(warnings, all.filter((f) => f.severity === "warning" || f.severity === "error"));
    assert.equal(json(dir, "--min-severity=error", "translation.md")[0].findings.length, 0);
    const wrong = runPolicyLens(["check", "--min-severity", "severe", "translation.md"], dir);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /--min-severity "severe" is not a severity \(use error, warning, information or hint\)/);
  });

  test("--max-warnings N fails the run with more than N warnings and passes it with N", (t) => {
    const dir = workspace(t, { "translation.md": CONTRACT });
    const warnings = json(dir, "translation.md")[0].findings.filter((f) => f.severity === "warning").length;
    assert.equal(warnings, 4, "two missing terms and two loopholes");
    const over = runPolicyLens(["check", "--max-warnings", "3", "translation.md"], dir);
    assert.equal(over.status, 1);
    assert.match(over.stderr, /4 warnings, more than --max-warnings 3/);
    assert.equal(runPolicyLens(["check", "--max-warnings=4", "translation.md"], dir).status, 0);
    assert.equal(runPolicyLens(["check", "--max-warnings", "0", "--min-severity", "error", "translation.md"], dir).status, 0, "only reported warnings count");
    assert.equal(runPolicyLens(["check", "--max-warnings", "-1", "translation.md"], dir).status, 2);
  });
});

describe("files that could not be analysed", () => {
  const cases: [string, Buffer | string, string[], RegExp][] = [
    ["a Word file", DOCX, [], /file looks binary/],
    ["Latin-1 text", Buffer.from("4.1 The Supplier shall store data in M\xfcnchen.\n", "latin1"), [], /not valid UTF-8/],
    ["a file over the size limit", CONTRACT, ["--max-file-size", "100"], /over the 100 bytes limit|over the 100 byte/],
  ];
  for (const [what, content, flags, reason] of cases) {
    test(`${what} is reported and exits 2, or 0 with --allow-skipped`, (t) => {
      const dir = workspace(t, { "ok.md": withKind("policy", "Staff keep meeting notes in the shared folder.") });
      writeFileSync(join(dir, "input.docx"), content);
      const failed = runPolicyLens(["check", ...flags, "ok.md", "input.docx"], dir);
      assert.equal(failed.status, 2);
      assert.match(failed.stdout, new RegExp(`^input\\.docx:1:1 +warning +Not analysed: .*document/skipped$`, "m"));
      assert.match(failed.stdout, reason);
      assert.match(failed.stderr, /1 file was not analysed .*Pass --allow-skipped/);
      const allowed = runPolicyLens(["check", "--allow-skipped", ...flags, "ok.md", "input.docx"], dir);
      assert.equal(allowed.status, 0, allowed.stderr);
      assert.match(allowed.stdout, /input\.docx:1:1 +warning +Not analysed/);
      const sarif = JSON.parse(runPolicyLens(["check", "--format", "sarif", "--min-severity", "error", ...flags, "input.docx"], dir).stdout);
      assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ["document/skipped"], "reported whatever the minimum severity");
    });
  }
});

describe("SARIF partialFingerprints", () => {
  interface Result {
    ruleId: string;
    partialFingerprints: Record<string, string>;
    locations: { physicalLocation: { region: { startLine: number } } }[];
  }
  const results = (dir: string, file: string) => JSON.parse(runPolicyLens(["check", "--format", "sarif", file], dir).stdout).runs[0].results as Result[];

  test("a finding keeps its fingerprint when lines are added above it; equal findings differ", (t) => {
    const edited = CONTRACT.replace("## 2. Limits", "## 2. Limits\n\nThe parties agreed this section after the pilot.\n")
      .replace("1.1 The Supplier", "1.1 The Agency may ask for a report each quarter.\n\n1.2 The Supplier");
    const twice = CONTRACT + "\n2.2 The Supplier shall not use the service to intentionally monitor residents' private messages, except as otherwise agreed by the parties.\n";
    const dir = workspace(t, { "before.md": CONTRACT, "after.md": edited, "twice.md": twice });
    const before = results(dir, "before.md");
    const after = results(dir, "after.md");
    assert.ok(before.length >= 5);
    const byFingerprint = (rs: Result[]) => new Map(rs.map((r) => [r.partialFingerprints["policyLens/v1"], r]));
    const moved = byFingerprint(after);
    for (const r of before) {
      const same = moved.get(r.partialFingerprints["policyLens/v1"]);
      assert.ok(same, `${r.ruleId} keeps its fingerprint`);
      assert.equal(same.ruleId, r.ruleId);
      if (r.ruleId.startsWith("loophole/")) assert.ok(same.locations[0].physicalLocation.region.startLine > r.locations[0].physicalLocation.region.startLine, "the loophole moved down");
    }
    const repeated = results(dir, "twice.md").filter((r) => r.ruleId === "loophole/intent-test");
    assert.equal(repeated.length, 2);
    assert.notEqual(repeated[0].partialFingerprints["policyLens/v1"], repeated[1].partialFingerprints["policyLens/v1"]);
  });
});
