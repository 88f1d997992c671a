import type { Position, Range } from "./types";

/** Where each line starts: 0, and the offset after each line break (\n, \r\n or \r). */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  // Without a \r, every line break is a \n, and indexOf finds them far faster than a loop.
  if (!text.includes("\r")) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * Maps between string offsets and LSP positions. JavaScript strings are UTF-16, so an
 * offset is already a UTF-16 code-unit index. Lines end at \n, \r\n or a lone \r.
 */
export class LineIndex {
  readonly starts: number[];
  /** `starts`: the text's line starts, when the caller has them already (model.ts joins them from chunks). */
  constructor(
    readonly text: string,
    starts?: number[],
  ) {
    // The search is a function of its own: the constructor, called both ways on every
    // keystroke, was deoptimised twice per keystroke when it held the loops.
    this.starts = starts ?? lineStartsOf(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const line = this.lineAt(offset);
    return { line, character: this.character(offset, line) };
  }

  /**
   * The line an offset is on (`position(offset).line`, without allocating a position).
   * `from`: a line at or before it, when offsets are asked in order (a few lines apart, a
   * step forward beats a binary search over every line).
   */
  lineAt(offset: number, from = 0): number {
    const off = this.clamp(offset);
    const starts = this.starts;
    let lo = from > 0 && from < starts.length && starts[from] <= off ? from : 0;
    for (let steps = 0; lo > 0 && steps < 8; steps++) {
      if (lo + 1 >= starts.length || starts[lo + 1] > off) return lo;
      lo++;
    }
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The offset's column on its line `line` (from lineAt): `position(offset).character`. */
  character(offset: number, line: number): number {
    return this.clamp(offset) - this.starts[line];
  }

  private clamp(offset: number): number {
    return Math.max(0, Math.min(offset, this.text.length));
  }

  offset(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const lineEnd = this.lineEnd(pos.line, true);
    return Math.min(this.starts[pos.line] + Math.max(0, pos.character), lineEnd);
  }

  /** Offset just past the line's content (before its line break), or after the break. */
  lineEnd(line: number, includeBreak = false): number {
    if (line + 1 < this.starts.length) {
      const next = this.starts[line + 1];
      if (includeBreak) return next;
      let end = next - 1;
      if (end > this.starts[line] && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
      return end;
    }
    return this.text.length;
  }

  lineText(line: number): string {
    return this.text.slice(this.starts[line], this.lineEnd(line));
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}

/**
 * The offset just past the character that starts at `offset`, treating a surrogate pair
 * and a CRLF line break as one character, so a one-character range never splits either.
 */
export function characterEnd(text: string, offset: number): number {
  if (offset >= text.length) return text.length;
  const c = text.charCodeAt(offset);
  const next = text.charCodeAt(offset + 1);
  const pair = (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) || (c === 13 && next === 10);
  return offset + (pair ? 2 : 1);
}

/**
 * `offset`, moved one code unit forward when it falls between the halves of a surrogate
 * pair or of a CRLF: for positions computed by others (a parser's error span) that must
 * not split a character.
 */
export function characterBoundary(text: string, offset: number): number {
  const o = Math.max(0, Math.min(offset, text.length));
  if (o === 0 || o === text.length) return o;
  const before = text.charCodeAt(o - 1);
  const after = text.charCodeAt(o);
  const inside = (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) || (before === 13 && after === 10);
  return inside ? o + 1 : o;
}

/**
 * A copy of `s` that does not keep the string it was sliced from alive: a slice in V8 points
 * into its parent, so a chunk or key sliced from each version of a 1 MB document kept every
 * version in memory as long as it lived (300 MB after 150 keystrokes).
 */
export function detachedCopy(s: string): string {
  // Flattening a concatenation copies it; the slice then points into the copy.
  return (" " + s).slice(1);
}
