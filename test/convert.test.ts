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
