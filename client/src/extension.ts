// The VS Code face of Policy Lens: a thin adapter that starts the bundled language server
// and shows its state. All analysis happens in the server. Activation only sets up the
// status bar and commands; the language client (dist/languageClient.js, most of the code)
// is loaded right after, so opening the first Markdown file stays instant.
import { bundleEvaluationStartedAt } from "./loadClock";
import { performance } from "node:perf_hooks";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { ServerState, StatusView, type DocumentStatus } from "./status";
import { registerCommands } from "./commands";
import { COMMANDS } from "../../server/src/protocol";

export const RESTART_COMMAND = COMMANDS.restartServer;

export interface PolicyLensApi {
  /** The language client, once loaded and created (just after activation). */
  client: Promise<LanguageClient>;
  /** Time spent evaluating dist/client.js plus running activate(), in milliseconds. */
  activationMs: number;
  /** The latest counts the server reported for a document, keyed by URI string. */
  statusFor(uri: vscode.Uri): DocumentStatus | undefined;
}

let client: Promise<LanguageClient> | undefined;

export function activate(context: vscode.ExtensionContext): PolicyLensApi {
  const activateStartedAt = performance.now();
  const outputChannel = vscode.window.createOutputChannel("Policy Lens");
  const status = new StatusView();
  status.setServerState(ServerState.Starting);
  const languageClient = new Promise<LanguageClient>((resolve, reject) => {
    setImmediate(() => {
      try {
        // A separate bundle, required at run time: esbuild leaves it out of this one.
        const module = require(context.asAbsolutePath("dist/languageClient.js")) as typeof import("./languageClient");
        resolve(module.startLanguageClient(context, outputChannel, status));
      } catch (error) {
        outputChannel.appendLine(`Policy Lens could not load its language client: ${String(error)}`);
        status.setServerState(ServerState.Stopped);
        reject(error);
      }
    });
  });
  languageClient.catch(() => undefined);
  client = languageClient;
  context.subscriptions.push(
    outputChannel,
    status,
    vscode.commands.registerCommand(RESTART_COMMAND, async () => {
      status.setServerState(ServerState.Starting);
      await (await languageClient).restart();
    }),
  );
  registerCommands(context, outputChannel);

  // The extension host may run other extensions between loading this bundle and calling
  // activate(), so the two parts are timed separately and added.
  const bundleMs = bundleEvaluatedAt - bundleEvaluationStartedAt;
  const activateMs = performance.now() - activateStartedAt;
  const activationMs = bundleMs + activateMs;
  outputChannel.appendLine(`Policy Lens activated in ${activationMs.toFixed(1)} ms (bundle ${bundleMs.toFixed(1)} ms, activate() ${activateMs.toFixed(1)} ms)`);
  void languageClient.then(() => outputChannel.appendLine(`Policy Lens language client loaded ${(performance.now() - activateStartedAt).toFixed(1)} ms after activation began`), () => undefined);
  return { client: languageClient, activationMs, statusFor: (uri) => status.statusFor(uri) };
}

export async function deactivate(): Promise<void> {
  const languageClient = await client?.catch(() => undefined);
  client = undefined;
  if (languageClient) await languageClient.stop();
}

// Last statement of the bundle's entry module: everything above, libraries included, is loaded.
const bundleEvaluatedAt = performance.now();
