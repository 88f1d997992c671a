// The README's Neovim snippet, exactly as printed there, in a headless Neovim (Debian's,
// installed by scripts/e2e-setup.sh) against `policy-lens-language-server --stdio`: the
// settings it sends reach the server (the profile's extra missing terms appear) and a hover
// explains a loophole.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { REPO_ROOT } from "./codeServer";

const found = spawnSync("nvim", ["--version"], { encoding: "utf8" });
if (found.error || found.status !== 0) {
  test("Neovim prerequisites", () => assert.fail("nvim is not installed: run `bash scripts/e2e-setup.sh` (apt-get install neovim)"));
} else {
  const work = mkdtempSync(join(tmpdir(), "policy-lens-nvim-"));
  after(() => rmSync(work, { recursive: true, force: true }));

  test(`the README's Neovim snippet gets diagnostics and hovers (${found.stdout.split("\n")[0]})`, () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const snippet = /### Neovim[\s\S]*?```lua\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(snippet, "the README has a Lua snippet under ### Neovim");
    // The command as `npm install -g` puts it on the PATH.
    mkdirSync(join(work, "bin"));
    symlinkSync(join(REPO_ROOT, "bin", "policy-lens-language-server.js"), join(work, "bin", "policy-lens-language-server"));
    copyFileSync(join(REPO_ROOT, "samples", "contract-chatbot-missing-terms.md"), join(work, "contract.md"));
    const out = join(work, "result.json");
    // After the snippet: wait for diagnostics, ask for the hover on "intentionally" (line 19,
    // column 40), write both out, quit.
    const harness = `
local out = ${JSON.stringify(out)}
local timer = vim.loop.new_timer()
local waited = 0
timer:start(500, 250, vim.schedule_wrap(function()
  waited = waited + 250
  local diagnostics = vim.diagnostic.get(0)
  if #diagnostics == 0 and waited < 60000 then return end
  timer:stop()
  local messages = {}
  for _, d in ipairs(diagnostics) do table.insert(messages, d.message) end
  local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 18, character = 40 } }
  local hovers = {}
  for _, r in pairs(vim.lsp.buf_request_sync(0, "textDocument/hover", params, 10000) or {}) do
    if r.result then table.insert(hovers, r.result.contents.value or "") end
  end
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode({ messages = messages, hovers = hovers }))
  f:close()
  vim.cmd("qa!")
end))
`;
    writeFileSync(join(work, "init.lua"), `${snippet}\n${harness}`);
    const run = spawnSync("nvim", ["--headless", "-u", join(work, "init.lua"), "contract.md"], {
      cwd: work,
      env: { ...process.env, PATH: `${join(work, "bin")}:${process.env.PATH}` },
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.ok(existsSync(out), `Neovim wrote no result (status ${run.status}):\n${run.stdout}\n${run.stderr}`);
    const { messages, hovers } = JSON.parse(readFileSync(out, "utf8")) as { messages: string[]; hovers: string[] };
    assert.ok(messages.some((m) => /^No exit strategy/.test(m)), messages.join("\n"));
    assert.ok(messages.some((m) => /^Loophole: intent test "intentionally"/.test(m)), messages.join("\n"));
    // Required only by the eu-public-sector profile the snippet's settings choose.
    assert.ok(messages.some((m) => /^No data-protection term/.test(m)), `the snippet's settings reached the server:\n${messages.join("\n")}`);
    assert.ok(hovers.some((h) => /loophole\/intent-test/.test(h) && /Why it matters/.test(h)), hovers.join("\n---\n"));
  });
}
