#!/usr/bin/env bash
# install-deps.sh — install the Debian packages siteplan needs, if missing.
# Safe to run repeatedly: it does nothing when everything is there.
# `install-deps.sh fuzz` also installs clang and libFuzzer (make fuzz only);
# `install-deps.sh osmread` also libreadosm (make bench-osmread only).
set -euo pipefail
pkgs=(build-essential pkg-config
      libgdal-dev gdal-bin libgeos-dev libproj-dev proj-data
      libcairo2-dev libpango1.0-dev libglib2.0-dev libjson-c-dev libglpk-dev libssl-dev
      fonts-noto-cjk fonts-noto-core fonts-dejavu-core poppler-utils jq
      python3 osmium-tool time)
pkgs+=(openmpi-bin libopenmpi-dev) # siteplan-mpi (make mpi) and its test
[ "${1:-}" = fuzz ] && pkgs+=(clang libclang-rt-14-dev)
[ "${1:-}" = osmread ] && pkgs+=(libreadosm-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "siteplan: installing missing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
