// "Policy Lens: Insert clause…": the clause library comes from the server, which owns the
// rules (built-in or from .policylens.yaml). The server command policyLens.insertClause
// called with only a URI returns the library; with (uri, term) it inserts the clause.
import * as vscode from "vscode";
import { ExecuteCommandRequest, type BaseLanguageClient } from "vscode-languageclient";
import { COMMANDS } from "../../server/src/protocol";

export const INSERT_CLAUSE_COMMAND = COMMANDS.insertClause;

export interface ClauseLibraryEntry {
  /** Term id, e.g. `exit-strategy`; the argument of the server command. */
  term: string;
  /** What the term covers, e.g. "exit strategy". */
  label: string;
  /** The model clause's heading, e.g. "Exit management". */
  title: string;
}

interface ClausePickItem extends vscode.QuickPickItem {
  term: string;
}

/** Terms the document lacks, read from the missing-term diagnostics already on screen. */
export function missingTerms(diagnostics: readonly vscode.Diagnostic[]): Set<string> {
  const missing = new Set<string>();
  for (const d of diagnostics) {
    const code = typeof d.code === "object" ? d.code.value : d.code;
    const m = /^missing-term\/(.+)$/.exec(String(code ?? ""));
    if (d.source === "policy-lens" && m) missing.add(m[1]);
  }
  return missing;
}

export function clausePickItems(entries: readonly ClauseLibraryEntry[], missing: ReadonlySet<string>): ClausePickItem[] {
  // Missing terms first: they are what a drafter most likely came to add.
  const ordered = [...entries.filter((e) => missing.has(e.term)), ...entries.filter((e) => !missing.has(e.term))];
  return ordered.map((e) => ({
    term: e.term,
    label: e.title,
    description: e.label,
    detail: missing.has(e.term) ? "Missing from this document" : undefined,
  }));
}

export async function pickClauseTerm(client: BaseLanguageClient, uri: vscode.Uri): Promise<string | undefined> {
  const entries = await client.sendRequest(ExecuteCommandRequest.type, { command: INSERT_CLAUSE_COMMAND, arguments: [uri.toString()] });
  if (!Array.isArray(entries) || entries.length === 0) {
    void vscode.window.showWarningMessage("Policy Lens: the clause library is empty or the server did not answer.");
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(clausePickItems(entries as ClauseLibraryEntry[], missingTerms(vscode.languages.getDiagnostics(uri))), {
    title: "Policy Lens: Insert clause",
    placeHolder: "Model clause to insert into this document",
    matchOnDescription: true,
  });
  return picked?.term;
}
