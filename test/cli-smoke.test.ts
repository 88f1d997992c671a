import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze } from "../server/src/engine";
import { BUILTIN_RULES } from "../server/src/engine/rules/builtin";
import { ruleSetSchema } from "../server/src/engine/rules/schema";
import { repoRoot, runPolicyLens, workspace } from "./helpers";

test("the README demo command reports findings on the bundled samples", () => {
  const { status, stdout } = runPolicyLens(["check", "samples"], repoRoot);
  assert.equal(status, 0, "the samples have no error-severity finding");
  assert.match(stdout, /contract-chatbot-missing-terms\.md:\d+:\d+ +warning +No exit strategy/);
  assert.match(stdout, /news-ai-defence-deal\.md:\d+:\d+ +warning +Claim: statement later retracted/);
  // Present sovereignty terms are hints: counted, but apart from what needs attention.
  assert.match(stdout, /\d+ findings \(\d+ errors?, \d+ warnings?, \d+ info, \d+ hints?\) in 4 files/);
});

test("the CLI bundle's built-in rules (validated at build time, read as JSON) find what the engine finds", (t) => {
  // scripts/build.mjs stores ruleSetSchema's output as JSON: JSON must not lose any of it.
  const validated = ruleSetSchema.parse(BUILTIN_RULES);
  assert.deepStrictEqual(JSON.parse(JSON.stringify(validated)), validated);
  // The samples, away from the repository's config, so both read the built-in rules alone.
  const texts = Object.fromEntries(readdirSync(join(repoRoot, "samples")).filter((f) => f.endsWith(".md")).map((f) => [f, readFileSync(join(repoRoot, "samples", f), "utf8")]));
  const dir = workspace(t, texts);
  const { stdout } = runPolicyLens(["check", "--format", "json", "."], dir);
  const byFile = (reports: { file: string; findings: { rule: string; severity: string; message: string }[] }[]) =>
    Object.fromEntries(reports.map((r) => [r.file.replace(/^\.\//, ""), r.findings.map((x) => [x.rule, x.severity, x.message])]));
  const expected = byFile(Object.entries(texts).map(([file, text]) => ({ file, findings: analyze(text).findings })));
  assert.ok(Object.values(expected).flat().length > 20, "the samples have findings");
  assert.deepEqual(byFile(JSON.parse(stdout)), expected);
});
