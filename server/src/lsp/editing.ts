import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from "vscode-languageserver-textdocument";
import { analyze, IncrementalAnalyzer, type Analysis, type AnalyzeOptions, type TextChange } from "../engine/incremental";

// A document being typed in keeps an incremental analyzer: a keystroke then re-parses and
// re-matches only what it changed. Its caches cost memory in proportion to the document,
// so a document gets one only once it is analysed a second time (it was edited), and only
// the few most recently edited keep theirs; any other analysis is a full one, with the
// same result. A large document gets one at once: otherwise its first keystroke would pay
// a whole analysis again (most of a second for 1 MB).
const KEEP = 4;
const LARGE = 256 * 1024;

export class EditingAnalyzers {
  private readonly analyzers = new Map<string, IncrementalAnalyzer>();
  private readonly analysedOnce = new Set<string>();
  /**
   * Per document, what its edits changed since it was last analysed, in the text of then
   * (`start`, `end`) and of now (`start`, `newEnd`); null when that is not known (a whole new
   * text, several changes in one event). The analyzer then compares only around it.
   */
  private readonly changes = new Map<string, { start: number; end: number; newEnd: number } | null>();

  /** Records what `changes`, about to be applied to `document` (as TextDocuments does), change. */
  record(document: TextDocument, changes: readonly TextDocumentContentChangeEvent[]): void {
    const change = changes.length === 1 ? (changes[0] as { range?: Range; text: string }) : undefined;
    if (!change?.range || this.changes.get(document.uri) === null) {
      this.changes.set(document.uri, null);
      return;
    }
    // As TextDocument.update reads a change: its range start before its end, positions clamped.
    const { start, end } = change.range;
    const [from, to] = before(end, start) ? [end, start] : [start, end];
    const [a, b] = [document.offsetAt(from), document.offsetAt(to)];
    const grown = change.text.length - (b - a);
    const last = this.changes.get(document.uri);
    if (!last) this.changes.set(document.uri, { start: a, end: b, newEnd: b + grown });
    // Both edits within one span: the earlier text's part the new edit reaches past the span is added to it.
    else this.changes.set(document.uri, { start: Math.min(last.start, a), end: last.end + Math.max(0, b - last.newEnd), newEnd: Math.max(last.newEnd, b) + grown });
  }

  /** The document was opened afresh: what changed is not known. */
  replaced(uri: string): void {
    this.changes.set(uri, null);
  }

  /** `verify`: called with what differs when a patched analysis is checked against a full one (policyLens.debug.verifyIncremental). */
  analyze(uri: string, text: string, options: AnalyzeOptions, verify?: (difference: string) => void): Analysis {
    const recorded = this.changes.get(uri);
    this.changes.delete(uri);
    const change: TextChange | undefined = recorded ? { start: recorded.start, end: recorded.end, length: recorded.newEnd - recorded.start } : undefined;
    if (!this.analysedOnce.has(uri) && text.length < LARGE) {
      this.analysedOnce.add(uri);
      return analyze(text, options);
    }
    let analyzer = this.analyzers.get(uri);
    if (analyzer) this.analyzers.delete(uri);
    else analyzer = new IncrementalAnalyzer();
    // Most recent last, so the first key is the one to evict.
    this.analyzers.set(uri, analyzer);
    if (this.analyzers.size > KEEP) this.analyzers.delete(this.analyzers.keys().next().value as string);
    analyzer.verify = verify;
    return analyzer.analyze(text, options, change);
  }

  forget(uri: string): void {
    this.analyzers.delete(uri);
    this.analysedOnce.delete(uri);
    this.changes.delete(uri);
  }
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
