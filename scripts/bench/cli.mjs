// `npm run bench`: policy-lens check vs markdownlint-cli2 on the same deterministic corpus,
// whole-process wall time (median) and peak memory, plus markdown-it's raw parse time on the
// same bytes: the floor a Markdown-based linter can approach.
//
//   node scripts/bench/cli.mjs [--runs N] [--only small,medium,large]
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureCorpus } from "./corpus.mjs";
import { describeMachine, formatBytes, formatSeconds, median } from "./stats.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(option("--runs", "5"));
const ONLY = option("--only", "small,medium,large").split(",");

const POLICY_LENS = join(root, "bin", "policy-lens.js");
const MARKDOWNLINT = join(root, "node_modules", "markdownlint-cli2", "markdownlint-cli2-bin.mjs");
// GNU time reports the peak resident set of the process it runs; without it we poll /proc.
const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

if (!existsSync(join(root, "dist", "cli.js"))) throw new Error("dist/cli.js is missing: run `npm run build` first (npm run bench does)");
if (!existsSync(MARKDOWNLINT)) throw new Error("markdownlint-cli2 is missing: it is a dev dependency, run `npm ci`");

const corpusRoot = join(root, ".bench", "corpus");
const corpus = ensureCorpus(corpusRoot);
const tools = [
  // Both tools run from the corpus folder on the same files; markdownlint-cli2 gets a config
  // there that enables its default rules, so no repository configuration leaks in.
  { name: "policy-lens", argv: (c) => [POLICY_LENS, "check", "--format", "json", c.name] },
  { name: "markdownlint-cli2", argv: (c) => [MARKDOWNLINT, "--config", ".markdownlint-cli2.jsonc", `${c.name}/**/*.md`] },
  // The portfolio report on the same files (HTML, the largest format): it should cost little more than check.
  { name: "policy-lens report", argv: (c) => [POLICY_LENS, "report", "--format", "html", c.name] },
];

/**
 * CPU seconds the whole machine has spent busy so far (Linux /proc/stat, in USER_HZ ticks of
 * 1/100 s), or undefined elsewhere. Less a run's own CPU time, it is what other processes
 * took during the run: the load that makes wall times noisy.
 */
function machineBusySeconds() {
  try {
    const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
    return (ticks.reduce((a, b) => a + b, 0) - ticks[3] - ticks[4]) / 100;
  } catch {
    return undefined;
  }
}

/** Runs `node argv` to completion; resolves wall time (s), peak RSS (bytes) and, with GNU time, CPU time (s) and other processes' CPU time meanwhile (s). */
function measure(argv, { capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const timeOut = join(root, ".bench", `time-${process.pid}.txt`);
    const [cmd, cmdArgs] = GNU_TIME ? [GNU_TIME, ["-f", "%M %U %S", "-o", timeOut, process.execPath, ...argv]] : [process.execPath, argv];
    const busyBefore = machineBusySeconds();
    const started = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, { cwd: corpusRoot, stdio: ["ignore", capture ? "pipe" : "ignore", capture ? "pipe" : "ignore"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => (stdout += d));
    child.stderr?.on("data", (d) => (stderr += d));
    let polledPeak = 0;
    const poll = GNU_TIME ? undefined : setInterval(() => (polledPeak = Math.max(polledPeak, readHighWaterMark(child.pid))), 5);
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (poll) clearInterval(poll);
      const [maxRssKb, user, system] = GNU_TIME ? readFileSync(timeOut, "utf8").trim().split("\n").pop().split(" ").map(Number) : [polledPeak / 1024, NaN, NaN];
      if (GNU_TIME) rmSync(timeOut, { force: true });
      const busyAfter = machineBusySeconds();
      const other = busyBefore === undefined || busyAfter === undefined ? NaN : Math.max(0, busyAfter - busyBefore - (user + system));
      resolve({ seconds, peak: maxRssKb * 1024, cpu: user + system, other, code, stdout, stderr });
    });
  });
}

function readHighWaterMark(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function summary({ seconds, peak, cpu, other }) {
  return { seconds: median(seconds), cpu: median(cpu), peak: Math.max(...peak), runs: seconds, other: median(other) };
}

/** markdown-it with the options the engine uses, timed in this process on the same bytes. */
function parseFloor(dir) {
  const require = createRequire(join(root, "package.json"));
  const MarkdownIt = require("markdown-it");
  const md = new MarkdownIt("default", { html: true, linkify: false });
  const texts = readdirSync(dir).sort().map((f) => readFileSync(join(dir, f), "utf8"));
  const times = [];
  for (let run = 0; run < 3; run++) {
    const started = process.hrtime.bigint();
    for (const t of texts) md.parse(t, {});
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return median(times);
}

const machine = describeMachine();
console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.load} at start`);
console.log(`Peak memory from ${GNU_TIME ? "GNU time (max RSS)" : "polling /proc/<pid>/status VmHWM"}; ${RUNS} alternating runs per tool; corpus sha256 ${corpus.sha256}\n`);

const rows = [];
for (const c of corpus.corpora.filter((c) => ONLY.includes(c.name))) {
  // One untimed run each warms the file cache and checks that both tools really work.
  const check = await measure(tools[0].argv(c), { capture: true });
  const reports = JSON.parse(check.stdout);
  if (reports.length !== c.count) throw new Error(`policy-lens reported ${reports.length} files of ${c.count}: ${check.stderr}`);
  const lint = await measure(tools[1].argv(c), { capture: true });
  if (!/error MD\d+/.test(lint.stderr)) throw new Error(`markdownlint-cli2 reported nothing: ${lint.stderr.slice(0, 500)}`);
  const report = await measure([POLICY_LENS, "report", "--format", "json", c.name], { capture: true });
  if (JSON.parse(report.stdout).documents.length !== c.count) throw new Error(`policy-lens report covered the wrong number of files: ${report.stderr}`);
  const samples = Object.fromEntries(tools.map((t) => [t.name, { seconds: [], peak: [], cpu: [], other: [] }]));
  for (let run = 0; run < RUNS; run++) {
    // Alternating, and starting with a different tool each run, so drift in machine load hits both.
    const order = run % 2 ? [...tools].reverse() : tools;
    for (const t of order) {
      const r = await measure(t.argv(c));
      samples[t.name].seconds.push(r.seconds);
      samples[t.name].peak.push(r.peak);
      samples[t.name].cpu.push(r.cpu);
      samples[t.name].other.push(r.other);
    }
  }
  const floor = parseFloor(c.dir);
  const row = {
    corpus: c.label,
    bytes: c.totalBytes,
    findings: reports.reduce((n, r) => n + r.findings.length, 0),
    policyLens: summary(samples["policy-lens"]),
    markdownlint: summary(samples["markdownlint-cli2"]),
    report: summary(samples["policy-lens report"]),
    parseFloor: floor,
  };
  rows.push(row);
  console.log(
    `${c.label}: policy-lens ${row.policyLens.runs.map(formatSeconds).join(" ")} | markdownlint-cli2 ${row.markdownlint.runs.map(formatSeconds).join(" ")}` +
      ` | policy-lens report ${row.report.runs.map(formatSeconds).join(" ")}` +
      (Number.isNaN(row.policyLens.other) ? "" : ` | other processes' CPU per run (median) ${formatSeconds(row.policyLens.other)} / ${formatSeconds(row.markdownlint.other)}`),
  );
}

const endLoad = describeMachine().load;
console.log("\n| corpus | policy-lens | markdownlint-cli2 | speed-up | CPU time policy-lens / markdownlint-cli2 | peak memory policy-lens | peak memory markdownlint-cli2 | markdown-it parse alone |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.corpus} (${formatBytes(r.bytes)}) | ${formatSeconds(r.policyLens.seconds)} | ${formatSeconds(r.markdownlint.seconds)} | ${(r.markdownlint.seconds / r.policyLens.seconds).toFixed(2)}× | ${formatSeconds(r.policyLens.cpu)} / ${formatSeconds(r.markdownlint.cpu)} | ${formatBytes(r.policyLens.peak)} | ${formatBytes(r.markdownlint.peak)} | ${formatSeconds(r.parseFloor)} (${((r.bytes / 1e6) / r.parseFloor).toFixed(1)} MB/s) |`,
  );
}
console.log("\n| corpus | policy-lens check | policy-lens report --format html | report / check (wall) | report / check (CPU) |");
console.log("|---|---|---|---|---|");
for (const r of rows) {
  console.log(`| ${r.corpus} | ${formatSeconds(r.policyLens.seconds)} | ${formatSeconds(r.report.seconds)} | ${(r.report.seconds / r.policyLens.seconds).toFixed(2)}× | ${(r.report.cpu / r.policyLens.cpu).toFixed(2)}× |`);
}
console.log(`\nMedians of ${RUNS} runs (whole process: wall time, and user + system CPU time, which machine load disturbs less); peak memory is the largest of the runs. Load average ${machine.load} at start, ${endLoad} at end.`);
if (rows.some((r) => r.policyLens.other > 0.2 * r.policyLens.cpu || r.markdownlint.other > 0.2 * r.markdownlint.cpu))
  console.log("Other processes used the CPU during some runs (see \"other processes' CPU\" above): wall times are disturbed; compare CPU times, or run again on a quiet machine.");
mkdirSync(join(root, ".bench"), { recursive: true });
writeFileSync(join(root, ".bench", "cli-results.json"), JSON.stringify({ machine, endLoad, runs: RUNS, corpus: corpus.sha256, rows }, null, 2) + "\n");
