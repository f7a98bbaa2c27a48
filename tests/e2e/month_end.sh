#!/usr/bin/env bash
# Month ends, negative settlements and carried balances (issue 11, item 3;
# docs/mapping.md "Month ends and negative deposits"), posted AUTHORISED to
# real sandboxes and checked in their books (/__sandbox/ledger):
# A. settlement mode, the shipped settings, samples 99231402517 (CAD
#    -355.77) and 99231473793 (the next one: Payable to Amazon -355.77,
#    Successful charge +355.77, Jan -> Feb): the negative settlement is a
#    bill whose total is the card charge; the next settlement is a January
#    part (2024-01-31, total 0, its balance rolled forward on 8160) and a
#    February part (the deposit date, equal to the deposit); 8160 nets to 0.
# B. order mode, AUTHORISED, payments: tests/data/amazon/carried-a.txt
#    (-75.11, which Amazon carried into the next settlement) and carried-b.txt
#    (Payable to Amazon -75.11, Mar -> Apr): no bank transfer for the negative
#    one (its summary takes +75.11 on 8160 instead), the clearing account and
#    8160 both end at 0, every deposit still ties.
# C. history posted with split_months false, then the default: the re-run
#    says it would change the posted document; --repost-changed replaces it
#    by the month parts, whose live documents sum to the deposit.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
[ -n "${KEEP:-}" ] && echo "keeping $T"
D="$SRC/tests/data/amazon"

# ledger ACCOUNT...: "code:balance" (minor units, base currency) from the sandbox's books
ledger() {
	curl -s "$SBX_URL/__sandbox/ledger" > ledger.json
	"$PY" - ledger.json "$@" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["Accounts"]
print(" ".join("%s:%s" % (c, a.get(c, {}).get("Balance", "none")) for c in sys.argv[2:]))
PY
}

# sbx DB NUMBER-GLOB: "number|Type|Date|Total|Status" of the sandbox's
# invoices whose number matches, sorted
sbx() {
	curl -s "$SBX_URL/__sandbox/documents" > docs.json
	"$PY" - docs.json "$1" <<'PY'
import fnmatch, json, sys
raw = json.load(open(sys.argv[1]))
out = ["%s|%s|%s|%.2f|%s" % (d["InvoiceNumber"], d["Type"], d["DateString"][:10],
                             d["Total"], d["Status"])
       for d in raw["Invoices"] if fnmatch.fnmatch(d["InvoiceNumber"], sys.argv[2])]
print("\n".join(sorted(out)))
PY
}

# ---- A. settlement mode: a bill, month parts, 8160 nets to 0
mkdir -p a maps-a && cp "$SRC/samples/amazon/99231402517.txt" "$SRC/samples/amazon/99231473793.txt" a/
cp "$SRC"/mappings/* maps-a/
sed -i 's/"status": *"DRAFT"/"status": "AUTHORISED"/' maps-a/settings.json
grep -q '"AUTHORISED"' maps-a/settings.json && ok || bad "settings.json status not edited"
start_sandbox "$T/sbx-a" || exit 1
"$LL" run -q --mappings maps-a --create-accounts --enable-currencies --state a.db a 2> a.err
expect_eq "A: run exit" "$?" "0"
expect_eq "A: all posted" "$(q a.db "SELECT count(*) FROM documents WHERE status<>'posted'")" "0"
# the card charge, read from the next settlement's file
charge=$("$PY" - "$SRC/samples/amazon/99231473793.txt" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter="\t"))
h = rows[0]
print(" ".join(r[h.index("other-amount")].strip() for r in rows[1:]
               if len(r) > 6 and r[h.index("transaction-type")] == "Successful charge"))
PY
)
expect_eq "A: the card charge in the next settlement" "$charge" "355.77"
# what the next settlement's rows posted in January sum to, read from the file
jan=$("$PY" - "$SRC/samples/amazon/99231473793.txt" <<'PY'
import csv, sys
from decimal import Decimal
rows = list(csv.reader(open(sys.argv[1]), delimiter="\t"))
h = rows[0]
amounts = [i for i, c in enumerate(h) if c.endswith("-amount") and c != "total-amount"]
print(int(sum(Decimal(r[i].strip()) for r in rows[2:] if len(r) > 6
              and r[h.index("posted-date")].startswith("2024-01")
              for i in amounts if r[i].strip()) * 100))
PY
)
[ "$jan" -gt 0 ] && ok || bad "A: January's rows sum to $jan"
expect_eq "A: the negative settlement is a bill for the card charge" \
	"$(sbx 'AMZ-99231402517*')" "AMZ-99231402517|ACCPAY|2024-01-25|$charge|AUTHORISED"
expect_eq "A: across Jan -> Feb: a January part of 0 at the month's end, February the deposit on its date" \
	"$(sbx 'AMZ-99231473793*')" \
	"AMZ-99231473793-2024-01|ACCREC|2024-01-31|0.00|AUTHORISED
AMZ-99231473793-2024-02|ACCREC|2024-02-08|59.83|AUTHORISED"
expect_eq "A: the deposit" "$(q a.db "SELECT deposit_minor FROM settlements WHERE deposit_id='99231473793'")" "5983"
expect_eq "A: the roll-forward line: January's balance out, back in February" \
	"$(q a.db "SELECT group_concat(d.number || ' ' || l.amount_minor || ' ' || l.description, '; ') FROM lines l JOIN documents d ON d.id=l.document_id WHERE l.category GLOB 'Month end/*' ORDER BY d.number")" \
	"AMZ-99231473793-2024-01 -$jan Balance carried forward to the 2024-02 part; AMZ-99231473793-2024-02 $jan Balance brought forward from the 2024-01 part"
expect_eq "A: January's own lines are its balance" \
	"$(q a.db "SELECT sum(l.amount_minor) FROM lines l JOIN documents d ON d.id=l.document_id WHERE d.number='AMZ-99231473793-2024-01' AND l.category NOT GLOB 'Month end/*'")" "$jan"
expect_eq "A: documents tie to their deposits" \
	"$(q a.db "SELECT count(*) FROM settlements WHERE documents_minor <> deposit_minor")" "0"
# Payable to Amazon (-355.77) and Successful charge (+355.77), and the
# roll-forward out and back: 8160 nets to 0, with money through it
expect_eq "A: 8160 Amazon Carried Balance nets to 0" "$(ledger 8160)" "8160:0"
expect_eq "A: 8160 moved" \
	"$("$PY" -c 'import json,sys; a=json.load(open("ledger.json"))["Accounts"]["8160"]; print(a["Debit"] >= 35577 + int(sys.argv[1]), a["Name"])' "$jan")" \
	"True Amazon Carried Balance"
stop_sandbox

# ---- B. order mode, AUTHORISED: a carried negative balance, no invented transfer
mkdir -p b maps-b && cp "$D/carried-a.txt" "$D/carried-b.txt" b/
cp "$SRC"/mappings/* maps-b/
"$PY" - maps-b/settings.json <<'PY'
import json, sys
p = sys.argv[1]
s = json.load(open(p))
s["country"] = "US"
s["amazon"].update({"mode": "order", "status": "AUTHORISED",
                    "clearing_account": "8171", "bank_account": "090"})
json.dump(s, open(p, "w"), indent=1)
PY
start_sandbox "$T/sbx-b" --country US || exit 1
"$LL" run -q --mappings maps-b --create-accounts --state b.db b 2> b.err
expect_eq "B: run exit" "$?" "0"
expect_eq "B: all posted" "$(q b.db "SELECT count(*) FROM documents WHERE status<>'posted'")" "0"
expect_eq "B: deposits" \
	"$(q b.db "SELECT group_concat(deposit_id || ':' || deposit_minor || ':' || documents_minor, ' ') FROM (SELECT * FROM settlements ORDER BY deposit_id)")" \
	"99940016665:-7511:-7511 99940017776:2661:2661"
curl -s "$SBX_URL/__sandbox/documents" > docs-b.json
expect_eq "B: one bank transfer in the sandbox, the positive payout's, none for the negative one" \
	"$("$PY" -c 'import json; t=json.load(open("docs-b.json"))["BankTransfers"]; print(" ".join(sorted("%s>%s %.2f %s" % (x["FromBankAccount"]["Code"], x["ToBankAccount"]["Code"], x["Amount"], x["Reference"]) for x in t)))')" \
	"8171>090 26.61 Amazon settlement 99940017776"
expect_eq "B: no transfer planned for the negative payout" \
	"$(q b.db "SELECT count(*) FROM documents d JOIN settlements s ON s.id=d.settlement_id WHERE d.kind='BankTransfer' AND s.deposit_id='99940016665'")" "0"
expect_eq "B: the negative payout's summary: a bill with +75.11 on 8160" \
	"$(q b.db "SELECT d.xero_type || ' ' || d.total_minor || ' ' || d.signed_minor || ' ' || l.amount_minor || ' ' || l.description FROM documents d JOIN lines l ON l.document_id=d.id WHERE d.natural_key='amazon:99940016665:summary' AND l.account_code='8160'")" \
	"ACCPAY 1299 -8810 7511 Amazon balance charged to card or carried forward"
expect_eq "B: the next payout's summary in a part per month" \
	"$(q b.db "SELECT group_concat(number || ' ' || date || ' ' || xero_type || ' ' || total_minor, '; ') FROM (SELECT * FROM documents WHERE kind='Invoice' AND natural_key GLOB 'amazon:99940017776:summary*' ORDER BY number)")" \
	"AMZ-99940017776-2025-03 2025-03-31 ACCREC 0; AMZ-99940017776-2025-04 2025-04-13 ACCPAY 12685"
# carried-a's +75.11 and carried-b's Payable to Amazon -75.11 (and its
# roll-forward out and back) net on 8160; every payment and the transfer
# leave the clearing account at 0
expect_eq "B: 8160 and the clearing account 8171 end at 0" "$(ledger 8160 8171)" "8160:0 8171:0"
expect_eq "B: the bank got the positive payout only" "$(ledger 090)" "090:2661"
stop_sandbox

# ---- C. posted history without the split, then the default: would-change, repost
mkdir -p c maps-off && cp "$D/month-split.txt" c/
cp "$SRC"/mappings/* maps-off/
"$PY" - maps-off/settings.json <<'PY'
import json, sys
p = sys.argv[1]
s = json.load(open(p))
s["amazon"]["split_months"] = False
json.dump(s, open(p, "w"), indent=1)
PY
start_sandbox "$T/sbx-c" --country US || exit 1
"$LL" run -q --mappings maps-off --create-accounts --state c.db c 2> c1.err
expect_eq "C: posted unsplit" "$(q c.db "SELECT group_concat(number || ':' || status) FROM documents")" "AMZ-99940014443:posted"
"$LL" run --state c.db c 2> c2.err
expect_eq "C: the default split, no flag: exit" "$?" "3"
grep -q "would change 1 posted document" c2.err && ok || bad "C: no would-change: $(tail -3 c2.err)"
expect_eq "C: no flag: no writes" \
	"$(q c.db "SELECT count(*) FROM calls WHERE run_id=(SELECT max(id) FROM runs) AND method<>'GET' AND path<>'connect/token'")" "0"
"$LL" run -q --repost-changed --create-accounts --state c.db c 2> c3.err
expect_eq "C: repost exit" "$?" "0"
expect_eq "C: the month parts replace the posted document" \
	"$(q c.db "SELECT group_concat(number || ':' || status || ':' || total_minor, ' ') FROM (SELECT * FROM documents ORDER BY number, status)")" \
	"AMZ-99940014443:replaced:1973 AMZ-99940014443-2025-01:posted:0 AMZ-99940014443-2025-02:posted:1973"
expect_eq "C: in the sandbox" "$(sbx 'AMZ-99940014443*')" \
	"AMZ-99940014443-2025-01|ACCREC|2025-01-31|0.00|DRAFT
AMZ-99940014443-2025-02|ACCREC|2025-02-10|19.73|DRAFT
AMZ-99940014443|ACCREC|2025-02-10|19.73|DELETED"
expect_eq "C: live documents tie to the deposit" "$(sandbox_check c.db)" "ok 2"
stop_sandbox
finish
