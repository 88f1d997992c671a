// Finding and loading .policylens config files, shared by the CLI and the language server.
// The pure parts (schema, validation, profiles, applying settings) are in engine/config;
// this module adds the file system: walking up from a document, caching by mtime, and
// keeping the last valid config while the file on disk is invalid.
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { globToRegExp } from "./cli/files";
import { formatConfigProblems, validateConfigText, type ConfigProblem, type PolicyConfig } from "./engine/config";

/** Looked for in this order in each folder; the first folder with one wins. */
export const CONFIG_FILE_NAMES = [".policylens.yaml", ".policylens.yml", ".policylens.json"] as const;

export function isConfigFile(path: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(basename(path));
}

export interface LoadedConfig {
  /** Absolute path of the config file. */
  file: string;
  text: string;
  /** Problems in the current text, at offsets into it; empty when it is valid. */
  problems: ConfigProblem[];
  /**
   * The config in force: the current text's when valid, else the last valid version this
   * process saw (so an editor keeps linting sensibly while the file is mid-edit).
   */
  config?: PolicyConfig;
  /** True when `config` is an older version because the current text is invalid. */
  stale: boolean;
}

export interface DocumentConfigFile {
  /** The config file that applies, if any. */
  loaded?: LoadedConfig;
  config?: PolicyConfig;
  /** True when the config's `ignore` globs exclude the document. */
  ignored: boolean;
}

interface CacheEntry extends LoadedConfig {
  mtimeMs: number;
  size: number;
}

export class ConfigFiles {
  private readonly files = new Map<string, CacheEntry>();
  private readonly nearest = new Map<string, string | null>();
  /** Unsaved text of a config file open in the editor, which wins over the disk. */
  private readonly liveText = new Map<string, string>();

  /** The nearest config file at or above `dir`, walking up to the file system root. */
  find(dir: string): string | undefined {
    const start = resolve(dir);
    const visited: string[] = [];
    let found: string | null | undefined;
    for (let d = start; ; d = dirname(d)) {
      found = this.nearest.get(d);
      if (found !== undefined) break;
      visited.push(d);
      found = CONFIG_FILE_NAMES.map((n) => join(d, n)).find((f) => this.liveText.has(f) || isFile(f)) ?? null;
      if (found || dirname(d) === d) break;
    }
    for (const d of visited) this.nearest.set(d, found ?? null);
    return found ?? undefined;
  }

  /**
   * Reads and validates a config file, reusing the last result while its mtime and size
   * are unchanged. Undefined when the file cannot be read.
   */
  load(file: string): LoadedConfig | undefined {
    const path = resolve(file);
    const previous = this.files.get(path);
    let text = this.liveText.get(path);
    let mtimeMs = -1;
    let size = -1;
    if (text === undefined) {
      let st;
      try {
        st = statSync(path);
      } catch {
        this.files.delete(path);
        return undefined;
      }
      if (previous && previous.mtimeMs === st.mtimeMs && previous.size === st.size) return previous;
      try {
        text = readFileSync(path, "utf8");
      } catch {
        this.files.delete(path);
        return undefined;
      }
      ({ mtimeMs, size } = st);
    } else if (previous && previous.text === text) return previous;
    const { config, problems } = validateConfigText(text);
    const entry: CacheEntry = { file: path, text, problems, config: config ?? previous?.config, stale: !config && !!previous?.config, mtimeMs, size };
    this.files.set(path, entry);
    return entry;
  }

  /** The config for a document: `explicit` (CLI --config) when given, else the nearest one. */
  forDocument(documentPath: string, explicit?: string): DocumentConfigFile {
    const file = explicit ?? this.find(dirname(resolve(documentPath)));
    const loaded = file ? this.load(file) : undefined;
    if (!loaded) return { ignored: false };
    return { loaded, config: loaded.config, ignored: isIgnored(documentPath, loaded.file, loaded.config?.ignore ?? []) };
  }

  /** The editor's unsaved text for a config file (undefined: read the disk again). */
  setLiveText(file: string, text: string | undefined): void {
    const path = resolve(file);
    if (text === undefined) this.liveText.delete(path);
    else this.liveText.set(path, text);
    this.nearest.clear();
  }

  /** Forget cached lookups after config files were created, changed or deleted. */
  invalidate(file?: string): void {
    this.nearest.clear();
    const entry = file ? this.files.get(resolve(file)) : undefined;
    // Re-read on the next load even if the mtime did not move (coarse file system clocks).
    if (entry) entry.mtimeMs = -2;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * True when a config's `ignore` globs exclude the document. Globs are relative to the
 * config file's folder; one without a `/` matches a file or folder name at any depth (as
 * in .gitignore), and one ending in `/` matches everything under that folder.
 */
export function isIgnored(documentPath: string, configFile: string, globs: readonly string[]): boolean {
  if (!globs.length) return false;
  const rel = relative(dirname(resolve(configFile)), resolve(documentPath)).split(sep).join("/");
  return globs.some((glob) => {
    let g = glob.replace(/^\.\//, "");
    if (g.endsWith("/")) g += "**";
    const anchored = g.startsWith("/") || g.slice(0, -1).includes("/");
    g = g.replace(/^\//, "");
    const re = globToRegExp(anchored ? g : `**/${g}`);
    // A folder name also excludes what is inside it.
    return re.test(rel) || rel.split("/").some((_, i, parts) => re.test(parts.slice(0, i + 1).join("/")));
  });
}

export interface CliConfigs {
  /** The config of each file, by the path the CLI was given. */
  byFile: Map<string, DocumentConfigFile>;
  /** `file:line:col  error  message` lines for every problem in every config used; the run stops with exit 2. */
  errors: string[];
}

/**
 * The configs for a CLI run: `explicit` (--config, relative to cwd) for every file, else
 * each file's nearest config. Problems are reported once per config file, relative to cwd.
 */
export function cliConfigs(files: readonly string[], cwd: string, explicit?: string): CliConfigs {
  const store = new ConfigFiles();
  const byFile = new Map<string, DocumentConfigFile>();
  const errors: string[] = [];
  const explicitPath = explicit === undefined ? undefined : resolve(cwd, explicit);
  if (explicitPath && !store.load(explicitPath)) return { byFile, errors: [`policy-lens: cannot read config file ${explicit}`] };
  const reported = new Set<string>();
  for (const file of files) {
    const found = store.forDocument(resolve(cwd, file), explicitPath);
    byFile.set(file, found);
    const loaded = found.loaded;
    if (!loaded?.problems.length || reported.has(loaded.file)) continue;
    reported.add(loaded.file);
    const shown = relative(cwd, loaded.file) || loaded.file;
    errors.push(formatConfigProblems(shown.startsWith("..") ? loaded.file : shown, loaded.text, loaded.problems));
  }
  return { byFile, errors };
}
