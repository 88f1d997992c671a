// The web extension (package.json "browser") in a real browser: code-server runs Policy Lens
// in its web worker extension host, as vscode.dev and github.dev do, because the settings say
// its kind is "web". The language server is then the browser bundle (dist/browserServer.js),
// not a Node process, and the Problems panel and hovers must work as in the desktop build.
import assert from "node:assert/strict";
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { languageServerPids, missingPrerequisites, saveScreenshot, startWorkbench, VSIX } from "./codeServer";
import { applyQuickFix, goToLine, hoverTextAtCursor, openFile, problemsIn, quickFixTitles, runCommand, waitForProblems } from "./workbench";

const CONTRACT = "contract-chatbot-missing-terms.md";
const prerequisites = missingPrerequisites();

test("in the web worker extension host the browser build reports Problems and hovers", { timeout: 5 * 60_000 }, async () => {
  if (prerequisites) assert.fail(prerequisites);
  // The .vsix carries both builds and stays small.
  const packed = execFileSync("unzip", ["-Z1", VSIX], { encoding: "utf8" }).split("\n");
  for (const file of ["extension/dist/languageClient.js", "extension/dist/browserServer.js", "extension/dist/engine.js", "extension/dist/client.js", "extension/dist/server.js"]) assert.ok(packed.includes(file), `${file} is in the .vsix`);
  assert.ok(statSync(VSIX).size < 2 * 1024 * 1024, `the .vsix is ${statSync(VSIX).size} bytes`);
  const wb = await startWorkbench({ settings: { "remote.extensionKind": { "policy-lens.policy-lens": ["web"] } } });
  try {
    await openFile(wb.page, CONTRACT);
    // The built-in rules' findings (the browser build reads no .policylens.yaml).
    const list = await waitForProblems(
      wb.page,
      "the contract's loopholes from the web extension",
      (l) => problemsIn(l, CONTRACT).some((p) => /Loophole: intent test/.test(p.label)),
      90_000,
    );
    const contract = problemsIn(list, CONTRACT);
    assert.ok(contract.some((p) => /^Warning: No exit strategy: .* at line 7 /.test(p.label)), "missing exit strategy");
    assert.ok(contract.some((p) => /^Warning: Loophole: deference to the law "all lawful purposes"\..* at line 17 /.test(p.label)), "deference-to-law loophole");
    await saveScreenshot(wb.page, "web-extension-problems");

    // The hover on the intent-test loophole explains it, from the same engine.
    await goToLine(wb.page, 19, 40); // inside "intentionally"
    const hover = await hoverTextAtCursor(wb.page);
    await saveScreenshot(wb.page, "web-extension-hover");
    await wb.page.keyboard.press("Escape");
    assert.match(hover, /Loophole · loophole\/intent-test/);
    assert.match(hover, /Why it matters: /);

    // A quick fix edits the document through the client (no file is written by the server).
    await goToLine(wb.page, 7, 1); // the title, where missing terms are reported
    const titles = await quickFixTitles(wb.page);
    const insertExit = titles.find((x) => /^Insert section “.+” \(exit strategy\)$/.test(x));
    assert.ok(insertExit, `no exit-strategy insertion among the quick fixes: ${titles.join(" | ")}`);
    await applyQuickFix(wb.page, insertExit);
    await waitForProblems(wb.page, "the exit-strategy finding gone after the fix, the residency one still there", (l) => {
      const rows = problemsIn(l, CONTRACT);
      return rows.some((p) => /No data-residency term/.test(p.label)) && !rows.some((p) => /No exit strategy/.test(p.label));
    });

    // The server ran in the browser: no Node language server process was started.
    assert.deepEqual(languageServerPids(wb.extensionsDir), []);
    await runCommand(wb.page, "Policy Lens: Show output");
    const output = wb.page.locator(".output-view .view-lines");
    await output.waitFor();
    // The panel wraps long lines and renders spaces as other characters.
    const shown = (await output.innerText()).replace(/[^\x21-\x7e]+/g, " ");
    console.log(`web extension output:\n${shown}`);
    assert.match(shown, /Policy Lens language server runs in (a web worker of its own|the extension host's worker)/);
    await saveScreenshot(wb.page, "web-extension-output");
  } catch (error) {
    await saveScreenshot(wb.page, "e2e-web-extension");
    console.error(`--- code-server output (tail) ---\n${wb.log().slice(-4000)}`);
    throw error;
  } finally {
    await wb.close();
  }
});
