#!/usr/bin/env bash
# Real Amazon settlement files from ../shared/formats/samples (third-party,
# never copied into the project): skipped cleanly when that folder is absent.
. "$(dirname "$0")/lib.sh"

R="${LL_SHARED_DIR:-$SRC/../shared}/formats/samples/amazon"
if [ ! -d "$R" ]; then
	echo "no real samples at $R: skipped"
	exit 77
fi
cd "$T"
"$LL" plan --state r.db --json "$R" > r.jsonl 2> err.txt
expect_eq "exit code" "$?" "0"
expect_eq "no rejects" "$(q r.db "SELECT count(*) FROM rejects")" "0"
expect_eq "every real settlement ties" "$(q r.db "SELECT count(*) FROM settlements WHERE status<>'tied'")" "0"
# totals recorded in FORMATS.md §1.2 for these files
expect_eq "deposits" "$(q r.db "SELECT group_concat(deposit_minor, ' ') FROM (SELECT deposit_minor FROM settlements ORDER BY deposit_id)")" "-32169 -6231"
# both span a month end: the earlier part rolled forward (total 0), the
# last a bill to Amazon for the negative deposit
expect_eq "negative settlements become bills, split at the month end" \
	"$(q r.db "SELECT group_concat(kind || ':' || xero_type || ':' || total_minor, ' ') FROM (SELECT kind, xero_type, total_minor FROM documents ORDER BY number)")" \
	"Invoice:ACCREC:0 Invoice:ACCPAY:32169 Invoice:ACCREC:0 Invoice:ACCPAY:6231"
expect_eq "documents equal deposits" \
	"$(q r.db "SELECT count(*) FROM settlements WHERE documents_minor <> deposit_minor")" "0"
finish
