import { IncrementalAnalyzer, type Analysis, type AnalyzeOptions } from "../engine/incremental";

// The documents a user has edited last keep an incremental analyzer: a keystroke then
// re-parses and re-matches only what it changed. Its caches cost memory in proportion to
// the document, so only the most recently analysed few keep one; any other document is
// analysed in full, with the same result.
const KEEP = 4;

export class EditingAnalyzers {
  private readonly analyzers = new Map<string, IncrementalAnalyzer>();

  analyze(uri: string, text: string, options: AnalyzeOptions): Analysis {
    let analyzer = this.analyzers.get(uri);
    if (analyzer) this.analyzers.delete(uri);
    else analyzer = new IncrementalAnalyzer();
    // Most recent last, so the first key is the one to evict.
    this.analyzers.set(uri, analyzer);
    if (this.analyzers.size > KEEP) this.analyzers.delete(this.analyzers.keys().next().value as string);
    return analyzer.analyze(text, options);
  }

  forget(uri: string): void {
    this.analyzers.delete(uri);
  }
}
