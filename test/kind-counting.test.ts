import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { analyze, decideKind, parseDocument } from "../server/src/engine";
import { countWords } from "../server/src/engine/kind";

// The kind signals count words without building the array /\S+/g would: the counts must be the regex's.
test("words are counted as the runs /\\S+/g finds, whatever the whitespace", () => {
  const piece = fc.constantFrom("a", "Word", "é", "😀", "\ud800", " ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u2028", "\u3000", "\ufeff", "\u180e", "\u200b", "\v", "\f", "-", ".");
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
      const text = pieces.join("");
      assert.equal(countWords(text), text.match(/\S+/g)?.length ?? 0);
    }),
    { numRuns: 3000, seed: 29 },
  );
});

test("a declared kind still reports the signals the prose would give it", () => {
  const body = "# Services Agreement\n\nThe Supplier shall host the Customer Data in the European Union. The Customer may audit the Supplier.\n";
  const declared = decideKind(parseDocument(`---\nkind: policy\n---\n${body}`));
  assert.equal(declared.kind, "policy");
  assert.equal(declared.source, "front-matter");
  const inferred = decideKind(parseDocument(body));
  assert.equal(inferred.kind, "contract");
  // Counted from the same prose.
  assert.equal(declared.signals.shall, inferred.signals.shall);
  assert.ok(declared.signals.shall > 0 && declared.signals.partyRoles > 0);
  assert.equal(analyze(`---\nkind: policy\n---\n${body}`).kind, "policy");
});
