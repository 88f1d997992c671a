// The language server process (dist/server.js, also run by bin/policy-lens-language-server.js):
// the server on the stdio or IPC connection its arguments name. Tests start it in process
// with startServer on a connection of their own. The web worker build is browserMain.ts.
import { createServerConnection } from "./lsp/connection";
import { nodeServerDeps } from "./nodeDeps";
import { startServer } from "./server";

startServer(createServerConnection(), nodeServerDeps());
