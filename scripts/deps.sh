#!/usr/bin/env bash
# Install the Debian packages the project needs, when any is missing.
# Idempotent and quick when all is there; uses sudo only when not root.
# `deps.sh gui` installs what a QEMU window needs (make qemu with a display).
set -euo pipefail

PKGS=(gcc-i686-linux-gnu binutils-i686-linux-gnu qemu-system-x86 bochs bochsbios vgabios
      bochs-term grub-pc-bin grub-common xorriso mtools check pkg-config gcovr make python3
      clang libclang-rt-dev
      util-linux)
[ "${1:-}" = gui ] && PKGS=(qemu-system-gui)

missing=()
for p in "${PKGS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
