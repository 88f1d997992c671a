// The web extension's language server (dist/engine.js then dist/browserServer.js, built by
// `npm test`) as the browser runs it: the scripts evaluated in a context with what a web worker has and none of
// Node's APIs (no process, Buffer, require or setImmediate), spoken to over a MessageChannel
// as the extension does when the host refuses it a worker. Messages cross the port by
// structured clone, as in a browser. The e2e suite runs the same bundle in code-server's web
// worker extension host (test/e2e/webExtension.test.ts).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { createContext, runInContext } from "node:vm";
import { AbstractMessageReader, AbstractMessageWriter, createMessageConnection, type DataCallback, type Disposable, type Message } from "vscode-jsonrpc/node";
import type { Diagnostic, FullDocumentDiagnosticReport, Hover, PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { WEB_SERVER_SCRIPTS } from "../server/src/protocol";

const ROOT = join(__dirname, "..");
/** What the web extension evaluates: its server's scripts, in order (client/src/browserExtension.ts). */
const SCRIPTS = WEB_SERVER_SCRIPTS.map((file) => readFileSync(join(ROOT, file), "utf8")).join("\n");

class PortReader extends AbstractMessageReader {
  constructor(private readonly port: MessagePort) {
    super();
  }
  listen(callback: DataCallback): Disposable {
    this.port.on("message", callback);
    return { dispose: () => this.port.off("message", callback) };
  }
}
class PortWriter extends AbstractMessageWriter {
  constructor(private readonly port: MessagePort) {
    super();
  }
  async write(message: Message): Promise<void> {
    this.port.postMessage(message);
  }
  end(): void {}
}

/** The bundle's server in a worker-like context, and a client on the other end of the channel. */
function startWebServer() {
  const worker: Record<string, unknown> = { console, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask, TextEncoder, TextDecoder, URL, performance };
  worker.self = worker;
  const context = createContext(worker);
  assert.equal(runInContext("typeof process + typeof Buffer + typeof require + typeof setImmediate", context), "undefinedundefinedundefinedundefined");
  const server = runInContext(`${SCRIPTS}\nPolicyLensServer`, context) as { startBrowserServer(port: unknown): void };
  const { port1, port2 } = new MessageChannel();
  server.startBrowserServer(port1);
  const client = createMessageConnection(new PortReader(port2), new PortWriter(port2));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  client.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    published.push(p);
    waiters.splice(0).forEach((w) => w());
  });
  /** Resolves once a publish satisfies `check` (the test's timeout bounds the wait). */
  const publishedWhen = async (check: (p: PublishDiagnosticsParams) => boolean) => {
    while (!published.some(check)) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  client.onNotification(() => undefined);
  client.onRequest("workspace/configuration", (p: { items: unknown[] }) => p.items.map(() => ({})));
  client.onRequest(() => null);
  client.listen();
  return {
    client,
    published,
    publishedWhen,
    close: () => {
      client.dispose();
      port1.close();
      port2.close();
    },
  };
}

// Words of our own: a red line hollowed out by an intent test, and no exit or residency term.
const CONTRACT = [
  "---",
  "kind: contract",
  "title: Harbour analytics order",
  "---",
  "# Harbour Analytics Order",
  "",
  "## 1. Use",
  "",
  "1.1 The Provider will not intentionally track the movements of harbour staff.",
  "",
].join("\n");
// A virtual workspace's file, as github.dev names it.
const URI = "vscode-vfs://github/example/contracts/harbour.md";

describe("the web worker build of the server", () => {
  test("checks a virtual workspace's document: pulled diagnostics, a hover and a quick fix, with no Node API", async (t) => {
    const { client, close } = startWebServer();
    t.after(close);
    const init = (await client.sendRequest("initialize", {
      processId: null,
      rootUri: null,
      workspaceFolders: [{ uri: "vscode-vfs://github/example/contracts", name: "contracts" }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { diagnostic: { dynamicRegistration: false }, hover: { contentFormat: ["markdown"] }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } } },
      },
    })) as { capabilities: { hoverProvider?: boolean; diagnosticProvider?: unknown } };
    assert.equal(init.capabilities.hoverProvider, true);
    assert.ok(init.capabilities.diagnosticProvider);
    await client.sendNotification("initialized", {});
    await client.sendNotification("textDocument/didOpen", { textDocument: { uri: URI, languageId: "markdown", version: 1, text: CONTRACT } });

    const report = (await client.sendRequest("textDocument/diagnostic", { textDocument: { uri: URI } })) as FullDocumentDiagnosticReport;
    assert.equal(report.kind, "full");
    const codes = report.items.map((d: Diagnostic) => d.code);
    assert.ok(codes.includes("loophole/intent-test"), `codes: ${codes.join(", ")}`);
    assert.ok(codes.includes("missing-term/exit-strategy"), `codes: ${codes.join(", ")}`);
    const loophole = report.items.find((d) => d.code === "loophole/intent-test")!;
    assert.equal(CONTRACT.split("\n")[loophole.range.start.line].slice(loophole.range.start.character, loophole.range.end.character), "intentionally");

    const hover = (await client.sendRequest("textDocument/hover", { textDocument: { uri: URI }, position: loophole.range.start })) as Hover;
    assert.match(JSON.stringify(hover.contents), /loophole\/intent-test/);

    const missing = report.items.find((d) => d.code === "missing-term/exit-strategy")!;
    const actions = (await client.sendRequest("textDocument/codeAction", { textDocument: { uri: URI }, range: missing.range, context: { diagnostics: [missing] } })) as { title: string; edit?: { changes?: Record<string, unknown[]>; documentChanges?: unknown[] } }[];
    const insert = actions.find((a) => /\(exit strategy\)$/.test(a.title));
    assert.ok(insert?.edit, `actions: ${actions.map((a) => a.title).join(" | ")}`);
    assert.ok(JSON.stringify(insert.edit).includes(URI), "the fix edits the virtual document itself");
  });

  test("publishes diagnostics to a client that does not pull them", { timeout: 60_000 }, async (t) => {
    const { client, published, publishedWhen, close } = startWebServer();
    t.after(close);
    await client.sendRequest("initialize", { processId: null, rootUri: null, capabilities: { workspace: { configuration: true } } });
    await client.sendNotification("initialized", {});
    await client.sendNotification("textDocument/didOpen", { textDocument: { uri: URI, languageId: "markdown", version: 1, text: CONTRACT } });
    await publishedWhen((p) => p.uri === URI && p.diagnostics.length > 0);
    const last = published.filter((p) => p.uri === URI).at(-1);
    assert.ok(last?.diagnostics.some((d) => d.code === "loophole/intent-test"), `published: ${JSON.stringify(published)}`);
  });

  test("the manifest's browser entry loads in a web host, requiring only vscode, and leaves the engine to dist/engine.js", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { browser: string; files: string[] };
    assert.equal(manifest.browser, "./dist/languageClient.js");
    for (const file of ["dist/languageClient.js", ...WEB_SERVER_SCRIPTS]) assert.ok(manifest.files.includes(file), `${file} is in package.json files`);
    // The entry is shared with the desktop client, whose Node transport it requires only when
    // the desktop build starts: evaluated as a web extension host does (a require that knows
    // only vscode, no process or Buffer), it loads and exports the web extension's activate.
    const host = createContext({ console, setTimeout, clearTimeout, TextEncoder, TextDecoder, URL, performance });
    const vscodeStub = new Proxy({}, { get: (_, key) => (key === "__esModule" ? false : class {}) });
    const required = new Set<string>();
    const module = { exports: {} as Record<string, unknown> };
    const load = runInContext(`(function (module, exports, require) {${readFileSync(join(ROOT, "dist", "languageClient.js"), "utf8")}\n})`, host) as (m: unknown, e: unknown, r: (name: string) => unknown) => void;
    load(module, module.exports, (name) => {
      required.add(name);
      if (name === "vscode") return vscodeStub;
      throw new Error(`a web extension host has no ${name}`);
    });
    assert.deepEqual([...required], ["vscode"]);
    assert.equal(typeof module.exports.activate, "function");
    assert.equal(typeof module.exports.startLanguageClient, "function");
    // One copy of the engine in the .vsix, for the web and the desktop: the client evaluates
    // the shared engine script before the server's, and dist/server.js requires it.
    const engineText = "Found by a sentence classifier trained on labelled clauses";
    assert.ok(readFileSync(join(ROOT, "dist", "engine.js"), "utf8").includes(engineText), "dist/engine.js holds the engine");
    for (const file of ["dist/languageClient.js", "dist/browserServer.js", "dist/server.js"]) assert.ok(!readFileSync(join(ROOT, file), "utf8").includes(engineText), `${file} holds no engine`);
  });
});
