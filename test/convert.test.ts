// Findings as LSP diagnostics: where a diagnostic's code links.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LineIndex, ruleDocsUrl, type Finding } from "../server/src/engine";
import { toDiagnostic } from "../server/src/lsp/convert";

const lines = new LineIndex("The Supplier may retain data as required by law.\n");
const finding = (rule: string, reference?: Finding["reference"]): Finding => ({ rule, category: "loophole", severity: "warning", message: "m", start: 4, end: 12, reference });

test("a built-in rule's code links to its section of docs/rules.md", () => {
  const d = toDiagnostic(finding("loophole/deference-to-law"), lines);
  assert.deepEqual(d.codeDescription, { href: ruleDocsUrl("loophole/deference-to-law") });
  assert.match(d.codeDescription!.href, /docs\/rules\.md#loopholedeference-to-law$/);
});

test("a config's own rule links to its reference, or nowhere (docs/rules.md has no section for it)", () => {
  const withReference = toDiagnostic(finding("acme/retention", { title: "Acme retention policy", url: "https://example.org/acme/retention" }), lines);
  assert.deepEqual(withReference.codeDescription, { href: "https://example.org/acme/retention" });
  const without = toDiagnostic(finding("acme/retention"), lines);
  assert.equal(without.codeDescription, undefined);
  assert.equal(without.code, "acme/retention");
});

test("a line looked up from a nearby line is the line a search from the start finds", () => {
  // Diagnostics are positioned in document order, each from the line of the one before.
  const text = "# Title\r\n\r\nfirst line\nsecond\rthird\n\n" + "a longer paragraph line\n".repeat(40) + "last";
  const index = new LineIndex(text);
  for (let offset = -2; offset <= text.length + 2; offset++) {
    const line = index.starts.filter((start) => start <= Math.max(0, Math.min(offset, text.length))).length - 1;
    assert.equal(index.lineAt(offset), line);
    for (const from of [0, 1, line - 9, line - 8, line - 1, line, line + 1, line + 30, index.lineCount, -3]) {
      assert.equal(index.lineAt(offset, from), line, `offset ${offset} from line ${from}`);
    }
  }
});
