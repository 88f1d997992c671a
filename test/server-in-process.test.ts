// The language server started in this process with startServer(connection, deps) over an
// in-memory connection: features are tested without a child process, and what the server
// reads from outside the protocol (here, a workspace folder's files) is injected.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "../server/src/server";
import { nodeServerDeps } from "../server/src/nodeDeps";
import { REQUESTS, type CoverageReport, type WorkspaceCheckResult } from "../server/src/protocol";
import { workspace } from "./helpers";
import { PORTFOLIO } from "./support/portfolio";

function inProcess(markdownFiles: (folder: string) => Promise<string[]>, settings: Record<string, unknown>) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), { ...nodeServerDeps([]), markdownFiles });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.onRequest("workspace/configuration", (p: { items: unknown[] }) => p.items.map(() => settings));
  client.onRequest("client/registerCapability", () => null);
  client.onNotification(() => undefined);
  client.listen();
  return client;
}

describe("the server in process", () => {
  test("a workspace check reads the folder's files as injected, with the include globs applied, and the open buffer wins", async (t) => {
    const dir = workspace(t, PORTFOLIO);
    const listed: string[] = [];
    const client = inProcess(
      async (folder) => {
        listed.push(folder);
        return Object.keys(PORTFOLIO).map((path) => join(folder, path));
      },
      { include: ["contracts/**/*.md"] },
    );
    t.after(() => client.dispose());
    await client.sendRequest("initialize", { processId: null, rootUri: pathToFileURL(dir).href, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: "w" }], capabilities: { workspace: { configuration: true } } });
    client.sendNotification("initialized", {});

    // The chatbot terms open with an exit clause typed but not saved.
    const chatbot = pathToFileURL(join(dir, "contracts/chatbot-terms.md")).href;
    const typed = `${PORTFOLIO["contracts/chatbot-terms.md"]}\n## 3. Exit\n\n3.1 On termination the Supplier shall provide transition assistance and return all customer data.\n`;
    client.sendNotification("textDocument/didOpen", { textDocument: { uri: chatbot, languageId: "markdown", version: 1, text: typed } });

    const result = await client.sendRequest<WorkspaceCheckResult>(REQUESTS.checkWorkspace, {});
    assert.deepEqual(listed, [dir]);
    assert.deepEqual(result, { checked: 2, total: 2, cancelled: false }, "only the contracts match the include glob");
    const { rows } = await client.sendRequest<CoverageReport>(REQUESTS.coverage, {});
    const exitOf = (uri: string) => rows.find((r) => r.uri === uri)?.cells.find((c) => c.term === "exit-strategy")?.state;
    assert.equal(rows.length, 2);
    assert.equal(exitOf(chatbot), "present", "the open buffer, not the file on disk");
    assert.equal(exitOf(pathToFileURL(join(dir, "contracts/cloud-dora.md")).href), "present");
  });
});
