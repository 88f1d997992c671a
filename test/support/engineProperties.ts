// The properties every analysis must have, whatever the input: shared by the bounded
// fuzz suite in `npm test` and the long `npm run fuzz` run.
import assert from "node:assert/strict";
import { analyze, type Analysis, type Finding, type LineIndex } from "../../server/src/engine";

/** True when `offset` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

function assertOffsetOnBoundary(text: string, lines: LineIndex, offset: number, what: string): void {
  assert.ok(Number.isInteger(offset) && offset >= 0 && offset <= text.length, `${what} ${offset} lies outside the document (length ${text.length})`);
  assert.ok(!splitsSurrogatePair(text, offset), `${what} ${offset} splits a surrogate pair`);
  assert.ok(!(text[offset - 1] === "\r" && text[offset] === "\n"), `${what} ${offset} splits a CRLF line break`);
  const position = lines.position(offset);
  assert.equal(lines.offset(position), offset, `${what} ${offset} does not round-trip through its LSP position ${JSON.stringify(position)}`);
}

function assertRange(text: string, lines: LineIndex, start: number, end: number, what: string): void {
  assertOffsetOnBoundary(text, lines, start, `${what} start`);
  assertOffsetOnBoundary(text, lines, end, `${what} end`);
  assert.ok(start <= end, `${what} starts at ${start}, after its end ${end}`);
}

/** Applies non-overlapping offset edits, last first so earlier offsets stay valid. */
function applyEdits(text: string, edits: { start: number; end: number; newText: string }[]): string {
  return [...edits].sort((a, b) => b.start - a.start || b.end - a.end).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

/**
 * A quick fix may insert text or replace the span of its finding, nothing else: every
 * character outside the edited spans survives, unchanged and in order.
 */
function assertFixesKeepText(text: string, lines: LineIndex, finding: Finding): void {
  for (const fix of finding.fixes ?? []) {
    const what = `fix "${fix.title}" of ${finding.rule}`;
    assert.ok(fix.edits.length > 0, `${what} has no edits`);
    const sorted = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    sorted.forEach((edit, i) => {
      assertRange(text, lines, edit.start, edit.end, `${what} edit`);
      if (edit.end > edit.start) {
        assert.ok(edit.start >= finding.start && edit.end <= finding.end, `${what} replaces ${edit.start}-${edit.end}, outside the finding's span ${finding.start}-${finding.end}`);
      }
      const next = sorted[i + 1];
      if (next) assert.ok(edit.end <= next.start && !(edit.start === edit.end && next.start === edit.start && next.end === next.start), `${what} has overlapping edits`);
    });
    const fixed = applyEdits(text, fix.edits);
    // Rebuild the expected text from the untouched pieces: none may be lost or altered.
    let cursor = 0;
    let rebuilt = "";
    for (const edit of sorted) {
      rebuilt += text.slice(cursor, edit.start) + edit.newText;
      cursor = edit.end;
    }
    rebuilt += text.slice(cursor);
    assert.equal(fixed, rebuilt, `${what} changes text outside its edits`);
  }
}

/** Finding data without functions or shared references, for comparing two runs. */
function snapshot(analysis: Analysis): string {
  return JSON.stringify({ kind: analysis.kind, findings: analysis.findings, sentences: analysis.document.sentences, blocks: analysis.document.blocks });
}

/** Analyses `text` twice and checks every property; throws an AssertionError naming the first broken one. */
export function checkEngineProperties(text: string): Analysis {
  const analysis = analyze(text);
  const { document, findings } = analysis;
  const { lines } = document;
  assert.equal(document.text, text, "the model's text is not the input");
  assert.equal(document.prose.length, text.length, "the prose mask is not as long as the text");

  for (const f of findings) {
    assertRange(text, lines, f.start, f.end, `finding ${f.rule}`);
    assert.ok(f.message.length > 0, `finding ${f.rule} has no message`);
    const range = lines.range(f.start, f.end);
    assert.equal(lines.offset(range.start), f.start, `finding ${f.rule} start does not round-trip`);
    assert.equal(lines.offset(range.end), f.end, `finding ${f.rule} end does not round-trip`);
    assertFixesKeepText(text, lines, f);
  }
  document.blocks.forEach((b, i) => assertRange(text, lines, b.start, b.end, `block ${i}`));
  for (const s of document.sentences) {
    const block = document.blocks[s.block];
    assert.ok(block, `sentence ${s.start}-${s.end} names block ${s.block}, which does not exist`);
    assertRange(text, lines, s.start, s.end, "sentence");
    assert.ok(s.start >= block.start && s.end <= block.end && s.start < s.end, `sentence ${s.start}-${s.end} is not inside its block ${block.start}-${block.end}`);
  }

  assert.equal(snapshot(analyze(text)), snapshot(analysis), "a second analysis of the same text gives different results");
  return analysis;
}
