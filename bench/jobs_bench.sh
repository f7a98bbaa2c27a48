#!/usr/bin/env bash
# jobs_bench.sh - `plan` with parser threads (--jobs, issue 15 item 2)
# against one thread and against another binary, interleaved round by round
# so that the load of a shared machine falls on all of them alike.
#
# For each format, on the archives bench/run_formats.sh made (run it once
# first), each round runs, with a fresh state file and the page cache warm:
#   LEDGERLIFT_BEFORE plan -q         (when set: e.g. main's binary)
#   LEDGERLIFT plan -q --jobs J       for each J in JOBS
# and prints per configuration the fastest wall time of the rounds with the
# user+sys CPU of that run, the least user+sys of any run, and the largest
# peak RSS.
#
# Environment: LEDGERLIFT (default build/ledgerlift), LEDGERLIFT_BEFORE
# (none), BENCH_DIR (/tmp/ll-bench), BENCH_ROWS (200000), BENCH_REPEAT (5),
# BENCH_FORMATS (amazon,amazon-xml,ebay,amazon-daterange), JOBS ("1 2").
set -u
here=$(cd "$(dirname "$0")" && pwd)
LEDGERLIFT=${LEDGERLIFT:-$here/../build/ledgerlift}
LEDGERLIFT_BEFORE=${LEDGERLIFT_BEFORE:-}
BENCH_DIR=${BENCH_DIR:-/tmp/ll-bench}
BENCH_ROWS=${BENCH_ROWS:-200000}
BENCH_REPEAT=${BENCH_REPEAT:-5}
BENCH_FORMATS=${BENCH_FORMATS:-amazon,amazon-xml,ebay,amazon-daterange}
JOBS=${JOBS:-1 2}
TIME=/usr/bin/time
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-jobs-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

dir_of() {
	case "$1" in
	amazon) echo "$BENCH_DIR/amazon-r$BENCH_ROWS-s1-mix-US_CA_UK_DE/plain" ;;
	*) echo "$BENCH_DIR/$1-r$BENCH_ROWS-s1/data" ;;
	esac
}

# one NAME DIR BINARY ARGS...: one timed `BINARY plan -q ARGS` into a fresh
# state; appends "wall cpu rss" to $tmp/NAME
one() {
	local name="$1" dir="$2" bin="$3"
	shift 3
	rm -f "$tmp"/state.db*
	"$TIME" -f '%e %U %S %M' -o "$tmp/t" "$bin" plan -q "$@" --state "$tmp/state.db" "$dir" \
		> /dev/null 2>&1
	local rc=$?
	if [ "$rc" != 0 ] && [ "$rc" != 3 ]; then
		echo "$name: exit $rc" >&2
		return
	fi
	# (time puts "Command exited with non-zero status 3" first)
	tail -1 "$tmp/t" | awk '{ printf "%s %.2f %d\n", $1, $2 + $3, $4 }' >> "$tmp/$name"
}

IFS=, read -r -a formats <<<"$BENCH_FORMATS"
printf '%-17s %-10s %8s %8s %9s %8s  %s\n' format config "wall s" "cpu s" "min cpu" "RSS MB" "files"
for f in "${formats[@]}"; do
	dir=$(dir_of "$f")
	[ -d "$dir" ] || { echo "$f: no archive at $dir (run bench/run_formats.sh)" >&2; continue; }
	nfiles=$(find "$dir" -type f | wc -l)
	cat $(find "$dir" -type f) > /dev/null
	rm -f "$tmp"/cfg-*
	for _ in $(seq "$BENCH_REPEAT"); do
		[ -n "$LEDGERLIFT_BEFORE" ] && one cfg-before "$dir" "$LEDGERLIFT_BEFORE"
		for j in $JOBS; do
			one "cfg-jobs$j" "$dir" "$LEDGERLIFT" --jobs "$j"
		done
	done
	for c in $( [ -n "$LEDGERLIFT_BEFORE" ] && echo before; for j in $JOBS; do echo "jobs$j"; done); do
		[ -s "$tmp/cfg-$c" ] || continue
		sort -n "$tmp/cfg-$c" | awk -v f="$f" -v c="$c" -v n="$nfiles" '
			NR == 1 { w = $1; cpu = $2 }
			{ if (mc == "" || $2 < mc) mc = $2; if ($3 > rss) rss = $3 }
			END { printf "%-17s %-10s %8.2f %8.2f %9.2f %8.1f  %d\n", f, c, w, cpu, mc, rss / 1024, n }'
	done
done
