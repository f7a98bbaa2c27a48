#!/usr/bin/env bash
# eBay, WooCommerce and PayPal end to end: the fixtures' bad input reported
# with file and line, overlapping exports imported once, every deposit tied
# to the cent or reported; order mode's documents carry source.order_id and
# summaries source.deposit_id; our samples plan clean; the real files in
# ../shared/formats/samples parse (skipped when absent); a posting run of
# our samples against the sandbox ends with every document once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; rm -rf "$T"' EXIT
cd "$T"
mkdir -p in
cp -r "$SRC/tests/data/ebay" "$SRC/tests/data/woocommerce" "$SRC/tests/data/paypal" in/
rm -f in/paypal/lang-* in/ebay/lang-* # the language fixtures: plan_langs.sh
rm -f in/paypal/account-* # PayPal as an account: paypal_account.sh

# PayPal read as transfers to the bank ("model": "transfer"): the fixtures'
# facts below are per transfer (PayPal as an account: paypal_account.sh)
cp -r "$SRC/mappings" tmaps
"$PY" - tmaps/settings.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["paypal"]["model"] = "transfer"
json.dump(s, open(sys.argv[1], "w"), indent=2)
PY

# 1. fixtures
"$LL" plan --state f.db --mappings tmaps --json in > f.jsonl 2> f.err
expect_eq "fixtures exit (rejects)" "$?" "3"
expect() { # FILE LINE SEVERITY CODE
	got=$(q f.db "SELECT count(*) FROM rejects WHERE path='in/$1' AND line=$2 AND severity='$3' AND code='$4'")
	expect_eq "reject $1:$2 $3 $4" "$got" "1"
}
expect ebay/bad-rows.csv 13 error bad-amount
expect ebay/bad-rows.csv 14 error bad-date
expect ebay/bad-rows.csv 16 error untied
expect ebay/bad-rows.csv 22 error untied
expect ebay/no-payout-row.csv 0 warning no-payout-row
expect ebay/no-payout-row.csv 22 warning not-paid-out
expect ebay/file-exchange-formula.csv 6 warning formula
expect ebay/order-earnings.csv 0 warning skipped
expect woocommerce/bad-amount.csv 4 error bad-amount
expect woocommerce/bad-amount.csv 2 error untied
expect woocommerce/total-off.csv 2 warning total-difference
expect woocommerce/refund-only.json 6 warning refund-without-order
expect woocommerce/analytics.csv 0 warning skipped
expect paypal/untied.csv 8 error bad-amount
expect paypal/untied.csv 4 error untied
expect paypal/untied.csv 11 error untied
expect paypal/starts-mid-way.csv 2 warning partial-transfer
expect paypal/comma-space-header.csv 7 warning no-transfer
expect_eq "overlaps imported once (duplicates)" \
	"$(q f.db "SELECT group_concat(path || ':' || n, ' ') FROM (SELECT path, count(*) n FROM rejects WHERE code='duplicate' GROUP BY path ORDER BY path)")" \
	"in/ebay/overlap-b.csv:4 in/paypal/overlap-b.csv:4 in/woocommerce/month-jan.csv:1 in/woocommerce/overlap-b.csv:3"
expect_eq "no conflicts" "$(q f.db "SELECT count(*) FROM rejects WHERE code='conflict'")" "0"
expect_eq "no other errors" "$(q f.db "SELECT count(*) FROM rejects WHERE severity='error'")" "9"
expect_eq "each overlapping payout once" \
	"$(q f.db "SELECT count(*) FROM settlements WHERE deposit_id IN ('5900009001','5900009004','LLPO00000039595','2025-06-03 stripe GBP')")" "4"
expect_eq "untied deposits" \
	"$(q f.db "SELECT group_concat(deposit_id, ',') FROM (SELECT deposit_id FROM settlements WHERE status='untied' ORDER BY 1)")" \
	"2025-07-01 stripe GBP,5900009201,5900009202,LLPU00000031676,LLPU00000087109"
expect_eq "every tied deposit's documents sum to it" \
	"$(q f.db "SELECT count(*) FROM settlements s WHERE status='tied' AND deposit_minor <> (SELECT coalesce(sum(signed_minor),0) FROM documents d WHERE d.settlement_id=s.id)")" "0"
expect_eq "tied deposits' events sum to them" \
	"$(q f.db "SELECT count(*) FROM settlements WHERE status='tied' AND events_minor <> deposit_minor")" "0"
expect_eq "decimal comma, thousands dot (eBay.de)" \
	"$(q f.db "SELECT deposit_minor || ' ' || currency FROM settlements WHERE deposit_id='5900009301'")" "105120 EUR"
expect_eq "untied says both figures" \
	"$(q f.db "SELECT count(*) FROM rejects WHERE path='in/ebay/bad-rows.csv' AND line=22 AND message LIKE '%107.77 USD%sum to 72.43%'")" "1"
# sales in other currencies than the payout (foreign-currency.csv): every amount
# converted, fees kept apart, eBay's rate against Net on the exchange account
"$LL" plan -q --state fx.db --json in/ebay/foreign-currency.csv > fx.jsonl 2> fx.err
expect_eq "foreign currencies: lines by account" \
	"$("$PY" -c '
import json
for l in open("fx.jsonl"):
    d = json.loads(l)
    print(d["number"], d["total"], " ".join("%s:%s" % (li["AccountCode"], li["LineAmount"]) for li in d["document"]["LineItems"]))
')" "EBAY-5900009401 79.38 2310:85.33 2311:7.21 4310:-13.08 8170:-0.08"
# payments on: the orders report's days (sales, no payout) are paid into
# the clearing account and never transferred; a transaction report's payouts are
mkdir -p paidmaps && cp "$SRC"/mappings/* paidmaps/
"$PY" - paidmaps/settings.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["ebay"].update(status="AUTHORISED", mode="order")
json.dump(s, open(sys.argv[1], "w"))
PY
"$LL" plan -q --state pd.db --mappings paidmaps in/ebay/orders-report.csv in/ebay/overlap-a.csv > /dev/null 2>&1
expect_eq "eBay days paid, not transferred; payouts transferred" \
	"$(q pd.db "SELECT group_concat(kind || ':' || n, ' ') FROM (SELECT d.kind || (CASE WHEN s.deposit_id GLOB '5900*' THEN '/payout' ELSE '/day' END) kind, count(*) n FROM documents d JOIN settlements s ON s.id=d.settlement_id WHERE d.kind IN ('Payment','BankTransfer') GROUP BY 1 ORDER BY 1)")" \
	"BankTransfer/payout:$(q pd.db "SELECT count(*) FROM settlements WHERE deposit_id GLOB '5900*' AND deposit_minor<>0") Payment/day:$(q pd.db "SELECT count(*) FROM documents d JOIN settlements s ON s.id=d.settlement_id WHERE d.kind IN ('Invoice','CreditNote') AND d.total_minor<>0 AND NOT s.deposit_id GLOB '5900*'") Payment/payout:$(q pd.db "SELECT count(*) FROM documents d JOIN settlements s ON s.id=d.settlement_id WHERE d.kind IN ('Invoice','CreditNote') AND d.total_minor<>0 AND s.deposit_id GLOB '5900*'")"
expect_eq "bad amount names the text and column" \
	"$(q f.db "SELECT count(*) FROM rejects WHERE code='bad-amount' AND message LIKE '%''12.3x''%Item subtotal%'")" "1"

# 1b. WooCommerce exported month by month: January's order 8407 is refunded on
# 2025-02-03 and shown again in the February export. Either reading order:
# the January sale once (the whole day 2025-01-31 from month-jan.csv), each
# refund once as its own deposit on its own day, no conflict, and the
# deposits add up to every order's total less every refund, counted once.
want=$("$PY" - "$SRC/tests/data/woocommerce" <<'PY'
import csv, sys
orders, refunds = {}, set()
for f in ("month-jan.csv", "month-feb.csv"):
    for r in csv.DictReader(open(sys.argv[1] + "/" + f, encoding="utf-8", newline="")):
        orders[r["order_number"]] = round(float(r["order_total"]) * 100)
        for e in filter(None, r["refund_items"].split(";")):
            kv = dict(x.split(":", 1) for x in e.split("|"))
            refunds.add((r["order_number"], kv["date"], round(float(kv["amount"]) * 100)))
print(sum(orders.values()) - sum(a for _, _, a in refunds))
PY
)
for order in "jan feb" "feb jan"; do
	set -- $order
	rm -f m.db
	"$LL" plan --state m.db in/woocommerce/month-$1.csv > /dev/null 2>&1
	"$LL" plan --state m.db in/woocommerce/month-$2.csv > /dev/null 2>&1
	expect_eq "months $order: no conflict" "$(q m.db "SELECT count(*) FROM rejects WHERE code='conflict'")" "0"
	expect_eq "months $order: sales and refunds once" \
		"$(q m.db "SELECT sum(deposit_minor) FROM settlements WHERE status='tied'")" "$want"
	expect_eq "months $order: documents sum to the deposits" \
		"$(q m.db "SELECT sum(signed_minor) FROM documents")" "$want"
	expect_eq "months $order: 2025-01-31 whole, from January's export" \
		"$(q m.db "SELECT s.deposit_minor || ' ' || src.path || ' ' || coalesce(s.note,'') FROM settlements s JOIN sources src ON src.id=s.source_id WHERE deposit_id='2025-01-31 paypal GBP'")" \
		"15054 in/woocommerce/month-jan.csv "
	expect_eq "months $order: February's refund of 8407 on its day" \
		"$(q m.db "SELECT deposit_minor || ' ' || deposit_date FROM settlements WHERE deposit_id='2025-02-03 paypal GBP R8407'")" \
		"-1400 2025-02-03"
	[ "$1" = feb ] && continue # read first, the partial day is replaced
	expect_eq "months $order: the partial day is reported as a duplicate" \
		"$(q m.db "SELECT count(*) FROM rejects WHERE path='in/woocommerce/month-feb.csv' AND code='duplicate' AND message LIKE '%2025-01-31 paypal GBP is here only in part%month-jan.csv%'")" "1"
done

# 1c. PayPal: EUR received into a USD account and never withdrawn. Each month's
# EUR rows join the USD transfer that follows their conversion, converted at the
# pair's rate, line by line; the rounding left over is one Exchange difference
# line (8170), so each transfer still ties. The EUR and GBP rows after the last
# conversion stay reported.
expect_eq "EUR converted: three USD transfers tie" \
	"$(q f.db "SELECT group_concat(deposit_id || ':' || deposit_minor || ':' || status, ' ') FROM (SELECT * FROM settlements WHERE deposit_id LIKE 'LLPX%' ORDER BY 1)")" \
	"LLPX00000063352:25046:tied LLPX00000134623:17927:tied LLPX00000197975:23455:tied"
expect_eq "EUR converted: only the rows after the last conversion reported" \
	"$(q f.db "SELECT group_concat(line || ':' || code, ' ') FROM (SELECT * FROM rejects WHERE path='in/paypal/eur-converted.csv' AND severity<>'note' ORDER BY line)")" \
	"27:no-transfer 28:no-transfer"
expect_eq "EUR converted: all dates ambiguous, read month-first as English downloads are, in a note" \
	"$(q f.db "SELECT count(*) FROM rejects WHERE path='in/paypal/eur-converted.csv' AND severity='note' AND code='date-order' AND message LIKE '%read as month-first, the convention of English PayPal downloads%'")" "1"
# March: 2 x (59.00 - 2.06) EUR converted into 123.41 USD: 2 x 63.94 payments,
# 2 x -2.23 fees, -0.01 exchange difference; June: a EUR refund converted too
expect_eq "EUR converted: lines of the March transfer" \
	"$(q f.db "SELECT group_concat(account_code || ':' || amount_minor, ' ') FROM (SELECT l.* FROM lines l JOIN documents d ON d.id=l.document_id WHERE d.number='PP-LLPX00000063352' ORDER BY l.line_no)")" \
	"2510:25963 4510:-916 8170:-1"
expect_eq "EUR converted: no conversion line left, differences under a cent a line" \
	"$(q f.db "SELECT count(*) FROM lines l JOIN documents d ON d.id=l.document_id WHERE d.number LIKE 'PP-LLPX%' AND (l.account_code='850' OR (l.account_code='8170' AND abs(l.amount_minor) > 5))")" "0"
expect_eq "EUR converted: the June refund converted" \
	"$(q f.db "SELECT amount_minor FROM lines l JOIN documents d ON d.id=l.document_id WHERE d.number='PP-LLPX00000134623' AND l.category LIKE '%/Refund/%'")" "-1850"

# 1d. WooCommerce orders paid through PayPal and PayPal's activity of the same
# payments: without a setting the sales count twice, and the report says so with
# both file names; with paypal.sales_recorded_by = "woocommerce" PayPal's store
# payments post to the clearing account 8180 and revenue (200) holds each sale once.
expect_eq "sales twice: warned with both files" \
	"$(q f.db "SELECT count(*) FROM rejects WHERE code='sales-twice' AND message LIKE '%in/woocommerce/woo-paypal.csv%in/paypal/woo-paypal-activity.csv%sales_recorded_by%'")" "1"
totals() { # JSONL: signed sum per account code, "code:minor ..."
	"$PY" - "$1" <<'PY'
import json, sys
from decimal import Decimal
tot = {}
for l in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(l)
    sign = -1 if d["kind"] == "CreditNote" else 1
    body = d["document"]
    if body.get("Type") == "ACCPAY":
        sign = -sign
    for li in body["LineItems"]:
        a = li["AccountCode"]
        tot[a] = tot.get(a, 0) + sign * int(Decimal(str(li["LineAmount"])) * 100)
print(" ".join("%s:%d" % kv for kv in sorted(tot.items())))
PY
}
mkdir -p pair
cp in/woocommerce/woo-paypal.csv in/paypal/woo-paypal-activity.csv pair/
"$LL" plan --state p0.db --mappings tmaps --json pair > p0.jsonl 2> /dev/null
expect_eq "sales twice without the setting: sales (Woo 24xx, PayPal 25xx) hold them twice" \
	"$(totals p0.jsonl)" "2410:37200 2411:2700 2412:-4500 2510:39900 2512:-4500 4510:-1174"
expect_eq "sales twice: warned in the pair's own run" \
	"$(q p0.db "SELECT count(*) FROM rejects WHERE code='sales-twice'")" "1"
cp -r tmaps maps
"$PY" - maps/settings.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["paypal"]["sales_recorded_by"] = "woocommerce"
json.dump(s, open(sys.argv[1], "w"), indent=2)
PY
"$LL" plan --state p1.db --mappings maps --json pair > p1.jsonl 2> /dev/null
# Woo: 399.00 of orders less the 45.00 refund; PayPal: the same 354.00 to the
# clearing account, its fees 11.74 to 4510; 354.00 - 11.74 = 342.26 withdrawn
expect_eq "sales once with sales_recorded_by: Woo's sales once, 8180 clears" "$(totals p1.jsonl)" \
	"2410:37200 2411:2700 2412:-4500 4510:-1174 8180:35400"
expect_eq "sales once: no warning" "$(q p1.db "SELECT count(*) FROM rejects WHERE code='sales-twice'")" "0"
expect_eq "sales once: the PayPal transfer still ties" \
	"$(q p1.db "SELECT deposit_minor || ' ' || documents_minor FROM settlements WHERE deposit_id='LLPW00000063352'")" "34226 34226"

# 2. order mode: per-order documents carry source.order_id, summaries source.deposit_id
"$LL" plan --state o.db --mappings tmaps --mode order --json in > o.jsonl 2> /dev/null
"$PY" - o.jsonl o.db <<'PY' || bad "order mode documents"
import json, sqlite3, sys
from decimal import Decimal
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
con = sqlite3.connect(sys.argv[2])
per, orders, summaries = {}, 0, 0
for d in docs:
    src = d["source"]
    assert src["deposit_id"], d
    key = (src["platform"], src["deposit_id"])
    per[key] = per.get(key, Decimal(0)) + Decimal(d["signed_total"])
    if "order_id" in src:
        orders += 1
        assert src["order_id"] and src["order_id"] in d["number"], (src, d["number"])
    else:
        summaries += 1
for plat, dep, minor, cur in con.execute(
        "SELECT platform, deposit_id, deposit_minor, currency FROM settlements WHERE status='tied'"):
    if (plat, dep) in per:
        assert per[(plat, dep)] == Decimal(minor).scaleb(-2), (dep, per[(plat, dep)], minor)
assert orders > 20 and summaries > 5, (orders, summaries)
nums = [d["number"] for d in docs]
assert len(nums) == len(set(nums)), "duplicate document numbers"
eb = [d for d in docs if d["source"]["platform"] == "ebay" and "order_id" in d["source"]]
assert any(d["source"]["order_id"].startswith("99-") for d in eb)
PY
ok

# 3. our samples: every deposit ties, nothing unmapped, no errors
mkdir -p smp
cp -r "$SRC/samples/ebay" "$SRC/samples/woocommerce" "$SRC/samples/paypal" smp/
"$LL" plan --state s.db --json smp > s.jsonl 2> s.err
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "samples plan exit $rc: $(tail -3 s.err)"
expect_eq "samples: no errors" "$(q s.db "SELECT count(*) FROM rejects WHERE severity='error'")" "0"
expect_eq "samples: nothing unmapped" "$(q s.db "SELECT count(*) FROM rejects WHERE code='unmapped'")" "0"
expect_eq "samples: all tie" "$(q s.db "SELECT count(*) FROM settlements WHERE status<>'tied'")" "0"
expect_eq "samples: three platforms, several currencies" \
	"$(q s.db "SELECT count(DISTINCT platform) || ' ' || (count(DISTINCT currency) >= 3) FROM settlements")" "3 1"
expect_eq "samples: a negative eBay payout" \
	"$(q s.db "SELECT count(*) FROM settlements WHERE platform='ebay' AND deposit_minor < 0")" "1"
expect_eq "samples: several years" \
	"$(q s.db "SELECT count(DISTINCT substr(deposit_date,1,4)) >= 4 FROM settlements")" "1"
expect_eq "samples: summaries carry source.deposit_id" \
	"$("$PY" -c "import json,sys; print(all(json.loads(l)['source']['deposit_id'] for l in open('s.jsonl')))")" "True"

# 4. the real files (third-party, never copied into the project)
R="${LL_SHARED_DIR:-$SRC/../shared}/formats/samples"
if [ -d "$R/ebay" ] && [ -d "$R/woocommerce" ] && [ -d "$R/paypal" ]; then
	"$LL" plan --state r.db --json "$R/ebay" "$R/woocommerce" "$R/paypal" > r.jsonl 2> r.err
	rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "real files exit $rc"
	expect_eq "real: no errors" "$(q r.db "SELECT count(*) FROM rejects WHERE severity='error'")" "0"
	expect_eq "real: all tie" "$(q r.db "SELECT count(*) FROM settlements WHERE status<>'tied'")" "0"
	expect_eq "real: File Exchange formula row reported" \
		"$(q r.db "SELECT count(*) FROM rejects WHERE code='formula' AND line=3")" "1"
	# PayPal: the days of the accounts (anonymised real downloads: every
	# day's rows tie to PayPal's running balance)
	expect_eq "real: deposits by platform" \
		"$(q r.db "SELECT group_concat(platform || ':' || n, ' ') FROM (SELECT platform, count(*) n FROM settlements GROUP BY platform ORDER BY platform)")" \
		"ebay:1 paypal:60 woocommerce:3"
	expect_eq "real: REST order 727" \
		"$(q r.db "SELECT deposit_minor FROM settlements WHERE deposit_id='2017-03-22 bacs USD'")" "2935"
	expect_eq "real: WebToffee 1003" \
		"$(q r.db "SELECT deposit_minor FROM settlements WHERE deposit_id='2018-05-16 eh_stripe_pay USD'")" "5898"
else
	echo "no real samples under $R: that part skipped"
fi

# 5. posting our samples to the sandbox: every document once, a re-run posts nothing
start_sandbox "$T/sbx" || exit 1
"$LL" run -q --create-accounts --enable-currencies --state p.db smp 2> p.err
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "sandbox run exit $rc: $(tail -3 p.err)"
n=$(q p.db "SELECT count(*) FROM documents")
expect_eq "all posted" "$(q p.db "SELECT count(*) FROM documents WHERE status<>'posted'")" "0"
expect_eq "sandbox holds each document once" "$(sandbox_check p.db)" "ok $n"
"$LL" run -q --state p.db smp 2> p2.err
expect_eq "second run: no new writes" \
	"$(q p.db "SELECT count(*) FROM calls WHERE run_id=2 AND method<>'GET' AND path<>'connect/token'")" "0"
expect_eq "still once" "$(sandbox_check p.db)" "ok $n"
stop_sandbox
finish
