#!/usr/bin/env node
"use strict";
// Entry point of the `policy-lens-language-server` command: the bundled language server in
// dist/, for LSP editors other than VS Code. Pass `--stdio` (or `--node-ipc`).
const path = require("node:path");
const fs = require("node:fs");
const server = path.join(__dirname, "..", "dist", "server.js");
if (!fs.existsSync(server)) {
  process.stderr.write("policy-lens-language-server: dist/server.js is missing; run `npm run build` first\n");
  process.exit(2);
}
require(server);
