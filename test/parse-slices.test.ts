// A document parsed slice by slice under a deadline (model.ts, parseSlices) is modelled as
// when markdown-it parses it in one call: random documents of the block kinds that can hold
// blank lines or go on past them (lists, fences, HTML blocks, quotes, tables, indented code),
// sliced at every safe boundary, against the one-call parse. Fixed seeds.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseDocument, type PolicyDocument } from "../server/src/engine/model";

const BLOCKS = [
  "# Services Agreement",
  "## 2. Data",
  "2.1 The Supplier shall not monitor residents, except as agreed.",
  "The Customer may audit the Supplier. It shall give notice.",
  "Setext title\n============",
  "- first item\n- second item",
  "- loose item\n\n- after a blank line\n\n  continued paragraph",
  "1. one\n2. two\n   - nested bullet",
  "3) three",
  "* star item\n\n      indented code in an item",
  "> a quoted clause\nlazy continuation",
  ">\n> quote after blank",
  "```\ncode\n\nmore code after a blank line\n```",
  "~~~yaml\nkey: value\n\n~~~",
  "```unclosed fence\n\ncode",
  "    indented code\n\n    more",
  "<!-- a comment\n\nspanning a blank line -->",
  "<!-- policy-lens-disable-next-line red-line -->",
  "<pre>\npre text\n\nstill pre\n</pre>",
  "<div>\nhtml block\n</div>",
  "<script>\nlet x = 1;\n\n</script>",
  "| a | b |\n|---|---|\n| The Supplier shall not store data abroad. | x |",
  "[ref]: http://x.example \"title\"",
  "Text with [a link](http://x.example) and `code`.",
  "***",
  "- - -",
  "[^1]: A footnote source.",
  "Paragraph\r\nwith CRLF lines",
  "",
  "   ",
];

const documentOf = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(fc.constantFrom(...BLOCKS), fc.constantFrom("\n\n", "\n", "\n\n\n", "\r\n\r\n", "\n \n")), { minLength: 1, maxLength: 40 }))
  .map(([frontMatter, parts]) => (frontMatter ? "---\nkind: contract\n---\n\n" : "") + parts.map(([block, gap]) => block + gap).join(""));

/** What the analysis reads of a model (the chunks are how it was cut, not what it says). */
function modelOf(doc: PolicyDocument) {
  return {
    prose: doc.prose,
    lines: doc.lines.starts,
    blocks: doc.blocks,
    sections: doc.sections,
    clauses: doc.clauses,
    sentences: doc.sentences,
    codeRanges: doc.codeRanges,
    annotations: doc.annotations,
    problems: doc.problems,
    parsedUntil: doc.parsedUntil,
  };
}

test("sliced at every safe boundary, a document is modelled as in one call of markdown-it", () => {
  fc.assert(
    fc.property(documentOf, (text) => {
      const whole = modelOf(parseDocument(text));
      const sliced = parseDocument(text, {}, { outOfTime: () => false, sliceChars: 1 });
      assert.deepEqual(modelOf(sliced), whole);
      assert.ok(sliced.chunks.length >= 1);
    }),
    { seed: 16, numRuns: 2000 },
  );
});

test("a long document of many blocks is cut into slices, and modelled the same", () => {
  const text = Array.from({ length: 3000 }, (_, i) => BLOCKS[(i * 7) % BLOCKS.length]).join("\n\n") + "\n";
  const sliced = parseDocument(text, {}, { outOfTime: () => false });
  assert.deepEqual(modelOf(sliced), modelOf(parseDocument(text)));
});
