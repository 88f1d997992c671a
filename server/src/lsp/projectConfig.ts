// Project config files (.policylens.yaml/.yml/.json) in the language server: which one
// applies to a document, its problems as diagnostics on the config file itself, and
// re-linting when a config file changes on disk.
import { fileURLToPath, pathToFileURL } from "node:url";
import { DiagnosticSeverity, DidChangeWatchedFilesNotification, type ClientCapabilities, type Connection, type Diagnostic } from "vscode-languageserver/node";
import { ConfigFiles, isConfigFile, type DocumentConfigFile, type LoadedConfig } from "../configFiles";
import { LineIndex } from "../engine";
import type { ProjectConfigSource } from "./projectConfigSource";

export const CONFIG_GLOB = "**/.policylens.{yaml,yml,json}";

export class ProjectConfigs implements ProjectConfigSource {
  private readonly store = new ConfigFiles();
  /** What was last published per config file URI, so an unchanged file is not re-sent. */
  private readonly published = new Map<string, string>();
  private canWatch = false;

  /** `onChange` runs after a config file changed: re-lint every open document. */
  constructor(
    private readonly connection: Connection,
    private readonly onChange: () => void,
  ) {}

  readCapabilities(c: ClientCapabilities): void {
    this.canWatch = !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  }

  /**
   * After `initialized`: watch config files, where the client lets the server register a
   * watcher. Clients that watch on their own send the same notification; either way the
   * server passes workspace/didChangeWatchedFiles to `changed`.
   */
  watch(): void {
    if (this.canWatch) void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: CONFIG_GLOB }] });
  }

  /**
   * The config for a document (file URIs only): the nearest config file, its problems
   * published on the config file, and while it is invalid the last valid version.
   */
  forDocument(uri: string): DocumentConfigFile {
    const path = filePath(uri);
    if (!path) return { ignored: false };
    const found = this.store.forDocument(path);
    if (found.loaded) this.publish(found.loaded);
    return found;
  }

  /** Config files created, changed or deleted: reload them, republish, re-lint. */
  changed(uris: readonly string[]): void {
    const configs = uris.filter((u) => {
      const p = filePath(u);
      return p !== undefined && isConfigFile(p);
    });
    if (!configs.length) return;
    for (const uri of configs) {
      const path = filePath(uri)!;
      this.store.invalidate(path);
      const loaded = this.store.load(path);
      if (loaded) this.publish(loaded);
      else if (this.published.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.onChange();
  }

  private publish(loaded: LoadedConfig): void {
    const uri = pathToFileURL(loaded.file).href;
    const key = `${loaded.text.length}:${loaded.problems.map((p) => `${p.start}-${p.end}:${p.message}`).join("|")}`;
    if ((this.published.get(uri) ?? "0:") === key || (!loaded.problems.length && !this.published.has(uri))) return;
    this.published.set(uri, key);
    const lines = new LineIndex(loaded.text);
    // Say that linting goes on with the last valid version, so the user is not left guessing.
    const stale = loaded.stale ? " Policy Lens keeps using the last valid version of this file until it is fixed." : "";
    const diagnostics: Diagnostic[] = loaded.problems.map((p) => ({
      range: lines.range(p.start, p.end),
      severity: DiagnosticSeverity.Error,
      source: "policy-lens",
      code: "config",
      message: p.message + stale,
    }));
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }
}

function filePath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
