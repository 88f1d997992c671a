// A portfolio in a real VS Code workbench: Check workspace, every editor closed, the closed
// files' findings still in Problems, the coverage matrix in the Policy Lens view, and a
// click on a missing term opening that contract. Screenshots are kept in test-results/.
// Needs `bash scripts/e2e-setup.sh`; run with `npm run test:e2e`.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { missingPrerequisites, saveScreenshot, startWorkbench, waitFor, type Workbench } from "./codeServer";
import { dismissOverlays, openFile, problems, problemsIn, runCommand, waitForProblems, type Problem } from "./workbench";
import { PORTFOLIO } from "../support/portfolio";

// The portfolio in a folder of its own, with its own (empty) config: the samples' config
// would apply its profile to it.
const FILES: Record<string, string> = {
  "portfolio/.policylens.yaml": "# The built-in defaults, not the samples' profile.\n",
  ...Object.fromEntries(Object.entries(PORTFOLIO).map(([path, text]) => [`portfolio/${path}`, text])),
};

/** The Problems panel's rows for one file: the panel's filter narrows it first (it renders only the rows in view). */
async function problemsOf(page: Page, file: string): Promise<Problem[]> {
  await problems(page); // shows the panel
  const filter = page.locator('input[placeholder^="Filter (e.g. text"]').first();
  await filter.fill(`**/${file}`);
  await page.waitForTimeout(300); // the filter applies after a short delay
  const list = problemsIn(await problems(page), file);
  await filter.fill("");
  return list;
}

const VIEW_ROWS = '.pane:has(.pane-header h3.title:text-is("Policy Lens")) .pane-body .monaco-list-row';

/** The Policy Lens view's rows as shown: label and description. */
async function viewRows(page: Page): Promise<string[]> {
  // Label and description are separate elements: innerText joins them with no space.
  return page.locator(VIEW_ROWS).evaluateAll((rows) => rows.map((r) => (r as unknown as { innerText: string }).innerText.replace(/\s+/g, " ").trim()));
}

const prerequisites = missingPrerequisites();
if (prerequisites) {
  test("end-to-end prerequisites", () => assert.fail(prerequisites));
} else {
  describe("a portfolio in a real VS Code workbench", { timeout: 10 * 60_000 }, () => {
    let wb: Workbench;
    before(async () => {
      wb = await startWorkbench({ files: FILES });
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

        const expected: [string, RegExp][] = [
          ["cloud-dora.md", /^Error: No subcontracting/],
          ["cloud-dora.md", /^Warning: Loophole: conditional scope/],
          ["chatbot-terms.md", /^Warning: No exit strategy/],
          ["agency-ai-use.md", /^Info: Red line/],
          ["pipe|and_*stars*_.md", /^Warning: Claim: hedged reporting/],
        ];
        for (const [file, pattern] of expected) {
          let rows: Problem[] = [];
          await waitFor(async () => (rows = await problemsOf(page, file)).some((p) => pattern.test(p.label)), 30_000, () => `Problems for ${file}: ${rows.map((p) => p.label).join(" | ")}`);
        }
        await waitForProblems(page, "the closed files", (l) => problemsIn(l, "cloud-dora.md").length > 0);
        await saveScreenshot(page, "portfolio-problems");

        // The coverage view: a row per document, with what it lacks. The file tree is folded
        // away to give the view the side bar's height.
        await page.locator(".pane-header", { hasText: /^workspace$/i }).first().click();
        await runCommand(page, "Focus on Policy Lens View");
        await page.locator(VIEW_ROWS).first().waitFor();
        // Only the documents, so every row fits: then the chatbot terms expanded.
        const header = page.locator('.pane:has(.pane-header h3.title:text-is("Policy Lens")) .pane-header');
        await header.hover(); // a view's title actions show on hover
        await header.locator('.action-label[aria-label*="Collapse All"]').click();
        let rows: string[] = [];
        await waitFor(async () => (rows = await viewRows(page)).some((r) => r.startsWith("portfolio/contracts/chatbot-terms.md")), 20_000, () => `view rows: ${rows.join(" | ")}`);
        for (const path of Object.keys(PORTFOLIO)) assert.ok(rows.some((r) => r.startsWith(`portfolio/${path}`)), `a row for ${path}: ${rows.join(" | ")}`);
        const dora = rows.find((r) => r.startsWith("portfolio/contracts/cloud-dora.md"))!;
        assert.match(dora, /contract · dora-financial · 2 missing, 1 weak/);
        await page.locator(VIEW_ROWS, { hasText: "portfolio/contracts/chatbot-terms.md" }).click();
        await waitFor(async () => (rows = await viewRows(page)).some((r) => /^Exit strategy\s*missing · line 4$/.test(r)), 20_000, () => `view rows: ${rows.join(" | ")}`);
        assert.ok(rows.some((r) => /^Data residency\s*weak \(permission\) · line 12$/.test(r)), rows.join(" | "));
        await saveScreenshot(page, "portfolio-coverage-view");

        // A click on the missing cell opens the contract at its title, where the clause fix is.
        await page.locator(VIEW_ROWS, { hasText: /^Exit strategy/ }).click();
        await page.waitForSelector('.editor-group-container.active .tab.active[aria-label*="chatbot-terms.md"]');
        const selection = page.locator('.statusbar-item[id="status.editor.selection"]');
        await waitFor(async () => /Ln 4, Col/.test(await selection.innerText()), 10_000, () => "the cursor is not at the title (line 4)");
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
