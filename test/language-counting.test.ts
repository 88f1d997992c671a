import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { countFunctionWords, countFunctionWordsByRegex } from "../server/src/engine/language";

// Function words are counted by a scan of code units; the counts must be those of the words
// the word regex finds in the lower-cased text, whatever the letters, apostrophes and scripts.
test("function words are counted as the word regex splits the lower-cased text", () => {
  const piece = fc.constantFrom("the", "The", "THE", "of", "der", "Die", "für", "FÜR", "não", "è", "più", "l'", "'", "d'une", "shall", "x", "İ", "ß", "𝐀", "😀", "\ud800", " ", "\n", "-", "1", "_", ".", "’", "theory", "anddd");
  let counted = 0;
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), fc.boolean(), (pieces, spaced) => {
      const text = pieces.join(spaced ? " " : "");
      const expected = countFunctionWordsByRegex(text);
      counted += expected.reduce((a, b) => a + b, 0);
      assert.deepEqual(countFunctionWords(text), expected);
    }),
    { numRuns: 3000, seed: 31 },
  );
  assert.ok(counted > 1000, `only ${counted} function words in the generated texts`);
  // English, German and Portuguese function words in a sentence we wrote.
  assert.deepEqual(countFunctionWords("The data of the Customer, für die Kunden, não.").slice(0, 3), [3, 0, 2]);
});
