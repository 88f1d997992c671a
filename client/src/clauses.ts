// "Policy Lens: Insert clause…": the clause library comes from the server, which owns the
// rules (built-in or from .policylens.yaml) and knows which terms the document already covers.
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";

/** Custom request agreed with the server: the clause library, relative to one document. */
export const CLAUSE_LIBRARY_REQUEST = "policyLens/clauseLibrary";

export interface ClauseLibraryParams {
  uri: string;
}

export interface ClauseLibraryEntry {
  /** Term id, e.g. `exit-strategy`; the argument of the server command. */
  term: string;
  /** What the term covers, e.g. "exit strategy". */
  label: string;
  /** The model clause's heading, e.g. "Exit management". */
  title: string;
  /** True when the document has no clause on this term. */
  missing: boolean;
}

interface ClausePickItem extends vscode.QuickPickItem {
  term: string;
}

export function clausePickItems(entries: ClauseLibraryEntry[]): ClausePickItem[] {
  // Missing terms first: they are what a drafter most likely came to add.
  const ordered = [...entries.filter((e) => e.missing), ...entries.filter((e) => !e.missing)];
  return ordered.map((e) => ({
    term: e.term,
    label: e.title,
    description: e.label,
    detail: e.missing ? "Missing from this document" : "Already covered in this document",
  }));
}

export async function pickClauseTerm(client: LanguageClient, uri: vscode.Uri): Promise<string | undefined> {
  const entries = await client.sendRequest<ClauseLibraryEntry[]>(CLAUSE_LIBRARY_REQUEST, {
    uri: uri.toString(),
  } satisfies ClauseLibraryParams);
  const picked = await vscode.window.showQuickPick(clausePickItems(entries), {
    title: "Policy Lens: Insert clause",
    placeHolder: "Model clause to insert into this document",
    matchOnDescription: true,
  });
  return picked?.term;
}
