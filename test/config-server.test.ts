// Project config files in the language server: problems published on the config file,
// the last valid config kept while it is broken, re-linting when it changes on disk.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { BASE_CAPABILITIES, startServer } from "./lsp/client";
import { workspace } from "./helpers";

const CONTRACT = "---\nkind: contract\n---\n\n# Services Agreement\n\n1.1 The Supplier shall provide the Services.\n";

test("config problems are diagnostics on the config file; fixing it on disk re-lints the documents", async (t) => {
  const dir = workspace(t, {
    ".policylens.yaml": "severity:\n  missing-term: error\n",
    "docs/contract.md": CONTRACT,
  });
  const configFile = join(dir, ".policylens.yaml");
  const configUri = pathToFileURL(configFile).href;
  const docUri = pathToFileURL(join(dir, "docs", "contract.md")).href;
  const client = await startServer({ ...BASE_CAPABILITIES, workspace: { ...BASE_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } } }, { policyLens: {} });
  t.after(() => client.close());

  await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: docUri, languageId: "markdown", version: 1, text: CONTRACT } });
  const first = await client.diagnostics(docUri);
  assert.deepEqual(first.diagnostics.map((d) => `${d.code} ${d.severity}`), ["missing-term/data-residency 1", "missing-term/exit-strategy 1"]);

  // Broken on disk: an error at its line on the config file, and the last valid config stays in force.
  writeFileSync(configFile, "severity:\n  missing-term: fatal\n");
  await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: configUri, type: 2 }] });
  const broken = await client.diagnostics(configUri);
  assert.equal(broken.diagnostics.length, 1);
  assert.deepEqual(broken.diagnostics[0].range.start, { line: 1, character: 16 });
  assert.match(broken.diagnostics[0].message, /`severity\.missing-term`: expected one of "error", "warning", "information", "hint"\. Policy Lens keeps using the last valid version/);
  const relinted = await client.diagnostics(docUri);
  assert.deepEqual(relinted.diagnostics.map((d) => d.severity), [1, 1]);

  // Fixed on disk: the config's diagnostics are cleared and the new settings apply.
  writeFileSync(configFile, "severity:\n  missing-term: hint\n");
  await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: configUri, type: 2 }] });
  assert.deepEqual((await client.diagnostics(configUri)).diagnostics, []);
  assert.deepEqual((await client.diagnostics(docUri)).diagnostics.map((d) => d.severity), [4, 4]);
});

test("an ignored document gets no diagnostics", async (t) => {
  const dir = workspace(t, { ".policylens.yml": "ignore: [drafts/]\n", "drafts/contract.md": CONTRACT });
  const client = await startServer(BASE_CAPABILITIES, { policyLens: {} });
  t.after(() => client.close());
  const uri = pathToFileURL(join(dir, "drafts", "contract.md")).href;
  await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: CONTRACT } });
  assert.deepEqual((await client.diagnostics(uri)).diagnostics, []);
});
