#!/usr/bin/env bash
# The JSON bodies ledgerlift will send, in both posting modes and with a
# negative settlement as a bill, payments and bank transfers (order mode,
# AUTHORISED), PayPal's bank transactions (per row and per day), validated
# against Xero's official OpenAPI
# schema (../shared/xero/xero_accounting.yaml; skipped when absent).
. "$(dirname "$0")/lib.sh"

Y="${LL_SHARED_DIR:-$SRC/../shared}/xero/xero_accounting.yaml"
if [ ! -f "$Y" ]; then
	echo "no $Y: skipped"
	exit 77
fi
cd "$T"
mkdir -p maps && cp "$SRC"/mappings/* maps/
mkdir -p paid && cp "$SRC"/mappings/* paid/
"$PY" - maps/settings.json paid/settings.json <<'PY'
import json, sys
p = sys.argv[1]; s = json.load(open(p))
s["amazon"].update(split_months=True, negative_settlement="bill",
                   tracking_category="Sales Channel", status="AUTHORISED")
json.dump(s, open(p, "w"))
for k in ("shopify", "ebay", "woocommerce", "paypal"):
    s[k]["status"] = "AUTHORISED"
s["paypal"]["bank_transactions"] = "day"
s["amazon"].update(split_months=False)
json.dump(s, open(sys.argv[2], "w"))
PY
"$LL" plan -q --state a.db --json "$SRC/samples" > all.jsonl
"$LL" plan -q --state b.db --mode order --json "$SRC/samples" >> all.jsonl
"$LL" plan -q --state c.db --mappings maps --json "$SRC/samples" "$SRC/tests/data/amazon/month-split.txt" >> all.jsonl
"$LL" plan -q --state d.db --mappings paid --mode order --json "$SRC/samples" >> all.jsonl
[ "$(grep -c '"Type":"ACCPAY"' all.jsonl)" -ge 1 ] && ok || bad "no bill for a negative settlement"
[ "$(grep -c '"kind":"Payment"' all.jsonl)" -ge 100 ] && ok || bad "no payments in order mode"
[ "$(grep -c '"kind":"BankTransfer"' all.jsonl)" -ge 20 ] && ok || bad "no transfers in order mode"
grep -q '"CreditNote":{"CreditNoteNumber"' all.jsonl && ok || bad "no credit note refund payment"
grep -q '"Tracking":\[{"Name":"Sales Channel"' all.jsonl && ok || bad "no tracking in the bodies"
for t in RECEIVE SPEND; do
	[ "$(grep -c '"kind":"BankTransaction".*"Type":"'$t'"' all.jsonl)" -ge 5 ] && ok || bad "no $t bank transactions"
done
grep -q '"number":"PayPal [0-9-]* [A-Z]* Payment"' all.jsonl && ok || bad "no PayPal day summaries"
out=$("$PY" "$SRC/tests/e2e/validate_bodies.py" "$Y" all.jsonl)
rc=$?
expect_eq "schema validation" "$rc" "0"
echo "$out" | tail -3
finish
