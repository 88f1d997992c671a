// What the Node language server reads from outside the protocol (see ServerDeps in
// server.ts): the workspace's files and config files on disk, git's file list, V8's GC, and
// a worker thread for the analyses nobody is typing into.
import { readInputFile } from "./cli/files";
import { WorkerAnalyzer } from "./lsp/background";
import { writesEncodedGroups } from "./lsp/connection";
import { IdleCollector } from "./lsp/idleGc";
import { ProjectConfigs } from "./lsp/projectConfig";
import { markdownFilesOf } from "./lsp/workspaceFiles";
import type { ServerDeps } from "./server";

/** `workerScript`: the server's own script (dist/server.js), which runs the analysis worker; without it, every analysis runs on the main thread. */
export function nodeServerDeps(argv: readonly string[] = process.argv.slice(2), { workerScript }: { workerScript?: string } = {}): ServerDeps {
  return {
    markdownFiles: markdownFilesOf,
    readFile: readInputFile,
    projectConfigs: (connection, onChange) => new ProjectConfigs(connection, onChange),
    idleCollector: () => new IdleCollector(),
    encodedDiagnostics: writesEncodedGroups(argv),
    backgroundAnalyzer: workerScript ? () => new WorkerAnalyzer(workerScript) : undefined,
  };
}
