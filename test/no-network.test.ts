// No data leaves the machine: the CLI and the language server run under a guard that
// records and refuses every network call (test/support/no-network.cjs), and the bundles
// and sources carry no telemetry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fork, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IPCMessageReader, IPCMessageWriter, createMessageConnection } from "vscode-jsonrpc/node";
import type { PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { SERVER, startServer } from "./lsp/client";

const root = join(__dirname, "..");
const guard = join(__dirname, "support", "no-network.cjs");
const cli = join(root, "bin", "policy-lens.js");

/** A fresh log file for the guard, and what it recorded. */
function networkLog(t: { after: (fn: () => void) => void }): { path: string; attempts: () => { api: string }[] } {
  const dir = mkdtempSync(join(tmpdir(), "policy-lens-net-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "attempts.jsonl");
  return {
    path,
    attempts: () =>
      existsSync(path)
        ? readFileSync(path, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [],
  };
}

test("the guard records and refuses every kind of network call, in worker threads too", (t) => {
  const log = networkLog(t);
  const attempts = `
    const tries = [
      () => fetch("https://example.org"),
      () => require("node:net").connect(443, "example.org"),
      () => new (require("node:net").Socket)().connect({ port: 443, host: "192.0.2.1" }),
      () => require("node:net").createServer().listen(0),
      () => require("node:tls").connect(443, "example.org"),
      () => require("node:dns").lookup("example.org", () => {}),
      () => require("node:dns").promises.resolve4("example.org"),
      () => require("node:http").get("http://example.org"),
      () => require("node:https").request("https://example.org"),
      () => require("node:http2").connect("https://example.org"),
      () => require("node:dgram").createSocket("udp4"),
    ];
    let refused = 0;
    for (const attempt of tries) { try { attempt(); } catch { refused++; } }
    const { Worker } = require("node:worker_threads");
    const worker = new Worker('try { require("node:net").connect(80, "example.org") } catch {}', { eval: true });
    worker.on("exit", () => process.stdout.write(String(refused)));
  `;
  const r = spawnSync(process.execPath, ["--require", guard, "-e", attempts], { encoding: "utf8", env: { ...process.env, POLICY_LENS_NETWORK_LOG: log.path } });
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "11", "every attempt threw");
  assert.deepEqual(
    log.attempts().map((a) => a.api),
    ["fetch", "net.connect", "net.Socket.connect", "net.Server.listen", "tls.connect", "dns.lookup", "dns.promises.resolve4", "http.get", "https.request", "http2.connect", "dgram.createSocket", "net.connect"],
  );
});

test("the CLI checks the samples in every format without a network call", (t) => {
  const log = networkLog(t);
  for (const format of ["text", "json", "sarif"]) {
    const r = spawnSync(process.execPath, ["--require", guard, cli, "check", "--format", format, "samples"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, POLICY_LENS_NETWORK_LOG: log.path },
    });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.match(r.stdout, /contract-chatbot-missing-terms\.md/);
  }
  assert.deepEqual(log.attempts(), []);
});

test("the language server runs a session over stdio, the extension's transport, without a network call or telemetry", async (t) => {
  const log = networkLog(t);
  // The test client spawns the server with this environment: the guard is preloaded there.
  const saved = { options: process.env.NODE_OPTIONS, log: process.env.POLICY_LENS_NETWORK_LOG };
  process.env.NODE_OPTIONS = `${saved.options ?? ""} --require ${JSON.stringify(guard)}`.trim();
  process.env.POLICY_LENS_NETWORK_LOG = log.path;
  t.after(() => {
    for (const [name, value] of [
      ["NODE_OPTIONS", saved.options],
      ["POLICY_LENS_NETWORK_LOG", saved.log],
    ] as const)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  });
  const client = await startServer(undefined, { policyLens: {} });
  const telemetry: unknown[] = [];
  client.connection.onNotification("telemetry/event", (e: unknown) => telemetry.push(e));
  const uri = "file:///work/contract.md";
  const text = readFileSync(join(root, "samples", "contract-chatbot-missing-terms.md"), "utf8");
  await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text } });
  const published = await client.diagnostics(uri, 1, 30_000);
  assert.ok(published.diagnostics.some((d) => d.code === "missing-term/exit-strategy"), "diagnostics arrived over stdio");
  assert.equal(await client.close(), 0);
  assert.deepEqual(log.attempts(), []);
  assert.deepEqual(telemetry, []);
});

test("the language server over Node IPC makes no network call", async (t) => {
  const log = networkLog(t);
  const child = fork(SERVER, ["--node-ipc"], { execArgv: ["--require", guard], env: { ...process.env, POLICY_LENS_NETWORK_LOG: log.path }, stdio: ["ignore", "ignore", "pipe", "ipc"] });
  t.after(() => child.kill());
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification("textDocument/publishDiagnostics", resolve));
  connection.onRequest("workspace/configuration", (p: { items: unknown[] }) => p.items.map(() => null));
  connection.onRequest("client/registerCapability", () => null);
  connection.onNotification("window/logMessage", () => undefined);
  connection.listen();
  await connection.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification("initialized", {});
  const text = readFileSync(join(root, "samples", "contract-chatbot-missing-terms.md"), "utf8");
  await connection.sendNotification("textDocument/didOpen", { textDocument: { uri: "untitled:contract", languageId: "markdown", version: 1, text } });
  assert.ok((await diagnostics).diagnostics.length > 0, "diagnostics arrived over IPC");
  await connection.sendRequest("shutdown");
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  await connection.sendNotification("exit");
  assert.equal(await exited, 0);
  connection.dispose();
  assert.deepEqual(log.attempts(), []);
});

/** Our own source files (not dependencies): what could send data if anything did. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

test("no source file uses a network API or telemetry", () => {
  const NETWORK = /from "(?:node:)?(?:http|https|http2|net|tls|dgram|dns)"|require\("(?:node:)?(?:http|https|http2|net|tls|dgram|dns)"\)|\bfetch\(|\bXMLHttpRequest\b|\bWebSocket\b|\bsendBeacon\b/;
  // Uses, not words: a comment may well say "no telemetry".
  const TELEMETRY = /\.telemetry\b|sendTelemetry|onTelemetry|logTelemetry|TelemetryReporter|telemetry\/event|TelemetryEventNotification|applicationinsights/i;
  const files = [...sources(join(root, "server", "src")), ...sources(join(root, "client", "src"))];
  assert.ok(files.length > 10);
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    assert.doesNotMatch(text, NETWORK, `${file} uses a network API`);
    assert.doesNotMatch(text, TELEMETRY, `${file} uses telemetry`);
  }
});

test("no bundle contains a telemetry or analytics library", () => {
  // vscode-languageclient/-server carry the LSP `telemetry/event` plumbing, which is inert
  // unless our code sends or handles it (the tests above show it does not); these are the
  // libraries that would actually report usage.
  const LIBRARIES = /applicationinsights|@vscode\/extension-telemetry|TelemetryReporter|@sentry\/|posthog|mixpanel|amplitude|segment\.(?:io|com)|google-analytics|googletagmanager|datadoghq|newrelic|bugsnag/i;
  const bundles = readdirSync(join(root, "dist")).filter((f) => f.endsWith(".js"));
  assert.ok(bundles.includes("cli.js") && bundles.includes("server.js") && bundles.includes("client.js"), `bundles built: ${bundles.join(", ")}`);
  for (const bundle of bundles) assert.doesNotMatch(readFileSync(join(root, "dist", bundle), "utf8"), LIBRARIES, `dist/${bundle}`);
});
