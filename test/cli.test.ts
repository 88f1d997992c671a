// The `policy-lens` command as a user runs it: the built bin/policy-lens.js in a temporary
// folder. Output formats, exit codes, and which files a PATH names.
// (Unreadable, binary, oversized and permission-denied files: cli-input.test.ts.)
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../server/src/cli/main";
import type { Range } from "../server/src/engine";
import { positionOf, repoRoot, runPolicyLens, withKind, workspace } from "./helpers";

const HEDGED = "The minister reportedly said so.";
const NEWS = withKind("news-note", HEDGED);
const CONTRACT_WITHOUT_TERMS = withKind("contract", "1.1 The Supplier shall provide the Services.");
const BAD_FRONT_MATTER = `---\nkind: memo\n---\n\n# Note\n\n${HEDGED}\n`;

const check = (cwd: string, ...args: string[]) => runPolicyLens(["check", ...args], cwd);
const json = (stdout: string) => JSON.parse(stdout) as { file: string; kind: string; findings: { rule: string; range: Range }[] }[];
const filesIn = (cwd: string, ...paths: string[]) => {
  const r = check(cwd, "--format", "json", ...paths);
  assert.equal(r.status, 0, r.stderr);
  return json(r.stdout).map((e) => e.file);
};

describe("text format", () => {
  test("one `file:line:col  severity  message  rule` line per finding, 1-based, then a summary", (t) => {
    const dir = workspace(t, { "notes/deal.md": NEWS });
    const r = check(dir, "notes/deal.md");
    assert.equal(r.status, 0);
    const at = positionOf(NEWS, HEDGED);
    assert.equal(r.stdout, `notes/deal.md:${at.line + 1}:${at.character + 1}  warning  Claim: hedged reporting “reportedly”.  claim/hedged-reporting\n1 finding (0 errors, 1 warning, 0 info) in 1 file\n`);
    assert.equal(r.stderr, "");
  });

  test("the summary counts every severity and file, and the path is printed as given", (t) => {
    const dir = workspace(t, { "a.md": NEWS, "b.md": CONTRACT_WITHOUT_TERMS, "c.md": BAD_FRONT_MATTER });
    const r = check(dir, "./a.md", "b.md", "c.md");
    const lines = r.stdout.trimEnd().split("\n");
    const findings = lines.slice(0, -1);
    for (const line of findings) assert.match(line, /^(?:\.\/a|b|c)\.md:\d+:\d+ {2}(?:error|warning|info) {2}\S.* {2}[a-z-]+\/[a-z0-9-]+$/, line);
    assert.ok(findings.some((l) => l.startsWith("./a.md:")));
    const count = (severity: string) => findings.filter((l) => l.includes(`  ${severity}  `)).length;
    assert.equal(count("error"), 1, "the front matter error");
    assert.ok(count("warning") >= 3, "a claim and two missing terms at least");
    assert.equal(lines.at(-1), `${findings.length} findings (1 error, ${count("warning")} warnings, ${count("info")} info) in 3 files`);
  });

  test("the summary counts hints when a config lowers a rule to a hint", (t) => {
    const dir = workspace(t, { "a.md": NEWS, ".policylens.yaml": "severity:\n  claim/hedged-reporting: hint\n" });
    const r = check(dir, "a.md");
    assert.match(r.stdout, /^a\.md:\d+:\d+ {2}hint {2}Claim: hedged reporting “reportedly”\. {2}claim\/hedged-reporting$/m);
    assert.match(r.stdout, /^1 finding \(0 errors, 0 warnings, 0 info, 1 hint\) in 1 file$/m);
  });

  test("no findings: just the summary", (t) => {
    const dir = workspace(t, { "plain.md": "# Minutes\n\nWe met and agreed on the agenda.\n" });
    const r = check(dir, "plain.md");
    assert.equal(r.status, 0);
    assert.equal(r.stdout, "0 findings (0 errors, 0 warnings, 0 info) in 1 file\n");
  });

  test("no colour codes when the output is not a terminal", (t) => {
    const dir = workspace(t, { "a.md": NEWS });
    assert.doesNotMatch(check(dir, "a.md").stdout, /\x1b\[/);
  });

  test("colour on a terminal, unless --no-color or NO_COLOR", (t) => {
    const dir = workspace(t, { "a.md": NEWS });
    const onTerminal = (...args: string[]) => {
      let stdout = "";
      runCli(["check", ...args, "a.md"], { stdout: (s) => (stdout += s), stderr: () => {}, cwd: dir, isTTY: true });
      return stdout;
    };
    const saved = process.env.NO_COLOR;
    t.after(() => (saved === undefined ? delete process.env.NO_COLOR : (process.env.NO_COLOR = saved)));
    delete process.env.NO_COLOR;
    assert.match(onTerminal(), /\x1b\[33mwarning\x1b\[0m/);
    assert.doesNotMatch(onTerminal("--no-color"), /\x1b\[/);
    process.env.NO_COLOR = "1";
    assert.doesNotMatch(onTerminal(), /\x1b\[/);
  });
});

describe("json format", () => {
  test("exactly the LABELS.md shape: file as given, kind, findings with LSP ranges", (t) => {
    const dir = workspace(t, { "docs/news.md": NEWS, "docs/contract.md": CONTRACT_WITHOUT_TERMS });
    const r = check(dir, "--format", "json", "./docs/news.md", "docs/contract.md");
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.ok(Array.isArray(out));
    assert.deepEqual(
      out.map((e: object) => Object.keys(e)),
      [
        ["file", "kind", "findings"],
        ["file", "kind", "findings"],
      ],
    );
    assert.deepEqual(
      out.map((e: { file: string; kind: string }) => [e.file, e.kind]),
      [
        ["./docs/news.md", "news-note"],
        ["docs/contract.md", "contract"],
      ],
    );
    const at = positionOf(NEWS, HEDGED);
    assert.deepEqual(out[0].findings, [
      {
        rule: "claim/hedged-reporting",
        category: "claim",
        severity: "warning",
        message: "Claim: hedged reporting “reportedly”.",
        range: { start: at, end: { line: at.line, character: at.character + HEDGED.length } },
      },
    ]);
    for (const f of out[1].findings) {
      assert.deepEqual(Object.keys(f), ["rule", "category", "severity", "message", "range", "term"]);
      assert.equal(f.category, "missing-term");
      assert.equal(f.rule, `missing-term/${f.term}`);
    }
    assert.deepEqual(out[1].findings.map((f: { term: string }) => f.term).sort(), ["data-residency", "exit-strategy"]);
  });

  test("ranges are UTF-16 columns: an emoji counts two", (t) => {
    const text = withKind("news-note", `😀 ${HEDGED}`);
    const dir = workspace(t, { "a.md": text });
    const out = json(check(dir, "--format", "json", "a.md").stdout);
    const start = positionOf(text, "😀");
    assert.deepEqual(out[0].findings[0].range, { start, end: { line: start.line, character: 2 + 1 + HEDGED.length } });
  });
});

describe("exit status", () => {
  test("0 when the worst finding is a warning", (t) => {
    const dir = workspace(t, { "a.md": NEWS });
    assert.equal(check(dir, "a.md").status, 0);
  });

  test("1 when a finding is an error, such as invalid front matter; the report is still printed", (t) => {
    const dir = workspace(t, { "bad.md": BAD_FRONT_MATTER, "good.md": NEWS });
    for (const format of ["text", "json", "sarif"]) {
      const r = check(dir, "--format", format, "bad.md", "good.md");
      assert.equal(r.status, 1, format);
      assert.match(r.stdout, /document\/front-matter/);
      assert.match(r.stdout, /good\.md/);
    }
  });

  const usageErrors: [string, string[], RegExp][] = [
    ["an unknown option", ["check", "--bogus", "a.md"], /unknown option --bogus/],
    ["an unknown format", ["check", "--format", "xml", "a.md"], /unknown format "xml" \(use text, json, sarif, junit or gitlab\)/],
    ["--format without a value", ["check", "a.md", "--format"], /--format needs a value/],
    ["no PATH", ["check"], /no PATH given/],
    ["no PATH after the options", ["check", "--format", "json"], /no PATH given/],
    ["an unknown command", ["lint", "a.md"], /unknown command "lint"/],
    ["a glob that matches nothing", ["check", "nothing/**/*.md"], /no files match nothing\/\*\*\/\*\.md/],
  ];
  for (const [name, args, message] of usageErrors) {
    test(`2 for ${name}, with the reason on stderr and nothing on stdout`, (t) => {
      const dir = workspace(t, { "a.md": NEWS });
      const r = runPolicyLens(args, dir);
      assert.equal(r.status, 2);
      assert.match(r.stderr, new RegExp(`^policy-lens: ${message.source}`));
      assert.equal(r.stdout, "");
    });
  }
});

describe("which files a PATH names", () => {
  const tree = {
    "README.md": "# Readme\n",
    "docs/a.md": NEWS,
    "docs/b.markdown": NEWS,
    "docs/notes.txt": HEDGED,
    "docs/deep/er/c.md": NEWS,
    "docs/node_modules/pkg/d.md": NEWS,
    "docs/.drafts/e.md": NEWS,
    ".github/f.md": NEWS,
    "node_modules/g.md": NEWS,
  };

  test("a folder: its Markdown files in order, skipping node_modules and dot folders", (t) => {
    const dir = workspace(t, tree);
    assert.deepEqual(filesIn(dir, "docs"), ["docs/a.md", "docs/b.markdown", "docs/deep/er/c.md"]);
    assert.deepEqual(filesIn(dir, "."), ["README.md", "docs/a.md", "docs/b.markdown", "docs/deep/er/c.md"]);
  });

  test("a folder named explicitly is checked even if it is a dot folder", (t) => {
    const dir = workspace(t, tree);
    assert.deepEqual(filesIn(dir, "docs/.drafts"), ["docs/.drafts/e.md"]);
  });

  test('globs: "docs/**/*.md" at any depth, "*.md" in one folder, brace sets', (t) => {
    const dir = workspace(t, tree);
    assert.deepEqual(filesIn(dir, "docs/**/*.md"), ["docs/a.md", "docs/deep/er/c.md"]);
    assert.deepEqual(filesIn(dir, "*.md"), ["README.md"]);
    assert.deepEqual(filesIn(dir, "docs/*.{md,markdown}"), ["docs/a.md", "docs/b.markdown"]);
    assert.deepEqual(filesIn(dir, "{README,docs/a}.md"), ["README.md", "docs/a.md"]);
    assert.deepEqual(filesIn(dir, "**/*.md"), ["README.md", "docs/a.md", "docs/deep/er/c.md"]);
  });

  test("a file named twice, or by a folder and a glob as well, is reported once", (t) => {
    const dir = workspace(t, tree);
    assert.deepEqual(filesIn(dir, "docs/a.md", "./docs/a.md", "docs", "docs/*.md", "docs/../docs/a.md"), ["docs/a.md", "docs/b.markdown", "docs/deep/er/c.md"]);
    const r = check(dir, "docs/a.md", "docs/a.md");
    assert.match(r.stdout, /in 1 file\n$/);
  });

  test("an absolute path is read and reported as given", (t) => {
    const dir = workspace(t, tree);
    const abs = join(dir, "docs", "a.md");
    assert.deepEqual(filesIn(join(dir, "docs"), abs), [abs]);
  });
});

describe("help and version", () => {
  for (const args of [["--help"], ["-h"], ["check", "--help"], []]) {
    test(`\`policy-lens ${args.join(" ")}\` prints the usage and exits 0`, (t) => {
      const r = runPolicyLens(args, workspace(t));
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^Usage: policy-lens check \[--format text\|json\|sarif\|junit\|gitlab\]/);
      assert.match(r.stdout, /Exit status: 0 no error-severity finding, 1 at least one, 2 usage error/);
      assert.equal(r.stderr, "");
    });
  }

  test("--version prints the package version", (t) => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    for (const flag of ["--version", "-v"]) {
      const r = runPolicyLens([flag], workspace(t));
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `${version}\n`);
    }
  });
});
