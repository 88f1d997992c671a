// Code actions: the engine's fixes as quick fixes, plus "fix all" as a source action.
import { CodeActionKind, type CodeAction, type Diagnostic } from "vscode-languageserver";
import { minimalEdit, type Finding, type Fix, type LineIndex } from "../engine";
import { SOURCE, toDiagnostic, toTextEdits, versionedEdit } from "./convert";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;

export interface CodeActionInput {
  uri: string;
  version: number;
  text: string;
  lines: LineIndex;
  findings: Finding[];
  /** Requested range, as offsets. */
  from: number;
  to: number;
  diagnostics: Diagnostic[];
  only?: string[];
  documentChanges: boolean;
  fixesFor: (finding: Finding) => Fix[];
  /** The text after every safe fix (only Policy Lens's own comments), computed only when a fix-all action is asked for. */
  fixAllText: () => string;
  /**
   * The request's time budget, polled between findings: a range over a long sentence can
   * touch thousands of findings (a 960 KB sentence of qualifiers, 11,000), each with its fixes.
   */
  outOfTime?: () => boolean;
}

/** Whether `kind` was asked for: `only` entries are prefixes in the dotted kind hierarchy. */
export function kindRequested(kind: string, only?: string[]): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export function codeActions(input: CodeActionInput): CodeAction[] {
  const actions: CodeAction[] = [];
  if (kindRequested(CodeActionKind.QuickFix, input.only)) {
    const seen = new Set<string>();
    for (const { finding, diagnostic } of relevantFindings(input)) {
      if (input.outOfTime?.()) break;
      input.fixesFor(finding).forEach((fix, i) => {
        const key = `${fix.title}\u0000${JSON.stringify(fix.edits)}`;
        if (seen.has(key)) return;
        seen.add(key);
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: i === 0 && !fix.title.startsWith("Suppress") ? true : undefined,
          edit: versionedEdit(input.uri, input.version, toTextEdits(fix.edits, input.lines, fix.snippet), input.documentChanges),
        });
      });
    }
  }
  if (input.only?.some((o) => kindRequested(FIX_ALL_KIND, [o]))) {
    const edit = minimalEdit(input.text, input.fixAllText());
    if (edit) {
      actions.push({
        // Fix-all never edits the document's words (see fixAll): it only tidies its own comments.
        title: "Policy Lens: remove unused suppression comments",
        kind: FIX_ALL_KIND,
        edit: versionedEdit(input.uri, input.version, toTextEdits([edit], input.lines), input.documentChanges),
      });
    }
  }
  return actions;
}

/**
 * The findings to fix: those the client's diagnostics point at (found again by rule and
 * range in the current text; a stale diagnostic whose range no longer holds its finding
 * matches nothing), and any finding touching the requested range.
 */
function relevantFindings(input: CodeActionInput): { finding: Finding; diagnostic: Diagnostic }[] {
  const out = new Map<Finding, Diagnostic>();
  for (const d of input.diagnostics) {
    if (d.source !== SOURCE) continue;
    const start = input.lines.offset(d.range.start);
    const end = input.lines.offset(d.range.end);
    const f = input.findings.find((x) => x.rule === d.code && x.start === start && x.end === end);
    if (f) out.set(f, d);
  }
  for (const f of input.findings) {
    if (out.has(f) || f.end < input.from || f.start > input.to) continue;
    out.set(f, toDiagnostic(f, input.lines));
  }
  return [...out].map(([finding, diagnostic]) => ({ finding, diagnostic }));
}
