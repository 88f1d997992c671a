#!/usr/bin/env bash
# Installs what the end-to-end suite needs: Debian's Chromium and code-server (a real VS Code
# workbench with a Node extension host) from npm. Idempotent: a finished install is marked
# with a stamp file and reused, so CI on the same machine pays the few minutes only once.
# The cache lives outside the repository because CI starts from a fresh clone.
# Recipe and workarounds: ../shared/recipes/code-server.md (code-server's postinstall
# downloads binaries from GitHub, which this machine cannot reach).
set -euo pipefail

CODE_SERVER_VERSION="4.100.3"
# pre-commit and git: test/e2e/preCommit.test.ts runs the hook with Debian's pre-commit;
# neovim: test/e2e/neovim.test.ts runs the README's Neovim snippet against the server.
# unzip: test/e2e/webExtension.test.ts lists what the .vsix holds.
APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium pre-commit git neovim unzip)

default_cache() {
  if [ -n "${POLICY_LENS_E2E_CACHE:-}" ]; then echo "$POLICY_LENS_E2E_CACHE"
  elif [ -w /var/cache ]; then echo /var/cache/policy-lens-e2e
  else echo "${XDG_CACHE_HOME:-$HOME/.cache}/policy-lens-e2e"; fi
}
CACHE="$(default_cache)"
DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
STAMP="$DIR/.installed"

log() { echo "[e2e-setup] $*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing_packages=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing_packages+=("$p")
done
if [ ${#missing_packages[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing_packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_packages[@]}"
else
  log "Debian packages present"
fi

# Two runs at once (CI and a developer) must not install over each other.
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

if [ -f "$STAMP" ]; then
  log "code-server $CODE_SERVER_VERSION already installed in $DIR"
  echo "$DIR"
  exit 0
fi

log "installing code-server $CODE_SERVER_VERSION into $DIR (a few minutes)"
# Start from nothing: a half-finished earlier attempt may have left broken native builds.
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
npm init -y >/dev/null
npm install --ignore-scripts --no-save "code-server@$CODE_SERVER_VERSION"
npm rebuild argon2

cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts
# @vscode/ripgrep's postinstall downloads rg from GitHub; Debian's ripgrep is the same tool.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild @parcel/watcher @vscode/deviceid @vscode/spdlog kerberos native-watchdog node-pty
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts)

node "$DIR/node_modules/code-server/out/node/entry.js" --version >/dev/null
date -u +%FT%TZ > "$STAMP"
log "code-server installed"
echo "$DIR"
