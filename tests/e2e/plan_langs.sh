#!/usr/bin/env bash
# PayPal and eBay exports in each language and layout, end to end through
# the CLI: every deposit of the language fixtures planned and tied, the
# words not understood and the files that cannot be read reported with file
# and line (the state file's rejects), exit 3; spreadsheets given instead of
# a CSV (an .xlsx, an .xls, a Numbers file, a zip) skipped with what they are
# and how to export the CSV, never read as text.
. "$(dirname "$0")/lib.sh"
cd "$T"
mkdir -p in/paypal in/ebay in/sheets
cp "$SRC"/tests/data/paypal/lang-* in/paypal/
cp "$SRC"/tests/data/ebay/lang-* in/ebay/
# spreadsheets, by their bytes (names that do not say what they are)
"$PY" - in/sheets <<'PY'
import sys, zipfile
d = sys.argv[1]
with zipfile.ZipFile(d + "/Download.CSV", "w") as z:  # an .xlsx saved over the CSV's name
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("_rels/.rels", "<Relationships/>")
    z.writestr("xl/workbook.xml", "<workbook/>")
    z.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
with zipfile.ZipFile(d + "/report.numbers", "w") as z:
    z.writestr("Index/Document.iwa", b"\0\1")
with zipfile.ZipFile(d + "/paypal-download.zip", "w") as z:
    z.writestr("Download.CSV", "Date,Time\n")
ole = bytearray(1536)
ole[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
ole[1024:1040] = "Workbook".encode("utf-16-le")
open(d + "/Transaction_report.csv", "wb").write(bytes(ole))
PY

# PayPal read as transfers to the bank (the facts below are per transfer);
# as an account, at the end
cp -r "$SRC/mappings" tmaps
"$PY" - tmaps/settings.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["paypal"]["model"] = "transfer"
json.dump(s, open(sys.argv[1], "w"), indent=2)
PY
"$LL" plan --state f.db --mappings tmaps --json in > f.jsonl 2> f.err
expect_eq "exit (rejects)" "$?" "3"

# every deposit of a readable fixture is planned and ties
expect_eq "PayPal deposits: one per readable file, all tied" \
	"$(q f.db "SELECT count(*) || ':' || sum(status='tied') FROM settlements WHERE platform='paypal'")" "12:12"
expect_eq "eBay deposits: two per readable file, all tied" \
	"$(q f.db "SELECT count(*) || ':' || sum(status='tied') FROM settlements WHERE platform='ebay'")" "24:24"
expect_eq "French activity download: its deposit and total" \
	"$(q f.db "SELECT deposit_id || ':' || deposit_minor || ':' || currency FROM settlements WHERE deposit_id='LLLF000055433'")" \
	"LLLF000055433:125504:EUR"
expect_eq "eBay.com 'Transaction date' report: both payouts" \
	"$(q f.db "SELECT group_concat(deposit_minor, ' ') FROM settlements WHERE deposit_id IN ('5961000001','5961000002')")" \
	"112418 1360"
# an English download re-saved with semicolons and decimal commas: amounts as written
expect_eq "semicolon copy with decimal commas" \
	"$(q f.db "SELECT deposit_minor FROM settlements WHERE deposit_id='LLLC000023757'")" "146803"

# reported, with file and line
expect() { # FILE LINE SEVERITY CODE
	got=$(q f.db "SELECT count(*) FROM rejects WHERE path='in/$1' AND line=$2 AND severity='$3' AND code='$4'")
	expect_eq "reject $1:$2 $3 $4" "$got" "1"
}
expect paypal/lang-en-unknown-type.csv 3 warning unknown-type
expect paypal/lang-en-unknown-type.csv 4 warning unknown-status
expect paypal/lang-es-activity.csv 0 note date-order
expect paypal/lang-de-activity.csv 0 note no-balance-effect
expect ebay/lang-de-unknown-type.csv 11 warning unknown-type
expect_eq "the unknown type is named" \
	"$(q f.db "SELECT count(*) FROM rejects WHERE code='unknown-type' AND message LIKE '%''Instalment Plan Payment'' not understood%'")" "1"
expect_eq "its amounts kept apart on 8199 (suspense), never booked as a sale" \
	"$(q f.db "SELECT l.account_code || ':' || l.amount_minor FROM lines l JOIN documents d ON d.id=l.document_id WHERE d.number='PP-LLLU000031676' AND l.category LIKE '%Unclassified%'")" \
	"8199:2500"
# files that cannot be read: an error naming the file
expect_eq "UTF-16 cut at an odd byte" \
	"$(q f.db "SELECT count(*) FROM rejects WHERE path='in/paypal/lang-de-statement-utf16-cut.txt' AND severity='error' AND message LIKE '%odd number of bytes%'")" "1"
expect_eq "UTF-16 cut inside a surrogate pair" \
	"$(q f.db "SELECT count(*) FROM rejects WHERE path='in/paypal/lang-fr-utf16-cut-pair.txt' AND severity='error' AND message LIKE '%surrogate pair%'")" "1"
expect_eq "a PayPal download without Currency: unknown column set" \
	"$(q f.db "SELECT count(*) FROM rejects WHERE path='in/paypal/lang-en-no-currency.csv' AND severity='error' AND message LIKE '%unknown column set%Currency%'")" "1"
expect_eq "an eBay.de report without its payout column: unknown column set" \
	"$(q f.db "SELECT count(*) FROM rejects WHERE path='in/ebay/lang-de-no-payout-column.csv' AND severity='error' AND message LIKE '%unknown column set%header words not understood%'")" "1"

# spreadsheets: skipped, said what they are and how to export the CSV
sheet() { # FILE KIND TEXT
	expect_eq "$1 is $2" "$(q f.db "SELECT format FROM sources WHERE path='in/sheets/$1'")" "$2"
	expect_eq "$1: the message" \
		"$(q f.db "SELECT count(*) FROM rejects WHERE path='in/sheets/$1' AND code='skipped' AND message LIKE '%$3%'")" "1"
}
sheet Download.CSV excel-workbook "an Excel workbook (.xlsx), not a CSV%Save As%CSV UTF-8"
sheet Transaction_report.csv excel-97-workbook "Excel 97-2003 workbook (.xls)"
sheet report.numbers numbers-document "Export To > CSV"
sheet paypal-download.zip zip-archive "unzip it"

# scan says the same
"$LL" scan in/sheets/Download.CSV > scan.out 2>&1
expect_eq "scan names the workbook" "$(grep -c 'excel-workbook' scan.out)" "1"
# PayPal as an account (the default): every day of every readable fixture
# ties, and each file moves its PayPal accounts by its closing balance less
# its opening one (the notes say both). The fixtures are downloads of
# different accounts (their days would meet): one state file each.
cat > acct.py <<'PY'
import re, sqlite3, sys
from decimal import Decimal
con = sqlite3.connect(sys.argv[1])
moved = {cur: m for cur, m in con.execute(
    "SELECT currency, sum(deposit_minor) FROM settlements GROUP BY 1")}
days = con.execute("SELECT count(*), sum(status='tied') FROM settlements").fetchone()
errs = con.execute("SELECT count(*) FROM rejects WHERE code IN ('conflict','untied')").fetchone()[0]
notes = {}
for msg, in con.execute("SELECT message FROM rejects WHERE code='opening-balance'"):
    m = re.match(r"([A-Z]{3}): opening balance (-?[0-9.]+) .*closing balance (-?[0-9.]+)", msg)
    notes[m.group(1)] = int((Decimal(m.group(3)) - Decimal(m.group(2))) * 100)
print("ok" if days[0] and days[0] == days[1] and not errs and notes == moved else
      (days, errs, notes, moved))
PY
n=0
for f in in/paypal/lang-*; do
	db="acct-$(basename "$f").db"
	"$LL" plan -q --state "$db" "$f" > /dev/null 2>&1
	[ "$(q "$db" "SELECT count(*) FROM settlements")" = 0 ] && continue # unreadable
	n=$((n + 1))
	expect_eq "account: $(basename "$f"): days tie, closing less opening" "$("$PY" acct.py "$db")" ok
done
expect_eq "account: the readable fixtures" "$n" 12
finish
