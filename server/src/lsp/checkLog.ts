// What the server tells the user's output channel about each document, at the level of the
// `policyLens.logLevel` setting: `warning` (default) says why a document was not analysed,
// `info` also which documents were checked with what, and why others were not checked at all,
// `debug` also the settings each check used.
import type { Finding } from "../engine";
import type { PolicyLensSettings } from "./settings";

export const LOG_LEVELS = ["off", "warning", "info", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogSink {
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

/** A document's file path for the log, or its URI when it has none (untitled). */
function shown(uri: string): string {
  if (!uri.startsWith("file://")) return uri;
  try {
    return decodeURIComponent(uri.slice("file://".length));
  } catch {
    return uri;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export class CheckLog {
  /** The last reason logged for each document not checked, so typing does not repeat it. */
  private readonly notChecked = new Map<string, string>();

  constructor(private readonly sink: LogSink) {}

  /** A document was not analysed; `warning` when the user expects findings, else `info`. */
  skipped(uri: string, level: LogLevel, reason: string, severity: "warning" | "info"): void {
    if (this.notChecked.get(uri) === reason) return;
    this.notChecked.set(uri, reason);
    if (severity === "warning" ? level === "off" : level !== "info" && level !== "debug") return;
    const line = `not checked ${shown(uri)}: ${reason}`;
    if (severity === "warning") this.sink.warn(line);
    else this.sink.info(line);
  }

  checked(uri: string, version: number, settings: PolicyLensSettings, what: { kind: string | null; profile?: string; configFile?: string; findings: Finding[]; ms: number }): void {
    this.notChecked.delete(uri);
    if (settings.logLevel !== "info" && settings.logLevel !== "debug") return;
    const counts = { error: 0, warning: 0, information: 0, hint: 0 };
    for (const f of what.findings) counts[f.severity]++;
    this.sink.info(
      `checked ${shown(uri)} (version ${version}) as a ${what.kind ?? "document"}, profile ${what.profile ?? "none (built-in defaults)"}, config ${what.configFile ?? "none"}: ` +
        `${plural(what.findings.length, "finding")} (${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${counts.information} info${counts.hint ? `, ${plural(counts.hint, "hint")}` : ""}) in ${what.ms} ms`,
    );
    if (settings.logLevel === "debug") {
      const { severity, include, maxFileSize, timeBudgetMs } = settings;
      this.sink.log(`settings for ${shown(uri)}: ${JSON.stringify({ include, severity, maxFileSize, timeBudgetMs })}`);
    }
  }

  closed(uri: string): void {
    this.notChecked.delete(uri);
  }
}
