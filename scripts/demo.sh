#!/usr/bin/env bash
# The main job on the shipped samples: install, build, plan the Xero
# migration of samples/ and write the audit workbook ledgerlift-audit.xlsx.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
rc=0
./build/ledgerlift plan --state ledgerlift-demo.db --report ledgerlift-audit.xlsx samples/ || rc=$?
# 3 = planned, with skipped files or warnings listed in the workbook
[ "$rc" = 0 ] || [ "$rc" = 3 ] || exit "$rc"
echo "audit workbook: $(pwd)/ledgerlift-audit.xlsx"
