#!/usr/bin/env bash
# Makes a private CA and a server certificate for mcp-agent.
#
#   scripts/make-certs.sh [--force] <dir> [hostname|ip ...]
#
# <dir>/ca.pem, ca-key.pem      the CA (kept if present, unless --force)
# <dir>/agent.pem, agent-key.pem the agent's certificate, SAN = localhost,
#                                127.0.0.1 and every extra name or IP given
#
# Re-running is safe: an existing CA is never replaced without --force (every
# client that trusts it would break), and the agent certificate is only
# re-issued when it is missing, not signed by the CA, or has other SANs.
set -euo pipefail

usage() {
  echo "usage: $0 [--force] <dir> [hostname|ip ...]" >&2
  exit 2
}

force=0
args=()
for a in "$@"; do
  case "$a" in
    --force) force=1 ;;
    -h | --help) usage ;;
    -*) echo "make-certs: unknown option $a" >&2; usage ;;
    *) args+=("$a") ;;
  esac
done
[ "${#args[@]}" -ge 1 ] || usage
dir="${args[0]}"
extra=("${args[@]:1}")

command -v openssl >/dev/null || { echo "make-certs: openssl not found in PATH" >&2; exit 1; }

umask 077
mkdir -p "$dir"
ca="$dir/ca.pem"
ca_key="$dir/ca-key.pem"
cert="$dir/agent.pem"
key="$dir/agent-key.pem"

is_ip() {
  [[ "$1" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || [[ "$1" == *:* ]]
}

# SAN list in a stable order, duplicates dropped, so re-runs compare equal.
declare -A seen=()
san_parts=()
for name in localhost 127.0.0.1 "${extra[@]}"; do
  [ -n "$name" ] || continue
  if [[ ! "$name" =~ ^[A-Za-z0-9.:*-]+$ ]]; then
    echo "make-certs: refusing name '$name': only letters, digits, '.', '-', ':' and '*' are allowed" >&2
    exit 2
  fi
  [ -z "${seen[$name]:-}" ] || continue
  seen[$name]=1
  if is_ip "$name"; then san_parts+=("IP:$name"); else san_parts+=("DNS:$name"); fi
done
san="$(IFS=,; echo "${san_parts[*]}")"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ "$force" = 1 ] || [ ! -s "$ca" ] || [ ! -s "$ca_key" ]; then
  cat >"$tmp/ca.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
x509_extensions = v3_ca
[dn]
CN = MCP private CA
[v3_ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$tmp/ca-key.pem" -out "$tmp/ca.pem" -days 3650 -config "$tmp/ca.cnf" 2>"$tmp/err" \
    || { cat "$tmp/err" >&2; exit 1; }
  mv -f "$tmp/ca-key.pem" "$ca_key"
  mv -f "$tmp/ca.pem" "$ca"
  rm -f "$cert" "$key"   # signed by the old CA: useless now
  echo "make-certs: made CA $ca"
else
  echo "make-certs: keeping existing CA $ca (use --force to replace it)"
fi

current_san() {
  openssl x509 -in "$cert" -noout -ext subjectAltName 2>/dev/null \
    | tail -n +2 | tr -d ' ' | sed -e 's/IPAddress:/IP:/g'
}

reissue=0
if [ ! -s "$cert" ] || [ ! -s "$key" ]; then
  reissue=1
elif ! openssl verify -CAfile "$ca" "$cert" >/dev/null 2>&1; then
  reissue=1
elif [ "$(current_san)" != "$san" ]; then
  reissue=1
fi

if [ "$reissue" = 1 ]; then
  cat >"$tmp/agent.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = mcp-agent
[v3_agent]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $san
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$tmp/agent-key.pem" -out "$tmp/agent.csr" -config "$tmp/agent.cnf" 2>"$tmp/err" \
    || { cat "$tmp/err" >&2; exit 1; }
  openssl x509 -req -in "$tmp/agent.csr" -CA "$ca" -CAkey "$ca_key" -CAcreateserial \
    -CAserial "$tmp/ca.srl" -out "$tmp/agent.pem" -days 825 \
    -extfile "$tmp/agent.cnf" -extensions v3_agent 2>"$tmp/err" \
    || { cat "$tmp/err" >&2; exit 1; }
  mv -f "$tmp/agent-key.pem" "$key"
  mv -f "$tmp/agent.pem" "$cert"
  echo "make-certs: made $cert for $san"
else
  echo "make-certs: keeping $cert ($san)"
fi

# Keys are secrets; certificates are public.
chmod 0600 "$ca_key" "$key"
chmod 0644 "$ca" "$cert"
