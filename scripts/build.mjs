// Bundles the CLI, the language server and the extension client with esbuild.
import { build } from "esbuild";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
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

// The engine (server/src/engine and its libraries: markdown-it, yaml, zod, the rules and the
// learned weights) is most of a server, so both servers share one copy of it in the .vsix:
// dist/engine.js, a script that defines PolicyLensEngine (every engine module's exports, by
// path) and is also a CommonJS module. dist/server.js requires it; the web extension
// evaluates it before dist/browserServer.js (client/src/browserExtension.ts). The engine has
// no Node APIs (ARCHITECTURE.md), so one browser build of it runs in both.
const ENGINE_DIR = join(root, "server", "src", "engine");
const ENGINE_GLOBAL = "PolicyLensEngine";
const engineModules = (dir = ENGINE_DIR) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? engineModules(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []));
const engineKey = (file) => relative(ENGINE_DIR, file).replace(/\.ts$/, "").split(sep).join("/");
const engineEntry = {
  stdin: {
    contents: engineModules().map((file, i) => `import * as m${i} from ${JSON.stringify(file)};`).join("\n") + `\nexport default {${engineModules().map((file, i) => `${JSON.stringify(engineKey(file))}: m${i}`).join(", ")}};`,
    resolveDir: root,
    sourcefile: "engine-modules.js",
  },
  outfile: "dist/engine.js",
  ...browser,
  format: "iife",
  globalName: ENGINE_GLOBAL,
  footer: { js: `typeof module=="object"&&module.exports&&(module.exports=${ENGINE_GLOBAL});` },
};
/** Imports of engine modules from outside the engine read them from dist/engine.js: `require` in Node, the global in a browser. */
const sharedEngine = (how) => ({
  name: "shared-engine",
  setup(b) {
    b.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData === "resolving" || args.importer.startsWith(ENGINE_DIR + sep)) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: "resolving" });
      if (resolved.errors.length || !resolved.path.startsWith(ENGINE_DIR + sep)) return undefined;
      return { path: engineKey(resolved.path), namespace: "shared-engine" };
    });
    // dist/server.js requires its neighbour at run time.
    b.onResolve({ filter: /^\.\/engine\.js$/, namespace: "shared-engine" }, (args) => ({ path: args.path, external: true }));
    const engine = how === "require" ? `require("./engine.js").default` : `${ENGINE_GLOBAL}.default`;
    b.onLoad({ filter: /.*/, namespace: "shared-engine" }, (args) => ({ contents: `module.exports = ${engine}[${JSON.stringify(args.path)}];`, loader: "js" }));
  },
});

/**
 * The language client libraries' own imports of each other's package root resolve to their
 * platform-neutral modules (lib/common/api.js), not to the Node build: the bundle serves the
 * web too, and requires "vscode-languageclient/node" or "/browser" only in the build that runs.
 */
const platformNeutralLibraries = {
  name: "platform-neutral-libraries",
  setup(b) {
    b.onResolve({ filter: /^(vscode-languageclient|vscode-languageserver-protocol|vscode-jsonrpc)$/ }, (args) => ({
      path: join(dirname(fileURLToPath(import.meta.resolve(`${args.path}/package.json`))), "lib", "common", "api.js"),
    }));
  },
};

// The built-in rule set as the engine validates it (zod's parse, defaults filled in), for the
// CLI to read as JSON: the parse cost every CLI process ~50 ms (engine/analyze.ts builtinRules).
async function validatedRules() {
  const out = await build({ ...common, entryPoints: ["scripts/validated-rules.ts"], absWorkingDir: root, write: false, minify: false, sourcemap: false });
  const module = { exports: {} };
  new Function("module", "exports", "require", out.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports.validatedRulesJson();
}
const entries = [
  { entryPoints: ["server/src/cli/main.ts"], outfile: "dist/cli.js", define: { ...common.define, POLICY_LENS_VALIDATED_RULES: JSON.stringify(await validatedRules()) } },
  engineEntry,
  // The server process: startServer (server/src/server.ts) on a stdio or IPC connection.
  { entryPoints: ["server/src/main.ts"], outfile: "dist/server.js", plugins: [sharedEngine("require")] },
  { entryPoints: ["client/src/extension.ts"], outfile: "dist/client.js", external: ["vscode"] },
  // The language client of both builds (client/src/languageClientBundle.ts): required by
  // dist/client.js just after activation, and the web extension's entry (package.json
  // "browser": vscode.dev, github.dev, a web worker extension host).
  { entryPoints: ["client/src/languageClientBundle.ts"], outfile: "dist/languageClient.js", external: ["vscode"], plugins: [platformNeutralLibraries] },
  // The web extension's language server, dist/browserServer.js.
  // "vscode-languageserver/node" resolves to its browser build here (its package.json
  // "browser" map); the Node-only modules are never imported.
  // Both ways the web extension runs its server evaluate dist/engine.js and then this bundle,
  // which only defines PolicyLensServer.startBrowserServer (see client/src/browserExtension.ts).
  { entryPoints: ["server/src/browserServer.ts"], outfile: "dist/browserServer.js", ...browser, format: "iife", globalName: "PolicyLensServer", plugins: [sharedEngine("global")] },
];
// `--only cli` (or server, client) builds one bundle, e.g. while another is mid-edit.
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const wanted = entries.filter((e) => (e.stdin || existsSync(e.entryPoints[0])) && (!only || e.outfile === `dist/${only}.js`));
await Promise.all(wanted.map((e) => build({ ...common, ...e, absWorkingDir: root })));
if (watch) console.log("watch mode is not supported; rerun npm run build");
