// `policy-lens report`: checks files exactly as `check` does (same discovery, configs,
// limits and threads) and writes the portfolio's coverage matrix and findings.
import { writeFileSync } from "node:fs";
import { extname, isAbsolute, join } from "node:path";
import { builtinRules, DEFAULT_LIMITS, DEFAULT_TIME_BUDGET_MS } from "../engine";
import { cliConfigs } from "../configFiles";
import { describeFsError, resolveInputs, UsageError } from "./files";
import { optionValue, readCommonOption } from "./args";
import { checkContext, checkFile, fromPortable, totalBytes, type CliIO } from "./main";
import { bytesThatMatter, runInParallel, workerCount } from "./parallel";
import { buildReport, toReportCsv, toReportHtml, toReportJson, toReportMarkdown, type ReportInput } from "./reportFormats";

declare const POLICY_LENS_VERSION: string;
const VERSION = typeof POLICY_LENS_VERSION === "string" ? POLICY_LENS_VERSION : "0.0.0-dev";

export const REPORT_USAGE = `Usage: policy-lens report [--format html|md|csv|json] [--out FILE] [--config FILE] [--max-file-size SIZE] [--time-budget MS] PATH...

Checks the documents as \`policy-lens check\` does and writes a portfolio report: a
coverage matrix (each required term present, weak or missing, per document, with
counts of red lines, loopholes and unverified claims) and the findings behind it.

  PATH              a Markdown file, a folder or a quoted glob, as for check
  --format FORMAT   html (one self-contained page), md (GitHub-flavoured Markdown,
                    e.g. for $GITHUB_STEP_SUMMARY), csv (one row per document) or
                    json; default: from --out's extension, else md
  --out FILE        write the report to FILE instead of standard output
  --config FILE, --max-file-size SIZE, --time-budget MS
                    as for check

Progress is shown on standard error when it is a terminal.
Exit status: 0 no error-severity finding, 1 at least one, 2 usage error or unreadable input.
`;

const FORMATS = ["html", "md", "csv", "json"] as const;
type ReportFormat = (typeof FORMATS)[number];
const EXTENSIONS: Record<string, ReportFormat> = { ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json" };

interface ReportOptions {
  format?: ReportFormat;
  out?: string;
  config?: string;
  maxFileSize: number;
  timeBudgetMs: number;
  paths: string[];
}

function parseReportArgs(argv: string[]): ReportOptions | "help" {
  const args = [...argv];
  const opts: ReportOptions = { maxFileSize: DEFAULT_LIMITS.maxBytes, timeBudgetMs: DEFAULT_TIME_BUDGET_MS, paths: [] };
  while (args.length) {
    const a = args.shift()!;
    const value = optionValue(a, args);
    if (a === "-h" || a === "--help") return "help";
    else if (a === "--format" || a.startsWith("--format=")) {
      const f = value("--format");
      if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown report format "${f}" (use html, md, csv or json)`);
      opts.format = f as ReportFormat;
    } else if (a === "--out" || a.startsWith("--out=")) opts.out = value("--out");
    else if (readCommonOption(a, value, opts)) continue;
    else if (a === "--") opts.paths.push(...args.splice(0));
    else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
    else opts.paths.push(a);
  }
  if (!opts.paths.length) throw new UsageError("no PATH given: name a file, folder or glob to report on");
  if (!opts.format && opts.out) {
    const known = EXTENSIONS[extname(opts.out).toLowerCase()];
    if (!known) throw new UsageError(`cannot tell the format from --out "${opts.out}": add --format html, md, csv or json`);
    opts.format = known;
  }
  return opts;
}

/** Shows "checked 120 of 1000 files" on a terminal, at most every 100 ms, and clears it at the end. */
function progressLine(io: CliIO, total: number): { update: (done: number) => void; clear: () => void } {
  if (!io.stderrIsTTY || total < 2) return { update: () => {}, clear: () => {} };
  let last = 0;
  let shown = false;
  return {
    update: (done) => {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      io.stderr(`\r\x1b[Kpolicy-lens: checked ${done} of ${total} files`);
    },
    clear: () => {
      if (shown) io.stderr("\r\x1b[K");
    },
  };
}

export function runReport(argv: string[], io: CliIO): number {
  let opts: ReturnType<typeof parseReportArgs>;
  let files: string[];
  let unreadable = false;
  try {
    opts = parseReportArgs(argv);
    if (opts === "help") {
      io.stdout(REPORT_USAGE);
      return 0;
    }
    files = resolveInputs(opts.paths, io.cwd, (folder, reason) => {
      io.stderr(`policy-lens: cannot read folder ${folder}: ${reason}\n`);
      unreadable = true;
    });
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`policy-lens: ${e.message}\n\n${REPORT_USAGE}`);
      return 2;
    }
    throw e;
  }
  const configs = cliConfigs(files, io.cwd, opts.config);
  if (configs.errors.length) {
    io.stderr(`${configs.errors.join("\n")}\n`);
    return 2;
  }
  const rules = builtinRules();
  const context = { ...checkContext(files, configs.byFile, { color: false, minSeverity: "hint" as const, allowSkipped: false, verbose: false, ...opts, format: "json" as const }, io.cwd), coverage: true };
  const workers = io.clock ? 0 : workerCount(files.length, totalBytes(files, io.cwd, bytesThatMatter()));
  const progress = progressLine(io, files.length);
  const outcomes = runInParallel(files.length, workers, context, (ctx, i) => checkFile(ctx, i, rules, io.clock), fromPortable, progress.update);
  progress.clear();
  const inputs: ReportInput[] = [];
  for (const outcome of outcomes) {
    if (outcome.stderr) io.stderr(outcome.stderr);
    if (outcome.unreadable) unreadable = true;
    if (outcome.report) inputs.push({ ...outcome.report, coverage: outcome.coverage });
  }
  const report = buildReport(inputs, VERSION);
  const format = opts.format ?? "md";
  const text = format === "html" ? toReportHtml(report) : format === "csv" ? toReportCsv(report) : format === "json" ? toReportJson(report) : toReportMarkdown(report);
  if (opts.out) {
    const out = isAbsolute(opts.out) ? opts.out : join(io.cwd, opts.out);
    try {
      writeFileSync(out, text);
    } catch (e) {
      io.stderr(`policy-lens: cannot write ${opts.out}: ${describeFsError(e)}\n`);
      return 2;
    }
  } else io.stdout(text);
  if (unreadable) return 2;
  return inputs.some((r) => r.findings.some((f) => f.severity === "error")) ? 1 : 0;
}
