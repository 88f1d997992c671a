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
const cli = `${process.execPath} ${join(root, "bin", "policy-lens.js")}`;
let failed = false;
const score = (label, dir) => {
  console.log(`\n== ${label}`);
  try {
    const out = execFileSync(process.execPath, [join(shared, "score.mjs"), "--set", dir, "--cli", cli, ...(verbose ? ["--verbose"] : [])], { encoding: "utf8", maxBuffer: 1 << 28 });
    process.stdout.write(out);
  } catch (e) {
    failed = true;
    process.stdout.write(e.stdout ?? "");
    console.error(e.message);
  }
};
// real-dev (documents written by others) is the headline; dev and cuad-dev are regression sets.
for (const set of ["real-dev", "dev", "cuad-dev"]) if (existsSync(join(shared, set))) score(set, join(shared, set));
// real-dev's odd- and even-numbered halves: rules are developed on the odd half, so the even
// half's score is the closer estimate for documents nobody has tuned on.
if (process.argv.includes("--halves") && existsSync(join(shared, "real-dev"))) {
  const { mkdtempSync, readdirSync, symlinkSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const realDev = join(shared, "real-dev");
  for (const [half, odd] of [["odd", true], ["even", false]]) {
    const dir = mkdtempSync(join(tmpdir(), `policy-lens-real-${half}-`));
    for (const name of readdirSync(realDev)) {
      const n = /^r[a-z](\d+)-/.exec(name);
      if (n && (Number(n[1]) % 2 === 1) === odd) symlinkSync(join(realDev, name), join(dir, name));
    }
    score(`real-dev, ${half}-numbered documents`, dir);
  }
}
// The seed article, as a news note, must show what the product was started for.
const seed = join(root, "..", "shared", "seed");
if (existsSync(seed)) {
  const { readdirSync, readFileSync } = await import("node:fs");
  for (const name of readdirSync(seed).filter((f) => /\.(txt|md)$/.test(f))) {
    const file = join(seed, name);
    const text = readFileSync(file, "utf8");
    let out;
    try {
      out = execFileSync(process.execPath, [join(root, "bin", "policy-lens.js"), "check", "--format", "json", file], { encoding: "utf8" });
    } catch (e) {
      out = e.stdout;
    }
    const [report] = JSON.parse(out);
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
    const quote = (f) => text.slice(starts[f.range.start.line] + f.range.start.character, starts[f.range.end.line] + f.range.end.character);
    const found = report.findings.map((f) => ({ ...f, quote: quote(f) }));
    const expect = [
      ["news-note kind", report.kind === "news-note"],
      ["misspoken all-networks remark", found.some((f) => f.category === "claim" && /misspoken/.test(f.quote))],
      ["anonymous source", found.some((f) => f.rule === "claim/anonymous-source" && /A source/.test(f.quote))],
      ["reported red lines", found.filter((f) => f.category === "red-line").length >= 3],
      ["their loopholes", ["intentionally", "U.S. citizens and subjects"].every((q) => found.some((f) => f.category === "loophole" && f.quote === q))],
      ["sovereignty needs", found.some((f) => f.category === "sovereignty" && /data protection.*European servers.*exit strategy/.test(f.quote))],
    ];
    console.log(`\n== seed ${name}`);
    for (const [what, ok] of expect) {
      console.log(`${ok ? "ok  " : "MISS"} ${what}`);
      if (!ok) failed = true;
    }
  }
}
process.exit(failed ? 1 : 0);
