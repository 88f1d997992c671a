// The VS Code face of Policy Lens: a thin adapter that starts the bundled language server
// and shows its state. All analysis happens in the server; nothing heavy runs at import or
// activation, so opening the first Markdown file stays instant.
import { bundleEvaluationStartedAt } from "./loadClock";
import { performance } from "node:perf_hooks";
import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { StatusView, STATUS_NOTIFICATION, type DocumentStatus } from "./status";
import { INSERT_CLAUSE_COMMAND, pickClauseTerm } from "./clauses";
import { RestartBudget } from "./restartBudget";

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
export const RESTART_COMMAND = "policyLens.restartServer";

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

export interface PolicyLensApi {
  client: LanguageClient;
  /** Time spent evaluating dist/client.js plus running activate(), in milliseconds. */
  activationMs: number;
  /** The latest counts the server reported for a document, keyed by URI string. */
  statusFor(uri: vscode.Uri): DocumentStatus | undefined;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): PolicyLensApi {
  const activateStartedAt = performance.now();
  const serverModule = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, "--nolazy", "--inspect=6009"] } },
  };
  const outputChannel = vscode.window.createOutputChannel("Policy Lens");
  // The middleware below runs only after the client exists; it refers to it through this.
  let languageClient: LanguageClient;
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    outputChannel,
    errorHandler: new PatientRestartHandler(),
    synchronize: {
      // Project rules and profiles live in .policylens.yaml; the server re-reads it on change.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/.policylens.{yaml,yml,json}"),
    },
    middleware: {
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

  languageClient = new LanguageClient(CLIENT_ID, "Policy Lens", serverOptions, clientOptions);
  client = languageClient;
  const status = new StatusView();
  context.subscriptions.push(
    outputChannel,
    status,
    languageClient.onDidChangeState((e) => status.setServerState(e.newState)),
    languageClient.onNotification(STATUS_NOTIFICATION, (params: DocumentStatus) => status.update(params)),
    vscode.commands.registerCommand(RESTART_COMMAND, async () => {
      status.setServerState(State.Starting);
      await languageClient.restart();
    }),
  );
  status.setServerState(State.Starting);
  // Not awaited: activation must not wait for the server process to boot.
  languageClient.start().catch((error: unknown) => {
    outputChannel.appendLine(`Policy Lens server failed to start: ${String(error)}`);
    status.setServerState(State.Stopped);
  });

  // The extension host may run other extensions between loading this bundle and calling
  // activate(), so the two parts are timed separately and added.
  const bundleMs = bundleEvaluatedAt - bundleEvaluationStartedAt;
  const activateMs = performance.now() - activateStartedAt;
  const activationMs = bundleMs + activateMs;
  outputChannel.appendLine(`Policy Lens activated in ${activationMs.toFixed(1)} ms (bundle ${bundleMs.toFixed(1)} ms, activate() ${activateMs.toFixed(1)} ms)`);
  return { client: languageClient, activationMs, statusFor: (uri) => status.statusFor(uri) };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}

// Last statement of the bundle's entry module: everything above, libraries included, is loaded.
const bundleEvaluatedAt = performance.now();
