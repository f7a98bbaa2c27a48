#!/usr/bin/env bash
# bench/rerun_bench.sh - "sync every few hours": a 2-year, ~1M-row history
# already imported and posted (into the embedded sandbox), then run again
# with nothing new. Prints the re-run's wall time, peak RSS and the calls
# it made by method. Target (issue 4): under 5 s and no posting call.
#
# Environment: LEDGERLIFT (default build/ledgerlift), BENCH_DIR (archive
# cache, default /tmp/ll-bench, shared with run.sh), BENCH_ROWS (1000000).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
LL=${LEDGERLIFT:-$root/build/ledgerlift}
BENCH_DIR=${BENCH_DIR:-/tmp/ll-bench}
ROWS=${BENCH_ROWS:-1000000}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
dir="$BENCH_DIR/amazon-r$ROWS-s1-mix-US_CA_UK_DE/plain"
if [ ! -d "$dir" ]; then
	mkdir -p "$dir"
	"$PY" "$here/gen_amazon.py" --out "$dir" --seed 1 --rows "$ROWS" --layout mix \
		--marketplace US,CA,UK,DE > /dev/null
fi
t=$(mktemp -d /tmp/ll-rerun-XXXXXX)
trap 'rm -rf "$t"' EXIT
cd "$t"
/usr/bin/time -f "%e %M" -o first.time "$LL" run -q --sandbox --create-accounts \
	--enable-currencies --state s.db "$dir" 2> first.err || true
/usr/bin/time -f "%e %M" -o second.time "$LL" run -q --sandbox --state s.db "$dir" \
	2> second.err || true
"$PY" - "$t" "$dir" <<'PY'
import os, sqlite3, sys
t, d = sys.argv[1], sys.argv[2]
con = sqlite3.connect(os.path.join(t, "s.db"))
files = len(os.listdir(d))
size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
rows = con.execute("SELECT sum(rows) FROM sources").fetchone()[0]
docs = con.execute("SELECT count(*) FROM documents WHERE status='posted'").fetchone()[0]
last = con.execute("SELECT max(id) FROM runs").fetchone()[0]
calls = con.execute("SELECT method, count(*) FROM calls WHERE run_id=? GROUP BY method", (last,)).fetchall()
writes = sum(n for m, n in calls if m != "GET" and m != "POST") + con.execute(
    "SELECT count(*) FROM calls WHERE run_id=? AND method='POST' AND path<>'connect/token'", (last,)).fetchone()[0]
f_s, f_kb = open(os.path.join(t, "first.time")).read().split()
s_s, s_kb = open(os.path.join(t, "second.time")).read().split()
print("history:  %d files, %.1f MB, %s rows, %d documents posted" % (files, size / 1e6, rows, docs))
print("first run (import and post): %s s, peak RSS %.1f MB" % (f_s, int(f_kb) / 1024))
print("re-run with nothing new:     %s s, peak RSS %.1f MB   (target < 5 s)" % (s_s, int(s_kb) / 1024))
print("re-run calls by method:      %s" % (", ".join("%s %d" % c for c in calls) or "none"))
print("re-run posting calls:        %d   (target 0)" % writes)
PY
