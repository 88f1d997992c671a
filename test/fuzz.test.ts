// Property-based tests of the engine on hostile Markdown (a bounded run; `npm run fuzz`
// runs the same properties on 100,000 cases).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { analyze } from "../server/src/engine";
import { validateConfigText } from "../server/src/engine/config";
import { checkConfigProperties, checkEngineProperties, checkFuzzCase, checkHostileCase, checkIncrementalAnalysis } from "./support/engineProperties";
import { fuzzCase, hostileCase, policyMarkdown, SAMPLE_DOCUMENTS } from "./support/markdownArbitrary";

// Enough cases to cover every generator branch many times while keeping `npm test` short
// on a small machine. A fixed seed: the landing gate gives the same verdict on every run;
// `npm run fuzz` varies the seed to keep exploring new inputs (and prints the one that fails).
const CASES = 400;
const SEED = 20261207;
// Nine to the fourth values from a few lines: yaml refuses to expand it.
const ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";

test("fuzzed Markdown, configs and edits keep every engine property (test/support/engineProperties.ts)", () => {
  fc.assert(
    fc.property(fuzzCase, (c) => {
      checkFuzzCase(c);
    }),
    { numRuns: CASES, seed: SEED },
  );
});

test("the generator reaches the rules: fuzzed documents produce findings of every category", () => {
  const categories = new Set<string>();
  fc.assert(
    fc.property(policyMarkdown, (text) => {
      for (const f of analyze(text).findings) categories.add(f.category);
    }),
    { numRuns: 200, seed: 7 },
  );
  for (const c of ["red-line", "loophole", "sovereignty", "claim", "missing-term", "document"]) assert.ok(categories.has(c), `no ${c} finding in 200 fuzzed documents`);
});

test("hand-picked hostile inputs (each once a bug or a likely one) keep every property", () => {
  const cases = [
    "",
    "\0",
    "\ud83d",
    "\ude00 surveillance \ud83d",
    "---",
    "---\n",
    "---\r\nkind: contract\r\n",
    "---\r\n: : :\r\n\t- bad\r\n---\r\n",
    "---\n😀: [\n---\n# T",
    "---\n**\n---\n", // an alias with no anchor: yaml throws while building values
    `---\n${ALIAS_BOMB}---\n`,
    "---\n* \0𐀀\n---\n", // a YAML error at a surrogate pair ending the body
    `---\ntitle: kind: contract\n${"😀".repeat(600)}\n---\n`, // yaml cuts a long key mid-character
    "- except \u0000 <!-- unterminated comment\n            1. [ref][1]Art.\u0000𐀀𐀀𐀀𐀀𐀀𐀀🏳️‍🌈shall\n      - --> 😀\n      - Sub-processors may be engaged with prior written consent, subject to the CLOUD Act. 😀", // a long qualifier cut among masked emoji
    "According to people familiar with the matter, the deal was reportedly signed.", // a claim's footnote fix at the very end

    "```\nThe Supplier shall not surveil citizens.",
    "> ".repeat(2000) + "The Supplier shall not surveil citizens.",
    "  ".repeat(1000) + "- The Supplier shall not surveil citizens.",
    "- ".repeat(3000) + "x",
    "😀".repeat(50_000),
    "The Supplier shall not surveil citizens 😀.\r\rIt was reportedly said.\r\n\n",
    ...SAMPLE_DOCUMENTS.map((d) => d.replace(/\n/g, "\r\n")),
    ...SAMPLE_DOCUMENTS.map((d) => d.replace(/\n/g, "\r")),
  ];
  for (const text of cases) checkEngineProperties(text);
});

test("hand-picked hostile config files never make validation throw", () => {
  const document = SAMPLE_DOCUMENTS[0];
  for (const config of ["**", "a: *b\n", "severity:\r\n  x: [\r\n", "profile: 😀\n", "profile: [\n😀", "", ALIAS_BOMB, `title: kind: x\n${"😀".repeat(600)}\n`]) checkConfigProperties(config, document);
});

test("YAML that fails only when its values are built is reported, in front matter and in config files", () => {
  for (const yaml of ["a: *nowhere\n", ALIAS_BOMB]) {
    const { findings } = analyze(`---\n${yaml}---\n\n# Notes\n`);
    assert.deepEqual(
      findings.map((f) => f.rule),
      ["document/front-matter"],
    );
    assert.match(findings[0].message, /^Front matter is not valid YAML: (?:Unresolved alias|Excessive alias count)/);
    const { problems, config } = validateConfigText(yaml);
    assert.equal(config, undefined);
    assert.match(problems[0]?.message ?? "", /^Not valid YAML: (?:Unresolved alias|Excessive alias count)/);
  }
});

test("incremental analysis honours a loophole's exceptions, as a fresh analysis does", () => {
  // "without human review" lifts the conditional-scope loophole; the incremental analyzer's
  // copied rules once lost that exception and reported it. ("without human review" itself is a
  // degree qualifier: the limit covers only unreviewed use.)
  const text = "# Policy\n\nThe Services will not be used to intentionally monitor residents' communications, except detention or credit without human review.\n";
  assert.deepEqual(
    analyze(text).findings.map((f) => f.rule),
    ["red-line/prohibited-use", "loophole/intent-test", "loophole/degree"],
  );
  checkIncrementalAnalysis([text, text.replace("review", "review and audit")]);
});

test("a chain at the extends depth limit that also extends a built-in profile composes each profile once", () => {
  let config = "profile: p0\nprofiles:\n  p0:\n    extends: [p1, defence]\n";
  for (let i = 1; i < 31; i++) config += `  p${i}:\n    extends: [p${i + 1}]\n`;
  config += "  p31:\n    description: x\n";
  checkHostileCase({ kind: "extends", config });
});

test("issue 16's hostile cases keep their properties: documents at scale, globs, extends graphs, custom rules at the cost limits", () => {
  fc.assert(
    fc.property(hostileCase, (c) => {
      checkHostileCase(c);
    }),
    { numRuns: 60, seed: SEED },
  );
});
