// Packages the VS Code extension (policy-lens.vsix) with only the files it loads, and fails if
// the .vsix ships anything else or grows past VSIX_LIMIT_BYTES. package.json `files` is the
// npm package's allow-list, which also carries the CLI (bin/, dist/cli.js) and the docs; vsce 3
// refuses a .vscodeignore beside `files`, so the .vsix is packed from a staging folder whose
// package.json lists VSIX_FILES instead. `node scripts/package-vsix.mjs [out.vsix]`; run after
// `npm run build`.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** What the extension loads, besides package.json and README.md (vsce always packs them); each says who loads it. */
export const VSIX_FILES = [
  "dist/client.js", // package.json main
  "dist/languageClient.js", // required by dist/client.js after activation; package.json browser
  "dist/server.js", // the language server process (languageClient.ts)
  "dist/engine.js", // required by dist/server.js; evaluated before dist/browserServer.js on the web
  "dist/browserServer.js", // the web extension's server (WEB_SERVER_SCRIPTS in server/src/protocol.ts)
  "docs/rules.md", // Policy Lens: Open rule reference, and the diagnostics' rule links
  "samples/contract-chatbot-missing-terms.md", // Policy Lens: Open a sample contract
  "schemas/policylens.schema.json", // contributes.jsonValidation / yamlValidation
  "syntaxes/policy-lens.injection.tmLanguage.json", // contributes.grammars
  "media/walkthrough/", // contributes.walkthroughs
  "LICENSE", // packed as LICENSE.txt; the Marketplace links it
];

/**
 * The .vsix may not grow past this (README: "0.5 MB"). It was 1,380,183 bytes on 2026-12-07
 * (the CLI, screenshots and every doc were packed, each server carried its own engine and each
 * build its own language client), then 502,558 bytes.
 */
export const VSIX_LIMIT_BYTES = 560 * 1024;

/** Packs the staged extension into `out` with vsce; returns its size in bytes. */
export function packageVsix(out) {
  const stage = mkdtempSync(join(tmpdir(), "policy-lens-vsix-"));
  try {
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    // vsce checks that every `files` entry matches a packed file.
    writeFileSync(join(stage, "package.json"), JSON.stringify({ ...manifest, files: VSIX_FILES, scripts: undefined, devDependencies: undefined }, null, 2) + "\n");
    copyFileSync(join(root, "README.md"), join(stage, "README.md"));
    for (const entry of VSIX_FILES) {
      const from = join(root, entry);
      mkdirSync(dirname(join(stage, entry)), { recursive: true });
      cpSync(from, join(stage, entry), { recursive: true });
    }
    const vsce = join(root, "node_modules", "@vscode", "vsce", "vsce");
    execFileSync(process.execPath, [vsce, "package", "--no-dependencies", "-o", out], { cwd: stage, stdio: ["ignore", "inherit", "inherit"] });
    return statSync(out).size;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(root, process.argv[2] ?? "policy-lens.vsix");
  const size = packageVsix(out);
  if (size > VSIX_LIMIT_BYTES) {
    console.error(`${out} is ${size} bytes, over the ${VSIX_LIMIT_BYTES}-byte limit (VSIX_LIMIT_BYTES in scripts/package-vsix.mjs).`);
    process.exit(1);
  }
  console.log(`${out}: ${size} bytes (limit ${VSIX_LIMIT_BYTES})`);
}
