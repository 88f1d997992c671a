// The language server's limits come from the policyLens.maxFileSize and
// policyLens.timeBudgetMs settings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_SETTINGS, normalizeSettings } from "../server/src/lsp/settings";
import { startServer } from "./lsp/client";

test("a document over policyLens.maxFileSize gets one warning and no other diagnostics", async () => {
  const client = await startServer(undefined, { policyLens: { maxFileSize: "1KB" } });
  try {
    const uri = "file:///work/long.md";
    const text = "# Services Agreement\n\n" + "1.1 The Supplier shall not use the Service for mass surveillance of citizens.\n\n".repeat(20);
    await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
    const { diagnostics } = await client.diagnostics(uri, 1, 30_000);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.message]),
      [["document/skipped", 2, "Not analysed: file is 2 KB, over the 1 KB limit; not analysed (raise the maximum file size to include it)."]],
    );
  } finally {
    await client.close();
  }
});

test("the size and time settings accept the CLI's forms and keep safe defaults for anything else", () => {
  assert.equal(normalizeSettings({ maxFileSize: "10MB" }).maxFileSize, 10 * 1024 * 1024);
  assert.equal(normalizeSettings({ maxFileSize: "512 KB" }).maxFileSize, 512 * 1024);
  assert.equal(normalizeSettings({ maxFileSize: 2048 }).maxFileSize, 2048);
  assert.equal(normalizeSettings({ maxFileSize: "huge" }).maxFileSize, DEFAULT_SETTINGS.maxFileSize);
  assert.equal(normalizeSettings({ maxFileSize: -1 }).maxFileSize, DEFAULT_SETTINGS.maxFileSize);
  assert.equal(normalizeSettings({ timeBudgetMs: 2500 }).timeBudgetMs, 2500);
  assert.equal(normalizeSettings({ timeBudgetMs: 0 }).timeBudgetMs, 100, "a budget too small to analyse anything is raised to 100 ms");
  assert.equal(normalizeSettings({ timeBudgetMs: "fast" }).timeBudgetMs, DEFAULT_SETTINGS.timeBudgetMs);
  assert.deepEqual([DEFAULT_SETTINGS.maxFileSize, DEFAULT_SETTINGS.timeBudgetMs], [5 * 1024 * 1024, 10_000]);
});

test("an include glob that cannot be compiled is dropped instead of failing every check", () => {
  assert.deepEqual(normalizeSettings({ include: ["docs/{a", "contracts/**/*.md"] }).include, ["contracts/**/*.md"]);
});
