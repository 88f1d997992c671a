// Engine findings and fixes → LSP diagnostics and workspace edits.
import {
  DiagnosticSeverity,
  OptionalVersionedTextDocumentIdentifier,
  TextDocumentEdit,
  TextEdit,
  type Diagnostic,
  type Range,
  type WorkspaceEdit,
} from "vscode-languageserver";
import { builtinRules, ruleCatalog, ruleDocsUrl, type Finding, type LineIndex, type OffsetEdit, type Severity } from "../engine";

export const SOURCE = "policy-lens";

export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

let documented: Map<string, { href: string }> | undefined;
/**
 * Where the code of a diagnostic links: the rule's section of docs/rules.md, which has one
 * for every built-in rule; a config's own rule links to its reference, if it gives one.
 * One link object per built-in rule: thousands of diagnostics ask on every keystroke.
 */
export function docsLink(finding: Finding): { href: string } | undefined {
  documented ??= new Map(ruleCatalog(builtinRules()).map((r) => [r.id, { href: ruleDocsUrl(r.id) }]));
  return documented.get(finding.rule) ?? (finding.reference?.url ? { href: finding.reference.url } : undefined);
}

/**
 * A finding as a diagnostic. It carries no `data`: a code action finds the finding again by
 * the diagnostic's code and range (lsp/codeActions.ts), so the diagnostics after an edit are
 * the same as before it wherever their findings are, and their JSON can be reused
 * (lsp/diagnosticsWire.ts, which compares the fields set here).
 */
export function toDiagnostic(finding: Finding, lines: LineIndex): Diagnostic {
  return {
    range: lines.range(finding.start, finding.end),
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.rule,
    codeDescription: docsLink(finding),
    message: finding.message,
  };
}

/** LSP 3.18 snippet edit, sent only to clients with `workspace.workspaceEdit.snippetEditSupport`. */
export interface SnippetTextEdit {
  range: Range;
  snippet: { kind: "snippet"; value: string };
}

export function toTextEdits(edits: readonly OffsetEdit[], lines: LineIndex, snippet = false): TextEdit[] {
  return edits.map((e) => {
    const range = lines.range(e.start, e.end);
    // TextDocumentEdit.edits is typed for 3.17; a 3.18 client reads the snippet form.
    return snippet ? ({ range, snippet: { kind: "snippet", value: e.newText } } satisfies SnippetTextEdit as unknown as TextEdit) : TextEdit.replace(range, e.newText);
  });
}

/**
 * A workspace edit pinned to the document version, so a client rejects it once the text
 * has changed; clients without `documentChanges` get a plain `changes` map.
 */
export function versionedEdit(uri: string, version: number, edits: TextEdit[], documentChanges: boolean): WorkspaceEdit {
  if (documentChanges) return { documentChanges: [TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri, version), edits)] };
  return { changes: { [uri]: edits } };
}
