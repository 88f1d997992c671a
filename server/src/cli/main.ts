import { readFileSync } from "node:fs";
import { analyze, builtinRules, decodeDocument, LineIndex, type Finding } from "../engine";
import { resolveInputs, UsageError } from "./files";
import { toJson, toSarif, toText, type FileReport } from "./format";

declare const POLICY_LENS_VERSION: string;
const VERSION = typeof POLICY_LENS_VERSION === "string" ? POLICY_LENS_VERSION : "0.0.0-dev";

const USAGE = `Usage: policy-lens check [--format text|json|sarif] [--config FILE] PATH...

Checks policy-annotated Markdown for red lines, loopholes, sovereignty terms,
unverified claims and missing contract terms.

  PATH              a Markdown file, a folder (every *.md under it, skipping
                    node_modules and dot folders) or a quoted glob ("docs/**/*.md")
  --format FORMAT   text (default), json (the format of LABELS.md) or sarif (2.1.0)
  --config FILE     use this .policylens.yaml / .policylens.json
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
}

interface Options {
  format: "text" | "json" | "sarif";
  config?: string;
  color: boolean;
  paths: string[];
}

function parseArgs(argv: string[], io: CliIO): Options | "help" | "version" {
  const args = [...argv];
  if (!args.length || args[0] === "-h" || args[0] === "--help" || args[0] === "help") return "help";
  if (args[0] === "-v" || args[0] === "--version") return "version";
  const command = args.shift();
  if (command !== "check") throw new UsageError(`unknown command "${command}" (the command is "check")`);
  const opts: Options = { format: "text", color: io.isTTY && !process.env.NO_COLOR, paths: [] };
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
  let files: string[];
  try {
    files = resolveInputs(opts.paths, io.cwd);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`policy-lens: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const rules = builtinRules();
  const reports: FileReport[] = [];
  let unreadable = false;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file.startsWith("/") ? file : `${io.cwd}/${file}`);
    } catch (e) {
      io.stderr(`policy-lens: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      unreadable = true;
      continue;
    }
    const decoded = decodeDocument(bytes);
    if (!decoded.ok) {
      io.stderr(`policy-lens: ${file}: ${decoded.reason}\n`);
      const skipped: Finding = { rule: "document/skipped", category: "document", severity: "warning", message: `Not analysed: ${decoded.reason}.`, start: 0, end: 0 };
      reports.push({ file, kind: null, findings: [skipped], lines: new LineIndex("") });
      continue;
    }
    const result = analyze(decoded.text, { rules });
    reports.push({ file, kind: result.kind, findings: result.findings, lines: result.document.lines });
  }
  const out = opts.format === "json" ? toJson(reports) : opts.format === "sarif" ? toSarif(reports, rules, VERSION) : toText(reports, opts.color);
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
