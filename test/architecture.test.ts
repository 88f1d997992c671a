import { test } from "node:test";
import assert from "node:assert/strict";
import { build } from "esbuild";
import { join } from "node:path";

const root = join(__dirname, "..");

test("the engine bundles for a browser worker: no Node, editor or LSP APIs", async () => {
  const result = await build({
    entryPoints: [join(root, "server/src/engine/index.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs);
  const forbidden = inputs.filter((p) => /vscode-languageserver|vscode-jsonrpc|node_modules\/vscode\b/.test(p));
  assert.deepEqual(forbidden, [], "the engine must not depend on editor or LSP packages");
  const engine = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString("base64")}`);
  const analysis = engine.analyze("---\nkind: contract\n---\n\n# T\n\nThe Supplier shall not use the Service for mass surveillance.\n");
  assert.ok(analysis.findings.some((f: { category: string }) => f.category === "red-line"));
});

test("ARCHITECTURE.md's table of check types is the registry's: every type, its module and what it reads", async () => {
  const { readFileSync, existsSync } = await import("node:fs");
  const { CHECK_TYPES } = await import("../server/src/engine/checks/registry");
  const text = readFileSync(join(root, "ARCHITECTURE.md"), "utf8");
  const rows = new Map<string, { module: string; reads: string[] }>();
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    const check = /^`([a-z-]+)`$/.exec(cells[1] ?? "")?.[1];
    const module = /^`(checks\/[A-Za-z]+\.ts)`$/.exec(cells[2] ?? "")?.[1];
    if (!check || !module) continue;
    rows.set(check, { module, reads: [...(cells[4] ?? "").matchAll(/`([a-z-]+)`/g)].map((m) => m[1]) });
  }
  assert.deepEqual([...rows.keys()].sort(), CHECK_TYPES.map((type) => type.check).sort(), "one row per registered check type");
  for (const type of CHECK_TYPES) {
    const row = rows.get(type.check)!;
    assert.ok(existsSync(join(root, "server/src/engine", row.module)), `${row.module} exists`);
    assert.deepEqual(row.reads.slice().sort(), [...type.reads].sort(), `${type.check}: the reads in the table are the registry's`);
  }
});
