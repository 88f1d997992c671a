// The flows of the code-server suite (test/e2e), through the VS Code API inside a real
// extension host: diagnostics, status counts, hover, the missing-exit quick fix, the
// outline, Insert clause, and surviving a crashed server without losing edits.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { before, describe, it } from "mocha";
import * as vscode from "vscode";
import type { PolicyLensApi } from "../../../client/src/extension";

const EXTENSION_ID = "policy-lens.policy-lens";
const CONTRACT = "contract-chatbot-missing-terms.md";

async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000, explain?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${explain ? `: ${explain()}` : ""}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === "object" ? d.code.value : d.code);
}

function policyDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "policy-lens");
}

function serverPids(extensionPath: string): number[] {
  try {
    return execFileSync("pgrep", ["-f", `${join(extensionPath, "dist", "server.js")}`], { encoding: "utf8" }).split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function registerExtensionTests(): void {
  describe("Policy Lens in VS Code", () => {
    let api: PolicyLensApi;
    let extensionPath: string;
    let doc: vscode.TextDocument;
    let exitTitle = "";

    before(async () => {
      const workspace = process.env.POLICY_LENS_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(workspace, "a workspace with the samples is open");
      doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(workspace, CONTRACT)));
      await vscode.window.showTextDocument(doc);
      const extension = vscode.extensions.getExtension<PolicyLensApi>(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is installed`);
      api = await waitFor("the extension to activate on Markdown", () => extension.isActive && extension.exports);
      extensionPath = extension.extensionPath;
    });

    it("activates quickly", () => {
      assert.ok(api.activationMs < 1500, `activation took ${api.activationMs} ms`);
    });

    it("reports the contract's findings as diagnostics", async () => {
      const diagnostics = await waitFor("diagnostics", () => {
        const list = policyDiagnostics(doc.uri);
        return list.some((d) => codeOf(d) === "missing-term/exit-strategy") && list;
      });
      const intent = diagnostics.find((d) => codeOf(d) === "loophole/intent-test");
      assert.ok(intent, "the intent-test loophole");
      assert.equal(doc.getText(intent.range), "intentionally");
      assert.equal(intent.severity, vscode.DiagnosticSeverity.Warning);
    });

    it("sends the counts the status bar shows", async () => {
      const status = await waitFor("a status notification", () => api.statusFor(doc.uri));
      const loopholes = policyDiagnostics(doc.uri).filter((d) => codeOf(d).startsWith("loophole/")).length;
      assert.equal(status.counts.loophole, loopholes);
      assert.ok(status.counts.missingTerm >= 1);
    });

    it("explains a loophole on hover", async () => {
      const line = doc.lineAt(18).text;
      const position = new vscode.Position(18, line.indexOf("intentionally") + 2);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, position);
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
      assert.match(text, /loophole\/intent-test/);
      assert.match(text, /Why it matters/);
    });

    it("inserts a numbered exit clause with the quick fix, and the diagnostic goes", async () => {
      const missing = policyDiagnostics(doc.uri).find((d) => codeOf(d) === "missing-term/exit-strategy");
      assert.ok(missing);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", doc.uri, missing.range, vscode.CodeActionKind.QuickFix.value);
      const insert = actions.find((a) => /^Insert section “.+” \(exit strategy\)$/.test(a.title));
      assert.ok(insert?.edit, `quick fixes: ${actions.map((a) => a.title).join(" | ")}`);
      exitTitle = /“(.+)”/.exec(insert.title)![1];
      assert.ok(await vscode.workspace.applyEdit(insert.edit));
      assert.match(doc.getText(), new RegExp(`\\n## 5\\. ${exitTitle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n\\n5\\.1 \\S`));
      await waitFor("the exit-strategy diagnostic to go", () => !policyDiagnostics(doc.uri).some((d) => codeOf(d) === "missing-term/exit-strategy"));
    });

    it("outlines sections and clauses", async () => {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>("vscode.executeDocumentSymbolProvider", doc.uri);
      const names: string[] = [];
      const details: string[] = [];
      const walk = (list: vscode.DocumentSymbol[]) => list.forEach((s) => (names.push(s.name), details.push(s.detail), walk(s.children ?? [])));
      walk(symbols);
      for (const section of ["1. Services", "2. Permitted use", `5. ${exitTitle}`]) assert.ok(names.includes(section), `${section} in ${names.join(" | ")}`);
      assert.ok(names.some((n) => n.startsWith("1.1")), `clauses too: ${names.join(" | ")}`);
      assert.ok(details.some((d) => /data residency missing/.test(d)));
    });

    it("inserts a clause from the library with Policy Lens: Insert clause", async () => {
      const library = await vscode.commands.executeCommand<{ term: string; title: string }[]>("policyLens.insertClause", doc.uri.toString());
      const residency = library.find((e) => e.term === "data-residency");
      assert.ok(residency, "the library has a data-residency clause");
      assert.ok(await vscode.commands.executeCommand("policyLens.insertClause", doc.uri.toString(), "data-residency"));
      await waitFor("the inserted clause", () => doc.getText().includes(`## 6. ${residency.title}`));
      await waitFor(
        "the data-residency diagnostic to go",
        () => !policyDiagnostics(doc.uri).some((d) => codeOf(d) === "missing-term/data-residency"),
        30_000,
        () => `diagnostics: ${policyDiagnostics(doc.uri).map(codeOf).join(", ")}\n${doc.getText()}`,
      );
    });

    it("restarts a crashed server and keeps the edits made while it was down", async () => {
      const [oldPid] = serverPids(extensionPath);
      assert.ok(oldPid, "the server process is running");
      const added = "\n9.9 The Supplier shall not use the Services for facial recognition of residents, except where required by law.\n";
      process.kill(oldPid, "SIGSTOP");
      try {
        const edit = new vscode.WorkspaceEdit();
        edit.insert(doc.uri, doc.lineAt(doc.lineCount - 1).range.end, added);
        assert.ok(await vscode.workspace.applyEdit(edit));
      } finally {
        process.kill(oldPid, "SIGKILL");
      }
      await waitFor("a new server process", () => serverPids(extensionPath).some((p) => p !== oldPid));
      await waitFor("a finding for the edit", () => policyDiagnostics(doc.uri).some((d) => doc.getText(d.range).includes("except where required by law")), 45_000);
      assert.ok(doc.getText().includes(added.trim()));
    });
  });
}
