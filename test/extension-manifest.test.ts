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
import { BUILTIN_PROFILES } from "../server/src/engine/config";
import { BUILTIN_PROFILE_NAMES } from "../server/src/engine/config/resolve";

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

  test("the profile setting offers exactly the built-in profiles (and empty for the defaults)", () => {
    const profile = contributes.configuration.properties[`${SETTINGS_SECTION}.profile`];
    assert.deepEqual(profile.enum, ["", ...BUILTIN_PROFILE_NAMES]);
    assert.equal(profile.enumDescriptions.length, profile.enum.length);
    BUILTIN_PROFILE_NAMES.forEach((name, i) => assert.equal(profile.enumDescriptions[i + 1], BUILTIN_PROFILES[name].description, name));
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

  test("packages only what is needed (package.json `files` is the npm package's allow-list; the .vsix's is VSIX_FILES, test/vsix.test.ts)", () => {
    assert.ok(!existsSync(join(root, ".vscodeignore")), "vsce refuses a .vscodeignore beside `files`");
    const files = manifest.files as string[];
    for (const kept of ["dist/client.js", "dist/languageClient.js", "dist/server.js", "dist/engine.js", "dist/cli.js", "syntaxes/", "samples/", "bin/"]) assert.ok(files.includes(kept), kept);
    assert.ok(!files.some((f) => /node_modules|src|test|\*\*/.test(f)), "no sources, tests, node_modules or wildcards");
    assert.match(manifest.scripts.package, /node scripts\/package-vsix\.mjs/);
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

describe("first run: walkthrough, commands, profiles, rule reference, output", () => {
  const { profileEnum, profilesPage, PROFILES_PAGE } = require("../scripts/manifest") as typeof import("../scripts/manifest");
  const { profileNames, validateConfigText } = require("../server/src/engine/config") as typeof import("../server/src/engine/config");
  const { configTemplate, documentedRules, profileChoices, ruleHeadingLine } = require("../client/src/firstRun") as typeof import("../client/src/firstRun");
  const { ruleCatalog, builtinRules, analyze } = require("../server/src/engine") as typeof import("../server/src/engine");
  const { docsLink } = require("../server/src/lsp/convert") as typeof import("../server/src/lsp/convert");
  const { LOG_LEVELS, CheckLog } = require("../server/src/lsp/checkLog") as typeof import("../server/src/lsp/checkLog");
  const { DEFAULT_SETTINGS } = require("../server/src/lsp/settings") as typeof import("../server/src/lsp/settings");
  const properties = contributes.configuration.properties;

  test("policyLens.profile offers no profile and each built-in profile, described as the engine describes it (npm run manifest)", () => {
    const setting = properties["policyLens.profile"];
    assert.deepEqual({ enum: setting.enum, enumDescriptions: setting.enumDescriptions }, profileEnum());
    assert.deepEqual(setting.enum.slice(1), profileNames(), "every built-in profile the server accepts");
    assert.ok(setting.enumDescriptions.every((d: string) => d.length > 30));
    assert.equal(readFileSync(PROFILES_PAGE, "utf8"), profilesPage(), "media/walkthrough/profiles.md is stale: npm run manifest");
    assert.deepEqual(profileChoices(manifest).map((p) => p.name), setting.enum);
  });

  test("policyLens.logLevel offers the server's levels, default warning", () => {
    assert.deepEqual(properties["policyLens.logLevel"].enum, [...LOG_LEVELS]);
    assert.equal(properties["policyLens.logLevel"].default, DEFAULT_SETTINGS.logLevel);
    assert.equal(properties["policyLens.logLevel"].enumDescriptions.length, LOG_LEVELS.length);
  });

  test("the first-run commands are contributed and registered", () => {
    const source = readFileSync(join(root, "client", "src", "commands.ts"), "utf8");
    const titles = Object.fromEntries(contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
    for (const [key, command, title] of [["createConfig", "policyLens.createConfig", "Create configuration file"], ["openRuleReference", "policyLens.openRuleReference", "Open rule reference"], ["showOutput", "policyLens.showOutput", "Show output"], ["openSample", "policyLens.openSample", "Open a sample contract"]] as const) {
      assert.equal(COMMANDS[key], command);
      assert.equal(titles[command], title);
      assert.ok(source.includes(`COMMANDS.${key}`), `${command} is registered in client/src/commands.ts`);
    }
  });

  test("the walkthrough's steps have their pages, and every command they link to exists", () => {
    const [walkthrough] = contributes.walkthroughs;
    assert.deepEqual(walkthrough.steps.map((s: { title: string }) => s.title), ["What Policy Lens checks", "Choose a profile", "Create .policylens.yaml", "Try it on a sample contract"]);
    const contributed = new Set(contributes.commands.map((c: { command: string }) => c.command));
    for (const step of walkthrough.steps) {
      assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
      assert.ok(manifest.files.some((f: string) => step.media.markdown.startsWith(f)), `${step.media.markdown} is packaged`);
      const links = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
      assert.ok(links.length > 0, `${step.id} links to a command`);
      for (const command of links) assert.ok(contributed.has(command) || command.startsWith("workbench."), `${step.id} links to ${command}`);
      for (const event of step.completionEvents) {
        const [kind, name] = event.split(":");
        if (kind === "onCommand") assert.ok(contributed.has(name), event);
        else assert.ok(kind === "onSettingChanged" && properties[name], event);
      }
    }
  });

  test("the sample page says what the sample contract really shows", () => {
    const page = readFileSync(join(root, "media", "walkthrough", "try-it.md"), "utf8");
    const text = readFileSync(join(root, "samples", "contract-chatbot-missing-terms.md"), "utf8");
    const { findings } = analyze(text);
    const count = (category: string) => findings.filter((f) => f.category === category).length;
    assert.match(page, new RegExp(`\\*\\*${["", "one", "two", "three", "four"][count("missing-term")]} missing terms\\*\\*`));
    assert.match(page, new RegExp(`\\*\\*${count("red-line") === 1 ? "a red line" : `${count("red-line")} red lines`}\\*\\*`));
    const loopholes = findings.filter((f) => f.category === "loophole").map((f) => text.slice(f.start, f.end));
    assert.match(page, new RegExp(`\\*\\*${["", "one", "two", "three", "four"][loopholes.length]} loopholes\\*\\*`));
    for (const quote of loopholes) assert.ok(page.includes(`"${quote}"`), `the page quotes "${quote}"`);
  });

  test("every rule link the server sends points into docs/rules.md at a section the reference command finds", () => {
    const docs = readFileSync(join(root, "docs", "rules.md"), "utf8");
    const rules = ruleCatalog(builtinRules());
    assert.deepEqual(documentedRules(docs).sort(), rules.map((r) => r.id).sort());
    for (const r of rules) {
      const link = docsLink({ rule: r.id, category: r.category, severity: r.severity, message: "", start: 0, end: 0 });
      assert.ok(link && new URL(link.href).pathname.endsWith("/docs/rules.md"), `${r.id}: ${link?.href}`);
      const line = ruleHeadingLine(docs, r.id);
      assert.ok(line !== undefined && docs.split("\n")[line] === `## ${r.id}`, r.id);
    }
  });

  test("the configuration file the command creates is valid for every choice of profile", () => {
    const profiles = profileChoices(manifest);
    for (const { name } of profiles) {
      const text = configTemplate(name, profiles);
      const { config, problems } = validateConfigText(text);
      assert.deepEqual(problems, [], name);
      assert.equal(config?.profile, name || undefined);
    }
  });

  test("the output channel says why a document was not checked, once, and at info what each check did", () => {
    const lines: string[] = [];
    const log = new CheckLog({ warn: (m) => lines.push(`warn ${m}`), info: (m) => lines.push(`info ${m}`), log: (m) => lines.push(`log ${m}`) });
    const uri = "file:///work/contracts/big%20deal.md";
    log.skipped(uri, "warning", "file is 6.0 MB, over the 5.0 MB limit", "warning");
    log.skipped(uri, "warning", "file is 6.0 MB, over the 5.0 MB limit", "warning");
    log.skipped("file:///work/notes/a.md", "warning", "matches none of policyLens.include (contracts/**/*.md)", "info");
    assert.deepEqual(lines, ["warn not checked /work/contracts/big deal.md: file is 6.0 MB, over the 5.0 MB limit"]);
    lines.length = 0;
    log.skipped("file:///work/notes/b.md", "info", "matches none of policyLens.include (contracts/**/*.md)", "info");
    const finding = (severity: Finding["severity"]): Finding => ({ rule: "loophole/intent-test", category: "loophole", severity, message: "", start: 0, end: 0 });
    log.checked(uri, 3, { ...DEFAULT_SETTINGS, logLevel: "info" }, { kind: "contract", profile: "defence", configFile: "/work/.policylens.yaml", findings: [finding("error"), finding("warning"), finding("warning")], ms: 12 });
    log.checked(uri, 4, DEFAULT_SETTINGS, { kind: "contract", findings: [], ms: 1 });
    assert.deepEqual(lines, [
      "info not checked /work/notes/b.md: matches none of policyLens.include (contracts/**/*.md)",
      "info checked /work/contracts/big deal.md (version 3) as a contract, profile defence, config /work/.policylens.yaml: 3 findings (1 error, 2 warnings, 0 info) in 12 ms",
    ]);
  });
});
