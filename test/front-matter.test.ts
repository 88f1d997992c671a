import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readFrontMatter, simpleFrontMatter } from "../server/src/engine/frontMatter";

// The shortcut for simple front matter must give exactly what yaml + zod give, keys in the
// same order, or decline.
const same = (text: string) => assert.equal(JSON.stringify(readFrontMatter(text)), JSON.stringify(readFrontMatter(text, false)), text);

test("simple front matter takes the shortcut and reads as yaml + zod read it", () => {
  const typical = "kind: contract\ntitle: Services agreement 1000000\nparties: [City of Brussels, Aurora Compute SE]\n";
  assert.deepEqual(simpleFrontMatter(typical), { kind: "contract", title: "Services agreement 1000000", parties: ["City of Brussels", "Aurora Compute SE"] });
  for (const body of [
    typical,
    "owner: Legal team\nkind: policy\n\ntitle: Acme, Inc. (draft)\nprofile: eu-public-sector\n",
    "parties: [Stadt München, Ørsted A/S]\nreviewer: O'Brien\ntitle: Zoë's note",
  ])
    assert.ok(simpleFrontMatter(body), body);
  same(`---\n${typical}---\n\n# Title\n`);
});

test("anything the shortcut does not cover is left to the YAML parser", () => {
  for (const body of [
    "kind: contrat\n", // not a kind: zod reports it
    "kind: contract\nkind: policy\n", // duplicate key
    "title: true\n",
    "title: Null\n",
    "title: 12\n",
    "title: a: b\n",
    "title: a # comment\n",
    'title: "quoted"\n',
    "title: two  spaces\n",
    "title: trailing \n",
    "parties: City\n",
    "parties: []\n",
    "parties: [a,b]\n",
    "title: [a, b]\n",
    "policy-lens: off\n",
    "nested:\n  key: value\n",
    "title: x\r\n",
    "yes: x\n",
  ])
    assert.equal(simpleFrontMatter(body), undefined, body);
});

test("front matter reads the same with and without the shortcut", () => {
  const word = fc.constantFrom("contract", "policy", "news-note", "Acme", "true", "No", "null", "~", "12", "1.5", "O'Brien", "a:b", "a: b", "#x", "x #y", '"q"', "[a]", "{a}", "a,", "é", "-", "*a", "&a", "!t", ".inf", "2024-01-05", " ", "");
  const value = fc.oneof(
    fc.array(word, { maxLength: 3 }).map((w) => w.join(" ")),
    fc.array(fc.array(word, { maxLength: 2 }).map((w) => w.join(" ")), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
  );
  const key = fc.constantFrom("kind", "title", "profile", "date", "parties", "policy-lens", "owner", "y", "x-y", "__proto__", "Kind");
  const line = fc.oneof({ weight: 6, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`) }, fc.constantFrom("", "  indented", "# comment", "plain"));
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => same(`---\n${lines.join("\n")}\n---\n\nText.\n`)),
    { numRuns: 3000, seed: 11 },
  );
});
