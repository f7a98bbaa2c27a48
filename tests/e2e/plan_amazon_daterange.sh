#!/usr/bin/env bash
# Amazon history the way sellers have it (issue 6): Date Range reports in five
# languages and XML settlement reports. Each bad fixture is reported with file
# and line; deferred and settlement-less rows are held back; a settlement the
# report holds only in part is not planned; the same settlement from a Date
# Range report, an XML report and its flat file is imported once, with the
# same document numbers and totals; when they disagree it is a conflict.
. "$(dirname "$0")/lib.sh"

D="$SRC/tests/data/amazon-daterange"
cd "$T"

# plan DIR... into state DB, JSON lines to DB.jsonl; prints nothing
plan() { # DB INPUTS...
	db="$1"
	shift
	"$LL" plan --state "$db" --json "$@" > "$db.jsonl" 2> "$db.err"
	echo $? > "$db.rc"
}
# reject count for (db, path, line, severity, code)
rej() {
	q "$1" "SELECT count(*) FROM rejects WHERE path='$2' AND line=$3 AND severity='$4' AND code='$5'"
}
# "number total" per document, sorted
docs() {
	"$PY" - "$1" <<'PY'
import json, sys
rows = sorted("%s %s %s" % (d["source"]["deposit_id"], d["number"], d["total"])
              for d in map(json.loads, open(sys.argv[1], encoding="utf-8")))
print("\n".join(rows))
PY
}

# 1. the shipped samples: no errors, nothing unmapped, deferred rows held back
mkdir -p s && cp -r "$SRC/samples/amazon-daterange" "$SRC/samples/amazon-xml" "$SRC/samples/amazon" s/
plan s.db s
expect_eq "samples: exit" "$(cat s.db.rc)" "3"
expect_eq "samples: no errors" "$(q s.db "SELECT count(*) FROM rejects WHERE severity='error'")" "0"
expect_eq "samples: nothing unmapped" "$(q s.db "SELECT count(*) FROM rejects WHERE code='unmapped'")" "0"
expect_eq "samples: every settlement ties" "$(q s.db "SELECT count(*) FROM settlements WHERE status<>'tied'")" "0"
US=s/amazon-daterange/2025Jul20-2025Dec31CustomUnifiedTransaction-US.csv
DE=s/amazon-daterange/2024Jan1-2025Dec31CustomTransaction-DE.csv
expect_eq "samples: read as Date Range reports" \
	"$(q s.db "SELECT group_concat(format || ':' || status || ':' || settlements, ' ') FROM (SELECT * FROM sources WHERE path LIKE 's/amazon-daterange/%' ORDER BY path)")" \
	"amazon-date-range:parsed:51 amazon-date-range:parsed:11"
expect_eq "samples: deferred rows reported" "$(rej s.db "$US" 96 warning deferred)" "1"
expect_eq "samples: deferred count and total" \
	"$(q s.db "SELECT count(*) FROM rejects WHERE code='deferred' AND message LIKE '3 row(s) are Deferred (total 72.95%'")" "1"
# the settlements that open the reports (DE 99431402517 at line 8, US
# 99134217557 at line 7) have rows that add up to their Transfer: proven
# whole, planned from the report (issue 12 item 6; before, held back as
# incomplete); the ones without a Transfer are still held back
expect_eq "samples: edge settlements reported, not planned" \
	"$(q s.db "SELECT group_concat(path || ':' || line, ' ') FROM (SELECT path, line FROM rejects WHERE code='incomplete' ORDER BY path, line)")" \
	"$DE:502 $US:89"
expect_eq "samples: the US report's opening settlement is proven whole: from the report" \
	"$(q s.db "SELECT src.format FROM settlements s JOIN sources src ON src.id=s.source_id WHERE deposit_id='99134217557'")" \
	"amazon-date-range"
expect_eq "samples: its XML is the same deposit (a duplicate)" \
	"$(q s.db "SELECT code FROM rejects WHERE path LIKE 's/amazon-xml/99134217557.xml'")" "duplicate"
expect_eq "samples: DE flat files are duplicates of the report (same deposit)" \
	"$(q s.db "SELECT count(*) FROM rejects WHERE code='duplicate' AND path LIKE 's/amazon/994%'")" "5"
expect_eq "samples: one document per settlement, or one per month across a month end" \
	"$(q s.db "SELECT count(*) FROM settlements s WHERE documents_minor <> deposit_minor OR NOT (((SELECT count(*) FROM documents d WHERE d.settlement_id=s.id AND d.natural_key NOT GLOB '*:month:*') = 1 AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.settlement_id=s.id AND d.natural_key GLOB '*:month:*')) OR ((SELECT count(*) FROM documents d WHERE d.settlement_id=s.id AND d.natural_key GLOB '*:month:*') >= 2 AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.settlement_id=s.id AND d.natural_key NOT GLOB '*:month:*')))")" "0"

# 2. same settlements, three formats, same documents (numbers and totals)
mkdir -p flat dr xml
cp "$D"/flat/*.txt flat/
cp "$D/overlap-report.csv" dr/
cp "$D/99940024442.xml" xml/
plan f.db flat
plan r.db dr
plan x.db xml
expect_eq "flat: exit" "$(cat f.db.rc)" "0"
expect_eq "flat vs Date Range: same numbers and totals" "$(docs f.db.jsonl)" "$(docs r.db.jsonl)"
expect_eq "flat documents" "$(docs f.db.jsonl | tr '\n' ';')" \
	"99940024442 AMZ-99940024442 75.00;99940025553 AMZ-99940025553-2025-03 0.00;99940025553 AMZ-99940025553-2025-04 75.00;"
expect_eq "XML: the same document as the flat file" "$(docs x.db.jsonl)" \
	"$(docs f.db.jsonl | head -1)"
# the German, French, Italian and Spanish reports and the AM/PM one give the same
for f in report-de report-fr report-it report-es report-en-am-pm preamble-9; do
	mkdir -p "l-$f" && cp "$D/$f.csv" "l-$f/"
	plan "l-$f.db" "l-$f"
	expect_eq "$f: same documents as the flat files" "$(docs "l-$f.db.jsonl")" "$(docs f.db.jsonl)"
done
expect_eq "French (CP1252) types read" \
	"$(q l-report-fr.db "SELECT count(*) FROM rejects WHERE code IN ('unknown-type','unmapped','bad-amount','bad-date')")" "0"

# 3. imported once: flat then report, and report then flat (one state)
mkdir -p both && cp -r flat both/ && cp "$D/overlap-report.csv" both/
plan b.db both
expect_eq "both: duplicates are warnings" \
	"$(q b.db "SELECT group_concat(path || ':' || line, ' ') FROM (SELECT path, line FROM rejects WHERE code='duplicate' ORDER BY path, line)")" \
	"both/overlap-report.csv:9 both/overlap-report.csv:16"
expect_eq "both: two settlements, one across a month end: three documents" "$(q b.db "SELECT count(*) FROM documents")" "3"
plan o.db dr
plan o.db flat
expect_eq "report first, then flat files: duplicates" \
	"$(q o.db "SELECT count(*) FROM rejects WHERE code='duplicate' AND path LIKE 'flat/%'")" "2"
expect_eq "report first, then flat files: documents unchanged" \
	"$(q o.db "SELECT group_concat(number || ' ' || total_minor, ';') FROM (SELECT * FROM documents ORDER BY number)")" \
	"AMZ-99940024442 7500;AMZ-99940025553-2025-03 0;AMZ-99940025553-2025-04 7500"
mkdir -p x2 && cp "$D/99940024442.xml" x2/ && cp flat/99940024442.txt x2/
plan x2.db x2
expect_eq "XML and flat file: imported once" "$(q x2.db "SELECT count(*) FROM documents")" "1"
expect_eq "XML and flat file: one duplicate" "$(q x2.db "SELECT count(*) FROM rejects WHERE code='duplicate'")" "1"

# 4. they disagree: a conflict that shows both totals; the first import stands
mkdir -p c && cp -r flat c/ && cp "$D/conflict-report.csv" c/
plan c.db c
expect_eq "conflict reported" "$(rej c.db c/flat/99940024442.txt 2 error conflict)" "1"
expect_eq "conflict shows both totals" \
	"$(q c.db "SELECT count(*) FROM rejects WHERE code='conflict' AND message LIKE '%total 75.00 vs 76.00%'")" "1"
expect_eq "conflict: the first import stands" \
	"$(q c.db "SELECT deposit_minor FROM settlements WHERE deposit_id='99940024442'")" "7600"

# 5. every bad fixture with file and line
mkdir -p bad
cp "$D"/row-sum.csv "$D"/unknown-locale.csv "$D"/deferred.csv "$D"/no-settlement-id.csv \
	"$D"/not-well-formed.xml "$D"/control-bytes.xml bad/
plan bad.db bad
expect_eq "bad: exit" "$(cat bad.db.rc)" "3"
expect_eq "row that does not sum" "$(rej bad.db bad/row-sum.csv 9 error row-sum)" "1"
expect_eq "its settlement is untied" "$(rej bad.db bad/row-sum.csv 9 error untied)" "1"
expect_eq "row-sum names both figures" \
	"$(q bad.db "SELECT count(*) FROM rejects WHERE code='row-sum' AND message LIKE '%sum to 36.24, its total column says 36.25%'")" "1"
expect_eq "unknown language" "$(rej bad.db bad/unknown-locale.csv 6 error unknown-columns)" "1"
expect_eq "unknown language names words and types" \
	"$(q bad.db "SELECT count(*) FROM rejects WHERE code='unknown-columns' AND message LIKE '%''schikkings-ID''%' AND message LIKE '%''bestelling''%'")" "1"
expect_eq "deferred rows" "$(rej bad.db bad/deferred.csv 30 warning deferred)" "1"
expect_eq "no settlement id" "$(rej bad.db bad/no-settlement-id.csv 30 warning no-settlement)" "1"
expect_eq "settlement cut at the report's start" "$(rej bad.db bad/deferred.csv 7 warning incomplete)" "1"
expect_eq "settlement without its Transfer" "$(rej bad.db bad/deferred.csv 23 warning incomplete)" "1"
expect_eq "not well-formed XML" "$(rej bad.db bad/not-well-formed.xml 95 error read-error)" "1"
expect_eq "control bytes in XML are dropped" \
	"$(q bad.db "SELECT s.status FROM settlements s JOIN sources src ON src.id=s.source_id WHERE src.path='bad/control-bytes.xml'")" "tied"
expect_eq "held-back settlements never planned" \
	"$(q bad.db "SELECT count(*) FROM settlements WHERE deposit_id IN ('99940023331','99940026664')")" "0"
finish
