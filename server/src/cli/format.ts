import { isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { findingFingerprints } from "./ciFormats";
import { LineIndex, ruleCatalog, RULE_DOCS_URL, type CompiledRules, type DocumentKind, type Finding, type Range, type RuleInfo, type Severity } from "../engine";

/** One checked file as the CLI reports it. */
export interface FileReport {
  file: string;
  kind: DocumentKind | null;
  findings: Finding[];
  lines: LineIndex;
}

export interface JsonFinding {
  rule: string;
  category: string;
  severity: Severity;
  message: string;
  range: Range;
  term?: string;
}

/** The scored JSON format of LABELS.md: one entry per file. */
export function toJson(reports: FileReport[]): string {
  return [...jsonChunks(reports)].join("");
}

/**
 * toJson's text in pieces, one per file, so a big run can be written out without building
 * one huge string: exactly `JSON.stringify(entries, null, 2) + "\n"` once joined (JSON
 * strings hold no raw line breaks, so indenting each entry one level deeper is safe).
 */
export function* jsonChunks(reports: FileReport[]): Generator<string> {
  if (!reports.length) {
    yield "[]\n";
    return;
  }
  for (let k = 0; k < reports.length; k++) yield (k === 0 ? "[\n  " : ",\n  ") + jsonEntry(reports[k]);
  yield "\n]\n";
}

/**
 * One file's entry as `JSON.stringify(entry, null, 2)` prints it, every line after the first
 * indented two more spaces; written out directly, as stringify's generic walk over small
 * objects was the largest cost of printing a run of many small files.
 */
function jsonEntry(r: FileReport): string {
  let out = `{\n    "file": ${JSON.stringify(r.file)},\n    "kind": ${JSON.stringify(r.kind)},\n    "findings": `;
  if (!r.findings.length) return out + "[]\n  }";
  out += "[";
  for (let i = 0; i < r.findings.length; i++) {
    const f = r.findings[i];
    const { start, end } = r.lines.range(f.start, f.end);
    out +=
      (i ? ",\n      {" : "\n      {") +
      `\n        "rule": ${JSON.stringify(f.rule)},\n        "category": ${JSON.stringify(f.category)},\n        "severity": ${JSON.stringify(f.severity)},\n        "message": ${JSON.stringify(f.message)},` +
      `\n        "range": {\n          "start": {\n            "line": ${start.line},\n            "character": ${start.character}\n          },\n          "end": {\n            "line": ${end.line},\n            "character": ${end.character}\n          }\n        }` +
      (f.term ? `,\n        "term": ${JSON.stringify(f.term)}` : "") +
      "\n      }";
  }
  return out + "\n    ]\n  }";
}

const SEVERITY_LABEL: Record<Severity, string> = { error: "error", warning: "warning", information: "info", hint: "hint" };

/** `file:line:col  severity  message  rule`, 1-based, then a summary line. */
export function toText(reports: FileReport[], color = false): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sevColor: Record<Severity, string> = { error: "31", warning: "33", information: "36", hint: "2" };
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const r of reports) {
    for (const f of r.findings) {
      const p = r.lines.position(f.start);
      counts[f.severity]++;
      lines.push(`${r.file}:${p.line + 1}:${p.character + 1}  ${paint(sevColor[f.severity], SEVERITY_LABEL[f.severity])}  ${f.message}  ${paint("2", f.rule)}`);
    }
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const files = reports.length;
  lines.push(
    // Hints appear only when a config asks for them, so they are counted only when there are some.
    `${total} finding${total === 1 ? "" : "s"} (${counts.error} error${counts.error === 1 ? "" : "s"}, ${counts.warning} warning${counts.warning === 1 ? "" : "s"}, ${counts.information} info${counts.hint ? `, ${counts.hint} hint${counts.hint === 1 ? "" : "s"}` : ""}) in ${files} file${files === 1 ? "" : "s"}`,
  );
  return lines.join("\n") + "\n";
}

const SARIF_LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", information: "note", hint: "note" };

/**
 * SARIF 2.1.0, as GitHub code scanning accepts it: every result's rule is in the rule
 * table, and file URIs are relative to `cwd` (the repository root in CI).
 */
export function toSarif(reports: FileReport[], rules: CompiledRules, version: string, cwd = process.cwd()): string {
  const catalog = ruleCatalog(rules);
  const index = new Map(catalog.map((r, i) => [r.id, i]));
  // Rules from a config (custom rules, profile rules) are not in the built-in catalog.
  for (const f of reports.flatMap((r) => r.findings)) {
    if (index.has(f.rule)) continue;
    index.set(f.rule, catalog.length);
    catalog.push(ruleFromFinding(f));
  }
  const results = reports.flatMap((r) => {
    const fingerprints = findingFingerprints(r);
    return r.findings.map((f, i) => {
      const range = r.lines.range(f.start, f.end);
      return {
        ruleId: f.rule,
        ruleIndex: index.get(f.rule)!,
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: toUri(r.file, cwd) },
              region: {
                startLine: range.start.line + 1,
                startColumn: range.start.character + 1,
                endLine: range.end.line + 1,
                endColumn: range.end.character + 1,
              },
            },
          },
        ],
        // Alerts stay the same alerts across commits: the fingerprint ignores line numbers.
        partialFingerprints: { "policyLens/v1": fingerprints[i] },
        ...(f.term ? { properties: { term: f.term, category: f.category } } : { properties: { category: f.category } }),
      };
    });
  });
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "Policy Lens",
            informationUri: "https://github.com/policy-lens/policy-lens",
            semanticVersion: version,
            version,
            rules: catalog.map((r) => ({
              id: r.id,
              name: r.id.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : "")),
              shortDescription: { text: r.summary },
              fullDescription: { text: r.explanation },
              help: {
                text: `${r.explanation}${r.reference ? ` Reference: ${r.reference.title}.` : ""}`,
                markdown: `${r.explanation}${r.reference ? `\n\nReference: ${r.reference.url ? `[${r.reference.title}](${r.reference.url})` : r.reference.title}` : ""}`,
              },
              helpUri: r.docsUrl,
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { category: r.category, tags: ["policy", r.category] },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

/** A config's rule, described by one of its findings; docs/rules.md has no section for it. */
function ruleFromFinding(f: Finding): RuleInfo {
  return { id: f.rule, category: f.category, severity: f.severity, summary: f.message, explanation: f.explanation ?? f.message, reference: f.reference, docsUrl: f.reference?.url ?? RULE_DOCS_URL };
}

/** A URI relative to `cwd` with `/` separators; a file outside `cwd` gets an absolute file: URI. */
function toUri(file: string, cwd: string): string {
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return pathToFileURL(abs).href;
  return rel.split(sep).map((seg) => encodeURIComponent(seg)).join("/");
}
