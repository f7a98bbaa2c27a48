#!/usr/bin/env bash
# PayPal as the account it is (issue 13, docs/woocommerce-paypal.md): the
# account fixtures (tests/data/paypal/account-*: a seller that spends from
# its PayPal balance with 250.00 carried in, purchases, a refund, a hold and
# its release, money added from the bank, rows after its last transfer; one
# that has not withdrawn since the download began; a conversion between
# currencies at the second of a transfer) posted into a GB sandbox: every
# row a bank transaction in the PayPal account of its currency (PPUSD,
# PPGBP, PPEUR, made by --create-accounts as PAYPAL bank accounts),
# transfers to and from the bank bank transfers, purchases to expense
# accounts by type or payee with the payee as contact, holds back to zero.
# Each PayPal account's balance in the sandbox's books equals the files'
# closing balance less their opening one; a re-run writes nothing; undo
# deletes the bank transactions (transfers: by hand); answers lost are found
# by Reference, nothing posted twice. Also: day summaries, store payments
# received into the store's clearing account, an opening balance given in
# settings.json for rows without a Balance.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
[ -n "${KEEP:-}" ] && echo "keeping $T"
mkdir in && cp "$SRC"/tests/data/paypal/account-*.csv in/
mkdir maps && cp "$SRC"/mappings/* maps/
cat >> maps/paypal.csv <<'EOF'
Subscription Payment,Payment sent,*,485,{none},PayPal subscriptions,
*,Payment sent,Printful Inc,310,{none},Printful (print on demand),
EOF

# what the files say, read here on their own: per currency, the closing
# balance less the opening one (the first row's Balance less its Net), and
# that this is what the rows add up to
cat > want.py <<'PY'
import csv, sys
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo
OFF = {"PST": -8, "PDT": -7}
def num(s):
    return Decimal(s.replace(",", ""))
moved = {}
for path in sys.argv[1:]:
    rows = list(csv.DictReader(open(path, encoding="utf-8-sig")))
    by = {}
    for i, r in enumerate(rows):
        zone = (r.get("TimeZone") or r.get("Time Zone")).strip()
        t = datetime.strptime(r["Date"] + " " + r["Time"], "%m/%d/%Y %H:%M:%S")
        t = (t - timedelta(hours=OFF[zone]) if zone in OFF else
             t.replace(tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC")).replace(tzinfo=None))
        by.setdefault(r["Currency"], []).append((t, num(r["Net"]), num(r["Balance"])))
    for cur, rs in by.items():
        rs.sort(key=lambda x: x[0])
        opening = rs[0][2] - rs[0][1]
        closing = max((x for x in rs if x[0] == rs[-1][0]), key=lambda x: x[2] == opening + sum(n for _, n, _ in rs))[2]
        assert closing - opening == sum(n for _, n, _ in rs), (path, cur)
        moved[cur] = moved.get(cur, 0) + int((closing - opening) * 100)
print(" ".join("%s:%d" % kv for kv in sorted(moved.items())))
PY
want=$("$PY" want.py in/*.csv)
expect_eq "the files: closing less opening per currency" "$want" "EUR:3903 GBP:42168 USD:-6048"

# ledger ACCOUNT...: "CUR:ACCOUNT:minor ..." from the sandbox's books
ledger() {
	curl -s "$SBX_URL/__sandbox/ledger" | "$PY" -c '
import json, sys
j = json.load(sys.stdin)
out = []
for cur, accts in sorted(j["Currencies"].items()):
    for a in sys.argv[1:]:
        if a in accts:
            out.append("%s:%s:%d" % (cur, a, accts[a]))
print(" ".join(out))' "$@"
}
# PayPal accounts only, as the files say them
pp_ledger() {
	ledger PPEUR PPGBP PPUSD | sed 's/:PP[A-Z]*:/:/g'
}

# ---- plan: days that tie, bank transactions and transfers, the notes
"$LL" plan -q --mappings maps --state p.db --json in > p.jsonl 2> p.err
expect_eq "plan exit (notes only)" "$?" "0"
expect_eq "every day ties" "$(q p.db "SELECT count(*) = sum(status='tied') AND count(*) > 30 FROM settlements")" "1"
expect_eq "days in the rows' currencies" \
	"$(q p.db "SELECT group_concat(currency || ':' || n, ' ') FROM (SELECT currency, count(*) n FROM settlements GROUP BY 1 ORDER BY 1)")" \
	"EUR:6 GBP:11 USD:17"
expect_eq "the opening balance carried in, reported" \
	"$(q p.db "SELECT count(*) FROM rejects WHERE code='opening-balance' AND severity='note' AND path='in/account-spends.csv' AND message LIKE 'USD: opening balance 250.00 (the first row''s Balance less its Net, line 16), closing balance 204.52 (line 2)%'")" "1"
expect_eq "one document per row: bank transactions, transfers" \
	"$(q p.db "SELECT group_concat(kind || ':' || xero_type || ':' || n, ' ') FROM (SELECT kind, xero_type, count(*) n FROM documents GROUP BY 1, 2 ORDER BY 1, 2)")" \
	"BankTransaction:RECEIVE:23 BankTransaction:SPEND:10 BankTransfer:TRANSFER:3"
expect_eq "rows after the last transfer are imported" \
	"$(q p.db "SELECT count(*) FROM documents WHERE number IN ('PayPal LLPA00000118785', 'PayPal LLPC00000079190')")" "2"

# ---- run
start_sandbox "$T/sbx" || exit 1
rc=0
"$LL" run -q --mappings maps --create-accounts --enable-currencies --state s.db in > run1.txt 2>&1 || rc=$?
expect_eq "run exit" "$rc" "0"
expect_eq "all posted" "$(q s.db "SELECT count(*) FROM documents WHERE status<>'posted'")" "0"
expect_eq "the sandbox holds each once" "$(sandbox_check s.db)" "ok 36"
expect_eq "each PayPal account: closing less opening" "$(pp_ledger)" "$want"
expect_eq "holds released: 8178 back to zero" "$(ledger 8178)" "USD:8178:0"
expect_eq "the conversion: out of PPEUR, into PPUSD, through 8177" "$(ledger 8177)" "EUR:8177:22568 USD:8177:-24470"
curl -s "$SBX_URL/__sandbox/documents" > sbx.json
"$PY" - sbx.json > purchases.txt <<'PY'
import json, sys
raw = json.load(open(sys.argv[1]), parse_float=str)
for t in sorted(raw["BankTransactions"], key=lambda t: t["Reference"]):
    if t["Type"] == "SPEND":
        print(t["Reference"], t["Contact"]["Name"], t["BankAccount"]["Code"],
              ",".join("%s:%s" % (l["AccountCode"], l["LineAmount"]) for l in t["LineItems"]))
PY
expect_eq "purchases by type or payee, the payee as contact; refunds, holds, the conversion" "$(cat purchases.txt)" \
"PayPal LLPA00000015838 Printful Inc PPUSD 310:64.20
PayPal LLPA00000031676 Adobe Systems PPUSD 485:19.99
PayPal LLPA00000039595 PayPal PPUSD 8178:30.00
PayPal LLPA00000047514 Test Buyer PPUSD 200:45.00,404:-1.60
PayPal LLPA00000087109 Acme Packaging Ltd PPUSD 429:112.50
PayPal LLPA00000102947 Test Buyer PPUSD 200:20.00,404:-0.63
PayPal LLPA00000110866 Printful Inc PPUSD 310:28.75
PayPal LLPB00000039595 Test Buyer PPGBP 200:155.00,404:-4.84
PayPal LLPC00000039595 PayPal PPEUR 8177:225.68
PayPal LLPC00000071271 Canva Pty Ltd PPUSD 429:15.00"
expect_eq "transfers: to the USD bank, and money added from it" \
	"$("$PY" -c '
import json, sys
for t in sorted(json.load(open("sbx.json"), parse_float=str)["BankTransfers"], key=lambda t: t["Reference"]):
    print(t["Reference"], t["FromBankAccount"]["Code"], t["ToBankAccount"]["Code"], t["Amount"])')" \
"PayPal transfer LLPA00000071271 PPUSD 093 200.00
PayPal transfer LLPA00000079190 093 PPUSD 100.00
PayPal transfer LLPC00000055433 PPUSD 093 292.95"
token=$(curl -s -u sandbox-client:sandbox-secret -d grant_type=client_credentials \
	"$SBX_URL/connect/token" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
tenant=$(curl -s -H "Authorization: Bearer $token" "$SBX_URL/connections" |
	"$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["tenantId"])')
curl -s -H "Authorization: Bearer $token" -H "xero-tenant-id: $tenant" -H "Accept: application/json" \
	"$XERO_API_URL/Accounts" > accounts.json
expect_eq "the PayPal accounts: PAYPAL bank accounts in their currencies (--create-accounts)" \
	"$("$PY" -c '
import json
for a in sorted(json.load(open("accounts.json"))["Accounts"], key=lambda a: a["Code"]):
    if a["Code"].startswith("PP"):
        print(a["Code"], a["Name"], a["Type"], a.get("BankAccountType"), a.get("CurrencyCode"))')" \
"PPEUR PayPal EUR BANK PAYPAL EUR
PPGBP PayPal GBP BANK PAYPAL GBP
PPUSD PayPal USD BANK PAYPAL USD"
"$LL" status --json --state s.db > st.json
expect_eq "status counts bank transactions as documents, transfers as money moves" \
	"$("$PY" -c 'import json; j=json.load(open("st.json")); print(j["by_status"]["posted"], j["payments_and_transfers"]["posted"])')" "33 3"

# ---- a re-run writes nothing
"$LL" run -q --mappings maps --state s.db in > run2.txt 2>&1
r2=$(q s.db "SELECT max(id) FROM runs")
expect_eq "re-run writes nothing" \
	"$(q s.db "SELECT count(*) FROM calls WHERE run_id=$r2 AND method<>'GET' AND path<>'connect/token'")" 0
expect_eq "re-run: still once" "$(sandbox_check s.db)" "ok 36"

# ---- coverage: days of the account have no gaps (a day without activity is
# not missing), as a shop's days have none
"$LL" status --json --state s.db > st.json
expect_eq "coverage: PayPal's days are days, without gaps" \
	"$("$PY" -c 'import json; j=json.load(open("st.json")); print(sorted((c["currency"], c["kind"], c["gaps"]) for c in j["coverage"] if c["platform"] == "paypal"))')" \
	"[('EUR', 'days', 0), ('GBP', 'days', 0), ('USD', 'days', 0)]"

# ---- a period (--from) is no change of PayPal's model nor of the zone: the
# files are read again for it and plan nothing new (the plan key's parts:
# /wallet=days then /period=...; the period read as part of the model made
# every posted PayPal file keep its plan as model-kept)
"$LL" plan -q --mappings maps --from 2000-01-01 --state s.db in > /dev/null 2>&1
expect_eq "a period after posting: not model-kept, not zone-kept, nothing new" \
	"$(q s.db "SELECT count(*) FROM rejects WHERE code IN ('model-kept','zone-kept')") $(q s.db "SELECT count(*) FROM documents WHERE status='planned'")" \
	"0 0"

# ---- PayPal's model changed after posting: the files keep their plan
# (re-cut into transfers, the money would be planned a second time)
"$PY" - maps/settings.json transfer.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["paypal"]["model"] = "transfer"
json.dump(s, open(sys.argv[2], "w"))
PY
mkdir tmaps && cp maps/* tmaps/ && cp transfer.json tmaps/settings.json
"$LL" plan -q --mappings tmaps --state s.db in > /dev/null 2>&1
expect_eq "model changed after posting: each file keeps its plan (model-kept)" \
	"$(q s.db "SELECT count(*) FROM rejects WHERE code='model-kept' AND severity='warning'") $(q s.db "SELECT count(*) FROM documents WHERE status='planned'") $(q s.db "SELECT count(*) FROM settlements")" \
	"3 0 34"
"$LL" plan -q --mappings tmaps --state p.db in > /dev/null 2>&1
# (the transfer model ties none of these files: 250.00 carried in stops the
# first; the second has no transfer; the third's transfer is listed before
# the conversion that funds it, at the same second)
expect_eq "model changed before posting: read again as transfers" \
	"$(q p.db "SELECT count(*) FROM rejects WHERE code='model-kept'") $(q p.db "SELECT group_concat(deposit_id || ':' || status, ' ') FROM settlements")" \
	"0 LLPC00000055433:untied"

# ---- undo: the bank transactions deleted, the transfers left to delete by hand
r1=$(q s.db "SELECT min(id) FROM runs WHERE command='run'")
rc=0
"$LL" undo -q --state s.db --run "$r1" > undo.txt 2>&1 || rc=$?
expect_eq "undo exits 3 (transfers to delete by hand)" "$rc" 3
expect_eq "undo: bank transactions undone, transfers still posted" \
	"$(q s.db "SELECT group_concat(kind || ':' || status || ':' || n, ' ') FROM (SELECT kind, status, count(*) n FROM documents GROUP BY 1, 2 ORDER BY 1, 2)")" \
	"BankTransaction:undone:33 BankTransfer:posted:3"
curl -s "$SBX_URL/__sandbox/documents" > sbx2.json
expect_eq "undo: deleted in the sandbox" \
	"$("$PY" -c 'import json; print(sorted({t["Status"] for t in json.load(open("sbx2.json"))["BankTransactions"]}))')" "['DELETED']"
expect_eq "undo: the PayPal accounts hold only the transfers" "$(ledger PPUSD PPGBP PPEUR)" "USD:PPUSD:-39295"
stop_sandbox

# ---- lost answers: every write commits in Xero and its answer is lost;
# each bank transaction and transfer is found by its Reference, never sent twice
start_sandbox "$T/sbx2" || exit 1
set_faults "on=write,commit-drop:1"
# (the accounts and currencies first: each run makes one, its answer lost too)
for i in $(seq 1 16); do
	"$LL" run -q --mappings maps --create-accounts --enable-currencies --state f.db in \
		> run-f$i.txt 2>&1 || true
	[ "$(q f.db "SELECT count(*) FROM documents WHERE status='planned'")" = 0 ] && break
done
set_faults ""
expect_eq "lost answers: all posted" "$(q f.db "SELECT count(*) FROM documents WHERE status<>'posted'")" 0
expect_eq "lost answers: every one found by Reference" \
	"$(q f.db "SELECT kind || ':' || sum(message LIKE 'found in Xero%') FROM documents GROUP BY kind ORDER BY kind" | tr '\n' ' ')" \
	"BankTransaction:33 BankTransfer:3 "
expect_eq "lost answers: each once in the sandbox" "$(sandbox_check f.db)" "ok 36"
expect_eq "lost answers: the PayPal accounts tie" "$(pp_ledger)" "$want"
stop_sandbox

# ---- pre-flight: a PayPal account in another currency stops the run before
# anything is written, naming it
"$PY" - maps/settings.json wrong.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["paypal"]["account"] = {"USD": "091", "*": "PP{currency}"}
json.dump(s, open(sys.argv[2], "w"))
PY
mkdir wrongmaps && cp maps/* wrongmaps/ && cp wrong.json wrongmaps/settings.json
start_sandbox "$T/sbx3" || exit 1
rc=0
"$LL" run -q --mappings wrongmaps --create-accounts --enable-currencies --state x.db in > x.txt 2>&1 || rc=$?
expect_eq "pre-flight: the PayPal USD account in GBP refused, nothing written" \
	"$rc $(q x.db "SELECT count(*) FROM rejects WHERE code='preflight' AND message LIKE '%account 091 is not in USD%'") $(curl -s "$SBX_URL/__sandbox/state" | "$PY" -c 'import json,sys; c=json.load(sys.stdin)["Counts"]; print(c["BankTransactions"], c["BankTransfers"])')" \
	"1 1 0 0"
stop_sandbox

# ---- day summaries: a bank transaction per day and amount type
"$PY" - maps/settings.json day.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["paypal"]["bank_transactions"] = "day"
json.dump(s, open(sys.argv[2], "w"))
PY
mkdir daymaps && cp maps/* daymaps/ && cp day.json daymaps/settings.json
"$LL" plan -q --mappings daymaps --state d.db in > /dev/null 2>&1
expect_eq "day summaries: per day and type, transfers one each" \
	"$(q d.db "SELECT group_concat(number, '; ') FROM (SELECT number FROM documents WHERE date LIKE '2025-01-2%' ORDER BY number)")" \
	"PayPal 2025-01-20 USD Payment sent; PayPal 2025-01-27 USD Payment; PayPal 2025-01-28 USD Refund; PayPal transfer LLPA00000079190"
expect_eq "day summaries: the days still tie" \
	"$(q d.db "SELECT count(*) FROM settlements WHERE status<>'tied' OR deposit_minor<>documents_minor")" 0

# ---- store payments: WooCommerce records the sales; PayPal's payments for its
# orders are received into the clearing account WooCommerce gives PayPal
mkdir pair storemaps
cp "$SRC"/tests/data/woocommerce/woo-paypal.csv "$SRC"/tests/data/paypal/woo-paypal-activity.csv pair/
cp "$SRC"/mappings/* storemaps/
"$PY" - storemaps/settings.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["paypal"]["sales_recorded_by"] = "woocommerce"
s["woocommerce"]["clearing_account"]["paypal USD"] = "8185"
json.dump(s, open(sys.argv[1], "w"))
PY
"$LL" plan -q --mappings storemaps --state w.db --json pair > w.jsonl 2> /dev/null
expect_eq "store payments: into the store's clearing account, sales once" \
	"$("$PY" - w.jsonl <<'PY'
import json, sys
from decimal import Decimal
tot = {}
for l in open(sys.argv[1]):
    d = json.loads(l)
    b = d["document"]
    # lines as Xero shows them: a credit note's, a bill's and a SPEND's flipped
    sign = -1 if d["kind"] == "CreditNote" or b.get("Type") in ("SPEND", "ACCPAY") else 1
    for li in b.get("LineItems", []):
        tot[li["AccountCode"]] = tot.get(li["AccountCode"], 0) + sign * int(Decimal(str(li["LineAmount"])) * 100)
print(" ".join("%s:%d" % kv for kv in sorted(tot.items())))
PY
)" "200:35400 404:-1174 8185:35400"
expect_eq "store payments: no sales-twice warning" "$(q w.db "SELECT count(*) FROM rejects WHERE code='sales-twice'")" 0

# ---- rows that state no Balance: the opening balance given in settings.json
mkdir nobal
"$PY" - in/account-no-withdrawal.csv nobal/statement.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
i = rows[0].index("Balance")
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows([r[:i] + r[i + 1:] for r in rows])
PY
"$PY" - maps/settings.json nobal.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["paypal"]["opening_balance"] = {"GBP": "100.00"}
json.dump(s, open(sys.argv[2], "w"))
PY
mkdir nobalmaps && cp maps/* nobalmaps/ && cp nobal.json nobalmaps/settings.json
"$LL" plan -q --mappings nobalmaps --state n.db nobal > /dev/null 2>&1
expect_eq "no Balance: the opening balance given, the rows as they are" \
	"$(q n.db "SELECT message FROM rejects WHERE code='opening-balance'")" \
	"GBP: the rows state no Balance, so they cannot be checked against PayPal's: opening balance 100.00 (given in settings.json), the 11 row(s) imported move the PayPal GBP account by 421.68"
expect_eq "no Balance: every day planned" "$(q n.db "SELECT count(*) = sum(status='tied') FROM settlements")" 1
finish
