#!/usr/bin/env bash
# Every sale once, nothing left out in silence (issue 12, docs/completeness.md):
#  A. the completeness ledger on samples/: every file's rows = imported +
#     held back + left out, one line per file on stderr, the Completeness
#     and Coverage sheets, status; errors and warnings on stderr (the first
#     20, then "and N more"), -q silences them;
#  B. Shopify (tests/data/join/shopify*): the orders export alone imports
#     every paid order whatever its gateway; unpaid orders listed (or
#     unpaid invoices by a setting), voided never; joined with the
#     transactions export by order (store payments, one invoice per order),
#     whichever is read first; a later export's new refund adds a credit
#     note; two shops do not clash; a renamed folder is no new shop; a
#     marketplace channel's order is left to the marketplace's settlement;
#  C. eBay: an orders report and a transaction report of the same orders
#     import each once (the transaction report's money wins), unpaid rows
#     are not sales, a multi-item order's items each once;
#  D. the same order in two platforms' exports: a warning naming both files;
#  E. 40 Amazon settlements downloaded into one file: each planned;
#  F. --from/--to; G. coverage in scan and status; H. a bad row on stderr.
. "$(dirname "$0")/lib.sh"
cd "$T"
J="$SRC/tests/data/join"
cp -r "$SRC/samples" s

# per file: the ledger counts the rows the file has, and nothing uncounted
ledger_ok() {
	q "$1" "SELECT count(*) FROM sources s WHERE s.status='parsed' AND s.rows <>
		(SELECT coalesce(sum(c.rows), 0) FROM completeness c WHERE c.source_id=s.id)"
}

# ---- A. samples
"$LL" plan --state a.db --report a.xlsx s > /dev/null 2> a.err
expect_eq "A: plan exit (warnings)" "$?" "3"
expect_eq "A: every file's rows counted once" "$(ledger_ok a.db)" "0"
expect_eq "A: nothing uncounted" "$(q a.db "SELECT count(*) FROM rejects WHERE code='uncounted'")" "0"
expect_eq "A: ledger rows = the files' rows" \
	"$(q a.db "SELECT sum(rows) FROM completeness")" "$(q a.db "SELECT sum(rows) FROM sources WHERE status='parsed'")"
expect_eq "A: one line per file read" \
	"$(grep -c '^  s/.*: [0-9]* rows\? .*; imported ' a.err)" \
	"$(q a.db "SELECT count(*) FROM sources WHERE status='parsed'")"
grep -q '^  s/shopify/orders_export_1.csv: 193 rows (CAD 1208.69, USD 7646.28); imported 182 (CAD 1208.69, USD 7207.70); left out 11: unpaid 5 (USD 193.07), voided 6 (USD 245.51)$' a.err \
	&& ok || bad "A: the orders export's line: $(grep orders_export a.err)"
expect_eq "A: warnings on stderr by default, the first 20" \
	"$(grep -cE ': (warning: .*\]|skipped: .*)$' a.err)" "20"
grep -q '^and [0-9]* more: see the report$' a.err && ok || bad "A: and N more: $(tail -3 a.err)"
"$LL" plan -q --state aq.db s > /dev/null 2> aq.err
expect_eq "A: -q silences them" "$(wc -l < aq.err | tr -d ' ')" "0"
"$PY" - a.xlsx <<'PY' > sheets.txt
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
c, v = wb["Completeness"], wb["Coverage"]
bold = [r for r in c.iter_rows(min_row=2, values_only=True) if r[4] == "all"]
print(len(bold), sum(1 for r in bold if r[5] == "every row counted" and r[2] == r[6]))
print(sorted({r[0] for r in v.iter_rows(min_row=2, values_only=True)}))
PY
expect_eq "A: Completeness sheet: a checked line per file" "$(sed -n 1p sheets.txt)" \
	"$(q a.db "SELECT count(DISTINCT source_id) FROM completeness") $(q a.db "SELECT count(DISTINCT source_id) FROM completeness")"
expect_eq "A: Coverage sheet: every platform" "$(sed -n 2p sheets.txt)" \
	"['Amazon', 'PayPal', 'Shopify', 'WooCommerce', 'eBay']"
"$LL" status --state a.db > st.txt
grep -q '^Completeness: every row of every file (48 files, ' st.txt && ok || bad "A: status completeness: $(grep Completeness st.txt)"
grep -q '^  Amazon CAD settlements: 2024-01-09 to 2025-04-01, 6 settlements; missing 2024-03-06 to 2025-03-03$' st.txt \
	&& ok || bad "A: status coverage: $(grep -A3 ^Coverage st.txt)"
"$LL" status --json --state a.db > st.json
expect_eq "A: status --json: completeness and coverage" \
	"$("$PY" -c 'import json,sys; j=json.load(open("st.json")); c=j["completeness"]; print(c["rows"] == c["imported"] + c["held"] + c["left"], len(j["coverage"]) > 10)')" \
	"True True"

# ---- B. Shopify
mkdir -p b1/shop-a && cp "$J/shopify/shop-a/orders_export_1.csv" b1/shop-a/
"$LL" plan --state b1.db b1 > /dev/null 2> b1.err
expect_eq "B: orders export alone: every paid order, whatever its gateway" \
	"$(q b1.db "SELECT group_concat(deposit_id || '=' || deposit_minor, '; ') FROM (SELECT * FROM settlements ORDER BY deposit_id)")" \
	"shop-a:2025-01-03 Shopify Payments=10000; shop-a:2025-01-03 Shopify Payments R#5102=-1500; shop-a:2025-01-04 PayPal Express Checkout=3300; shop-a:2025-01-04 Shop Pay Installments=12000; shop-a:2025-01-05 Shopify Payments=2500"
grep -q 'orders_export_1.csv:4: warning: 1 order(s) not paid (Financial Status pending or authorized: cash on delivery, payment terms; first on line 4), total 48.00 USD' b1.err \
	&& ok || bad "B: unpaid orders listed with count and total: $(cat b1.err)"
expect_eq "B: left out with their reasons and money (unpaid, voided, a channel's)" \
	"$(q b1.db "SELECT group_concat(reason || ':' || rows || ':' || amount_minor, ' ') FROM (SELECT * FROM completeness WHERE fate='left' ORDER BY reason)")" \
	"marketplace-channel:1:2999 unpaid:1:4800 voided:1:2200"
# unpaid orders as unpaid invoices: a setting; AUTHORISED, they are not paid
mkdir mu && cp "$SRC"/mappings/* mu/
"$PY" - mu/settings.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["shopify"].update({"unpaid_orders": "invoice", "status": "AUTHORISED"})
json.dump(s, open(sys.argv[1], "w"))
PY
"$LL" plan -q --mappings mu --state bu.db b1 > /dev/null 2>&1
expect_eq "B: unpaid_orders invoice: an unpaid invoice, no payment" \
	"$(q bu.db "SELECT d.kind || ' ' || d.total_minor || ' ' || (SELECT count(*) FROM documents p WHERE p.settlement_id=s.id AND p.kind='Payment') FROM documents d JOIN settlements s ON s.id=d.settlement_id WHERE s.deposit_id LIKE '%unpaid' AND d.kind='Invoice'")" \
	"Invoice 4800 0"
expect_eq "B: the paid days are paid into their clearing account (Shopify Payments: 8181)" \
	"$(q bu.db "SELECT count(*) FROM documents WHERE kind='Payment' AND body LIKE '%\"Code\":\"8181\"%'")" "4"

# joined with the transactions export by order
cp -r "$J/shopify" b2
"$LL" plan --state b2.db b2 > /dev/null 2> b2.err
expect_eq "B: join: the payout's charges of the orders export's orders are store payments" \
	"$(q b2.db "SELECT group_concat(l.category || '=' || l.amount_minor, ' ') FROM lines l JOIN documents d ON d.id=l.document_id WHERE d.number='SHOP-2025-01-09 USD' ORDER BY l.line_no")" \
	"*/ItemPrice/Charge=1800 */Store payment/*=24500 */Store refund/*=-1500 */Fees/*=-913"
expect_eq "B: join: the clearing account nets to zero for the joined orders" \
	"$(q b2.db "SELECT (SELECT sum(amount_minor) FROM orders WHERE role='payment' AND source_id=(SELECT id FROM sources WHERE path LIKE '%payment_transactions%')) - (SELECT sum(amount_minor) FROM orders WHERE role='sale' AND format='shopify-orders' AND shop='shop-a' AND order_id IN ('#5101','#5102','#5103','#5104'))")" "0"
expect_eq "B: join: noted, naming the orders export" \
	"$(q b2.db "SELECT count(*) FROM rejects WHERE code='joined' AND message LIKE '4 order(s)%b2/shop-a/orders_export_1.csv%'")" "1"
expect_eq "B: two shops on the same days do not clash" \
	"$(q b2.db "SELECT count(*) FROM settlements WHERE deposit_id LIKE 'shop-b:%'") $(q b2.db "SELECT count(*) FROM rejects WHERE code IN ('conflict','duplicate')")" "2 0"
"$LL" plan -q --mode order --json --state b2o.db b2 > b2o.jsonl 2> /dev/null
expect_eq "B: order mode: one invoice per order, no number twice" \
	"$("$PY" -c '
import json, sys, collections
docs = [json.loads(l) for l in open("b2o.jsonl")]
n = collections.Counter(d["number"] for d in docs)
print(max(n.values()), sorted(d["number"] for d in docs if d["number"].startswith("SHOP-#510")))')" \
	"1 ['SHOP-#5101', 'SHOP-#5101-2025-01-03 Shopify Payments', 'SHOP-#5102', 'SHOP-#5102-R2025-01-03 Shopify Payments R#5102', 'SHOP-#5103', 'SHOP-#5104', 'SHOP-#5105', 'SHOP-#5105-2025-01-04 PayPal Express Checkout']"
# Xero's numbers and references: the shop stays in the state file's deposit
# ids (two shops do not clash there) but never a folder's name in Xero
"$LL" plan -q --mode order --mappings mu --state b2p.db b2 > /dev/null 2>&1
FOLDER="number GLOB '*shop-[ab]*' OR reference GLOB '*shop-[ab]*' OR body GLOB '*shop-[ab]*'"
expect_eq "B: the state's ids carry the shop; no number, reference or body the folder's" \
	"$(q b2.db "SELECT count(*) > 0 FROM settlements WHERE deposit_id GLOB 'shop-[ab]:*'") $(q b2.db "SELECT count(*) FROM documents WHERE $FOLDER") $(q b2o.db "SELECT count(*) FROM documents WHERE $FOLDER") $(q b2p.db "SELECT count(*) > 0 FROM documents WHERE kind IN ('Payment','BankTransfer')") $(q b2p.db "SELECT count(*) FROM documents WHERE $FOLDER")" \
	"1 0 0 1 0"
expect_eq "B: two shops' days of one gateway: numbers still unique, without the shop" \
	"$(q b2.db "SELECT group_concat(number, '|') FROM (SELECT number FROM documents WHERE number LIKE 'SHOP-2025-01-03 Shopify Payments%' AND kind='Invoice' ORDER BY number)")" \
	"SHOP-2025-01-03 Shopify Payments|SHOP-2025-01-03 Shopify Payments-2"
expect_eq "B: payments and transfers: references without the shop, each once (Xero keys them by it)" \
	"$(q b2p.db "SELECT reference FROM documents WHERE kind='BankTransfer' ORDER BY id LIMIT 1") $(q b2p.db "SELECT count(*) FROM (SELECT reference FROM documents WHERE kind IN ('Payment','BankTransfer') GROUP BY reference HAVING count(*) > 1)")" \
	"Shopify payout 2025-01-09 USD 0"
# a shop named in settings.json: its short form in Xero's numbers
mkdir ms && cp "$SRC"/mappings/* ms/
"$PY" - ms/settings.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["shopify"]["shop"] = "Acme-Store.myshopify.com"
json.dump(s, open(sys.argv[1], "w"))
PY
"$LL" plan -q --mappings ms --state bs.db b1 > /dev/null 2>&1
expect_eq "B: a shop named in settings.json: ids carry it whole, numbers a short form" \
	"$(q bs.db "SELECT s.deposit_id || ' -> ' || d.number FROM documents d JOIN settlements s ON s.id=d.settlement_id WHERE d.kind='Invoice' ORDER BY s.deposit_id LIMIT 1")" \
	"Acme-Store.myshopify.com:2025-01-03 Shopify Payments -> SHOP-Acme-Store 2025-01-03 Shopify Payments"

# read in the other order (payouts first): the same result, the payouts read again
mkdir -p b3/a/shop-a b3/b/shop-a
cp "$J/shopify/shop-a/payment_transactions_export_1.csv" b3/a/shop-a/
cp "$J/shopify/shop-a/orders_export_1.csv" b3/b/shop-a/
"$LL" plan --state b3.db b3 > /dev/null 2> b3.err
expect_eq "B: payouts read before the orders export: joined all the same" \
	"$(q b3.db "SELECT sum(l.amount_minor) FROM lines l WHERE l.category='*/Store payment/*'")" "24500"
grep -q '^files: 2 (2 read, 0 unchanged, 0 skipped, 0 unreadable); rows: 17 ' b3.err && ok ||
	bad "B: a file read again is counted once: $(grep '^files:' b3.err)"
# a later export of the same shop with a new refund: a credit note, no conflict
"$LL" plan --state b2.db b2 "$J/shopify-later" > /dev/null 2> b4.err
expect_eq "B: a later export's new refund adds a credit note of the difference" \
	"$(q b2.db "SELECT deposit_id || '=' || deposit_minor FROM settlements WHERE deposit_id LIKE '%R#5102-2'")" \
	"shop-a:2025-01-03 Shopify Payments R#5102-2=-1000"
expect_eq "B: ... and no conflict" "$(q b2.db "SELECT count(*) FROM rejects WHERE code='conflict'")" "0"
expect_eq "B: the order it adds is joined: the payouts were read again" \
	"$(q b2.db "SELECT l.category FROM lines l JOIN documents d ON d.id=l.document_id WHERE d.number='SHOP-2025-01-09 USD' AND l.category LIKE '%Charge%'")" ""
# the later export alone after the first: the payouts file is named to read again
"$LL" plan -q --state b5.db b2 > /dev/null 2>&1
"$LL" plan --state b5.db "$J/shopify-later" > /dev/null 2> b5.err
expect_eq "B: the payouts not given: a stale warning names them" \
	"$(q b5.db "SELECT count(*) FROM rejects WHERE code='stale' AND message LIKE 'b2/shop-a/payment_transactions_export_1.csv counts orders%'")" "1"
# the same exports in a folder of another name: not another shop's sales
mkdir -p b6/renamed && cp "$J/shopify/shop-a/orders_export_1.csv" b6/renamed/
"$LL" plan --state b5.db b6 > /dev/null 2> b6.err
expect_eq "B: a renamed folder: the same deposits, duplicates" \
	"$(q b5.db "SELECT count(*) FROM settlements WHERE deposit_id LIKE 'renamed:%'") $(q b5.db "SELECT count(*) FROM rejects WHERE code='duplicate' AND path LIKE 'b6/%' AND message LIKE '%(as shop-a:%'")" \
	"0 5"

# ---- C. eBay: the orders report and the transaction report of the same orders
cp -r "$J/ebay" c
"$LL" plan --state c.db c > /dev/null 2> c.err
expect_eq "C: the orders report keeps only what no transaction report holds" \
	"$(q c.db "SELECT group_concat(deposit_id || '=' || deposit_minor, ' ') FROM (SELECT * FROM settlements ORDER BY deposit_id)")" \
	"2025-01-20 USD=3000 5900000901=6875"
grep -q 'eBay-OrdersReport-Jan-31-2025-10_00_00-0800-1000000009.csv:4: warning: 2 order(s) of this orders report are also in the transaction report c/Transaction_report_20250101_20250131.csv: imported once, from the transaction report' c.err \
	&& ok || bad "C: the warning names both files: $(cat c.err)"
expect_eq "C: the unpaid order is no sale" \
	"$(q c.db "SELECT reason || ':' || rows || ':' || amount_minor FROM completeness WHERE reason='unpaid'")" "unpaid:1:1000"
mkdir -p c2/a c2/b && cp "$J/ebay/eBay-"* c2/a/ && cp "$J/ebay/Transaction"* c2/b/
"$LL" plan -q --state c2.db c2 > /dev/null 2>&1
expect_eq "C: the orders report read first: the same" \
	"$(q c2.db "SELECT group_concat(deposit_id || '=' || deposit_minor, ' ') FROM (SELECT * FROM settlements ORDER BY deposit_id)")" \
	"2025-01-20 USD=3000 5900000901=6875"
# the orders report alone: the multi-item order's items once, no difference
mkdir c3 && cp "$J/ebay/eBay-"* c3/
"$LL" plan --state c3.db --mode order --json c3 > c3.jsonl 2> c3.err
expect_eq "C: a multi-item order: its items and shipping, 53.50, nothing twice" \
	"$("$PY" -c '
import json
for d in map(json.loads, open("c3.jsonl")):
    if d.get("source", {}).get("order_id") == "12-22222-22222":
        print(d["total"], sorted((l["Description"], l["LineAmount"]) for l in d["document"]["LineItems"]))')" \
	"53.50 [('eBay sales', 48.5), ('eBay shipping charged', 5.0)]"
expect_eq "C: ... its two item rows each an amount with its SKU" \
	"$(q c3.db "SELECT count(*) FROM rejects WHERE code='total-difference'")" "0"

# ---- D. the same order in two platforms' exports
mkdir -p d/shop-a d/amazon && cp "$J/shopify/shop-a/orders_export_1.csv" d/shop-a/ && cp "$J/amazon/"*.txt d/amazon/
mkdir -p d/woocommerce d/paypal && cp "$SRC/tests/data/woocommerce/woo-paypal.csv" d/woocommerce/ \
	&& cp "$SRC/tests/data/paypal/woo-paypal-activity.csv" d/paypal/
"$LL" plan --state d.db d > /dev/null 2> d.err
expect_eq "D: a marketplace channel's order and its settlement: once, both files named" \
	"$(q d.db "SELECT count(*) FROM rejects WHERE code='same-order' AND message LIKE '1 Shopify order(s) of a marketplace channel in d/shop-a/orders_export_1.csv (e.g. 113-0000001-5551234%are Amazon sales in d/amazon/99950000001.txt%'")" "1"
expect_eq "D: WooCommerce PayPal orders and the PayPal download: both files named" \
	"$(q d.db "SELECT count(*) FROM rejects WHERE code='same-order' AND message LIKE '6 order(s) are sales both in d/paypal/woo-paypal-activity.csv (PayPal) and in d/woocommerce/woo-paypal.csv (WooCommerce)%'")" "1"
mkdir md && cp "$SRC"/mappings/* md/
"$PY" - md/settings.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["paypal"]["sales_recorded_by"] = "woocommerce"
json.dump(s, open(sys.argv[1], "w"))
PY
"$LL" plan -q --mappings md --state d2.db d > /dev/null 2>&1
expect_eq "D: with PayPal's payments taken as the store's: no warning" \
	"$(q d2.db "SELECT count(*) FROM rejects WHERE code='same-order' AND message LIKE '%PayPal%'")" "0"

# ---- E. Amazon settlements one after another in one file
cp -r "$J/amazon-concat" e
"$LL" plan --state e.db e > /dev/null 2> e.err
expect_eq "E: 40 settlements, each planned" \
	"$(q e.db "SELECT count(*) FROM settlements WHERE status='tied'") $(q e.db "SELECT count(*) FROM rejects WHERE severity='error'")" "40 0"
expect_eq "E: every row counted" "$(ledger_ok e.db)" "0"

# ---- F. --from/--to: the period migrated
"$LL" plan --state f.db --from 2024-06-01 --to 2024-12-31 s/amazon > /dev/null 2> f.err
expect_eq "F: only deposits dated in the period" \
	"$(q f.db "SELECT count(*) FROM settlements WHERE deposit_date < '2024-06-01' OR deposit_date > '2024-12-31'") $(q f.db "SELECT count(*) FROM settlements")" "0 4"
expect_eq "F: the others left out, with their reason" \
	"$(q f.db "SELECT sum(rows) FROM completeness WHERE reason='outside-period'") $(q f.db "SELECT count(*) FROM sources WHERE status='parsed'")" "794 27"
grep -q '^period: 23 deposits dated outside --from/--to left out$' f.err && ok || bad "F: the summary says so: $(grep period f.err)"
"$LL" plan --state f.db --from 2024-01-01 s/amazon > /dev/null 2> f2.err
expect_eq "F: another period reads the files again" \
	"$(q f.db "SELECT count(*) FROM settlements") $(grep -c '(27 read, 0 unchanged' f2.err)" "27 1"
"$LL" plan --state f3.db --from 2024-13-01 s/amazon > /dev/null 2> f3.err
expect_eq "F: a bad date is a usage error" "$?" "2"
"$LL" plan --state f4.db --from 2025-03-01 --to 2025-01-01 s/amazon > /dev/null 2> f4.err
expect_eq "F: --from after --to is a usage error" "$?" "2"
grep -q 'from 2025-03-01 is after --to 2025-01-01' f4.err && ok || bad "F: from after to said: $(cat f4.err)"
[ -e f4.db ] && bad "F: --from after --to created a state file" || ok

# ---- G. coverage in scan
"$LL" scan s/amazon > g.txt
grep -q '^  Amazon USD settlements: 2024-01-04 to 2026-01-01, 8 settlements; missing 2024-02-16 to 2024-07-03; ' g.txt \
	&& ok || bad "G: scan coverage: $(grep -A6 ^coverage g.txt)"
grep -q '^    completeness: 39 rows (USD 31.03); imported 39 (USD 31.03)$' g.txt && ok || bad "G: scan completeness line"

# ---- H. a bad row: on stderr by default, with file and line
"$LL" plan --state h.db "$SRC/tests/data/amazon/bad-amount.txt" > /dev/null 2> h.err
grep -q 'bad-amount.txt:8: settlement 99940001111: .12.3x. in column .* is not an amount .*\[bad-amount\]$' h.err \
	&& ok || bad "H: the bad row on stderr: $(cat h.err)"
expect_eq "H: its settlement's rows left out as untied" \
	"$(q h.db "SELECT fate || ':' || reason || ':' || rows FROM completeness")" "left:untied:16"
finish
