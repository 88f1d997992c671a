import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { classifierWords, classifySentence, sentenceFeatures } from "../server/src/engine/learned";
import WEIGHTS from "../server/src/engine/rules/learned-weights.json";

// The classifier scores a sentence without building its feature strings; its verdicts must be
// exactly those of the model's definition: each distinct feature of sentenceFeatures once,
// summed in order onto the bias, through the logistic function, above the threshold.
type Model = { bias: number; threshold?: number; weights: Record<string, number> };
const categories = (WEIGHTS as unknown as { categories: Record<string, Model> }).categories;

function byDefinition(text: string, blockType: string) {
  const features = sentenceFeatures(text, blockType);
  const out: { category: string; probability: number }[] = [];
  for (const [category, m] of Object.entries(categories)) {
    let z = m.bias;
    for (const f of features) z += m.weights[f] ?? 0;
    const probability = 1 / (1 + Math.exp(-z));
    if (probability > (m.threshold ?? 0.5)) out.push({ category, probability });
  }
  return out;
}

test("the classifier's verdicts and probabilities are those of its features, repeated words and bigrams counted once", () => {
  // Words and word pairs the model weighs most, either way, so sentences land on both sides of the threshold.
  const weighed = (prefix: string) =>
    Object.entries(categories.sovereignty.weights)
      .filter(([f]) => f.startsWith(prefix))
      .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
      .slice(0, 300)
      .map(([f]) => f.slice(2).replace("_", " ").replace(/^\^ /, ""));
  const word = fc.oneof(fc.constantFrom(...weighed("w:")), fc.constantFrom(...weighed("b:")), fc.constantFrom("the", "data", "shall", "EU", "30%", "$5", "“stored”", "per cent", "don’t", "x_y"));
  const sentence = fc.array(word, { minLength: 0, maxLength: 40 }).map((ws) => ws.join(" "));
  const blockType = fc.constantFrom("paragraph", "list-item", "table-row", "heading");
  let verdicts = 0;
  fc.assert(
    fc.property(sentence, blockType, (text, type) => {
      const expected = byDefinition(text, type);
      verdicts += expected.length;
      assert.deepEqual(classifySentence(text.toLowerCase(), type), expected);
    }),
    { numRuns: 2000, seed: 13 },
  );
  // Sentences we wrote: a residency commitment in other words, the same with a repeated phrase, and plain prose.
  for (const text of [
    "The vendor keeps every backup copy of customer records on servers inside the Union.",
    "The vendor keeps every backup copy, every backup copy, on servers inside the Union, the Union.",
    "The parties met on Tuesday to discuss the schedule.",
  ]) assert.deepEqual(classifySentence(text.toLowerCase(), "paragraph"), byDefinition(text.toLowerCase(), "paragraph"));
  assert.ok(verdicts > 100, `the sentences reached the threshold ${verdicts} times`);
});

test("the classifier splits a sentence into words exactly where its word pattern does", () => {
  const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
  const unit = fc.constantFrom("a", "z", "Q", "7", "0", "'", "’", "''", " ", ".", "-", "_", "%", "é", "ß", "İ", "ǅ", "٣", "½", "Ⅻ", "—", "“", "\u0301", "𝐀", "𝟙", "\ud800", "don't", "rock'n'roll", "it's2");
  fc.assert(
    fc.property(fc.array(unit, { maxLength: 40 }), (parts) => {
      const text = parts.join("").toLowerCase();
      assert.deepEqual(classifierWords(text), text.match(WORD) ?? [], JSON.stringify(text));
    }),
    { numRuns: 5000, seed: 17 },
  );
  assert.deepEqual(classifierWords("the provider’s staff don't store 40 tb"), ["the", "provider’s", "staff", "don't", "store", "40", "tb"]);
});
