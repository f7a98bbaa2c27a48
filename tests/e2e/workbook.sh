#!/usr/bin/env bash
# The first run as the README has it, and the audit workbook it writes,
# read back with a real xlsx reader (openpyxl, check_workbook.py): in a
# fresh folder `ledgerlift run --sandbox samples/` posts everything (the
# play organisation gets the accounts and currencies it needs); the
# workbook's Summary reconciles each platform and currency and says what
# the console said (6 duplicates: it said 0 before); every sheet is set
# up for paper; one tie column, one total; links between sheets and to
# Xero. `ledgerlift sandbox` serves the organisation run --sandbox posted
# to. A problem a later run resolves moves to History. A missing input
# creates nothing; every file skipped exits 4; --country XX names the
# countries; progress lines on a terminal (plan, scan, undo).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
cp -r "$SRC/samples" samples

# 1. a missing input creates nothing: no state file, no sandbox folder
mkdir first && cd first
"$LL" run --sandbox missing/ > /dev/null 2> err.txt
expect_eq "missing input exit" "$?" "1"
grep -q "missing/: cannot read" err.txt && ok || bad "missing input said: $(cat err.txt)"
[ -e ledgerlift.db ] && bad "a missing input created a state file" || ok
[ -e .ledgerlift-sandbox ] && bad "a missing input created a sandbox folder" || ok
"$LL" plan missing/ > /dev/null 2>&1
expect_eq "plan: missing input exit" "$?" "1"
[ -e ledgerlift.db ] && bad "plan: a missing input created a state file" || ok

# 2. the README's first run posts as written (381 documents: 31 deposits
# across a month end are a part per month)
"$LL" run --sandbox ../samples/ --report audit.xlsx > out.txt 2> console.txt
expect_eq "first run exit (skipped files)" "$?" "3"
grep -q "pre-flight" console.txt && bad "first run stopped at pre-flight: $(grep pre-flight console.txt | head -2)" || ok
expect_eq "first run posted everything" \
	"$(q ledgerlift.db "SELECT status, count(*) FROM documents GROUP BY 1")" "posted|473"
[ -d .ledgerlift-sandbox ] && ok || bad "no .ledgerlift-sandbox folder"
grep -q "settlements: 435 tied, 0 not tied, 6 duplicate, 0 conflicting" console.txt && ok ||
	bad "console: $(grep settlements: console.txt)"
"$PY" "$SRC/tests/e2e/check_workbook.py" audit.xlsx ledgerlift.db console.txt > check.txt
expect_eq "workbook checks" "$?" "0"
grep FAILED check.txt >&2

# 3. `ledgerlift sandbox` serves that same organisation by default
"$LL" sandbox --port 0 > sbx-out.txt 2> sbx-err.txt &
SBX_PID=$!
for _ in $(seq 1 100); do
	grep -q "listening on" sbx-out.txt 2>/dev/null && break
	sleep 0.05
done
SBX_URL=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' sbx-out.txt | head -1)
[ -n "$SBX_URL" ] && ok || bad "sandbox did not start: $(cat sbx-err.txt)"
[ -e ledgerlift-sandbox ] && bad "sandbox made a second folder" || ok
expect_eq "the served organisation has the run's documents" "$(sandbox_check ledgerlift.db)" "ok 473"
stop_sandbox

# 4. undo shows its progress on a terminal, in batches
if command -v script > /dev/null; then
	script -qc "'$LL' undo --sandbox --run 1" /dev/null > undo-tty.txt 2>&1
	grep -aq "undone 449 of 473 documents (449 deleted, 0 voided, 24 refused)" undo-tty.txt && ok ||
		bad "undo progress: $(tr '\r' '\n' < undo-tty.txt | tail -3)"
	# one POST per 50 documents of a kind (305 invoices, 12 credit notes, 132
	# bank transactions: 7 + 1 + 3), not one per document
	expect_eq "undo in batches" \
		"$(q ledgerlift.db "SELECT count(*) FROM calls WHERE run_id=2 AND method='POST' AND path NOT LIKE 'connect/%'")" \
		"$(q ledgerlift.db "SELECT sum((n + 49) / 50) FROM (SELECT count(*) AS n FROM documents WHERE status='undone' GROUP BY kind)")"
	script -qc "'$LL' plan --state p.db ../samples" /dev/null > plan-tty.txt 2>&1
	grep -aq "read 50 of 50 files, 2,265 rows (" plan-tty.txt && ok ||
		bad "plan progress: $(tr '\r' '\n' < plan-tty.txt | grep -a read | tail -2)"
	script -qc "'$LL' scan ../samples" /dev/null > scan-tty.txt 2>&1
	grep -aq "read 50 of 50 files" scan-tty.txt && ok || bad "scan progress"
	"$LL" plan --state p2.db ../samples 2> plan-notty.txt
	grep -q "read 50 of" plan-notty.txt && bad "a progress line when not on a terminal" || ok
fi
cd ..

# 5. a problem a later run resolves is no longer current: History keeps it
start_sandbox "$T/sbx" || exit 1
mkdir amz && cp samples/amazon/*.txt amz/
"$LL" run -q --state h.db amz 2> /dev/null
expect_eq "pre-flight stops the first run" "$?" "1"
n=$(q h.db "SELECT count(*) FROM rejects WHERE code='preflight'")
[ "$n" -gt 0 ] && ok || bad "no pre-flight problems recorded"
"$LL" run -q --create-accounts --enable-currencies --state h.db --report h.xlsx amz 2> /dev/null
expect_eq "second run posts" "$?" "3"
stop_sandbox
"$PY" - h.xlsx "$n" <<'PY' > hist.txt
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
cur = [r for r in wb["Rejects"].iter_rows(min_row=2, values_only=True) if r[1] == "preflight"]
hist = [r for r in wb["History"].iter_rows(min_row=2, values_only=True) if r[3] == "preflight"]
print(len(cur), len(hist), sorted({(r[0], r[1]) for r in hist}))
PY
expect_eq "pre-flight problems: not current, in History (run 1, resolved by 2)" \
	"$(cat hist.txt)" "0 $n [(1, 2)]"

# 6. every file skipped: an exit code of its own; --country names the countries
mkdir notes && echo "hello" > notes/a.txt
"$LL" plan --state n.db notes > /dev/null 2>&1
expect_eq "plan: every file skipped" "$?" "4"
mkdir empty
"$LL" plan --state n.db empty > /dev/null 2>&1
expect_eq "plan: no file at all" "$?" "4"
"$LL" scan notes > /dev/null 2>&1
expect_eq "scan: every file skipped" "$?" "4"
"$LL" plan --state c.db --country XX amz > /dev/null 2> country.txt
expect_eq "plan --country XX exit" "$?" "2"
grep -q "XX is not a country .* it knows GB, US, AU, NZ" country.txt && ok ||
	bad "--country XX said: $(cat country.txt)"
finish
