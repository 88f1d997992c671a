// The language server over a real stdio connection: spawned dist/server.js, JSON-RPC messages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CodeAction, Diagnostic, DocumentSymbol, Hover, MarkupContent } from "vscode-languageserver-protocol";
import { ruleDocsUrl } from "../server/src/engine";
import { BASE_CAPABILITIES, SERVER, applyTextEdits, rules, startServer, type TestClient } from "./lsp/client";

const CONTRACT = readFileSync(join(__dirname, "..", "samples", "contract-chatbot-missing-terms.md"), "utf8");
const NEWS = readFileSync(join(__dirname, "..", "samples", "news-ai-defence-deal.md"), "utf8");
const URI = "file:///work/contract.md";

/** Line/character of the first occurrence of `needle` (plus `delta` characters). */
function positionOf(text: string, needle: string, delta = 0) {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" not in text`);
  const before = text.slice(0, offset + delta);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - before.lastIndexOf("\n") - 1 };
}

function open(client: TestClient, uri: string, text: string, version = 1) {
  return client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version, text } });
}

function hoverText(h: Hover | null): string {
  assert.ok(h, "expected a hover");
  return (h.contents as MarkupContent).value;
}

let client: TestClient & { initializeResult: any };
before(async () => {
  client = await startServer(BASE_CAPABILITIES, { policyLens: {} });
});
after(async () => {
  if (client.process.exitCode === null) client.process.kill();
});

test("initialize announces incremental sync and every feature, push diagnostics only", () => {
  const caps = client.initializeResult.capabilities;
  assert.equal(caps.textDocumentSync.change, 2);
  assert.equal(caps.hoverProvider, true);
  assert.deepEqual(caps.codeActionProvider.codeActionKinds, ["quickfix", "source.fixAll.policy-lens"]);
  assert.deepEqual(caps.semanticTokensProvider.legend.tokenTypes, ["policyRedLine", "policyLoophole", "policySovereignty", "policyClaim"]);
  assert.ok(caps.executeCommandProvider.commands.includes("policyLens.insertClause"));
  assert.equal(caps.documentSymbolProvider, true);
  assert.equal(caps.foldingRangeProvider, true);
  assert.equal(caps.diagnosticProvider, undefined, "no pull diagnostics for a client that does not advertise them");
});

test("didOpen publishes diagnostics with rule codes, exact ranges and documentation links", async () => {
  await open(client, URI, CONTRACT);
  const { diagnostics, version } = await client.diagnostics(URI);
  assert.equal(version, 1);
  const codes = rules(diagnostics);
  for (const rule of ["missing-term/exit-strategy", "missing-term/data-residency", "red-line/prohibited-use", "loophole/intent-test", "loophole/conditional-scope"]) {
    assert.ok(codes.includes(rule), `${rule} in ${codes.join(", ")}`);
  }
  const intent = diagnostics.find((d) => d.code === "loophole/intent-test")!;
  assert.deepEqual(intent.range.start, positionOf(CONTRACT, "intentionally"));
  assert.deepEqual(intent.range.end, positionOf(CONTRACT, "intentionally", "intentionally".length));
  assert.equal(intent.source, "policy-lens");
  assert.equal(intent.severity, 2);
  assert.equal(intent.codeDescription!.href, ruleDocsUrl("loophole/intent-test"));
  assert.match(intent.codeDescription!.href, /^https:\/\/.*#loophole.?intent-test$/);
  const exit = diagnostics.find((d) => d.code === "missing-term/exit-strategy")!;
  assert.deepEqual(exit.range.start, positionOf(CONTRACT, "# Citizen Chatbot"));
});

test("incremental edits are re-analysed: removing a qualifier, adding an exit clause; typing is debounced", async () => {
  const uri = "file:///work/edits.md";
  await open(client, uri, CONTRACT);
  const staleIntent = (await client.diagnostics(uri)).diagnostics.find((d) => d.code === "loophole/intent-test")!;
  let text = CONTRACT;
  const change = async (version: number, range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string) => {
    text = applyTextEdits(text, [{ range, newText }]);
    await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
  };
  // Delete " intentionally" (the word and the space before it).
  await change(2, { start: positionOf(text, " intentionally"), end: positionOf(text, " intentionally", 14) }, "");
  let published = await client.diagnostics(uri, 2);
  assert.equal(published.version, 2);
  assert.ok(!rules(published.diagnostics).includes("loophole/intent-test"));
  assert.ok(rules(published.diagnostics).includes("red-line/prohibited-use"), "the red line itself stays");
  // A client still holding the version-1 diagnostic gets fixes for the current text, pinned to version 2.
  const stale = (await client.diagnostics(uri, -Infinity, 10).catch(() => undefined)) ?? undefined;
  assert.equal(stale, undefined, "nothing published for superseded versions");
  const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri },
    range: { start: positionOf(text, "to monitor"), end: positionOf(text, "to monitor", 2) },
    context: { diagnostics: [staleIntent] },
  });
  assert.ok(!actions.some((a) => a.title.includes("intentionally")), actions.map((a) => a.title).join(" | "));
  assert.ok(actions.every((a) => (a.edit!.documentChanges![0] as { textDocument: { version: number } }).textDocument.version === 2));

  // Type an exit clause at the end, in three quick keystrokes: only the last version is analysed.
  const end = () => positionOf(text, "the claim.", 10);
  await change(3, { start: end(), end: end() }, "\n\n## 5. Exit\n\n5.1 On termination the Supplier shall ");
  await change(4, { start: end(), end: end() }, "");
  const tail = text.length;
  const lastLine = text.split("\n").length - 1;
  const at = { line: lastLine, character: tail - text.lastIndexOf("\n") - 1 };
  await change(5, { start: at, end: at }, "provide transition assistance and return all data.");
  published = await client.diagnostics(uri, 3);
  assert.equal(published.version, 5, "versions 3 and 4 were superseded before the debounce ran");
  assert.ok(!rules(published.diagnostics).includes("missing-term/exit-strategy"));
  assert.ok(rules(published.diagnostics).includes("missing-term/data-residency"));
});

test("hover on a finding explains it, what it leaves open, its reference and its fix, without repeating the message", async () => {
  const h = await client.connection.sendRequest<Hover | null>("textDocument/hover", { textDocument: { uri: URI }, position: positionOf(CONTRACT, "intentionally", 3) });
  const value = hoverText(h);
  assert.match(value, /\*\*Loophole\*\* · `loophole\/intent-test`/);
  // The editor shows the diagnostic's message ('Loophole: intent test "intentionally". …') itself.
  assert.doesNotMatch(value, /intent test "intentionally"/);
  assert.match(value, /\*\*Why it matters:\*\* An intent qualifier/);
  // Nor its last sentence, what the loophole leaves open; the red line's part names the loophole that weakens it.
  assert.doesNotMatch(value, /Use that is incidental/);
  assert.match(value, /\*\*Red line\*\* · `red-line\/prohibited-use`\n\n\*\*Why it matters:\*\*[^]*\*\*Left open:\*\* weakened by “intentionally”/);
  assert.match(value, /\*\*Reference:\*\* \[EU AI Act[^\]]*\]\(https:\/\//);
  assert.match(value, /\*\*Fix:\*\* Remove the qualifier “intentionally”/);
  assert.deepEqual(h!.range!.start, positionOf(CONTRACT, "intentionally"));
});

test("hover on a clause without findings gives its number, section and terms", async () => {
  const h = await client.connection.sendRequest<Hover | null>("textDocument/hover", { textDocument: { uri: URI }, position: positionOf(CONTRACT, "3.1 The City shall pay", 10) });
  const value = hoverText(h);
  assert.match(value, /^\*\*Clause 3\.1\*\* — The City shall pay/);
  assert.match(value, /in section “3\. Charges”/);
  assert.match(value, /Covers no sovereignty term/);
});

test("the missing-exit quick fix inserts a numbered clause with a versioned edit, and the finding goes away", async () => {
  const uri = "file:///work/fix-exit.md";
  await open(client, uri, CONTRACT, 7);
  const { diagnostics } = await client.diagnostics(uri);
  const missing = diagnostics.find((d) => d.code === "missing-term/exit-strategy")!;
  const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } });
  const insert = actions.find((a) => a.title.startsWith("Insert section “Exit management”"));
  assert.ok(insert, `actions: ${actions.map((a) => a.title).join(" | ")}`);
  assert.equal(insert.kind, "quickfix");
  assert.equal(insert.isPreferred, true);
  const docEdit = insert.edit!.documentChanges![0] as { textDocument: { uri: string; version: number }; edits: any[] };
  assert.deepEqual(docEdit.textDocument, { uri, version: 7 });
  assert.ok(actions.some((a) => a.title === "Suppress missing-term/exit-strategy on this line"));
  assert.ok(actions.some((a) => a.title === "Suppress missing-term/exit-strategy in this file"));

  const fixed = applyTextEdits(CONTRACT, docEdit.edits);
  // The sample's parties are "the Supplier" and "the City"; it names no start date, which is left to choose.
  assert.match(fixed, /\n## 5\. Exit management\n\n5\.1 Within \[\[three months\]\] of the \[\[Effective Date\]\] the Supplier shall deliver an exit plan/);
  assert.match(fixed, /transition assistance to the City or a successor supplier, return all City Data/);
  assert.ok(fixed.startsWith(CONTRACT.trimEnd()), "nothing before the insertion changed");
  await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 8 }, contentChanges: docEdit.edits.map((e) => ({ range: e.range, text: e.newText })) });
  const after = await client.diagnostics(uri, 8);
  const codes = rules(after.diagnostics);
  assert.ok(!codes.includes("missing-term/exit-strategy"), codes.join(", "));
  assert.ok(codes.includes("missing-term/data-residency"));
  assert.equal(codes.filter((c) => c === "document/placeholder").length, 3, "one warning per unfilled [[…]] marker: three months, Effective Date, twelve months");
});

const FIX_ALL_REQUEST = (uri: string) => ({
  textDocument: { uri },
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  context: { diagnostics: [], only: ["source.fixAll"] },
});

test("fix-all on save edits no word of a contract or a news note: there is no fix-all action for them", async () => {
  const newsUri = "file:///work/news-fix-all.md";
  await open(client, newsUri, NEWS);
  for (const uri of [URI, newsUri]) {
    const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", FIX_ALL_REQUEST(uri));
    assert.deepEqual(actions, [], `${uri}: ${actions.map((a) => a.title).join(" | ")}`);
  }
});

test("fix-all is a versioned source action that removes only an unused suppression comment", async () => {
  const uri = "file:///work/fix-all-suppression.md";
  const text = CONTRACT.replace("3.1 The City shall pay", "<!-- policy-lens-disable-next-line claim -->\n3.1 The City shall pay");
  await open(client, uri, text, 3);
  const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", FIX_ALL_REQUEST(uri));
  assert.equal(actions.length, 1);
  assert.equal(actions[0].kind, "source.fixAll.policy-lens");
  const docEdit = actions[0].edit!.documentChanges![0] as { textDocument: { version: number }; edits: any[] };
  assert.equal(docEdit.textDocument.version, 3);
  assert.equal(applyTextEdits(text, docEdit.edits), CONTRACT);
});

test("code actions are computed on the text the client last sent, even under a reused version number (F2)", async () => {
  const uri = "file:///work/same-version.md";
  await open(client, uri, CONTRACT, 5);
  await client.diagnostics(uri, 5);
  // New text, same version: a didChange that does not bump it, then a second didOpen.
  const changed = CONTRACT.replace("## 1. Services", "## 1. Services\n\n1.0 The Supplier shall keep a register of every request it receives from any public body.");
  await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 5 }, contentChanges: [{ text: changed }] });
  const reopened = changed.replace("2.2 The Services", "2.3 The Services shall not be used for emotion recognition.\n\n2.2 The Services");
  for (const text of [changed, reopened]) {
    if (text === reopened) await open(client, uri, reopened, 5);
    const at = positionOf(text, "intentionally");
    const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [] } });
    const remove = actions.find((a) => a.title === "Remove the qualifier “intentionally”");
    assert.ok(remove, actions.map((a) => a.title).join(" | "));
    const edits = (remove.edit!.documentChanges![0] as { edits: any[] }).edits;
    assert.equal(applyTextEdits(text, edits), text.replace("to intentionally monitor", "to monitor"));
  }
});

test("document symbols nest sections and clauses and mark red lines and missing terms", async () => {
  const symbols = await client.connection.sendRequest<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: URI } });
  assert.equal(symbols.length, 1);
  const title = symbols[0];
  assert.equal(title.name, "Citizen Chatbot Services Order");
  assert.match(title.detail ?? "", /data residency missing · exit strategy missing/);
  assert.deepEqual(title.children!.map((s) => s.name), ["1. Services", "2. Permitted use", "3. Charges", "4. Liability"]);
  const use = title.children![1];
  assert.deepEqual(use.children!.map((c) => c.name), ["2.1 The City may use the Services for all lawful purposes.", "2.2 The Services will not be used to intentionally monitor…"]);
  assert.match(use.children![1].detail ?? "", /^red line · 2 loopholes$/);
});

test("folding ranges cover the sections", async () => {
  const ranges = await client.connection.sendRequest<{ startLine: number; endLine: number }[]>("textDocument/foldingRange", { textDocument: { uri: URI } });
  const services = positionOf(CONTRACT, "## 1. Services").line;
  const permitted = positionOf(CONTRACT, "## 2. Permitted use").line;
  assert.ok(ranges.some((r) => r.startLine === services && r.endLine === permitted - 2), JSON.stringify(ranges));
});

test("the code lens above the title summarises the document", async () => {
  const lenses = await client.connection.sendRequest<{ range: any; command: { title: string } }[]>("textDocument/codeLens", { textDocument: { uri: URI } });
  assert.equal(lenses.length, 1);
  assert.equal(lenses[0].range.start.line, positionOf(CONTRACT, "# Citizen Chatbot").line);
  assert.equal(lenses[0].command.title, "1 red line · 3 loopholes · data residency missing · exit strategy missing");
});

test("semantic tokens mark loopholes inside the red line, full and by range", async () => {
  const full = await client.connection.sendRequest<{ data: number[] }>("textDocument/semanticTokens/full", { textDocument: { uri: URI } });
  assert.ok(full.data.length > 0 && full.data.length % 5 === 0);
  const decoded: { line: number; character: number; length: number; type: number }[] = [];
  for (let i = 0, line = 0, character = 0; i < full.data.length; i += 5) {
    line += full.data[i];
    character = full.data[i] ? full.data[i + 1] : character + full.data[i + 1];
    decoded.push({ line, character, length: full.data[i + 2], type: full.data[i + 3] });
  }
  const intent = positionOf(CONTRACT, "intentionally");
  assert.ok(decoded.some((t) => t.line === intent.line && t.character === intent.character && t.length === 13 && t.type === 1), "policyLoophole on “intentionally”");
  assert.ok(decoded.some((t) => t.line === intent.line && t.type === 0), "policyRedLine around it");
  const range = await client.connection.sendRequest<{ data: number[] }>("textDocument/semanticTokens/range", {
    textDocument: { uri: URI },
    range: { start: { line: 0, character: 0 }, end: { line: intent.line - 1, character: 0 } },
  });
  assert.ok(range.data.length < full.data.length);
});

test("policyLens.insertClause applies a versioned clause insertion through workspace/applyEdit", async () => {
  const applied = await client.connection.sendRequest<boolean>("workspace/executeCommand", { command: "policyLens.insertClause", arguments: [URI, "data-residency"] });
  assert.equal(applied, true);
  const request = client.appliedEdits.pop() as { edit: { documentChanges: { textDocument: { version: number }; edits: any[] }[] } };
  assert.equal(request.edit.documentChanges[0].textDocument.version, 1);
  assert.match(applyTextEdits(CONTRACT, request.edit.documentChanges[0].edits), /## 5\. Data location\n\n5\.1 The Supplier shall store and process all City Data/);
  const library = await client.connection.sendRequest<{ term: string }[]>("workspace/executeCommand", { command: "policyLens.insertClause", arguments: [] });
  assert.ok(library.some((t) => t.term === "exit-strategy"));
});

test("settings changes apply without a restart: severity overrides, then disable", async () => {
  client.settings.policyLens = { severity: { loophole: "error", "red-line/prohibited-use": "off" } };
  await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
  let { diagnostics } = await client.diagnostics(URI);
  assert.ok(diagnostics.filter((d) => String(d.code).startsWith("loophole/")).every((d) => d.severity === 1));
  assert.ok(!rules(diagnostics).includes("red-line/prohibited-use"));
  client.settings.policyLens = { enable: false };
  await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
  ({ diagnostics } = await client.diagnostics(URI));
  assert.deepEqual(diagnostics, []);
  client.settings.policyLens = { include: ["contracts/**/*.md"] };
  await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
  ({ diagnostics } = await client.diagnostics(URI));
  assert.deepEqual(diagnostics, [], "file:///work/contract.md is outside contracts/");
  client.settings.policyLens = { profile: "eu-public-sector" };
  await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
  ({ diagnostics } = await client.diagnostics(URI));
  assert.ok(rules(diagnostics).includes("missing-term/data-protection"), "the profile requires more terms");
  client.settings.policyLens = {};
  await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
  ({ diagnostics } = await client.diagnostics(URI));
  assert.ok(diagnostics.length > 0);
  assert.ok(!rules(diagnostics).includes("missing-term/data-protection"));
});

test("news notes get claim diagnostics and a claim fix that adds a numbered footnote", async () => {
  const uri = "file:///work/news.md";
  await open(client, uri, NEWS);
  const { diagnostics } = await client.diagnostics(uri);
  const claim = diagnostics.find((d) => d.code === "claim/retracted")!;
  assert.ok(claim);
  const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: claim.range, context: { diagnostics: [claim] } });
  const footnote = actions.find((a) => a.title === "Add a source footnote [^1]");
  assert.ok(footnote, actions.map((a) => a.title).join(" | "));
  const fixed = applyTextEdits(NEWS, (footnote.edit!.documentChanges![0] as { edits: any[] }).edits);
  assert.match(fixed, /only unclassified systems were in scope\.\[\^1\]/);
  assert.match(fixed, /\n\n\[\^1\]: Source: \[\[source\]\]\n$/);
  assert.ok(actions.some((a) => a.title === "Mark the claim as verified"));
});

test("a document over 5 MB gets one diagnostic instead of analysis", async () => {
  const uri = "file:///work/huge.md";
  const huge = "# Huge\n\n" + "The Supplier shall not use the data for mass surveillance. ".repeat(95_000);
  await open(client, uri, huge);
  const { diagnostics } = await client.diagnostics(uri, -Infinity, 20000);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].code, "document/skipped");
  assert.match(diagnostics[0].message, /over the 5\.0 MB limit/);
});

test("handlers answer empty for unknown documents instead of failing", async () => {
  const unknown = { textDocument: { uri: "file:///work/not-open.md" } };
  assert.equal(await client.connection.sendRequest("textDocument/hover", { ...unknown, position: { line: 0, character: 0 } }), null);
  assert.deepEqual(await client.connection.sendRequest("textDocument/documentSymbol", unknown), []);
  assert.equal(await client.connection.sendRequest("workspace/executeCommand", { command: "policyLens.insertClause", arguments: ["file:///work/not-open.md", "exit-strategy"] }), false);
});

test("shutdown and exit end the process cleanly", async () => {
  assert.equal(await client.close(), 0);
});


const LARGE_CONTRACT =
  "# Large Services Agreement\n\n" +
  Array.from(
    { length: 1600 },
    (_, i) => `## ${i + 1}. Use of the Service\n\n${i + 1}.1 The Supplier shall not intentionally use the Service for mass surveillance of citizens.\n\n${i + 1}.2 The Supplier shall keep records of every request it receives under this Agreement.\n\n`,
  ).join("");
const key = (d: Diagnostic) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

/** The preview's diagnostics are the whole analysis's in the lines it covers, without missing terms. */
function assertPreviewOf(preview: Diagnostic[], whole: Diagnostic[]) {
  const lastLine = Math.max(...preview.map((d) => d.range.end.line));
  assert.ok(preview.length > 20 && preview.length < whole.length / 2, `${preview.length} of ${whole.length}`);
  assert.ok(lastLine < LARGE_CONTRACT.split("\n").length / 2);
  assert.ok(!rules(preview).some((r) => r.startsWith("missing-term/")));
  assert.ok(rules(whole).includes("missing-term/exit-strategy"));
  const inPreview = whole.filter((d) => d.range.end.line <= lastLine && !String(d.code).startsWith("missing-term/"));
  assert.deepEqual(preview.map(key), inPreview.map(key));
}

test("edits sent in bursts (several changes per notification, several notifications per analysis) give the diagnostics of the text opened afresh", async () => {
  const burst = await startServer(BASE_CAPABILITIES, { policyLens: {} });
  try {
    const uri = "file:///work/burst.md";
    let text = CONTRACT;
    await open(burst, uri, text);
    await burst.diagnostics(uri, 1);
    // Each notification: an insertion, then a deletion near the start (its range in the text
    // after the insertion). Two bursts: the second is analysed from the first's chunks.
    const inserts = ["\n\n## 9. Exit\n\n9.1 The Supplier shall provide an exit plan and data export on termination.\n", " reportedly", "\n- The Supplier shall not monitor residents.\n"];
    let version = 1;
    let edited: Awaited<ReturnType<typeof burst.diagnostics>> | undefined;
    for (let round = 0; round < 2; round++) {
      for (let k = 0; k < 3; k++) {
        version++;
        const at = k === 0 && round === 0 ? text.length : 300 + 40 * k + 500 * round;
        const where = at === text.length ? { line: text.split("\n").length - 1, character: text.length - text.lastIndexOf("\n") - 1 } : positionOf(text, text.slice(at, at + 30));
        const insert = { range: { start: where, end: where }, text: inserts[k] };
        text = text.slice(0, at) + inserts[k] + text.slice(at);
        const cut = 40 + k + 20 * round;
        const remove = { range: { start: positionOf(text, text.slice(cut, cut + 30)), end: positionOf(text, text.slice(cut + 3, cut + 33)) }, text: "" };
        text = text.slice(0, cut) + text.slice(cut + 3);
        await burst.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [insert, remove] });
      }
      edited = await burst.diagnostics(uri, version);
      const fresh = `file:///work/burst-fresh-${round}.md`;
      await open(burst, fresh, text);
      const expected = await burst.diagnostics(fresh, 1);
      assert.deepEqual(edited.diagnostics.map(key), expected.diagnostics.map(key), `round ${round}`);
    }
    edited = edited!;
    assert.ok(!rules(edited.diagnostics).includes("missing-term/exit-strategy"), rules(edited.diagnostics).join(" "));
  } finally {
    assert.equal(await burst.close(), 0);
  }
});

test("a large document just opened shows the findings of its beginning first, then all of them", async () => {
  assert.ok(LARGE_CONTRACT.length > 300_000);
  const client = await startServer(BASE_CAPABILITIES, { policyLens: {} });
  const uri = "file:///work/large.md";
  await open(client, uri, LARGE_CONTRACT);
  const preview = await client.diagnostics(uri, 1);
  const whole = await client.diagnostics(uri, 1);
  assert.equal(preview.version, 1);
  assert.equal(whole.version, 1);
  assertPreviewOf(preview.diagnostics, whole.diagnostics);
  // Edited, it is analysed whole at once.
  await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, text: "Very " }] });
  const edited = await client.diagnostics(uri, 2);
  assert.equal(edited.diagnostics.length, whole.diagnostics.length);
  assert.equal(await client.close(), 0);
});

test("pull diagnostics when the client advertises them, and nothing pushed", async () => {
  const pull = await startServer({ ...BASE_CAPABILITIES, textDocument: { ...BASE_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } }, workspace: { ...BASE_CAPABILITIES.workspace, diagnostics: { refreshSupport: true } } }, { policyLens: {} });
  try {
    assert.deepEqual(pull.initializeResult.capabilities.diagnosticProvider, { identifier: "policy-lens", interFileDependencies: false, workspaceDiagnostics: true }); // closed files: test/workspace.test.ts
    await open(pull, URI, CONTRACT);
    const report = await pull.connection.sendRequest<{ kind: string; resultId: string; items: Diagnostic[] }>("textDocument/diagnostic", { textDocument: { uri: URI } });
    assert.equal(report.kind, "full");
    assert.ok(rules(report.items).includes("missing-term/exit-strategy"));
    const again = await pull.connection.sendRequest<{ kind: string }>("textDocument/diagnostic", { textDocument: { uri: URI }, previousResultId: report.resultId });
    assert.equal(again.kind, "unchanged");
    await assert.rejects(pull.diagnostics(URI, -Infinity, 500), /no diagnostics/);

    // A large document: a preview first, then (after the server asks for a refresh) the whole.
    const large = "file:///work/large-pull.md";
    await open(pull, large, LARGE_CONTRACT);
    type Report = { kind: string; resultId: string; items: Diagnostic[] };
    const first = await pull.connection.sendRequest<Report>("textDocument/diagnostic", { textDocument: { uri: large } });
    assert.equal(first.resultId, "preview:1");
    let whole = first;
    for (let tries = 0; whole.resultId.startsWith("preview") && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      whole = await pull.connection.sendRequest<Report>("textDocument/diagnostic", { textDocument: { uri: large }, previousResultId: first.resultId });
    }
    assert.equal(whole.kind, "full");
    assertPreviewOf(first.items, whole.items);
  } finally {
    assert.equal(await pull.close(), 0);
  }
});

test("a bare client (no configuration, no documentChanges, no hierarchical symbols) still works", async () => {
  const bare = await startServer({}, {});
  try {
    await open(bare, URI, CONTRACT);
    const { diagnostics } = await bare.diagnostics(URI);
    assert.ok(rules(diagnostics).includes("loophole/intent-test"));
    const actions = await bare.connection.sendRequest<{ title: string; command: string; arguments: any[] }[]>("textDocument/codeAction", {
      textDocument: { uri: URI },
      range: diagnostics.find((d) => d.code === "loophole/intent-test")!.range,
      context: { diagnostics: [] },
    });
    const remove = actions.find((a) => a.title === "Remove the qualifier “intentionally”")!;
    assert.equal(remove.command, "policyLens.applyEdit", "commands stand in for code action literals");
    assert.ok(remove.arguments[1].changes[URI], "a plain changes map without documentChanges support");
    const symbols = await bare.connection.sendRequest<{ name: string; containerName?: string }[]>("textDocument/documentSymbol", { textDocument: { uri: URI } });
    assert.ok(symbols.some((s) => s.name.startsWith("2.2") && s.containerName === "2. Permitted use"));
    assert.equal(bare.stderr(), "");
  } finally {
    assert.equal(await bare.close(), 0);
  }
});

test("the IPC transport (--node-ipc) initializes and publishes diagnostics", async () => {
  const { fork } = await import("node:child_process");
  const { IPCMessageReader, IPCMessageWriter, createMessageConnection } = await import("vscode-jsonrpc/node");
  const child = fork(SERVER, ["--node-ipc"], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const published = new Promise<{ uri: string; diagnostics: Diagnostic[] }>((resolve) => connection.onNotification("textDocument/publishDiagnostics", resolve));
  connection.listen();
  try {
    const init = await connection.sendRequest<{ capabilities: { hoverProvider: boolean } }>("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
    assert.equal(init.capabilities.hoverProvider, true);
    await connection.sendNotification("initialized", {});
    await connection.sendNotification("textDocument/didOpen", { textDocument: { uri: URI, languageId: "markdown", version: 1, text: CONTRACT } });
    const { diagnostics } = await published;
    assert.ok(rules(diagnostics).includes("missing-term/exit-strategy"));
    await connection.sendRequest("shutdown");
    await connection.sendNotification("exit");
    const code = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", resolve)));
    assert.equal(code, 0);
  } finally {
    connection.dispose();
    if (child.exitCode === null) child.kill();
  }
});

test("a client with snippet edits (LSP 3.18) gets tab stops instead of [[…]] markers", async () => {
  const capabilities = { ...BASE_CAPABILITIES, workspace: { ...BASE_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, snippetEditSupport: true } } };
  const snippets = await startServer(capabilities as typeof BASE_CAPABILITIES, { policyLens: {} });
  try {
    await open(snippets, URI, CONTRACT);
    const { diagnostics } = await snippets.diagnostics(URI);
    const missing = diagnostics.find((d) => d.code === "missing-term/exit-strategy")!;
    const actions = await snippets.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: URI }, range: missing.range, context: { diagnostics: [missing] } });
    const insert = actions.find((a) => a.title.startsWith("Insert section “Exit management”"))!;
    const edit = (insert.edit!.documentChanges![0] as { edits: { snippet?: { kind: string; value: string }; newText?: string }[] }).edits[0];
    assert.equal(edit.snippet?.kind, "snippet");
    assert.match(edit.snippet!.value, /## 5\. Exit management\n\n5\.1 Within \$\{1:three months\} of the \$\{4:Effective Date\} the Supplier shall/);
    assert.ok(!edit.snippet!.value.includes("[["));
    const intent = diagnostics.find((d) => d.code === "loophole/intent-test")!;
    const loopholeActions = await snippets.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: URI }, range: intent.range, context: { diagnostics: [] } });
    const plain = loopholeActions.find((a) => a.title.startsWith("Remove the qualifier"))!;
    assert.equal((plain.edit!.documentChanges![0] as { edits: { newText: string }[] }).edits[0].newText, "", "other fixes stay plain text edits");
  } finally {
    assert.equal(await snippets.close(), 0);
  }
});

test("an unknown policyLens.profile setting shows a warning in the editor, once, with the nearest known profile", async () => {
  const typo = await startServer(BASE_CAPABILITIES, { policyLens: { profile: "dora-finacial" } });
  try {
    await open(typo, URI, CONTRACT);
    await typo.diagnostics(URI);
    await open(typo, "file:///work/second.md", CONTRACT);
    await typo.diagnostics("file:///work/second.md");
    const warnings = typo.shownMessages.filter((m) => m.type === 2);
    assert.equal(warnings.length, 1, JSON.stringify(typo.shownMessages));
    assert.match(warnings[0].message, /Unknown profile `dora-finacial` — did you mean `dora-financial`\?/);
  } finally {
    assert.equal(await typo.close(), 0);
  }
});
