// Hover, code actions and the outline of a document whose analysis may run long are answered
// by the background analyzer (lsp/background.ts), not by analysing it on the main thread the
// first time they are asked for: meanwhile another document's keystrokes and requests are
// served. Deterministic: the injected background analyzer runs the worker's own handler in
// this process, behind a gate the test opens; no timer decides anything.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import type { PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { startServer } from "../server/src/server";
import { nodeServerDeps } from "../server/src/nodeDeps";
import { analysisHandler, type BackgroundAnalyzer, type BackgroundJob, type BackgroundResult, type FeatureJob, type Request } from "../server/src/lsp/background";
import type { PolicyConfig } from "../server/src/engine";
import { workspace } from "./helpers";

/** The worker's handler behind a gate: every job waits until the gate is open. */
class GatedAnalyzer implements BackgroundAnalyzer {
  readonly asked: string[] = [];
  private readonly handle = analysisHandler();
  private readonly configIds = new WeakMap<PolicyConfig, number>();
  private opened!: () => void;
  private gate = new Promise<void>((resolve) => (this.opened = resolve));
  private id = 0;
  open(): void {
    this.opened();
  }
  analyze(job: BackgroundJob): Promise<BackgroundResult> {
    this.asked.push(`analysis of ${job.uri?.split("/").pop()}`);
    return this.run(job) as Promise<BackgroundResult>;
  }
  feature(job: FeatureJob): Promise<unknown> {
    this.asked.push(`${job.query.feature} of ${job.uri.split("/").pop()}`);
    const { uri, version, severity, snippets, query } = job;
    return this.run(job, { uri, version, severity, snippets, query });
  }
  forget(uri: string): void {
    this.asked.push(`forget ${uri.split("/").pop()}`);
  }
  dispose(): void {}
  private async run(job: BackgroundJob, feature?: Request["feature"]): Promise<unknown> {
    await this.gate;
    let configId = 0;
    if (job.config) {
      if (!this.configIds.has(job.config)) this.configIds.set(job.config, ++this.id);
      configId = this.configIds.get(job.config)!;
    }
    const reply = this.handle({ ...job, id: ++this.id, configId, feature });
    if (!reply.ok) throw new Error(reply.error);
    return reply.result;
  }
}

// A custom rule makes a document of 8 KB or more one whose analysis may run long.
const CONFIG = 'customRules:\n  - id: acme/monitoring\n    category: claim\n    patterns: ["monitor"]\n    message: "Monitoring is mentioned"\n';
const PLAIN = "---\nkind: contract\n---\n\n# Services Agreement\n\n1.1 The Supplier shall not use the Service for mass surveillance of citizens.\n";
const COSTLY =
  "---\nkind: contract\n---\n\n# Costly Order\n\n2.1 The Services will not be used to intentionally monitor residents, except as otherwise agreed by the parties.\n\n" +
  "3.1 The Customer shall pay the charges within thirty days of a valid invoice.\n\n".repeat(120);

test("a costly document's hover, code actions and outline are answered off the main thread while another document is served", async (t) => {
  const dir = workspace(t, { ".policylens.yaml": CONFIG });
  const gated = new GatedAnalyzer();
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), { ...nodeServerDeps([]), idleCollector: undefined, backgroundAnalyzer: () => gated });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.onRequest("workspace/configuration", (p: { items: unknown[] }) => p.items.map(() => ({ debounceMs: 0 })));
  client.onRequest("client/registerCapability", () => null);
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  client.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    published.push(p);
    waiters.splice(0).forEach((w) => w());
  });
  client.onNotification(() => undefined);
  client.listen();
  t.after(() => {
    gated.open();
    client.dispose();
  });
  const diagnostics = async (uri: string, version: number) => {
    for (;;) {
      const found = published.find((p) => p.uri === uri && (p.version ?? 0) >= version);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const root = pathToFileURL(dir).href;
  await client.sendRequest("initialize", {
    processId: null,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: "w" }],
    capabilities: {
      workspace: { configuration: true },
      textDocument: {
        hover: { contentFormat: ["markdown"] },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } },
        publishDiagnostics: { versionSupport: true },
      },
    },
  });
  client.sendNotification("initialized", {});

  const plain = pathToFileURL(join(dir, "plain.md")).href;
  const costly = pathToFileURL(join(dir, "costly.md")).href;
  assert.ok(COSTLY.length >= 8 * 1024 && PLAIN.length < 8 * 1024);
  client.sendNotification("textDocument/didOpen", { textDocument: { uri: plain, languageId: "markdown", version: 1, text: PLAIN } });
  await diagnostics(plain, 1);
  client.sendNotification("textDocument/didOpen", { textDocument: { uri: costly, languageId: "markdown", version: 1, text: COSTLY } });

  // The user hovers over the costly document's loophole, opens its outline and its light bulb…
  const settled: string[] = [];
  const at = { line: 6, character: 80 };
  const costlyHover = client.sendRequest<{ contents: { value: string } } | null>("textDocument/hover", { textDocument: { uri: costly }, position: at }).finally(() => settled.push("hover"));
  const costlySymbols = client.sendRequest<{ name: string }[]>("textDocument/documentSymbol", { textDocument: { uri: costly } }).finally(() => settled.push("symbols"));
  const costlyActions = client
    .sendRequest<{ title: string }[]>("textDocument/codeAction", { textDocument: { uri: costly }, range: { start: at, end: at }, context: { diagnostics: [] } })
    .finally(() => settled.push("code actions"));

  // …and, while its analysis has not even started, types in the other one and asks about it.
  client.sendNotification("textDocument/didChange", { textDocument: { uri: plain, version: 2 }, contentChanges: [{ text: PLAIN + "\n## Exit\n\n3.1 On termination the Supplier shall return all data.\n" }] });
  const typed = await diagnostics(plain, 2);
  assert.ok(typed.diagnostics.some((d) => /surveillance|Red line/i.test(d.message)), JSON.stringify(typed.diagnostics.map((d) => d.message)));
  const plainHover = await client.sendRequest<{ contents: { value: string } } | null>("textDocument/hover", { textDocument: { uri: plain }, position: { line: 6, character: 40 } });
  assert.match(plainHover?.contents.value ?? "", /Red line/);
  const plainSymbols = await client.sendRequest<{ name: string }[]>("textDocument/documentSymbol", { textDocument: { uri: plain } });
  assert.deepEqual(plainSymbols.map((s) => s.name), ["Services Agreement"]);
  assert.deepEqual(settled, [], "the costly document's requests wait for the background analyzer");
  assert.deepEqual(gated.asked, ["analysis of costly.md"], "only the costly document went to the background analyzer");

  gated.open();
  const [hover, symbols, actions] = await Promise.all([costlyHover, costlySymbols, costlyActions]);
  assert.match(hover?.contents.value ?? "", /Loophole/);
  assert.deepEqual(symbols.map((s) => s.name), ["Costly Order"]);
  assert.ok(actions.some((a) => /qualifier/i.test(a.title)), JSON.stringify(actions.map((a) => a.title)));
  assert.deepEqual(gated.asked.slice(1).sort(), ["code actions of costly.md", "hover of costly.md", "symbols of costly.md"]);
  // The costly document's diagnostics, from the same background analysis.
  const done = await diagnostics(costly, 1);
  assert.ok(done.diagnostics.some((d) => d.code === "acme/monitoring"));
  // Closed, it is let go in the worker too.
  client.sendNotification("textDocument/didClose", { textDocument: { uri: costly } });
  await client.sendRequest("textDocument/documentSymbol", { textDocument: { uri: plain } });
  assert.equal(gated.asked.at(-1), "forget costly.md");
});
