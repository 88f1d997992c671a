// The JSON Schema editors use is generated from the zod schema; the committed file must
// match what `npm run schema` writes, and accept the configs the engine accepts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { validateConfigText } from "../server/src/engine/config";
import { SCHEMA_PATH, schemaText } from "../scripts/schema";
import { parse } from "yaml";

const root = join(__dirname, "..");

test("schemas/policylens.schema.json is up to date (run `npm run schema` after changing the config schema)", () => {
  assert.equal(readFileSync(SCHEMA_PATH, "utf8"), schemaText());
});

test("package.json registers the schema for .policylens.json, .yaml and .yml", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const url = "./schemas/policylens.schema.json";
  assert.deepEqual(pkg.contributes.jsonValidation.find((v: { url: string }) => v.url === url)?.fileMatch, ".policylens.json");
  assert.deepEqual(pkg.contributes.yamlValidation.find((v: { url: string }) => v.url === url)?.fileMatch, [".policylens.yaml", ".policylens.yml"]);
});

test("the JSON Schema accepts the sample config and rejects what the engine rejects", () => {
  const validate = new Ajv({ strict: false }).compile(JSON.parse(schemaText()));
  const sample = readFileSync(join(root, "samples", ".policylens.yaml"), "utf8");
  assert.deepEqual(validateConfigText(sample).problems, []);
  assert.equal(validate(parse(sample)), true, JSON.stringify(validate.errors));
  for (const bad of ["severity: { loophole: fatal }", "requiredTerm: {}", "customRules: [{ id: Bad Id, category: claim, patterns: [x], message: X }]"]) {
    assert.equal(validate(parse(bad)), false, bad);
    assert.notDeepEqual(validateConfigText(bad).problems, [], bad);
  }
});

test("the README's complete config example is valid, for the engine and for the JSON Schema", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Configuration"));
  const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(example, "a yaml example in the Configuration section");
  const { config, problems } = validateConfigText(example);
  assert.deepEqual(problems, []);
  assert.equal(config?.profiles?.["acme-procurement"]?.extends?.length, 2);
  assert.equal(new Ajv({ strict: false }).compile(JSON.parse(schemaText()))(parse(example)), true);
});
