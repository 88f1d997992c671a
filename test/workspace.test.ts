// Workspace findings in the language server: every Markdown document of the workspace folder
// is checked, open or not (skipping node_modules, dot folders and git-ignored files); closed
// files keep their findings (workspace diagnostic pulls, or pushed), follow changes on disk,
// and the coverage matrix covers them all, the open ones as typed.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ClientCapabilities, Diagnostic } from "vscode-languageserver-protocol";
import { BASE_CAPABILITIES, startServer, type TestClient } from "./lsp/client";
import { workspace as tempWorkspace } from "./helpers";
import { NOTIFICATIONS, REQUESTS, type CoverageReport, type WorkspaceCheckResult, type WorkspaceProgress } from "../server/src/protocol";
import { EXPECTED_MATRIX, PORTFOLIO } from "./support/portfolio";

const PULL: ClientCapabilities = { ...BASE_CAPABILITIES, textDocument: { ...BASE_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } } };
const HIDDEN = "# Hidden\n\nThe minister reportedly said so.\n";

type WorkspaceReport = { items: { uri: string; kind: string; resultId: string; items: Diagnostic[] }[] };

/** A git work tree with the portfolio, plus Markdown files the check must skip. */
function portfolioFolder(t: Parameters<typeof tempWorkspace>[0]): string {
  const dir = tempWorkspace(t, {
    ...PORTFOLIO,
    "node_modules/some-package/README.md": HIDDEN,
    ".github/notes.md": HIDDEN,
    "build/generated.md": HIDDEN,
    ".gitignore": "build/\n",
  });
  execFileSync("git", ["init", "-q"], { cwd: dir });
  return dir;
}

const uriOf = (dir: string, path: string) => pathToFileURL(join(dir, path)).href;
const pathOf = (dir: string, uri: string) => decodeURIComponent(new URL(uri).pathname).slice(dir.length + 1);

async function withServer(t: { after: (fn: () => Promise<unknown>) => void }, dir: string, capabilities = PULL): Promise<TestClient & { progress: WorkspaceProgress[]; coverageChanged: () => number }> {
  const client = await startServer(capabilities, {}, pathToFileURL(dir).href);
  t.after(() => client.close());
  const progress: WorkspaceProgress[] = [];
  let changes = 0;
  client.connection.onNotification(NOTIFICATIONS.workspaceProgress, (p: WorkspaceProgress) => progress.push(p));
  client.connection.onNotification(NOTIFICATIONS.coverageChanged, () => changes++);
  return Object.assign(client, { progress, coverageChanged: () => changes });
}

const pullWorkspace = (client: TestClient, previousResultIds: { uri: string; value: string }[] = []) =>
  client.connection.sendRequest<WorkspaceReport>("workspace/diagnostic", { previousResultIds });

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("workspace findings", () => {
  test("Check workspace checks every Markdown file but node_modules, dot folders and git-ignored ones, with progress", async (t) => {
    const dir = portfolioFolder(t);
    const client = await withServer(t, dir);
    const result = await client.connection.sendRequest<WorkspaceCheckResult>(REQUESTS.checkWorkspace, {});
    assert.deepEqual(result, { checked: 5, total: 5, cancelled: false });
    assert.deepEqual(client.progress.at(-1), { done: 5, total: 5 });
    const report = await pullWorkspace(client);
    assert.deepEqual(report.items.map((i) => pathOf(dir, i.uri)).sort(), Object.keys(PORTFOLIO).sort());
    const dora = report.items.find((i) => i.uri === uriOf(dir, "contracts/cloud-dora.md"))!;
    assert.ok(dora.items.some((d) => d.code === "missing-term/subcontracting" && d.severity === 1), "missing terms are errors under dora-financial");
    assert.ok(dora.items.some((d) => String(d.code).startsWith("loophole/")));
  });

  test("a pull with every result id known is held until a file changes on disk, then answers with that file", async (t) => {
    const dir = portfolioFolder(t);
    const client = await withServer(t, dir);
    await client.connection.sendRequest(REQUESTS.checkWorkspace, {});
    const first = await pullWorkspace(client);
    const known = first.items.map((i) => ({ uri: i.uri, value: i.resultId }));
    const held = pullWorkspace(client, known);
    let answered = false;
    void held.then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(answered, false, "nothing changed, so the pull waits");
    const chatbot = "contracts/chatbot-terms.md";
    writeFileSync(join(dir, chatbot), `${PORTFOLIO[chatbot]}\n## 3. Exit\n\n3.1 On termination the Supplier shall provide transition assistance and return all customer data.\n`);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(dir, chatbot), type: 2 }] });
    const report = await held;
    assert.deepEqual(report.items.map((i) => pathOf(dir, i.uri)), [chatbot]);
    assert.ok(!report.items[0].items.some((d) => d.code === "missing-term/exit-strategy"), "the exit clause written on disk counts");
  });

  test("a project config that changes is applied to closed files too", async (t) => {
    const dir = portfolioFolder(t);
    const client = await withServer(t, dir);
    await client.connection.sendRequest(REQUESTS.checkWorkspace, {});
    const chatbot = uriOf(dir, "contracts/chatbot-terms.md");
    const severityOfMissingExit = async () => {
      const report = await pullWorkspace(client);
      return report.items.find((i) => i.uri === chatbot)?.items.find((d) => d.code === "missing-term/exit-strategy")?.severity;
    };
    assert.equal(await severityOfMissingExit(), 2, "a warning by default");
    writeFileSync(join(dir, ".policylens.yaml"), "severity:\n  missing-term: error\n");
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(dir, ".policylens.yaml"), type: 1 }] });
    await until("the closed file's missing term to become an error", async () => ((await severityOfMissingExit()) === 1 ? true : undefined));
  });

  test("the coverage matrix covers closed files from disk and open ones as typed", async (t) => {
    const dir = portfolioFolder(t);
    const client = await withServer(t, dir);
    await client.connection.sendRequest(REQUESTS.checkWorkspace, {});
    const coverage = () => client.connection.sendRequest<CoverageReport>(REQUESTS.coverage, {});
    const states = (report: CoverageReport, path: string) => Object.fromEntries(report.rows.find((r) => pathOf(dir, r.uri) === path)?.cells.map((c) => [c.term, c.state]) ?? []);
    const before = await coverage();
    assert.equal(before.rows.length, Object.keys(PORTFOLIO).length);
    for (const path of Object.keys(PORTFOLIO)) assert.deepEqual(states(before, path), EXPECTED_MATRIX[path].cells, path);
    const dora = before.rows.find((r) => pathOf(dir, r.uri) === "contracts/cloud-dora.md")!;
    const weak = dora.cells.find((c) => c.term === "data-residency")!;
    assert.match(PORTFOLIO["contracts/cloud-dora.md"].split("\n")[weak.range.start.line], /except where the Supplier deems/, "a cell leads to its clause");

    // Open the chatbot terms and type an exit clause, unsaved: the matrix follows the buffer.
    const path = "contracts/chatbot-terms.md";
    const uri = uriOf(dir, path);
    await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: PORTFOLIO[path] } });
    const changesBefore = client.coverageChanged();
    const exit = "\n## 3. Exit\n\n3.1 On termination the Supplier shall provide transition assistance and return all customer data.\n";
    const end = PORTFOLIO[path].split("\n").length - 1;
    await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, text: exit }] });
    await until("the coverage view to be told", () => (client.coverageChanged() > changesBefore ? true : undefined));
    const typed = await coverage();
    assert.equal(states(typed, path)["exit-strategy"], "present");
    assert.equal(typed.rows.filter((r) => pathOf(dir, r.uri) === path).length, 1, "an open file has one row, its buffer's");

    // Closed without saving: the file on disk speaks for it again.
    await client.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    await until("the disk version's coverage", async () => (states(await coverage(), path)["exit-strategy"] === "missing" ? true : undefined));
  });

  test("a client that cannot pull gets the closed files' findings pushed", async (t) => {
    const dir = portfolioFolder(t);
    const client = await withServer(t, dir, BASE_CAPABILITIES);
    const diagnostics = client.diagnostics(uriOf(dir, "notes/pipe|and_*stars*_.md"));
    await client.connection.sendRequest(REQUESTS.checkWorkspace, {});
    const published = await diagnostics;
    assert.deepEqual(published.diagnostics.map((d) => d.code), ["claim/hedged-reporting"]);
  });

  test("a check can be cancelled, and reports how far it got", async (t) => {
    const dir = portfolioFolder(t);
    for (let i = 0; i < 40; i++) {
      const file = join(dir, "bulk", `contract-${i}.md`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, PORTFOLIO["contracts/cloud-dora.md"]);
    }
    const client = await withServer(t, dir);
    const { CancellationTokenSource } = await import("vscode-jsonrpc");
    const source = new CancellationTokenSource();
    const running = client.connection.sendRequest<WorkspaceCheckResult>(REQUESTS.checkWorkspace, {}, source.token);
    await until("the check to start", () => (client.progress.some((p) => p.done >= 2) ? true : undefined));
    source.cancel();
    const result = await running.catch((e: Error) => e);
    // The request is answered, as cancelled (or, by the JSON-RPC library, rejected as cancelled).
    if (result instanceof Error) assert.match(result.message, /cancel/i);
    else {
      assert.equal(result.cancelled, true);
      assert.ok(result.checked < result.total, JSON.stringify(result));
    }
  });
});
