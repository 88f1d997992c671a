// What the Node language server reads from outside the protocol (see ServerDeps in
// server.ts): the workspace's files and config files on disk, git's file list, V8's GC.
import { readInputFile } from "./cli/files";
import { writesEncodedGroups } from "./lsp/connection";
import { IdleCollector } from "./lsp/idleGc";
import { ProjectConfigs } from "./lsp/projectConfig";
import { markdownFilesOf } from "./lsp/workspaceFiles";
import type { ServerDeps } from "./server";

export function nodeServerDeps(argv: readonly string[] = process.argv.slice(2)): ServerDeps {
  return {
    markdownFiles: markdownFilesOf,
    readFile: readInputFile,
    projectConfigs: (connection, onChange) => new ProjectConfigs(connection, onChange),
    idleCollector: () => new IdleCollector(),
    encodedDiagnostics: writesEncodedGroups(argv),
  };
}
