#!/usr/bin/env bash
# Books an accountant signs off (issue 11), per Xero edition. For a GB, a
# US, an AU and an NZ organisation of the sandbox, the edition's shipped
# mappings (mappings/, mappings/US, AU, NZ) post, AUTHORISED:
#  - the research's synthetic cases (tests/data/tax/<CC>: tax-inclusive and
#    tax-exclusive shops in Shopify's and WooCommerce's layouts, Amazon
#    settlements before and after the UK fee change, marketplace-withheld
#    VAT, US sales tax and its 2017 liability, AU low-value goods, NZ GST;
#    and a UK shop's Shopify Payments orders with the payout of their
#    charges: store payments on 8181, the VAT booked once),
#    day summaries paid from their clearing accounts;
#  - our samples in the formats tests/tax_books.py reads (Amazon flat
#    files, Shopify orders and payouts, WooCommerce REST JSON), unpaid;
# and the trial balance per account and currency (/__sandbox/ledger) must
# equal what tests/tax_books.py computes from the source files on its own
# (no code shared with ledgerlift): revenue holds no tax, the tax account
# holds the tax the sources state, every deposit ties; the workbook's By
# account sheet shows what a day books. tax_books.py itself
# is held to the research's figures for each case (docs/tax.md, the
# figures of the issue 11 research). A plan after the run maps nothing
# again; a second run posts nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
TB="$SRC/tests/tax_books.py"
TAX="$SRC/tests/data/tax"

# ---- the independent computation against the research's trial balances
# (amounts in cents; the receivable/payable of a settlement and the clearing
# accounts of day summaries as the research gives them)
case_tb() { "$PY" "$TB" --edition "$1" "$TAX/$1/$2" | tr '\n' ' ' | sed 's/ $//'; }
expect_eq "G1 UK shop, VAT in its prices, one day's four rounding orders" "$(case_tb GB shopify-orders-inclusive.csv)" \
	"GBP 2210 -5336 GBP 2211 -500 GBP 8180 7004 GBP 820 -1168 GBP receivable+payable 0"
expect_eq "G2 Amazon UK after 1 Aug 2024, withheld VAT, negative" "$(case_tb GB amazon-v2-2024-09.txt)" \
	"GBP 2110 -3000 GBP 4110 450 GBP 4111 250 GBP 4112 500 GBP 4114 2500 GBP 820 340 GBP receivable+payable -1040"
expect_eq "G3 Amazon UK V1 before the change: reverse charge" "$(case_tb GB amazon-v1-2024-07.txt)" \
	"GBP 2110 -4000 GBP 4110 720 GBP 4111 600 GBP 4113 1000 GBP 820 -600 GBP receivable+payable 2280"
# (issue 12) a UK shop's Shopify Payments orders and the payout of their
# charges, in one folder: the orders' days book the VAT they state and are
# paid into 8181; the payout's charges are store payments out of 8181, no
# VAT again: 8181 nets to zero (so it is not listed)
expect_eq "G4 UK Shopify Payments orders and their payout: VAT once" \
	"$("$PY" "$TB" --edition GB "$TAX/GB/shopify-payments-orders.csv" "$TAX/GB/shopify-payments-payouts.csv" | tr '\n' ' ' | sed 's/ $//')" \
	"GBP 2210 -7000 GBP 2211 -300 GBP 4210 250 GBP 820 -1460 GBP receivable+payable 8510"
expect_eq "U1 US shop, sales tax on top, on a 6.5% rate" "$(case_tb US shopify-orders-exclusive.csv)" \
	"USD 2200 -343 USD 2210 -5297 USD 8176 5640 USD receivable+payable 0"
u2="USD 2110 -3000 USD 2112 1000 USD 4110 330 USD 4111 322 USD 4112 150 USD 8151 500 USD receivable+payable 698"
expect_eq "U2 Amazon US V2, marketplace facilitator tax" "$(case_tb US amazon-v2-2025-03.txt)" "$u2"
expect_eq "U2-V1 the same as a V1 file (withheld tax among the item fees)" "$(case_tb US amazon-v1-2025-03.txt)" "$u2"
expect_eq "U3 2017: the seller's sales tax liability" "$(case_tb US amazon-v1-2017-05.txt)" \
	"USD 2110 -2000 USD 4110 300 USD 8210 -130 USD receivable+payable 1830"
expect_eq "A1 AU shop, GST in its prices" "$(case_tb AU shopify-orders-inclusive.csv)" \
	"AUD 2210 -10000 AUD 2211 -1000 AUD 8172 12100 AUD 820 -1100 AUD receivable+payable 0"
expect_eq "A2 Amazon.com.au, low-value goods GST withheld" "$(case_tb AU amazon-v2-2025-05.txt)" \
	"AUD 2110 -7000 AUD 4110 825 AUD 4111 550 AUD 820 -500 AUD receivable+payable 6125"
expect_eq "N1 NZ Shopify Payments payout" "$(case_tb NZ shopify-payouts.csv)" \
	"NZD 2210 -10000 NZD 2212 2000 NZD 4210 345 NZD 820 -1200 NZD receivable+payable 8855"
expect_eq "N2 NZ WooCommerce order, shipping GST apart" "$(case_tb NZ woocommerce-orders.json)" \
	"NZD 2410 -5000 NZD 2411 -1000 NZD 8176 6900 NZD 820 -900 NZD receivable+payable 0"

# ---- the sandbox's books per edition
mkdir samples
for f in "$SRC"/samples/amazon/*; do
	case "$f" in *99790000007*) ;; *) cp "$f" samples/ ;; esac # (an order report)
done
cp "$SRC/samples/shopify/orders_export_1.csv" "$SRC/samples/shopify/payouts_export.csv" \
	"$SRC/samples/shopify-uk/orders_export_uk.csv" \
	"$SRC/samples/woocommerce/orders-2025-02.json" samples/
for cc in GB US AU NZ; do
	mkdir "$cc" && cd "$cc" || exit 1
	if [ "$cc" = GB ]; then
		mkdir maps && cp "$SRC"/mappings/*.* maps/
	else
		cp -r "$SRC/mappings/$cc" maps
	fi
	cp -r maps maps-unpaid
	"$PY" - maps/settings.json maps-unpaid/settings.json <<'PY'
import json, sys
for n, path in enumerate(sys.argv[1:]):
    s = json.load(open(path))
    for sec in s.values():
        if isinstance(sec, dict):
            sec["status"] = "AUTHORISED"
            if n:
                sec["payments"] = False  # samples in other currencies: no clearing of theirs
    json.dump(s, open(path, "w"), indent=2)
PY
	start_sandbox "$T/$cc/sbx" --country "$cc" || exit 1
	mkdir cases && cp "$TAX/$cc"/* cases/
	"$LL" run -q --create-accounts --enable-currencies --mappings maps --state c.db cases 2> c.err
	expect_eq "$cc cases: run exit" "$?" "0"
	"$LL" run -q --create-accounts --enable-currencies --mappings maps-unpaid --state s.db ../samples 2> s.err
	rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "$cc samples: run exit $rc: $(tail -3 s.err)"
	expect_eq "$cc: everything posted" \
		"$(q c.db "SELECT count(*) FROM documents WHERE status<>'posted'") $(q s.db "SELECT count(*) FROM documents WHERE status<>'posted'")" "0 0"
	expect_eq "$cc: every deposit ties" \
		"$(q s.db "SELECT count(*) FROM settlements WHERE status='tied' AND documents_minor<>deposit_minor")" "0"
	curl -s "$SBX_URL/__sandbox/ledger" > ledger.json
	expect_eq "$cc: the trial balance per account is what the sources say" \
		"$("$PY" "$TB" --edition "$cc" --ledger ledger.json cases/* --unpaid ../samples/*)" "ok"
	expect_eq "$cc: balanced" "$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["Balanced"])' ledger.json)" "True"
	# a plan after the run reads the rates run kept (and made: US) and
	# finds the same mappings: nothing is mapped again
	key=$(q c.db "SELECT value FROM meta WHERE key='plan_key'")
	"$LL" plan -q --mappings maps --state c.db cases > /dev/null 2>&1
	expect_eq "$cc: a plan after the run maps nothing again" \
		"$(q c.db "SELECT value FROM meta WHERE key='plan_key'")" "$key"
	if [ "$cc" = GB ]; then
		expect_eq "GB: G4's payout: its charges are store payments on 8181, no tax" \
			"$(q c.db "SELECT group_concat(x, ' ') FROM (SELECT l.category || ':' || l.account_code || ':' || l.tax_type || ':' || l.amount_minor x FROM lines l JOIN documents d ON d.id=l.document_id JOIN settlements s ON s.id=d.settlement_id WHERE s.deposit_id LIKE '%2024-10-15 GBP' ORDER BY l.category)")" \
			"*/Fees/*:4210:EXEMPTINPUT:-250 */Store payment/*:8181:NONE:8760"
		expect_eq "GB: 8181 nets to zero" \
			"$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["Currencies"]["GBP"].get("8181", 0))' ledger.json)" "0"
		# the workbook's By account sheet: what G1's (2024-09) and G4's days book, by account
		"$LL" plan -q --mappings maps --state c.db --report c.xlsx cases > /dev/null 2>&1
		expect_eq "GB workbook: By account, G1's day" "$("$PY" - c.xlsx <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["By account"]
print(" ".join("%s:%s:%s:%s/%s/%s" % (r[0], r[1], r[2], r[4], r[5], r[6])
               for r in ws.iter_rows(min_row=2, values_only=True) if r[0] in ("2210", "2211")))
PY
)" "2210:OUTPUT2:2024-09:53.36/10.68/64.04 2210:OUTPUT2:2024-10:70/14/84 2211:OUTPUT2:2024-09:5/1/6 2211:OUTPUT2:2024-10:3/0.6/3.6"
	fi
	# a second run finds everything posted and writes nothing
	"$LL" run -q --mappings maps-unpaid --state s.db ../samples > /dev/null 2>&1
	last=$(q s.db "SELECT max(id) FROM runs")
	expect_eq "$cc: a second run writes nothing" \
		"$(q s.db "SELECT count(*) FROM calls WHERE run_id=$last AND method<>'GET' AND path<>'connect/token'")" "0"
	stop_sandbox
	cd "$T" || exit 1
done
# the US organisation made the rate its shop's orders state (6.5%), and
# keeps it in the state file for plan
expect_eq "US: the 6.5% rate made" \
	"$(q US/c.db "SELECT value LIKE '%Washington State Tax 6.5\%%' ESCAPE '\\' AND value LIKE '%	65000	%' FROM meta WHERE key='org_taxrates'")" "1"
finish
