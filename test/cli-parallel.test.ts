import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesThatMatter, threadsFor } from "../server/src/cli/parallel";

// The built CLI checks big runs on worker threads (npm test builds dist/ first); its output
// and exit status must be those of a run on one thread, file order included.
const root = join(__dirname, "..");
const cli = join(root, "bin", "policy-lens.js");

function run(dir: string, threads: number, format: string) {
  const r = spawnSync(process.execPath, [cli, "check", "--format", format, "."], { cwd: dir, encoding: "utf8", env: { ...process.env, POLICY_LENS_THREADS: String(threads) }, maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("a run on worker threads reports exactly what a run on one thread does", () => {
  const dir = mkdtempSync(join(tmpdir(), "policy-lens-parallel-"));
  try {
    const samples = readdirSync(join(root, "samples")).filter((f) => f.endsWith(".md"));
    // Enough files and bytes (over 1 MB) for the CLI to start workers; sizes differ so
    // workers finish out of order.
    for (let i = 0; i < 24; i++) {
      const text = readFileSync(join(root, "samples", samples[i % samples.length]), "utf8");
      writeFileSync(join(dir, `doc-${String(i).padStart(2, "0")}.md`), text + `\n\nFiller ${i}.\n`.repeat(400 * (1 + (i % 7))) + text.repeat(20 * (1 + (i % 5))));
    }
    writeFileSync(join(dir, "doc-07b.md"), Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3]));
    writeFileSync(join(dir, "doc-13b.md"), Buffer.from([0xc3, 0x28, 0x41]));
    for (const format of ["json", "text", "sarif"]) {
      const one = run(dir, 1, format);
      const two = run(dir, 2, format);
      assert.ok(one.stdout.length > 1000, one.stderr);
      assert.deepEqual(two, one, format);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("threads: one per 8 MB of input up to the cores, none extra on a busy machine, POLICY_LENS_THREADS over both", () => {
  const MB = 1024 * 1024;
  const idle = { env: {}, load: 0, cores: 2 };
  // The benchmark corpora (4 to 6 MB) run on one thread of a 2-core machine: a worker's warm-up costs more than it saves.
  assert.equal(threadsFor(1000, 4.3 * MB, idle), 1);
  assert.equal(threadsFor(3, 6.1 * MB, idle), 1);
  assert.equal(threadsFor(1053, 15 * MB, idle), 2);
  assert.equal(threadsFor(1053, 15 * MB, { ...idle, load: 2.5 }), 1);
  assert.equal(threadsFor(400, 100 * MB, { env: {}, load: 0, cores: 8 }), 8);
  assert.equal(threadsFor(400, 20 * MB, { env: {}, load: 0, cores: 8 }), 3);
  assert.equal(threadsFor(2, 100 * MB, { env: {}, load: 0, cores: 8 }), 2, "no more threads than files");
  assert.equal(threadsFor(1000, 4.3 * MB, { ...idle, env: { POLICY_LENS_THREADS: "2" } }), 2);
  assert.equal(threadsFor(1000, 15 * MB, { ...idle, env: { POLICY_LENS_THREADS: "1" } }), 1);
  assert.equal(threadsFor(1000, 0.5 * MB, { ...idle, env: { POLICY_LENS_THREADS: "2" } }), 1, "under 1 MB, never");
  // Summing sizes can stop where the answer no longer changes.
  assert.ok(bytesThatMatter(2) >= 8 * MB && bytesThatMatter(2) <= 15 * MB);
  for (const cores of [1, 2, 4, 16]) assert.equal(threadsFor(1000, bytesThatMatter(cores), { env: {}, load: 0, cores }), threadsFor(1000, 1e12, { env: {}, load: 0, cores }));
});
