#!/usr/bin/env bash
# The shipped samples/: every settlement ties and is planned; settlement and
# order modes and the month split all sum to each deposit to the cent. A
# settlement across a month end is one part per month (the default): the
# earlier parts total 0, the last equals the deposit.
. "$(dirname "$0")/lib.sh"

cd "$T"
cp -r "$SRC/samples" in
"$LL" plan --state s.db --report s.xlsx in > /dev/null 2> err.txt
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "plan exit $rc: $(tail -3 err.txt)"
expect_eq "no errors in samples" "$(q s.db "SELECT count(*) FROM rejects WHERE severity='error'")" "0"
expect_eq "no unmapped categories in samples" "$(q s.db "SELECT count(*) FROM rejects WHERE code='unmapped'")" "0"
expect_eq "all settlements tie" "$(q s.db "SELECT count(*) FROM settlements WHERE status<>'tied'")" "0"
expect_eq "settlement mode: documents equal to the deposit" \
	"$(q s.db "SELECT count(*) FROM settlements s WHERE platform<>'paypal' AND documents_minor <> deposit_minor")" "0"
expect_eq "settlement mode: one document each but across a month end, whose last part is the deposit" \
	"$(q s.db "SELECT count(*) FROM settlements s WHERE platform<>'paypal' AND (SELECT count(*) FROM documents d WHERE d.settlement_id=s.id AND d.natural_key NOT GLOB '*:month:*') <> 1 AND ((SELECT count(*) FROM documents d WHERE d.settlement_id=s.id) < 2 OR (SELECT count(*) FROM documents d WHERE d.settlement_id=s.id AND d.signed_minor <> 0 AND d.date <> s.deposit_date) > 0 OR (SELECT signed_minor FROM documents d WHERE d.settlement_id=s.id ORDER BY d.natural_key DESC LIMIT 1) <> deposit_minor)")" "0"
nsplit=$(q s.db "SELECT count(DISTINCT settlement_id) FROM documents WHERE natural_key GLOB '*:month:*'")
[ "$nsplit" -ge 9 ] && ok || bad "only $nsplit samples split at a month end"
# PayPal as the account it is: a day's bank transactions and transfers move
# the PayPal account by the day's change of balance
expect_eq "PayPal days: documents equal the day's change of balance" \
	"$(q s.db "SELECT count(*) FROM settlements s WHERE platform='paypal' AND ((SELECT count(*) FROM documents d WHERE d.settlement_id=s.id) < 1 OR documents_minor <> deposit_minor)")" "0"
expect_eq "PayPal days: only bank transactions and transfers" \
	"$(q s.db "SELECT group_concat(k) FROM (SELECT DISTINCT d.kind AS k FROM documents d JOIN settlements s ON s.id=d.settlement_id WHERE s.platform='paypal' ORDER BY k)")" "BankTransaction,BankTransfer"
nset=$(q s.db "SELECT count(*) FROM settlements")
[ "$nset" -ge 20 ] && ok || bad "only $nset settlements in samples"
expect_eq "several currencies" "$(q s.db "SELECT count(DISTINCT currency) >= 4 FROM settlements")" "1"
expect_eq "a negative settlement is a bill" \
	"$(q s.db "SELECT count(*) > 0, min(d.xero_type='ACCPAY') FROM documents d JOIN settlements s ON s.id=d.settlement_id WHERE d.signed_minor < 0 AND d.kind IN ('Invoice','CreditNote') AND s.deposit_kind='payout'")" "1|1"
expect_eq "a store's negative day (a refund) is a credit note, not a bill" \
	"$(q s.db "SELECT count(*) > 0, min(d.kind='CreditNote') FROM documents d JOIN settlements s ON s.id=d.settlement_id WHERE d.signed_minor < 0 AND d.kind IN ('Invoice','CreditNote') AND s.deposit_kind='day' AND s.platform IN ('shopify','woocommerce')")" "1|1"
expect_eq "batches hold at most 50" "$(q s.db "SELECT count(*) FROM batches WHERE doc_count > 50 OR doc_count < 1")" "0"
expect_eq "invoices batched before credit notes" \
	"$(q s.db "SELECT count(*) FROM batches a JOIN batches b ON a.seq < b.seq WHERE a.endpoint='CreditNotes' AND b.endpoint='Invoices'")" "0"

# order mode: invoices per order, credit notes per refund, one summary;
# still exactly the deposit
"$LL" plan --state o.db --mode order --json in > o.jsonl 2> /dev/null
"$PY" - o.jsonl <<'PY' || bad "order mode sums"
import json, sys, sqlite3
from decimal import Decimal
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
prefix = {"amazon": "AMZ-", "shopify": "SHOP-", "ebay": "EBAY-",
          "woocommerce": "WOO-", "paypal": "PP-"}
per = {}
orders = 0
for d in docs:
    key = (d["source"]["platform"], d["source"]["deposit_id"])
    per.setdefault(key, Decimal(0))
    per[key] += Decimal(d["signed_total"])
    if "order_id" in d["source"] and d["kind"] in ("Invoice", "CreditNote"):
        orders += 1
        assert d["number"].startswith(prefix[d["source"]["platform"]]), d["number"]
con = sqlite3.connect("o.db")
for plat, dep, minor, cur in con.execute(
        "SELECT platform, deposit_id, deposit_minor, currency FROM settlements"
        " WHERE status='tied'"):
    exp = 0 if cur == "JPY" else 2
    got = per.get((plat, dep), Decimal(0))
    assert got == Decimal(minor).scaleb(-exp), (plat, dep, got, minor)
assert orders > 50, orders
numbers = [d["number"] for d in docs]
assert len(numbers) == len(set(numbers)), "duplicate document numbers"
kinds = {d["kind"] for d in docs}
assert kinds == {"Invoice", "CreditNote", "BankTransaction", "BankTransfer"}, kinds
# a negative summary is a bill to the platform, a refund a credit note
types = {(d["kind"], d["document"]["Type"]) for d in docs
         if d["kind"] in ("Invoice", "CreditNote")}
assert types == {("Invoice", "ACCREC"), ("Invoice", "ACCPAY"),
                 ("CreditNote", "ACCRECCREDIT")}, types
PY
ok

# month split: a settlement across a month end becomes one part per month;
# January's 33.28 is carried forward on 8160 (January totals 0), February
# brings it back and equals the deposit
mkdir -p ms && cp "$SRC/tests/data/amazon/month-split.txt" ms/
"$LL" plan --state m.db ms > /dev/null 2>&1
expect_eq "month parts" \
	"$(q m.db "SELECT group_concat(number || ' ' || date || ' ' || signed_minor, ';') FROM (SELECT * FROM documents ORDER BY number)")" \
	"AMZ-99940014443-2025-01 2025-01-31 0;AMZ-99940014443-2025-02 2025-02-10 1973"
expect_eq "the roll-forward lines" \
	"$(q m.db "SELECT group_concat(d.number || ' ' || l.account_code || ' ' || l.amount_minor, ';') FROM lines l JOIN documents d ON d.id=l.document_id WHERE l.account_code='8160' ORDER BY d.number")" \
	"AMZ-99940014443-2025-01 8160 -3328;AMZ-99940014443-2025-02 8160 3328"
expect_eq "month parts together equal the deposit" \
	"$(q m.db "SELECT sum(signed_minor) = (SELECT deposit_minor FROM settlements) FROM documents")" "1"
# split_months false: one document as before
mkdir -p maps && cp "$SRC"/mappings/* maps/
"$PY" - maps/settings.json <<'PY'
import json, sys
p = sys.argv[1]; s = json.load(open(p)); s["amazon"]["split_months"] = False
json.dump(s, open(p, "w"), indent=2)
PY
"$LL" plan --state n.db --mappings maps ms > /dev/null 2>&1
expect_eq "split_months false: one document" \
	"$(q n.db "SELECT group_concat(number || ' ' || date || ' ' || signed_minor, ';') FROM documents")" \
	"AMZ-99940014443 2025-02-10 1973"
finish
