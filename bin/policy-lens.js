#!/usr/bin/env node
"use strict";
// Entry point of the `policy-lens` command: the bundled CLI in dist/.
const path = require("node:path");
const fs = require("node:fs");
const cli = path.join(__dirname, "..", "dist", "cli.js");
if (!fs.existsSync(cli)) {
  process.stderr.write("policy-lens: dist/cli.js is missing; run `npm run build` first\n");
  process.exit(2);
}
const { runCli } = require(cli);
try {
  process.exitCode = runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  });
} catch (e) {
  // A bug must not look like exit status 1 ("error findings"): 2 is "could not check".
  process.stderr.write(`policy-lens: internal error (please report it): ${(e && e.stack) || e}\n`);
  process.exitCode = 2;
}
