import { isAbsolute, join } from "node:path";
import { analyze, builtinRules, DEFAULT_LIMITS, DEFAULT_TIME_BUDGET_MS, LineIndex, parseByteSize, type Finding } from "../engine";
import { cliConfigs } from "../configFiles";
import { readInputFile, resolveInputs, UsageError } from "./files";
import { toJson, toSarif, toText, type FileReport } from "./format";

declare const POLICY_LENS_VERSION: string;
const VERSION = typeof POLICY_LENS_VERSION === "string" ? POLICY_LENS_VERSION : "0.0.0-dev";

const USAGE = `Usage: policy-lens check [--format text|json|sarif] [--config FILE] [--max-file-size SIZE] [--time-budget MS] PATH...

Checks policy-annotated Markdown for red lines, loopholes, sovereignty terms,
unverified claims and missing contract terms.

  PATH              a Markdown file, a folder (every *.md under it, skipping
                    node_modules and dot folders) or a quoted glob ("docs/**/*.md")
  --format FORMAT   text (default), json (the format of LABELS.md) or sarif (2.1.0)
  --config FILE     use this .policylens.yaml / .policylens.json
  --max-file-size SIZE
                    skip larger files with a warning: bytes, or with KB/MB
                    (default 5MB)
  --time-budget MS  stop analysing a document after MS milliseconds and report
                    it as not fully analysed (default ${DEFAULT_TIME_BUDGET_MS})
  --no-color        plain text output
  -h, --help        show this help
  -v, --version     print the version

Exit status: 0 no error-severity finding, 1 at least one, 2 usage error or unreadable input.
`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTTY: boolean;
  /** Milliseconds from any origin, for the time budget; tests inject a slow one. */
  clock?: () => number;
}

interface Options {
  format: "text" | "json" | "sarif";
  config?: string;
  color: boolean;
  maxFileSize: number;
  timeBudgetMs: number;
  paths: string[];
}

function parseArgs(argv: string[], io: CliIO): Options | "help" | "version" {
  const args = [...argv];
  if (!args.length || args[0] === "-h" || args[0] === "--help" || args[0] === "help") return "help";
  if (args[0] === "-v" || args[0] === "--version") return "version";
  const command = args.shift();
  if (command !== "check") throw new UsageError(`unknown command "${command}" (the command is "check")`);
  const opts: Options = { format: "text", color: io.isTTY && !process.env.NO_COLOR, maxFileSize: DEFAULT_LIMITS.maxBytes, timeBudgetMs: DEFAULT_TIME_BUDGET_MS, paths: [] };
  while (args.length) {
    const a = args.shift()!;
    const value = (name: string) => {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args.shift();
      if (!v) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === "-h" || a === "--help") return "help";
    else if (a === "--format" || a.startsWith("--format=")) {
      const f = value("--format");
      if (f !== "text" && f !== "json" && f !== "sarif") throw new UsageError(`unknown format "${f}" (use text, json or sarif)`);
      opts.format = f;
    } else if (a === "--config" || a.startsWith("--config=")) opts.config = value("--config");
    else if (a === "--max-file-size" || a.startsWith("--max-file-size=")) {
      const v = value("--max-file-size");
      const bytes = parseByteSize(v);
      if (bytes === undefined) throw new UsageError(`--max-file-size "${v}" is not a size (use bytes, or a number with KB or MB, e.g. 10MB)`);
      opts.maxFileSize = bytes;
    } else if (a === "--time-budget" || a.startsWith("--time-budget=")) {
      const v = value("--time-budget");
      const ms = Number(v);
      if (!/^\d+$/.test(v) || ms <= 0) throw new UsageError(`--time-budget "${v}" is not a whole number of milliseconds above 0`);
      opts.timeBudgetMs = ms;
    }
    else if (a === "--no-color") opts.color = false;
    else if (a === "--") opts.paths.push(...args.splice(0));
    else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
    else opts.paths.push(a);
  }
  if (!opts.paths.length) throw new UsageError("no PATH given: name a file, folder or glob to check");
  return opts;
}

export function runCli(argv: string[], io: CliIO): number {
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
  let files: string[];
  try {
    files = resolveInputs(opts.paths, io.cwd, (folder, reason) => reportUnreadable(`folder ${folder}`, reason));
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`policy-lens: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const rules = builtinRules();
  // An invalid config stops the run before any output, with each problem at its line.
  const configs = cliConfigs(files, io.cwd, opts.config);
  if (configs.errors.length) {
    io.stderr(`${configs.errors.join("\n")}\n`);
    return 2;
  }
  const reports: FileReport[] = [];
  for (const file of files) {
    const config = configs.byFile.get(file);
    if (config?.ignored) continue;
    const decoded = readInputFile(isAbsolute(file) ? file : join(io.cwd, file), { maxBytes: opts.maxFileSize });
    if (!decoded.ok && decoded.unreadable) {
      reportUnreadable(file, decoded.reason);
      continue;
    }
    if (!decoded.ok) {
      io.stderr(`policy-lens: ${file}: ${decoded.reason}\n`);
      const skipped: Finding = { rule: "document/skipped", category: "document", severity: "warning", message: `Not analysed: ${decoded.reason}.`, start: 0, end: 0 };
      reports.push({ file, kind: null, findings: [skipped], lines: new LineIndex("") });
      continue;
    }
    let result;
    try {
      result = analyze(decoded.text, { rules, config: config?.config, timeBudgetMs: opts.timeBudgetMs, clock: io.clock });
    } catch (e) {
      // An engine bug on one file must not cost the report on every other file.
      io.stderr(`policy-lens: internal error while analysing ${file} (please report it): ${(e as Error)?.stack ?? e}\n`);
      unreadable = true;
      continue;
    }
    reports.push({ file, kind: result.kind, findings: result.findings, lines: result.document.lines });
  }
  const out = opts.format === "json" ? toJson(reports) : opts.format === "sarif" ? toSarif(reports, rules, VERSION, io.cwd) : toText(reports, opts.color);
  io.stdout(out);
  if (unreadable) return 2;
  return reports.some((r) => r.findings.some((f) => f.severity === "error")) ? 1 : 0;
}

if (require.main === module) {
  const code = runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
  });
  process.exitCode = code;
}
