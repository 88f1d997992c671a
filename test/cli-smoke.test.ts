import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const root = join(__dirname, "..");
const cli = join(root, "bin", "policy-lens.js");

test("the README demo command reports findings on the bundled samples", () => {
  let out = "";
  try {
    out = execFileSync(process.execPath, [cli, "check", "samples"], { cwd: root, encoding: "utf8" });
  } catch (e) {
    out = (e as { stdout: string }).stdout;
  }
  assert.match(out, /contract-chatbot-missing-terms\.md:\d+:\d+ +warning +No exit strategy/);
  assert.match(out, /news-ai-defence-deal\.md:\d+:\d+ +warning +Claim: statement later retracted/);
  assert.match(out, /\d+ findings \(\d+ errors?, \d+ warnings?, \d+ info\) in 4 files/);
});
