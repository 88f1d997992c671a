// The server's connection. Over --stdio it gets our own writer, which writes published
// diagnostics from their already-encoded groups (lsp/diagnosticsWire.ts); every other
// transport is the library's own, chosen from argv.
import { Console } from "node:console";
import { format } from "node:util";
import { ProposedFeatures, createConnection, type RemoteConsole } from "vscode-languageserver/node";
import { PartsMessageWriter } from "./diagnosticsWire";

/** The argument vscode-languageserver picks its transport from: the first one given. */
function transportArgument(argv: readonly string[]): string | undefined {
  return argv.find((a) => /^--(node-ipc|stdio|socket|pipe)(=|$)/.test(a));
}

/**
 * Whether the server talks over stdio, where published diagnostics are written from their
 * encoded groups; over the other transports the library serialises every message itself.
 */
export function writesEncodedGroups(argv: readonly string[] = process.argv.slice(2)): boolean {
  return transportArgument(argv) === "--stdio";
}

export function createServerConnection(argv: readonly string[] = process.argv.slice(2)) {
  if (!writesEncodedGroups(argv)) return createConnection(ProposedFeatures.all);
  const writer = new PartsMessageWriter(process.stdout);
  // stdin as a stream, not a reader, keeps the library's exit when the client closes it. The
  // typed overloads pair a stream with a stream, but the library takes a writer as well.
  const connection = createConnection(ProposedFeatures.all, process.stdin, writer as unknown as NodeJS.WritableStream);
  routeConsoleTo(connection.console);
  return connection;
}

/**
 * stdout carries the protocol, so nothing else may write to it. The library sends `console`
 * to the client only when it parses --stdio itself; as it does, logging goes to the client's
 * log, and the rest of `console` (dir, table, count…) to stderr.
 */
function routeConsoleTo(remote: RemoteConsole): void {
  Object.assign(console, new Console(process.stderr), {
    log: (...args: unknown[]) => remote.log(format(...args)),
    info: (...args: unknown[]) => remote.info(format(...args)),
    debug: (...args: unknown[]) => remote.log(format(...args)),
    warn: (...args: unknown[]) => remote.warn(format(...args)),
    error: (...args: unknown[]) => remote.error(format(...args)),
  });
}
