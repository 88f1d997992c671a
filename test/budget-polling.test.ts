// Every pass of an analysis polls its deadline at a fixed grain of work, so a document can
// overrun its time budget by at most one poll interval of work (issue 16: "at most 2× the
// budget in wall time"). Deterministic: the clocks here count work or readings, never time;
// the wall-time figures are `npm run bench:budget`'s.
import { test } from "node:test";
import assert from "node:assert/strict";
import MarkdownIt from "markdown-it";
import { analyze, builtinRules, fixesFor, TIME_BUDGET_RULE, type Finding } from "../server/src/engine";
import { POLL_EVERY } from "../server/src/engine/model";
import { codeActions } from "../server/src/lsp/codeActions";

// markdown-it's block state is one class for every instance: counting the tokens it makes
// here counts those of the engine's parser, which calls it.
const BlockState = (new MarkdownIt().block as unknown as { State: { prototype: { push: (...a: unknown[]) => unknown } } }).State;
let tokensMade = 0;
const push = BlockState.prototype.push;
BlockState.prototype.push = function (this: unknown, ...a: unknown[]) {
  tokensMade++;
  return push.apply(this, a);
};

/** A clock that reads the tokens markdown-it has made so far: one "millisecond" per token. */
function tokenClock(): () => number {
  const from = tokensMade;
  return () => tokensMade - from;
}

/** A clock that reads `step` more on each reading. */
function countingClock(): { clock: () => number; reads: () => number } {
  let now = 0;
  return { clock: () => ++now, reads: () => now };
}

const timeBudget = (findings: Finding[]) => findings.filter((f) => f.rule === TIME_BUDGET_RULE);

// The shapes of H7 (many headings), H5 (a wide table) and H2 (many paragraphs), scaled down.
const SHAPES: Record<string, string> = {
  headings: "---\nkind: contract\n---\n\n# Order\n\n" + "## Part\n\n".repeat(20_000),
  table: (() => {
    const row = `|${Array.from({ length: 2000 }, (_, i) => ` c${i % 10} `).join("|")}|\n`;
    return `# Order\n\n${row}|${"---|".repeat(2000)}\n${row.repeat(20)}`;
  })(),
  paragraphs: "# Notes\n\n" + "2.1 The Supplier shall not monitor residents.\n\n".repeat(10_000),
};

for (const [shape, text] of Object.entries(SHAPES)) {
  test(`parsing ${shape}: past the deadline, markdown-it makes at most one poll interval of tokens more`, () => {
    // Unbounded, to know the work: the whole parse makes this many tokens.
    const unbounded = tokenClock();
    analyze(text, { clock: unbounded, timeBudgetMs: 1e12 });
    const total = unbounded();
    assert.ok(total > 10 * POLL_EVERY, `${total} tokens`);
    for (const budget of [1, Math.floor(total / 3), Math.floor((2 * total) / 3)]) {
      const clock = tokenClock();
      const result = analyze(text, { clock, timeBudgetMs: budget });
      // `budget` tokens reach the deadline; the parse notices it within one interval.
      assert.ok(clock() <= budget + POLL_EVERY + 1, `budget ${budget} tokens: ${clock()} made`);
      assert.equal(timeBudget(result.findings).length, 1, "one time-budget finding");
    }
  });
}

test("modelling polls the deadline per POLL_EVERY tokens read, and detection every 16 sentences", () => {
  for (const text of Object.values(SHAPES)) {
    const { clock, reads } = countingClock();
    const result = analyze(text, { clock, timeBudgetMs: 1e12 });
    assert.equal(timeBudget(result.findings).length, 0);
    // Read once per POLL_EVERY tokens made, once per POLL_EVERY tokens modelled, once per 16 sentences.
    const counter = tokenClock();
    analyze(text, { clock: counter, timeBudgetMs: 1e12 });
    const tokens = counter();
    assert.ok(reads() >= Math.floor((2 * tokens) / POLL_EVERY) + Math.floor(result.document.sentences.length / 16), `${reads()} readings for ${tokens} tokens and ${result.document.sentences.length} sentences`);
  }
  // Detection stops within 16 sentences of the reading that passes its deadline.
  const text = SHAPES.paragraphs;
  const parsed = countingClock();
  analyze(text, { clock: parsed.clock, timeBudgetMs: 1e12 });
  const { clock, reads } = countingClock();
  // A budget that parsing and modelling stay within, and detection passes.
  const parsing = Math.floor((2 * tokenCount(text)) / POLL_EVERY) + 4;
  const result = analyze(text, { clock, timeBudgetMs: parsing + 50 });
  assert.ok(result.facts.length <= 16 * (reads() - parsing + 1), `${result.facts.length} sentences after ${reads()} readings`);
  assert.ok(result.facts.length < result.document.sentences.length);
  assert.match(timeBudget(result.findings)[0].message, /analysis stopped at line \d+/);
});

function tokenCount(text: string): number {
  const counter = tokenClock();
  analyze(text, { clock: counter, timeBudgetMs: 1e12 });
  return counter();
}

test("code actions poll their request's deadline per finding: a range over hundreds of qualifiers is cut at it", () => {
  const text = "# Order\n\n2.1 The Supplier shall not monitor people" + " except here".repeat(3000) + "\n";
  const analysis = analyze(text, { timeBudgetMs: 1e12 });
  const rules = builtinRules();
  let fixed = 0;
  const { clock, reads } = countingClock();
  const budget = 40;
  const actions = codeActions({
    uri: "file:///q.md",
    version: 1,
    text,
    lines: analysis.document.lines,
    findings: analysis.findings,
    from: 0,
    to: text.length,
    diagnostics: [],
    documentChanges: true,
    fixesFor: (f) => (fixed++, fixesFor(analysis, f, rules)),
    fixAllText: () => text,
    outOfTime: () => clock() > budget,
  });
  assert.ok(analysis.findings.length > 4 * budget, `${analysis.findings.length} findings`);
  // One finding's fixes per reading: the deadline's reading is the last.
  assert.equal(fixed, budget);
  assert.equal(reads(), budget + 1);
  assert.ok(actions.length > 0, "the fixes found in time are offered");
});
