#!/usr/bin/env bash
# One run per state file (issue 10): `run`, `plan` and `undo` hold the state
# file for their whole life. While a `run` holds it (held still with SIGSTOP,
# so nothing here depends on timing) a second `run`, a `plan` and an `undo`
# exit 1 at once naming the holder (pid, command, since when); `status`
# still reads it; a `run --wait` waits and then completes. A holder killed
# with -9 leaves no lock behind. The issue's reproducer: three `run`s started
# a second apart in order mode with AUTHORISED documents (payments and bank
# transfers, which Xero cannot refuse as duplicates) leave every payment and
# transfer in the sandbox exactly once (before: each transfer three times).
# And payments and transfers left to be sent again after a lookup did not
# find them (a kill between the lookup and the re-send, the first write
# having landed after all) are looked up by Reference before they leave:
# found, not sent twice.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
HELD=""
trap '[ -n "$HELD" ] && kill -CONT $HELD 2>/dev/null; stop_sandbox; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
[ -n "${KEEP:-}" ] && echo "keeping $T"

# Shopify Payments in USD, order mode, AUTHORISED: an invoice or credit note
# per order, a payment for each from the clearing account (091), a transfer
# per payout to the bank (090); both are BANK accounts of a US organisation
mkdir -p in maps && cp "$SRC"/mappings/* maps/
"$PY" - "$SRC/samples/shopify/payment_transactions_export_1.csv" \
	in/payment_transactions_export_1.csv <<'PY'
import csv, sys
r = csv.reader(open(sys.argv[1], newline=""))
w = csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n")
h = next(r)
w.writerow(h)
for row in r:
    if row[h.index("Currency")] == "USD":
        w.writerow(row)
PY
"$PY" - maps/settings.json <<'PY'
import json, sys
p = sys.argv[1]
s = json.load(open(p))
s["country"] = "US"
# the chart as it is (no --create-accounts): no month parts on 8162
s["shopify"].update({"mode": "order", "status": "AUTHORISED", "split_months": False,
                     "clearing_account": {"*": "091"}, "bank_account": {"*": "090"}})
json.dump(s, open(p, "w"), indent=1)
PY

# wait_for FILE PATTERN: until FILE has a line matching PATTERN (at most ~20 s)
wait_for() {
	for _ in $(seq 1 400); do
		grep -q "$2" "$1" 2> /dev/null && return 0
		sleep 0.05
	done
	return 1
}

# wait_until DB SQL WANT: until the query gives WANT (at most ~20 s)
wait_until() {
	for _ in $(seq 1 400); do
		[ "$(q "$1" "$2" 2> /dev/null)" = "$3" ] && return 0
		sleep 0.05
	done
	return 1
}

# once DB: "<invoices and credit notes> <payments> <transfers> live in the
# sandbox, the most copies of any of each, and the state's documents not
# posted"
once() {
	curl -s "$SBX_URL/__sandbox/documents" > sbx.json
	"$PY" - "$1" sbx.json <<'PY'
import json, sqlite3, sys
from collections import Counter
raw = json.load(open(sys.argv[2]))
live = lambda xs: [x for x in xs if x.get("Status") not in ("DELETED", "VOIDED")]
d = Counter([x["InvoiceNumber"] for x in live(raw["Invoices"])] +
            [x["CreditNoteNumber"] for x in live(raw["CreditNotes"])])
p = Counter(x["Reference"] for x in live(raw["Payments"]))
t = Counter(x["Reference"] for x in raw["BankTransfers"])
con = sqlite3.connect(sys.argv[1])
left = con.execute("SELECT count(*) FROM documents WHERE status<>'posted'").fetchone()[0]
print(len(d), len(p), len(t), max(d.values() or [0]), max(p.values() or [0]),
      max(t.values() or [0]), left)
PY
}

# counts DB: "<invoices and credit notes> <payments> <transfers>" planned
counts() {
	echo "$(q "$1" "SELECT count(*) FROM documents WHERE kind IN ('Invoice','CreditNote')") $(q "$1" "SELECT count(*) FROM documents WHERE kind='Payment'") $(q "$1" "SELECT count(*) FROM documents WHERE kind='BankTransfer'")"
}

# ---- A. held: others refused at once, status reads, --wait waits
start_sandbox "$T/sbx-a" --country US || exit 1
"$LL" plan -q --mappings maps --state a.db in > a0.txt 2>&1 # run 1: the file exists
set_faults "slow:200" # every call 200 ms: the run is still going when stopped
"$LL" run -q --mappings maps --state a.db in > a1.txt 2>&1 &
pid1=$!
# held: it names itself in a.db.lock, and its run (2) is recorded
wait_for a.db.lock "^$pid1 run 20" && ok || bad "the run did not record itself in a.db.lock"
wait_until a.db "SELECT count(*) FROM runs WHERE id=2 AND command='run'" 1 && ok ||
	bad "the run did not start its run row"
kill -STOP $pid1
HELD=$pid1
rc=0
"$LL" run -q --mappings maps --state a.db in > a2.txt 2>&1 || rc=$?
expect_eq "a second run on the held state exits" "$rc" 1
grep -q "in use by 'ledgerlift run' (pid $pid1, since 20..-..-..T..:..:..Z)" a2.txt && ok ||
	bad "the second run does not name the holder: $(cat a2.txt)"
grep -q "give --wait" a2.txt && ok || bad "no word of --wait: $(cat a2.txt)"
rc=0
"$LL" plan -q --mappings maps --state a.db in > a3.txt 2>&1 || rc=$?
expect_eq "a plan on the held state exits" "$rc" 1
grep -q "in use by 'ledgerlift run' (pid $pid1" a3.txt && ok || bad "plan: $(cat a3.txt)"
rc=0
"$LL" undo -q --run 1 --state a.db > a4.txt 2>&1 || rc=$?
expect_eq "an undo on the held state exits" "$rc" 1
grep -q "in use by 'ledgerlift run' (pid $pid1" a4.txt && ok || bad "undo: $(cat a4.txt)"
rc=0
"$LL" status --json --state a.db > a5.json 2> a5.err || rc=$?
expect_eq "status reads the held state" "$rc" 0
expect_eq "status shows the holder's run as running" \
	"$("$PY" -c 'import json,sys; j=json.load(open("a5.json")); print(j["runs"][-1]["command"], j["runs"][-1]["status"])' 2>&1)" \
	"run running"
# a run --wait waits for the holder, then runs
"$LL" run --wait --mappings maps --state a.db in > a6.txt 2>&1 &
pid6=$!
wait_for a6.txt "waiting for it to finish" && ok || bad "run --wait did not wait: $(cat a6.txt)"
expect_eq "run --wait is still waiting while the holder is stopped" \
	"$(kill -0 $pid6 2> /dev/null && echo waiting)" waiting
kill -CONT $pid1
HELD=""
rc1=0
wait $pid1 || rc1=$?
rc6=0
wait $pid6 || rc6=$?
case "$rc1" in 0 | 3) ok ;; *) bad "the first run exit $rc1: $(tail -3 a1.txt)" ;; esac
case "$rc6" in 0 | 3) ok ;; *) bad "run --wait exit $rc6: $(tail -3 a6.txt)" ;; esac
expect_eq "run --wait started after the first had finished" \
	"$(q a.db "SELECT count(*) FROM runs r1, runs r2 WHERE r1.id=2 AND r2.id=3 AND r2.command='run' AND r2.started_at >= r1.finished_at")" 1
expect_eq "run --wait found everything posted and wrote nothing" \
	"$(q a.db "SELECT count(*) FROM calls WHERE run_id=3 AND method<>'GET' AND path<>'connect/token'")" 0
expect_eq "after A: every document, payment and transfer in the sandbox once" \
	"$(once a.db)" "$(counts a.db) 1 1 1 0"

# a holder killed outright leaves no lock: the next command goes ahead
set_faults "slow:200"
"$LL" run -q --force --mappings maps --state a.db in > a7.txt 2>&1 &
pid7=$!
wait_for a.db.lock "^$pid7 run 20" && ok || bad "the run did not record itself"
kill -STOP $pid7 && kill -9 $pid7 && ok || bad "the run to kill had ended already"
wait $pid7 2> /dev/null
set_faults ""
rc=0
"$LL" run -q --mappings maps --state a.db in > a8.txt 2>&1 || rc=$?
case "$rc" in 0 | 3) ok ;; *) bad "after a killed holder: run exit $rc: $(cat a8.txt)" ;; esac
expect_eq "after the killed holder: still everything once" \
	"$(once a.db)" "$(counts a.db) 1 1 1 0"
stop_sandbox

# ---- B. the reproducer: three runs a second apart on one state file
# (writes take 2.5 s, the organisation takes 30 calls at once, so the three
# would overlap; before the lock each run posted every transfer again)
start_sandbox "$T/sbx-b" --country US --concurrent 30 || exit 1
set_faults "on=write,slow:2500"
pids=""
for i in 1 2 3; do
	"$LL" run -q --mappings maps --state b.db in > b$i.txt 2>&1 &
	pids="$pids $!"
	[ "$i" = 1 ] && pidb1=$!
	sleep 1
done
i=0
for p in $pids; do
	i=$((i + 1))
	rc=0
	wait "$p" || rc=$?
	echo "$rc" > b$i.rc
done
case "$(cat b1.rc)" in 0 | 3) ok ;; *) bad "reproducer: the first run exit $(cat b1.rc): $(tail -3 b1.txt)" ;; esac
for i in 2 3; do
	expect_eq "reproducer: run $i exits at once" "$(cat b$i.rc)" 1
	grep -q "in use by 'ledgerlift run' (pid $pidb1" b$i.txt && ok ||
		bad "reproducer: run $i does not name the holder: $(cat b$i.txt)"
done
set_faults ""
payments=$(q b.db "SELECT count(*) FROM documents WHERE kind='Payment'")
transfers=$(q b.db "SELECT count(*) FROM documents WHERE kind='BankTransfer'")
[ "$payments" -gt 50 ] && [ "$transfers" -gt 3 ] && ok ||
	bad "reproducer: too few payments ($payments) or transfers ($transfers)"
expect_eq "reproducer: every document, payment and bank transfer in the sandbox exactly once" \
	"$(once b.db)" "$(counts b.db) 1 1 1 0"

# ---- C. payments and transfers to be sent again are looked up first
# The state a kill leaves between a lookup that did not find them and their
# re-send, while their first write landed after all: planned again, out of
# any batch, "not found ... sent again".
"$PY" -c "import sqlite3; c=sqlite3.connect('b.db'); c.execute(\"UPDATE documents SET status='planned', xero_id=NULL, batch_id=NULL, message='not found in Xero after an unknown outcome; sent again' WHERE kind IN ('Payment','BankTransfer')\"); c.commit()"
rc=0
"$LL" run -q --mappings maps --state b.db in > c1.txt 2>&1 || rc=$?
case "$rc" in 0 | 3) ok ;; *) bad "C: run exit $rc: $(tail -3 c1.txt)" ;; esac
run_c=$(q b.db "SELECT max(id) FROM runs")
expect_eq "C: looked up by Reference, none sent again" \
	"$(q b.db "SELECT count(*) FROM calls WHERE run_id=$run_c AND method='PUT'") $(q b.db "SELECT count(*) > 0 FROM calls WHERE run_id=$run_c AND method='GET' AND path LIKE 'BankTransfers?where=Reference%'")" "0 1"
expect_eq "C: found in Xero and posted" \
	"$(q b.db "SELECT count(*) FROM documents WHERE kind IN ('Payment','BankTransfer') AND status='posted' AND message LIKE 'found in Xero%'")" \
	"$((payments + transfers))"
expect_eq "C: every payment and bank transfer still exactly once" \
	"$(once b.db)" "$(counts b.db) 1 1 1 0"
finish
