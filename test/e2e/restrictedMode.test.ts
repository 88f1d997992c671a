// Workspace trust: the manifest declares untrustedWorkspaces supported (rules are data, no
// workspace code runs), so in an untrusted workspace (Restricted Mode) the extension must
// still activate and report findings, with the workspace's .policylens.yaml applied.
import assert from "node:assert/strict";
import { test } from "node:test";
import { missingPrerequisites, saveScreenshot, startWorkbench } from "./codeServer";
import { openFile, problemsIn, statusBarText, waitForProblems } from "./workbench";

const prerequisites = missingPrerequisites();

test("in Restricted Mode the extension runs and reports findings", { timeout: 4 * 60_000 }, async () => {
  if (prerequisites) assert.fail(prerequisites);
  const wb = await startWorkbench({ restrictedMode: true });
  try {
    // The workbench says it is in Restricted Mode…
    const trust = wb.page.locator('.statusbar-item[id="status.workspaceTrust"]');
    await trust.waitFor({ timeout: 60_000 });
    assert.match(await trust.innerText(), /Restricted Mode/);
    await openFile(wb.page, "contract-chatbot-missing-terms.md");
    // …and Policy Lens still works, with the samples' config (its eu-public-sector profile
    // requires audit rights, which the built-in defaults do not).
    const list = await waitForProblems(wb.page, "the contract's findings", (l) =>
      problemsIn(l, "contract-chatbot-missing-terms.md").some((p) => /No audit rights/.test(p.label)),
    );
    assert.ok(problemsIn(list, "contract-chatbot-missing-terms.md").some((p) => /Loophole: intent test/.test(p.label)));
    assert.match(await statusBarText(wb.page), /missing terms?/);
  } catch (error) {
    await saveScreenshot(wb.page, "e2e-restricted-mode");
    throw error;
  } finally {
    await wb.close();
  }
});
