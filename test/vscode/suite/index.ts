// Entry point VS Code's test runner calls inside the extension host: runs the mocha suite,
// and also writes the results into the workspace, for hosts whose exit code the caller
// cannot see (code-server's remote extension host, used by test/e2e/apiSuite.test.ts).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Mocha from "mocha";
import * as vscode from "vscode";
import { RESULTS_FILE, type SuiteResults } from "../results";
import { registerExtensionTests } from "./extension.test";

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", timeout: 60_000, color: false });
  mocha.suite.emit("pre-require", globalThis, "extension.test", mocha);
  registerExtensionTests();
  const results: SuiteResults = { passes: [], failures: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      if (folder) writeFileSync(join(folder, RESULTS_FILE), JSON.stringify(results, null, 2));
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on("pass", (test) => results.passes.push(test.fullTitle()));
    runner.on("fail", (test, error) => results.failures.push({ title: test.fullTitle(), error: String(error?.stack ?? error) }));
  });
}
