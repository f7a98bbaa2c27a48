#!/usr/bin/env bash
# bench/run.sh - ledgerlift vs a plain Python csv script on a 2-year Amazon
# settlement archive (~1M detail rows), plain and gzipped.
#
# Environment (all optional):
#   LEDGERLIFT       binary to run (default: build/ledgerlift of this tree)
#   BENCH_DIR        cache for generated archives (default /tmp/ll-bench)
#   BENCH_ROWS       detail rows of the big archive (default 1000000)
#   BENCH_SMALL_ROWS rows of the small archive for the memory check (10000)
#   BENCH_LAYOUT     v1 | v1-33 | v2 | v2-24 | mix (default mix)
#   BENCH_MARKETS    marketplaces (default US,CA,UK,DE)
#   BENCH_SEED       generator seed (default 1)
#   PYTHON           python3 to use for the baseline (default python3)
#
# Each ledgerlift run gets a fresh --state file so nothing is cached between
# runs. The OS page cache is warmed (every input read once) before each
# timed run, so all runs read from memory, not disk.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
LEDGERLIFT=${LEDGERLIFT:-$root/build/ledgerlift}
BENCH_DIR=${BENCH_DIR:-/tmp/ll-bench}
BENCH_ROWS=${BENCH_ROWS:-1000000}
BENCH_SMALL_ROWS=${BENCH_SMALL_ROWS:-10000}
BENCH_LAYOUT=${BENCH_LAYOUT:-mix}
BENCH_MARKETS=${BENCH_MARKETS:-US,CA,UK,DE}
BENCH_SEED=${BENCH_SEED:-1}
PYTHON=${PYTHON:-python3}
TIME=/usr/bin/time

[ -x "$TIME" ] || { echo "run.sh: needs GNU time at $TIME" >&2; exit 1; }
mkdir -p "$BENCH_DIR"

# gen ROWS -> prints the archive folder; generates plain/ and gz/ once.
gen() {
	local rows=$1
	local d="$BENCH_DIR/amazon-r$rows-s$BENCH_SEED-$BENCH_LAYOUT-${BENCH_MARKETS//,/_}"
	if [ ! -f "$d/.done" ]; then
		echo "generating $rows-row archive in $d ..." >&2
		rm -rf "$d"
		mkdir -p "$d"
		"$PYTHON" "$here/gen_amazon.py" --out "$d/plain" --years 2 --rows "$rows" \
			--layout "$BENCH_LAYOUT" --marketplace "$BENCH_MARKETS" \
			--seed "$BENCH_SEED" --stats "$d/stats.json" >&2
		mkdir -p "$d/gz"
		for f in "$d"/plain/*.txt; do
			gzip -6 -n -c "$f" >"$d/gz/$(basename "$f").gz"
		done
		touch "$d/.done"
	fi
	echo "$d"
}

bytes_of() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
rows_of() { "$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows"])' "$1/stats.json"; }
warm() { find "$1" -type f -exec cat {} + >/dev/null; }

# measure LABEL KIND DIR ROWS DISK_BYTES RAW_BYTES
# KIND = ll | py. Appends a result line to $results; sets last_rss (KB).
results=$(mktemp)
trap 'rm -f "$results"' EXIT
last_rss=""
measure() {
	local label=$1 kind=$2 dir=$3 rows=$4 disk=$5 raw=$6
	local tmp rc=0 status=ok
	tmp=$(mktemp -d "$BENCH_DIR/run.XXXXXX")
	warm "$dir"
	if [ "$kind" = ll ]; then
		if [ ! -x "$LEDGERLIFT" ]; then
			printf '%s\tn/a\tn/a\tn/a\tn/a\tn/a\tn/a\tno binary at %s\n' \
				"$label" "$LEDGERLIFT" >>"$results"
			last_rss=""
			rm -rf "$tmp"
			return
		fi
		"$TIME" -f '%e %M' -o "$tmp/time" "$LEDGERLIFT" plan --state "$tmp/state.db" \
			--report "$tmp/plan.xlsx" "$dir" >"$tmp/out" 2>"$tmp/err" || rc=$?
		# 3 = finished, with rejects or warnings listed in the report
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
			status="exit $rc: $(tail -n 1 "$tmp/err" | cut -c1-60)"
		elif [ "$rc" -eq 3 ]; then
			status="ok (exit 3)"
		fi
	else
		"$TIME" -f '%e %M' -o "$tmp/time" "$PYTHON" "$here/py_sum_settlements.py" "$dir" \
			>"$tmp/out" 2>"$tmp/err" || rc=$?
		if [ "$rc" -ne 0 ]; then
			status="exit $rc"
		else
			# the script's own count must agree with the generator's
			local got
			got=$(awk '{for (i = 1; i < NF; i++) if ($i == "rows") print $(i + 1)}' "$tmp/out")
			local untied
			untied=$(awk '{for (i = 1; i < NF; i++) if ($i == "untied") print $(i + 1)}' "$tmp/out")
			[ "$got" = "$rows" ] || status="read $got rows"
			[ "$untied" = 0 ] || status="$status, $untied untied"
		fi
	fi
	local secs rss
	# GNU time prefixes "Command exited with non-zero status N" on failure
	read -r secs rss < <(tail -n 1 "$tmp/time" 2>/dev/null) || { secs=0; rss=0; }
	last_rss=$rss
	awk -v l="$label" -v r="$rows" -v s="$secs" -v m="$rss" -v d="$disk" -v w="$raw" -v st="$status" 'BEGIN {
		s += 0; m += 0
		if (s <= 0) s = 0.01    # GNU time resolution is 10 ms
		printf "%s\t%d\t%.2f\t%.0f\t%.1f\t%.1f\t%.1f\t%s\n", l, r, s, r / s, d / s / 1e6, w / s / 1e6, m / 1024, st
	}' >>"$results"
	rm -rf "$tmp"
}

big=$(gen "$BENCH_ROWS")
small=$(gen "$BENCH_SMALL_ROWS")
rows=$(rows_of "$big")
plain_b=$(bytes_of "$big/plain")
gz_b=$(bytes_of "$big/gz")

echo "archive: $rows detail rows, $(ls "$big/plain" | wc -l) settlement files," \
	"$(awk -v b="$plain_b" 'BEGIN {printf "%.1f", b / 1e6}') MB plain," \
	"$(awk -v b="$gz_b" 'BEGIN {printf "%.1f", b / 1e6}') MB gzipped ($BENCH_LAYOUT, $BENCH_MARKETS)"
echo "ledgerlift: $LEDGERLIFT"
echo "python:     $("$PYTHON" --version 2>&1)"
echo

measure "ledgerlift plain" ll "$big/plain" "$rows" "$plain_b" "$plain_b"
ll_big_rss=$last_rss
measure "ledgerlift gz" ll "$big/gz" "$rows" "$gz_b" "$plain_b"
measure "python plain" py "$big/plain" "$rows" "$plain_b" "$plain_b"
measure "python gz" py "$big/gz" "$rows" "$gz_b" "$plain_b"

{
	printf 'run\trows\tseconds\trows/s\tMB/s disk\tMB/s raw\tpeak RSS MB\tstatus\n'
	cat "$results"
} | column -t -s "$(printf '\t')"
echo

# speed ratio ledgerlift / python (python seconds over ledgerlift seconds)
ratio() {
	awk -F '\t' -v a="$1" -v b="$2" '
		$1 == a { ta = $3 } $1 == b { tb = $3 }
		END {
			if (ta == "" || tb == "" || ta == "n/a" || tb == "n/a" || ta <= 0) print "n/a"
			else printf "%.1fx\n", tb / ta
		}' "$results"
}
echo "speed ledgerlift/python: plain $(ratio "ledgerlift plain" "python plain"), gz $(ratio "ledgerlift gz" "python gz")"

# memory must not grow with the input: small vs big archive
small_rows=$(rows_of "$small")
small_b=$(bytes_of "$small/plain")
: >"$results"
measure "ledgerlift small" ll "$small/plain" "$small_rows" "$small_b" "$small_b"
if [ -n "$last_rss" ] && [ -n "$ll_big_rss" ]; then
	awk -v s="$last_rss" -v b="$ll_big_rss" -v sr="$small_rows" -v br="$rows" 'BEGIN {
		printf "peak RSS ledgerlift: %.1f MB on %d rows, %.1f MB on %d rows (x%.2f for x%.0f rows)\n",
			s / 1024, sr, b / 1024, br, (s > 0 ? b / s : 0), br / sr
	}'
else
	echo "peak RSS ledgerlift: n/a ($(cut -f8 "$results"))"
fi
