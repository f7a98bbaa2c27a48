#!/usr/bin/env bash
# bench/woo_json_memory.sh - peak memory (max RSS) and time of `ledgerlift
# scan` on WooCommerce REST JSON exports of ~128 MB (issue 16, finding 6:
# the whole document went into jansson, a 150 KB .json.gz of 128 MB of JSON
# peaked at 2.76 GB). Nothing is asserted; figures go to stdout.
#
# Two generated documents (bench/gen_woo_json.py, deterministic), gzipped:
#   orders    orders over 28 days, each with a realistic meta_data block
#             (~4 KB of JSON an order; day summaries hold ~1,000 orders)
#   one-day   the same orders all paid on one day: one deposit holds every
#             amount, the worst case for "bounded by the largest deposit"
# The reader now loads one order at a time (src/util/jsonstream.c), so
# memory follows the largest order and the deposits' amounts, not the file.
#
# Environment: LEDGERLIFT (default build/ledgerlift of this tree),
# LEDGERLIFT_BEFORE (another binary to compare, e.g. one built from main),
# BENCH_DIR (default /tmp/ll-bench-woo), BENCH_MB (default 128).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
LEDGERLIFT=${LEDGERLIFT:-$root/build/ledgerlift}
BENCH_DIR=${BENCH_DIR:-/tmp/ll-bench-woo}
BENCH_MB=${BENCH_MB:-128}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

mkdir -p "$BENCH_DIR"
for shape in orders one-day; do
	f="$BENCH_DIR/$shape-$BENCH_MB.json.gz"
	[ -s "$f" ] || "$PY" "$here/gen_woo_json.py" --mb "$BENCH_MB" --shape "$shape" | gzip -9 > "$f"
done

printf '%-8s %-10s %12s %12s %9s %12s  %s\n' binary shape gz_bytes json_bytes seconds max_rss_kb result
run() { # LABEL BINARY SHAPE
	local f="$BENCH_DIR/$3-$BENCH_MB.json.gz" out
	out=$(/usr/bin/time -f 'TIME %e %M' "$2" scan "$f" 2>&1 > "$BENCH_DIR/scan.out" || true)
	printf '%-8s %-10s %12s %12s %9s %12s  %s\n' "$1" "$3" "$(stat -c %s "$f")" \
	       "$(gzip -dc "$f" | wc -c)" "$(echo "$out" | awk '/^TIME/ {print $2}')" \
	       "$(echo "$out" | awk '/^TIME/ {print $3}')" "$(sed -n 2p "$BENCH_DIR/scan.out" | cut -c1-60)"
}
for shape in orders one-day; do
	[ -n "${LEDGERLIFT_BEFORE:-}" ] && run before "$LEDGERLIFT_BEFORE" "$shape"
	run after "$LEDGERLIFT" "$shape"
done
