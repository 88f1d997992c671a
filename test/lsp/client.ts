// A minimal LSP client for tests: spawns dist/server.js over stdio and speaks JSON-RPC.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from "vscode-jsonrpc/node";
import type { ClientCapabilities, Diagnostic, PublishDiagnosticsParams } from "vscode-languageserver-protocol";

export const SERVER = join(__dirname, "..", "..", "dist", "server.js");

export interface TestClient {
  connection: MessageConnection;
  process: ChildProcess;
  stderr: () => string;
  /** The next publishDiagnostics for this uri (optionally with a version of at least `minVersion`). */
  diagnostics(uri: string, minVersion?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** workspace/configuration answers: section → value. */
  settings: Record<string, unknown>;
  /** workspace/applyEdit requests the server sent. */
  appliedEdits: unknown[];
  /** What the server showed the user (window/showMessage and window/showMessageRequest). */
  shownMessages: { type: number; message: string }[];
  close(): Promise<number | null>;
}

export const BASE_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true }, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    hover: { contentFormat: ["markdown", "plaintext"] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source.fixAll"] } } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    publishDiagnostics: { versionSupport: true },
    semanticTokens: { requests: { full: true, range: true }, tokenTypes: [], tokenModifiers: [], formats: ["relative"] },
  },
};

export async function startServer(capabilities: ClientCapabilities = BASE_CAPABILITIES, settings: Record<string, unknown> = {}, workspaceFolder = "file:///work"): Promise<TestClient & { initializeResult: any }> {
  const child = spawn(process.execPath, [SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  const appliedEdits: unknown[] = [];
  const client = {
    connection,
    process: child,
    stderr: () => stderr,
    settings,
    appliedEdits,
    shownMessages: [] as { type: number; message: string }[],
  } as TestClient & { initializeResult: any };
  connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    published.push(p);
    waiters.splice(0).forEach((w) => w());
  });
  connection.onNotification("window/logMessage", () => undefined);
  connection.onNotification("window/showMessage", (m: { type: number; message: string }) => client.shownMessages.push(m));
  connection.onRequest("window/showMessageRequest", (m: { type: number; message: string }) => {
    client.shownMessages.push({ type: m.type, message: m.message });
    return null;
  });
  connection.onRequest("workspace/configuration", (p: { items: { section?: string }[] }) => p.items.map((i) => client.settings[i.section ?? ""] ?? null));
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("workspace/diagnostic/refresh", () => null);
  connection.onRequest("workspace/semanticTokens/refresh", () => null);
  connection.onRequest("workspace/applyEdit", (p: unknown) => {
    appliedEdits.push(p);
    return { applied: true };
  });
  connection.listen();

  client.diagnostics = (uri, minVersion = -Infinity, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        reject(new Error(`no diagnostics for ${uri} v>=${minVersion} within ${timeoutMs} ms; stderr: ${stderr}`));
      }, timeoutMs);
      const check = () => {
        if (done) return;
        const i = published.findIndex((p) => p.uri === uri && (p.version ?? Infinity) >= minVersion);
        if (i >= 0) {
          done = true;
          clearTimeout(timer);
          const found = published[i];
          // Older notifications for the same document are superseded; other documents' stay queued.
          for (let j = i; j >= 0; j--) if (published[j].uri === uri) published.splice(j, 1);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });
  client.close = async () => {
    await connection.sendRequest("shutdown");
    await connection.sendNotification("exit");
    const code = await new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once("exit", (c) => resolve(c));
    });
    connection.dispose();
    return code;
  };
  client.initializeResult = await connection.sendRequest("initialize", { processId: process.pid, rootUri: workspaceFolder, capabilities, workspaceFolders: [{ uri: workspaceFolder, name: "work" }] });
  await connection.sendNotification("initialized", {});
  return client;
}

export function rules(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

/** Applies LSP text edits (line/character ranges) to text, last first. */
export function applyTextEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  const off = (p: { line: number; character: number }) => (starts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
