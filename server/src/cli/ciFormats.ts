// Output for CI systems beyond SARIF: JUnit XML (test reports in GitLab, Jenkins, Azure
// Pipelines, CircleCI) and GitLab code quality, and the fingerprints that keep an alert the
// same alert across commits.
import { createHash } from "node:crypto";
import type { Finding, Severity } from "../engine";
import type { FileReport } from "./format";

/** The rule of the one finding a file gets when it could not be analysed at all. */
export const SKIPPED_RULE = "document/skipped";

/**
 * A stable identity for each finding of one file: the rule, the term and the words the
 * finding covers (spaces collapsed), not its line, so lines added above it keep it; the
 * n-th equal finding in the file gets `:n`. Missing terms cover a heading, not their
 * subject, so they are identified by rule and term alone.
 */
export function findingFingerprints(report: FileReport): string[] {
  const seen = new Map<string, number>();
  return report.findings.map((f) => {
    const covered = f.category === "missing-term" ? "" : report.lines.text.slice(f.start, f.end).replace(/\s+/g, " ").trim();
    const hash = createHash("sha256").update(`${f.rule}\0${f.term ?? ""}\0${covered}`).digest("hex").slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}

const GITLAB_SEVERITY: Record<Severity, "major" | "minor" | "info"> = { error: "major", warning: "minor", information: "info", hint: "info" };

/**
 * GitLab's code quality report: a JSON array of issues with `description`, `check_name`,
 * `fingerprint`, `severity` (info, minor, major, critical, blocker) and `location.path` with
 * `location.lines.begin` (the fields GitLab documents; the rest of Code Climate's format is
 * optional). Paths are as given, relative to the directory the check ran in.
 */
export function toGitlabCodeQuality(reports: FileReport[]): string {
  const issues = reports.flatMap((r) => {
    const fingerprints = findingFingerprints(r);
    return r.findings.map((f, i) => {
      const begin = r.lines.position(f.start).line + 1;
      const end = r.lines.position(f.end).line + 1;
      return {
        type: "issue",
        description: f.message,
        check_name: f.rule,
        fingerprint: createHash("sha256").update(`${r.file}\0${fingerprints[i]}`).digest("hex"),
        severity: GITLAB_SEVERITY[f.severity],
        categories: ["Bug Risk"],
        location: { path: r.file.split("\\").join("/"), lines: { begin, end } },
      };
    });
  });
  return JSON.stringify(issues, null, 2) + "\n";
}

/**
 * JUnit XML: one `<testsuite>` per file, one failing `<testcase>` per finding (named by rule
 * and position), one passing `<testcase>` for a file without findings, and an `<error>` for a
 * file that could not be analysed, which is a check that did not run rather than one that failed.
 */
export function toJunit(reports: FileReport[]): string {
  let failures = 0;
  let errors = 0;
  let tests = 0;
  const suites = reports.map((r) => {
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteErrors = 0;
    for (const f of r.findings) {
      const p = r.lines.position(f.start);
      const where = `${r.file}:${p.line + 1}:${p.character + 1}`;
      const name = `${f.rule} at ${p.line + 1}:${p.character + 1}`;
      if (f.rule === SKIPPED_RULE) {
        suiteErrors++;
        cases.push(`    <testcase name="${xml(name)}" classname="${xml(r.file)}" time="0">\n      <error message="${xml(f.message)}" type="${xml(f.rule)}">${xml(`${where}  ${f.message}`)}</error>\n    </testcase>`);
      } else {
        suiteFailures++;
        cases.push(`    <testcase name="${xml(name)}" classname="${xml(r.file)}" time="0">\n      <failure message="${xml(f.message)}" type="${f.severity}">${xml(`${where}  ${f.severity}  ${f.message}  ${f.rule}`)}</failure>\n    </testcase>`);
      }
    }
    if (!r.findings.length) cases.push(`    <testcase name="no findings" classname="${xml(r.file)}" time="0"/>`);
    failures += suiteFailures;
    errors += suiteErrors;
    tests += cases.length;
    return `  <testsuite name="${xml(r.file)}" tests="${cases.length}" failures="${suiteFailures}" errors="${suiteErrors}" skipped="0" time="0">\n${cases.join("\n")}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="policy-lens" tests="${tests}" failures="${failures}" errors="${errors}" time="0">\n${suites.join("\n")}${suites.length ? "\n" : ""}</testsuites>\n`;
}

/** Text for an XML attribute or element; characters XML 1.0 cannot hold at all become U+FFFD. */
function xml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;");
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Parses `--min-severity`: error, warning, information (or info), hint. */
export function parseSeverity(text: string): Severity | undefined {
  const s = text.trim().toLowerCase();
  if (s === "info") return "information";
  return s in RANK ? (s as Severity) : undefined;
}

/** Drops findings below `min`; a file that could not be analysed is always reported. */
export function atLeast(findings: Finding[], min: Severity): Finding[] {
  if (min === "hint") return findings;
  return findings.filter((f) => f.rule === SKIPPED_RULE || RANK[f.severity] <= RANK[min]);
}
