// The language server's account in the editor's output channel (policyLens.logLevel): why a
// document was not checked, and at `info` what each check did.
import assert from "node:assert/strict";
import { test } from "node:test";
import { startServer } from "./lsp/client";
import { withKind } from "./helpers";

const CONTRACT = withKind("contract", "## 1. Services\n\n1.1 The Supplier shall host the Council's records.\n");

async function session(logLevel?: string) {
  const settings = { policyLens: { include: ["contracts/**/*.md"], maxFileSize: "1KB", ...(logLevel ? { logLevel } : {}) } };
  const client = await startServer(undefined, settings);
  const logged: string[] = [];
  client.connection.onNotification("window/logMessage", (p: { type: number; message: string }) => logged.push(`${["", "error", "warning", "info", "log"][p.type]} ${p.message}`));
  const open = async (path: string, text: string) => {
    const uri = `file://${path}`;
    await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
    await client.diagnostics(uri);
  };
  await open("/work/contracts/hosting.md", CONTRACT);
  await open("/work/notes/minutes.md", CONTRACT);
  await open("/work/contracts/annex.md", CONTRACT + "x".repeat(2048));
  await client.close();
  return logged.filter((l) => /checked/.test(l));
}

test("at info: each check with its kind, profile, config and counts, and each document not checked with the reason", async () => {
  const logged = await session("info");
  assert.equal(logged.length, 3, logged.join("\n"));
  assert.match(logged[0], /^info checked \/work\/contracts\/hosting\.md \(version 1\) as a contract, profile none \(built-in defaults\), config none: 2 findings \(0 errors, 2 warnings, 0 info\) in \d+ ms$/);
  assert.equal(logged[1], "info not checked /work/notes/minutes.md: matches none of policyLens.include (contracts/**/*.md)");
  assert.match(logged[2], /^warning not checked \/work\/contracts\/annex\.md: file is 2 KB, over the 1 KB limit; not analysed .*\(policyLens\.maxFileSize\)$/);
});

test("by default (warning) only the document that could not be analysed is logged", async () => {
  const logged = await session();
  assert.deepEqual(logged.map((l) => l.split(":")[0]), ["warning not checked /work/contracts/annex.md"]);
});

test("off: nothing", async () => {
  assert.deepEqual(await session("off"), []);
});
