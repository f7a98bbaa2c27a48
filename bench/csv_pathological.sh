#!/usr/bin/env bash
# bench/csv_pathological.sh - seconds `ledgerlift scan` takes on CSV files
# whose quoted fields run over many lines (issue 16, finding 2).
#
# Two layouts, each at 1 MB and 10 MB (BENCH_SIZES, in bytes):
#   open     a Shopify payouts header, then one quoted field opened and
#            never closed, holding nothing but lines of "" (an escaped
#            quote each): the record grows to the 4 MiB record cap and the
#            file is reported as broken there
#   records  the same header, then records whose quoted field holds 2,000
#            lines of "" each, closed, one after another to the end
# csvrec used to split a record again after every continuation line
# (quadratic: 293 KB of the first layout took 24 s); it now scans each
# byte once. Figures go to stdout; nothing is asserted (tests never time).
#
# Environment: LEDGERLIFT (default build/ledgerlift of this tree),
# BENCH_DIR (default /tmp/ll-bench-csv), BENCH_SIZES ("1000000 10000000").
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
LEDGERLIFT=${LEDGERLIFT:-$root/build/ledgerlift}
BENCH_DIR=${BENCH_DIR:-/tmp/ll-bench-csv}
BENCH_SIZES=${BENCH_SIZES:-"1000000 10000000"}
header='Payout Date,Status,Charges,Refunds,Adjustments,Marketplace Sales Tax,Advances,Reserved Funds,Fees,Retried Amount,Total,Currency,Bank Reference'

mkdir -p "$BENCH_DIR"
gen_open() { # size file
	/usr/bin/python3 -c 'import sys
with open(sys.argv[2], "w") as f:
    f.write(sys.argv[3] + "\n2024-01-01,paid,\"\n" + "\"\"\n" * (int(sys.argv[1]) // 3) + "\"\n")' \
		"$1" "$2" "$header"
}
gen_records() { # size file
	/usr/bin/python3 - "$1" "$2" "$header" <<'EOF'
import sys
size, path, header = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rec = '2024-01-01,paid,"' + '""\n' * 2000 + '",0,0,0,0,0,0,0,0.00,USD,x\n'
with open(path, 'w') as f:
    f.write(header + '\n')
    for _ in range(max(1, size // len(rec))):
        f.write(rec)
EOF
}

printf '%-8s %10s %9s  %s\n' layout bytes seconds result
for layout in open records; do
	for size in $BENCH_SIZES; do
		f="$BENCH_DIR/$layout-$size.csv"
		[ -s "$f" ] || "gen_$layout" "$size" "$f"
		start=$(date +%s.%N)
		out=$("$LEDGERLIFT" scan "$f" 2>&1 | sed -n 2p || true)
		end=$(date +%s.%N)
		printf '%-8s %10s %9.2f  %s\n' "$layout" "$(stat -c %s "$f")" \
		       "$(echo "$end - $start" | bc)" "${out:0:60}"
	done
done
