// What the server asks of project config files (.policylens.yaml). The Node server reads
// them from disk (lsp/projectConfig.ts); the web worker build has no disk and uses none.
import type { ClientCapabilities } from "vscode-languageserver";
import type { DocumentConfigFile } from "../configFiles";

export interface ProjectConfigSource {
  readCapabilities(c: ClientCapabilities): void;
  /** After `initialized`: watch config files where the client lets the server register a watcher. */
  watch(): void;
  /** The config file that applies to a document, if any. */
  forDocument(uri: string): DocumentConfigFile;
  /** Files created, changed or deleted (workspace/didChangeWatchedFiles). */
  changed(uris: readonly string[]): void;
}

/** No project config files: documents are configured by settings and their front matter. */
export const NO_PROJECT_CONFIGS: ProjectConfigSource = {
  readCapabilities: () => undefined,
  watch: () => undefined,
  forDocument: () => ({ ignored: false }),
  changed: () => undefined,
};
