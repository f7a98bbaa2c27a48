#!/usr/bin/env bash
# Bad and edge input, each with its expected outcome: the plan goes on past
# every bad file and row, reports each with file and line, and plans the rest.
. "$(dirname "$0")/lib.sh"

D="$T/in"
mkdir -p "$D"
cp "$SRC"/tests/data/amazon/*.txt "$SRC"/tests/data/amazon/*.gz "$D"/
cd "$T"
"$LL" plan --state st.db --report plan.xlsx --json in > plan.jsonl 2> err.txt
expect_eq "exit code with rejects" "$?" "3"

# one row per (file, code) that must be reported
expect() { # FILE LINE SEVERITY CODE
	got=$(q st.db "SELECT count(*) FROM rejects WHERE path='in/$1' AND line=$2 AND severity='$3' AND code='$4'")
	expect_eq "reject $1:$2 $3 $4" "$got" "1"
}
expect truncated.txt.gz 0 error truncated-gzip
expect corrupt.txt.gz 0 error corrupt-gzip
expect bad-amount.txt 8 error bad-amount
expect bad-amount.txt 2 error untied
expect untied.txt 2 error untied
expect unknown-columns.txt 0 warning skipped
expect empty.txt 0 warning skipped
expect header-only.txt 0 warning no-rows
expect order-report.txt 0 warning skipped
expect dup-b.txt.gz 2 warning duplicate
expect version-b.txt 2 error conflict
expect_eq "no other rejects" "$(q st.db "SELECT count(*) FROM rejects")" "11"
expect_eq "bad amount names column and text" \
	"$(q st.db "SELECT count(*) FROM rejects WHERE code='bad-amount' AND message LIKE '%''12.3x''%price-amount%'")" "1"
expect_eq "untied says both totals" \
	"$(q st.db "SELECT count(*) FROM rejects WHERE path='in/untied.txt' AND message LIKE '%reported 75.01 USD%sum to 75.00%'")" "1"
expect_eq "order report named" \
	"$(q st.db "SELECT count(*) FROM rejects WHERE path='in/order-report.txt' AND message LIKE '%order report, not a settlement report%'")" "1"
grep -q "truncated.txt.gz: truncated gzip" err.txt && ok || bad "stderr names the truncated file"

# settlements: every tying file planned once, with documents equal to the deposit
expect_eq "tied settlements" "$(q st.db "SELECT count(*) FROM settlements WHERE status='tied'")" "13"
expect_eq "untied settlements" "$(q st.db "SELECT group_concat(deposit_id) FROM (SELECT deposit_id FROM settlements WHERE status='untied' ORDER BY 1)")" "99940001111,99940005555"
expect_eq "every tied settlement's documents sum to its deposit" \
	"$(q st.db "SELECT count(*) FROM settlements s WHERE status='tied' AND deposit_minor <> (SELECT sum(signed_minor) FROM documents d WHERE d.settlement_id=s.id)")" "0"
expect_eq "lines sum to their documents" \
	"$(q st.db "SELECT count(*) FROM documents d WHERE signed_minor <> (SELECT sum(amount_minor) FROM lines l WHERE l.document_id=d.id)")" "0"
expect_eq "conflict keeps the first version" \
	"$(q st.db "SELECT deposit_minor || ' ' || s.status FROM settlements s WHERE deposit_id='99940007777'")" "7500 tied"
expect_eq "decimal comma total" "$(q st.db "SELECT deposit_minor FROM settlements WHERE deposit_id='99940008888'")" "109778"
expect_eq "negative settlement is a bill" \
	"$(q st.db "SELECT kind || ' ' || xero_type || ' ' || total_minor || ' ' || signed_minor FROM documents d JOIN settlements s ON s.id=d.settlement_id WHERE s.deposit_id='99940013332'")" \
	"Invoice ACCPAY 28454 -28454"
expect_eq "duplicate planned once" \
	"$(q st.db "SELECT count(*) FROM documents WHERE number='AMZ-99940006666'")" "1"
expect_eq "files by status" \
	"$(q st.db "SELECT group_concat(status || ':' || n) FROM (SELECT status, count(*) n FROM sources GROUP BY status ORDER BY status)")" \
	"error:2,parsed:18,skipped:3"

# JSON lines: valid JSON, totals as decimal strings, provenance, the wire body
"$PY" - plan.jsonl <<'PY' || bad "plan --json content"
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(docs) == 15, len(docs)  # 13 settlements; month-split and carried-b in two parts
by = {d["source"]["deposit_id"]: d for d in docs}
n = by["99940008888"]
assert n["total"] == "1097.78" and n["currency"] == "EUR", n["total"]
assert n["document"]["CurrencyCode"] == "EUR"
assert n["document"]["InvoiceNumber"] == "AMZ-99940008888"
assert abs(sum(li["LineAmount"] for li in n["document"]["LineItems"]) - 1097.78) < 1e-9
assert n["source"]["platform"] == "amazon"
assert all(r.startswith("in/decimal-comma.txt:") for r in n["source"]["rows"]), n["source"]["rows"]
bill = by["99940013332"]
assert bill["kind"] == "Invoice" and bill["document"]["Type"] == "ACCPAY"
assert bill["document"]["InvoiceNumber"] == "AMZ-99940013332"
assert bill["total"] == "284.54" and bill["signed_total"] == "-284.54"
for d in docs:
    body = d["document"]
    assert body["Status"] == "DRAFT" and body["LineAmountTypes"] == "Inclusive"
    assert body["Contact"]["Name"] == "Amazon"
    assert all(li["AccountCode"] for li in body["LineItems"])
PY
ok

# a second plan of the same inputs: nothing re-read, byte-identical plan
"$LL" plan --state st.db --json in > plan2.jsonl 2> err2.txt
expect_eq "second run exit" "$?" "3"
cmp -s plan.jsonl plan2.jsonl && ok || bad "second plan differs from the first"
grep -q "18 unchanged" err2.txt && ok || bad "unchanged files not skipped: $(cat err2.txt | tail -3)"
expect_eq "no document planned twice" "$(q st.db "SELECT count(*) - count(DISTINCT natural_key) FROM documents")" "0"

# the workbook: sheets, and a tie that a reader can see
"$PY" - plan.xlsx <<'PY' || bad "workbook content"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
names = wb.sheetnames
for s in ("Summary", "Files", "Settlements", "Documents", "Lines", "Rejects", "Batches"):
    assert s in names, names
rows = list(wb["Rejects"].iter_rows(values_only=True))
assert len(rows) - 1 >= 11, len(rows)
PY
ok
finish
