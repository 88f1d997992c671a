// The names the language server and the VS Code client share: command ids, custom requests
// and notifications, the coverage view's id, and the payloads they carry. Both sides import
// this module (no Node, LSP or vscode imports), so a name is written once; package.json's
// contributions are tested against it (test/extension-manifest.test.ts).
import type { CoverageState } from "./engine/coverage";
import type { Category, DocumentKind, Range, TermId } from "./engine/types";

/**
 * The web extension's language server: the scripts evaluated one after the other, in this
 * order, in its worker (or the extension host's). dist/engine.js, shared with the desktop
 * server, defines PolicyLensEngine; dist/browserServer.js reads it (scripts/build.mjs).
 */
export const WEB_SERVER_SCRIPTS = ["dist/engine.js", "dist/browserServer.js"] as const;

export const COMMANDS = {
  /** Inserts a model clause: `[uri, term, variant?]`; with `[uri]` or nothing, returns the clause library. */
  insertClause: "policyLens.insertClause",
  /** Applies a workspace edit for clients that only understand code actions as commands. */
  applyEdit: "policyLens.applyEdit",
  restartServer: "policyLens.restartServer",
  /** Checks every Markdown document of the workspace, with cancellable progress. */
  checkWorkspace: "policyLens.checkWorkspace",
  /** Opens a coverage cell's clause: `[uri, range]`. */
  openCoverageCell: "policyLens.openCoverageCell",
  refreshCoverage: "policyLens.refreshCoverage",
  /** The first-run commands (client only; the walkthrough links to them). */
  createConfig: "policyLens.createConfig",
  /** Opens the rule reference shipped in the extension: `[ruleId?]`. */
  openRuleReference: "policyLens.openRuleReference",
  showOutput: "policyLens.showOutput",
  openSample: "policyLens.openSample",
} as const;

export const NOTIFICATIONS = {
  /** Server → client after each fresh analysis: finding counts for the status bar. */
  status: "policyLens/status",
  /** Server → client while a workspace check runs: `WorkspaceProgress`. */
  workspaceProgress: "policyLens/workspaceProgress",
  /** Server → client when some document's coverage changed (typing, a check, a file on disk). */
  coverageChanged: "policyLens/coverageChanged",
} as const;

export const REQUESTS = {
  /** Client → server: check the whole workspace now (cancellable); answers `WorkspaceCheckResult`. */
  checkWorkspace: "policyLens/checkWorkspace",
  /** Client → server: the coverage matrix of every document known, open or on disk: `CoverageReport`. */
  coverage: "policyLens/coverage",
} as const;

export const VIEWS = {
  container: "policyLens",
  coverage: "policyLens.coverage",
} as const;

export interface WorkspaceProgress {
  done: number;
  total: number;
}

export interface WorkspaceCheckResult {
  checked: number;
  total: number;
  cancelled: boolean;
}

export interface CoverageCellInfo {
  term: TermId;
  label: string;
  state: CoverageState;
  reason?: "loophole" | "permission";
  /** The clause the cell leads to. */
  range: Range;
  note?: string;
}

export interface CoverageRow {
  uri: string;
  kind: DocumentKind;
  profile?: string;
  complete: boolean;
  cells: CoverageCellInfo[];
  counts: Record<Category, number>;
}

export interface CoverageReport {
  rows: CoverageRow[];
}
