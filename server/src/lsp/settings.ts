// The `policyLens` settings the server reads through workspace/configuration.
import { CATEGORIES, DEFAULT_LIMITS, DEFAULT_TIME_BUDGET_MS, SEVERITIES, parseByteSize, type Finding, type Severity } from "../engine";
import { compileGlob } from "../engine/glob";
import { LOG_LEVELS, type LogLevel } from "./checkLog";

export type SeveritySetting = Severity | "off";

export interface PolicyLensSettings {
  enable: boolean;
  /** Profile for documents whose front matter names none; "" leaves it to the config file. */
  profile: string;
  /** Rule id or category → severity, or "off" to hide it. A rule id beats its category. */
  severity: Record<string, SeveritySetting>;
  /** Globs of documents to lint, matched against workspace-relative paths. */
  include: string[];
  debounceMs: number;
  /** Larger documents are not analysed (one warning instead), in bytes of UTF-8. */
  maxFileSize: number;
  /** Longest one analysis may run before it stops with a document/time-budget warning. */
  timeBudgetMs: number;
  trace: { server: "off" | "messages" | "verbose" };
  /** What the output channel says about each document (lsp/checkLog.ts). */
  logLevel: LogLevel;
  /** Checks each patched (incremental) analysis against a full one and logs any difference: costly, for debugging. */
  debug: { verifyIncremental: boolean };
}

export const SETTINGS_SECTION = "policyLens";

export const DEFAULT_SETTINGS: PolicyLensSettings = {
  enable: true,
  profile: "",
  severity: {},
  include: ["**/*.md"],
  debounceMs: 150,
  maxFileSize: DEFAULT_LIMITS.maxBytes,
  timeBudgetMs: DEFAULT_TIME_BUDGET_MS,
  trace: { server: "off" },
  logLevel: "warning",
  debug: { verifyIncremental: false },
};

/** Reads whatever the client sent, keeping defaults for anything missing or malformed. */
export function normalizeSettings(raw: unknown): PolicyLensSettings {
  const r = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const s: PolicyLensSettings = { ...DEFAULT_SETTINGS, severity: {}, include: [...DEFAULT_SETTINGS.include], trace: { ...DEFAULT_SETTINGS.trace }, debug: { ...DEFAULT_SETTINGS.debug } };
  if (typeof r.enable === "boolean") s.enable = r.enable;
  if (typeof r.profile === "string" && r.profile.trim()) s.profile = r.profile.trim();
  if (r.severity && typeof r.severity === "object") {
    for (const [key, value] of Object.entries(r.severity as Record<string, unknown>)) {
      if (value === "off" || (SEVERITIES as readonly unknown[]).includes(value)) s.severity[key] = value as SeveritySetting;
      else if (value === "info") s.severity[key] = "information";
    }
  }
  if (Array.isArray(r.include)) s.include = r.include.filter((g): g is string => typeof g === "string" && g.length > 0);
  else if (typeof r.include === "string" && r.include) s.include = [r.include];
  s.include = s.include.filter(isValidGlob);
  if (typeof r.debounceMs === "number" && Number.isFinite(r.debounceMs)) s.debounceMs = Math.max(0, Math.min(5000, r.debounceMs));
  // "10MB" as in the CLI's --max-file-size; a bare number is bytes.
  const maxFileSize = typeof r.maxFileSize === "string" ? parseByteSize(r.maxFileSize) : r.maxFileSize;
  if (typeof maxFileSize === "number" && Number.isSafeInteger(maxFileSize) && maxFileSize > 0) s.maxFileSize = maxFileSize;
  if (typeof r.timeBudgetMs === "number" && Number.isFinite(r.timeBudgetMs)) s.timeBudgetMs = Math.max(100, Math.min(600_000, Math.round(r.timeBudgetMs)));
  const trace = (r.trace as Record<string, unknown> | undefined)?.server ?? r["trace.server"];
  if (trace === "off" || trace === "messages" || trace === "verbose") s.trace.server = trace;
  if ((LOG_LEVELS as readonly unknown[]).includes(r.logLevel)) s.logLevel = r.logLevel as LogLevel;
  const verify = (r.debug as Record<string, unknown> | undefined)?.verifyIncremental ?? r["debug.verifyIncremental"];
  if (typeof verify === "boolean") s.debug.verifyIncremental = verify;
  return s;
}

/** Applies the severity overrides; findings set to "off" are dropped. */
export function applySeverityOverrides(findings: Finding[], overrides: PolicyLensSettings["severity"]): Finding[] {
  if (!Object.keys(overrides).length) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const o = overrides[f.rule] ?? (CATEGORIES.includes(f.category) ? overrides[f.category] : undefined);
    if (o === "off") continue;
    out.push(o ? { ...f, severity: o } : f);
  }
  return out;
}

/**
 * Whether a document is linted: file URIs must match an include glob, relative to a
 * workspace folder (or anywhere when the glob starts with `**`); other schemes (untitled
 * buffers) are linted when the client says they are Markdown.
 */
export function isIncluded(uri: string, languageId: string, include: string[], workspaceFolders: string[]): boolean {
  if (!uri.startsWith("file:")) return languageId === "markdown";
  const path = decodeURIComponent(uri.replace(/^file:\/\//, "")).replace(/\\/g, "/");
  const candidates = [path];
  for (const folder of workspaceFolders) {
    const root = decodeURIComponent(folder.replace(/^file:\/\//, "")).replace(/\\/g, "/").replace(/\/$/, "");
    if (path.startsWith(root + "/")) candidates.push(path.slice(root.length + 1));
  }
  return include.some((glob) => {
    const re = compileGlob(glob.replace(/^\.\//, ""));
    return candidates.some((c) => re.test(c) || (glob.startsWith("**/") && re.test("/" + c)));
  });
}

/** A glob that cannot be compiled (an unclosed `{`) is dropped, not allowed to fail every check. */
function isValidGlob(glob: string): boolean {
  try {
    compileGlob(glob);
    return true;
  } catch {
    return false;
  }
}
