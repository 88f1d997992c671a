// The server keeps the full analysis (document model, facts) of only the few most recently
// used documents; every other open document keeps its findings and is analysed again when
// a feature needs more. These tests evict a document's full analysis by opening others,
// then check that every feature answers exactly as it did before the eviction.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol";
import { BASE_CAPABILITIES, applyTextEdits, startServer, type TestClient } from "./lsp/client";

const CONTRACT = readFileSync(join(__dirname, "..", "samples", "contract-chatbot-missing-terms.md"), "utf8");
const NEWS = readFileSync(join(__dirname, "..", "samples", "news-ai-defence-deal.md"), "utf8");
const URI = "file:///work/lazy/contract.md";
/** More than the server keeps full analyses for (FULL_ANALYSES in server.ts). */
const OTHERS = 8;

function positionOf(text: string, needle: string, delta = 0) {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" not in text`);
  const before = text.slice(0, offset + delta);
  return { line: before.split("\n").length - 1, character: before.length - before.lastIndexOf("\n") - 1 };
}

let client: TestClient & { initializeResult: any };
/** The server's window/logMessage lines (verbose trace says when it analyses a document again). */
const logs: string[] = [];

before(async () => {
  client = await startServer(BASE_CAPABILITIES, { policyLens: { trace: { server: "verbose" } } });
  client.connection.onNotification("window/logMessage", (p: { message: string }) => logs.push(p.message));
});
after(async () => {
  if (client.process.exitCode === null) assert.equal(await client.close(), 0);
});

async function open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
  await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version, text } });
  return (await client.diagnostics(uri, version)).diagnostics;
}

/** Opens enough other documents that `uri` is no longer among the most recently analysed. */
async function evict(tag: string): Promise<void> {
  for (let i = 0; i < OTHERS; i++) await open(`file:///work/lazy/${tag}-${i}.md`, i % 2 ? NEWS : `${CONTRACT}\n<!-- ${tag} ${i} -->\n`);
}

const reanalysed = (uri: string) => logs.filter((l) => l.includes(`analysed ${uri} `) && l.includes("again")).length;

/** Every feature that reads a document, as the client sees it. */
async function everything(uri: string, text: string, diagnostics: Diagnostic[]) {
  const request = <T>(method: string, params: object) => client.connection.sendRequest<T>(method, { textDocument: { uri }, ...params });
  const intent = diagnostics.find((d) => d.code === "loophole/intent-test")!;
  const missing = diagnostics.find((d) => d.code === "missing-term/exit-strategy")!;
  assert.ok(intent && missing, "the sample has an intent-test loophole and a missing exit strategy");
  return {
    hoverFinding: await request("textDocument/hover", { position: positionOf(text, "intentionally", 3) }),
    hoverClause: await request("textDocument/hover", { position: positionOf(text, "3.1 The City shall pay", 10) }),
    quickFixes: await request<CodeAction[]>("textDocument/codeAction", { range: intent.range, context: { diagnostics: [intent] } }),
    insertClause: await request<CodeAction[]>("textDocument/codeAction", { range: missing.range, context: { diagnostics: [missing] } }),
    fixAll: await request<CodeAction[]>("textDocument/codeAction", { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ["source.fixAll"] } }),
    symbols: await request("textDocument/documentSymbol", {}),
    folding: await request("textDocument/foldingRange", {}),
    codeLens: await request("textDocument/codeLens", {}),
    // Only the data: a result id is new with every answer.
    tokens: (await request<{ data: number[] }>("textDocument/semanticTokens/full", {})).data,
    tokensRange: (await request<{ data: number[] }>("textDocument/semanticTokens/range", { range: { start: { line: 0, character: 0 }, end: positionOf(text, "intentionally") } })).data,
    clauseLibrary: await client.connection.sendRequest("workspace/executeCommand", { command: "policyLens.insertClause", arguments: [uri] }),
  };
}

test("a document whose full analysis was dropped answers every feature as before, analysing it again once", async () => {
  const diagnostics = await open(URI, CONTRACT);
  const fresh = await everything(URI, CONTRACT, diagnostics);
  assert.ok(fresh.quickFixes.some((a) => a.title.startsWith("Remove the qualifier")), "a real answer to compare against");
  assert.ok(fresh.tokensRange.length > 0 && fresh.tokensRange.length < fresh.tokens.length);
  assert.equal(reanalysed(URI), 0, "answered from the kept analysis");

  await evict("a");
  const again = await everything(URI, CONTRACT, diagnostics);
  assert.deepEqual(again, fresh);
  // The first feature analysed it again; the rest used that analysis.
  assert.equal(reanalysed(URI), 1, logs.filter((l) => l.includes(URI)).join("\n"));
});

test("semantic tokens never analyse a dropped document again: they need only its findings", async () => {
  const uri = "file:///work/lazy/tokens.md";
  await open(uri, CONTRACT);
  const tokens = async () => (await client.connection.sendRequest<{ data: number[] }>("textDocument/semanticTokens/full", { textDocument: { uri } })).data;
  const fresh = await tokens();
  assert.ok(fresh.length > 0);
  await evict("b");
  assert.deepEqual(await tokens(), fresh);
  assert.equal(reanalysed(uri), 0);
});

test("editing a document after its full analysis was dropped: fresh diagnostics, then hovers and fixes on the new text", async () => {
  const uri = "file:///work/lazy/edited.md";
  await open(uri, CONTRACT);
  await evict("c");
  // Delete " intentionally" (the word and the space before it).
  const start = positionOf(CONTRACT, " intentionally");
  const range = { start, end: { line: start.line, character: start.character + " intentionally".length } };
  const text = applyTextEdits(CONTRACT, [{ range, newText: "" }]);
  await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ range, text: "" }] });
  const { diagnostics } = await client.diagnostics(uri, 2);
  const codes = diagnostics.map((d) => String(d.code));
  assert.ok(!codes.includes("loophole/intent-test"), codes.join(", "));
  const conditional = diagnostics.find((d) => d.code === "loophole/conditional-scope")!;
  assert.ok(conditional, codes.join(", "));
  const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>("textDocument/hover", { textDocument: { uri }, position: conditional.range.start });
  assert.match(hover!.contents.value, /\*\*Loophole\*\*/);
  const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: conditional.range, context: { diagnostics: [conditional] } });
  const edit = actions.find((a) => a.title.startsWith("Suppress"))?.edit?.documentChanges?.[0] as { textDocument: { version: number } } | undefined;
  assert.equal(edit?.textDocument.version, 2, "edits are pinned to the edited version");
  assert.ok(text.length < CONTRACT.length);
});
