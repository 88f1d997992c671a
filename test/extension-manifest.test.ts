// The VS Code extension without VS Code: its manifest agrees with the server and the
// bundles, the grammar is well formed, and the client's pure parts behave. The extension
// itself is exercised in a real workbench by `npm run test:e2e`.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { RestartBudget } from "../client/src/restartBudget";
import { summarizeCounts } from "../client/src/summary";
import { ServerState } from "../client/src/serverState";
import { SEMANTIC_TOKEN_TYPES } from "../server/src/lsp/semanticTokens";
import { SETTINGS_SECTION } from "../server/src/lsp/settings";
import { countFindings } from "../server/src/lsp/status";
import { COMMANDS } from "../server/src/protocol";
import type { Finding } from "../server/src/engine";

const root = join(__dirname, "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const contributes = manifest.contributes;

describe("extension manifest", () => {
  test("activates on Markdown and points at the bundled client", () => {
    assert.deepEqual(manifest.activationEvents, ["onLanguage:markdown"]);
    assert.equal(manifest.main, "./dist/client.js");
    assert.ok(existsSync(join(root, "client", "src", "extension.ts")));
  });

  test("every setting is in the server's section and has a markdownDescription", () => {
    const properties = contributes.configuration.properties as Record<string, { markdownDescription?: string }>;
    for (const key of ["enable", "profile", "severity", "include", "debounceMs", "trace.server"]) {
      assert.ok(properties[`${SETTINGS_SECTION}.${key}`], `${SETTINGS_SECTION}.${key} is contributed`);
    }
    for (const [key, schema] of Object.entries(properties)) {
      assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), key);
      assert.ok(schema.markdownDescription && schema.markdownDescription.length > 20, `${key} has a markdownDescription`);
    }
  });

  test("declares the server's semantic token types and colours each one", () => {
    const declared = contributes.semanticTokenTypes.map((t: { id: string }) => t.id);
    assert.deepEqual(declared, [...SEMANTIC_TOKEN_TYPES]);
    const scopes = contributes.semanticTokenScopes.find((s: { language: string }) => s.language === "markdown").scopes;
    for (const type of SEMANTIC_TOKEN_TYPES) assert.ok(scopes[type]?.length > 0, `${type} maps to TextMate scopes`);
  });

  test("contributes the commands the client registers", () => {
    const commands = contributes.commands.map((c: { command: string; title: string }) => `${c.command}: ${c.title}`);
    assert.ok(commands.includes("policyLens.insertClause: Insert clause…"));
    assert.ok(commands.includes("policyLens.restartServer: Restart server"));
    assert.ok(commands.includes("policyLens.checkWorkspace: Check workspace"));
    // The ids come from the protocol module both sides import, which the manifest must match.
    const contributed = new Set(contributes.commands.map((c: { command: string }) => c.command));
    for (const id of [COMMANDS.insertClause, COMMANDS.restartServer, COMMANDS.checkWorkspace, COMMANDS.refreshCoverage]) assert.ok(contributed.has(id), id);
    const client = readFileSync(join(root, "client", "src", "extension.ts"), "utf8");
    assert.match(client, /COMMANDS\.restartServer/);
  });

  test("runs in untrusted and, limited, in virtual workspaces, saying why", () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.match(manifest.capabilities.untrustedWorkspaces.description, /no code/i);
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, "limited");
  });

  test("the injection grammar is well formed and injected into Markdown", () => {
    const contribution = contributes.grammars.find((g: { scopeName: string }) => g.scopeName === "policy-lens.injection");
    assert.deepEqual(contribution.injectTo, ["text.html.markdown"]);
    const grammar = JSON.parse(readFileSync(join(root, contribution.path), "utf8"));
    assert.equal(grammar.scopeName, "policy-lens.injection");
    assert.match(grammar.injectionSelector, /^L:text\.html\.markdown - \(comment/);
    for (const name of ["annotation", "clause-heading-number", "clause-paragraph-number"]) assert.ok(grammar.repository[name], name);
  });

  test("packages only what the extension needs (.vscodeignore is an allow-list)", () => {
    const ignore = readFileSync(join(root, ".vscodeignore"), "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
    assert.equal(ignore[0], "**", "everything is excluded unless listed");
    for (const kept of ["!dist/client.js", "!dist/languageClient.js", "!dist/server.js", "!syntaxes/**", "!samples/**"]) assert.ok(ignore.includes(kept), kept);
    assert.ok(!ignore.some((l) => /node_modules|src|test/.test(l) && l.startsWith("!")), "no sources, tests or node_modules");
    assert.match(manifest.scripts.package, /vsce package --no-dependencies/);
  });
});

describe("extension client, without VS Code", () => {
  test("the status bar's server states are the language client's", () => {
    // The library needs VS Code to load, so its enum is read from its source.
    const source = readFileSync(require.resolve("vscode-languageclient/lib/common/client.js"), "utf8");
    const value = (name: string) => Number(new RegExp(`State\\[State\\["${name}"\\] = (\\d+)\\]`).exec(source)?.[1]);
    assert.deepEqual(ServerState, { Stopped: value("Stopped"), Running: value("Running"), Starting: value("Starting") });
  });

  test("activation loads no language-client library: the client bundle leaves it to dist/languageClient.js", () => {
    const activation = readFileSync(join(root, "dist", "client.js"), "utf8");
    const languageClient = readFileSync(join(root, "dist", "languageClient.js"), "utf8");
    // The library's protocol names are in the language-client bundle and not in the activation one.
    assert.match(languageClient, /textDocument\/publishDiagnostics/);
    assert.doesNotMatch(activation, /textDocument\/publishDiagnostics/);
    assert.ok(activation.length < 20_000, `dist/client.js is ${activation.length} bytes`);
  });

  test("a crashing server is restarted up to the budget, and again once the window has passed", () => {
    let now = 0;
    const budget = new RestartBudget(3, 60_000, () => now);
    assert.deepEqual([budget.allowRestart(), budget.allowRestart(), budget.allowRestart()], [true, true, true]);
    assert.equal(budget.allowRestart(), false, "a tight crash loop is given up on");
    now += 60_001;
    assert.equal(budget.allowRestart(), true, "an occasional crash is always restarted");
  });

  test("the status bar summary names only the non-zero counts", () => {
    const finding = (category: Finding["category"]): Finding => ({ rule: `${category}/x`, category, severity: "warning", message: "", start: 0, end: 0 });
    const counts = countFindings([finding("red-line"), finding("loophole"), finding("loophole"), finding("missing-term"), finding("document")]);
    assert.deepEqual(counts, { redLine: 1, loophole: 2, sovereignty: 0, claim: 0, missingTerm: 1 });
    assert.equal(summarizeCounts(counts), "1 red line · 2 loopholes · 1 missing term");
    assert.equal(summarizeCounts(countFindings([])), "no findings");
  });
});
