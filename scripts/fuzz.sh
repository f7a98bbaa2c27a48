#!/usr/bin/env bash
# scripts/fuzz.sh - build the libFuzzer targets with clang and run them.
#
#   scripts/fuzz.sh MINUTES            run every target, MINUTES in all (split
#                                      evenly, one after the other, one core)
#   scripts/fuzz.sh MINUTES --merge    the same, then merge what found new
#                                      coverage into tests/fuzz/corpus/ (0
#                                      minutes: merge what earlier runs found)
#                                      (libFuzzer -merge=1 on edges: only inputs
#                                      under FUZZ_MERGE_MAX_BYTES, default 1000,
#                                      that add coverage are kept)
#   scripts/fuzz.sh --coverage         line coverage of src/ by the committed
#                                      corpora (clang source-based coverage of
#                                      the plain replay drivers), per folder
#
# Targets (tests/fuzz/fuzz_formats.c, one per platform): amazon shopify ebay
# woocommerce paypal. Each reads its committed corpus folders (read-only,
# seeds) and writes what it finds to build-fuzz/corpus/<target>; crashes,
# leaks and timeouts go to build-fuzz/crashes/ (the script exits 1 if any
# appeared). The build (build-fuzz) instruments the whole library with
# -fsanitize=fuzzer-no-link,address,undefined (cmake -DLL_FUZZ=ON).
# Environment: FUZZ_TARGETS (default all five), FUZZ_JOBS (parallel targets,
# default 1: the machine is shared), FUZZ_MAX_LEN (default 65536).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
targets=${FUZZ_TARGETS:-"amazon shopify ebay woocommerce paypal"}

corpora() { # TARGET: its committed corpus folders
	case "$1" in
	amazon) echo "tests/fuzz/corpus/amazon_settlement tests/fuzz/corpus/amazon_reports" ;;
	*) echo "tests/fuzz/corpus/$1" ;;
	esac
}

if [ "${1:-}" = "--coverage" ]; then
	command -v llvm-profdata > /dev/null && command -v llvm-cov > /dev/null ||
		{ echo "fuzz.sh: llvm-profdata and llvm-cov are needed" >&2; exit 1; }
	b=build-cov
	CC=clang cmake -S . -B "$b" -DCMAKE_BUILD_TYPE=Debug -DLL_COVERAGE=ON > /dev/null
	cmake --build "$b" -j"${FUZZ_JOBS:-1}" > /dev/null
	rm -f "$b"/prof/*.profraw
	mkdir -p "$b/prof"
	objs=()
	for t in $targets; do
		for c in $(corpora "$t"); do
			LLVM_PROFILE_FILE="$b/prof/$t-%p.profraw" "$b/tests/fuzz_replay_$t" "$c" > /dev/null
		done
		objs+=(-object "$b/tests/fuzz_replay_$t")
	done
	llvm-profdata merge -sparse "$b"/prof/*.profraw -o "$b/prof/all.profdata"
	# per file: lines, lines missed, share covered; then src/formats in all
	llvm-cov report "${objs[@]:1}" -instr-profile="$b/prof/all.profdata" \
		"$root/src/formats" "$root/src/util" "$root/src/plan/ingest.c" |
		sed "s#$root/src/##" |
		awk '$1 ~ /\.c$/ {printf "%-34s %6d lines %6d missed %8s covered\n", $1, $8, $9, $10}'
	llvm-cov report "${objs[@]:1}" -instr-profile="$b/prof/all.profdata" "$root/src/formats" |
		awk '/^TOTAL/ {printf "%-34s %6d lines %6d missed %8s covered\n", "src/formats (all)", $8, $9, $10}'
	exit 0
fi

minutes=${1:?usage: scripts/fuzz.sh MINUTES [--merge] | --coverage}
merge=${2:-}
b=build-fuzz
command -v clang > /dev/null || { echo "fuzz.sh: clang is needed" >&2; exit 1; }
CC=clang cmake -S . -B "$b" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLL_FUZZ=ON > /dev/null
for t in $targets; do
	cmake --build "$b" -j"${FUZZ_JOBS:-1}" --target "fuzz_$t" > /dev/null
done
n=$(echo "$targets" | wc -w)
secs=$((minutes * 60 / n))
mkdir -p "$b/crashes"
before=$(find "$b/crashes" -type f | wc -l)
for t in $targets; do
	mkdir -p "$b/corpus/$t"
	[ "$secs" -gt 0 ] || continue # 0 minutes: merge what earlier runs found
	echo "fuzz_$t: $secs s"
	# shellcheck disable=SC2046
	"$b/tests/fuzz_$t" "$b/corpus/$t" $(corpora "$t") -max_total_time="$secs" \
		-max_len="${FUZZ_MAX_LEN:-65536}" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$b/crashes/$t-" -print_final_stats=1 2>&1 |
		grep -E '^(#[0-9]+[[:space:]]+DONE|stat::(number_of_executed_units|peak_rss_mb|new_units_added)|==[0-9]+==ERROR|SUMMARY)' || true
done
if [ "$merge" = "--merge" ]; then
	for t in $targets; do
		# the finds under FUZZ_MERGE_MAX_BYTES (default 1000: the committed
		# corpora stay small), edges only (-use_counters=0), smallest first;
		# those that add coverage over all of the target's committed corpus
		# join its first folder
		rm -rf "$b/merge/$t"
		mkdir -p "$b/merge/$t/in" "$b/merge/$t/out"
		find "$b/corpus/$t" -type f -size -"${FUZZ_MERGE_MAX_BYTES:-1000}"c \
			-exec cp {} "$b/merge/$t/in/" \;
		for c in $(corpora "$t"); do
			cp "$c"/* "$b/merge/$t/out/"
		done
		ls "$b/merge/$t/out" > "$b/merge/$t/committed"
		"$b/tests/fuzz_$t" -merge=1 -use_counters=0 "$b/merge/$t/out" "$b/merge/$t/in" 2>&1 |
			grep -oE 'MERGE-OUTER: [0-9]+ new files.*' || true
		set -- $(corpora "$t")
		ls "$b/merge/$t/out" | grep -vxF -f "$b/merge/$t/committed" |
			while read -r f; do cp "$b/merge/$t/out/$f" "$1/"; done
	done
fi
after=$(find "$b/crashes" -type f | wc -l)
if [ "$after" -gt "$before" ]; then
	echo "fuzz.sh: $((after - before)) new crash/leak/timeout input(s) in $b/crashes/" >&2
	exit 1
fi
