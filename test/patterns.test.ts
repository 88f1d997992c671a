import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { PatternSet, compilePattern, PatternError, splitWords, wordsByRegex } from "../server/src/engine/patterns";

const quotes = (patterns: string[], text: string) => new PatternSet(patterns).find(text).map((m) => text.slice(m.start, m.end));

test("words, alternatives and prefixes match whole words only", () => {
  assert.deepEqual(quotes(["surveil*"], "Mass surveillance and surveilling; unsurveilled."), ["surveillance", "surveilling"]);
  assert.deepEqual(quotes(["shall|must not"], "The Supplier shall not, and must not."), ["shall not", "must not"]);
  assert.deepEqual(quotes(["ban"], "banned bananas"), []);
});

test("separators between words are ignored, joiners stay inside a word", () => {
  assert.deepEqual(quotes(["u.s. citizens"], "surveillance of U.S. citizens."), ["U.S. citizens"]);
  assert.deepEqual(quotes(["identify track"], "identify, (track)"), ["identify, (track"]);
  assert.deepEqual(quotes(["follow-on modification"], "a follow-on modification"), ["follow-on modification"]);
  assert.deepEqual(quotes(["can't"], "We can’t agree."), ["can’t"]);
});

test("optional groups and bounded gaps", () => {
  const p = ["u.s. citizens [and subjects|residents]"];
  assert.deepEqual(quotes(p, "U.S. citizens and subjects."), ["U.S. citizens and subjects"]);
  assert.deepEqual(quotes(p, "U.S. citizens only."), ["U.S. citizens"]);
  assert.deepEqual(quotes(["shall ~2 not"], "shall in any case not"), []);
  assert.deepEqual(quotes(["shall ~3 not"], "shall in any case not"), ["shall in any case not"]);
  assert.deepEqual(quotes(["[never] use"], "never use it; use it"), ["never use", "use"]);
});

test("a gap before an optional group still spans words when the group is absent", () => {
  const p = ["following ~4 [physical] whereabouts"];
  assert.deepEqual(quotes(p, "following the whereabouts"), ["following the whereabouts"]);
  assert.deepEqual(quotes(p, "following their physical whereabouts"), ["following their physical whereabouts"]);
  assert.deepEqual(quotes(p, "following one two three four five whereabouts"), []);
  // A trailing optional group does not stretch the match over the words of its gap.
  assert.deepEqual(quotes(["u.s. persons ~3 [and residents]"], "U.S. persons and other people."), ["U.S. persons"]);
  assert.deepEqual(quotes(["a ~2 [b] ~2 [c] d"], "a x x x x d"), ["a x x x x d"]);
  assert.deepEqual(quotes(["a ~2 [b] ~2 [c]"], "a x x x x d"), ["a"]);
  // The general matcher agrees with the bit-set one on the same pattern.
  assert.deepEqual(new PatternSet(p, { general: true }).find("following the whereabouts").length, 1);
});

test("numbers and percentages", () => {
  assert.deepEqual(quotes(["<pct>"], "Uninstalls rose 295% and 1,250.5% overnight."), ["295%", "1,250.5%"]);
  assert.deepEqual(quotes(["<num> percent"], "up 40,000 percent"), ["40,000 percent"]);
});

test("the first pattern that matches at the leftmost word wins, as long as it can be", () => {
  const set = new PatternSet(["data ~4 stored", "data"]);
  assert.deepEqual(set.find("data is stored here").map((m) => m.id), [0]);
  assert.deepEqual(set.find("data elsewhere").map((m) => m.id), [1]);
});

test("bad patterns are refused with a reason", () => {
  for (const bad of ["", "~", "[a", "a]", "a ~9 b", "a||b", "*", "[[a] b]", "wo<rd"]) assert.throws(() => compilePattern(bad), PatternError, bad);
});

test("a pattern that would make a backtracking regex explode stays cheap", () => {
  // Gaps and optional words over a long run of the same word: a match is a bounded walk per word.
  const set = new PatternSet(["[a] [a] [a] a ~8 a ~8 a ~8 b"]);
  const text = "a ".repeat(5000) + "c";
  assert.deepEqual(set.find(text), []);
  assert.equal(set.test(text + " b"), true);
});

test("the fast matchers (plain word sequences, bit-set positions) answer as the general one does", () => {
  const vocab = ["data", "shall", "not", "be", "stored", "outside", "the", "eu", "12", "40%", "surveillance", "use"];
  const alternative = fc.oneof(fc.constantFrom(...vocab), fc.constantFrom("surveil*", "stor*", "<num>", "<pct>", "not|never", "the|a"));
  const token = fc.oneof({ weight: 4, arbitrary: alternative }, fc.constantFrom("~", "~1", "~8"));
  const group = fc.array(alternative, { minLength: 1, maxLength: 3 }).map((g) => `[${g.join(" ")}]`);
  const pattern = fc
    .array(fc.oneof({ weight: 5, arbitrary: token }, group), { minLength: 1, maxLength: 10 })
    .map((parts) => [...parts, "data"].join(" "))
    .filter((p) => {
      try {
        compilePattern(p);
        return true;
      } catch {
        return false;
      }
    });
  const text = fc.array(fc.constantFrom(...vocab, "other", "words", "7", "3.5"), { maxLength: 60 }).map((w) => w.join(" "));
  fc.assert(
    fc.property(fc.array(pattern, { minLength: 1, maxLength: 6 }), text, (patterns, t) => {
      const fast = new PatternSet(patterns);
      const general = new PatternSet(patterns, { general: true });
      assert.deepEqual(fast.find(t), general.find(t));
      assert.deepEqual(fast.findAll(t), general.findAll(t));
      assert.equal(fast.test(t), general.test(t));
    }),
    { numRuns: 3000, seed: 7 },
  );
  // A pattern that can reach past 30 words takes the general matcher.
  const long = new PatternSet(["a ~8 b ~8 c ~8 d ~8 e"]);
  const filler = "x ".repeat(8);
  assert.deepEqual(quotes(["a ~8 b ~8 c ~8 d ~8 e"], `a ${filler}b ${filler}c ${filler}d ${filler}e`), [`a ${filler}b ${filler}c ${filler}d ${filler}e`]);
  assert.equal(long.test(`a ${filler}b ${filler}c ${filler}d ${filler}x e`), false);
});

test("every pattern is tried at every word: findAll agrees with a naive word-by-word matcher", () => {
  // The sets index patterns by their first words, number words by a shared vocabulary and
  // filter by the next word; this reference does none of that. Words outside every pattern
  // ("other", "7", "stormy", "surveyed") reach the prefix, number and percentage tests.
  const vocab = ["data", "shall", "not", "be", "stored", "storage", "the", "eu", "12", "40%", "surveillance", "use", "other", "7", "3.5", "stormy", "surveyed", "never"];
  const alternative = fc.oneof(fc.constantFrom(...vocab.slice(0, 12)), fc.constantFrom("surveil*", "stor*", "sur*", "<num>", "<pct>", "not|never", "the|a", "stored|data"));
  const pattern = fc
    .array(fc.oneof({ weight: 4, arbitrary: alternative }, fc.constantFrom("~", "~1", "~2")), { minLength: 1, maxLength: 5 })
    .filter((parts) => parts.some((p) => !p.startsWith("~")))
    .map((parts) => parts.join(" "));
  const NUM = /^\p{N}(?:[\p{N},.]*\p{N})?$/u;
  const PCT = /^\p{N}[\p{N},.]*%$/u;
  const accepts = (alternatives: string, w: string) =>
    alternatives.split("|").some((a) => (a === "<num>" ? NUM.test(w) : a === "<pct>" ? PCT.test(w) : a.endsWith("*") ? w.startsWith(a.slice(0, -1)) : w === a));
  // The furthest end of a match of `tokens` from word i (i when none), each gap 0…N words.
  const naiveEnd = (tokens: string[], words: string[], i: number): number => {
    let best = i;
    const walk = (k: number, at: number, gap: number): void => {
      if (k === tokens.length) return void (best = Math.max(best, at));
      const g = /^~(\d*)$/.exec(tokens[k]);
      if (g) return walk(k + 1, at, gap + (g[1] ? Number(g[1]) : 3));
      for (let skip = 0; skip <= (k === 0 ? 0 : gap) && at + skip < words.length; skip++) if (accepts(tokens[k], words[at + skip])) walk(k + 1, at + skip + 1, 0);
    };
    const first = tokens.findIndex((t) => !t.startsWith("~"));
    walk(first, i, 0);
    return best;
  };
  const text = fc.array(fc.constantFrom(...vocab, "words", "a"), { maxLength: 40 }).map((w) => w.join(" "));
  fc.assert(
    fc.property(fc.array(pattern, { minLength: 1, maxLength: 8 }), text, (patterns, t) => {
      const { words, starts, ends } = splitWords(t);
      const expected = [];
      for (let i = 0; i < words.length; i++)
        for (let id = 0; id < patterns.length; id++) {
          const end = naiveEnd(patterns[id].split(" "), words, i);
          if (end > i) expected.push({ id, start: starts[i], end: ends[end - 1] });
        }
      assert.deepEqual(new PatternSet(patterns).findAll(t), expected, `${JSON.stringify(patterns)} in "${t}"`);
    }),
    { numRuns: 3000, seed: 13 },
  );
});

test("a set of one-word patterns (a term's covers) tests a paragraph as the general matcher does", () => {
  // Literals and prefixes looked up among the paragraph's distinct words, not word by word.
  const vocab = ["backup", "backups", "back", "logs", "log", "logistics", "sub-processor", "subprocessors", "sub", "copies", "eu", "é", "zeta"];
  const alternative = fc.constantFrom(...vocab, "backup*", "log*", "sub-processor*", "sub*", "z*", "copies", "b*");
  const pattern = fc.array(alternative, { minLength: 1, maxLength: 3 }).map((alts) => alts.join("|"));
  const text = fc.array(fc.constantFrom(...vocab, "other", "words", "the", "Backups", "LOGS", "a"), { minLength: 0, maxLength: 40 }).map((w) => w.join(" "));
  fc.assert(
    fc.property(fc.array(pattern, { minLength: 1, maxLength: 4 }), text, (patterns, t) => {
      assert.equal(new PatternSet(patterns).test(t), new PatternSet(patterns, { general: true }).test(t), `${patterns.join(", ")} in "${t}"`);
    }),
    { numRuns: 3000, seed: 11 },
  );
  assert.equal(new PatternSet(["backup*|logs"]).test("The provider keeps all customer data and its nightly backups in the union."), true);
  assert.equal(new PatternSet(["backup*|logs"]).test("The provider keeps all customer data and its nightly copies in the union."), false);
});

test("words are split exactly where the word pattern splits them", () => {
  const unit = fc.constantFrom("a", "Z", "7", "_", "%", "'", "’", ".", "/", "-", ",", " ", "\n", "é", "ß", "İ", "٣", "½", "—", "“", "𝐀", "\ud800", "x1", "U.S.", "40,000", "co-op");
  fc.assert(
    fc.property(fc.array(unit, { maxLength: 40 }), (parts) => {
      const text = parts.join("");
      const w = splitWords(text);
      assert.deepEqual(w.starts.map((s, k) => [s, w.ends[k]]), wordsByRegex(text), JSON.stringify(text));
      assert.deepEqual(w.words, wordsByRegex(text).map(([a, b]) => text.slice(a, b).toLowerCase().replace(/’/g, "'")));
    }),
    { numRuns: 5000, seed: 5 },
  );
});

test("<place> matches a named country, city or province, and not common words that are also towns", () => {
  assert.deepEqual(quotes(["in <place>"], "Hosted in Estonia, backed up in Vienna, kept in Ontario."), ["in Estonia", "in Vienna", "in Ontario"]);
  assert.deepEqual(quotes(["in <place>"], "A nice day in nice weather; in reading rooms; in turn."), []);
  assert.deepEqual(quotes(["courts of <place>|the"], "the courts of Dublin"), ["courts of Dublin"]);
});
