// The GitHub Action's check step (action.yml): runs `policy-lens check --format sarif` on the
// inputs, writes the report, prints each finding as a workflow annotation, and hands the
// exit status to the next step as an output, so that the report is uploaded before the job fails.
// Runs with plain Node; builds the CLI bundle first when the action is used from source.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const input = (name) => (process.env[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`] ?? "").trim();

function ensureBuilt() {
  if (existsSync(join(root, "dist", "cli.js"))) return;
  console.log("Policy Lens: building the command-line bundle (npm ci, esbuild)");
  for (const args of [["ci", "--no-audit", "--no-fund"], ["run", "build"]]) {
    const r = spawnSync("npm", args, { cwd: root, stdio: "inherit" });
    if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed with status ${r.status}`);
  }
}

/** A GitHub workflow command's data and property values, escaped as the runner expects. */
const escapeData = (s) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
const COMMAND = { error: "error", warning: "warning", note: "notice", none: "notice" };

function setOutput(name, value) {
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

ensureBuilt();
const args = ["check", "--format", "sarif"];
if (input("config")) args.push("--config", input("config"));
if (input("min-severity")) args.push("--min-severity", input("min-severity"));
if (input("max-warnings")) args.push("--max-warnings", input("max-warnings"));
if (input("allow-skipped") === "true") args.push("--allow-skipped");
args.push("--", ...(input("paths") || ".").split(/\s+/).filter(Boolean));

const sarifFile = resolve(input("sarif-file") || "policy-lens.sarif");
const run = spawnSync(process.execPath, [join(root, "bin", "policy-lens.js"), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 30 });
const status = run.status ?? 2;
let results = [];
try {
  results = JSON.parse(run.stdout).runs[0].results;
  mkdirSync(dirname(sarifFile), { recursive: true });
  writeFileSync(sarifFile, run.stdout);
  setOutput("sarif-file", sarifFile);
} catch {
  // A usage error or an invalid config prints its reason on stderr and no report.
  console.log("Policy Lens: no report was written (see the messages above).");
}
for (const r of results) {
  const loc = r.locations[0].physicalLocation;
  const props = [`file=${escapeProperty(decodeURIComponent(loc.artifactLocation.uri))}`, `line=${loc.region.startLine}`, `col=${loc.region.startColumn}`, `endLine=${loc.region.endLine}`, `title=${escapeProperty(r.ruleId)}`];
  console.log(`::${COMMAND[r.level] ?? "notice"} ${props.join(",")}::${escapeData(r.message.text)}`);
}
const counts = { error: 0, warning: 0, note: 0 };
for (const r of results) counts[r.level] = (counts[r.level] ?? 0) + 1;
const summary = `Policy Lens: ${results.length} finding${results.length === 1 ? "" : "s"} (${counts.error} errors, ${counts.warning} warnings, ${counts.note} notes); exit status ${status}.`;
console.log(summary);
if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${summary}\n`);
setOutput("exit-code", String(status));
