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
