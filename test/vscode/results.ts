// What the mocha suite reports back through the workspace (see suite/index.ts).

/** Where the suite writes its results, inside the workspace it ran in. */
export const RESULTS_FILE = ".policy-lens-vscode-test-results.json";

export interface SuiteResults {
  passes: string[];
  failures: { title: string; error: string }[];
}
