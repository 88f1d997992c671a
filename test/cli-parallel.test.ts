import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
