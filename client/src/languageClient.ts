// The language client, loaded by extension.ts just after activation: the library is most of
// the extension's code, and evaluating it inside activate() made activation 60–270 ms.
import * as vscode from "vscode";
import {
  CloseAction,
  ConnectionError,
  ErrorAction,
  ErrorCodes,
  ResponseError,
  type BaseLanguageClient,
  type CloseHandlerResult,
  type DocumentSelector,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type MessageSignature,
} from "vscode-languageclient";
import type { LanguageClient, ServerOptions } from "vscode-languageclient/node";
import { ServerState, StatusView, STATUS_NOTIFICATION, type DocumentStatus } from "./status";
import { INSERT_CLAUSE_COMMAND, pickClauseTerm } from "./clauses";
import { RestartBudget } from "./restartBudget";
import { OPEN_RULE_REFERENCE_COMMAND } from "./commands";
import { registerCoverage } from "./coverageView";

export const CLIENT_ID = "policyLens";

/**
 * Node flags for the language server process. `--max-semi-space-size=8` halves V8's young
 * generation (16 MB semi-spaces by default, both resident once used): with 100 open 100 KB
 * documents the server's RSS went from ~156 to ~145 MB, and keystroke → diagnostics on the
 * 1 MB contract was no slower (p50 66–68 vs 70–73 ms, same machine, `npm run bench:lsp`).
 * 4 MB saved another ~10 MB but made p95 ~40% slower; --optimize-for-size was 2–3× slower.
 * scripts/bench/lsp.mjs launches the server with the same flags.
 */
export const SERVER_EXEC_ARGV = ["--max-semi-space-size=8"];

/**
 * Restarts a crashed server far more patiently than the library default (4 restarts in
 * 3 minutes): a crash is a bug we must survive, and losing diagnostics for the rest of the
 * session is worse than a few restarts. Only a tight crash loop (the same document
 * crashing every fresh server) stops it, and then the user is told.
 */
export class PatientRestartHandler implements ErrorHandler {
  private readonly budget = new RestartBudget(20, 3 * 60 * 1000);

  error(): ErrorHandlerResult {
    // A malformed message is not a dead server; keep the connection.
    return { action: ErrorAction.Continue, handled: true };
  }

  closed(): CloseHandlerResult {
    if (this.budget.allowRestart()) return { action: CloseAction.Restart, handled: true };
    return {
      action: CloseAction.DoNotRestart,
      message: `The Policy Lens server crashed ${this.budget.recentRestarts + 1} times in ${this.budget.windowMs / 60000} minutes and will not be restarted. Run "Policy Lens: Restart server" after fixing the cause (see the Policy Lens output).`,
    };
  }
}

/**
 * Whether a request failed only because the server was gone: it died and the client has not
 * yet noticed (it restarts it and sends every open document again), so the request could
 * not be written to it (a write error) or the connection was already closed. The library
 * answers requests quietly once the connection is disposed; before that it showed
 * "Request textDocument/codeLens failed." (foldingRange, codeAction…) notifications after a crash.
 */
export function failedOnClosedConnection(error: unknown): boolean {
  return error instanceof ConnectionError || (error instanceof ResponseError && error.code === ErrorCodes.MessageWriteError);
}

/** Points each diagnostic's rule link (docs/rules.md#rule) at the Open rule reference command. */
export function linkRulesToShippedDocs(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  for (const d of diagnostics) {
    const code = d.code;
    if (code && typeof code === "object" && code.target.path.endsWith("/docs/rules.md")) {
      d.code = { value: code.value, target: vscode.Uri.parse(`command:${OPEN_RULE_REFERENCE_COMMAND}?${encodeURIComponent(JSON.stringify([String(code.value)]))}`) };
    }
  }
  return diagnostics;
}

/** Creates and starts the client; the server process boots in the background. */
export function startLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.OutputChannel, status: StatusView): LanguageClient {
  // Required here, not imported: the web build shares this bundle (languageClientBundle.ts).
  const { LanguageClient, TransportKind } = require("vscode-languageclient/node") as typeof import("vscode-languageclient/node");
  const serverModule = context.asAbsolutePath("dist/server.js");
  // stdio, not IPC: the server writes published diagnostics from bytes it reuses between
  // keystrokes (server/src/lsp/diagnosticsWire.ts), where process.send would serialise them all again.
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV, "--nolazy", "--inspect=6009"] } },
  };
  const documentSelector = [
    { scheme: "file", language: "markdown" },
    { scheme: "untitled", language: "markdown" },
  ];
  return startClient(context, outputChannel, status, documentSelector, (clientOptions) => new LanguageClient(CLIENT_ID, "Policy Lens", serverOptions, clientOptions));
}

/**
 * The client of either build, on the options both share: `create` makes the Node client
 * above, or the web extension's on a worker (client/src/browserExtension.ts).
 */
export function startClient<C extends BaseLanguageClient>(
  context: vscode.ExtensionContext,
  outputChannel: vscode.OutputChannel,
  status: StatusView,
  documentSelector: DocumentSelector,
  create: (clientOptions: LanguageClientOptions) => C,
): C {
  // The middleware below runs only after the client exists; it refers to it through this.
  let languageClient: C;
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel,
    errorHandler: new PatientRestartHandler(),
    synchronize: {
      // Project rules and profiles live in .policylens.yaml; the server re-reads it on change.
      // Markdown files changed on disk are checked again for the workspace's findings.
      fileEvents: [vscode.workspace.createFileSystemWatcher("**/.policylens.{yaml,yml,json}"), vscode.workspace.createFileSystemWatcher("**/*.{md,markdown}")],
    },
    middleware: {
      // Rule links open the reference shipped in the extension, which works offline and
      // matches this version of the rules; other links (a custom rule's own) are kept.
      handleDiagnostics: (uri, diagnostics, next) => next(uri, linkRulesToShippedDocs(diagnostics)),
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const report = await next(document, previousResultId, token);
        if (report && "items" in report) linkRulesToShippedDocs(report.items);
        return report;
      },
      // The server advertises policyLens.insertClause, so the client library registers the
      // VS Code command; from the palette it arrives without arguments, and we ask for them.
      executeCommand: async (command, args, next) => {
        if (command === INSERT_CLAUSE_COMMAND && args.length === 0) {
          const editor = vscode.window.activeTextEditor;
          if (!editor || editor.document.languageId !== "markdown") {
            void vscode.window.showInformationMessage("Policy Lens: open a Markdown contract to insert a clause.");
            return undefined;
          }
          const term = await pickClauseTerm(languageClient, editor.document.uri);
          if (!term) return undefined;
          return next(command, [editor.document.uri.toString(), term]);
        }
        return next(command, args);
      },
    },
  };

  languageClient = create(clientOptions);
  // A request caught by a crash gets its empty answer, as the library gives one once the connection is disposed.
  const handleFailedRequest = languageClient.handleFailedRequest.bind(languageClient);
  languageClient.handleFailedRequest = <T>(type: MessageSignature, token: vscode.CancellationToken | undefined, error: unknown, defaultValue: T, showNotification?: boolean): T => {
    if (!failedOnClosedConnection(error)) return handleFailedRequest(type, token, error, defaultValue, showNotification);
    outputChannel.appendLine(`${type.method}: the server's connection had closed; answered with nothing while it restarts.`);
    return defaultValue;
  };
  context.subscriptions.push(
    languageClient.onDidChangeState((e) => status.setServerState(e.newState)),
    languageClient.onNotification(STATUS_NOTIFICATION, (params: DocumentStatus) => status.update(params)),
    registerCoverage(languageClient),
  );
  // Not awaited: nothing waits for the server process to boot.
  languageClient.start().catch((error: unknown) => {
    outputChannel.appendLine(`Policy Lens server failed to start: ${String(error)}`);
    status.setServerState(ServerState.Stopped);
  });
  return languageClient;
}
