#!/usr/bin/env bash
# Time zones (docs/mapping.md, "timezone"): tests/data/tz holds a Shopify
# orders export from a New York shop (its deposits "in:<day> <gateway>":
# the shop is the folder's name, docs/shopify.md) (-0500/-0400, around midnight, a leap
# day and the UK's change to BST), a PayPal activity download (PST/PDT, and
# Asia/Tokyo from the zoneinfo: a row moves back to March in London) and
# WooCommerce REST orders (site time and the *_gmt twins).
# Without a zone every day is the day as written; with settings.json's
# "timezone": "Europe/London" the orders' day summaries and the PayPal
# month parts move to the London day, the PayPal transfer keeps its date,
# the totals do not change, and a note per file counts the moved times.
# --timezone overrides the settings; a zone change re-plans, and a file
# whose documents are already in Xero keeps its dates. The machine's TZ
# must not matter: it is set to a far-away zone.
. "$(dirname "$0")/lib.sh"
cd "$T"
export TZ=Pacific/Kiritimati
mkdir in
cp "$SRC/tests/data/tz/"*.csv "$SRC/tests/data/tz/"*.json in/ # not its README
D="$T/in"
cp -r "$SRC/mappings" m0
cp -r "$SRC/mappings" m
"$PY" - m/settings.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["timezone"] = "Europe/London"
# PayPal read as transfers to the bank (month parts of a transfer, on by
# default); as an account, below (7.)
s["paypal"].update(model="transfer", split_months=True)
json.dump(s, open(sys.argv[1], "w"), indent=2)
PY
cp -r m mn
"$PY" - mn/settings.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
del s["timezone"]
json.dump(s, open(sys.argv[1], "w"), indent=2)
PY

# docs FILE: "deposit_id|number|Date|total" per document, sorted; a month
# part (its total 0 but the last) adds "|own X": what its month holds
# without the roll-forward lines on 8165 PayPal Carried Balance
docs() {
	"$PY" - "$1" <<'PY'
import json, sys
from decimal import Decimal
out = []
for l in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(l)
    items = d["document"].get("LineItems", [])
    own = ""
    if any(li["AccountCode"] == "8165" for li in items):
        own = "|own %.2f" % sum(Decimal(str(li["LineAmount"])) for li in items
                              if li["AccountCode"] != "8165")
    out.append("%s|%s|%s|%s%s" % (d["source"]["deposit_id"], d["number"], d["document"]["Date"], d["total"], own))
print("\n".join(sorted(out)))
PY
}

# 1. no zone (the shipped settings): dates as written
"$LL" plan --state a.db --mappings mn --json "$D" > a.jsonl 2> a.err
expect_eq "no zone: exit" "$?" "0"
expect_eq "no zone: documents as written" "$(docs a.jsonl)" \
"2025-07-31 stripe USD|WOO-2025-07-31 stripe USD|2025-07-31|179.88
LLPZ00000000099|PP-LLPZ00000000099-2024-02|2024-02-29|0.00|own 9.50
LLPZ00000000099|PP-LLPZ00000000099-2024-03|2024-03-31|0.00|own 47.50
LLPZ00000000099|PP-LLPZ00000000099-2024-04|2024-04-02|76.00|own 19.00
in:2024-01-31 PayPal Express Checkout|SHOP-2024-01-31 PayPal Express Checkout|2024-01-31|33.00
in:2024-01-31 Shopify Payments|SHOP-2024-01-31 Shopify Payments|2024-01-31|18.00
in:2024-01-31 manual|SHOP-2024-01-31 manual|2024-01-31|19.00
in:2024-02-01 PayPal Express Checkout|SHOP-2024-02-01 PayPal Express Checkout|2024-02-01|17.00
in:2024-02-28 PayPal Express Checkout|SHOP-2024-02-28 PayPal Express Checkout|2024-02-28|13.00
in:2024-03-30 PayPal Express Checkout|SHOP-2024-03-30 PayPal Express Checkout|2024-03-30|14.00
in:2024-03-31 PayPal Express Checkout|SHOP-2024-03-31 PayPal Express Checkout|2024-03-31|31.00"
expect_eq "no zone: no notes" "$(q a.db "SELECT count(*) FROM rejects")" "0"
if grep -q "time zone" a.err; then bad "no zone: the summary names a zone"; else ok; fi
"$LL" plan --state a0.db --mappings m0 --json "$D" > a0.jsonl 2> /dev/null
expect_eq "shipped settings: the same" "$(docs a0.jsonl | grep -c 'SHOP-\|WOO-')" "8"

# 2. "timezone": "Europe/London" in settings.json
"$LL" plan --state b.db --mappings m --json "$D" > b.jsonl 2> b.err
expect_eq "London: exit (notes are not warnings)" "$?" "0"
expect_eq "London: day summaries on London days, the transfer on its own" "$(docs b.jsonl)" \
"2025-07-31 stripe USD|WOO-2025-07-31 stripe USD|2025-07-31|89.94
2025-08-01 stripe USD|WOO-2025-08-01 stripe USD|2025-08-01|89.94
LLPZ00000000099|PP-LLPZ00000000099-2024-02|2024-02-29|0.00|own 9.50
LLPZ00000000099|PP-LLPZ00000000099-2024-03|2024-03-31|0.00|own 57.00
LLPZ00000000099|PP-LLPZ00000000099-2024-04|2024-04-02|76.00|own 9.50
in:2024-01-31 PayPal Express Checkout|SHOP-2024-01-31 PayPal Express Checkout|2024-01-31|11.00
in:2024-02-01 PayPal Express Checkout|SHOP-2024-02-01 PayPal Express Checkout|2024-02-01|39.00
in:2024-02-01 Shopify Payments|SHOP-2024-02-01 Shopify Payments|2024-02-01|18.00
in:2024-02-01 manual|SHOP-2024-02-01 manual|2024-02-01|19.00
in:2024-02-29 PayPal Express Checkout|SHOP-2024-02-29 PayPal Express Checkout|2024-02-29|13.00
in:2024-03-31 PayPal Express Checkout|SHOP-2024-03-31 PayPal Express Checkout|2024-03-31|30.00
in:2024-04-01 PayPal Express Checkout|SHOP-2024-04-01 PayPal Express Checkout|2024-04-01|15.00"
expect_eq "London: the same money" \
	"$(q b.db "SELECT sum(deposit_minor) FROM settlements")" \
	"$(q a.db "SELECT sum(deposit_minor) FROM settlements")"
expect_eq "London: notes per file" \
	"$(q b.db "SELECT group_concat(severity || ' ' || code || ' ' || substr(message, 1, instr(message, ' ') - 1), ', ') FROM (SELECT * FROM rejects ORDER BY path)")" \
	"note redated 5, note redated 7, note redated 1"
if grep -q "time zone Europe/London: 13 times read fall on another day" b.err; then ok; else
	bad "London: summary line: $(cat b.err)"; fi

# 3. --timezone overrides the settings: +01:00 also moves #9102 (23:59:59 UTC)
"$LL" plan --state c.db --mappings m --timezone +01:00 --json "$D" > c.jsonl 2> /dev/null
expect_eq "+01:00: the orders' days" \
	"$(docs c.jsonl | grep SHOP- | cut -d'|' -f1,4 | tr '\n' ' ')" \
	"in:2024-02-01 PayPal Express Checkout|50.00 in:2024-02-01 Shopify Payments|18.00 in:2024-02-01 manual|19.00 in:2024-02-29 PayPal Express Checkout|13.00 in:2024-03-31 PayPal Express Checkout|30.00 in:2024-04-01 PayPal Express Checkout|15.00 "
"$LL" plan --state d.db --mappings m --timezone none --json "$D" > d.jsonl 2> /dev/null
expect_eq "--timezone none: as written" "$(docs d.jsonl)" "$(docs a.jsonl)"

# 4. a zone change on the same state re-plans every file: nothing of the
# old zone's days stays planned
"$LL" plan --state b.db --mappings m --timezone none --json "$D" > b2.jsonl 2> /dev/null
expect_eq "zone change: re-planned as written" "$(docs b2.jsonl)" "$(docs a.jsonl)"
expect_eq "zone change: settlements as written" \
	"$(q b.db "SELECT count(*) FROM settlements")" "$(q a.db "SELECT count(*) FROM settlements")"
expect_eq "zone change: the notes gone" "$(q b.db "SELECT count(*) FROM rejects")" "0"

# 5. bad zones
"$LL" plan --state e.db --timezone Mars/Olympus "$D" > /dev/null 2> e.err
expect_eq "bad --timezone: usage" "$?" "2"
if grep -q "Mars/Olympus" e.err; then ok; else bad "bad --timezone: $(cat e.err)"; fi
cp -r m mb
sed -i 's|"Europe/London"|"Europe/Londn"|' mb/settings.json
"$LL" plan --state e.db --mappings mb "$D" > /dev/null 2> e2.err
expect_eq "bad settings zone: error" "$?" "1"
if grep -q 'settings.json "timezone".*Europe/Londn' e2.err; then ok; else bad "bad settings zone: $(cat e2.err)"; fi

# 6. run with "timezone": "organisation": the sandbox's GB organisation is
# GMTSTANDARDTIME (Europe/London); what is posted keeps its dates when the
# zone changes afterwards
cp -r m mo
sed -i 's|"Europe/London"|"organisation"|' mo/settings.json
"$LL" plan --state o.db --mappings mo "$D" > /dev/null 2> o.err
if grep -q "known only to 'run'" o.err; then ok; else bad "plan with organisation: $(cat o.err)"; fi
"$LL" run -q --sandbox --sandbox-dir sbx --create-accounts --enable-currencies --state r.db \
	--mappings mo "$D/shopify-orders.csv" > /dev/null 2> r.err
expect_eq "run organisation: exit" "$?" "0"
expect_eq "run organisation: London days posted" \
	"$(q r.db "SELECT group_concat(number, ', ') FROM (SELECT number FROM documents WHERE status='posted' ORDER BY number)")" \
	"SHOP-2024-01-31 PayPal Express Checkout, SHOP-2024-02-01 PayPal Express Checkout, SHOP-2024-02-01 Shopify Payments, SHOP-2024-02-01 manual, SHOP-2024-02-29 PayPal Express Checkout, SHOP-2024-03-31 PayPal Express Checkout, SHOP-2024-04-01 PayPal Express Checkout"
"$LL" plan --state r.db --mappings mo --timezone none "$D/shopify-orders.csv" > /dev/null 2> r2.err
expect_eq "posted, then another zone: the file keeps its plan" \
	"$(q r.db "SELECT count(*) FROM documents WHERE status='planned'") $(q r.db "SELECT code FROM rejects WHERE severity='warning'")" \
	"0 zone-kept"

# 7. PayPal as an account (the default model) in London: each row's bank
# transaction is dated on the London day of its time (the row of 2/28 23:30
# PST on 2/29, 3/31 16:30 PDT on 4/1, the Tokyo row of 4/1 07:00 on 3/31);
# the days keep PayPal's dates, the transfer its own
cp -r m ma
"$PY" - ma/settings.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["paypal"].update(model="account", split_months=False)
json.dump(s, open(sys.argv[1], "w"), indent=2)
PY
"$LL" plan --state pa.db --mappings ma --json "$D/paypal-activity.csv" > pa.jsonl 2> /dev/null
expect_eq "account, London: rows dated on London days, days as PayPal writes them" \
	"$(docs pa.jsonl | cut -d'|' -f1-3 | tr '\n' ' ')" \
	"2024-02-28 USD|PayPal LLPZ00000000001|2024-02-29 2024-03-09 USD|PayPal LLPZ00000000002|2024-03-09 2024-03-09 USD|PayPal LLPZ00000000003|2024-03-10 2024-03-30 USD|PayPal LLPZ00000000004|2024-03-30 2024-03-30 USD|PayPal LLPZ00000000005|2024-03-31 2024-03-31 USD|PayPal LLPZ00000000006|2024-04-01 2024-04-01 USD|PayPal LLPZ00000000007|2024-03-31 2024-04-02 USD|PayPal transfer LLPZ00000000099|2024-04-02 "
expect_eq "account, London: the days tie, the account ends where PayPal does" \
	"$(q pa.db "SELECT count(*) || ' ' || sum(status='tied') || ' ' || sum(deposit_minor) FROM settlements")" "6 6 0"
finish
