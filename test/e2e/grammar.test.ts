// The injection grammar tokenised together with VS Code's own Markdown grammar, by VS Code's
// own TextMate engine (vscode-textmate + vscode-oniguruma), all taken from the code-server
// install: the scopes a theme sees in the editor.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { codeServerDir, missingPrerequisites, REPO_ROOT } from "./codeServer";

interface Token {
  text: string;
  scopes: string[];
}
type Tokenize = (markdown: string) => Token[][];

const prerequisites = missingPrerequisites();
if (prerequisites) {
  test("grammar prerequisites", () => assert.fail(prerequisites));
} else {
  describe("the policy-lens injection grammar inside VS Code's Markdown grammar", () => {
    let tokenize: Tokenize;

    before(async () => {
      const vscodeDir = join(codeServerDir(), "node_modules", "code-server", "lib", "vscode");
      const textmate = require(join(vscodeDir, "node_modules", "vscode-textmate"));
      const oniguruma = require(join(vscodeDir, "node_modules", "vscode-oniguruma"));
      await oniguruma.loadWASM(readFileSync(join(vscodeDir, "node_modules", "vscode-oniguruma", "release", "onig.wasm")).buffer);
      const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
      const contribution = manifest.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === "policy-lens.injection");
      assert.deepEqual(contribution.injectTo, ["text.html.markdown"]);
      const files: Record<string, string> = {
        "text.html.markdown": join(vscodeDir, "extensions", "markdown-basics", "syntaxes", "markdown.tmLanguage.json"),
        "policy-lens.injection": join(REPO_ROOT, contribution.path),
      };
      const registry = new textmate.Registry({
        onigLib: Promise.resolve({
          createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
          createOnigString: (s: string) => new oniguruma.OnigString(s),
        }),
        loadGrammar: async (scope: string) => (files[scope] ? textmate.parseRawGrammar(readFileSync(files[scope], "utf8"), files[scope]) : null),
        getInjections: (scope: string) => (scope === "text.html.markdown" ? ["policy-lens.injection"] : []),
      });
      const grammar = await registry.loadGrammar("text.html.markdown");
      tokenize = (markdown) => {
        let state = textmate.INITIAL;
        return markdown.split("\n").map((line) => {
          const result = grammar.tokenizeLine(line, state);
          state = result.ruleStack;
          return result.tokens.map((t: { startIndex: number; endIndex: number; scopes: string[] }) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
        });
      };
    });

    const scopesOf = (line: Token[], text: string) => {
      const token = line.find((t) => t.text === text);
      assert.ok(token, `no token ${JSON.stringify(text)} in ${JSON.stringify(line.map((t) => t.text))}`);
      return token.scopes;
    };

    test("annotation comments: directive keyword and rule ids", () => {
      const [line] = tokenize("<!-- policy-lens-disable-next-line claim/anonymous-source, loophole/intent-test -->");
      assert.ok(scopesOf(line, "policy-lens-disable-next-line").includes("keyword.control.directive.policy-lens"));
      assert.ok(scopesOf(line, "claim/anonymous-source").includes("entity.name.tag.rule-id.policy-lens"));
      assert.ok(scopesOf(line, "loophole/intent-test").includes("entity.name.tag.rule-id.policy-lens"));
      assert.ok(scopesOf(line, "-->").includes("comment.block.html.policy-lens"));
    });

    test("an annotation inside a paragraph, and a plain HTML comment left alone", () => {
      const [annotated, , plain] = tokenize("The source is named. <!-- policy-lens: verified -->\n\n<!-- an ordinary comment -->");
      assert.ok(scopesOf(annotated, "policy-lens").includes("keyword.control.directive.policy-lens"));
      assert.ok(scopesOf(annotated, "verified").includes("variable.parameter.policy-lens"));
      assert.ok(plain.every((t) => !t.scopes.some((s) => s.includes("policy-lens"))), "ordinary comments are not annotations");
    });

    test("clause numbers in headings: ## 4. and ## Clause 4 —", () => {
      const [numbered, , named] = tokenize("## 4. Data protection\n\n## Clause 7 — Exit");
      assert.ok(scopesOf(numbered, "4").includes("constant.numeric.clause-number.policy-lens"));
      assert.ok(scopesOf(numbered, " Data protection").includes("entity.name.section.markdown"), "the heading stays a heading");
      assert.ok(scopesOf(named, "Clause").includes("keyword.other.clause.policy-lens"));
      assert.ok(scopesOf(named, "7").includes("constant.numeric.clause-number.policy-lens"));
    });

    test("a numbered paragraph keeps Markdown's paragraph and inline highlighting", () => {
      const [line] = tokenize("4.2 The **Supplier** shall not transfer data.");
      assert.ok(scopesOf(line, "4.2").includes("constant.numeric.clause-number.policy-lens"));
      assert.ok(scopesOf(line, "4.2").includes("meta.paragraph.markdown"));
      assert.ok(scopesOf(line, "Supplier").includes("markup.bold.markdown"));
    });

    test("nothing is scoped inside code", () => {
      const lines = tokenize("```\n4.2 <!-- policy-lens-disable x/y -->\n```\n\nText `4.2 <!-- policy-lens: verified -->` here.");
      for (const line of lines) assert.ok(line.every((t) => !t.scopes.some((s) => s.endsWith(".policy-lens"))), JSON.stringify(line));
    });
  });
}
