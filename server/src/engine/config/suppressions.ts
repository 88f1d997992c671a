import type { PolicyDocument } from "../model";
import type { Finding } from "../types";
import { unknownNameMessage } from "./nearest";
import { countBefore } from "../sorted";

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
    if (!m || !isLiveComment(doc, a.start, a.end)) continue;
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
function isLiveComment(doc: PolicyDocument, offset: number, end: number): boolean {
  const block = codeRangeAt(doc.codeRanges, offset);
  // codeRanges holds HTML blocks too: those start with a tag or a comment, indented by at
  // most three spaces (four make an indented code block).
  if (block && !/^ {0,3}</.test(doc.text.slice(block[0], Math.min(block[1], block[0] + 8)))) return false;
  if (block) return true;
  const lineStart = doc.lines.starts[doc.lines.position(offset).line];
  const before = doc.text.slice(Math.max(lineStart, offset - 4096), offset);
  const backticksBefore = (before.match(/`+/g) ?? []).length;
  if (backticksBefore % 2 !== 0) return false;
  // Inside a link's destination or title (`[l](u "<!-- … -->")`) it is text, not a comment.
  const lineEnd = doc.lines.lineEnd(doc.lines.position(end).line);
  const from = before.lastIndexOf("](");
  if (from < 0) return true;
  const destination = LINK_DESTINATION.exec(doc.text.slice(offset - before.length + from, Math.min(lineEnd, end + 4096)));
  return !destination || destination[0].length <= before.length - from;
}

// As model.ts blanks link destinations: `](`, a destination, an optional title, `)`.
const LINK_DESTINATION = /^\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/;

/** The code range holding `offset` (ranges are sorted and do not overlap), by binary search. */
function codeRangeAt(ranges: readonly [number, number][], offset: number): [number, number] | undefined {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][1] <= offset) lo = mid + 1;
    else if (ranges[mid][0] > offset) hi = mid - 1;
    else return ranges[mid];
  }
  return undefined;
}

// Never hidden by a comment: they are about the comments themselves.
const UNSUPPRESSIBLE = new Set([UNUSED_SUPPRESSION_RULE, UNKNOWN_RULE_RULE]);

/**
 * Drops the findings the document's suppression comments cover, and reports each comment
 * target that covered nothing (`document/unused-suppression`) or names no known rule or
 * category (`document/unknown-rule`, with the nearest name).
 */
export function applySuppressions(doc: PolicyDocument, findings: Finding[], knownNames: ReadonlySet<string>, interrupted = false): Finding[] {
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
  const open = new Map<string, Region[]>();
  const unknownMessages = new Map<string, string>();
  for (const s of suppressions) {
    const known = s.targets.filter((t) => {
      if (knownNames.has(t)) return true;
      // The nearest-name search is worked out once per name, not per comment.
      let message = unknownMessages.get(t);
      if (message === undefined) unknownMessages.set(t, (message = `${unknownNameMessage("rule or category", t, knownNames)} This suppression has no effect.`));
      problems.push(problem(UNKNOWN_RULE_RULE, s, message));
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
        const same = open.get(target);
        if (same) same.push(region);
        else open.set(target, [region]);
      }
    } else {
      // `enable` with no id closes every open region; with ids, the regions for those ids.
      // Open regions are kept per target, so each is closed once however many comments there are.
      let closed = 0;
      for (const target of s.targets.length ? known : [...open.keys()]) {
        for (const r of open.get(target) ?? []) {
          r.to = s.start;
          closed++;
        }
        open.delete(target);
      }
      if (!closed) problems.push(problem(UNUSED_SUPPRESSION_RULE, s, `Unused suppression: \`policy-lens-enable${s.targets.length ? " " + s.targets.join(" ") : ""}\` re-enables nothing that was disabled.`));
    }
  }

  // Regions and findings are matched per target (a rule id, a category, or "" for every
  // rule) through sorted lists, so many comments and many findings cost n log n, not n × m.
  const starts = new Map<string, number[]>();
  const startsOf = (key: string) => {
    let list = starts.get(key);
    if (!list) starts.set(key, (list = []));
    return list;
  };
  for (const f of findings) {
    if (UNSUPPRESSIBLE.has(f.rule)) continue;
    startsOf(f.rule).push(f.start);
    if (f.category !== f.rule) startsOf(f.category).push(f.start);
    startsOf("").push(f.start);
  }
  for (const list of starts.values()) list.sort((a, b) => a - b);
  // A region is used when a finding it may hide starts in it.
  for (const r of regions) {
    const list = starts.get(r.target);
    if (!list) continue;
    const i = firstAtLeast(list, r.from);
    r.used = i < list.length && list[i] < r.to;
  }
  // A finding is hidden when a region of its rule, its category or every rule covers its start.
  const covered = new Map<string, [number, number][]>();
  for (const r of regions) {
    let list = covered.get(r.target);
    if (!list) covered.set(r.target, (list = []));
    list.push([r.from, r.to]);
  }
  for (const [key, list] of covered) covered.set(key, mergeSpans(list));
  const hides = (key: string, at: number) => {
    const spans = covered.get(key);
    if (!spans) return false;
    let lo = 0;
    let hi = spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid][1] <= at) lo = mid + 1;
      else if (spans[mid][0] > at) hi = mid - 1;
      else return true;
    }
    return false;
  };
  const kept = findings.filter((f) => UNSUPPRESSIBLE.has(f.rule) || !(hides(f.rule, f.start) || hides(f.category, f.start) || hides("", f.start)));
  // An analysis stopped by its time budget has not made every finding a comment might hide.
  for (const r of interrupted ? [] : regions) {
    if (r.used) continue;
    const what = r.target ? `\`${r.target}\`` : "this comment";
    const where = { "disable-next-line": "on the next line", "disable-line": "on its line", "disable-file": "in the file" }[r.comment.directive as string] ?? "in its range";
    problems.push(problem(UNUSED_SUPPRESSION_RULE, r.comment, `Unused suppression: ${what} hides no finding ${where}. Remove it, or the rule it names.`));
  }
  for (const p of problems) kept.push(p);
  return kept;
}

/** The index of the first value ≥ `at` in a sorted list. */
function firstAtLeast(list: readonly number[], at: number): number {
  return countBefore(list.length, (i) => list[i] < at);
}

/** Sorted, overlapping or touching spans joined (empty spans dropped). */
function mergeSpans(spans: [number, number][]): [number, number][] {
  const sorted = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
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
