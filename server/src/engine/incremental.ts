import { analyze, type Analysis, type AnalyzeOptions } from "./analyze";
import { markdownSource, parseChunks, type ParseHooks, type SourceChunk } from "./model";

export { analyze, type Analysis, type AnalyzeOptions };

/**
 * Incremental analysis for an editor: the document is analysed again after every edit,
 * and the result is exactly what `analyze()` returns for the new text, but the work is
 * reused wherever the text it depends on did not change. A full analysis builds the model
 * from top-level chunks (model.ts) and computes chunk-local results per chunk (`perChunk`:
 * the chunk's blocks, sentences and mask, each sentence's phrase matches and facts, kind
 * counts); here the chunk objects of the last version are reused, so a keystroke re-parses
 * and re-matches one chunk. What spans chunks (sections and clauses, list lead-ins,
 * back-references, kind, missing terms) is recomputed each time from the chunk results,
 * by the same code as a full analysis, so no rule needs to know analysis is incremental.
 * Only the current version's chunks are kept, so memory follows the document, not its
 * history.
 */
export class IncrementalAnalyzer {
  private readonly tokenizer = new ChunkedTokenizer();
  private readonly hooks: ParseHooks = { chunks: (text, blankedUntil) => this.tokenizer.chunksOf(text, blankedUntil) };

  analyze(text: string, options: AnalyzeOptions = {}): Analysis {
    return analyze(text, { ...options, parse: this.hooks });
  }
}

/**
 * The chunks of a document (see SourceChunk in model.ts) across its versions. After an
 * edit, only the changed chunks (and the chunk before them, which the change may join) are
 * parsed again, and the first unchanged chunk after them is checked to still start a
 * top-level block; every other chunk object is reused, with what it has cached.
 */
export class ChunkedTokenizer {
  private chunks: SourceChunk[] = [];

  /** The chunks of `markdownSource(text, blankedUntil, …)`: read in stretches, so a keystroke does not copy the whole text. */
  chunksOf(text: string, blankedUntil = 0): SourceChunk[] {
    this.chunks = this.update(text, blankedUntil);
    return this.chunks;
  }

  private update(text: string, blankedUntil: number): SourceChunk[] {
    const old = this.chunks;
    const source = { length: text.length, slice: (from: number, to: number) => markdownSource(text, blankedUntil, from, to) };
    // Unchanged chunks at the start and at the end of the document.
    let head = 0;
    let from = 0;
    while (head < old.length && sameAt(source, from, old[head].source)) from += old[head++].source.length;
    let tail = old.length;
    let to = source.length;
    while (tail > head && to - old[tail - 1].source.length >= from && sameAt(source, to - old[tail - 1].source.length, old[tail - 1].source)) to -= old[--tail].source.length;
    if (head === old.length && tail === old.length && from === source.length) return old;
    // The change may join the chunk before it (a list item continuing a list, say).
    if (head > 0) from -= old[--head].source.length;
    // Re-parse up to an unchanged chunk that still starts a top-level block; after two
    // misses (an unclosed fence swallowing the rest), parse to the end in one go.
    for (let misses = 0; tail < old.length && misses < 2; misses++) {
      const next = old[tail];
      const parsed = parseChunks(detached(source, from, to + next.source.length), next.source.length);
      const last = parsed[parsed.length - 1];
      if (last.source === next.source && parsed.length > 1) return [...old.slice(0, head), ...parsed.slice(0, -1), ...old.slice(tail)];
      to += next.source.length;
      tail++;
    }
    if (tail < old.length) [to, tail] = [source.length, old.length];
    return [...old.slice(0, head), ...parseChunks(detached(source, from, to)), ...old.slice(tail)];
  }
}

/** Text read by stretches. */
interface Stretches {
  length: number;
  slice(from: number, to: number): string;
}

/** Whether `text` holds `part` at `offset`: slice equality is a memory compare, several times faster than startsWith here. */
function sameAt(text: Stretches, offset: number, part: string): boolean {
  return text.slice(offset, offset + part.length) === part;
}

/**
 * A copy of `text.slice(from, to)` that does not keep `text` alive. A slice in V8 points into
 * its parent, so chunks sliced from each version of a 1 MB document kept every version in
 * memory as long as the chunk lived (300 MB after 150 keystrokes).
 */
function detached(text: Stretches, from: number, to: number): string {
  // Flattening a concatenation copies it; the slice then points into the copy.
  return (" " + text.slice(from, to)).slice(1);
}
