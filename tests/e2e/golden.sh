#!/usr/bin/env bash
# Behaviour pinned: `plan --json`, the state file's rows, the workbook's
# cells and `status --json` on all samples (settlement and order mode; a
# run into a sandbox, a re-run, an order-mode AUTHORISED run with payments
# and transfers, and its undo), compared with tests/data/golden/. Times,
# Xero ids, idempotency keys and the temporary folder are masked
# (tests/golden/dump.py). A change of behaviour that is meant updates the
# pictures: LL_GOLDEN_UPDATE=1 ctest -R golden, then review the diff.
# GOLDEN_PLANS_ONLY=1 (the golden_spill test) checks the two plans only.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
GOLD="$SRC/tests/data/golden"
DUMP="$SRC/tests/golden/dump.py"
mkdir -p out
cp -r "$SRC/samples" in

# picture NAME KIND FILE: the masked dump of FILE into out/NAME
picture() {
	case "$2" in
	state | xlsx | status) "$PY" "$DUMP" "$2" "$3" "$T" > "out/$1" ;;
	text) sed -e "s#$T#<T>#g" -e 's/[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}/<uuid>/g' \
		-e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z\?/<time>/g' "$3" > "out/$1" ;;
	esac
}

# A. settlement mode plan of every sample
"$LL" plan -q --json --state a.db --report a.xlsx in > a.jsonl 2> /dev/null
picture plan-settlement.jsonl text a.jsonl
picture plan-settlement.state state a.db
picture plan-settlement.cells xlsx a.xlsx

# B. order mode plan of every sample
"$LL" plan -q --json --mode order --state b.db --report b.xlsx in > b.jsonl 2> /dev/null
picture plan-order.jsonl text b.jsonl
picture plan-order.state state b.db
picture plan-order.cells xlsx b.xlsx

# golden_spill: the two plans again with every open deposit spilled at each
# of the parsers' safe points (formats/spill.h); the pictures are the same
if [ -n "${GOLDEN_PLANS_ONLY:-}" ]; then
	for f in out/*; do
		n=$(basename "$f")
		if diff -u "$GOLD/$n" "$f" > "diff-$n.txt"; then
			ok
		else
			bad "$n differs from the golden picture: $(head -c 3000 "diff-$n.txt")"
		fi
	done
	finish
	exit
fi

# C. the demo: every sample posted to a GB sandbox, then a re-run
start_sandbox "$T/sbx-c" || exit 1
"$LL" run -q --create-accounts --enable-currencies --state c.db in 2> /dev/null
"$LL" run -q --state c.db --report c.xlsx in 2> /dev/null
"$LL" status --json --state c.db > c-status.json 2> /dev/null
stop_sandbox
picture run.state state c.db
picture run.cells xlsx c.xlsx
picture run-status.json status c-status.json

# D. order mode, AUTHORISED (payments, transfers) for Shopify and eBay, in a US
# sandbox, then undo
mkdir maps && cp "$SRC"/mappings/US/* maps/
"$PY" - maps/settings.json <<'PY'
import json, sys
p = sys.argv[1]
s = json.load(open(p))
s["country"] = "US"
for k in ("shopify", "ebay"):
    s[k].update({"mode": "order", "status": "AUTHORISED"})
s["shopify"]["clearing_account"] = {"*": "8172", "CAD": "8182",
                                    "PayPal Express Checkout": "8180"}
s["shopify"]["bank_account"] = {"*": "090", "CAD": "092"}
json.dump(s, open(p, "w"), indent=1)
PY
cat >> maps/accounts.csv <<'CSV'
8182,Shopify Clearing CAD,BANK,Shopify money in CAD,CAD
092,Business Bank CAD,BANK,The CAD bank account,CAD
CSV
# the shops' USD and CAD exports (GBP and EUR would need accounts of theirs)
mkdir shops && cp -r in/shopify in/ebay shops/
rm shops/ebay/Transaction_report_20250901_20250930.csv shops/ebay/Transaktionsbericht_20251001_20251031.csv
start_sandbox "$T/sbx-d" --country US || exit 1
"$LL" run -q --create-accounts --enable-currencies --mappings maps --state d.db shops 2> /dev/null
"$LL" undo -q --run 1 --state d.db 2> /dev/null
"$LL" status --json --state d.db > d-status.json 2> /dev/null
"$LL" plan -q --mappings maps --state d.db --report d.xlsx shops 2> /dev/null
stop_sandbox
picture order-run.state state d.db
picture order-run.cells xlsx d.xlsx
picture order-run-status.json status d-status.json

if [ "${LL_GOLDEN_UPDATE:-0}" = 1 ]; then
	mkdir -p "$GOLD"
	cp out/* "$GOLD"/
	echo "golden pictures written to $GOLD"
fi
for f in out/*; do
	n=$(basename "$f")
	if [ ! -f "$GOLD/$n" ]; then
		bad "no golden picture $n (LL_GOLDEN_UPDATE=1 writes it)"
	elif diff -u "$GOLD/$n" "$f" > "diff-$n.txt"; then
		ok
	else
		bad "$n differs from the golden picture: $(head -c 3000 "diff-$n.txt")"
	fi
done
finish
