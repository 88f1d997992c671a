// The npm package as a user gets it: `npm pack`, installed into an empty folder with no
// network, and run with `npx policy-lens check`. The bundles carry every library they use,
// so the package has no runtime dependencies to fetch.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { repoRoot } from "./helpers";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const work = mkdtempSync(join(tmpdir(), "policy-lens-pack-"));
const project = join(work, "project");
let tarball = "";
let packedFiles: string[] = [];

function run(command: string, args: string[], cwd: string) {
  // npm_config_* variables of the outer `npm test` (such as a dry run) must not leak in.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));
  return spawnSync(command, args, { cwd, encoding: "utf8", env: { ...env, npm_config_update_notifier: "false" }, timeout: 180_000 });
}

describe("npm package", () => {
  before(() => {
    // `npm test` has built dist/ already; --ignore-scripts keeps prepack from rebuilding it
    // while other test files read it.
    const pack = run(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", work], repoRoot);
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, info.filename);
    packedFiles = info.files.map((f) => f.path);
    mkdirSync(project);
    const install = run(npm, ["install", "--offline", "--no-audit", "--no-fund", tarball], project);
    assert.equal(install.status, 0, `npm install of the tarball with no network failed:\n${install.stderr}`);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test("the tarball holds the commands and bundles, not the sources or tests", () => {
    for (const file of ["bin/policy-lens.js", "bin/policy-lens-language-server.js", "dist/cli.js", "dist/server.js", "docs/rules.md", "schemas/policylens.schema.json", "README.md", "LICENSE", "package.json"]) {
      assert.ok(packedFiles.includes(file), `${file} is packed`);
    }
    for (const file of packedFiles) assert.doesNotMatch(file, /^(server|client|test|scripts)\/|\.map$/, `${file} should not be packed`);
    const manifest = JSON.parse(readFileSync(join(project, "node_modules", "policy-lens", "package.json"), "utf8"));
    assert.equal(manifest.private, undefined, "a private package cannot be published for npx");
    assert.deepEqual(manifest.dependencies ?? {}, {}, "the bundles need no runtime dependency");
  });

  test("installs alone: nothing but policy-lens lands in node_modules", () => {
    const installed = readdirSync(join(project, "node_modules")).filter((name) => !name.startsWith("."));
    assert.deepEqual(installed, ["policy-lens"]);
  });

  test("`npx policy-lens check` reports findings in a folder that has only the package", () => {
    writeFileSync(
      join(project, "hosting.md"),
      "---\nkind: contract\n---\n\n# Hosting agreement\n\n## 1. Services\n\n1.1 The Supplier shall host the Customer's records and keep them available.\n\n## 2. Fees\n\n2.1 The Customer shall pay the fees in the order form.\n",
    );
    const text = run(npx, ["--offline", "policy-lens", "check", "hosting.md"], project);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^hosting\.md:\d+:\d+ +warning +No exit strategy.*missing-term\/exit-strategy$/m);
    assert.match(text.stdout, /missing-term\/data-residency/);
    const sarif = run(npx, ["--offline", "policy-lens", "check", "--format", "sarif", "hosting.md"], project);
    assert.equal(sarif.status, 0, sarif.stderr);
    const log = JSON.parse(sarif.stdout);
    assert.deepEqual(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort(), ["missing-term/data-residency", "missing-term/exit-strategy"]);
  });

  test("`policy-lens-language-server --stdio` answers initialize", async () => {
    const bin = join(project, "node_modules", ".bin", "policy-lens-language-server");
    const child = spawn(bin, ["--stdio"], { cwd: project, stdio: ["pipe", "pipe", "inherit"] });
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    let received = "";
    // Killed whatever happens: a server left running would keep the test process alive.
    const reply = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no initialize result; got ${received}`)), 30_000);
      child.stdout.on("data", (d: Buffer) => {
        received += d.toString("utf8");
        if (/"id":1/.test(received) && /"capabilities"/.test(received)) {
          clearTimeout(timer);
          resolve(received);
        }
      });
    }).finally(() => child.kill());
    assert.match(reply, /"textDocumentSync"/);
    assert.match(reply, /"name":"policy-lens"|"serverInfo"/);
  });
});
