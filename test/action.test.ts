// The GitHub Action (action.yml) as far as it can run off GitHub: its check script on the
// samples, the SARIF it writes (validated against the SARIF 2.1.0 schema), the annotations
// it prints and the outputs it hands to the steps that upload the report and fail the job.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { repoRoot, workspace } from "./helpers";

const action = parse(readFileSync(join(repoRoot, "action.yml"), "utf8"));
const checkStep = action.runs.steps.find((s: { id?: string }) => s.id === "check");
const sarifSchema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

/** Runs the check step as the runner would: inputs as INPUT_* variables, in the workspace. */
function runCheck(dir: string, inputs: Record<string, string>) {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), GITHUB_OUTPUT: join(dir, "github-output"), GITHUB_STEP_SUMMARY: join(dir, "step-summary") };
  for (const [name, value] of Object.entries(action.inputs as Record<string, { default: string }>)) env[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`] = inputs[name] ?? value.default;
  const r = spawnSync(process.execPath, [join(repoRoot, "scripts", "action", "check.mjs")], { cwd: dir, env, encoding: "utf8", timeout: 60_000 });
  const outputs = Object.fromEntries(readFileSync(join(dir, "github-output"), "utf8").trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  return { ...r, outputs };
}

function samples(t: { after: (fn: () => void) => void }): string {
  const dir = workspace(t);
  cpSync(join(repoRoot, "samples"), join(dir, "samples"), { recursive: true });
  return dir;
}

describe("GitHub Action", () => {
  test("action.yml passes every input to the check step, uploads the SARIF and fails on the exit status", () => {
    assert.equal(action.runs.using, "composite");
    for (const name of Object.keys(action.inputs)) {
      assert.equal(checkStep.env[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`], `\${{ inputs.${name} }}`, name);
    }
    assert.match(checkStep.run, /scripts\/action\/check\.mjs/);
    const upload = action.runs.steps.find((s: { uses?: string }) => s.uses?.startsWith("github/codeql-action/upload-sarif"));
    assert.match(upload.if, /always\(\)/, "the report is uploaded even when findings fail the check");
    assert.equal(upload.with.sarif_file, "${{ steps.check.outputs.sarif-file }}");
    const fail = action.runs.steps.at(-1);
    assert.match(fail.if, /steps\.check\.outputs\.exit-code != '0'/);
  });

  test("on the samples: valid SARIF with every finding, an annotation per finding, exit code 0", (t) => {
    const dir = samples(t);
    const run = runCheck(dir, { paths: "samples" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.outputs["exit-code"], "0");
    assert.equal(run.outputs["sarif-file"], join(dir, "policy-lens.sarif"));
    const log = JSON.parse(readFileSync(run.outputs["sarif-file"], "utf8"));
    const results = log.runs[0].results as { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number } } }[]; message: { text: string } }[];
    assert.ok(validateSarif(log), ajv.errorsText(validateSarif.errors));
    assert.ok(results.length > 10);
    for (const r of results) assert.ok(r.partialFingerprints["policyLens/v1"], "fingerprinted");
    const annotations = run.stdout.split("\n").filter((l) => l.startsWith("::"));
    assert.equal(annotations.length, results.length);
    const exit = results.find((r) => r.ruleId === "missing-term/exit-strategy")!;
    const where = exit.locations[0].physicalLocation;
    const expected = `::warning file=${where.artifactLocation.uri},line=${where.region.startLine},col=${where.region.startColumn},endLine=${where.region.endLine},title=missing-term/exit-strategy::${exit.message.text}`;
    assert.ok(annotations.includes(expected), `${expected}\nnot among\n${annotations.join("\n")}`);
    assert.match(readFileSync(join(dir, "step-summary"), "utf8"), /^Policy Lens: \d+ findings \(0 errors, \d+ warnings, \d+ notes\); exit status 0\.$/m);
  });

  test("too many warnings: the step passes, the report is written, and exit-code tells the next step to fail", (t) => {
    const dir = samples(t);
    const run = runCheck(dir, { paths: "samples/contract-chatbot-missing-terms.md", "max-warnings": "0", "sarif-file": "reports/pl.sarif" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.outputs["exit-code"], "1");
    assert.match(run.stderr, /warnings, more than --max-warnings 0/);
    assert.ok(validateSarif(JSON.parse(readFileSync(join(dir, "reports", "pl.sarif"), "utf8"))));
  });

  test("a bad input: no report, the reason on stderr, exit-code 2", (t) => {
    const dir = samples(t);
    const run = runCheck(dir, { "min-severity": "severe" });
    assert.equal(run.outputs["exit-code"], "2");
    assert.equal(run.outputs["sarif-file"], undefined);
    assert.match(run.stderr, /--min-severity "severe" is not a severity/);
  });
});
