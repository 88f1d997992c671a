import type { PolicyDocument } from "../model";
import type { Finding } from "../types";
import { unknownNameMessage } from "./nearest";

export const UNUSED_SUPPRESSION_RULE = "document/unused-suppression";
export const UNKNOWN_RULE_RULE = "document/unknown-rule";
export const SUPPRESSION_EXPLANATIONS = {
  [UNUSED_SUPPRESSION_RULE]: "A suppression that hides nothing is left over from an earlier version of the text; it would silently hide a future finding.",
  [UNKNOWN_RULE_RULE]: "A suppression comment or a front matter `policy-lens: disable` names a rule id (claim/absolute) or a category (claim); a comment without one covers every rule.",
};

/**
 * A suppression comment, as ESLint users type them: `<!-- policy-lens-disable [ids] -->`
 * (to the end, or to an `enable`), `<!-- policy-lens-enable [ids] -->`,
 * `<!-- policy-lens-disable-line [ids] -->` (its own line),
 * `<!-- policy-lens-disable-next-line [ids] -->` and `<!-- policy-lens-disable-file [ids] -->`
 * (the whole file, wherever it stands). An id is a rule id or a category; no id means every rule.
 */
export interface Suppression {
  directive: "disable" | "enable" | "disable-next-line" | "disable-line" | "disable-file";
  targets: string[];
  start: number;
  end: number;
}

const DIRECTIVE = /^policy-lens-(disable-next-line|disable-line|disable-file|disable|enable)(?:\s+([\s\S]*))?$/;

/** Whether the document has a suppression comment, live or shown as code. */
export function hasSuppressionComments(doc: PolicyDocument): boolean {
  return doc.annotations.some((a) => DIRECTIVE.test(a.body));
}

export function readSuppressions(doc: PolicyDocument): Suppression[] {
  const out: Suppression[] = [];
  for (const a of doc.annotations) {
    const m = DIRECTIVE.exec(a.body);
    if (!m || !isLiveComment(doc, a.start)) continue;
    // Anything after " -- " is a reason for the reader, as in ESLint.
    const ids = (m[2] ?? "").split(/\s--\s/)[0];
    out.push({ directive: m[1] as Suppression["directive"], targets: ids.split(/[\s,]+/).filter(Boolean), start: a.start, end: a.end });
  }
  return out;
}

/**
 * False for a comment shown as code — in a fenced or indented code block, or in a code
 * span — as when a document (this README, say) explains the suppression syntax.
 */
function isLiveComment(doc: PolicyDocument, offset: number): boolean {
  const block = doc.codeRanges.find(([start, end]) => offset >= start && offset < end);
  // codeRanges holds HTML blocks too: those start with a tag or a comment, indented by at
  // most three spaces (four make an indented code block).
  if (block && !/^ {0,3}</.test(doc.text.slice(block[0], block[1]))) return false;
  const lineStart = doc.lines.starts[doc.lines.position(offset).line];
  const backticksBefore = (doc.text.slice(lineStart, offset).match(/`+/g) ?? []).length;
  return backticksBefore % 2 === 0;
}

// Never hidden by a comment: they are about the comments themselves.
const UNSUPPRESSIBLE = new Set([UNUSED_SUPPRESSION_RULE, UNKNOWN_RULE_RULE]);

/**
 * Drops the findings the document's suppression comments cover, and reports each comment
 * target that covered nothing (`document/unused-suppression`) or names no known rule or
 * category (`document/unknown-rule`, with the nearest name).
 */
export function applySuppressions(doc: PolicyDocument, findings: Finding[], knownNames: ReadonlySet<string>): Finding[] {
  const suppressions = readSuppressions(doc);
  if (!suppressions.length) return findings;

  // Each target of each comment becomes a region [from, to) where it hides findings.
  interface Region {
    target: string; // "" = every rule
    from: number;
    to: number;
    comment: Suppression;
    used: boolean;
  }
  const regions: Region[] = [];
  const problems: Finding[] = [];
  const open: Region[] = [];
  for (const s of suppressions) {
    const known = s.targets.filter((t) => {
      if (knownNames.has(t)) return true;
      problems.push(problem(UNKNOWN_RULE_RULE, s, `${unknownNameMessage("rule or category", t, knownNames)} This suppression has no effect.`));
      return false;
    });
    if (s.targets.length && !known.length) continue;
    const targets = known.length ? known : [""];
    if (s.directive === "disable-next-line" || s.directive === "disable-line" || s.directive === "disable-file") {
      const line = doc.lines.position(s.start).line;
      const [from, to] =
        s.directive === "disable-next-line" ? nextLine(doc, s.end) : s.directive === "disable-line" ? [doc.lines.starts[line], doc.lines.lineEnd(line)] : [0, doc.text.length];
      for (const target of targets) regions.push({ target, from, to, comment: s, used: false });
    } else if (s.directive === "disable") {
      for (const target of targets) {
        const region = { target, from: s.end, to: doc.text.length, comment: s, used: false };
        regions.push(region);
        open.push(region);
      }
    } else {
      // `enable` with no id closes every open region; with ids, the regions for those ids.
      const closed = open.filter((r) => !s.targets.length || known.includes(r.target));
      for (const r of closed) {
        r.to = s.start;
        open.splice(open.indexOf(r), 1);
      }
      if (!closed.length) problems.push(problem(UNUSED_SUPPRESSION_RULE, s, `Unused suppression: \`policy-lens-enable${s.targets.length ? " " + s.targets.join(" ") : ""}\` re-enables nothing that was disabled.`));
    }
  }

  const kept = findings.filter((f) => {
    if (UNSUPPRESSIBLE.has(f.rule)) return true;
    let hidden = false;
    for (const r of regions) {
      if (f.start >= r.from && f.start < r.to && (r.target === "" || r.target === f.rule || r.target === f.category)) {
        r.used = true;
        hidden = true;
      }
    }
    return !hidden;
  });
  for (const r of regions) {
    if (r.used) continue;
    const what = r.target ? `\`${r.target}\`` : "this comment";
    const where = { "disable-next-line": "on the next line", "disable-line": "on its line", "disable-file": "in the file" }[r.comment.directive as string] ?? "in its range";
    problems.push(problem(UNUSED_SUPPRESSION_RULE, r.comment, `Unused suppression: ${what} hides no finding ${where}. Remove it, or the rule it names.`));
  }
  return [...kept, ...problems];
}

/** The range of the first non-blank line after `offset`'s line. */
function nextLine(doc: PolicyDocument, offset: number): [number, number] {
  const lines = doc.lines;
  for (let line = lines.position(offset).line + 1; line < lines.lineCount; line++) {
    if (lines.lineText(line).trim()) return [lines.starts[line], lines.lineEnd(line)];
  }
  return [doc.text.length, doc.text.length];
}

function problem(rule: keyof typeof SUPPRESSION_EXPLANATIONS, s: Suppression, message: string): Finding {
  return {
    rule,
    category: "document",
    severity: "warning",
    message,
    start: s.start,
    end: s.end,
    explanation: SUPPRESSION_EXPLANATIONS[rule as keyof typeof SUPPRESSION_EXPLANATIONS],
  };
}
