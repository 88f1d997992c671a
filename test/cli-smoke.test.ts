import { test } from "node:test";
import assert from "node:assert/strict";
import { repoRoot, runPolicyLens } from "./helpers";

test("the README demo command reports findings on the bundled samples", () => {
  const { status, stdout } = runPolicyLens(["check", "samples"], repoRoot);
  assert.equal(status, 0, "the samples have no error-severity finding");
  assert.match(stdout, /contract-chatbot-missing-terms\.md:\d+:\d+ +warning +No exit strategy/);
  assert.match(stdout, /news-ai-defence-deal\.md:\d+:\d+ +warning +Claim: statement later retracted/);
  // Present sovereignty terms are hints: counted, but apart from what needs attention.
  assert.match(stdout, /\d+ findings \(\d+ errors?, \d+ warnings?, \d+ info, \d+ hints?\) in 4 files/);
});
