// Finding and loading .policylens config files, shared by the CLI and the language server.
// The pure parts (schema, validation, profiles, applying settings) are in engine/config;
// this module adds the file system: walking up from a document, caching by mtime, and
// keeping the last valid config while the file on disk is invalid.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { describeFsError, globMatcher } from "./cli/files";
import type { GlobMatcher } from "./engine/glob";
import { CONFIG_LIMITS, formatConfigProblems, validateConfigText, type ConfigProblem, type PolicyConfig } from "./engine/config";

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
      // Any entry counts, a FIFO or an unreadable file included: load then says why it cannot be used.
      found = CONFIG_FILE_NAMES.map((n) => join(d, n)).find((f) => this.liveText.has(f) || exists(f)) ?? null;
      if (found || dirname(d) === d) break;
    }
    for (const d of visited) this.nearest.set(d, found ?? null);
    return found ?? undefined;
  }

  /**
   * Reads and validates a config file, reusing the last result while its mtime and size
   * are unchanged. A config that exists but cannot be used — unreadable, not a regular
   * file, larger than CONFIG_LIMITS.fileBytes, not UTF-8 — is loaded with that one
   * problem and no config, never skipped: a CI gate must not pass because its config was
   * not read. Undefined only when there is no file at all.
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
      } catch (e) {
        if (!exists(path)) {
          this.files.delete(path);
          return undefined;
        }
        return this.unusable(path, describeConfigError(path, e), previous);
      }
      if (previous && previous.mtimeMs === st.mtimeMs && previous.size === st.size) return previous;
      const read = readConfigText(path);
      if ("reason" in read) return this.unusable(path, read.reason, previous);
      text = read.text;
      ({ mtimeMs, size } = st);
    } else if (previous && previous.text === text) return previous;
    const { config, problems } = text.length > CONFIG_LIMITS.fileBytes ? { config: undefined, problems: [tooLarge(text.length)] } : validateConfigText(text);
    const entry: CacheEntry = { file: path, text, problems, config: config ?? previous?.config, stale: !config && !!previous?.config, mtimeMs, size };
    this.files.set(path, entry);
    return entry;
  }

  /** A config file that exists but cannot be used: one problem at its start, never cached. */
  private unusable(path: string, reason: string, previous: CacheEntry | undefined): LoadedConfig {
    this.files.delete(path);
    const problem = { message: `Cannot use this config file: ${reason}.`, start: 0, end: 0 };
    return { file: path, text: "", problems: [problem], config: previous?.config, stale: !!previous?.config };
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

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function describeConfigError(path: string, e: unknown): string {
  if ((e as NodeJS.ErrnoException)?.code === "ENOENT" && exists(path)) return "it is a broken symbolic link";
  return describeFsError(e);
}

const tooLarge = (bytes: number) => ({
  message: `Cannot use this config file: it is ${bytes} bytes, larger than the limit of ${CONFIG_LIMITS.fileBytes} bytes for a config.`,
  start: 0,
  end: 0,
});

// Opened without blocking, so a FIFO named like a config cannot stall the run; checked
// through the same descriptor before a byte is read.
const OPEN_NONBLOCKING = process.platform !== "win32" && typeof constants.O_NONBLOCK === "number" ? constants.O_RDONLY | constants.O_NONBLOCK : constants.O_RDONLY;

/** A config file's text, or why it cannot be read: not a regular file, too large, unreadable, not UTF-8. */
export function readConfigText(path: string): { text: string } | { reason: string } {
  let fd: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { reason: "it is a folder" };
    if (!st.isFile()) return { reason: "it is not a regular file (a FIFO, socket or device)" };
    fd = openSync(path, OPEN_NONBLOCKING);
  } catch (e) {
    return { reason: describeConfigError(path, e) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { reason: "it is not a regular file (a FIFO, socket or device)" };
    if (st.size > CONFIG_LIMITS.fileBytes) return { reason: `it is ${st.size} bytes, larger than the limit of ${CONFIG_LIMITS.fileBytes} bytes for a config` };
    // One byte more than the limit: a file that grew since fstat is still caught.
    const buffer = Buffer.allocUnsafe(Math.min(st.size, CONFIG_LIMITS.fileBytes) + 1);
    let filled = 0;
    for (let n = 1; n > 0 && filled < buffer.length; filled += n) n = readSync(fd, buffer, filled, buffer.length - filled, null);
    if (filled > CONFIG_LIMITS.fileBytes) return { reason: `it is larger than the limit of ${CONFIG_LIMITS.fileBytes} bytes for a config` };
    try {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, filled)) };
    } catch {
      return { reason: "it is not UTF-8 text" };
    }
  } catch (e) {
    return { reason: describeConfigError(path, e) };
  } finally {
    closeSync(fd);
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
    const re = ignoreMatcher(glob);
    // A folder name also excludes what is inside it.
    return re.test(rel) || rel.split("/").some((_, i, parts) => re.test(parts.slice(0, i + 1).join("/")));
  });
}

const ignoreMatchers = new Map<string, GlobMatcher>();
/** The matcher of one `ignore` glob, compiled once per process (a folder run asks per file). */
function ignoreMatcher(glob: string): GlobMatcher {
  let matcher = ignoreMatchers.get(glob);
  if (!matcher) {
    let g = glob.replace(/^\.\//, "");
    if (g.endsWith("/")) g += "**";
    const anchored = g.startsWith("/") || g.slice(0, -1).includes("/");
    g = g.replace(/^\//, "");
    matcher = globMatcher(anchored ? g : `**/${g}`);
    if (ignoreMatchers.size > 1000) ignoreMatchers.clear();
    ignoreMatchers.set(glob, matcher);
  }
  return matcher;
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
  if (explicitPath && !store.load(explicitPath)) return { byFile, errors: [`policy-lens: cannot read config file ${explicit}: no such file`] };
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
