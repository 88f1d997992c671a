// An internal error in the language server is logged as what failed and where to report it,
// never as a stack trace (issue 16): the output channel is read by lawyers, not debuggers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import { tmpdir } from "node:os";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "../server/src/server";
import { REPORT_BUGS } from "../server/src/internalError";
import { REQUESTS } from "../server/src/protocol";

test("a failing workspace check is logged as what failed and where to report it, without the stack", async (t) => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  // The injected folder listing fails as a bug would: an Error with a stack and a second line.
  const bug = () => Promise.reject(new TypeError("cannot read the folder listing\nsecond line of detail"));
  startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), { markdownFiles: bug });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const logged: string[] = [];
  const shown: string[] = [];
  client.onRequest("workspace/configuration", (p: { items: unknown[] }) => p.items.map(() => ({})));
  client.onRequest("client/registerCapability", () => null);
  client.onNotification("window/logMessage", (p: { message: string }) => logged.push(p.message));
  client.onNotification("window/showMessage", (p: { message: string }) => shown.push(p.message));
  client.onNotification(() => undefined);
  client.listen();
  t.after(() => client.dispose());
  const folder = pathToFileURL(tmpdir()).href;
  await client.sendRequest("initialize", { processId: null, rootUri: folder, workspaceFolders: [{ uri: folder, name: "w" }], capabilities: { workspace: { configuration: true } } });
  client.sendNotification("initialized", {});
  await client.sendRequest(REQUESTS.checkWorkspace, {});
  // The log line is written as the failed check settles; wait for it without a fixed delay.
  for (let i = 0; i < 200 && !logged.some((m) => m.includes("workspace check failed")); i++) await new Promise((r) => setImmediate(r));
  const line = logged.find((m) => m.includes("workspace check failed"));
  assert.ok(line, `logged: ${logged.join(" | ")}`);
  assert.match(line, /cannot read the folder listing/);
  assert.ok(line.includes(REPORT_BUGS), line);
  for (const m of [...logged, ...shown]) {
    assert.doesNotMatch(m, /\n\s*at |server\.ts:\d+|TypeError: /, "no stack trace");
    assert.doesNotMatch(m, /second line of detail/);
  }
});
