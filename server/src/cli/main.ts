import { statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { analyze, builtinRules, coverageOf, DEFAULT_LIMITS, DEFAULT_TIME_BUDGET_MS, LineIndex, type CompiledRules, type DocumentCoverage, type Finding, type Severity } from "../engine";
import type { PolicyConfig } from "../engine/config";
import { cliConfigs, type DocumentConfigFile } from "../configFiles";
import { readInputFile, resolveInputs, UsageError } from "./files";
import { jsonChunks, printable, toSarif, toText, type FileReport } from "./format";
import { atLeast, parseSeverity, SKIPPED_RULE, toGitlabCodeQuality, toJunit } from "./ciFormats";
import { bytesThatMatter, runInParallel, serveParallelWork, workerCount } from "./parallel";
import { runReport } from "./report";
import { optionValue, readCommonOption } from "./args";
import { REPORT_BUGS } from "../internalError";

declare const POLICY_LENS_VERSION: string;
const VERSION = typeof POLICY_LENS_VERSION === "string" ? POLICY_LENS_VERSION : "0.0.0-dev";

const USAGE = `Usage: policy-lens check [--format text|json|sarif|junit|gitlab] [--config FILE] [--min-severity LEVEL] [--max-warnings N] [--allow-skipped] [--max-file-size SIZE] [--time-budget MS] [--verbose] PATH...
       policy-lens report [--format html|md|csv|json] [--out FILE] PATH...   (see policy-lens report --help)

Checks policy-annotated Markdown for red lines, loopholes, sovereignty terms,
unverified claims and missing contract terms.

  PATH              a Markdown file, a folder (every *.md under it, skipping
                    node_modules and dot folders) or a quoted glob ("docs/**/*.md")
  --format FORMAT   text (default), json (the format of LABELS.md), sarif (2.1.0,
                    for GitHub code scanning), junit (JUnit XML test report) or
                    gitlab (GitLab code quality report)
  --config FILE     use this .policylens.yaml / .policylens.json
  --min-severity LEVEL
                    report only findings of LEVEL or above: error, warning,
                    information (info) or hint (default: all)
  --max-warnings N  exit 1 when more than N warnings are reported
  --allow-skipped   a file that could not be analysed (binary, not UTF-8,
                    over the size limit) is still reported but does not make
                    the exit status 2
  --max-file-size SIZE
                    skip larger files with a warning: bytes, or with KB/MB
                    (default 5MB)
  --time-budget MS  stop analysing a document after MS milliseconds and report
                    it as not fully analysed (default ${DEFAULT_TIME_BUDGET_MS})
  --no-color        plain text output
  --verbose         list the entries skipped inside folders (symbolic links,
                    FIFOs) on stderr
  -h, --help        show this help
  -v, --version     print the version

Exit status: 0 no error-severity finding, 1 at least one, 2 usage error, unreadable
input or config, or a file that could not be analysed (unless --allow-skipped). More
warnings than --max-warnings also exit 1. Each unreadable PATH or config is reported,
and the others are still checked.
`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTTY: boolean;
  /** Whether stderr is a terminal: long runs then show their progress there. */
  stderrIsTTY?: boolean;
  /** Milliseconds from any origin, for the time budget; tests inject a slow one. */
  clock?: () => number;
}

interface Options {
  format: "text" | "json" | "sarif" | "junit" | "gitlab";
  config?: string;
  minSeverity: Severity;
  maxWarnings?: number;
  allowSkipped: boolean;
  color: boolean;
  maxFileSize: number;
  timeBudgetMs: number;
  verbose: boolean;
  paths: string[];
}

function parseArgs(argv: string[], io: CliIO): Options | "help" | "version" {
  const args = [...argv];
  if (!args.length || args[0] === "-h" || args[0] === "--help" || args[0] === "help") return "help";
  if (args[0] === "-v" || args[0] === "--version") return "version";
  const command = args.shift();
  if (command !== "check") throw new UsageError(`unknown command "${command}" (the commands are "check" and "report")`);
  const opts: Options = { format: "text", minSeverity: "hint", allowSkipped: false, color: io.isTTY && !process.env.NO_COLOR, maxFileSize: DEFAULT_LIMITS.maxBytes, timeBudgetMs: DEFAULT_TIME_BUDGET_MS, verbose: false, paths: [] };
  while (args.length) {
    const a = args.shift()!;
    const value = optionValue(a, args);
    if (a === "-h" || a === "--help") return "help";
    else if (a === "--format" || a.startsWith("--format=")) {
      const f = value("--format");
      if (f !== "text" && f !== "json" && f !== "sarif" && f !== "junit" && f !== "gitlab") throw new UsageError(`unknown format "${f}" (use text, json, sarif, junit or gitlab)`);
      opts.format = f;
    } else if (readCommonOption(a, value, opts)) continue;
    else if (a === "--min-severity" || a.startsWith("--min-severity=")) {
      const v = value("--min-severity");
      const level = parseSeverity(v);
      if (!level) throw new UsageError(`--min-severity "${v}" is not a severity (use error, warning, information or hint)`);
      opts.minSeverity = level;
    } else if (a === "--max-warnings" || a.startsWith("--max-warnings=")) {
      const v = value("--max-warnings");
      if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings "${v}" is not a whole number of warnings (0 or more)`);
      opts.maxWarnings = Number(v);
    } else if (a === "--allow-skipped") opts.allowSkipped = true;
    else if (a === "--no-color") opts.color = false;
    else if (a === "--verbose") opts.verbose = true;
    else if (a === "--") opts.paths.push(...args.splice(0));
    else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
    else opts.paths.push(a);
  }
  if (!opts.paths.length) throw new UsageError("no PATH given: name a file, folder or glob to check");
  return opts;
}

export function runCli(argv: string[], io: CliIO): number {
  if (argv[0] === "report") return runReport(argv.slice(1), io);
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`policy-lens: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (opts === "help") {
    io.stdout(USAGE);
    return 0;
  }
  if (opts === "version") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  let unreadable = false;
  const reportUnreadable = (path: string, reason: string) => {
    io.stderr(`policy-lens: cannot read ${path}: ${reason}\n`);
    unreadable = true;
  };
  // Every operand that cannot be read is reported and the others are still checked (exit 2 at the end).
  const badOperand = (message: string) => {
    io.stderr(`policy-lens: ${printable(message)}\n`);
    unreadable = true;
  };
  let skipped = 0;
  const files = resolveInputs(
    opts.paths,
    io.cwd,
    (folder, reason) => reportUnreadable(`folder ${printable(folder)}`, reason),
    badOperand,
    (path, reason) => {
      skipped++;
      if (opts.verbose) io.stderr(`policy-lens: skipped ${printable(path)}: ${reason}\n`);
    },
  );
  if (!files.length && unreadable) return 2;
  const rules = builtinRules();
  // An invalid config stops the run before any output, with each problem at its line.
  const configs = cliConfigs(files, io.cwd, opts.config);
  if (configs.errors.length) {
    io.stderr(`${configs.errors.flatMap((e) => e.split("\n")).map(printable).join("\n")}\n`);
    return 2;
  }
  // Files are checked here and, for a big enough run, on worker threads too (see parallel.ts).
  const context = checkContext(files, configs.byFile, opts, io.cwd);
  const workers = io.clock ? 0 : workerCount(files.length, totalBytes(files, io.cwd, bytesThatMatter()));
  const outcomes = runInParallel(files.length, workers, context, (ctx, i) => checkFile(ctx, i, rules, io.clock), fromPortable);
  const reports: FileReport[] = [];
  for (const outcome of outcomes) {
    if (outcome.stderr) io.stderr(outcome.stderr);
    if (outcome.unreadable) unreadable = true;
    if (outcome.report) reports.push(opts.minSeverity === "hint" ? outcome.report : { ...outcome.report, findings: atLeast(outcome.report.findings, opts.minSeverity) });
  }
  // JSON goes out in pieces of about 64 KB: a big run's report is never one huge string,
  // and a run of small files is not a write per file.
  if (opts.format === "json") {
    let pending = "";
    for (const chunk of jsonChunks(reports)) {
      pending += chunk;
      if (pending.length >= 65536) {
        io.stdout(pending);
        pending = "";
      }
    }
    if (pending) io.stdout(pending);
  }
  else if (opts.format === "junit") io.stdout(toJunit(reports));
  else if (opts.format === "gitlab") io.stdout(toGitlabCodeQuality(reports));
  else io.stdout(opts.format === "sarif" ? toSarif(reports, rules, VERSION, io.cwd) : toText(reports, opts.color, skipped));
  // A contract nobody could read must not pass CI as if it had been checked.
  const notAnalysed = reports.filter((r) => r.findings.some((f) => f.rule === SKIPPED_RULE)).length;
  if (notAnalysed && !opts.allowSkipped) {
    io.stderr(`policy-lens: ${notAnalysed} file${notAnalysed === 1 ? " was" : "s were"} not analysed (see above); exit status 2. Pass --allow-skipped to report ${notAnalysed === 1 ? "it" : "them"} without failing.\n`);
  }
  if (unreadable || (notAnalysed && !opts.allowSkipped)) return 2;
  if (reports.some((r) => r.findings.some((f) => f.severity === "error"))) return 1;
  if (opts.maxWarnings !== undefined) {
    const warnings = reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === "warning" && f.rule !== SKIPPED_RULE).length, 0);
    if (warnings > opts.maxWarnings) {
      io.stderr(`policy-lens: ${warnings} warning${warnings === 1 ? "" : "s"}, more than --max-warnings ${opts.maxWarnings}\n`);
      return 1;
    }
  }
  return 0;
}

/** Everything checking one file needs, as plain data, so a worker thread can have a copy. */
export interface CheckContext {
  files: string[];
  cwd: string;
  maxFileSize: number;
  timeBudgetMs: number;
  /** Each distinct config once (analysis caches per config object), and each file's index into it. */
  configs: PolicyConfig[];
  configOf: number[];
  ignored: boolean[];
  /** SARIF describes a finding's rule from its explanation and reference; the others print neither. */
  details: boolean;
  /** The report command's coverage matrix row per file. */
  coverage?: boolean;
}

/** What checking one file gives: its report (none if ignored or unreadable) and its stderr lines. */
export interface FileOutcome {
  report?: FileReport;
  coverage?: DocumentCoverage;
  stderr: string;
  unreadable: boolean;
}

export function checkContext(files: string[], byFile: Map<string, DocumentConfigFile>, opts: Options, cwd: string): CheckContext {
  const configs: PolicyConfig[] = [];
  const configOf = files.map((file) => {
    const config = byFile.get(file)?.config;
    if (!config) return -1;
    const known = configs.indexOf(config);
    return known >= 0 ? known : configs.push(config) - 1;
  });
  const ignored = files.map((file) => Boolean(byFile.get(file)?.ignored));
  return { files, cwd, maxFileSize: opts.maxFileSize, timeBudgetMs: opts.timeBudgetMs, configs, configOf, ignored, details: opts.format === "sarif" };
}

export function checkFile(ctx: CheckContext, index: number, rules: CompiledRules, clock?: () => number): FileOutcome {
  const file = ctx.files[index];
  if (ctx.ignored[index]) return { stderr: "", unreadable: false };
  const decoded = readInputFile(isAbsolute(file) ? file : join(ctx.cwd, file), { maxBytes: ctx.maxFileSize });
  if (!decoded.ok && decoded.unreadable) return { stderr: `policy-lens: cannot read ${printable(file)}: ${decoded.reason}\n`, unreadable: true };
  if (!decoded.ok) {
    const skipped: Finding = { rule: "document/skipped", category: "document", severity: "warning", message: `Not analysed: ${decoded.reason}.`, start: 0, end: 0 };
    return { report: { file, kind: null, findings: [skipped], lines: new LineIndex("") }, stderr: `policy-lens: ${printable(file)}: ${decoded.reason}\n`, unreadable: false };
  }
  try {
    const config = ctx.configOf[index] >= 0 ? ctx.configs[ctx.configOf[index]] : undefined;
    const result = analyze(decoded.text, { rules, config, timeBudgetMs: ctx.timeBudgetMs, clock });
    const coverage = ctx.coverage ? coverageOf(result, rules) : undefined;
    return { report: { file, kind: result.kind, findings: result.findings, lines: result.document.lines }, coverage, stderr: "", unreadable: false };
  } catch (e) {
    // An engine bug on one file must not cost the report on every other file; the user gets
    // what failed and where to report it, not a stack trace.
    return { stderr: `policy-lens: internal error while analysing ${printable(file)}: ${printable(String((e as Error)?.message ?? e))}. The other files were checked; please report this at ${REPORT_BUGS} (with the file, if you can share it).\n`, unreadable: true };
  }
}

/** The files' total size, counted only until it reaches `enough` (past which workerCount's answer is the same). */
export function totalBytes(files: string[], cwd: string, enough = Infinity): number {
  let total = 0;
  for (const file of files) {
    if (total >= enough) break;
    try {
      total += statSync(isAbsolute(file) ? file : join(cwd, file)).size;
    } catch {
      // Reported when the file is read.
    }
  }
  return total;
}

// A worker thread runs this bundle too: it checks files and sends each outcome back with
// the text instead of its LineIndex (a class instance does not survive the copy).
export type PortableOutcome = Omit<FileOutcome, "report"> & { report?: Omit<FileReport, "lines"> & { text: string } };
// Explanations and references are left out unless printed: each copy would be a string of its own.
const isWorker = serveParallelWork<CheckContext, PortableOutcome>((ctx, i) => {
  const { report, ...rest } = checkFile(ctx, i, builtinRules());
  if (!report) return rest;
  const findings = ctx.details ? report.findings : report.findings.map(({ explanation: _e, reference: _r, fixes: _f, ...printed }) => printed);
  return { ...rest, report: { file: report.file, kind: report.kind, findings, text: report.lines.text } };
});

export function fromPortable({ report, ...rest }: PortableOutcome): FileOutcome {
  return report ? { ...rest, report: { file: report.file, kind: report.kind, findings: report.findings, lines: new LineIndex(report.text) } } : rest;
}

/** Runs the CLI as this process: its arguments, streams and exit code. Used by bin/policy-lens.js and when this bundle is run directly. */
export function runAsProcess(): void {
  let code: number;
  try {
    code = runCli(process.argv.slice(2), {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      cwd: process.cwd(),
      isTTY: Boolean(process.stdout.isTTY),
      stderrIsTTY: Boolean(process.stderr.isTTY),
    });
  } catch (e) {
    // A bug must not look like exit status 1 ("error findings"): 2 is "could not check". No stack trace reaches the user.
    process.stderr.write(`policy-lens: internal error: ${printable(String((e as Error)?.message ?? e))}. Please report this at ${REPORT_BUGS}.\n`);
    code = 2;
  }
  process.exitCode = code;
}

if (require.main === module && !isWorker) runAsProcess();
