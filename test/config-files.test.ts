// Config files on disk: discovery (nearest wins, --config), the CLI's exit 2 on an invalid
// config, ignore globs, and the cache that keeps the last valid config.
import { test } from "node:test";
import assert from "node:assert/strict";
import { utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../server/src/cli/main";
import { ConfigFiles, isIgnored } from "../server/src/configFiles";
import { runPolicyLens, workspace } from "./helpers";

const CONTRACT = "---\nkind: contract\n---\n\n# Services Agreement\n\n1.1 The Supplier shall provide the Services.\n";
const NEWS = "---\nkind: news-note\n---\n\n# Note\n\nThe deal reportedly includes cloud services.\n";

/** Runs the CLI in-process and returns its exit code and output. */
function cli(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const status = runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, isTTY: false });
  return { status, stdout, stderr };
}

/** `file rule` for each finding of a JSON run. */
function rulesByFile(stdout: string): string[] {
  const reports = JSON.parse(stdout) as { file: string; findings: { rule: string; severity: string }[] }[];
  return reports.flatMap((r) => r.findings.map((f) => `${r.file} ${f.rule} ${f.severity}`));
}

test("the nearest config wins: each folder of a multi-root tree gets its own", (t) => {
  const dir = workspace(t, {
    ".policylens.yaml": "severity: { missing-term: error }\n",
    "a/contract.md": CONTRACT,
    "b/.policylens.yml": "disable: [missing-term/exit-strategy]\n",
    "b/contract.md": CONTRACT,
    "b/deeper/contract.md": CONTRACT,
    "c/.policylens.json": '{ "severity": { "missing-term": "hint" } }',
    "c/contract.md": CONTRACT,
  });
  const { status, stdout } = cli(["check", "--format", "json", "."], dir);
  assert.equal(status, 1);
  assert.deepEqual(rulesByFile(stdout), [
    "a/contract.md missing-term/data-residency error",
    "a/contract.md missing-term/exit-strategy error",
    // b's own config replaces the root's: nearest wins, configs do not merge.
    "b/contract.md missing-term/data-residency warning",
    "b/deeper/contract.md missing-term/data-residency warning",
    "c/contract.md missing-term/data-residency hint",
    "c/contract.md missing-term/exit-strategy hint",
  ]);
});

test("--config uses one file for every document, instead of the nearest", (t) => {
  const dir = workspace(t, {
    "shared/policy.yaml": "profile: dora-financial\n",
    "docs/.policylens.yaml": "disable: [missing-term]\n",
    "docs/contract.md": CONTRACT,
  });
  const rules = (args: string[]) => rulesByFile(cli(["check", "--format", "json", ...args, "docs"], dir).stdout);
  assert.deepEqual(rules([]), []);
  assert.deepEqual(rules(["--config", "shared/policy.yaml"]), [
    "docs/contract.md missing-term/audit-rights error",
    "docs/contract.md missing-term/data-protection error",
    "docs/contract.md missing-term/data-residency error",
    "docs/contract.md missing-term/exit-strategy error",
    "docs/contract.md missing-term/subcontracting error",
  ]);
  const missing = cli(["check", "--config", "nowhere.yaml", "docs"], dir);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read config file nowhere\.yaml/);
});

test("an invalid config stops the CLI with exit 2 and every problem as file:line:col on stderr", (t) => {
  const dir = workspace(t, {
    ".policylens.yaml": "profile: eu-publik-sector\nseverity:\n  claim/absolut: error\n",
    "note.md": NEWS,
  });
  const { status, stdout, stderr } = cli(["check", "note.md"], dir);
  assert.equal(status, 2);
  assert.equal(stdout, "");
  assert.deepEqual(stderr.trim().split("\n"), [
    ".policylens.yaml:1:10  error  Unknown profile `eu-publik-sector` — did you mean `eu-public-sector`?",
    ".policylens.yaml:3:3  error  Unknown rule or category `claim/absolut` — did you mean `claim/absolute`?",
  ]);
});

test("the installed command reports a YAML syntax error in the config with exit 2", (t) => {
  const dir = workspace(t, { "docs/.policylens.yaml": "severity:\n  claim: [warning\n", "docs/note.md": NEWS });
  const r = runPolicyLens(["check", "docs"], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^docs\/\.policylens\.yaml:\d+:\d+  error  Not valid YAML: /);
});

test("ignore globs skip documents, relative to the config's folder", (t) => {
  const dir = workspace(t, {
    ".policylens.yaml": "ignore: ['drafts/', '*.draft.md', '/archive/**']\n",
    "drafts/contract.md": CONTRACT,
    "notes/x.draft.md": NEWS,
    "archive/old.md": NEWS,
    "notes/archive/kept.md": NEWS,
    "notes/kept.md": NEWS,
  });
  const { stdout } = cli(["check", "--format", "json", "."], dir);
  assert.deepEqual((JSON.parse(stdout) as { file: string }[]).map((r) => r.file), ["notes/archive/kept.md", "notes/kept.md"]);
  assert.equal(isIgnored(join(dir, "drafts/sub/a.md"), join(dir, ".policylens.yaml"), ["drafts/"]), true);
  assert.equal(isIgnored(join(dir, "other/a.md"), join(dir, ".policylens.yaml"), ["drafts/"]), false);
});

test("the config store caches by mtime and keeps the last valid config while the file is invalid", (t) => {
  const dir = workspace(t, { ".policylens.yaml": "profile: defence\n", "sub/doc.md": CONTRACT });
  const file = join(dir, ".policylens.yaml");
  const store = new ConfigFiles();
  const first = store.forDocument(join(dir, "sub/doc.md"));
  assert.equal(first.loaded?.file, file);
  assert.equal(first.config?.profile, "defence");
  assert.equal(store.load(file), first.loaded, "unchanged file: the cached result");

  writeFileSync(file, "profile: defense\n");
  utimesSync(file, new Date(), new Date(Date.now() + 5000));
  const broken = store.load(file)!;
  assert.match(broken.problems[0].message, /did you mean `defence`/);
  assert.equal(broken.stale, true);
  assert.equal(broken.config?.profile, "defence", "the last valid config stays in force");

  // Live (unsaved) editor text wins over the disk.
  store.setLiveText(file, "profile: dora-financial\n");
  assert.equal(store.load(file)?.config?.profile, "dora-financial");
  store.setLiveText(file, undefined);
  store.invalidate(file);
  assert.equal(store.load(file)?.stale, true);
});

test("a config created after the first lookup is found once the store is invalidated", (t) => {
  const dir = workspace(t, { "doc.md": CONTRACT });
  const store = new ConfigFiles();
  assert.equal(store.forDocument(join(dir, "doc.md")).loaded, undefined);
  writeFileSync(join(dir, ".policylens.json"), '{ "profile": "defence" }');
  store.invalidate();
  assert.equal(store.forDocument(join(dir, "doc.md")).config?.profile, "defence");
});
