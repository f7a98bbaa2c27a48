# lib.sh - shared helpers for the end-to-end scripts. Each script gets the
# ledgerlift binary as $1, works in a fresh temp folder, and exits 0 (pass),
# 1 (fail) or 77 (skipped). Assertions print what was expected and got.
set -u
LL="$1"
# Debian's python3 (with python3-openpyxl), not whatever python3 is first on PATH
PY="${LL_PYTHON:-/usr/bin/python3}"
[ -x "$PY" ] || PY=python3
SRC="${LL_SOURCE_DIR:?LL_SOURCE_DIR must be set}"
T=$(mktemp -d "${TMPDIR:-/tmp}/ll-e2e-XXXXXX")
trap 'rm -rf "$T"' EXIT
# a run without --state keeps the organisation's state file in the user's
# data folder: the test's own, never the real ~/.local/share
export XDG_DATA_HOME="$T/xdg-data"
PASS=0
FAIL=0

ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAILED: $*" >&2; }

# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', expected '$3'"; fi
}

# q DB SQL: one value from the state file (python3's sqlite3, no CLI needed)
q() {
	"$PY" - "$1" "$2" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
rows = con.execute(sys.argv[2]).fetchall()
print("\n".join("|".join("" if v is None else str(v) for v in r) for r in rows))
PY
}

finish() {
	local p
	# a sandbox this test started and no longer knows of would outlive it
	for p in $(pgrep -f -- "--data $T/" 2>/dev/null); do
		[ "$p" = "${SBX_PID:-}" ] || bad "a sandbox left running: $(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null)"
	done
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
	exit $?
}
