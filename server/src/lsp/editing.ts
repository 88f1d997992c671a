import { analyze, IncrementalAnalyzer, type Analysis, type AnalyzeOptions } from "../engine/incremental";

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

  analyze(uri: string, text: string, options: AnalyzeOptions): Analysis {
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
    return analyzer.analyze(text, options);
  }

  forget(uri: string): void {
    this.analyzers.delete(uri);
    this.analysedOnce.delete(uri);
  }
}
