// The language server in a browser (dist/browserServer.js): the same startServer and engine,
// on a MessagePort or a worker's own scope, with none of the Node deps (ServerDeps in
// server.ts). It checks the documents the client sends, whatever their scheme (vscode-vfs:,
// vscode-remote:…); it reads no file itself, so no .policylens.yaml and no workspace check
// of closed files. The bundle only defines `PolicyLensServer.startBrowserServer`; the web
// extension (client/src/browserExtension.ts) calls it in a worker or in its own thread.
import { BrowserMessageReader, BrowserMessageWriter, ProposedFeatures, createConnection, type Message } from "vscode-languageserver/browser";
import { startServer } from "./server";

/** A MessagePort, a Worker, or a worker's global scope (what vscode-languageserver/browser accepts). */
export type MessageEndpoint = ConstructorParameters<typeof BrowserMessageReader>[0];

/**
 * Writes each message as its JSON, as the stdio transport does. postMessage copies objects by
 * structured clone, which calls no toJSON and drops getters: the server's prepared
 * diagnostics (lsp/diagnosticsWire.ts) would arrive without their `diagnostics` and `items`.
 */
class JsonMessageWriter extends BrowserMessageWriter {
  override write(message: Message): Promise<void> {
    return super.write(JSON.parse(JSON.stringify(message)) as Message);
  }
}

export function startBrowserServer(endpoint: MessageEndpoint): void {
  startServer(createConnection(ProposedFeatures.all, new BrowserMessageReader(endpoint), new JsonMessageWriter(endpoint)), {});
}
