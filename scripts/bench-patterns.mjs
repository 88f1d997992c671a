// Benchmark, not a test: user token patterns stay linear in the text, even patterns whose
// regular-expression equivalent backtracks catastrophically.
//
//   node --import tsx scripts/bench-patterns.mjs
//
// For each pattern it times PatternSet.find on texts of n words "a a a … a" (no "b", so
// every start position fails at the end, the worst case), doubling n. Linear matching
// means the time doubles with n (ratio ≈ 2). For comparison it times the backtracking
// regex /^(a+\s?)+b$/ on strings of 16…26 "a"s: each two more "a"s multiply its time by ~4.
import { PatternSet, patternCost } from "../server/src/engine/patterns.ts";
import { CUSTOM_RULE_LIMITS, validateConfigText } from "../server/src/engine/config/index.ts";

const ms = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
const best = (fn, runs = 3) => Math.min(...Array.from({ length: runs }, () => ms(fn)));
const words = (n) => Array.from({ length: n }, () => "a").join(" ");

const patterns = [
  ["a plain phrase", "a b"],
  ["nested gaps, as a regex (a(\\s\\w+){0,8}\\s)+b", "a ~8 a ~8 a ~8 a ~8 b"],
  ["optional groups and gaps", "a [a ~4 a] ~4 [a ~4 a] ~4 a b"],
  ["over the budget (rejected in a config, timed anyway)", "a ~8 a ~8 a ~8 a ~8 a ~8 a ~8 a ~8 a ~8 b"],
];
console.log("Token patterns, time per PatternSet.find over n words of 'a' (ms, best of 3):");
for (const [label, pattern] of patterns) {
  const set = new PatternSet([pattern]);
  set.find(words(1000)); // warm up
  const sizes = [4000, 8000, 16000, 32000];
  const times = sizes.map((n) => best(() => set.find(words(n))));
  const ratios = times.slice(1).map((t, i) => (t / times[i]).toFixed(2));
  const accepted = validateConfigText(`customRules:\n  - { id: bench/x, category: claim, message: X, patterns: [${JSON.stringify(pattern)}] }\n`).problems.length === 0;
  console.log(`  ${label}: "${pattern}" (cost ${patternCost(pattern)}, ${accepted ? "accepted" : "rejected"} in a config)`);
  console.log(`    n = ${sizes.join(" / ")}: ${times.map((t) => t.toFixed(1)).join(" / ")} ms; ratio per doubling ${ratios.join(", ")}`);
}

// A whole config at its budget: as many costly patterns as it allows, all starting with "a".
const heavyCost = patternCost("a ~8 a ~8 a ~8 a ~8 b");
const heavy = Array.from({ length: Math.floor(CUSTOM_RULE_LIMITS.totalCost / heavyCost) }, (_, i) => `a ~8 a ~8 a ~8 a ~8 b${i}`);
const total = heavy.reduce((sum, p) => sum + patternCost(p), 0);
const set = new PatternSet(heavy);
const t16 = best(() => set.find(words(16000)), 1);
console.log(`\n  ${heavy.length} such patterns at once (total cost ${total}, budget ${CUSTOM_RULE_LIMITS.totalCost}): ${t16.toFixed(0)} ms for 16000 words of 'a'`);

console.log("\nBacktracking regex /^(a+\\s?)+b$/ on n 'a's (ms):");
const re = /^(a+\s?)+b$/;
const row = [];
for (const n of [16, 18, 20, 22, 24, 26]) row.push(`n=${n}: ${ms(() => re.test("a".repeat(n))).toFixed(1)}`);
console.log(`  ${row.join("  ")}`);
