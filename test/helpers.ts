// Helpers shared by the model, CLI and SARIF tests.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { analyze, type DocumentKind, type Position, type Range } from "../server/src/engine";

export const repoRoot = join(__dirname, "..");
/** The command as installed: `bin/policy-lens.js` over the bundle that `npm run build` makes. */
export const cliPath = join(repoRoot, "bin", "policy-lens.js");

/** A document with YAML front matter declaring its kind. */
export function withKind(kind: DocumentKind, body: string): string {
  return `---\nkind: ${kind}\n---\n\n# Test document\n\n${body}\n`;
}

export interface FoundFinding {
  rule: string;
  category: string;
  severity: string;
  message: string;
  /** The source text the finding covers. */
  quote: string;
  range: Range;
}

/** What `analyze()` reports for a document, with the quoted source and LSP range of each finding. */
export function findingsIn(text: string): FoundFinding[] {
  const { findings, document } = analyze(text);
  return findings.map((f) => ({
    rule: f.rule,
    category: f.category,
    severity: f.severity,
    message: f.message,
    quote: text.slice(f.start, f.end),
    range: document.lines.range(f.start, f.end),
  }));
}

/**
 * The LSP position of the nth occurrence of `needle`, worked out independently of the
 * engine's LineIndex: lines split at \r\n, \r or \n; the column is a JavaScript string
 * index, which is a count of UTF-16 code units.
 */
export function positionOf(text: string, needle: string, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times`);
  }
  const before = text.slice(0, at).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/policy-lens.js ARGS` in `cwd`, as a user would from a terminal (no TTY, so no colour). */
export function runPolicyLens(args: string[], cwd: string): CliRun {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary folder holding `files` (relative path → content), removed after the test. */
export function workspace(t: { after: (fn: () => void) => void }, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "policy-lens-test-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
