#!/usr/bin/env bash
# System packages the test suite needs (SPEC.md "Testing"): podman with runc,
# busybox-static (test images are built from /bin/busybox), and Debian's
# docker-registry (a local registry on 127.0.0.1, so pulls are real).
# Idempotent: apt runs only when something is missing. Run as root (or with sudo).
set -euo pipefail

# command → Debian package providing it
declare -A NEEDED=(
  [podman]=podman
  [runc]=runc
  [conmon]=conmon
  [busybox]=busybox-static
  [docker-registry]=docker-registry
  [slirp4netns]=slirp4netns
  [fuse-overlayfs]=fuse-overlayfs
  [newuidmap]=uidmap
  [iptables]=iptables
  [tar]=tar
  [systemd-analyze]=systemd   # test/integration/deploy verifies the units
  [dockerd]=docker.io         # the docker runtime adapter's real engine
  [prometheus]=prometheus     # a real scrape of /metrics
  [promtool]=prometheus       # promtool check metrics
  [podman-compose]=podman-compose  # export --format compose is run for real
  [catatonit]=catatonit            # podman kube play builds its pod pause image with it
  [chromium]=chromium              # mcp ui is tested in a real headless browser (playwright-core, no download)
)

missing=()
for cmd in "${!NEEDED[@]}"; do
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ] && [ ! -x "/sbin/$cmd" ]; then
    missing+=("${NEEDED[$cmd]}")
  fi
done
# busybox must be the static build: it is copied alone into an empty rootfs.
if command -v busybox >/dev/null 2>&1 && ! dpkg -s busybox-static >/dev/null 2>&1; then
  missing+=(busybox-static)
fi

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-system-deps: everything present"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "install-system-deps: installing ${missing[*]}"
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y \
    "${missing[@]}"
fi

podman --version
runc --version | head -n 1
dockerd --version
promtool --version 2>&1 | head -n 1
