// The .vsix a user installs (`npm run package`): what it holds and how big it is. `npm test`
// has built dist/; this packs it into a temporary file with the same script.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./helpers";
import { WEB_SERVER_SCRIPTS } from "../server/src/protocol";
// @ts-expect-error: a plain ES module script, without types.
import { VSIX_LIMIT_BYTES, packageVsix } from "../scripts/package-vsix.mjs";

/** The entry names of a zip file, from its central directory (a .vsix is a zip). */
function zipEntries(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, "no end of central directory record");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, "central directory entry");
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString("utf8", at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

const work = mkdtempSync(join(tmpdir(), "policy-lens-vsix-test-"));
const vsix = join(work, "policy-lens.vsix");
let size = 0;
let files: string[] = [];

describe("the .vsix", () => {
  before(() => {
    size = packageVsix(vsix) as number;
    files = zipEntries(readFileSync(vsix))
      .filter((name) => name.startsWith("extension/"))
      .map((name) => name.slice("extension/".length));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test(`stays under its size limit (${VSIX_LIMIT_BYTES} bytes)`, () => {
    assert.ok(size <= VSIX_LIMIT_BYTES, `the .vsix is ${size} bytes; the limit is ${VSIX_LIMIT_BYTES} (scripts/package-vsix.mjs). Files: ${files.join(", ")}`);
  });

  test("holds every file the manifest and the bundles load", () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    const contributed = [
      manifest.main,
      manifest.browser,
      ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
      ...manifest.contributes.jsonValidation.map((v: { url: string }) => v.url),
      ...manifest.contributes.walkthroughs.flatMap((w: { steps: { media: { markdown: string } }[] }) => w.steps.map((s) => s.media.markdown)),
    ].map((p: string) => p.replace(/^\.\//, ""));
    for (const file of [...contributed, ...WEB_SERVER_SCRIPTS, "dist/languageClient.js", "dist/server.js", "dist/engine.js", "docs/rules.md", "samples/contract-chatbot-missing-terms.md", "package.json", "readme.md", "LICENSE.txt"]) {
      assert.ok(files.includes(file), `${file} is missing from the .vsix`);
    }
  });

  test("ships nothing the extension does not load: no CLI, no source maps, no images or docs beyond the rule reference", () => {
    // What names a file: the manifest (a contributed path), or a shipped bundle (the path, a
    // sibling's "./name" in a require, or vscode.Uri.joinPath's "folder","name").
    const manifestText = readFileSync(join(repoRoot, "package.json"), "utf8");
    const bundles = files.filter((f) => /^dist\/.*\.js$/.test(f)).map((f) => readFileSync(join(repoRoot, f), "utf8"));
    const named = (file: string) => {
      const slash = file.lastIndexOf("/");
      const forms = [file, `"./${file.slice(slash + 1)}"`, `"${file.slice(0, slash)}","${file.slice(slash + 1)}"`];
      return manifestText.includes(file) || bundles.some((b) => forms.some((f) => b.includes(f)));
    };
    const unneeded = files.filter((f) => !["package.json", "readme.md", "LICENSE.txt"].includes(f) && !named(f));
    assert.deepEqual(unneeded, []);
    for (const file of files) assert.doesNotMatch(file, /^(bin|server|client|test|scripts)\/|\.map$|\.png$|^dist\/cli\.js$/);
  });
});
