#!/usr/bin/env bash
# Install what ledgerlift needs to build and test on Debian 12 (as root, or
# with sudo). Installs only what is missing, so a second run is quick.
set -euo pipefail
PKGS="build-essential cmake pkg-config libcurl4-openssl-dev libjansson-dev
libxlsxwriter-dev libcsv-dev zlib1g-dev libsqlite3-dev libmicrohttpd-dev
libexpat1-dev libssl-dev tzdata procps python3 python3-openpyxl python3-jsonschema python3-yaml curl"
missing=""
for p in $PKGS; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
