#!/usr/bin/env bash
# The whole test suite: install, build (BUILD_DIR, default build-test), run
# ctest. With SANITIZE=1 the build uses -fsanitize=address,undefined.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
dir="${BUILD_DIR:-build-test}"
san=OFF
[ "${SANITIZE:-0}" = 1 ] && san=ON
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DLL_SANITIZE="$san" >/dev/null
cmake --build "$dir" -j"$(nproc)" >/dev/null
cd "$dir"
ctest --output-on-failure -j"$(nproc)"
