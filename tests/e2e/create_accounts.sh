#!/usr/bin/env bash
# run --create-accounts: an account in accounts.csv whose name has quotes
# (and a backslash) is created in the sandbox with that exact name; the
# request body is JSON-escaped (it was written with printf before, and
# Xero refused it). Quoted CSV fields are read as CSV: "a ""b""" is a "b".
# The USD currency the document needs is enabled on the way (its body too
# is written by the JSON writer).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
mkdir maps in && cp "$SRC"/mappings/* maps/
cp "$SRC/samples/amazon/99131402517.txt" in/
# the sales and shipping rows post to two new accounts
sed -i 's/,2110,/,4101,/; s/,2111,/,4102,/' maps/amazon.csv
cat >> maps/accounts.csv <<'CSV'
4101,Seller's "Best" Sales \ Amazon,REVENUE,a name with quotes and a backslash
4102,"Shipping, ""Express""",REVENUE,"a quoted name with a comma, and quotes"
CSV
start_sandbox "$T/sbx" || exit 1
"$LL" run -q --create-accounts --enable-currencies --mappings maps --state s.db in 2> err.txt
expect_eq "run exit" "$?" "0"
expect_eq "documents posted" "$(q s.db "SELECT count(*) FROM documents WHERE status='posted'")" "1"
names=$(q "$T/sbx/sandbox.db" "SELECT json_extract(body, '\$.Code') || '=' || json_extract(body, '\$.Name') FROM objects WHERE kind='account' AND json_extract(body, '\$.Code') IN ('4101', '4102') ORDER BY 1")
expect_eq "accounts created with their names" "$names" "4101=Seller's \"Best\" Sales \\ Amazon
4102=Shipping, \"Express\""
# an account gets the tax_type accounts.csv gives it as its default TaxType
taxes=$(q "$T/sbx/sandbox.db" "SELECT json_extract(body, '\$.Code') || '=' || json_extract(body, '\$.TaxType') FROM objects WHERE kind='account' AND json_extract(body, '\$.Code') IN ('4110', '8210') ORDER BY 1")
expect_eq "accounts created with their tax types" "$taxes" "4110=INPUT2
8210=NONE"
stop_sandbox
grep -q "refused to create account" err.txt && bad "Xero refused an account: $(cat err.txt)" || ok
finish
