// Starts a real VS Code workbench (code-server: VS Code's own workbench and Node extension
// host) with the packaged .vsix installed, and drives it from Debian's Chromium through
// playwright-core. Installed by scripts/e2e-setup.sh; see ../shared/recipes/code-server.md.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const REPO_ROOT = join(__dirname, "..", "..");
export const VSIX = join(REPO_ROOT, "policy-lens.vsix");
export const CODE_SERVER_VERSION = "4.100.3";
export const CHROMIUM = process.env.POLICY_LENS_CHROMIUM ?? "/usr/bin/chromium";
const RESULTS_DIR = join(REPO_ROOT, "test-results");

/** Same lookup as scripts/e2e-setup.sh. */
export function codeServerDir(): string {
  const cache =
    process.env.POLICY_LENS_E2E_CACHE ??
    (isWritable("/var/cache") ? "/var/cache/policy-lens-e2e" : join(process.env.XDG_CACHE_HOME ?? join(process.env.HOME ?? tmpdir(), ".cache"), "policy-lens-e2e"));
  return join(cache, `code-server-${CODE_SERVER_VERSION}`);
}

function isWritable(dir: string): boolean {
  try {
    execFileSync("test", ["-w", dir]);
    return true;
  } catch {
    return false;
  }
}

export function codeServerEntry(): string {
  return join(codeServerDir(), "node_modules", "code-server", "out", "node", "entry.js");
}

/** A clear message instead of a confusing failure when the setup script has not run. */
export function missingPrerequisites(): string | undefined {
  if (!existsSync(join(codeServerDir(), ".installed"))) return `code-server is not installed in ${codeServerDir()}: run \`bash scripts/e2e-setup.sh\` first`;
  if (!existsSync(CHROMIUM)) return `Chromium is not at ${CHROMIUM}: run \`bash scripts/e2e-setup.sh\` first`;
  if (!existsSync(VSIX)) return `${VSIX} is missing: run \`npm run package\` (npm run test:e2e does)`;
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Workbench {
  page: Page;
  /** Where the samples were copied; the workspace folder code-server opened. */
  workspace: string;
  extensionsDir: string;
  userDataDir: string;
  /** Everything code-server printed, for failure reports. */
  log: () => string;
  close: () => Promise<void>;
}

/**
 * Installs the .vsix into a fresh extensions folder, starts code-server on loopback in its
 * own process group, and opens the workbench in headless Chromium.
 */
export interface WorkbenchOptions {
  /**
   * Workbench launch payload (`?payload=`), given the remote authority's URI prefix; used to
   * run an extension-test suite in the remote extension host (extensionDevelopmentPath,
   * extensionTestsPath).
   */
  payload?: (remote: (path: string) => string, installed: { extensionDir: string }) => [string, string][];
  /**
   * Open the workspace untrusted, in Restricted Mode (no trust prompt), instead of with
   * workspace trust switched off.
   */
  restrictedMode?: boolean;
  /** More files for the workspace, by relative path, written beside the samples. */
  files?: Record<string, string>;
  /** More user settings, over the ones every test gets. */
  settings?: Record<string, unknown>;
}

export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const root = mkdtempSync(join(tmpdir(), "policy-lens-e2e-"));
  const workspace = join(root, "workspace");
  const extensionsDir = join(root, "extensions");
  const userDataDir = join(root, "user-data");
  cpSync(join(REPO_ROOT, "samples"), workspace, { recursive: true });
  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(join(workspace, path, ".."), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  mkdirSync(join(userDataDir, "User"), { recursive: true });
  writeFileSync(
    join(userDataDir, "User", "settings.json"),
    JSON.stringify(
      {
        // Quick Open could otherwise land in the welcome walkthrough.
        "workbench.startupEditor": "none",
        // The web workbench auto-saves after a second; the tests read the live buffer.
        "files.autoSave": "off",
        "workbench.tips.enabled": false,
        "workbench.enableExperiments": false,
        "telemetry.telemetryLevel": "off",
        "extensions.autoCheckUpdates": false,
        "extensions.autoUpdate": false,
        "security.workspace.trust.enabled": options.restrictedMode === true,
        // With trust on, never ask: the workspace simply stays untrusted (Restricted Mode).
        "security.workspace.trust.startupPrompt": "never",
        "editor.hover.delay": 100,
        // As ESLint users have it: fix-all on every explicit save (Policy Lens must change no word).
        "editor.codeActionsOnSave": { "source.fixAll": "explicit" },
        "editor.minimap.enabled": false,
        "breadcrumbs.enabled": true,
        "outline.collapseItems": "alwaysExpand",
        // At the side, the Problems panel is tall enough to list every row at once (it
        // renders only the rows in view).
        "workbench.panel.defaultLocation": "right",
        "window.zoomLevel": 0,
        "workbench.colorTheme": "Default Dark Modern",
        ...options.settings,
      },
      null,
      2,
    ),
  );
  const configFile = join(root, "code-server.yaml");
  writeFileSync(configFile, "auth: none\ncert: false\n");
  const env = {
    ...process.env,
    // Without this it looks up the marketplace, which this machine cannot reach.
    EXTENSIONS_GALLERY: "{}",
    CS_DISABLE_FILE_DOWNLOADS: "1",
  };
  execFileSync(process.execPath, [codeServerEntry(), "--config", configFile, "--extensions-dir", extensionsDir, "--user-data-dir", userDataDir, "--install-extension", VSIX], { env, stdio: "pipe", timeout: 120_000 });

  const port = await freePort();
  let output = "";
  // detached: its own process group, so stopping it also stops its file watchers,
  // extension host and our language server.
  const server: ChildProcess = spawn(
    process.execPath,
    [
      codeServerEntry(),
      "--config", configFile,
      "--auth", "none",
      "--bind-addr", `127.0.0.1:${port}`,
      "--disable-telemetry",
      "--disable-update-check",
      ...(options.restrictedMode ? [] : ["--disable-workspace-trust"]),
      "--disable-getting-started-override",
      "--user-data-dir", userDataDir,
      "--extensions-dir", extensionsDir,
      workspace,
    ],
    { env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout?.on("data", (d) => (output += d));
  server.stderr?.on("data", (d) => (output += d));
  const stopServer = () => {
    if (server.pid && server.exitCode === null) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
  };
  process.once("exit", stopServer);

  await waitFor(async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return res.ok;
    } catch {
      return false;
    }
  }, 60_000, () => `code-server did not start:\n${output}`);

  // playwright gives each launch a fresh, empty Chromium profile of its own.
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: `http://127.0.0.1:${port}` });
  const page = await context.newPage();
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  if (options.payload) {
    const remote = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;
    const extensionDir = readdirSync(extensionsDir).find((name) => name.startsWith("policy-lens.policy-lens-"));
    if (!extensionDir) throw new Error(`the .vsix was not installed into ${extensionsDir}`);
    url += `&payload=${encodeURIComponent(JSON.stringify(options.payload(remote, { extensionDir: join(extensionsDir, extensionDir) })))}`;
  }
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench .part.editor", { timeout: 60_000 });

  return {
    page,
    workspace,
    extensionsDir,
    userDataDir,
    log: () => output,
    close: async () => {
      try {
        await browser.close().catch(() => undefined);
        stopServer();
        const stopped = await waitFor(() => server.exitCode !== null || server.signalCode !== null, 10_000, () => "code-server did not stop").then(
          () => true,
          () => false,
        );
        if (!stopped && server.pid) {
          try {
            process.kill(-server.pid, "SIGKILL");
          } catch {
            /* the group is already gone */
          }
        }
      } finally {
        process.removeListener("exit", stopServer);
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The language server our extension started: found by its command line, as a user would. */
export function languageServerPids(extensionsDir: string): number[] {
  try {
    const out = execFileSync("pgrep", ["-f", `${extensionsDir}/.*dist/server\\.js`], { encoding: "utf8" });
    return out.split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** What the extension wrote to its "Policy Lens" output channel (code-server logs it to disk). */
export function policyLensOutput(userDataDir: string): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/Policy Lens\.log$/.test(name)) files.push(path);
    }
  };
  if (existsSync(join(userDataDir, "logs"))) walk(join(userDataDir, "logs"));
  return files.map((f) => readFileSync(f, "utf8")).join("\n");
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name.replace(/[^a-z0-9-]+/gi, "-")}.png`);
  await page.screenshot({ path }).catch(() => undefined);
  return path;
}
