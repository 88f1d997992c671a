// Configuration in the engine: validation errors at their line, profiles and `extends`,
// custom rules, the clause library and suppression comments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { analyze, LineIndex } from "../server/src/engine";
import { modelClauseFor, modelClausesFor, settingsFor, validateConfigText, type PolicyConfig } from "../server/src/engine/config";

/** Validates a config text that must be valid, and returns it. */
function config(yaml: string): PolicyConfig {
  const { config, problems } = validateConfigText(yaml);
  assert.deepEqual(problems, [], "the config should be valid");
  return config!;
}

/** The problems of an invalid config as `line:col message` (1-based), in order. */
function problemsOf(yaml: string): string[] {
  const { config, problems } = validateConfigText(yaml);
  assert.equal(config, undefined, "an invalid config is not returned");
  const lines = new LineIndex(yaml);
  return problems.map((p) => {
    const pos = lines.position(p.start);
    return `${pos.line + 1}:${pos.character + 1} ${p.message}`;
  });
}

const rulesOf = (text: string, cfg?: PolicyConfig) => analyze(text, { config: cfg }).findings.map((f) => f.rule);
const contract = (body: string, frontMatter = "") => `---\nkind: contract\n${frontMatter}---\n\n# Services Agreement\n\n${body}\n`;

const EXIT = "1.1 On termination the Supplier shall provide transition assistance and return all Customer Data.";
const RESIDENCY = "1.2 All Customer Data shall be stored and processed only in data centres located in Germany.";
const COMPLETE = `${EXIT}\n\n${RESIDENCY}`;

// ----- Validation: every error at its line --------------------------------------------

test("bad YAML is reported at the line of the syntax error", () => {
  const problems = problemsOf("profile: eu-public-sector\nseverity:\n  claim: [warning\n");
  assert.equal(problems.length >= 1, true);
  assert.match(problems[0], /^\d+:\d+ Not valid YAML: /);
  assert.ok(Number(problems[0].split(":")[0]) >= 3, problems[0]);
});

test("a bad value is reported at its own line and column, naming the valid values", () => {
  const problems = problemsOf("profile: eu-public-sector\nseverity:\n  loophole: fatal\n");
  assert.deepEqual(problems, ['3:13 `severity.loophole`: expected one of "error", "warning", "information", "hint".']);
});

test("bad values deep inside profiles and custom rules point at the exact list item", () => {
  const problems = problemsOf(
    [
      "profiles:",
      "  acme:",
      "    requiredTerms:",
      "      contract: [audit-rights, exit-stratgy]",
      "customRules:",
      "  - id: acme/x",
      "    category: loophole",
      "    patterns: ['fine', '[oops']",
      "    message: Oops",
    ].join("\n"),
  );
  assert.equal(problems.length, 2);
  assert.match(problems[0], /^4:32 `profiles\.acme\.requiredTerms\.contract\.1`: expected one of "exit-strategy"/);
  assert.match(problems[1], /^8:24 `customRules\.0\.patterns\.1`: bad pattern "\[oops": `\[` without `\]`/);
});

test("an unknown key is reported on the key with the nearest valid one", () => {
  assert.deepEqual(problemsOf("profile: defence\nrequiredTerm:\n  contract: [personnel]\n"), ["2:1 Unknown key `requiredTerm` — did you mean `requiredTerms`?"]);
  assert.deepEqual(problemsOf("customRules:\n  - id: acme/x\n    category: claim\n    patterns: [hype]\n    message: Hype\n    scop: { kinds: [policy] }\n"), [
    "6:5 Unknown key `scop` — did you mean `scope`?",
  ]);
  // Inside `scope`, whose schema differs per check type (found by npm run fuzz: it threw instead of reporting).
  assert.deepEqual(problemsOf("customRules:\n  - id: acme/x\n    category: loophole\n    patterns: [uncapped]\n    message: Uncapped\n    scope:\n      withn: [red-line]\n"), [
    "7:7 Unknown key `withn` — did you mean `within`?",
  ]);
});

test("unknown rule ids are reported with the nearest valid rule id, in severity, disable and enable", () => {
  assert.deepEqual(problemsOf("severity:\n  claim/absolut: error\ndisable: [claim/speculaton]\nenable: [loophole/intent]\n"), [
    "2:3 Unknown rule or category `claim/absolut` — did you mean `claim/absolute`?",
    "3:11 Unknown rule or category `claim/speculaton` — did you mean `claim/speculation`?",
    "4:10 Unknown rule or category `loophole/intent` — did you mean `loophole/intent-test`?",
  ]);
  // Far from every name: no guess.
  assert.deepEqual(problemsOf("disable: [xyzzy]\n"), ["1:11 Unknown rule or category `xyzzy`."]);
});

test("an unknown profile is reported with the nearest profile, for `profile` and `extends`", () => {
  assert.deepEqual(problemsOf("profile: eu-publik-sector\n"), ["1:10 Unknown profile `eu-publik-sector` — did you mean `eu-public-sector`?"]);
  assert.deepEqual(problemsOf("profiles:\n  acme:\n    extends: [dora-finance]\n"), ["3:15 Unknown profile `dora-finance` — did you mean `dora-financial`?"]);
});

test("an extends cycle is an error naming the cycle, on the extends that closes it", () => {
  const problems = problemsOf("profiles:\n  acme:\n    extends: beta\n  beta:\n    extends: [gamma]\n  gamma:\n    extends: acme\n");
  assert.deepEqual(problems, ["3:14 Profile cycle: acme → beta → gamma → acme.", "5:15 Profile cycle: beta → gamma → acme → beta.", "7:14 Profile cycle: gamma → acme → beta → gamma."]);
  assert.deepEqual(problemsOf("profiles:\n  solo:\n    extends: solo\n"), ["3:14 Profile cycle: solo → solo."]);
});

test("a profile may not take a built-in profile's name, and a custom rule may not take a built-in rule id", () => {
  assert.deepEqual(problemsOf("profiles:\n  defence: {}\n"), ["2:3 `defence` is a built-in profile: give yours another name and `extends: defence`."]);
  assert.deepEqual(problemsOf("customRules:\n  - { id: claim/absolute, category: claim, patterns: [hype], message: Hype }\n"), [
    "2:11 `claim/absolute` is a built-in rule or category; a custom rule needs its own id.",
  ]);
});

test("JSON configs are validated the same way, with positions in the JSON text", () => {
  assert.deepEqual(problemsOf('{\n  "profile": "defence",\n  "severity": { "loophole": "fatal" }\n}\n'), ['3:29 `severity.loophole`: expected one of "error", "warning", "information", "hint".']);
  assert.equal(config('{ "profile": "defence" }').profile, "defence");
});

test("user patterns are bounded: too long, too many, or too costly to match", () => {
  const rule = (patterns: string[]) => `customRules:\n  - id: acme/x\n    category: claim\n    message: X\n    patterns: ${JSON.stringify(patterns)}\n`;
  assert.match(problemsOf(rule(["a ~8 a ~8 a ~8 a ~8 a ~8 b"]))[0], /too costly to match \(126 word tests per start word, limit 100\)/);
  assert.deepEqual(problemsOf(rule(["a ~8 a ~8 a ~8 a ~8 a ~8 b", "ok ~8 fine"])).length, 1);
  assert.match(problemsOf(rule(["word ".repeat(50).trim()]))[0], /expected string to have <=200 characters/);
  assert.match(problemsOf(rule(Array.from({ length: 21 }, (_, i) => `w${i}`)))[0], /<=20 items/);
  const many = Array.from({ length: 30 }, (_, i) => `  - { id: acme/r${i}, category: claim, message: X, patterns: ${JSON.stringify(Array.from({ length: 20 }, (_, j) => `w${i}x${j} ~8 a ~8 b`))} }`).join("\n");
  assert.match(problemsOf(`customRules:\n${many}\n`)[0], /^1:1 Custom rules are too costly to match together \(16200 word tests per start word, limit 1000\)/);
});

// ----- Profiles ------------------------------------------------------------------------

test("without a profile a contract needs exactly exit-strategy and data-residency", () => {
  assert.deepEqual(rulesOf(contract("1.1 The Supplier shall provide the Services.")).filter((r) => r.startsWith("missing-term/")), ["missing-term/data-residency", "missing-term/exit-strategy"]);
  assert.deepEqual(rulesOf(contract(COMPLETE)).filter((r) => r.startsWith("missing-term/")), []);
});

test("front matter `profile:` adds the profile's required terms and severities", () => {
  const findings = analyze(contract(COMPLETE, "profile: dora-financial\n")).findings.filter((f) => f.category === "missing-term");
  assert.deepEqual(
    findings.map((f) => `${f.rule} ${f.severity}`),
    ["missing-term/audit-rights error", "missing-term/data-protection error", "missing-term/subcontracting error"],
  );
});

test("a config's `profile` applies to documents without one; the front matter's wins", () => {
  const cfg = config("profile: defence\n");
  const missing = (text: string) => rulesOf(text, cfg).filter((r) => r.startsWith("missing"));
  assert.deepEqual(missing(contract(COMPLETE)), [
    "missing-red-line/automated-decisions",
    "missing-red-line/surveillance",
    "missing-red-line/weapons",
    "missing-term/foreign-law-exposure",
    "missing-term/human-oversight",
    "missing-term/personnel",
    "missing-term/subcontracting",
  ]);
  assert.deepEqual(missing(contract(COMPLETE, "profile: dora-financial\n")), ["missing-term/audit-rights", "missing-term/data-protection", "missing-term/subcontracting"]);
});

test("the defence profile accepts a contract whose red lines cover its topics", () => {
  const redLines = "2.1 The System shall not be used for mass surveillance of citizens, to select targets for lethal strikes, or for automated decisions about benefits.";
  const missing = rulesOf(contract(`${COMPLETE}\n\n${redLines}`, "profile: defence\n")).filter((r) => r.startsWith("missing-red-line/"));
  assert.deepEqual(missing, []);
});

test("extends composes profiles: parents first, then the child's own settings", () => {
  const cfg = config(
    [
      "profiles:",
      "  acme:",
      "    extends: [dora-financial, eu-public-sector]",
      "    requiredTerms: { contract: [personnel] }",
      "    severity: { missing-term/personnel: hint }",
      "    disable: [missing-term/jurisdiction]",
    ].join("\n"),
  );
  const settings = settingsFor(cfg, "acme");
  assert.deepEqual(settings.layers, ["dora-financial", "eu-public-sector", "acme", "config"]);
  const findings = analyze(contract(COMPLETE, "profile: acme\n"), { config: cfg }).findings.filter((f) => f.category === "missing-term");
  assert.deepEqual(
    findings.map((f) => `${f.rule} ${f.severity}`),
    [
      "missing-term/audit-rights error",
      "missing-term/data-protection error",
      "missing-term/foreign-law-exposure error",
      "missing-term/personnel hint",
      "missing-term/subcontracting error",
    ],
  );
});

test("a rule id's severity wins over its category's, and enable undoes a parent's disable", () => {
  const cfg = config(
    ["profiles:", "  quiet:", "    disable: [claim]", "    severity: { loophole: error }", "  loud:", "    extends: quiet", "    enable: [claim/retracted]", "    severity: { loophole/intent-test: hint }"].join("\n"),
  );
  const news = `---\nkind: news-note\nprofile: loud\n---\n\n# Note\n\nThe minister later said he had misspoken about the deal.\n\nThe deal reportedly includes cloud services.\n`;
  assert.deepEqual(rulesOf(news, cfg), ["claim/retracted"]);
  const text = contract(`${COMPLETE}\n\n2.1 The Services will not be used to intentionally monitor residents' communications, except as otherwise agreed.`, "profile: loud\n");
  const severities = analyze(text, { config: cfg }).findings.filter((f) => f.category === "loophole").map((f) => `${f.rule} ${f.severity}`);
  assert.deepEqual(severities, ["loophole/intent-test hint", "loophole/conditional-scope error"]);
});

test("an unknown front-matter profile is a front-matter error with the nearest profile; the document is still checked", () => {
  const text = contract(COMPLETE, "profile: dora-finacial\n");
  const { findings, document } = analyze(text);
  const error = findings.find((f) => f.rule === "document/front-matter")!;
  assert.equal(error.severity, "error");
  assert.match(error.message, /Unknown profile `dora-finacial` — did you mean `dora-financial`\?/);
  assert.equal(document.text.slice(error.start, error.end), "profile: dora-finacial");
  assert.ok(findings.some((f) => f.rule === "sovereignty/exit-strategy"));
});

test("requiredTerms per kind: a profile can require terms in policies too", () => {
  const policy = `---\nkind: policy\nprofile: eu-public-sector\n---\n\n# AI policy\n\nStaff must not use AI services to profile members of the public.\n`;
  assert.deepEqual(rulesOf(policy).filter((r) => r.startsWith("missing")), ["missing-term/human-oversight"]);
  const plain = policy.replace("profile: eu-public-sector\n", "");
  assert.deepEqual(rulesOf(plain).filter((r) => r.startsWith("missing")), []);
});

// ----- Custom rules --------------------------------------------------------------------

test("a custom rule reports its phrase with its message, category, severity and reference", () => {
  const cfg = config(
    [
      "customRules:",
      "  - id: acme/uncapped-liability",
      "    category: loophole",
      "    severity: error",
      "    patterns: ['unlimited|uncapped liability']",
      "    message: 'Liability: \"{phrase}\" — check the cap.'",
      "    explanation: Our policy caps liability.",
      "    reference: { title: ACME playbook §4, url: 'https://example.org/playbook' }",
    ].join("\n"),
  );
  const text = contract(`${COMPLETE}\n\n3.1 The Supplier accepts Uncapped liability for data breaches.`);
  const f = analyze(text, { config: cfg }).findings.find((x) => x.rule === "acme/uncapped-liability")!;
  assert.equal(text.slice(f.start, f.end), "Uncapped liability");
  assert.equal(f.message, 'Liability: "Uncapped liability" — check the cap.');
  assert.equal(f.category, "loophole");
  assert.equal(f.severity, "error");
  assert.equal(f.reference?.title, "ACME playbook §4");
});

test("custom rule scope: within a red line or a sovereignty commitment on given terms", () => {
  const cfg = config(
    [
      "customRules:",
      "  - { id: acme/red, category: loophole, patterns: [pilot], message: Red, scope: { within: [red-line] } }",
      "  - { id: acme/residency, category: loophole, patterns: [pilot], message: Residency, scope: { within: [sovereignty], terms: [data-residency] } }",
      "  - { id: acme/exit, category: loophole, patterns: [pilot], message: Exit, scope: { within: [sovereignty], terms: [exit-strategy] } }",
    ].join("\n"),
  );
  const text = contract(
    [
      "2.1 The System shall not be used for mass surveillance of citizens, except in the pilot.",
      "2.2 All Customer Data shall be stored only in data centres located in Germany, except in the pilot.",
      "2.3 The pilot starts in May.",
    ].join("\n\n"),
  );
  const found = analyze(text, { config: cfg }).findings.filter((f) => f.rule.startsWith("acme/"));
  const line = (f: { start: number }) => text.slice(0, f.start).split("\n").length;
  assert.deepEqual(
    found.map((f) => `${f.rule}@${line(f)}`),
    ["acme/red@7", "acme/residency@9"],
  );
});

test("custom rule polarity and section scope: permissions only, in sections titled …", () => {
  const cfg = config(
    [
      "customRules:",
      "  - id: acme/broad-permission",
      "    category: loophole",
      "    patterns: ['any purpose|purposes']",
      "    polarity: permission",
      "    scope: { section: 'use|usage', kinds: [contract] }",
      "    span: sentence",
      "    message: Broad permission.",
    ].join("\n"),
  );
  const text = `---\nkind: contract\n---\n\n# Agreement\n\n## 1. Permitted use\n\n### 1.1 General\n\nThe Customer may use the Services for any purpose.\n\nThe Supplier shall not use the data for any purpose.\n\n## 2. Fees\n\nThe Customer may use the invoice for any purpose.\n`;
  const found = analyze(text, { config: cfg }).findings.filter((f) => f.rule === "acme/broad-permission");
  assert.deepEqual(found.map((f) => text.slice(f.start, f.end)), ["The Customer may use the Services for any purpose."]);
  // Not in news notes: the rule is scoped to contracts.
  assert.deepEqual(rulesOf(text.replace("kind: contract", "kind: news-note"), cfg).filter((r) => r === "acme/broad-permission"), []);
});

test("custom rule `unless` skips a sentence, and `negated` polarity finds lifted limits", () => {
  const cfg = config(
    [
      "customRules:",
      "  - { id: acme/lifted, category: red-line, polarity: negated, patterns: ['surveil*'], message: 'Lifted: {phrase}', unless: [historical] }",
    ].join("\n"),
  );
  const text = contract(`${COMPLETE}\n\n2.1 Nothing in this Agreement prohibits surveillance of staff.\n\n2.2 Nothing in this historical annex prohibits surveillance.\n\n2.3 The System shall not be used for surveillance.`);
  const found = analyze(text, { config: cfg }).findings.filter((f) => f.rule === "acme/lifted");
  assert.deepEqual(found.map((f) => f.message), ["Lifted: surveillance"]);
  assert.match(text.slice(found[0].start - 40, found[0].end), /prohibits surveillance/);
});

test("built-in profiles carry their own custom rules (eu-public-sector transfer mechanisms)", () => {
  const text = contract(`${EXIT}\n\n1.2 Customer Data shall be stored in the EU, and may be transferred elsewhere under standard contractual clauses.`, "profile: eu-public-sector\n");
  const f = analyze(text).findings.find((x) => x.rule === "eu-public-sector/transfer-mechanism")!;
  assert.equal(text.slice(f.start, f.end), "standard contractual clauses");
  assert.equal(analyze(text.replace("profile: eu-public-sector\n", "")).findings.some((x) => x.rule === "eu-public-sector/transfer-mechanism"), false);
});

test("custom rules can be disabled and re-severitied like built-in ones", () => {
  const cfg = config("profile: eu-public-sector\ndisable: [eu-public-sector/transfer-mechanism]\n");
  const text = contract(`${EXIT}\n\n1.2 Customer Data shall be stored in the EU, and may be transferred under standard contractual clauses.`);
  assert.equal(rulesOf(text, cfg).includes("eu-public-sector/transfer-mechanism"), false);
});

// ----- Clause library ------------------------------------------------------------------

test("clause library: built-in wording, then the profile's, then the config's own", () => {
  assert.equal(modelClauseFor("exit-strategy").title, "Exit management");
  assert.equal(modelClauseFor("exit-strategy", undefined, "eu-public-sector").title, "Switching and exit");
  assert.match(modelClauseFor("exit-strategy", undefined, "dora-financial").body, /Article 28\(8\)/);
  const cfg = config(
    [
      "profile: dora-financial",
      "clauses:",
      "  exit-strategy:",
      "    - { title: ACME exit, body: 'ACME standard exit wording for ${1:Customer}.' }",
      "    - { title: ACME short exit, body: 'Short exit wording.' }",
      "profiles:",
      "  acme-eu:",
      "    extends: eu-public-sector",
      "    clauses:",
      "      personnel: { title: ACME staff, body: 'Only ACME-vetted staff.' }",
    ].join("\n"),
  );
  // The config's top level wins over the profile; a list offers alternatives, first = default.
  const exit = modelClausesFor("exit-strategy", cfg);
  assert.equal(exit.source, "config");
  assert.deepEqual(exit.clauses.map((c) => c.title), ["ACME exit", "ACME short exit"]);
  assert.equal(modelClauseFor("exit-strategy", cfg).title, "ACME exit");
  // Terms the config does not override come from the profile, then the built-in library.
  assert.equal(modelClauseFor("audit-rights", cfg).title, "Access, inspection and audit");
  assert.equal(modelClausesFor("data-residency", cfg, "acme-eu").source, "eu-public-sector");
  assert.equal(modelClauseFor("personnel", cfg, "acme-eu").title, "ACME staff");
  assert.equal(modelClausesFor("jurisdiction", cfg, "acme-eu").source, "eu-public-sector");
  assert.equal(modelClausesFor("human-oversight", cfg, "acme-eu").source, "built-in");
});

test("an analysis carries its effective clause library for the quick fixes", () => {
  const cfg = config("clauses:\n  data-residency: { title: ACME location, body: 'EU only.' }\n");
  const analysis = analyze(contract(EXIT, "profile: defence\n"), { config: cfg });
  assert.equal(analysis.settings.profile, "defence");
  assert.equal(analysis.settings.clauses["data-residency"].clauses[0].title, "ACME location");
  assert.equal(analysis.settings.clauses.personnel.source, "defence");
});

// ----- Suppressions --------------------------------------------------------------------

const NEWS = (body: string) => `---\nkind: news-note\n---\n\n# Note\n\n${body}\n`;
const RETRACTED = "The minister later said he had misspoken about the deal.";
const HEDGED = "The deal reportedly includes cloud services.";

test("disable … enable hides a rule between the comments, and only that rule", () => {
  const text = NEWS(`<!-- policy-lens-disable claim/retracted -->\n\n${RETRACTED}\n\n${HEDGED}\n\n<!-- policy-lens-enable claim/retracted -->\n\n${RETRACTED}`);
  const findings = analyze(text).findings;
  assert.deepEqual(findings.map((f) => f.rule), ["claim/hedged-reporting", "claim/retracted"]);
  assert.ok(findings[1].start > text.indexOf("policy-lens-enable"));
});

test("disable with a category or with no id covers every matching rule to the end of the file", () => {
  assert.deepEqual(rulesOf(NEWS(`<!-- policy-lens-disable claim -->\n\n${RETRACTED}\n\n${HEDGED}`)), []);
  assert.deepEqual(rulesOf(NEWS(`<!-- policy-lens-disable -->\n\n${RETRACTED}\n\n${HEDGED}`)), []);
  // An enable without ids closes every open disable.
  assert.deepEqual(rulesOf(NEWS(`<!-- policy-lens-disable claim/retracted, claim/hedged-reporting -->\n\n${RETRACTED}\n\n${HEDGED}\n\n<!-- policy-lens-enable -->\n\n${HEDGED}`)), ["claim/hedged-reporting"]);
});

test("disable-next-line hides the next non-blank line only", () => {
  const text = NEWS(`<!-- policy-lens-disable-next-line claim/retracted -- quoted for the record -->\n${RETRACTED}\n\n${RETRACTED}`);
  const findings = analyze(text).findings;
  assert.deepEqual(findings.map((f) => f.rule), ["claim/retracted"]);
  assert.equal(text.lastIndexOf(RETRACTED), findings[0].start);
  const blankBetween = NEWS(`<!-- policy-lens-disable-next-line claim -->\n\n${RETRACTED}`);
  assert.deepEqual(rulesOf(blankBetween), []);
});

test("a suppression that no longer suppresses anything is reported on its comment", () => {
  const text = NEWS(`<!-- policy-lens-disable-next-line claim/retracted -->\nThe minister spoke about the deal.\n\n<!-- policy-lens-disable claim/hedged-reporting claim/retracted -->\n\n${RETRACTED}`);
  const unused = analyze(text).findings.filter((f) => f.rule === "document/unused-suppression");
  assert.equal(unused.length, 2);
  assert.equal(unused[0].severity, "warning");
  assert.equal(text.slice(unused[0].start, unused[0].end), "<!-- policy-lens-disable-next-line claim/retracted -->");
  assert.match(unused[0].message, /`claim\/retracted` hides no finding on the next line/);
  assert.match(unused[1].message, /`claim\/hedged-reporting` hides no finding in its range/);
  // The used target of the same comment is not reported.
  assert.equal(unused.some((f) => f.message.includes("`claim/retracted` hides no finding in its range")), false);
  const enableAlone = NEWS(`<!-- policy-lens-enable claim -->\n\n${HEDGED}`);
  assert.match(analyze(enableAlone).findings.find((f) => f.rule === "document/unused-suppression")!.message, /re-enables nothing/);
});

test("a suppression naming an unknown rule is reported with the nearest rule id", () => {
  const text = NEWS(`<!-- policy-lens-disable-next-line claim/retractd -->\n${RETRACTED}`);
  const findings = analyze(text).findings;
  assert.deepEqual(findings.map((f) => f.rule), ["document/unknown-rule", "claim/retracted"]);
  assert.match(findings[0].message, /Unknown rule or category `claim\/retractd` — did you mean `claim\/retracted`\?/);
});

test("suppressions cover missing terms and custom rules; unused-suppression can itself be configured", () => {
  const text = contract(`<!-- policy-lens-disable missing-term/data-residency -- hosting is in Schedule 3 -->\n\n${EXIT}`).replace("# Services", "<!-- policy-lens-disable missing-term/data-residency -->\n# Services");
  assert.deepEqual(rulesOf(text).filter((r) => r.startsWith("missing-term/") || r.startsWith("document/")), ["document/unused-suppression"]);
  const quiet = config("severity: { document/unused-suppression: error }\n");
  assert.equal(analyze(text, { config: quiet }).findings.find((f) => f.rule === "document/unused-suppression")?.severity, "error");
  assert.equal(rulesOf(text, config("disable: [document/unused-suppression]\n")).includes("document/unused-suppression"), false);
});

test("front matter `policy-lens: disable` turns rules off for one document", () => {
  const text = `---\nkind: news-note\npolicy-lens:\n  disable: [claim/retracted]\n---\n\n# Note\n\n${RETRACTED}\n\n${HEDGED}\n`;
  assert.deepEqual(rulesOf(text), ["claim/hedged-reporting"]);
});

test("a front-matter profile named like an Object property is unknown, not inherited", () => {
  for (const name of ["constructor", "__proto__", "toString"]) {
    const error = analyze(contract(COMPLETE, `profile: ${name}\n`)).findings.find((f) => f.rule === "document/front-matter");
    assert.match(error?.message ?? "", new RegExp(`Unknown profile \`${name}\``), name);
  }
});

test("schema problems read as a reviewer would say them: wrong type, missing key, closest alternative", () => {
  assert.deepEqual(problemsOf("disable: claim\n"), ['1:10 `disable`: expected a list, not "claim".']);
  assert.deepEqual(problemsOf("customRules:\n  - { id: acme/x, patterns: [x], message: X }\n"), ["2:5 `customRules.0.category`: required."]);
  assert.deepEqual(problemsOf("clauses:\n  exit-strategy: { title: Exit }\n"), ["2:3 `clauses.exit-strategy.body`: required."]);
  assert.deepEqual(problemsOf("requiredTerms:\n  contracts: [audit-rights]\n"), ["2:3 Unknown key `contracts` — did you mean `contract`?"]);
  assert.deepEqual(problemsOf("- profile: defence\n"), ["1:1 A config is a mapping of keys to values, such as `profile: eu-public-sector`."]);
  assert.deepEqual(validateConfigText("# nothing yet\n"), { config: {}, problems: [] });
});

test("suppression syntax shown as code is not a suppression", () => {
  const text = NEWS(["Use `<!-- policy-lens-disable claim -->` to silence claims.", "", "```markdown", "<!-- policy-lens-disable-next-line claim/retracted -->", "```", "", "    <!-- policy-lens-disable -->", "", RETRACTED].join("\n"));
  assert.deepEqual(rulesOf(text), ["claim/retracted"]);
});

test("the dora-financial profile flags restricted audit rights inside audit terms", () => {
  const text = contract(
    "4.1 The Financial Entity may audit the Provider's premises and records once per calendar year, subject to the Provider's prior consent.\n\n4.2 The Provider shall provide a SOC 2 report in lieu of any audit of its systems.\n\n4.3 The parties meet once a year.",
    "profile: dora-financial\n",
  );
  const found = analyze(text).findings.filter((f) => f.rule === "dora-financial/restricted-audit").map((f) => text.slice(f.start, f.end));
  assert.deepEqual(found, ["once per calendar year", "subject to the Provider's prior consent", "in lieu of any audit"]);
});
