#!/usr/bin/env bash
# Installs what the integration and browser tests need to run a real VS Code offline (see
# ../shared/RUNTIME.md): Debian's chromium and libkrb5-dev, and code-server from npm (VS Code 1.100
# server + web workbench) into .vscode-test/code-server. Idempotent: a second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."

CODE_SERVER_VERSION=4.100.3
RIPGREP_CACHE_VERSION=1.15.11          # the @vscode/ripgrep that code-server's VS Code installs
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
DEST=.vscode-test/code-server

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
# The merge driver's tests (test/unit/merge*.test.ts) run real git.
command -v git >/dev/null 2>&1 || need_apt+=(git)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} from Debian"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -f "$DEST/node_modules/code-server/package.json" ] &&
   grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$DEST/node_modules/code-server/package.json"; then
  exit 0
fi

echo "installing code-server $CODE_SERVER_VERSION into $DEST"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# @vscode/ripgrep downloads rg from GitHub in its postinstall; seed its cache with the same binary
# from the npm registry so the download is never tried.
mkdir -p "$work/tmp/vscode-ripgrep-cache-$RIPGREP_CACHE_VERSION" "$work/rg"
(cd "$work/rg" && npm pack --silent @vscode/ripgrep-linux-x64@1.18.0 >/dev/null && tar xzf ./*.tgz)
tar czf "$work/tmp/vscode-ripgrep-cache-$RIPGREP_CACHE_VERSION/$RIPGREP_ASSET" -C "$work/rg/package/bin" rg

rm -rf "$DEST"
mkdir -p "$DEST"
cd "$DEST"
echo '{"name":"marginalia-code-server","private":true}' > package.json
TMPDIR="$work/tmp" npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm --foreground-scripts=false \
  "code-server@$CODE_SERVER_VERSION" > "$work/install.log" 2>&1 || { tail -40 "$work/install.log"; exit 1; }
test -x node_modules/.bin/code-server
echo "code-server $CODE_SERVER_VERSION ready"
