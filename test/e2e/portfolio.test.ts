// A portfolio in a real VS Code workbench: Check workspace, every editor closed, the closed
// files' findings still in Problems, the coverage matrix in the Policy Lens view, and a
// click on a missing term opening that contract. Screenshots are kept in test-results/.
// Needs `bash scripts/e2e-setup.sh`; run with `npm run test:e2e`.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { missingPrerequisites, saveScreenshot, startWorkbench, waitFor, type Workbench } from "./codeServer";
import { dismissOverlays, openFile, problemsIn, runCommand, waitForProblems } from "./workbench";
import { PORTFOLIO } from "../support/portfolio";

const VIEW_ROWS = '.pane:has(.pane-header h3.title:text-is("Policy Lens")) .pane-body .monaco-list-row';

/** The Policy Lens view's rows as shown: label and description. */
async function viewRows(page: Page): Promise<string[]> {
  return page.locator(VIEW_ROWS).evaluateAll((rows) => rows.map((r) => (r as unknown as { innerText: string }).innerText.replace(/\s+/g, " ").trim()));
}

const prerequisites = missingPrerequisites();
if (prerequisites) {
  test("end-to-end prerequisites", () => assert.fail(prerequisites));
} else {
  describe("a portfolio in a real VS Code workbench", { timeout: 10 * 60_000 }, () => {
    let wb: Workbench;
    before(async () => {
      wb = await startWorkbench({ files: PORTFOLIO });
    });
    after(async () => {
      await wb?.close();
    });

    test("Check workspace: closed files keep their findings, the view shows the matrix, a missing cell opens its contract", async () => {
      const page = wb.page;
      try {
        // One file open, then Check workspace, then every editor closed.
        await openFile(page, "cloud-dora.md");
        await runCommand(page, "Policy Lens: Check workspace");
        await waitFor(async () => !(await page.isVisible('.notifications-toasts .notification-toast:has-text("checking the workspace")')), 60_000, () => "the check's progress never ended");
        await runCommand(page, "View: Close All Editors");
        await page.waitForSelector(".editor-group-container.active .tab", { state: "detached" });

        const list = await waitForProblems(page, "the closed files' findings", (l) =>
          problemsIn(l, "cloud-dora.md").some((p) => /^Error: No subcontracting/.test(p.label)) &&
          problemsIn(l, "chatbot-terms.md").some((p) => /No exit strategy/.test(p.label)) &&
          problemsIn(l, "agency-ai-use.md").some((p) => /Red line/.test(p.label)),
        );
        assert.ok(problemsIn(list, "cloud-dora.md").some((p) => /^Warning: Loophole: conditional scope/.test(p.label)), "the loophole of a file never opened after the check");
        await saveScreenshot(page, "portfolio-problems");

        // The coverage view: a row per document, with what it lacks.
        await runCommand(page, "Focus on Policy Lens View");
        await page.locator(VIEW_ROWS).first().waitFor();
        // Only the documents, so every row fits: then the chatbot terms expanded.
        await page.click('.pane:has(.pane-header h3.title:text-is("Policy Lens")) .pane-header .action-label[aria-label*="Collapse All"]');
        let rows: string[] = [];
        await waitFor(async () => (rows = await viewRows(page)).some((r) => r.startsWith("contracts/chatbot-terms.md")), 20_000, () => `view rows: ${rows.join(" | ")}`);
        for (const path of Object.keys(PORTFOLIO)) assert.ok(rows.some((r) => r.startsWith(path)), `a row for ${path}: ${rows.join(" | ")}`);
        const dora = rows.find((r) => r.startsWith("contracts/cloud-dora.md"))!;
        assert.match(dora, /contract · dora-financial · 2 missing, 1 weak/);
        await page.locator(VIEW_ROWS, { hasText: "contracts/chatbot-terms.md" }).click();
        await waitFor(async () => (rows = await viewRows(page)).some((r) => /^Exit strategy missing · line 5$/.test(r)), 20_000, () => `view rows: ${rows.join(" | ")}`);
        assert.ok(rows.some((r) => /^Data residency weak \(permission\) · line 11$/.test(r)), rows.join(" | "));
        await saveScreenshot(page, "portfolio-coverage-view");

        // A click on the missing cell opens the contract at its title, where the clause fix is.
        await page.locator(VIEW_ROWS, { hasText: /^Exit strategy/ }).click();
        await page.waitForSelector('.editor-group-container.active .tab.active[aria-label*="chatbot-terms.md"]');
        const selection = page.locator('.statusbar-item[id="status.editor.selection"]');
        await waitFor(async () => /Ln 5, Col/.test(await selection.innerText()), 10_000, () => "the cursor is not at the title (line 5)");
        await saveScreenshot(page, "portfolio-missing-cell-opened");
      } catch (error) {
        const shot = await saveScreenshot(page, "e2e-portfolio-failure");
        console.error(`screenshot: ${shot}\n--- code-server output (tail) ---\n${wb.log().slice(-4000)}`);
        await dismissOverlays(page);
        throw error;
      }
    });
  });
}
