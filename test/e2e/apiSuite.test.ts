// The @vscode/test-electron mocha suite (test/vscode/suite) needs a downloaded VS Code,
// which this machine cannot fetch. code-server's extension host is the same Node extension
// host, so here the suite runs there instead, against the packaged extension.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { buildSuite } from "../vscode/buildSuite";
import { RESULTS_FILE, type SuiteResults } from "../vscode/results";
import { missingPrerequisites, REPO_ROOT, saveScreenshot, startWorkbench, waitFor } from "./codeServer";

const prerequisites = missingPrerequisites();

test("the VS Code API suite passes in code-server's extension host, against the packaged extension", { timeout: 5 * 60_000 }, async () => {
  if (prerequisites) assert.fail(prerequisites);
  const suite = await buildSuite(join(REPO_ROOT, ".vscode-test", "suite"));
  const wb = await startWorkbench({
    // The installed .vsix folder doubles as the development extension, so the suite tests
    // exactly what was packaged.
    payload: (remote, { extensionDir }) => [
      ["extensionDevelopmentPath", remote(extensionDir)],
      ["extensionTestsPath", remote(suite)],
    ],
  });
  try {
    const resultsFile = join(wb.workspace, RESULTS_FILE);
    await waitFor(() => existsSync(resultsFile), 4 * 60_000, () => `the suite wrote no results; code-server said:\n${wb.log().slice(-3000)}`);
    const results = JSON.parse(readFileSync(resultsFile, "utf8")) as SuiteResults;
    console.log(`API suite: ${results.passes.length} passed, ${results.failures.length} failed`);
    assert.deepEqual(
      results.failures.map((f) => `${f.title}\n${f.error}`),
      [],
      "failing API tests",
    );
    assert.ok(results.passes.length >= 8, `only ${results.passes.length} tests ran: ${results.passes.join(" | ")}`);
  } catch (error) {
    await saveScreenshot(wb.page, "e2e-api-suite");
    throw error;
  } finally {
    await wb.close();
  }
});
