import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseDocument } from "yaml";
import { readFrontMatter, simpleMapping } from "../server/src/engine/frontMatter";

// Simple front matter (`key: words`, `key: [words, words]`) is read without yaml; what it reads
// must be what yaml reads, and anything it is not sure of must be left to yaml.
const yamlValues = (body: string) => {
  const doc = parseDocument(body, { prettyErrors: false, uniqueKeys: false, logLevel: "error" });
  return doc.errors.length ? "error" : doc.toJS();
};

test("front matter read without yaml is read exactly as yaml reads it", () => {
  // Mostly words YAML reads as strings, now and then a number, a boolean or an indicator.
  const plain = fc.constantFrom("a", "Kind", "contract", "é", "7", "0", "1e5", "0x1F", "0o7", "1.5", "true", "False", "NULL", "null", "yes", "2024-01-01", " ", "  ", "'", "’", "-", "(", ")", "/", "&", "_", ".", "+", "inf", "nan");
  const tricky = fc.constantFrom("~", ".5", ".inf", ":", ": ", "#", " #", '"', "- ", ",", ", ", "[", "]", "{", "}", "*", "!", "|", ">", "%", "@", "`", "?", "\t");
  const piece = fc.oneof({ weight: 12, arbitrary: plain }, { weight: 1, arbitrary: tricky });
  const first = fc.oneof({ weight: 6, arbitrary: fc.constantFrom("a", "Kind", "é", "7", "0", "1e5", "0x1F", "true", "null", "2024-01-01", "inf") }, { weight: 1, arbitrary: piece });
  const scalar = fc.tuple(first, fc.array(piece, { maxLength: 4 })).map(([a, rest]) => a + rest.join(""));
  const key = fc.oneof(fc.constantFrom("kind", "title", "parties", "lang", "profile", "date", "true", "null", "Null", "x-y", "a_b", "k1"), scalar);
  const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }).map((items) => `[${items.join(",")}]`), fc.array(scalar, { maxLength: 4 }).map((items) => `[${items.join(", ")}]`));
  const line = fc.tuple(key, fc.constantFrom(": ", ": ", ": ", ":  ", ":", " : "), value).map(([k, sep, v]) => `${k}${sep}${v}`);
  let read = 0;
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 3 }), fc.boolean(), (lines, finalNewline) => {
      const body = lines.join("\n") + (finalNewline ? "\n" : "");
      const simple = simpleMapping(body);
      if (simple === undefined) return;
      read++;
      assert.deepEqual(simple, yamlValues(body), body);
    }),
    { numRuns: 20000, seed: 41 },
  );
  assert.ok(read > 1000, `only ${read} generated bodies were simple`);
});

test("simple front matter: kind, title and parties as a document declares them, and a bad value still reported", () => {
  const fm = readFrontMatter("---\nkind: contract\ntitle: Services agreement 7 (draft)\nparties: [Buyer of Paris, Parlance Bots Ltd]\n---\n# Body\n");
  assert.ok(fm && !("unterminated" in fm));
  assert.deepEqual(fm.data, { kind: "contract", title: "Services agreement 7 (draft)", parties: ["Buyer of Paris", "Parlance Bots Ltd"] });
  assert.deepEqual(fm.problems, []);
  const bad = readFrontMatter("---\nkind: memo\ntitle: Notes\n---\n");
  assert.ok(bad && !("unterminated" in bad));
  assert.deepEqual(bad.data, { title: "Notes" });
  assert.equal(bad.problems.length, 1);
  assert.match(bad.problems[0].message, /`kind`: expected one of/);
  assert.equal(bad.problems[0].start, "---\n".length);
  // Numbers, booleans and comments are yaml's to read.
  assert.equal(simpleMapping("title: 2024\n"), undefined);
  assert.equal(simpleMapping("draft: true\n"), undefined);
  assert.equal(simpleMapping("title: Notes # first\n"), undefined);
});
