// The status bar item: the server's state, and the active document's finding counts as the
// server reports them. Clicking it opens the Problems view.
import * as vscode from "vscode";
import type { DocumentStatusParams as DocumentStatus } from "../../server/src/lsp/status";
import { COUNT_NAMES, summarizeCounts } from "./summary";
import { ServerState } from "./serverState";
export { ServerState } from "./serverState";

// The notification and its payload are defined once, next to the server code that sends them.
export { STATUS_NOTIFICATION } from "../../server/src/lsp/status";
export type { FindingCounts, DocumentStatusParams as DocumentStatus } from "../../server/src/lsp/status";

export class StatusView implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("policyLens.status", vscode.StatusBarAlignment.Left, 0);
  private readonly byUri = new Map<string, DocumentStatus>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private serverState: ServerState = ServerState.Starting;

  constructor() {
    this.item.name = "Policy Lens";
    this.item.command = "workbench.actions.view.problems";
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((doc) => this.byUri.delete(doc.uri.toString())),
    );
    this.render();
  }

  setServerState(state: ServerState): void {
    this.serverState = state;
    this.render();
  }

  update(status: DocumentStatus): void {
    this.byUri.set(status.uri, status);
    this.render();
  }

  statusFor(uri: vscode.Uri): DocumentStatus | undefined {
    return this.byUri.get(uri.toString());
  }

  private render(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const isPolicyDoc = doc !== undefined && doc.languageId === "markdown" && (doc.uri.scheme === "file" || doc.uri.scheme === "untitled");
    // A stopped server matters even when no Markdown file is in front.
    if (!isPolicyDoc && this.serverState !== ServerState.Stopped) {
      this.item.hide();
      return;
    }
    const tooltip = new vscode.MarkdownString(undefined, true);
    this.item.backgroundColor = undefined;
    if (this.serverState === ServerState.Starting) {
      this.item.text = "$(sync~spin) Policy Lens: starting";
      tooltip.appendMarkdown("The Policy Lens server is starting.");
    } else if (this.serverState === ServerState.Stopped) {
      this.item.text = "$(error) Policy Lens: stopped";
      this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
      tooltip.appendMarkdown("The Policy Lens server is not running. Run **Policy Lens: Restart server**; details are in the Policy Lens output.");
    } else {
      const status = doc ? this.byUri.get(doc.uri.toString()) : undefined;
      this.item.text = `$(law) ${status ? summarizeCounts(status.counts) : "Policy Lens"}`;
      tooltip.appendMarkdown("**Policy Lens** is running.");
      if (status) {
        tooltip.appendMarkdown("\n\n" + COUNT_NAMES.map(([k, , many]) => `- ${many}: ${status.counts[k]}`).join("\n"));
      }
      tooltip.appendMarkdown("\n\nClick to open the Problems view.");
    }
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
