// The pre-commit hook (.pre-commit-hooks.yaml) run by Debian's pre-commit on a scratch
// repository, as a user's `pre-commit run` would: pre-commit installs the package from this
// repository (npm install, npm pack, npm install -g) and runs `policy-lens check` on the
// Markdown files. Needs `pre-commit` (scripts/e2e-setup.sh installs it) and the npm registry
// or npm's cache for the first install: pre-commit's `language: node` runs `npm install` on
// this repository (its devDependencies too, since `prepack` bundles dist/ with esbuild), then
// `npm pack` and `npm install -g` of the tarball. The `policy-lens-system` hook
// (`language: system`) uses an installed `policy-lens` and needs no registry.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { REPO_ROOT } from "./codeServer";

const CONTRACT = `---
kind: contract
---

# Records hosting agreement

## 1. Services

1.1 The Supplier shall host the Council's case records.

## 2. Limits

2.1 The Supplier shall not use the records to intentionally profile residents.
`;

const found = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
if (found.error || found.status !== 0) {
  test("pre-commit hook prerequisites", () => assert.fail("pre-commit is not installed: run `bash scripts/e2e-setup.sh` (apt-get install pre-commit)"));
} else {
  describe(`the pre-commit hook, with ${found.stdout.trim()}`, () => {
    const work = mkdtempSync(join(tmpdir(), "policy-lens-pre-commit-"));
    const repo = join(work, "repo");
    // Its own home: the hook's environment is installed from this checkout, not reused.
    const env = { ...process.env, PRE_COMMIT_HOME: join(work, "home"), npm_config_prefer_offline: "true", NO_COLOR: "1" };
    after(() => rmSync(work, { recursive: true, force: true }));
    const git = (...args: string[]) => assert.equal(spawnSync("git", args, { cwd: repo, encoding: "utf8" }).status, 0, `git ${args.join(" ")}`);
    // try-repo runs the hooks of this checkout as it is, uncommitted changes included.
    const tryHook = (hook = "policy-lens", hookEnv: NodeJS.ProcessEnv = env) =>
      spawnSync("pre-commit", ["try-repo", REPO_ROOT, hook, "--all-files", "--verbose"], { cwd: repo, env: hookEnv, encoding: "utf8", timeout: 9 * 60_000 });

    test("reports the findings of the Markdown files and passes when none is an error", () => {
      spawnSync("mkdir", ["-p", repo]);
      git("init", "-q");
      git("config", "user.email", "reviewer@example.com");
      git("config", "user.name", "Reviewer");
      writeFileSync(join(repo, "hosting.md"), CONTRACT);
      writeFileSync(join(repo, "notes.txt"), "intentionally not Markdown: the hook must not read it\n");
      git("add", ".");
      git("commit", "-qm", "scratch");
      const run = tryHook();
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /^Policy Lens\.+Passed$/m);
      assert.match(run.stdout, /^hosting\.md:\d+:\d+ +warning +Loophole: intent test "intentionally".*loophole\/intent-test$/m);
      assert.match(run.stdout, /^hosting\.md:\d+:\d+ +warning +No exit strategy/m);
      assert.doesNotMatch(run.stdout, /notes\.txt/);
    });

    test("policy-lens-system runs the installed command and installs nothing, so it needs no registry", () => {
      // `policy-lens` on PATH, as `npm install -g` would put it; a registry that cannot be reached.
      const bin = join(work, "bin");
      mkdirSync(bin, { recursive: true });
      writeFileSync(join(bin, "policy-lens"), `#!/bin/sh\nexec node "${join(REPO_ROOT, "bin", "policy-lens.js")}" "$@"\n`);
      chmodSync(join(bin, "policy-lens"), 0o755);
      const home = join(work, "home-system");
      const offline = { ...env, PATH: `${bin}:${process.env.PATH}`, PRE_COMMIT_HOME: home, npm_config_registry: "http://127.0.0.1:9/", npm_config_offline: "true" };
      const run = tryHook("policy-lens-system", offline);
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /^Policy Lens \(installed\)\.+Passed$/m);
      assert.match(run.stdout, /^hosting\.md:\d+:\d+ +warning +Loophole: intent test "intentionally".*loophole\/intent-test$/m);
      // pre-commit made no node environment for it (the node hook's lives in a repo folder as node_env-*).
      const envs = existsSync(home) ? readdirSync(home, { recursive: true }).map(String).filter((p) => /node_env/.test(p)) : [];
      assert.deepEqual(envs, []);
    });

    test("fails when the repository's .policylens.yaml makes a finding an error", () => {
      writeFileSync(join(repo, ".policylens.yaml"), "severity:\n  loophole: error\n");
      git("add", ".");
      git("commit", "-qm", "loopholes are errors");
      const run = tryHook();
      assert.equal(run.status, 1, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /^Policy Lens\.+Failed$/m);
      assert.match(run.stdout, /^hosting\.md:\d+:\d+ +error +Loophole: intent test "intentionally"/m);
    });
  });
}
