// `npm run test:vscode`: the @vscode/test-electron suite (mocha inside a real VS Code's
// extension host). It needs a VS Code build from Microsoft's servers; where that download
// is impossible (no network, as on the CI machine) it says so and exits non-zero without
// running or claiming anything. The code-server suite (`npm run test:e2e`) covers the same
// flows there.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadAndUnzipVSCode, runTests } from "@vscode/test-electron";
import { buildSuite } from "./buildSuite";

const root = join(__dirname, "..", "..");
/** How long the whole download may take before we give up (each stall is bounded too). */
const DOWNLOAD_DEADLINE_MS = Number(process.env.POLICY_LENS_VSCODE_DOWNLOAD_DEADLINE_MS ?? 120_000);
const CANNOT_DOWNLOAD_EXIT = 3;

function deadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

async function main(): Promise<number> {
  // Built first, so a suite that does not even bundle is reported on every machine.
  const suite = await buildSuite(join(root, ".vscode-test", "suite"));
  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await deadline(
      downloadAndUnzipVSCode({ version: process.env.POLICY_LENS_VSCODE_VERSION ?? "stable", cachePath: join(root, ".vscode-test"), timeout: 15_000 }),
      DOWNLOAD_DEADLINE_MS,
      "the VS Code download",
    );
  } catch (error) {
    console.error(
      [
        `test:vscode: cannot download VS Code (${error instanceof Error ? error.message : String(error)}).`,
        "test:vscode: the @vscode/test-electron suite did NOT run; nothing was tested.",
        "test:vscode: on a machine without access to update.code.visualstudio.com, run `npm run test:e2e` (code-server) instead.",
      ].join("\n"),
    );
    return CANNOT_DOWNLOAD_EXIT;
  }

  const workspace = mkdtempSync(join(tmpdir(), "policy-lens-vscode-test-"));
  cpSync(join(root, "samples"), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: suite,
      launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust", "--skip-welcome", "--skip-release-notes"],
      extensionTestsEnv: { POLICY_LENS_TEST_WORKSPACE: workspace },
    });
    return 0;
  } catch (error) {
    console.error(`test:vscode: the suite failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
