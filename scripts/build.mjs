// Bundles the CLI, the language server and the extension client with esbuild.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const watch = process.argv.includes("--watch");
const common = {
  bundle: true,
  platform: "node",
  target: "node18",
  format: "cjs",
  sourcemap: true,
  minify: !process.argv.includes("--no-minify"),
  logLevel: "warning",
  define: { POLICY_LENS_VERSION: JSON.stringify(pkg.version) },
  // Every target runs these regex features; unmarked, esbuild rewrites such literals as
  // `new RegExp("…")`, which builds the regex again each time the code runs (once per sentence).
  supported: { "regexp-unicode-property-escapes": true, "regexp-lookbehind-assertions": true },
};
const browser = { platform: "browser", target: "es2022", alias: { "node:url": "./server/src/browser/url.ts", "node:path": "./server/src/browser/path.ts" } };
// The built-in rule set as the engine validates it (zod's parse, defaults filled in), for the
// CLI to read as JSON: the parse cost every CLI process ~50 ms (engine/analyze.ts builtinRules).
async function validatedRules() {
  const out = await build({ ...common, entryPoints: ["scripts/validated-rules.ts"], write: false, minify: false, sourcemap: false });
  const module = { exports: {} };
  new Function("module", "exports", "require", out.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports.validatedRulesJson();
}
const entries = [
  { entryPoints: ["server/src/cli/main.ts"], outfile: "dist/cli.js", define: { ...common.define, POLICY_LENS_VALIDATED_RULES: JSON.stringify(await validatedRules()) } },
  // The server process: startServer (server/src/server.ts) on a stdio or IPC connection.
  { entryPoints: ["server/src/main.ts"], outfile: "dist/server.js" },
  { entryPoints: ["client/src/extension.ts"], outfile: "dist/client.js", external: ["vscode"] },
  // Loaded by the client just after activation (client/src/languageClient.ts).
  { entryPoints: ["client/src/languageClient.ts"], outfile: "dist/languageClient.js", external: ["vscode"] },
  // The web extension (package.json "browser": vscode.dev, github.dev, a web worker extension
  // host) and its language server, dist/browserServer.js.
  // "vscode-languageclient/node" and "vscode-languageserver/node" resolve to their browser
  // builds here (their package.json "browser" maps); the Node-only modules are never imported.
  { entryPoints: ["client/src/browserExtension.ts"], outfile: "dist/browserClient.js", external: ["vscode"], ...browser },
  // One copy of the engine for both ways the web extension runs it: the bundle only defines
  // PolicyLensServer.startBrowserServer (see client/src/browserExtension.ts).
  { entryPoints: ["server/src/browserServer.ts"], outfile: "dist/browserServer.js", ...browser, format: "iife", globalName: "PolicyLensServer" },
];
const { existsSync } = await import("node:fs");
// `--only cli` (or server, client) builds one bundle, e.g. while another is mid-edit.
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const wanted = entries.filter((e) => existsSync(e.entryPoints[0]) && (!only || e.outfile === `dist/${only}.js`));
await Promise.all(wanted.map((e) => build({ ...common, ...e })));
if (watch) console.log("watch mode is not supported; rerun npm run build");
