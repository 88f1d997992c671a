// Scores the built CLI on the labelled sets in ../shared/eval (not part of npm test:
// a user's clone has no ../shared).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shared = join(root, "..", "shared", "eval");
if (!existsSync(join(shared, "score.mjs"))) {
  console.error(`eval: ${shared}/score.mjs not found; npm run eval needs the shared evaluation folder beside the repo`);
  process.exit(2);
}
const verbose = process.argv.includes("--verbose");
let failed = false;
for (const set of ["dev", "cuad-dev"]) {
  console.log(`\n== ${set}`);
  try {
    const out = execFileSync(process.execPath, [join(shared, "score.mjs"), "--set", join(shared, set), "--cli", `${process.execPath} ${join(root, "bin", "policy-lens.js")}`, ...(verbose ? ["--verbose"] : [])], { encoding: "utf8", maxBuffer: 1 << 28 });
    process.stdout.write(out);
  } catch (e) {
    failed = true;
    process.stdout.write(e.stdout ?? "");
    console.error(e.message);
  }
}
process.exit(failed ? 1 : 0);
