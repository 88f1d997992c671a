// The CLI on inputs it cannot or must not analyse: every case ends with a clear message
// and a defined exit status, never a crash or a hang.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../server/src/cli/main";

const root = join(__dirname, "..");
const cli = join(root, "bin", "policy-lens.js");
const CONTRACT = "---\nkind: contract\n---\n\n# Services Agreement\n\n1.1 The Supplier shall not use the Service for mass surveillance of citizens.\n";

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, extra: SpawnSyncOptions = {}, command = cli): Run {
  const r = spawnSync(process.execPath, [command, "check", "--no-color", ...args], { cwd, encoding: "utf8", timeout: 60_000, ...extra });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A fresh folder for one test, readable by every user (the permission test drops root). */
function workspace(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), "policy-lens-input-"));
  chmodSync(dir, 0o755);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("a file over --max-file-size is skipped with a warning naming both sizes; the others are analysed", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "big.md"), CONTRACT + "x".repeat(4096));
  writeFileSync(join(dir, "small.md"), CONTRACT);
  const r = run(["--max-file-size", "2KB", "big.md", "small.md"], dir);
  assert.equal(r.status, 2, "a file not analysed fails the run (unless --allow-skipped)");
  assert.match(r.stderr, /^policy-lens: big\.md: file is 4 KB, over the 2 KB limit; not analysed/m);
  assert.match(r.stdout, /^big\.md:1:1 {2}warning {2}Not analysed: file is 4 KB, over the 2 KB limit/m);
  assert.match(r.stdout, /^small\.md:\d+:\d+ {2}info {2}Red line/m);
});

test("the default size limit of 5 MB applies without the flag", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "huge.md"), "# Notes\n\n" + "word ".repeat(1_100_000));
  const r = run(["huge.md"], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /huge\.md: file is 5\.2 MB, over the 5\.0 MB limit; not analysed/);
});

test("--max-file-size takes bytes or KB/MB and refuses anything else", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "a.md"), CONTRACT);
  assert.equal(run(["--max-file-size=1MB", "a.md"], dir).status, 0);
  assert.equal(run(["--max-file-size", "4096", "a.md"], dir).status, 0);
  const bad = run(["--max-file-size", "lots", "a.md"], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--max-file-size "lots" is not a size/);
});

test("a binary file and a file in another encoding are skipped with one clear message each", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "image.md"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  writeFileSync(join(dir, "latin1.md"), Buffer.from("# Caf\xe9 contract\n", "latin1"));
  const r = run(["--format", "json", "image.md", "latin1.md"], dir);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, "policy-lens: image.md: file looks binary (it contains NUL bytes); not analysed\npolicy-lens: latin1.md: file is not valid UTF-8 text; not analysed (save it as UTF-8)\npolicy-lens: 2 files were not analysed (see above); exit status 2. Pass --allow-skipped to report them without failing.\n");
  const reports = JSON.parse(r.stdout) as { file: string; kind: string | null; findings: { rule: string }[] }[];
  assert.deepEqual(
    reports.map((x) => [x.file, x.kind, x.findings.map((f) => f.rule)]),
    [
      ["image.md", null, ["document/skipped"]],
      ["latin1.md", null, ["document/skipped"]],
    ],
  );
});

test("a document that exceeds the time budget is reported as not fully analysed", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "contract.md"), CONTRACT);
  let out = "";
  let now = 0;
  const code = runCli(["check", "--time-budget", "50", "contract.md"], {
    stdout: (s) => (out += s),
    stderr: () => {},
    cwd: dir,
    isTTY: false,
    // Every reading is 100 ms later: the budget is gone by the first sentence.
    clock: () => (now += 100),
  });
  assert.equal(code, 0);
  assert.match(out, /^contract\.md:5:1 {2}warning {2}Not fully analysed: analysis stopped at line 1 after its time budget of 50 ms, so findings may be missing\. {2}document\/time-budget$/m);
  assert.doesNotMatch(out, /Red line|missing-term/);
});

test("--time-budget must be a positive whole number", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "a.md"), CONTRACT);
  for (const value of ["0", "-5", "1.5", "soon"]) {
    const r = run([`--time-budget=${value}`, "a.md"], dir);
    assert.equal(r.status, 2, value);
    assert.match(r.stderr, /--time-budget ".*" is not a whole number of milliseconds above 0/);
  }
});

test("a folder named like a Markdown file is a usage error, not a crash", (t) => {
  const dir = workspace(t);
  mkdirSync(join(dir, "notes.md"));
  const r = run(["notes.md"], dir);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, "policy-lens: no Markdown files in folder notes.md\n");
});

test("a dangling symbolic link is named as such", (t) => {
  const dir = workspace(t);
  symlinkSync(join(dir, "gone.md"), join(dir, "link.md"));
  const r = run(["link.md"], dir);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, "policy-lens: cannot read link.md: broken symbolic link (its target does not exist)\n");
});

test("a missing file is a usage error", (t) => {
  const dir = workspace(t);
  const r = run(["absent.md"], dir);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, "policy-lens: cannot read absent.md: no such file or folder\n");
});

test("a FIFO is refused rather than read (reading one would block forever)", (t) => {
  const dir = workspace(t);
  const made = spawnSync("mkfifo", [join(dir, "pipe.md")]);
  assert.equal(made.status, 0, "mkfifo is needed for this test");
  const r = run(["pipe.md"], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^policy-lens: cannot read pipe\.md: not a regular file \(a FIFO, socket or device\)$/m);
});

// Root reads any file, so as root the CLI runs as `nobody` to meet a real permission error.
const asRoot = process.getuid?.() === 0;
const unprivileged: SpawnSyncOptions = asRoot ? { uid: 65534, gid: 65534 } : {};

/**
 * The command as `nobody` can run it: the checkout may sit in a folder only root can
 * enter, so the launcher and the (self-contained) bundle are copied into the workspace.
 */
function unprivilegedCli(dir: string): string {
  if (!asRoot) return cli;
  mkdirSync(join(dir, "tool", "bin"), { recursive: true });
  mkdirSync(join(dir, "tool", "dist"));
  copyFileSync(cli, join(dir, "tool", "bin", "policy-lens.js"));
  copyFileSync(join(root, "dist", "cli.js"), join(dir, "tool", "dist", "cli.js"));
  for (const sub of ["tool", "tool/bin", "tool/dist"]) chmodSync(join(dir, sub), 0o755);
  return join(dir, "tool", "bin", "policy-lens.js");
}

test("a file without read permission gives 'permission denied', exit 2, and the other files are still checked", (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, "secret.md"), CONTRACT);
  writeFileSync(join(dir, "open.md"), CONTRACT);
  chmodSync(join(dir, "secret.md"), 0o000);
  const r = run(["secret.md", "open.md"], dir, unprivileged, unprivilegedCli(dir));
  assert.equal(r.status, 2);
  assert.equal(r.stderr, "policy-lens: cannot read secret.md: permission denied\n");
  assert.match(r.stdout, /^open\.md:\d+:\d+ {2}info {2}Red line/m);
});

test("a folder that cannot be listed is reported, not silently skipped", (t) => {
  const dir = workspace(t);
  mkdirSync(join(dir, "docs", "locked"), { recursive: true });
  writeFileSync(join(dir, "docs", "a.md"), CONTRACT);
  writeFileSync(join(dir, "docs", "locked", "b.md"), CONTRACT);
  chmodSync(join(dir, "docs", "locked"), 0o000);
  const r = run(["docs"], dir, unprivileged, unprivilegedCli(dir));
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `policy-lens: cannot read folder ${join(dir, "docs", "locked")}: permission denied\n`);
  assert.match(r.stdout, /^docs\/a\.md:/m);
});

test("a malformed glob is a usage error, not a crash", (t) => {
  const dir = workspace(t);
  for (const glob of ["docs/{a,b", "**/[z-a].md"]) {
    const r = run([glob], dir);
    assert.equal(r.status, 2, glob);
    assert.equal(r.stderr, `policy-lens: "${glob}" is not a valid glob (check its braces and brackets)\n`);
  }
});
