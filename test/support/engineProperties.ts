// The properties every analysis must have, whatever the input: shared by the bounded
// fuzz suite in `npm test` and the long `npm run fuzz` run.
import assert from "node:assert/strict";
import { analyze, applyEdits, builtinRules, fixesFor, LineIndex, TIME_BUDGET_RULE, type Analysis, type AnalyzeOptions, type CompiledRules, type Finding, type Fix } from "../../server/src/engine";
import { validateConfigText } from "../../server/src/engine/config";
import { IncrementalAnalyzer } from "../../server/src/engine/incremental";
import { CUSTOM_RULE_LIMITS, profileChain, settingsFor } from "../../server/src/engine/config";
import { BUILTIN_PROFILE_NAMES } from "../../server/src/engine/config/resolve";
import { compileGlob, GlobError } from "../../server/src/engine/glob";
import { compilePattern, patternCost } from "../../server/src/engine/patterns";
import type { FuzzCase, HostileCase } from "./markdownArbitrary";

/** True when `offset` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

function assertOffsetOnBoundary(text: string, lines: LineIndex, offset: number, what: string): void {
  assert.ok(Number.isInteger(offset) && offset >= 0 && offset <= text.length, `${what} ${offset} lies outside the document (length ${text.length})`);
  assert.ok(!splitsSurrogatePair(text, offset), `${what} ${offset} splits a surrogate pair`);
  assert.ok(!(text[offset - 1] === "\r" && text[offset] === "\n"), `${what} ${offset} splits a CRLF line break`);
  const position = lines.position(offset);
  assert.equal(lines.offset(position), offset, `${what} ${offset} does not round-trip through its LSP position ${JSON.stringify(position)}`);
}

function assertRange(text: string, lines: LineIndex, start: number, end: number, what: string): void {
  assertOffsetOnBoundary(text, lines, start, `${what} start`);
  assertOffsetOnBoundary(text, lines, end, `${what} end`);
  assert.ok(start <= end, `${what} starts at ${start}, after its end ${end}`);
}

// Section and paragraph numbers, which a clause insertion may renumber anywhere.
const SECTION_NUMBER = /^(?:\d{1,3}|[IVXLC]{1,6})$/i;
// What a deletion may take beside the span it names: the separator next to it.
const SEPARATORS = /^[\s\p{P}]*$/u;

/**
 * Every quick fix offered for a finding keeps the user's text: its edits lie inside the
 * document on character boundaries and do not overlap; applying them changes nothing
 * outside the edited spans; and an edit that replaces text replaces only the span the
 * finding names (plus an adjacent separator), or renumbers a section.
 */
function assertFixesKeepText(analysis: Analysis, finding: Finding, rules: CompiledRules): Fix[] {
  const { text, lines } = analysis.document;
  const fixes = [...(finding.fixes ?? []), ...fixesFor(analysis, finding, rules)];
  for (const fix of fixes) {
    const what = `fix "${fix.title}" of ${finding.rule} at ${finding.start}-${finding.end}`;
    assert.ok(fix.edits.length > 0, `${what} has no edits`);
    // In document order; insertions at one offset keep their listed order (Array.sort is stable).
    const sorted = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    sorted.forEach((edit, i) => {
      assertRange(text, lines, edit.start, edit.end, `${what} edit`);
      const next = sorted[i + 1];
      if (next) assert.ok(edit.end <= next.start, `${what} has overlapping edits`);
      if (edit.end === edit.start) return;
      const replaced = text.slice(edit.start, edit.end);
      const outside = text.slice(edit.start, Math.max(edit.start, Math.min(edit.end, finding.start))) + text.slice(Math.min(edit.end, Math.max(edit.start, finding.end)), edit.end);
      const renumbers = SECTION_NUMBER.test(replaced) && SECTION_NUMBER.test(edit.newText);
      // Beside the span, a fix may re-case a letter it keeps (a new sentence start: "Except as agreed, the" → "The").
      const outsideWords = outside.replace(/[\s\p{P}]/gu, "").toLowerCase();
      const recases = outsideWords !== "" && edit.newText.toLowerCase().includes(outsideWords);
      assert.ok(renumbers || recases || SEPARATORS.test(outside), `${what} replaces "${replaced}" (${edit.start}-${edit.end}), beyond the span it names`);
    });
    // Rebuild the expected text from the untouched pieces: none may be lost or altered.
    let cursor = 0;
    let expected = "";
    for (const edit of sorted) {
      expected += text.slice(cursor, edit.start) + edit.newText;
      cursor = edit.end;
    }
    expected += text.slice(cursor);
    assert.equal(applyEdits(text, fix.edits), expected, `${what} changes text outside its edits`);
  }
  return fixes;
}

/** Finding data without functions or shared references, for comparing two runs. */
function snapshot(analysis: Analysis): string {
  return JSON.stringify({ kind: analysis.kind, findings: analysis.findings, sentences: analysis.document.sentences, blocks: analysis.document.blocks });
}

/**
 * Checks one analysis of `text` and a second for determinism; returns it with the fixes it
 * offers (for every finding, or for the first `fixedFindings` of a document with many).
 */
function checkAnalysis(text: string, options: AnalyzeOptions = {}, fixedFindings = Infinity): { analysis: Analysis; fixes: Fix[] } {
  const analysis = analyze(text, options);
  const fixes: Fix[] = [];
  const { document, findings } = analysis;
  const { lines } = document;
  assert.equal(document.text, text, "the model's text is not the input");
  assert.equal(document.prose.length, text.length, "the prose mask is not as long as the text");

  findings.forEach((f, i) => {
    assertRange(text, lines, f.start, f.end, `finding ${f.rule}`);
    assert.ok(f.message.length > 0, `finding ${f.rule} has no message`);
    const range = lines.range(f.start, f.end);
    assert.equal(lines.offset(range.start), f.start, `finding ${f.rule} start does not round-trip`);
    assert.equal(lines.offset(range.end), f.end, `finding ${f.rule} end does not round-trip`);
    if (i < fixedFindings) for (const fix of assertFixesKeepText(analysis, f, options.rules ?? builtinRules())) fixes.push(fix);
  });
  document.blocks.forEach((b, i) => assertRange(text, lines, b.start, b.end, `block ${i}`));
  for (const s of document.sentences) {
    const block = document.blocks[s.block];
    assert.ok(block, `sentence ${s.start}-${s.end} names block ${s.block}, which does not exist`);
    assertRange(text, lines, s.start, s.end, "sentence");
    assert.ok(s.start >= block.start && s.end <= block.end && s.start < s.end, `sentence ${s.start}-${s.end} is not inside its block ${block.start}-${block.end}`);
  }

  assert.equal(snapshot(analyze(text, options)), snapshot(analysis), "a second analysis of the same text gives different results");
  return { analysis, fixes };
}

/**
 * Checks every property on `text`, then on the text with one of its quick fixes applied
 * (chosen by the text, so a run stays reproducible; one keeps the cost down). Throws an
 * AssertionError naming the first broken property.
 */
export function checkEngineProperties(text: string): Analysis {
  const { analysis, fixes } = checkAnalysis(text);
  if (fixes.length) checkAnalysis(applyEdits(text, fixes[text.length % fixes.length].edits));
  checkInterruptedAnalysis(analysis);
  return analysis;
}

/**
 * An analysis that may run out of time (a clock that advances 1 ms per reading and a budget
 * of a few readings, so it stops at a different sentence for different texts) either
 * completes with the full findings, or reports one time-budget finding at a valid range
 * with a subset of the full findings and no missing term.
 */
function checkInterruptedAnalysis(full: Analysis, options: AnalyzeOptions = {}): void {
  const text = full.document.text;
  let now = 0;
  const budget = text.length % 20;
  const { findings, document } = analyze(text, { ...options, clock: () => now++, timeBudgetMs: budget });
  const stops = findings.filter((f) => f.rule === TIME_BUDGET_RULE);
  const rest = findings.filter((f) => f.rule !== TIME_BUDGET_RULE);
  const key = (f: Finding) => JSON.stringify(f);
  if (!stops.length) {
    assert.deepEqual(findings.map(key), full.findings.map(key), "an analysis within its budget differs from the full one");
    return;
  }
  assert.equal(stops.length, 1, `an interrupted analysis reports ${stops.length} time-budget findings`);
  assertRange(text, document.lines, stops[0].start, stops[0].end, "the time-budget finding");
  // Missing terms are judged once detection has seen every sentence: only custom rules may stop after that.
  if (!stops[0].message.includes("custom rules stopped")) assert.ok(!rest.some((f) => f.category === "missing-term"), "an interrupted analysis reports a missing term");
  const complete = new Set(full.findings.map(key));
  for (const f of rest) assert.ok(complete.has(key(f)), `an interrupted analysis reports ${f.rule} at ${f.start}-${f.end}, which the full one does not`);
}

/**
 * A config file never makes validation throw; its problems lie inside it on character
 * boundaries (they are diagnostics on the file); and a config that validates gives an
 * analysis of `documentText` with every property.
 */
export function checkConfigProperties(configText: string, documentText: string): void {
  const validation = validateConfigText(configText);
  const lines = new LineIndex(configText);
  for (const p of validation.problems) assertRange(configText, lines, p.start, p.end, `config problem "${p.message}"`);
  if (validation.config) checkAnalysis(documentText, { config: validation.config });
}

/**
 * The editor's incremental analysis of a document edited step by step gives, at every
 * step, exactly what a fresh analysis of that text gives.
 */
export function checkIncrementalAnalysis(versions: string[]): void {
  const analyzer = new IncrementalAnalyzer();
  versions.forEach((text, step) => {
    assert.equal(snapshot(analyzer.analyze(text)), snapshot(analyze(text)), `after edit ${step}, incremental analysis differs from a fresh one`);
  });
}

/** Every property of a fuzz case: its document, its config and its edits when it has them. */
export function checkFuzzCase(c: FuzzCase): Analysis {
  const analysis = checkEngineProperties(c.document);
  if (c.config !== null) checkConfigProperties(c.config, c.document);
  if (c.edits.length) checkIncrementalAnalysis([c.document, ...c.edits]);
  return analysis;
}

/**
 * The properties of issue 16's hostile cases. A document with many findings, headings and
 * comments keeps the analysis properties (fixes checked on its first findings); a glob
 * matches as the regular expression it used to compile to, without its backtracking; an
 * `extends` graph is valid exactly when every profile resolves, and its messages stay
 * short; custom rules are valid exactly when within the cost limits, and an analysis with
 * them stops at its budget like any other.
 */
export function checkHostileCase(c: HostileCase): Analysis | undefined {
  switch (c.kind) {
    case "scale": {
      const { analysis } = checkAnalysis(c.document, {}, 3);
      checkInterruptedAnalysis(analysis);
      return analysis;
    }
    case "glob": {
      let matcher;
      try {
        matcher = compileGlob(c.glob);
      } catch (e) {
        assert.ok(e instanceof GlobError, `compileGlob("${c.glob}") threw ${e}`);
        return undefined;
      }
      for (const path of c.paths) {
        const got = matcher.test(path);
        // The reference backtracks: only short paths are given to it.
        if (path.length <= 40) assert.equal(got, referenceGlob(c.glob).test(path), `glob "${c.glob}" on "${path}"`);
      }
      return undefined;
    }
    case "extends": {
      const validation = validateConfigText(c.config);
      const lines = new LineIndex(c.config);
      for (const p of validation.problems) {
        assertRange(c.config, lines, p.start, p.end, `config problem "${p.message}"`);
        assert.ok(p.message.length < 400, `a config problem of ${p.message.length} characters`);
      }
      const names = [...c.config.matchAll(/^ {2}(p\d+):$/gm)].map((m) => m[1]);
      const resolves = names.every((n) => profileChain(n, validation.config ?? (parseProfiles(c.config) as never)).ok);
      assert.equal(!!validation.config, resolves, validation.config ? "a valid config has a profile that does not resolve" : `an invalid config whose profiles all resolve: ${validation.problems[0]?.message}`);
      // Each profile is composed once: a chain at the depth limit that also extends a built-in
      // profile ("extends: [p1, defence]") stacks more layers than the depth, never more than
      // there are profiles (and the config's own top level).
      if (validation.config) for (const n of names) assert.ok(settingsFor(validation.config, n).layers.length <= names.length + BUILTIN_PROFILE_NAMES.length + 1);
      return undefined;
    }
    case "rules": {
      const validation = validateConfigText(c.config);
      const patterns = [...c.config.matchAll(/patterns: \["(.*)"\]/g)].map((m) => m[1]);
      // A pattern that does not compile (only optional words) costs nothing and makes the config invalid.
      const compiles = (p: string) => {
        try {
          compilePattern(p);
          return true;
        } catch {
          return false;
        }
      };
      if (!patterns.every(compiles)) {
        assert.equal(validation.config, undefined, "a config with a pattern that does not compile is accepted");
        return undefined;
      }
      const costs = patterns.map(patternCost);
      const within = costs.every((k) => k <= CUSTOM_RULE_LIMITS.patternCost) && costs.reduce((a, b) => a + b, 0) <= CUSTOM_RULE_LIMITS.totalCost;
      assert.equal(!!validation.config, within, `custom rules of costs ${costs.join(", ")}: ${validation.problems[0]?.message ?? "accepted"}`);
      if (!validation.config) return undefined;
      const { analysis } = checkAnalysis(c.document, { config: validation.config }, 3);
      checkInterruptedAnalysis(analysis, { config: validation.config });
      return analysis;
    }
  }
}

/** The profiles of a generated extends config, as validation would read them (for a config it refuses). */
function parseProfiles(config: string): { profiles: Record<string, { extends?: string[] }> } {
  const profiles: Record<string, { extends?: string[] }> = {};
  for (const m of config.matchAll(/^ {2}(p\d+):\n(?: {4}extends: \[(.*)\])?/gm)) profiles[m[1]] = m[2] ? { extends: m[2].split(", ") } : {};
  return { profiles };
}

/**
 * The regular expression a glob compiled to before issue 16 (character classes kept off
 * `/`, as the matcher does): the reference for short paths, which it matches quickly.
 */
function referenceGlob(glob: string): RegExp {
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
        re += "(?!/)[" + glob.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]";
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
