// `--format sarif` against the SARIF 2.1.0 JSON schema, and against what GitHub code
// scanning needs to show a result: a known rule, a relative file URI and a region.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { positionOf, repoRoot, runPolicyLens, withKind, workspace } from "./helpers";

// The SARIF 2.1.0 schema as the SARIF SDK ships it (draft-04). Its `language` pattern is not
// valid as a Unicode regular expression, hence unicodeRegExp: false.
const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: SarifRegion } }[];
}
interface SarifRule {
  id: string;
  shortDescription: { text: string };
  help: { text: string; markdown?: string };
  helpUri: string;
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; version: string; rules: SarifRule[] } }; columnKind: string; results: SarifResult[] }[];
}

const HEDGED = "The minister reportedly said so.";
const EMOJI_NEWS = withKind("news-note", `😀 Intro. ${HEDGED}`);

/** A folder with every kind of result: the samples, invalid front matter, a skipped binary file, an emoji. */
function sarifRun(t: { after: (fn: () => void) => void }): SarifLog {
  const files: Record<string, string> = {
    "bad front matter.md": `---\nkind: memo\n---\n\n# Note\n\n${HEDGED}\n`,
    "docs/emoji.md": EMOJI_NEWS,
  };
  for (const name of ["contract-chatbot-missing-terms.md", "news-ai-defence-deal.md"]) files[`samples/${name}`] = readFileSync(join(repoRoot, "samples", name), "utf8");
  const dir = workspace(t, files);
  writeFileSync(join(dir, "docs", "binary.md"), Buffer.alloc(64, 0));
  // --allow-skipped: the binary file's finding is wanted in the log, without exit status 2.
  const r = runPolicyLens(["check", "--format", "sarif", "--allow-skipped", "."], dir);
  assert.equal(r.status, 1, r.stderr); // the front matter error
  return JSON.parse(r.stdout) as SarifLog;
}

describe("SARIF output", () => {
  // One run serves every test of the folder; its folder is removed at the end.
  const cleanups: (() => void)[] = [];
  let log: SarifLog;
  before(() => {
    log = sarifRun({ after: (fn) => cleanups.push(fn) });
  });
  after(() => cleanups.forEach((fn) => fn()));

  test("validates against the SARIF 2.1.0 schema", () => {
    assert.ok(log.runs[0].results.length > 10);
    assert.ok(validate(log), ajv.errorsText(validate.errors, { separator: "\n" }));
  });

  test("the validator rejects what the schema forbids (it is really checking)", () => {
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = "fatal";
    assert.equal(validate(broken), false);
    const noLine = structuredClone(log);
    noLine.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    assert.equal(validate(noLine), false);
  });

  test("every result names a rule of the rule table, by id and by index", () => {
    const { rules } = log.runs[0].tool.driver;
    const ids = rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, "rule ids are unique");
    const seen = new Set<string>();
    for (const result of log.runs[0].results) {
      assert.ok(ids.includes(result.ruleId), result.ruleId);
      assert.equal(rules[result.ruleIndex].id, result.ruleId);
      seen.add(result.ruleId);
    }
    for (const id of ["document/front-matter", "document/skipped", "claim/hedged-reporting", "missing-term/exit-strategy"]) assert.ok(seen.has(id), id);
  });

  test("every rule has a short description, help text and a help URI", () => {
    for (const rule of log.runs[0].tool.driver.rules) {
      assert.ok(rule.shortDescription.text.trim(), rule.id);
      assert.ok(rule.help.text.trim().length > 20, rule.id);
      assert.match(rule.helpUri, /^https:\/\/\S+#[a-z0-9-]+$/, rule.id);
    }
  });

  test("every result has a relative file URI and a region from line 1, column 1", () => {
    const uris = new Set<string>();
    for (const result of log.runs[0].results) {
      assert.equal(result.locations.length, 1);
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      assert.doesNotMatch(artifactLocation.uri, /^(?:[a-z]+:|\/|\.\/)|\\/, artifactLocation.uri);
      assert.ok(region.startLine >= 1 && region.startColumn >= 1, JSON.stringify(region));
      assert.ok(region.endLine > region.startLine || (region.endLine === region.startLine && region.endColumn >= region.startColumn), JSON.stringify(region));
      uris.add(artifactLocation.uri);
    }
    assert.ok(uris.has("bad%20front%20matter.md"), [...uris].join(" "));
    assert.ok(uris.has("samples/news-ai-defence-deal.md"));
  });

  test("columns are UTF-16 code units, and the run says so", () => {
    assert.equal(log.runs[0].columnKind, "utf16CodeUnits");
    const claim = log.runs[0].results.find((r) => r.locations[0].physicalLocation.artifactLocation.uri === "docs/emoji.md" && r.ruleId === "claim/hedged-reporting");
    assert.ok(claim);
    const at = positionOf(EMOJI_NEWS, HEDGED);
    assert.deepEqual(claim.locations[0].physicalLocation.region, { startLine: at.line + 1, startColumn: at.character + 1, endLine: at.line + 1, endColumn: at.character + 1 + HEDGED.length });
  });

  test("levels follow severities: error, warning, and note for information", () => {
    const levelOf = (ruleId: string) => log.runs[0].results.find((r) => r.ruleId === ruleId)?.level;
    assert.equal(levelOf("document/front-matter"), "error");
    assert.equal(levelOf("claim/hedged-reporting"), "warning");
    assert.equal(levelOf("red-line/prohibited-use"), "note");
  });

  test("the driver is Policy Lens at the package version", () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    assert.equal(log.version, "2.1.0");
    assert.equal(log.runs[0].tool.driver.name, "Policy Lens");
    assert.equal(log.runs[0].tool.driver.version, version);
  });

  test("a custom rule from .policylens.yaml gets its own entry in the rule table", (t) => {
    const config = 'customRules:\n  - id: acme/uncapped\n    category: claim\n    patterns: ["uncapped"]\n    message: "Uncapped: {phrase}"\n    reference: { title: "Acme style guide", url: "https://example.org/style" }\n';
    const dir = workspace(t, { ".policylens.yaml": config, "a.md": withKind("news-note", "The budget is uncapped for now.") });
    const r = runPolicyLens(["check", "--format", "sarif", "a.md"], dir);
    const custom = JSON.parse(r.stdout) as SarifLog;
    assert.ok(validate(custom), ajv.errorsText(validate.errors));
    const result = custom.runs[0].results.find((x) => x.ruleId === "acme/uncapped");
    assert.ok(result, r.stdout);
    const rule = custom.runs[0].tool.driver.rules[result.ruleIndex];
    assert.equal(rule.id, "acme/uncapped");
    assert.equal(rule.helpUri, "https://example.org/style");
  });

  test("an absolute path inside the working folder becomes relative; one outside it a file: URI", (t) => {
    const inside = workspace(t, { "notes/a.md": withKind("news-note", HEDGED) });
    const outside = workspace(t, { "b.md": withKind("news-note", HEDGED) });
    const r = runPolicyLens(["check", "--format", "sarif", join(inside, "notes", "a.md"), join(outside, "b.md")], inside);
    const log = JSON.parse(r.stdout) as SarifLog;
    assert.ok(validate(log), ajv.errorsText(validate.errors));
    const uris = log.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri);
    assert.deepEqual(uris, ["notes/a.md", `file://${join(outside, "b.md")}`]);
  });
});
