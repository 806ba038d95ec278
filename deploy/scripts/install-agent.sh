#!/usr/bin/env bash
# Installs mcp-agent on a node (or into a directory tree standing for one).
# Safe to run again: it changes only what differs and never touches an
# existing /srv/mcp/mcp-agent.toml. See RUNBOOK.md ("Install").
set -euo pipefail

prog=install-agent
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
deploy_dir="$(dirname "$here")"
root=/
source_dir="$(dirname "$deploy_dir")"

usage() {
  cat <<EOF
usage: install-agent.sh [--root DIR] [--source DIR]

Installs the MCP agent:
  - group and system user 'mcp' (no login shell, home /srv/mcp)
  - the program (dist/src, package.json, production node_modules) in /opt/mcp,
    and wrappers /usr/local/bin/mcp-agent and /usr/local/bin/mcp
  - /srv/mcp, /srv/mcp/certs, /srv/mcp/backups (0750, owned by mcp)
  - /srv/mcp/mcp-agent.toml from deploy/examples, only if there is none
  - the systemd units in /etc/systemd/system, then systemctl daemon-reload
It changes only what differs, so running it again is safe, and prints what
it changed and what was already in place. It enables and starts nothing.

options:
  --root DIR     install into DIR instead of / (for images and tests). The user
                 is added with useradd --prefix DIR when DIR/etc/passwd and
                 DIR/etc/group exist, else skipped; systemctl is not run.
  --source DIR   the built mcp tree to install the program from (needs
                 dist/src and package.json, and node_modules if the program
                 has dependencies); default: the repository holding this
                 script ($source_dir)
  -h, --help     print this help and exit
EOF
}

# Usage errors exit 2 (like mcp and mcp-agent); failures while installing exit 1.
usage_error() {
  echo "$prog: $* (see --help)" >&2
  exit 2
}
fail() {
  echo "$prog: $*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --root) [ $# -ge 2 ] || usage_error "--root needs a directory"; root="$2"; shift 2 ;;
    --root=*) root="${1#--root=}"; shift ;;
    --source) [ $# -ge 2 ] || usage_error "--source needs a directory"; source_dir="$2"; shift 2 ;;
    --source=*) source_dir="${1#--source=}"; shift ;;
    -*) usage_error "unknown option '$1'" ;;
    *) usage_error "unexpected argument '$1'" ;;
  esac
done

[ -n "$root" ] || usage_error "--root needs a directory"
[ -d "$root" ] || fail "--root $root: not a directory"
root="$(cd "$root" && pwd)"
[ "$root" = / ] && prefix="" || prefix="$root"
[ -d "$source_dir" ] || fail "--source $source_dir: not a directory"
source_dir="$(cd "$source_dir" && pwd)"
for f in package.json dist/src/bootstrap/agent/main.js dist/src/bootstrap/cli/main.js dist/src/bootstrap/cli/mcp.bundle.js; do
  [ -f "$source_dir/$f" ] || fail "$source_dir/$f is missing: build first (npm ci && npm run build in $source_dir)"
done
for f in systemd/mcp-agent.service systemd/mcp-agent-backup.service systemd/mcp-agent-backup.timer examples/mcp-agent.toml; do
  [ -f "$deploy_dir/$f" ] || fail "$deploy_dir/$f is missing: run the script from an mcp checkout"
done
command -v node >/dev/null || fail "node not found in PATH: install Node.js >= 20 first"

is_root=0
[ "$(id -u)" = 0 ] && is_root=1
changed=()
kept=()
note_changed() { changed+=("$1"); printf '  changed  %s\n' "$1"; }
note_kept() { kept+=("$1"); printf '  kept     %s\n' "$1"; }
warn() { printf '  warning  %s\n' "$1"; }

echo "$prog: installing into $root from $source_dir"

# --- group and user -----------------------------------------------------
# useradd/groupadd --prefix edit DIR/etc/{passwd,group,shadow,gshadow}
# without chroot; on / they are used as usual.
user_db_ok=1
prefix_args=()
if [ -n "$prefix" ]; then
  if [ -f "$prefix/etc/passwd" ] && [ -f "$prefix/etc/group" ]; then
    prefix_args=(--prefix "$prefix")
  else
    user_db_ok=0
    warn "user and group mcp not added: $prefix/etc/passwd or $prefix/etc/group does not exist"
  fi
fi
lookup() { # lookup passwd|group NAME -> the entry's numeric id, or nothing
  if [ -n "$prefix" ]; then
    awk -F: -v n="$2" '$1 == n { print $3; exit }' "$prefix/etc/$1"
  else
    getent "$1" "$2" | cut -d: -f3
  fi
}
mcp_uid=""
mcp_gid=""
if [ "$user_db_ok" = 1 ]; then
  if [ -n "$(lookup group mcp)" ]; then
    note_kept "group mcp"
  else
    groupadd "${prefix_args[@]}" --system mcp
    note_changed "group mcp (created)"
  fi
  if [ -n "$(lookup passwd mcp)" ]; then
    note_kept "user mcp"
  else
    useradd "${prefix_args[@]}" --system --gid mcp --home-dir /srv/mcp --no-create-home \
      --shell /usr/sbin/nologin --comment "MCP agent" mcp
    note_changed "user mcp (created: system user, no login, home /srv/mcp)"
  fi
  mcp_uid="$(lookup passwd mcp)"
  mcp_gid="$(lookup group mcp)"
fi
if [ "$is_root" = 0 ]; then
  warn "not running as root: owners are left as they are (files stay yours)"
fi

# --- helpers -------------------------------------------------------------
# owner_of_mcp USER_OR_ROOT GROUP_OR_ROOT -> uid:gid, or "" when unknown/not root
owner() {
  local u="$1" g="$2"
  [ "$is_root" = 1 ] || return 0
  [ "$u" = mcp ] && u="$mcp_uid" || u=0
  [ "$g" = mcp ] && g="$mcp_gid" || g=0
  [ -n "$u" ] && [ -n "$g" ] && echo "$u:$g"
  return 0
}

# ensure_dir PATH MODE OWNER(uid:gid or "")
ensure_dir() {
  local path="$prefix$1" mode="$2" own="$3" what=""
  if [ ! -d "$path" ]; then
    mkdir -p "$path"
    what="created"
  fi
  if [ "$(stat -c %a "$path")" != "${mode#0}" ]; then
    chmod "$mode" "$path"
    [ -n "$what" ] || what="mode set to $mode"
  fi
  if [ -n "$own" ] && [ "$(stat -c %u:%g "$path")" != "$own" ]; then
    chown "$own" "$path"
    [ -n "$what" ] || what="owner set to $own"
  fi
  if [ -n "$what" ]; then note_changed "$1/ ($what)"; else note_kept "$1/"; fi
}

# install_file SRC DEST MODE OWNER(uid:gid or "")
install_file() {
  local src="$1" dest="$prefix$2" mode="$3" own="$4"
  if [ -f "$dest" ] && cmp -s "$src" "$dest" && [ "$(stat -c %a "$dest")" = "${mode#0}" ] &&
    { [ -z "$own" ] || [ "$(stat -c %u:%g "$dest")" = "$own" ]; }; then
    note_kept "$2"
    return
  fi
  local existed=0
  [ -e "$dest" ] && existed=1
  mkdir -p "$(dirname "$dest")"
  # Write beside it and rename: a running program never sees half a file.
  cp "$src" "$dest.tmp.$$"
  chmod "$mode" "$dest.tmp.$$"
  [ -z "$own" ] || chown "$own" "$dest.tmp.$$"
  mv -f "$dest.tmp.$$" "$dest"
  if [ "$existed" = 1 ]; then note_changed "$2 (updated)"; else note_changed "$2 (installed)"; fi
}

# --- the program ----------------------------------------------------------
# Built in a staging directory beside /opt/mcp and swapped in only when it
# differs from what is installed.
ensure_dir /opt 0755 "$(owner root root)"
stage="$prefix/opt/.mcp.new.$$"
old="$prefix/opt/.mcp.old.$$"
list="$(mktemp)"
cleanup() { rm -rf "$stage" "$old" "$list"; }
trap cleanup EXIT
deps="$(node "$here/list-prod-deps.js" "$source_dir")" || fail "cannot list the production dependencies of $source_dir"
(
  cd "$source_dir"
  echo package.json
  find dist/src -print
  echo src/bootstrap/cli/mcp
  # Each package without its nested node_modules: nested packages the
  # program needs are listed on their own, dev-only ones are left behind.
  while IFS= read -r dep; do
    [ -n "$dep" ] || continue
    find "$dep" -path "$dep/node_modules" -prune -o -print
  done <<<"$deps"
) >"$list"
mkdir -p "$stage"
tar -C "$source_dir" --no-recursion -cf - -T "$list" | tar -C "$stage" --no-same-owner -xf -
# Program files are public and only root may change them.
chmod -R u+rwX,go+rX,go-w "$stage"
chmod 0755 "$stage"
[ "$is_root" = 1 ] && chown -R 0:0 "$stage"
manifest() { (cd "$1" && find . -printf '%y %m %U:%G %P\n' | LC_ALL=C sort); }
target="$prefix/opt/mcp"
if [ -d "$target" ] && diff -r -q --no-dereference "$stage" "$target" >/dev/null 2>&1 &&
  [ "$(manifest "$stage")" = "$(manifest "$target")" ]; then
  note_kept "/opt/mcp (program)"
else
  if [ -e "$target" ]; then
    mv "$target" "$old"
    mv "$stage" "$target"
    note_changed "/opt/mcp (program updated)"
  else
    mv "$stage" "$target"
    note_changed "/opt/mcp (program installed)"
  fi
fi

wrapper="$(mktemp)"
trap 'cleanup; rm -f "$wrapper"' EXIT
# mcp runs through the package's own launcher (src/bootstrap/cli/mcp), which
# starts node without NODE_EXTRA_CA_CERTS (see the launcher).
for pair in "mcp-agent:node dist/src/bootstrap/agent/main.js" "mcp:src/bootstrap/cli/mcp"; do
  name="${pair%%:*}"
  entry="${pair#*:}"
  runner=""
  case $entry in "node "*) runner="node " entry="${entry#node }" ;; esac
  # The wrapper finds /opt/mcp relative to itself, so a tree installed with
  # --root works both in place and once it becomes a real root.
  cat >"$wrapper" <<EOF
#!/bin/sh
# Installed by deploy/scripts/install-agent.sh: runs $name from /opt/mcp.
here=\$(dirname "\$(readlink -f "\$0")")
command -v node >/dev/null 2>&1 || { echo "$name: node (>= 20) not found in PATH" >&2; exit 1; }
exec $runner"\$here/../../../opt/mcp/$entry" "\$@"
EOF
  install_file "$wrapper" "/usr/local/bin/$name" 0755 "$(owner root root)"
done

# --- data directories and configuration ------------------------------------
[ -d "$prefix/srv" ] || ensure_dir /srv 0755 "$(owner root root)"
ensure_dir /srv/mcp 0750 "$(owner mcp mcp)"
ensure_dir /srv/mcp/certs 0750 "$(owner mcp mcp)"
ensure_dir /srv/mcp/backups 0750 "$(owner mcp mcp)"
config=/srv/mcp/mcp-agent.toml
if [ -e "$prefix$config" ] || [ -L "$prefix$config" ]; then
  note_kept "$config (the operator's; never overwritten)"
else
  install_file "$deploy_dir/examples/mcp-agent.toml" "$config" 0640 "$(owner root mcp)"
fi

# --- systemd units ----------------------------------------------------------
ensure_dir /etc/systemd/system 0755 "$(owner root root)"
for unit in mcp-agent.service mcp-agent-backup.service mcp-agent-backup.timer; do
  install_file "$deploy_dir/systemd/$unit" "/etc/systemd/system/$unit" 0644 "$(owner root root)"
done

if [ -n "$prefix" ]; then
  echo "  skipped  systemctl daemon-reload (--root $root: run it on that system)"
elif [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  systemctl daemon-reload
  echo "  ran      systemctl daemon-reload"
else
  echo "  skipped  systemctl daemon-reload (systemd is not running here); would run: systemctl daemon-reload"
fi

if [ -z "$prefix" ]; then
  command -v podman >/dev/null || warn "podman not found in PATH: the agent needs it (apt-get install podman)"
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || warn "node $(node --version) is too old: the agent needs Node.js >= 20"
fi

echo "$prog: ${#changed[@]} changed, ${#kept[@]} already in place"
cat <<EOF
next: edit $config ([agent] node_name, [monitor] alert_command), put agent.pem,
agent-key.pem (and ca.pem) in /srv/mcp/certs, issue a token with
'mcp-agent token issue --user <you> --role admin', then
'systemctl enable --now mcp-agent.service mcp-agent-backup.timer' (RUNBOOK.md).
EOF
