// The web extension (package.json "browser": vscode.dev, github.dev, a web worker extension
// host). The same client options as the Node build (languageClient.ts) and the same server
// and engine, bundled for the browser (dist/engine.js, shared with the desktop server, then
// dist/browserServer.js): the server runs in a worker started from a blob URL of the two, or, where the host refuses that worker, in this
// extension's own worker over a MessageChannel. Documents of any scheme are checked
// (vscode-vfs:, vscode-remote:…); the server reads no files, so no .policylens.yaml (README).
import * as vscode from "vscode";
import { BaseLanguageClient, type LanguageClientOptions, type MessageTransports } from "vscode-languageclient";
import type { MessageEndpoint, startBrowserServer } from "../../server/src/browserServer";
import { COMMANDS, WEB_SERVER_SCRIPTS } from "../../server/src/protocol";
import { CLIENT_ID, startClient } from "./languageClient";
import { registerCommands } from "./commands";
import { ServerState, StatusView } from "./status";
import type { PolicyLensApi } from "./extension";

/** The Worker of a browser (the tsconfig has no DOM library). */
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: "message" | "error", listener: (event: { data?: unknown; message?: string }) => void): void;
  removeEventListener(type: "message" | "error", listener: (event: { data?: unknown; message?: string }) => void): void;
}
declare const Worker: (new (url: string, options?: { name?: string }) => WebWorker) | undefined;

/** The global the server bundle defines (scripts/build.mjs: globalName). */
const SERVER_GLOBAL = "PolicyLensServer";
/** The worker's first message, before the protocol begins: the bundle loaded and the server listens. */
export const WORKER_READY = "policy-lens-server-ready";
/** How long the worker may take to load the server bundle before the server runs here instead. */
const WORKER_READY_MS = 20_000;

/** Where the server runs, and how to stop it. */
export interface ServerEndpoint {
  endpoint: MessageEndpoint;
  where: "worker" | "extension host";
  dispose(): void;
}

/** The server's scripts (the engine, then the server) as one script. */
async function serverBundle(context: vscode.ExtensionContext): Promise<string> {
  const read = async (path: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, ...path.split("/"))));
  return (await Promise.all(WEB_SERVER_SCRIPTS.map(read))).join("\n");
}

/**
 * A worker of its own keeps analysis off the extension host, which every web extension
 * shares. VS Code Server (and code-server) refuses `new Worker(url)` for an extension it
 * serves over vscode-remote: (microsoft/vscode#168942), but a blob: URL is same-origin
 * everywhere, so the bundle is read through the workspace file system and started from one.
 */
async function startWorkerServer(bundle: string): Promise<ServerEndpoint> {
  if (typeof Worker !== "function") throw new Error("this extension host has no Worker");
  const script = `${bundle}\n${SERVER_GLOBAL}.startBrowserServer(self);\nself.postMessage(${JSON.stringify(WORKER_READY)});\n`;
  const url = URL.createObjectURL(new Blob([script], { type: "text/javascript" }));
  let worker: WebWorker;
  try {
    worker = new Worker(url, { name: "Policy Lens language server" });
  } catch (error) {
    URL.revokeObjectURL(url);
    throw error;
  }
  const dispose = () => {
    worker.terminate();
    URL.revokeObjectURL(url);
  };
  // The protocol starts only once the bundle loaded: a worker that fails to load says so
  // with an error event, or never answers.
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      worker.removeEventListener("message", onMessage);
      worker.removeEventListener("error", onError);
      if (error) {
        dispose();
        reject(error);
      } else resolve();
    };
    const onMessage = (event: { data?: unknown }) => {
      if (event.data === WORKER_READY) done();
    };
    const onError = (event: { message?: string }) => done(new Error(event.message || "the worker failed to load"));
    const timer = setTimeout(() => done(new Error(`the worker did not start within ${WORKER_READY_MS / 1000} s`)), WORKER_READY_MS);
    worker.addEventListener("message", onMessage);
    worker.addEventListener("error", onError);
  });
  return { endpoint: worker as unknown as MessageEndpoint, where: "worker", dispose };
}

/** The server on this extension host's own thread, over a MessageChannel: the same bundle, evaluated here. */
function startInThreadServer(bundle: string): ServerEndpoint {
  const server = new Function(`${bundle}\nreturn ${SERVER_GLOBAL};`)() as { startBrowserServer: typeof startBrowserServer };
  const channel = new MessageChannel();
  server.startBrowserServer(channel.port1 as unknown as MessageEndpoint);
  return {
    endpoint: channel.port2 as unknown as MessageEndpoint,
    where: "extension host",
    dispose: () => {
      channel.port1.close();
      channel.port2.close();
    },
  };
}

export async function startServerEndpoint(context: vscode.ExtensionContext, outputChannel: vscode.OutputChannel): Promise<ServerEndpoint> {
  const bundle = await serverBundle(context);
  try {
    const started = await startWorkerServer(bundle);
    outputChannel.appendLine("Policy Lens language server runs in a web worker of its own.");
    return started;
  } catch (error) {
    outputChannel.appendLine(`Policy Lens language server runs in the extension host's worker (a worker of its own could not start: ${error instanceof Error ? error.message : String(error)}).`);
    return startInThreadServer(bundle);
  }
}

/**
 * The browser transport library, required when the web extension activates, not imported:
 * the desktop build shares this bundle (languageClientBundle.ts). It also installs the
 * browser runtime of the protocol library, which the client uses from then on.
 */
const browserTransport = () => require("vscode-languageclient/browser") as typeof import("vscode-languageclient/browser");

/** A language client whose every start (restarts included) gets a fresh server. */
export class WebLanguageClient extends BaseLanguageClient {
  private running: ServerEndpoint | undefined;

  constructor(
    clientOptions: LanguageClientOptions,
    private readonly startServer: () => Promise<ServerEndpoint>,
  ) {
    super(CLIENT_ID, "Policy Lens", clientOptions);
  }

  protected async createMessageTransports(): Promise<MessageTransports> {
    const { BrowserMessageReader, BrowserMessageWriter } = browserTransport();
    this.running?.dispose();
    this.running = await this.startServer();
    return { reader: new BrowserMessageReader(this.running.endpoint), writer: new BrowserMessageWriter(this.running.endpoint) };
  }

  override async stop(timeout?: number): Promise<void> {
    try {
      await super.stop(timeout);
    } finally {
      this.running?.dispose();
      this.running = undefined;
    }
  }
}

let client: WebLanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): Omit<PolicyLensApi, "client"> & { client: Promise<BaseLanguageClient> } {
  const activateStartedAt = performance.now();
  browserTransport();
  const outputChannel = vscode.window.createOutputChannel("Policy Lens");
  const status = new StatusView();
  status.setServerState(ServerState.Starting);
  // Every Markdown document, whatever its scheme: a virtual workspace's files are not file:.
  const languageClient = startClient(context, outputChannel, status, [{ language: "markdown" }], (options) => new WebLanguageClient(options, () => startServerEndpoint(context, outputChannel)));
  client = languageClient;
  context.subscriptions.push(
    outputChannel,
    status,
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      status.setServerState(ServerState.Starting);
      // BaseLanguageClient has no restart(); each start gets a fresh server (createMessageTransports).
      await languageClient.stop();
      await languageClient.start();
    }),
  );
  registerCommands(context, outputChannel);
  const activationMs = performance.now() - activateStartedAt;
  outputChannel.appendLine(`Policy Lens (web) activated in ${activationMs.toFixed(1)} ms`);
  return { client: Promise.resolve(languageClient), activationMs, statusFor: (uri) => status.statusFor(uri) };
}

export async function deactivate(): Promise<void> {
  const languageClient = client;
  client = undefined;
  if (languageClient) await languageClient.stop();
}
