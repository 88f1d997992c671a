// Bundles the mocha suite for an extension host, which loads CommonJS. `vscode` comes from
// the host; mocha is resolved from this repository's node_modules at run time.
import { join } from "node:path";
import { build } from "esbuild";

export async function buildSuite(outDir: string): Promise<string> {
  const outfile = join(outDir, "index.js");
  await build({
    entryPoints: [join(__dirname, "suite", "index.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node18",
    sourcemap: true,
    external: ["vscode", "mocha"],
    logLevel: "warning",
  });
  return outfile;
}
