// The reproductions of the December 2026 hostile-input review (H1–H7, W1–W5), scaled down
// where the original takes minutes but keeping its shape: each one ends with a result, a
// budget finding or a clear message and the right exit status — never a hang, a stack
// overflow, or a CI gate that passes because something was quietly not read.
// (F1–F5, the fixes that damage text, are tested with the fixes.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { analyze, insertClauseFix, builtinRules, TIME_BUDGET_RULE, validateConfigText, type PolicyConfig } from "../server/src/engine";
import { CONFIG_LIMITS, CUSTOM_RULE_LIMITS, profileChain } from "../server/src/engine/config";
import { compileGlob } from "../server/src/engine/glob";
import { isIgnored } from "../server/src/configFiles";
import { isIncluded } from "../server/src/lsp/settings";
import { printable } from "../server/src/cli/format";
import { cliPath, repoRoot } from "./helpers";
import { BASE_CAPABILITIES, startServer } from "./lsp/client";

const CONTRACT = "---\nkind: contract\n---\n\n# Services Agreement\n\n1.1 The Supplier shall not use the Service for mass surveillance of citizens.\n";
// A red line with a loophole: a `loophole: error` config turns it into an error (exit 1).
const LOOPHOLE = "---\nkind: contract\n---\n\n# Order\n\n2.1 The Services will not be used to intentionally monitor residents, except as otherwise agreed by the parties.\n";

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

// The timeout only guards against a hang (the original H1 and H6 never end); it is no speed test.
function run(args: string[], cwd: string, extra: SpawnSyncOptions = {}, command = cliPath): Run {
  const r = spawnSync(process.execPath, [command, "check", "--no-color", ...args], { cwd, encoding: "utf8", timeout: 120_000, ...extra });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

function workspace(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), "policy-lens-hostile-"));
  chmodSync(dir, 0o755);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A clock that reads `step` more on each reading, as if each step of analysis were slow. */
function countingClock(step = 1): { clock: () => number; reads: () => number } {
  let now = 0;
  return { clock: () => (now += step), reads: () => now / step };
}

// ---------------------------------------------------------------------------------------
// H1: an `ignore` glob with catastrophic backtracking

const REDOS_GLOB = "*a*a*a*a*a*a*a*a*a*a*c.md";

test("H1: a glob that backtracks catastrophically as a regex is matched at once, and right", () => {
  const glob = compileGlob(REDOS_GLOB);
  assert.equal(glob.test("a".repeat(5000) + ".md"), false);
  assert.equal(glob.test("a".repeat(40) + "c.md"), true);
  assert.equal(glob.test("a".repeat(9) + "c.md"), false, "ten a's are needed");
  assert.equal(compileGlob("**/" + REDOS_GLOB).test("x/".repeat(2000) + "a".repeat(2000)), false);
  // The usual globs still mean what they meant.
  assert.equal(compileGlob("docs/**/*.md").test("docs/a/b/c.md"), true);
  assert.equal(compileGlob("docs/**/*.md").test("docs/c.md"), true);
  assert.equal(compileGlob("docs/*.md").test("docs/a/c.md"), false);
  assert.equal(compileGlob("*.{md,markdown}").test("a.markdown"), true);
  assert.equal(compileGlob("[!a]?.md").test("ba.md"), true);
  assert.equal(compileGlob("[!a]?.md").test("aa.md"), false);
  // An empty brace alternative does not join two stars into `**` (found by the fuzz).
  assert.equal(compileGlob("*{c,{a,}}*").test("/"), false);
  assert.equal(compileGlob("*{c,{a,}}*").test("xy"), true);
  assert.throws(() => compileGlob("{a,b"), /not a valid glob/);
  assert.throws(() => compileGlob("[z-a].md"), /not a valid glob/);
  assert.throws(() => compileGlob("{a,b}".repeat(9)), /more than 256 brace alternatives/);
});

test("H1: the review's workspace (an ignore glob and a long file name) is checked by the CLI, and by the server's filters", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, ".policylens.yaml"), `ignore: ["${REDOS_GLOB}"]\n`);
  const name = "a".repeat(40) + ".md";
  writeFileSync(join(dir, name), CONTRACT);
  writeFileSync(join(dir, "a".repeat(12) + "c.md"), CONTRACT);
  const r = run(["."], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^${name}:`, "m"), "the file the glob does not match is checked");
  assert.doesNotMatch(r.stdout, /c\.md:/, "the file it matches is ignored");
  assert.equal(isIgnored(join(dir, "a".repeat(3000) + ".md"), join(dir, ".policylens.yaml"), [REDOS_GLOB]), false);
  assert.equal(isIncluded(`file://${dir}/${"a".repeat(3000)}.md`, "markdown", [REDOS_GLOB], [`file://${dir}`]), false);
});

test("H1: an ignore glob that cannot be compiled is a config problem at its line", () => {
  const { problems } = validateConfigText('ignore:\n  - "drafts/{a,b"\n');
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /not a valid glob/);
});

// ---------------------------------------------------------------------------------------
// H2: custom rules within the cost limits ignore the time budget

const costlyConfig = (): PolicyConfig => {
  const rules = Array.from({ length: 10 }, (_, i) => `  - id: x/r${i}\n    category: loophole\n    patterns: ["a ~8 a ~8 a ~8 a ~8 b"]\n    message: "m {phrase}"\n`).join("");
  const { config, problems } = validateConfigText(`customRules:\n${rules}`);
  assert.deepEqual(problems, [], "the review's rules are within the documented limits");
  return config!;
};

test("H2: custom rules poll the analysis's deadline and stop with one time-budget finding", () => {
  const text = `---\nkind: contract\n---\n\n# Order\n\n${Array.from({ length: 400 }, () => "a a a a a a a a a a a a a a a a a a a a.").join("\n\n")}\n`;
  const config = costlyConfig();
  // Detection alone reads the clock a number of times; custom rules then read it per sentence.
  const plain = countingClock();
  analyze(text, { clock: plain.clock, timeBudgetMs: 1e9 });
  const slow = countingClock();
  const result = analyze(text, { config, clock: slow.clock, timeBudgetMs: plain.reads() + 20 });
  const budget = result.findings.filter((f) => f.rule === TIME_BUDGET_RULE);
  assert.equal(budget.length, 1, "one time-budget finding");
  assert.match(budget[0].message, /^Not fully analysed: custom rules stopped at line \d+ after the time budget of \d+ ms, so findings of custom rules may be missing\.$/);
  const line = Number(/stopped at line (\d+)/.exec(budget[0].message)?.[1]);
  assert.ok(line > 6, `custom rules stopped inside the body (line ${line}), after detection finished`);
  assert.ok(slow.reads() < plain.reads() + 40, "and stopped soon after the deadline");
  // Detection finished, so what it judges over the whole document still stands.
  assert.ok(result.findings.some((f) => f.rule === "missing-term/exit-strategy"));
});

test("H2: the total cost of a config's custom rules is bounded, not only each pattern's", () => {
  const pattern = "a ~8 a ~8 b";
  const rules = Array.from({ length: 100 }, (_, i) => `  - id: x/r${i}\n    category: claim\n    patterns: ["${pattern}", "${pattern}"]\n    message: "m"\n`).join("");
  const { problems } = validateConfigText(`customRules:\n${rules}`);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, new RegExp(`too costly to match together .*limit ${CUSTOM_RULE_LIMITS.totalCost}`));
});

// ---------------------------------------------------------------------------------------
// H3: many findings overflowed the stack (`push(...findings)`)

test("H3: 150,000 placeholders give 150,000 findings, not a stack overflow", () => {
  const text = "# Order\n\n" + "[[x]] ".repeat(150_000) + "\n";
  const result = analyze(text, { timeBudgetMs: 600_000 });
  assert.equal(result.findings.filter((f) => f.rule === "document/placeholder").length, 150_000);
});

test("H3: a custom rule matching every 'the' of a long text reports them all", () => {
  const { config } = validateConfigText('customRules:\n  - id: acme/the\n    category: claim\n    severity: hint\n    patterns: ["the"]\n    message: "the"\n');
  const text = "# Notes\n\n" + "The cat saw the dog and the bird. ".repeat(40_000) + "\n";
  const result = analyze(text, { config, timeBudgetMs: 600_000 });
  assert.equal(result.findings.filter((f) => f.rule === "acme/the").length, 120_000);
});

// ---------------------------------------------------------------------------------------
// H4: deep `extends` chains were cubic and overflowed the stack

const chain = (n: number, cycle = false) =>
  `profile: p0\nprofiles:\n${Array.from({ length: n }, (_, i) => `  p${i}:\n    extends: ${i + 1 < n ? `p${i + 1}` : cycle ? "p0" : "eu-public-sector"}\n`).join("")}`;

test("H4: a chain deeper than the limit is one problem at the extends where it passes the limit", () => {
  for (const n of [CONFIG_LIMITS.extendsDepth + 5, 3000, 12_000]) {
    const text = chain(n);
    const { problems } = validateConfigText(text);
    assert.equal(problems.length, 1, `${n} profiles`);
    assert.match(problems[0].message, new RegExp(`stacks ${CONFIG_LIMITS.extendsDepth + 1} profiles through \`extends\`; the limit is ${CONFIG_LIMITS.extendsDepth}`));
    // On an `extends:` line.
    const line = text.slice(0, problems[0].start).split("\n").length;
    assert.match(text.split("\n")[line - 1], /^ {4}extends: p\d+$/);
  }
  assert.deepEqual(validateConfigText(chain(CONFIG_LIMITS.extendsDepth - 1)).problems, [], "a chain within the limit is fine");
});

test("H4: a cycle of 3,000 profiles is reported on each extends with a message of bounded length", () => {
  const { problems } = validateConfigText(chain(3000, true));
  // The first hundred problems are shown, the rest counted.
  assert.equal(problems.length, 101);
  assert.ok(problems.slice(0, 100).every((p) => p.message.startsWith("Profile cycle: ") && p.message.length < 200));
  assert.equal(problems[100].message, "2900 more problems in this config are not shown; fix these first.");
  assert.match(problems[0].message, /^Profile cycle: p0 → p1 → p2 → p3 → … 2994 more … → p2998 → p2999 → p0\.$/);
});

test("H4: resolving a profile of a deep chain is refused with a message, not a stack overflow", () => {
  const profiles = Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [`p${i}`, { extends: `p${i + 1}` }]));
  const result = profileChain("p0", { profiles } as unknown as PolicyConfig);
  assert.equal(result.ok, false);
  assert.ok("tooDeep" in result && result.tooDeep.length === CONFIG_LIMITS.extendsDepth + 1);
});

// ---------------------------------------------------------------------------------------
// H5: passes that were quadratic in the document

test("H5: a long sentence of qualifiers after a red line: every qualifier found once, none overlapping", () => {
  const text = "# Order\n\n2.1 The Supplier shall not monitor people" + " except here".repeat(20_000) + "\n";
  const result = analyze(text, { timeBudgetMs: 600_000 });
  const loopholes = result.findings.filter((f) => f.category === "loophole").sort((a, b) => a.start - b.start);
  assert.ok(loopholes.length > 1000);
  for (let i = 1; i < loopholes.length; i++) assert.ok(loopholes[i].start >= loopholes[i - 1].end, "qualifiers do not overlap");
});

test("H5: front matter with 20,000 keys is read; one too large for the parser is refused with a message", () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: v\n`).join("");
  const ok = analyze(`---\nkind: contract\n${keys(5000)}---\n\n# Order\n\n2.1 The Supplier shall not monitor people.\n`);
  assert.equal(ok.kind, "contract");
  assert.ok(!ok.findings.some((f) => f.rule === "document/front-matter"));
  const big = analyze(`---\nkind: contract\n${keys(20_000)}---\n\n# Order\n\n2.1 The Supplier shall not monitor people.\n`);
  const problem = big.findings.find((f) => f.rule === "document/front-matter");
  assert.match(problem?.message ?? "", /^Front matter is \d+ characters, more than the 65536 Policy Lens reads/);
  // Duplicate keys are still found without yaml's quadratic check.
  const dup = analyze("---\nkind: contract\ntitle: a\ntitle: b\n---\n\n# Order\n");
  assert.match(dup.findings.find((f) => f.rule === "document/front-matter")?.message ?? "", /Map keys must be unique/);
  assert.match(validateConfigText("profile: defence\nprofile: defence\n").problems[0]?.message ?? "", /Map keys must be unique/);
});

test("H5: a megabyte of unclosed comments is plain text, and a closed suppression after them still works", () => {
  const text = "# Notes\n\n" + "<!-- policy-lens-disable \n".repeat(40_000);
  const result = analyze(text, { timeBudgetMs: 600_000 });
  assert.equal(result.document.annotations.length, 0);
  const closed = analyze("# Order\n\n<!-- x <!-- policy-lens-disable-next-line red-line -->\n2.1 The Supplier shall not monitor residents.\n");
  assert.equal(closed.findings.filter((f) => f.category === "red-line").length, 0, "the comment after the unclosed opener is honoured");
});

test("H5: 10,000 suppression comments each hide their line's finding", () => {
  const n = 10_000;
  const text = Array.from({ length: n }, (_, i) => `<!-- policy-lens-disable-next-line red-line -->\n2.${i} The Supplier shall not intentionally monitor residents.\n\n`).join("");
  const result = analyze(text, { timeBudgetMs: 600_000 });
  assert.equal(result.findings.filter((f) => f.category === "red-line").length, 0);
  assert.equal(result.findings.filter((f) => f.rule === "document/unused-suppression").length, 0);
  // A `disable` per line and one `enable`: every region closes at the enable.
  const ranges = Array.from({ length: 2000 }, () => "<!-- policy-lens-disable red-line -->\n").join("") + "<!-- policy-lens-enable -->\n\n2.1 The Supplier shall not monitor residents.\n";
  const after = analyze(ranges);
  assert.equal(after.findings.filter((f) => f.category === "red-line").length, 1, "the red line after the enable is reported");
  assert.equal(after.findings.filter((f) => f.rule === "document/unused-suppression").length, 2000, "each disable hid nothing");
});

test("H5: a table of 20,000 columns is analysed cell by cell, and a slow clock stops it at its budget", () => {
  // The review's 5 MB table, scaled down in rows (its width is what made it costly).
  const cols = 20_000;
  const cells = Array.from({ length: cols }, (_, i) => (i === 12_345 ? " The Supplier shall not monitor residents. " : ` c${i % 10} `));
  const row = `|${cells.join("|")}|\n`;
  const text = `# Order\n\n${row}|${"---|".repeat(cols)}\n${row}${row}`;
  const full = analyze(text, { timeBudgetMs: 600_000 });
  assert.ok(!full.findings.some((f) => f.rule === TIME_BUDGET_RULE));
  const redLines = full.findings.filter((f) => f.category === "red-line");
  // The header row and the two body rows each hold the red line once, in the 12,346th cell.
  assert.equal(redLines.length, 3);
  for (const f of redLines) assert.equal(text.slice(f.start, f.end).includes("monitor"), true, text.slice(f.start, f.end));
  const slow = countingClock(1000);
  const cut = analyze(text, { clock: slow.clock, timeBudgetMs: 5000 });
  assert.deepEqual(cut.findings.filter((f) => f.rule === TIME_BUDGET_RULE).length, 1);
  assert.ok(cut.findings.filter((f) => f.category === "red-line").length < 3, "stopped before the last row");
});

// ---------------------------------------------------------------------------------------
// H6: a config on a FIFO or a device hung; configs had no size limit

test("H6: --config on a FIFO, a device or a folder is refused at once, with the reason, exit 2", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "doc.md"), CONTRACT);
  assert.equal(spawnSync("mkfifo", [join(dir, "fifo.yaml")]).status, 0, "mkfifo is needed for this test");
  mkdirSync(join(dir, "folder.yaml"));
  for (const [config, reason] of [
    ["fifo.yaml", "it is not a regular file (a FIFO, socket or device)"],
    ["/dev/zero", "it is not a regular file (a FIFO, socket or device)"],
    ["folder.yaml", "it is a folder"],
  ]) {
    const r = run(["--config", config, "doc.md"], dir);
    assert.equal(r.status, 2, config);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, new RegExp(`^${config.startsWith("/") ? config : config.replace(".", "\\.")}:1:1 {2}error {2}Cannot use this config file: ${reason.replace(/[()]/g, "\\$&")}\\.\\n$`));
  }
});

test("H6: a config over the size limit is refused unread, also when it is the nearest one", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "doc.md"), CONTRACT);
  writeFileSync(join(dir, ".policylens.yaml"), "# padding\n".repeat(Math.ceil(CONFIG_LIMITS.fileBytes / 10) + 1));
  const r = run(["doc.md"], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, new RegExp(`^\\.policylens\\.yaml:1:1 {2}error {2}Cannot use this config file: it is \\d+ bytes, larger than the limit of ${CONFIG_LIMITS.fileBytes} bytes for a config\\.$`, "m"));
});

// ---------------------------------------------------------------------------------------
// H7: 200,000 headings: Math.min(...) over every heading

test("H7: a document of 150,000 headings still gets its clause insertion", () => {
  const text = "---\nkind: contract\n---\n\n# Order\n\n" + "## Part\n\n".repeat(150_000);
  const analysis = analyze(text, { timeBudgetMs: 600_000 });
  const fix = insertClauseFix(analysis, "exit-strategy", builtinRules());
  assert.ok(fix, "a fix is offered");
  assert.ok(fix.edits.length >= 1);
});

// ---------------------------------------------------------------------------------------
// W1: an unreadable nearest config was silently ignored (exit 0 instead of 1)

// Root reads any file, so as root the CLI runs as `nobody` to meet a real permission error.
const asRoot = process.getuid?.() === 0;
const unprivileged: SpawnSyncOptions = asRoot ? { uid: 65534, gid: 65534 } : {};
function unprivilegedCli(dir: string): string {
  if (!asRoot) return cliPath;
  mkdirSync(join(dir, "tool", "bin"), { recursive: true });
  mkdirSync(join(dir, "tool", "dist"));
  copyFileSync(cliPath, join(dir, "tool", "bin", "policy-lens.js"));
  copyFileSync(join(repoRoot, "dist", "cli.js"), join(dir, "tool", "dist", "cli.js"));
  for (const sub of ["tool", "tool/bin", "tool/dist"]) chmodSync(join(dir, sub), 0o755);
  return join(dir, "tool", "bin", "policy-lens.js");
}

test("W1: an unreadable nearest config is an error (exit 2), not a gate that quietly passes", (t) => {
  const dir = workspace(t);
  const tool = unprivilegedCli(dir);
  writeFileSync(join(dir, "doc.md"), LOOPHOLE);
  writeFileSync(join(dir, ".policylens.yaml"), "severity:\n  loophole: error\n");
  chmodSync(join(dir, "doc.md"), 0o644);
  chmodSync(join(dir, ".policylens.yaml"), 0o644);
  assert.equal(run(["doc.md"], dir, unprivileged, tool).status, 1, "readable: the loophole is an error");
  chmodSync(join(dir, ".policylens.yaml"), 0o000);
  const r = run(["doc.md"], dir, unprivileged, tool);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, ".policylens.yaml:1:1  error  Cannot use this config file: permission denied.\n");
});

test("W1: a broken symbolic link or a FIFO named like the nearest config is reported, not skipped for the next name", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "doc.md"), LOOPHOLE);
  symlinkSync(join(dir, "missing.yaml"), join(dir, ".policylens.yaml"));
  writeFileSync(join(dir, ".policylens.yml"), "profile: defence\n");
  const r = run(["doc.md"], dir);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, ".policylens.yaml:1:1  error  Cannot use this config file: it is a broken symbolic link.\n");
});

// ---------------------------------------------------------------------------------------
// W2: one bad operand stopped the run

test("W2: each operand that cannot be read is reported and the others are still checked, exit 2", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "ok.md"), CONTRACT);
  symlinkSync(join(dir, "gone.md"), join(dir, "broken.md"));
  mkdirSync(join(dir, "x.md"));
  const r = run(["broken.md", "ok.md", "missing.md", "x.md", "none/*.md"], dir);
  assert.equal(r.status, 2);
  assert.equal(
    r.stderr,
    [
      "policy-lens: cannot read broken.md: broken symbolic link (its target does not exist)",
      "policy-lens: cannot read missing.md: no such file or folder",
      "policy-lens: no Markdown files in folder x.md",
      "policy-lens: no files match none/*.md",
      "",
    ].join("\n"),
  );
  assert.match(r.stdout, /^ok\.md:\d+:\d+ {2}info {2}Red line/m);
});

test("W2: Markdown entries inside a folder that are not regular files are counted in the summary and listed with --verbose", (t) => {
  const dir = workspace(t);
  mkdirSync(join(dir, "docs"));
  writeFileSync(join(dir, "docs", "a.md"), CONTRACT);
  writeFileSync(join(dir, "elsewhere.md"), CONTRACT);
  symlinkSync(join(dir, "elsewhere.md"), join(dir, "docs", "link.md"));
  symlinkSync(join(dir, "gone.md"), join(dir, "docs", "dangling.md"));
  assert.equal(spawnSync("mkfifo", [join(dir, "docs", "pipe.md")]).status, 0, "mkfifo is needed for this test");
  const quiet = run(["docs"], dir);
  assert.equal(quiet.status, 0);
  assert.equal(quiet.stderr, "");
  assert.match(quiet.stdout, /in 1 file; 3 entries skipped \(not regular files: --verbose lists them\)\n$/);
  const verbose = run(["--verbose", "docs"], dir);
  assert.equal(
    verbose.stderr,
    [
      "policy-lens: skipped docs/dangling.md: not checked: a symbolic link, not a regular file",
      "policy-lens: skipped docs/link.md: not checked: a symbolic link, not a regular file",
      "policy-lens: skipped docs/pipe.md: not checked: a FIFO, not a regular file",
      "",
    ].join("\n"),
  );
});

// ---------------------------------------------------------------------------------------
// W3: a suppression inside a link title was honoured

test("W3: a suppression comment in a link title or a code span is text, not a comment", () => {
  const inTitle = analyze('# Order\n\nSee [the terms](http://x.example "<!-- policy-lens-disable-next-line red-line -->").\n2.1 The Supplier shall not monitor residents.\n');
  assert.equal(inTitle.findings.filter((f) => f.category === "red-line").length, 1);
  const inCode = analyze("# Order\n\nWrite `<!-- policy-lens-disable-next-line red-line -->` to hide one.\n2.1 The Supplier shall not monitor residents.\n");
  assert.equal(inCode.findings.filter((f) => f.category === "red-line").length, 1);
  const real = analyze("# Order\n\nSee [the terms](http://x.example). <!-- policy-lens-disable-next-line red-line -->\n\n2.1 The Supplier shall not monitor residents.\n");
  assert.equal(real.findings.filter((f) => f.category === "red-line").length, 0, "a real comment after a link still counts");
});

// ---------------------------------------------------------------------------------------
// W4: control bytes from documents and file names reached the terminal

test("W4: text output escapes control characters from documents and file names", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "ansi.md"), "# Order\n\n2.1 The Supplier shall not monitor people, except as agreed \x1b[2J\x1b[31mc by them.\n");
  writeFileSync(join(dir, "new\nline.md"), CONTRACT);
  const r = run(["ansi.md", "new\nline.md"], dir);
  assert.doesNotMatch(r.stdout, /\x1b/);
  assert.match(r.stdout, /\\x1b\[2J/);
  assert.match(r.stdout, /^new\\x0aline\.md:7:\d+ {2}info/m);
  assert.equal(printable("a\u202eb\u0007"), "a\\u202eb\\x07");
});

// ---------------------------------------------------------------------------------------
// W5: messages

test("W5: config messages name what is wrong; a profile named __proto__ is not dropped silently", () => {
  const list = validateConfigText("- a\n- b\n").problems[0]?.message;
  assert.equal(list, "A config is a mapping of keys to values, such as `profile: eu-public-sector`.");
  const binary = validateConfigText("profile: !!binary aGVsbG8=\n").problems[0]?.message ?? "";
  assert.equal(binary, "`profile`: expected text, not binary data (!!binary).");
  assert.equal(validateConfigText("severity:\n  - a\n").problems[0]?.message, "`severity`: expected a mapping, not a list.");
  const proto = validateConfigText("profiles:\n  __proto__:\n    extends: defence\n").problems;
  assert.equal(proto.length, 1);
  assert.match(proto[0].message, /__proto__/);
});

test("W5: a missing --config names the reason", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "doc.md"), CONTRACT);
  const r = run(["--config", "nope.yaml", "doc.md"], dir);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, "policy-lens: cannot read config file nope.yaml: no such file\n");
});

// ---------------------------------------------------------------------------------------
// The server: keystrokes before background work, and a config it cannot use is an error on the config

test("server: a keystroke's diagnostics go out before a background document's analysis", async (t) => {
  const client = await startServer(BASE_CAPABILITIES, { policyLens: { debounceMs: 0 } });
  t.after(() => client.close());
  const typed = "file:///work/typed.md";
  const background = "file:///work/background.md";
  for (const uri of [typed, background]) {
    await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: CONTRACT } });
    await client.diagnostics(uri, 1);
  }
  const edit = (uri: string, version: number) =>
    client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text: CONTRACT + "\nMore text.\n".repeat(version) }] });
  // The user is typing in one document…
  await edit(typed, 2);
  await client.diagnostics(typed, 2, 20_000);
  // …when the other changes (a formatter, another pane), and the user types on.
  const order: string[] = [];
  const waits = [client.diagnostics(typed, 3, 20_000).then(() => order.push(typed)), client.diagnostics(background, 2, 20_000).then(() => order.push(background))];
  await edit(background, 2);
  await edit(typed, 3);
  await Promise.all(waits);
  assert.deepEqual(order, [typed, background]);
});

test("server: a nearest config that cannot be used is an error on the config file, not silently skipped", async (t) => {
  const dir = workspace(t);
  mkdirSync(join(dir, ".policylens.yaml"));
  writeFileSync(join(dir, "doc.md"), CONTRACT);
  const client = await startServer(BASE_CAPABILITIES, { policyLens: {} });
  t.after(() => client.close());
  const docUri = pathToFileURL(join(dir, "doc.md")).href;
  await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: docUri, languageId: "markdown", version: 1, text: CONTRACT } });
  const config = await client.diagnostics(pathToFileURL(join(dir, ".policylens.yaml")).href);
  assert.deepEqual(
    config.diagnostics.map((d) => [d.severity, d.message]),
    [[1, "Cannot use this config file: it is a folder."]],
  );
});

test("server: a document whose analysis runs past its budget does not hold another document's requests", { timeout: 180_000 }, async (t) => {
  const dir = workspace(t);
  // The review's H2 in the editor: custom rules within the limits, costly on `a a a … a.` text.
  const rules = Array.from({ length: 10 }, (_, i) => `  - id: x/r${i}\n    category: loophole\n    patterns: ["a ~8 a ~8 a ~8 a ~8 b"]\n    message: "m {phrase}"\n`).join("");
  writeFileSync(join(dir, ".policylens.yaml"), `customRules:\n${rules}`);
  // Long enough to pass a 2 s budget on any machine, and long enough (over 256 KB) to get a
  // preview of its beginning first: the full analysis starts as soon as the preview is out.
  const costlyText = "# Notes\n\n" + `${"a ".repeat(200)}a.\n\n`.repeat(6000);
  const plainText = CONTRACT + "\n## Exit\n\n3.1 On termination the Supplier shall return all data.\n";
  const client = await startServer(BASE_CAPABILITIES, { policyLens: { debounceMs: 0, timeBudgetMs: 2000 } }, pathToFileURL(dir).href);
  t.after(() => client.close());
  const plain = pathToFileURL(join(dir, "plain.md")).href;
  const costly = pathToFileURL(join(dir, "costly.md")).href;
  await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: plain, languageId: "markdown", version: 1, text: plainText } });
  await client.diagnostics(plain, 1);

  await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: costly, languageId: "markdown", version: 1, text: costlyText } });
  // First the findings of its beginning (published as soon as they are ready)…
  await client.diagnostics(costly, 1, 120_000);
  // …and now its full analysis is under way: the other document is edited and asked about meanwhile.
  const order: string[] = [];
  const costlyDone = client.diagnostics(costly, 1, 120_000).then((p) => {
    order.push("costly document's diagnostics");
    return p;
  });
  await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri: plain, version: 2 }, contentChanges: [{ text: plainText + "\nMore.\n" }] });
  const symbols = client.connection.sendRequest("textDocument/documentSymbol", { textDocument: { uri: plain } }).then((s) => {
    order.push("symbols");
    return s as { name: string }[];
  });
  const hover = client.connection.sendRequest("textDocument/hover", { textDocument: { uri: plain }, position: { line: 6, character: 30 } }).then((h) => {
    order.push("hover");
    return h as { contents: { value: string } } | null;
  });
  const edited = client.diagnostics(plain, 2, 120_000).then((p) => {
    order.push("keystroke's diagnostics");
    return p;
  });
  const [budgeted, shownSymbols, shownHover, fresh] = await Promise.all([costlyDone, symbols, hover, edited]);
  assert.equal(order.at(-1), "costly document's diagnostics", `answered in the order ${order.join(", ")}`);
  // The answers are the real ones, and the costly document says it was cut short.
  assert.deepEqual(shownSymbols.map((s) => s.name), ["Services Agreement"]);
  assert.match(shownHover?.contents.value ?? "", /Red line/);
  assert.ok(fresh.diagnostics.some((d) => d.code === "red-line/surveillance" || /Red line/.test(d.message)), JSON.stringify(fresh.diagnostics.map((d) => d.code)));
  assert.match(budgeted.diagnostics.find((d) => d.code === TIME_BUDGET_RULE)!.message, /time budget of 2000 ms/);
});
