import { closeSync, constants, type Dirent, existsSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { decodeDocument, sizeProblem, type InputLimits } from "../engine";
import { compileGlob, GlobError, type GlobMatcher } from "../engine/glob";

export class UsageError extends Error {}

/** Called for a folder that cannot be listed while walking, so it is reported, not silently skipped. */
export type UnreadableFolder = (folder: string, reason: string) => void;

const FS_ERRORS: Record<string, string> = {
  ENOENT: "no such file or folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ELOOP: "too many levels of symbolic links",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "it is a folder",
  ENAMETOOLONG: "the path is too long",
  EMFILE: "too many open files",
  EIO: "input/output error",
};

/** A file-system error as a short phrase for the user, e.g. "permission denied". */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return (code && FS_ERRORS[code]) ?? code ?? (e as Error)?.message ?? String(e);
}

/** Why `path` cannot be opened: a dangling symbolic link is named as such. */
function whyUnreachable(path: string, e: unknown): string {
  if ((e as NodeJS.ErrnoException)?.code === "ENOENT") {
    try {
      if (lstatSync(path).isSymbolicLink()) return "broken symbolic link (its target does not exist)";
    } catch {
      // Not even the link exists: the plain "no such file" is right.
    }
  }
  return describeFsError(e);
}

export type InputFile = { ok: true; text: string } | { ok: false; reason: string; unreadable: boolean };

/**
 * Reads one input file as text. A file that cannot be read is `unreadable` (exit status 2);
 * one outside the limits (too big, binary, not UTF-8) is skipped with the reason. The size
 * is checked before reading, so a huge file is never loaded, and only regular files are
 * read, so a FIFO or device cannot block the run.
 */
export function readInputFile(path: string, limits: InputLimits): InputFile {
  return readRegularFile(path, limits) ?? readCarefully(path, limits);
}

// Opening without blocking (a FIFO would otherwise wait for a writer) lets a regular file
// be checked and read through one descriptor: open, fstat, read, close. Not on Windows.
const OPEN_NONBLOCKING = process.platform !== "win32" && typeof constants.O_NONBLOCK === "number" ? constants.O_RDONLY | constants.O_NONBLOCK : undefined;

/** The common case in few system calls; undefined for anything else, which readCarefully then explains. */
function readRegularFile(path: string, limits: InputLimits): InputFile | undefined {
  if (OPEN_NONBLOCKING === undefined) return undefined;
  let fd: number;
  try {
    fd = openSync(path, OPEN_NONBLOCKING);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    const tooBig = sizeProblem(st.size, limits);
    if (tooBig) return { ok: false, reason: tooBig, unreadable: false };
    const buffer = Buffer.allocUnsafe(st.size);
    let filled = 0;
    while (filled < buffer.length) {
      const n = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    const decoded = decodeDocument(buffer.subarray(0, filled), limits);
    return decoded.ok ? decoded : { ...decoded, unreadable: false };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function readCarefully(path: string, limits: InputLimits): InputFile {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    return { ok: false, reason: whyUnreachable(path, e), unreadable: true };
  }
  if (st.isDirectory()) return { ok: false, reason: "it is a folder", unreadable: true };
  if (!st.isFile()) return { ok: false, reason: "not a regular file (a FIFO, socket or device)", unreadable: true };
  const tooBig = sizeProblem(st.size, limits);
  if (tooBig) return { ok: false, reason: tooBig, unreadable: false };
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { ok: false, reason: describeFsError(e), unreadable: true };
  }
  const decoded = decodeDocument(bytes, limits);
  return decoded.ok ? decoded : { ...decoded, unreadable: false };
}

const SKIP_DIR = (name: string) => name === "node_modules" || name.startsWith(".");

/** Called for a Markdown-named entry inside a folder that is not a regular file (a symbolic link, FIFO, socket or device). */
export type SkippedEntry = (path: string, reason: string) => void;

function entryKind(e: { isSymbolicLink(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  return e.isSymbolicLink() ? "a symbolic link" : e.isFIFO() ? "a FIFO" : e.isSocket() ? "a socket" : "a device";
}

/**
 * Markdown files under a folder, skipping node_modules and dot folders, sorted. Markdown
 * names that are not regular files (symbolic links, FIFOs) are not read, and told to `skipped`.
 */
export function walkMarkdown(dir: string, unreadable?: UnreadableFolder, skipped?: SkippedEntry): string[] {
  const out: string[] = [];
  visitFolder(dir, unreadable, (path, e) => {
    if (!/\.(md|markdown)$/i.test(e.name)) return;
    if (e.isFile()) out.push(path);
    else skipped?.(path, `not checked: ${entryKind(e)}, not a regular file`);
  });
  return out;
}

/** Every entry that is not a folder under `dir`, depth first in name order, skipping node_modules and dot folders. */
function visitFolder(dir: string, unreadable: UnreadableFolder | undefined, onEntry: (path: string, e: Dirent) => void): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    unreadable?.(dir, describeFsError(e));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!SKIP_DIR(e.name)) visitFolder(join(dir, e.name), unreadable, onEntry);
    } else onEntry(join(dir, e.name), e);
  }
}

/** A glob matcher over `/`-separated paths (linear time, see glob.ts); a malformed glob is a usage error. */
export function globMatcher(glob: string): GlobMatcher {
  try {
    return compileGlob(glob);
  } catch (e) {
    if (e instanceof GlobError) throw new UsageError(e.message);
    throw e;
  }
}

const isGlob = (p: string) => /[*?{[]/.test(p);

/**
 * Resolves CLI operands to files: a file as given, a folder's Markdown files, or a glob's
 * matches. A missing file, an empty folder or a glob with no match is a usage error:
 * thrown, or with `badOperand` told and the other operands still resolved.
 */
export function resolveInputs(operands: string[], cwd = process.cwd(), unreadable?: UnreadableFolder, badOperand?: (message: string) => void, skipped?: SkippedEntry): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    const key = resolve(cwd, f);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(f);
    }
  };
  for (const op of operands) {
    try {
      resolveOperand(op);
    } catch (e) {
      if (!(e instanceof UsageError) || !badOperand) throw e;
      badOperand(e.message);
    }
  }
  return files;

  function resolveOperand(op: string): void {
    if (isGlob(op)) {
      const parts = op.split(/[\\/]/);
      const firstGlob = parts.findIndex(isGlob);
      const base = parts.slice(0, firstGlob).join("/") || ".";
      const re = globMatcher(parts.join("/"));
      // A glob whose fixed part names no folder matches nothing; that is not an unreadable folder.
      const matches = (existsSync(resolve(cwd, base)) ? walkAll(resolve(cwd, base), unreadable) : [])
        .map((abs) => (base === "." && !op.startsWith("./") ? "" : base + "/") + relative(resolve(cwd, base), abs).split(sep).join("/"))
        .filter((rel) => re.test(rel) || re.test(rel.replace(/^\.\//, "")));
      if (!matches.length) throw new UsageError(`no files match ${op}`);
      matches.forEach(add);
      return;
    }
    let st;
    try {
      st = statSync(resolve(cwd, op));
    } catch (e) {
      throw new UsageError(`cannot read ${op}: ${whyUnreachable(resolve(cwd, op), e)}`);
    }
    if (st.isDirectory()) {
      const found = walkMarkdown(resolve(cwd, op), unreadable, skipped && ((abs, reason) => skipped(join(op, relative(resolve(cwd, op), abs)), reason))).map((abs) => join(op, relative(resolve(cwd, op), abs)));
      // Like a glob that matches nothing: most likely a mistyped path (or a folder named foo.md).
      if (!found.length) throw new UsageError(`no Markdown files in folder ${op}`);
      found.forEach(add);
    } else add(op);
  }
}

function walkAll(dir: string, unreadable?: UnreadableFolder): string[] {
  const out: string[] = [];
  visitFolder(dir, unreadable, (path, e) => {
    if (e.isFile()) out.push(path);
  });
  return out.sort();
}
