// Published diagnostics encoded from the previous publish's bytes (server/src/lsp/diagnosticsWire.ts):
// the bytes are always those of the plain message, groups are reused where nothing changed,
// and code actions find a diagnostic's finding by its code and range after edits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { PassThrough, Readable } from "node:stream";
import { join } from "node:path";
import fc from "fast-check";
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type Diagnostic, type Message, type PublishDiagnosticsParams } from "vscode-languageserver/node";
import { LineIndex, analyze, builtinRules, fixesFor, type Finding, type Severity } from "../server/src/engine";
import { codeActions } from "../server/src/lsp/codeActions";
import { toDiagnostic } from "../server/src/lsp/convert";
import { DiagnosticsWire, MIN_KEPT_DIAGNOSTICS, PartsMessageWriter, messageParts, type PreparedDiagnostics } from "../server/src/lsp/diagnosticsWire";
import { BASE_CAPABILITIES, SERVER, applyTextEdits, startServer } from "./lsp/client";
import { contract } from "../scripts/bench/corpus.mjs";

const CONTRACT = readFileSync(join(__dirname, "..", "samples", "contract-chatbot-missing-terms.md"), "utf8");
// Quotes and the key's own text in the URI: the encoder must still find the diagnostics list.
const URI = 'file:///work/"diagnostics":[]/contract.md';
const METHOD = "textDocument/publishDiagnostics";

function notification(params: PublishDiagnosticsParams | PreparedDiagnostics): Message {
  return { jsonrpc: "2.0", method: METHOD, params } as Message;
}

async function encode(params: PreparedDiagnostics): Promise<Buffer> {
  return Buffer.concat(messageParts(notification(params)));
}

/** The bytes vscode-jsonrpc's default encoder gives the plain message. */
function plainBytes(uri: string, version: number | undefined, findings: readonly Finding[], lines: LineIndex): Buffer {
  const diagnostics = findings.map((f) => toDiagnostic(f, lines));
  return Buffer.from(JSON.stringify(notification({ uri, version, diagnostics })), "utf8");
}

async function assertPlain(prepared: PreparedDiagnostics, findings: readonly Finding[], lines: LineIndex): Promise<Buffer> {
  const bytes = await encode(prepared);
  const expected = plainBytes(prepared.uri, prepared.version, findings, lines);
  assert.equal(bytes.toString("utf8"), expected.toString("utf8"));
  assert.ok(bytes.equals(expected));
  const params = { uri: prepared.uri, version: prepared.version, diagnostics: findings.map((f) => toDiagnostic(f, lines)) };
  assert.deepEqual(JSON.parse(bytes.toString("utf8")).params, JSON.parse(JSON.stringify(params)));
  // Over Node IPC and in traces the prepared params serialise through toJSON.
  assert.equal(JSON.stringify(prepared), JSON.stringify(params));
  return bytes;
}

// ---------------------------------------------------------------------------------------
// A model of a document being typed in: text, and findings that move with it.

const RULES = ["loophole/intent-test", "red-line/prohibited-use", "acme/retention", "acme/unreferenced"];
const SEVERITIES: Severity[] = ["error", "warning", "information", "hint"];
const MESSAGES = ["Intent test “intentionally”.", 'Says "may" — a permission.', "Line\u2028separator and \\ backslash", "😀 plain"];

function finding(rule: number, severity: number, message: number, start: number, end: number): Finding {
  const code = RULES[rule % RULES.length];
  return {
    rule: code,
    category: "loophole",
    severity: SEVERITIES[severity % SEVERITIES.length],
    message: MESSAGES[message % MESSAGES.length],
    start,
    end,
    reference: code === "acme/retention" ? { title: "Acme", url: "https://example.org/acme#retention" } : undefined,
  };
}

const byOffset = (a: Finding, b: Finding) => a.start - b.start || a.end - b.end;

const editArbitrary = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.integer({ min: 0, max: 12 }),
  insert: fc.constantFrom("", "x", "word ", "\n", "\r\n", "line\nline", "—"),
  // Findings appearing near the edit, and one finding elsewhere changing.
  appear: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: -20, max: 20 }), fc.nat({ max: 15 })), { maxLength: 3 }),
  change: fc.option(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), fc.nat()), { nil: undefined }),
  unversioned: fc.boolean(),
});

const documentArbitrary = fc.record({
  lines: fc.array(fc.constantFrom("", "a", "The Supplier shall not", "x".repeat(40), "😀 emoji"), { minLength: 1, maxLength: 60 }),
  findings: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 30 })), { maxLength: 80 }),
  groupSize: fc.integer({ min: 1, max: 9 }),
  edits: fc.array(editArbitrary, { minLength: 1, maxLength: 12 }),
});

test("over random edits (line breaks added and removed, findings appearing and disappearing) the bytes are the plain message's", async () => {
  await fc.assert(
    fc.asyncProperty(documentArbitrary, async (doc) => {
      let text = doc.lines.join("\n");
      const clamp = (x: number) => Math.max(0, Math.min(text.length, x));
      let findings = doc.findings.map(([r, s, m, at, length]) => finding(r, s, m, clamp(Math.floor(at * text.length)), clamp(Math.floor(at * text.length) + length))).sort(byOffset);
      const wire = new DiagnosticsWire({ groupSize: doc.groupSize, minDiagnostics: 0 });
      await assertPlain(wire.prepare(URI, 1, findings, new LineIndex(text)), findings, new LineIndex(text));
      for (const [i, edit] of doc.edits.entries()) {
        const start = clamp(Math.floor(edit.at * text.length));
        const end = clamp(start + edit.remove);
        text = text.slice(0, start) + edit.insert + text.slice(end);
        const delta = edit.insert.length - (end - start);
        // Findings the edit touches go; those after it move with the text.
        findings = findings.filter((f) => f.end < start || f.start > end).map((f) => (f.start > end ? { ...f, start: f.start + delta, end: f.end + delta } : f));
        for (const [r, s, m, offset, length] of edit.appear) findings.push(finding(r, s, m, clamp(start + offset), clamp(start + offset + length)));
        if (edit.change && findings.length > 0) {
          const k = Math.floor(edit.change[0] * findings.length) % findings.length;
          findings[k] = { ...findings[k], severity: SEVERITIES[edit.change[1] % 4], message: MESSAGES[edit.change[2] % MESSAGES.length] };
        }
        findings.sort(byOffset);
        const lines = new LineIndex(text);
        await assertPlain(wire.prepare(URI, edit.unversioned ? undefined : i + 2, findings, lines), findings, lines);
      }
    }),
    { numRuns: 300, seed: 20261207 },
  );
});

test("a message of a document's other findings changing, or none, reuses every other group as it is", async () => {
  const text = Array.from({ length: 1000 }, (_, i) => `Clause ${i} of the contract.`).join("\n");
  const lines = new LineIndex(text);
  const findings = Array.from({ length: 1000 }, (_, i) => finding(i, i, i, lines.starts[i], lines.starts[i] + 6));
  const wire = new DiagnosticsWire({ minDiagnostics: 0 });
  const first = wire.prepare(URI, 1, findings, lines);
  assert.equal(first.groups!.length, Math.ceil(1000 / 64));

  const same = wire.prepare(URI, 2, findings, lines);
  assert.ok(same.groups!.every((g, i) => g === first.groups![i]), "an unchanged publish reuses every group");
  await assertPlain(same, findings, lines);

  const changed = findings.map((f, i) => (i === 500 ? { ...f, message: "Changed." } : f));
  const edited = wire.prepare(URI, 3, changed, lines);
  const reused = edited.groups!.filter((g) => first.groups!.includes(g)).length;
  assert.equal(reused, first.groups!.length - 1, "only the group holding the changed diagnostic is serialised again");
  await assertPlain(edited, changed, lines);
});

test("a line break moves every diagnostic after it: the groups before the edit are reused, the ones after are not", async () => {
  const text = Array.from({ length: 640 }, (_, i) => `Clause ${i}.`).join("\n");
  const lines = new LineIndex(text);
  const findings = Array.from({ length: 640 }, (_, i) => finding(0, 1, 0, lines.starts[i], lines.starts[i] + 6));
  const wire = new DiagnosticsWire({ minDiagnostics: 0 });
  const first = wire.prepare(URI, 1, findings, lines);
  const at = lines.starts[320];
  const broken = `${text.slice(0, at)}\n${text.slice(at)}`;
  const moved = findings.map((f) => (f.start >= at ? { ...f, start: f.start + 1, end: f.end + 1 } : f));
  const brokenLines = new LineIndex(broken);
  const second = wire.prepare(URI, 2, moved, brokenLines);
  assert.equal(second.groups![0], first.groups![0]);
  assert.notEqual(second.groups!.at(-1), first.groups!.at(-1));
  await assertPlain(second, moved, brokenLines);
});

test("a closed document's publish is forgotten: nothing of it is reused", async () => {
  const lines = new LineIndex(CONTRACT);
  const { findings } = analyze(CONTRACT);
  const wire = new DiagnosticsWire({ groupSize: 4, minDiagnostics: 0 });
  const first = wire.prepare(URI, 1, findings, lines);
  wire.prepare("file:///work/other.md", 1, findings, lines);
  assert.equal(wire.size, 2);
  wire.forget(URI);
  assert.equal(wire.size, 1);
  const reopened = wire.prepare(URI, 1, findings, lines);
  assert.ok(reopened.groups!.every((g) => !first.groups!.includes(g)));
  assert.deepEqual(await encode(reopened), await encode(first));
});

test("only the most recently published documents keep their bytes", async () => {
  const lines = new LineIndex(CONTRACT);
  const { findings } = analyze(CONTRACT);
  const wire = new DiagnosticsWire({ groupSize: 4, keep: 2, minDiagnostics: 0 });
  const first = wire.prepare(URI, 1, findings, lines);
  wire.prepare("file:///work/b.md", 1, findings, lines);
  // Publishing the first again makes it the most recent: the third document evicts b.md.
  assert.ok(wire.prepare(URI, 2, findings, lines).groups!.every((g) => first.groups!.includes(g)));
  wire.prepare("file:///work/c.md", 1, findings, lines);
  assert.equal(wire.size, 2);
  assert.ok(wire.prepare(URI, 3, findings, lines).groups!.every((g) => first.groups!.includes(g)), "the document being typed in keeps its bytes");
  const evicted = wire.prepare("file:///work/b.md", 2, findings, lines);
  assert.ok(evicted.groups!.every((g) => !first.groups!.includes(g)), "an evicted document is encoded afresh");
  assert.deepEqual(await encode(evicted), await encode(wire.prepare("file:///work/b.md", 2, findings, lines)));
});

test("the writer frames every message as vscode-jsonrpc's writer does, prepared ones from their groups, and a reader reads them back", async () => {
  const lines = new LineIndex(CONTRACT);
  const { findings } = analyze(CONTRACT);
  const prepared = new DiagnosticsWire({ groupSize: 4, minDiagnostics: 0 }).prepare(URI, 1, findings, lines);
  const messages: Message[] = [
    { jsonrpc: "2.0", id: 1, result: { contents: "“quoted” 😀" } } as Message,
    notification(prepared),
    notification({ uri: URI, version: 3, diagnostics: [] }),
    { jsonrpc: "2.0", method: "window/logMessage", params: { type: 3, message: "policy-lens" } } as Message,
  ];
  const plain = messages.map((m) => Buffer.from(JSON.stringify(m), "utf8"));
  assert.ok(Buffer.concat(messageParts(messages[1])).equals(plainBytes(URI, 1, findings, lines)));
  assert.ok(messageParts(messages[1]).length > 3, "a prepared publish is written as its parts");

  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const writer = new PartsMessageWriter(out);
  // Written without waiting, as the connection writes: they must come out whole and in order.
  await Promise.all(messages.map((m) => writer.write(m)));
  const expected = Buffer.concat(plain.flatMap((b) => [Buffer.from(`Content-Length: ${b.length}\r\n\r\n`, "ascii"), b]));
  assert.ok(Buffer.concat(chunks).equals(expected));

  const read: Message[] = [];
  const reader = new StreamMessageReader(Readable.from([Buffer.concat(chunks)]));
  await new Promise<void>((resolve) => {
    reader.listen((m) => {
      read.push(m);
      if (read.length === messages.length) resolve();
    });
  });
  assert.deepEqual(read, messages.map((m) => JSON.parse(JSON.stringify(m))));
});

test("a write that fails is reported to the connection and rejected, and the writer goes on with the next", async () => {
  const out = new PassThrough();
  const writer = new PartsMessageWriter(out);
  const errors: Error[] = [];
  writer.onError(([error]) => errors.push(error));
  const unserialisable = { jsonrpc: "2.0", id: 1, result: { n: 10n } } as unknown as Message;
  await assert.rejects(writer.write(unserialisable));
  assert.equal(errors.length, 1);
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await writer.write({ jsonrpc: "2.0", id: 2, result: null } as Message);
  assert.match(Buffer.concat(chunks).toString("utf8"), /^Content-Length: \d+\r\n\r\n\{"jsonrpc":"2\.0","id":2,"result":null\}$/);
});

// ---------------------------------------------------------------------------------------
// Code actions find a diagnostic's finding by its code and range.

test("after an edit that moves a finding two lines down, its new diagnostic gets its fixes and the old one matches nothing", async () => {
  const wire = new DiagnosticsWire({ minDiagnostics: 0 });
  const publish = async (text: string, version: number) => {
    const analysis = analyze(text);
    const bytes = await encode(wire.prepare(URI, version, analysis.findings, analysis.document.lines));
    return { analysis, diagnostics: JSON.parse(bytes.toString("utf8")).params.diagnostics as Diagnostic[] };
  };
  const intent = (ds: Diagnostic[]) => ds.find((d) => d.code === "loophole/intent-test")!;
  const before = await publish(CONTRACT, 1);
  const at = CONTRACT.indexOf("## 2.");
  assert.ok(at > 0);
  const text = `${CONTRACT.slice(0, at)}A new paragraph.\n\n${CONTRACT.slice(at)}`;
  const afterEdit = await publish(text, 2);
  assert.equal(intent(afterEdit.diagnostics).range.start.line, intent(before.diagnostics).range.start.line + 2);

  const actionsFor = (diagnostic: Diagnostic) =>
    codeActions({
      uri: URI,
      version: 2,
      text,
      lines: afterEdit.analysis.document.lines,
      findings: afterEdit.analysis.findings,
      from: 0,
      to: 0,
      diagnostics: [diagnostic],
      documentChanges: true,
      fixesFor: (f) => fixesFor(afterEdit.analysis, f, builtinRules()),
      fixAllText: () => text,
    }).filter((a) => a.diagnostics?.[0] === diagnostic);
  const fixes = actionsFor(intent(afterEdit.diagnostics));
  assert.ok(fixes.some((a) => a.title.includes("intentionally")), fixes.map((a) => a.title).join(" | "));
  assert.deepEqual(actionsFor(intent(before.diagnostics)), [], "the stale range holds no intent-test finding");
});

// ---------------------------------------------------------------------------------------
// The server over stdio, with the encoder as its writer's.

// Large enough (over MIN_KEPT_DIAGNOSTICS diagnostics) that the server keeps and reuses encoded
// groups, small enough (under 256 KB) that a document opened afresh gets no preview first.
const LARGE = contract(11, 240 * 1024);

test("over stdio, every publish while typing (line breaks included) equals a fresh publish of the same text", async (t) => {
  const client = await startServer(undefined, { policyLens: { debounceMs: 0 } });
  t.after(() => client.process.kill());
  const uri = "file:///work/typed.md";
  let text = CONTRACT + "\n" + LARGE;
  await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
  await client.diagnostics(uri, 1);
  const line = (needle: string) => text.slice(0, text.indexOf(needle)).split("\n").length - 1;
  const edits = [
    { range: { start: { line: line("2.2"), character: 0 }, end: { line: line("2.2"), character: 0 } }, newText: "Intro line.\n\n" },
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: "x" },
    { range: { start: { line: line("intentionally"), character: 0 }, end: { line: line("intentionally") + 1, character: 0 } }, newText: "" },
    { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: "The Supplier may reportedly do so.\n" },
  ];
  for (const [i, edit] of edits.entries()) {
    const version = i + 2;
    text = applyTextEdits(text, [edit]);
    await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range: edit.range, text: edit.newText }] });
    const typed = await client.diagnostics(uri, version);
    const fresh = `file:///work/fresh-${version}.md`;
    await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: fresh, languageId: "markdown", version, text } });
    assert.ok(typed.diagnostics.length >= MIN_KEPT_DIAGNOSTICS);
    assert.deepEqual(typed.diagnostics, (await client.diagnostics(fresh, version)).diagnostics, `after edit ${i + 1}`);
    await client.connection.sendNotification("textDocument/didClose", { textDocument: { uri: fresh } });
  }
  assert.equal(client.stderr(), "");
});

test("over stdio, a client that pulls gets, after every edit, the report a fresh document gets", async (t) => {
  const capabilities = { ...BASE_CAPABILITIES, textDocument: { ...BASE_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } } };
  const client = await startServer(capabilities, { policyLens: { debounceMs: 0 } });
  t.after(() => client.process.kill());
  const pull = (uri: string) => client.connection.sendRequest<{ kind: string; items: Diagnostic[] }>("textDocument/diagnostic", { textDocument: { uri } });
  const uri = "file:///work/pulled.md";
  let text = LARGE;
  await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
  assert.ok((await pull(uri)).items.length >= MIN_KEPT_DIAGNOSTICS);
  const at = text.indexOf("shall");
  for (const [version, edit] of [[2, "x"], [3, "\n\nThe Supplier shall not track residents.\n\n"], [4, " "]] as const) {
    text = text.slice(0, at) + edit + text.slice(at);
    const position = { line: text.slice(0, at).split("\n").length - 1, character: at - text.lastIndexOf("\n", at - 1) - 1 };
    await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range: { start: position, end: position }, text: edit }] });
    const fresh = `file:///work/pulled-fresh-${version}.md`;
    await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: fresh, languageId: "markdown", version, text } });
    const [typed, expected] = [await pull(uri), await pull(fresh)];
    assert.equal(typed.kind, "full");
    assert.deepEqual(typed.items, expected.items, `after edit ${version}`);
    await client.connection.sendNotification("textDocument/didClose", { textDocument: { uri: fresh } });
  }
  assert.equal(client.stderr(), "");
});

test("over stdio, console output goes to the client's log and stderr, never into the protocol on stdout", { timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "policy-lens-console-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // Preloaded: logs once the server is listening, as a dependency might.
  const preload = join(dir, "log.cjs");
  writeFileSync(preload, `process.stdin.once("data", () => setImmediate(() => { console.log("log %s", 1); console.info("info"); console.debug("debug"); console.warn("warn"); console.error("error"); console.dir({ dir: 1 }); }));`);
  const child = spawn(process.execPath, ["--require", preload, SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  t.after(() => child.kill());
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const logged: { type: number; message: string }[] = [];
  const allLogged = new Promise<void>((resolve, reject) => {
    connection.onNotification("window/logMessage", (m: { type: number; message: string }) => {
      logged.push(m);
      if (logged.length === 5) resolve();
    });
    connection.onError(([e]) => reject(new Error(`the protocol broke: ${e.message}`)));
  });
  connection.listen();
  try {
    await connection.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
    await allLogged;
    assert.deepEqual(logged.map((m) => m.message).sort(), ["debug", "error", "info", "log 1", "warn"]);
    assert.deepEqual(logged.find((m) => m.message === "error")?.type, 1);
    assert.match(stderr, /dir: 1/);
    await connection.sendRequest("shutdown");
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    await connection.sendNotification("exit");
    assert.equal(await exited, 0);
  } finally {
    connection.dispose();
  }
});

test("a small document's publish is plain JSON, and nothing of it is kept", async () => {
  const lines = new LineIndex(CONTRACT);
  const { findings } = analyze(CONTRACT);
  const wire = new DiagnosticsWire({ minDiagnostics: findings.length + 1 });
  const prepared = wire.prepare(URI, 1, findings, lines);
  assert.equal(prepared.groups, undefined);
  assert.equal(wire.size, 0);
  assert.ok((await encode(prepared)).equals(plainBytes(URI, 1, findings, lines)));
});

test("a pull report is written from the same groups, and its bytes are the plain response's", async () => {
  const lines = new LineIndex(CONTRACT);
  const { findings } = analyze(CONTRACT);
  const wire = new DiagnosticsWire({ groupSize: 8, minDiagnostics: 0 });
  const published = wire.prepare(URI, 1, findings, lines);
  // A resultId with the list's key in it, quoted: the encoder must still find the list.
  const report = wire.report(URI, '2:"items":[]', findings, lines);
  assert.ok(report.groups!.every((g) => published.groups!.includes(g)), "the report reuses the publish's groups");
  const response = { jsonrpc: "2.0", id: 7, result: report } as Message;
  const plain = { jsonrpc: "2.0", id: 7, result: { kind: "full", resultId: '2:"items":[]', items: findings.map((f) => toDiagnostic(f, lines)) } };
  const bytes = Buffer.concat(messageParts(response));
  assert.equal(bytes.toString("utf8"), JSON.stringify(plain));
  assert.deepEqual(JSON.parse(JSON.stringify(report)), plain.result, "toJSON gives the plain report");
});

test("a plain publish keeps the positions it was prepared with when the next keystroke moves its findings in place", async () => {
  // The incremental analyzer moves the last analysis's findings to their new offsets; a
  // publish still waiting for the writer must not pick up the new offsets.
  const lines = new LineIndex(CONTRACT);
  const findings = analyze(CONTRACT).findings.map((f) => ({ ...f }));
  const prepared = new DiagnosticsWire().prepare(URI, 1, findings, lines);
  assert.equal(prepared.groups, undefined, "under the threshold: plain JSON");
  const expected = plainBytes(URI, 1, findings, lines);
  for (const f of findings) {
    f.start += 7;
    f.end += 7;
  }
  assert.ok((await encode(prepared)).equals(expected));
});
