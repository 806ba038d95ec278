#!/usr/bin/env bash
# The MCP demo: a local agent (TLS, SQLite, podman) and a service deployed
# from a TOML file, then `mcp ps` and `mcp status`.
#   bash scripts/demo.sh         set up (idempotent) and run the demo
#   bash scripts/demo.sh stop    stop the agent, remove the demo container and image, delete .demo/
# Everything lives in .demo/ in this checkout; nothing in /etc is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DEMO=$ROOT/.demo
PORT=${MCP_DEMO_PORT:-9444}
CONF_FILE=$DEMO/containers.conf
REGISTRIES_FILE=$DEMO/registries.conf
export MCP_CONFIG=$DEMO/mcp.toml
IMAGE=localhost/mcp-demo/web:v1
mcp() { "$ROOT/src/bootstrap/cli/mcp" "$@"; }
agent() { node "$ROOT/dist/src/bootstrap/agent/main.js" "$@"; }
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

stop_demo() {
  if [ -f "$DEMO/ui.pid" ]; then kill -TERM "$(cat "$DEMO/ui.pid")" 2>/dev/null || true; fi
  if [ -f "$DEMO/agent.pid" ] && kill -0 "$(cat "$DEMO/agent.pid")" 2>/dev/null; then
    kill -TERM "$(cat "$DEMO/agent.pid")"
    for _ in $(seq 50); do kill -0 "$(cat "$DEMO/agent.pid")" 2>/dev/null || break; sleep 0.2; done
  fi
  if [ -f "$CONF_FILE" ]; then
    export CONTAINERS_CONF=$CONF_FILE CONTAINERS_REGISTRIES_CONF=$REGISTRIES_FILE
    podman rm --force --ignore --time=0 web >/dev/null 2>&1 || true
    podman rmi --force --ignore "$IMAGE" >/dev/null 2>&1 || true
  fi
  rm -rf "$DEMO"
  echo "demo stopped and cleaned up"
}
if [ "${1:-}" = "stop" ]; then stop_demo; exit 0; fi

say "1/6 system packages (podman, runc, busybox-static) and the build"
bash .ci/install-system-deps.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build

say "2/6 podman configuration for this machine, and the demo image built locally"
mkdir -p "$DEMO"
# runc and lowered ulimits: what podman needs on machines where crun cannot
# manage cgroups and the process may not raise rlimits (harmless elsewhere).
cat > "$CONF_FILE" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
echo 'unqualified-search-registries = []' > "$REGISTRIES_FILE"
export CONTAINERS_CONF=$CONF_FILE CONTAINERS_REGISTRIES_CONF=$REGISTRIES_FILE
if ! podman image exists "$IMAGE"; then
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs/bin" "$rootfs/www"
  cp /bin/busybox "$rootfs/bin/busybox"
  for tool in sh httpd sleep; do ln -s busybox "$rootfs/bin/$tool"; done
  echo '<h1>hello from mcp</h1>' > "$rootfs/www/index.html"
  tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/httpd","-f","-p","8080","-h","/www"]' - "$IMAGE" >/dev/null
  rm -rf "$rootfs"
fi

say "3/6 certificates, agent configuration and an admin token"
bash scripts/make-certs.sh "$DEMO/certs" >/dev/null
mkdir -p "$DEMO/services"
cp deploy/examples/demo/web.toml "$DEMO/services/web.toml"
cat > "$DEMO/mcp-agent.toml" <<CONF
[server]
grpc_addr = "127.0.0.1:$PORT"
tls_cert = "$DEMO/certs/agent.pem"
tls_key = "$DEMO/certs/agent-key.pem"
[database]
path = "$DEMO/mcp.db"
[auth]
tokens_file = "$DEMO/tokens"
[agent]
node_name = "local"
services_root = "$DEMO/srv"
backup_dir = "$DEMO/backups"
[monitor]
interval = "10s"
alert_command = ["/bin/sh", "-c", "echo \"\$MCP_ALERT_TYPE \$MCP_MESSAGE\" >> $DEMO/alerts.log"]
CONF
cat > "$MCP_CONFIG" <<CONF
[services]
dir = "$DEMO/services"
[auth]
token_path = "$DEMO/token"
[tls]
ca_cert = "$DEMO/certs/ca.pem"
[[nodes]]
name = "local"
address = "127.0.0.1:$PORT"
CONF
if [ ! -s "$DEMO/token" ]; then
  agent token issue --user demo --role admin --config "$DEMO/mcp-agent.toml" | mcp login --token-stdin
fi

say "4/6 the agent, in the background (log: .demo/agent.log)"
if ! { [ -f "$DEMO/agent.pid" ] && kill -0 "$(cat "$DEMO/agent.pid")" 2>/dev/null; }; then
  nohup node "$ROOT/dist/src/bootstrap/agent/main.js" server --config "$DEMO/mcp-agent.toml" >"$DEMO/agent.log" 2>&1 &
  echo $! > "$DEMO/agent.pid"
  for _ in $(seq 100); do grep -q '"agent listening"' "$DEMO/agent.log" 2>/dev/null && break; sleep 0.2; done
  grep -q '"agent listening"' "$DEMO/agent.log" || { cat "$DEMO/agent.log"; echo "the agent did not start" >&2; exit 1; }
fi

say "5/6 mcp deploy web   (from .demo/services/web.toml)"
mcp deploy web
echo; curl -fsS http://127.0.0.1:8088/ 2>/dev/null || wget -qO- http://127.0.0.1:8088/ 2>/dev/null || true

say "6/6 mcp ps, then mcp status web"
mcp ps
echo
mcp status web

# The dashboard, in the background too: the CLI serves it on loopback, with a key new each start.
UI_PORT=${MCP_DEMO_UI_PORT:-9446}
if ! { [ -f "$DEMO/ui.pid" ] && kill -0 "$(cat "$DEMO/ui.pid")" 2>/dev/null; }; then
  # The log holds the URL with the session key: only this user may read it (as the token file).
  install -m 600 /dev/null "$DEMO/ui.log"
  nohup "$ROOT/src/bootstrap/cli/mcp" ui --listen "127.0.0.1:$UI_PORT" >"$DEMO/ui.log" 2>&1 &
  echo $! > "$DEMO/ui.pid"
fi
for _ in $(seq 100); do grep -q '?key=' "$DEMO/ui.log" 2>/dev/null && break; sleep 0.2; done
UI_URL=$(grep -o 'https\?://[^ ]*?key=[^ ]*' "$DEMO/ui.log" | tail -n 1 || true)

cat <<DONE

The agent keeps running. Try:
  export MCP_CONFIG=$MCP_CONFIG CONTAINERS_CONF=$CONF_FILE
  src/bootstrap/cli/mcp list                      # what the agent holds (\`npm link\` puts mcp on your PATH)
  podman stop web; sleep 12; cat .demo/alerts.log # the monitor notices drift

Stop and clean up:  bash scripts/demo.sh stop

The dashboard of this agent (served by the CLI on loopback; log: .demo/ui.log):
  ${UI_URL:-(mcp ui did not start: see .demo/ui.log)}
DONE
