// The Policy Lens coverage view (Explorer): one node per document of the workspace, its
// required terms below it (present, weak, missing) and its counts of red lines, loopholes
// and unverified claims. A term opens its clause (for a missing term, the title, where the
// quick fix inserts one). The rows come from the server (policyLens/coverage), which asks
// for a refresh when a row changes, whether by typing, a workspace check or a file on disk.
import * as vscode from "vscode";
import type { BaseLanguageClient } from "vscode-languageclient";
import { COMMANDS, NOTIFICATIONS, REQUESTS, VIEWS, type CoverageCellInfo, type CoverageReport, type CoverageRow, type WorkspaceCheckResult, type WorkspaceProgress } from "../../server/src/protocol";

type Node = { row: CoverageRow } | { row: CoverageRow; cell: CoverageCellInfo } | { row: CoverageRow; count: "red-line" | "loophole" | "claim" };

const STATE_ICON: Record<CoverageCellInfo["state"], [icon: string, color: string]> = {
  present: ["pass", "testing.iconPassed"],
  weak: ["warning", "list.warningForeground"],
  missing: ["error", "list.errorForeground"],
  unknown: ["question", "descriptionForeground"],
};
const STATE_WORD: Record<CoverageCellInfo["state"], string> = { present: "present", weak: "weak", missing: "missing", unknown: "not judged" };
const COUNT_LABELS = { "red-line": "Red lines", loophole: "Loopholes", claim: "Unverified claims" } as const;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

class CoverageTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private rows: Promise<CoverageRow[]> | undefined;

  constructor(private readonly client: BaseLanguageClient) {}

  refresh(): void {
    this.rows = undefined;
    this.changed.fire(undefined);
  }

  private load(): Promise<CoverageRow[]> {
    this.rows ??= this.client.sendRequest<CoverageReport>(REQUESTS.coverage, {}).then(
      (r) => r.rows,
      () => [],
    );
    return this.rows;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return (await this.load()).map((row) => ({ row }));
    if ("cell" in node || "count" in node) return [];
    const counts = (["red-line", "loophole", "claim"] as const).map((count) => ({ row: node.row, count }));
    return [...node.row.cells.map((cell) => ({ row: node.row, cell })), ...counts];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const uri = vscode.Uri.parse(node.row.uri);
    if ("cell" in node) {
      const { cell } = node;
      const item = new vscode.TreeItem(capitalise(cell.label), vscode.TreeItemCollapsibleState.None);
      item.description = `${STATE_WORD[cell.state]}${cell.reason ? ` (${cell.reason})` : ""} · line ${cell.range.start.line + 1}`;
      const [icon, color] = STATE_ICON[cell.state];
      item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
      item.tooltip = cell.note ? `${capitalise(cell.label)}: ${STATE_WORD[cell.state]}. ${cell.note}` : `${capitalise(cell.label)}: ${STATE_WORD[cell.state]}`;
      item.contextValue = `coverage-${cell.state}`;
      item.accessibilityInformation = { label: `${cell.label}, ${STATE_WORD[cell.state]}, line ${cell.range.start.line + 1}` };
      item.command = { command: COMMANDS.openCoverageCell, title: "Open clause", arguments: [node.row.uri, cell.range] };
      return item;
    }
    if ("count" in node) {
      const n = node.row.counts[node.count];
      const item = new vscode.TreeItem(COUNT_LABELS[node.count], vscode.TreeItemCollapsibleState.None);
      item.description = String(n);
      item.iconPath = new vscode.ThemeIcon(node.count === "red-line" ? "circle-slash" : node.count === "loophole" ? "unlock" : "comment-unresolved");
      return item;
    }
    const { row } = node;
    const missing = row.cells.filter((c) => c.state === "missing").length;
    const weak = row.cells.filter((c) => c.state === "weak").length;
    const item = new vscode.TreeItem(uri, row.cells.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.label = vscode.workspace.asRelativePath(uri);
    const gaps = [missing && `${missing} missing`, weak && `${weak} weak`].filter(Boolean).join(", ");
    item.description = [row.kind, row.profile, gaps || (row.cells.length ? "all terms present" : "")].filter(Boolean).join(" · ");
    item.iconPath = new vscode.ThemeIcon(missing ? "error" : weak ? "warning" : "file", missing ? new vscode.ThemeColor("list.errorForeground") : weak ? new vscode.ThemeColor("list.warningForeground") : undefined);
    item.resourceUri = uri;
    // A click expands or collapses the document; its terms open the clauses.
    item.contextValue = "coverage-document";
    return item;
  }
}

/** The coverage view and the Check workspace command. */
export function registerCoverage(client: BaseLanguageClient): vscode.Disposable {
  const tree = new CoverageTree(client);
  const view = vscode.window.createTreeView(VIEWS.coverage, { treeDataProvider: tree, showCollapseAll: true });
  let stale = false;
  const refresh = () => {
    if (view.visible) tree.refresh();
    else stale = true;
  };
  const checkWorkspace = () =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Policy Lens: checking the workspace", cancellable: true }, async (progress, token) => {
      let reported = 0;
      const listening = client.onNotification(NOTIFICATIONS.workspaceProgress, (p: WorkspaceProgress) => {
        const percent = p.total ? (100 * p.done) / p.total : 100;
        progress.report({ message: `${p.done} of ${p.total} documents`, increment: percent - reported });
        reported = percent;
      });
      try {
        const result = await client.sendRequest<WorkspaceCheckResult>(REQUESTS.checkWorkspace, {}, token);
        tree.refresh();
        return result;
      } finally {
        listening.dispose();
      }
    });
  return vscode.Disposable.from(
    view,
    view.onDidChangeVisibility((e) => {
      if (e.visible && stale) {
        stale = false;
        tree.refresh();
      }
    }),
    client.onNotification(NOTIFICATIONS.coverageChanged, refresh),
    vscode.commands.registerCommand(COMMANDS.checkWorkspace, checkWorkspace),
    vscode.commands.registerCommand(COMMANDS.refreshCoverage, () => tree.refresh()),
    vscode.commands.registerCommand(COMMANDS.openCoverageCell, async (uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }) => {
      const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
      await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection, preview: true });
    }),
  );
}
