// The long fuzz run behind `npm run fuzz`: feeds hostile Markdown to the engine and checks
// the properties of test/support/engineProperties.ts on every case. `npm test` runs the
// same properties on a bounded number of cases (test/fuzz.test.ts).
//
//   npm run fuzz -- [--runs 100000] [--seed N]
import fc from "fast-check";
import { checkFuzzCase, checkHostileCase } from "../test/support/engineProperties";
import { fuzzCase, hostileCase } from "../test/support/markdownArbitrary";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`fuzz: ${name} needs a whole number`);
    process.exit(2);
  }
  return value;
}

const runs = option("--runs", 100_000);
const seed = option("--seed", Date.now() % 2 ** 31);
// Runs in chunks with derived seeds so progress is visible and a failure names a chunk seed
// that replays it alone (`--runs <chunk> --seed <chunk seed>`).
const CHUNK = 5_000;

let cases = 0;
let findings = 0;
let characters = 0;
let slowest = { ms: 0, length: 0 };
const rulesFired = new Set<string>();
// One case in five is one of issue 16's hostile cases: a document at scale (many findings,
// headings, comments, front-matter keys), a glob, an extends graph, or custom rules at the cost limits.
const anyCase = fc.oneof({ weight: 4, arbitrary: fuzzCase.map((c) => ({ fuzz: c })) }, { weight: 1, arbitrary: hostileCase.map((h) => ({ hostile: h })) });
const hostileKinds = new Map<string, number>();
const started = performance.now();
console.log(`fuzz: ${runs} cases, seed ${seed}`);
for (let chunk = 0; cases < runs; chunk++) {
  const numRuns = Math.min(CHUNK, runs - cases);
  const chunkSeed = (seed + chunk * 7919) % 2 ** 31;
  const result = fc.check(
    fc.property(anyCase, (c) => {
      const caseStarted = performance.now();
      const analysis = "fuzz" in c ? checkFuzzCase(c.fuzz) : checkHostileCase(c.hostile);
      if ("hostile" in c) hostileKinds.set(c.hostile.kind, (hostileKinds.get(c.hostile.kind) ?? 0) + 1);
      const ms = performance.now() - caseStarted;
      if (!analysis) return;
      const text = analysis.document.text;
      if (ms > slowest.ms) slowest = { ms, length: text.length };
      findings += analysis.findings.length;
      characters += text.length;
      for (const f of analysis.findings) rulesFired.add(f.rule);
    }),
    { numRuns, seed: chunkSeed },
  );
  if (result.failed) {
    console.error(fc.defaultReportMessage(result));
    console.error(result.errorInstance);
    console.error(`fuzz: FAILED after ${cases + result.numRuns} cases (replay: --runs ${numRuns} --seed ${chunkSeed})`);
    process.exit(1);
  }
  cases += numRuns;
  const seconds = (performance.now() - started) / 1000;
  console.log(`fuzz: ${cases} cases, 0 failures, ${seconds.toFixed(0)} s`);
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `fuzz: done: ${cases} cases, 0 failures, ${findings} findings from ${rulesFired.size} rules, ` +
    `${(characters / 1e6).toFixed(1)} M characters, ${seconds.toFixed(0)} s (${((seconds * 1000) / Math.max(1, cases)).toFixed(2)} ms a case, ` +
    `slowest ${slowest.ms.toFixed(0)} ms for ${slowest.length} characters; each case is analysed five times: twice, once interrupted, and twice after a fix; one in four also with a config, one in four also edited step by step through the incremental analyzer; ` +
    `hostile cases: ${[...hostileKinds].map(([k, n]) => `${n} ${k}`).join(", ")})`,
);
