// The language server process (dist/server.js, also run by bin/policy-lens-language-server.js):
// the server on the stdio or IPC connection its arguments name. Tests start it in process
// with startServer on a connection of their own. The web worker build is browserMain.ts.
// The same script is the server's analysis worker thread (lsp/background.ts).
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { ANALYSIS_WORKER_DATA, runAnalysisWorker } from "./lsp/background";
import { createServerConnection } from "./lsp/connection";
import { nodeServerDeps } from "./nodeDeps";
import { startServer } from "./server";

if (!isMainThread && parentPort && (workerData as typeof ANALYSIS_WORKER_DATA | undefined)?.policyLensAnalysisWorker) runAnalysisWorker(parentPort);
else startServer(createServerConnection(), nodeServerDeps(process.argv.slice(2), { workerScript: __filename }));
