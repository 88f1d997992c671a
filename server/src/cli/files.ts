import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";

export class UsageError extends Error {}

const SKIP_DIR = (name: string) => name === "node_modules" || name.startsWith(".");

/** Markdown files under a folder, skipping node_modules and dot folders, sorted. */
export function walkMarkdown(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIR(e.name)) visit(join(d, e.name));
      } else if (e.isFile() && /\.(md|markdown)$/i.test(e.name)) out.push(join(d, e.name));
    }
  };
  visit(dir);
  return out;
}

/** Converts a glob (`*`, `**`, `?`, `{a,b}`, `[abc]`) to an anchored regex over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slashAfter = glob[i + 2] === "/";
        re += slashAfter ? "(?:[^/]*/)*" : ".*";
        i += slashAfter ? 2 : 1;
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      inBraces++;
      re += "(?:";
    } else if (c === "}" && inBraces) {
      inBraces--;
      re += ")";
    } else if (c === "," && inBraces) re += "|";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close < 0) re += "\\[";
      else {
        re += "[" + glob.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]";
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

const isGlob = (p: string) => /[*?{[]/.test(p);

/**
 * Resolves CLI operands to files: a file as given, a folder's Markdown files, or a glob's
 * matches. A missing file or a glob with no match is a usage error.
 */
export function resolveInputs(operands: string[], cwd = process.cwd()): string[] {
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
    if (isGlob(op)) {
      const parts = op.split(/[\\/]/);
      const firstGlob = parts.findIndex(isGlob);
      const base = parts.slice(0, firstGlob).join("/") || ".";
      const re = globToRegExp(parts.join("/"));
      const matches = walkAll(resolve(cwd, base))
        .map((abs) => (base === "." && !op.startsWith("./") ? "" : base + "/") + relative(resolve(cwd, base), abs).split(sep).join("/"))
        .filter((rel) => re.test(rel) || re.test(rel.replace(/^\.\//, "")));
      if (!matches.length) throw new UsageError(`no files match ${op}`);
      matches.forEach(add);
      continue;
    }
    let st;
    try {
      st = statSync(resolve(cwd, op));
    } catch {
      throw new UsageError(`cannot read ${op}: no such file or folder`);
    }
    if (st.isDirectory()) {
      const found = walkMarkdown(resolve(cwd, op)).map((abs) => join(op, relative(resolve(cwd, op), abs)));
      found.forEach(add);
    } else add(op);
  }
  return files;
}

function walkAll(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIR(e.name)) visit(join(d, e.name));
      } else if (e.isFile()) out.push(join(d, e.name));
    }
  };
  visit(dir);
  return out.sort();
}
