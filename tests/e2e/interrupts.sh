#!/usr/bin/env bash
# Stopping and dying (issue 16). SIGTERM at seeded points of the phases that
# did not look at the stop request (LEDGERLIFT_TEST_SIGNAL_AT: the process
# signals itself there, through the real handler): between the deposits a
# file hands over at its end, while batching, while writing the workbook;
# each ends with exit 130, the resume command and nothing half recorded, and
# the resume gives what an uninterrupted command gives. Posting and undo
# stopped while a write is in flight to a slow sandbox: the batch stays
# `sent` and is looked up, nothing is posted twice. A run killed with
# kill -9 is shown `interrupted` by status (read-only) and recorded so by
# the next command. No timing is asserted: a watchdog kills anything still
# running after 10 s, which fails the exit-code checks.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
[ -n "${KEEP:-}" ] && echo "keeping $T"
mkdir -p in && cp -r "$SRC/samples/shopify" in/
# one document per payout (no month parts), so that the accounts the first
# run creates are all the second needs, and a plan of several batches
mkdir maps && cp "$SRC"/mappings/* maps/
"$PY" -c "import json; p='maps/settings.json'; s=json.load(open(p)); s['shopify'].update({'split_months': False, 'negative_settlement': 'credit-note'}); json.dump(s, open(p, 'w'))"

# signalled POINT:N CMD...: run CMD with a SIGTERM at the Nth pass of POINT,
# killed after 10 s if it has not ended; sets rc
signalled() {
	local at="$1"
	shift
	LEDGERLIFT_TEST_SIGNAL_AT="$at" timeout -s KILL 10 "$@"
	rc=$?
}

# the reference: the same plan, not interrupted
"$LL" plan --mappings "$T/maps" -q --state ref.db --report ref.xlsx in > /dev/null 2>&1
ref_keys=$(q ref.db "SELECT natural_key||' '||status||' '||coalesce(batch_id,'-') FROM documents ORDER BY 1")
ref_batches=$(q ref.db "SELECT count(*) FROM batches")
[ "$ref_batches" -ge 3 ] && ok || bad "the reference plan has $ref_batches batches"

# ---- plan: stopped between the deposits a file hands over at its end
signalled deposit:3 "$LL" plan --mappings "$T/maps" --state d.db in > /dev/null 2> d.err
expect_eq "between deposits: exit" "$rc" 130
grep -q "^to resume: ledgerlift plan --mappings $T/maps --state d.db in$" d.err && ok ||
	bad "between deposits: no resume command: $(tail -3 d.err)"
expect_eq "between deposits: the run is recorded" \
	"$(q d.db "SELECT status||' '||exit_code FROM runs")" "interrupted 130"
# the file stopped in is recorded as not read (read again), with what it
# handed over before the signal; before, it was read to its end
expect_eq "between deposits: the file is read again next time" \
	"$(q d.db "SELECT count(*)||' '||max(settlements) FROM sources WHERE status='error' AND reason LIKE 'interrupted%'")" "1 2"
"$LL" plan --mappings "$T/maps" -q --state d.db in > /dev/null 2>&1
expect_eq "between deposits: the resumed plan is the plan" \
	"$(q d.db "SELECT natural_key||' '||status||' '||coalesce(batch_id,'-') FROM documents ORDER BY 1" | sed 's/ [0-9]*$/ b/')" \
	"$(echo "$ref_keys" | sed 's/ [0-9]*$/ b/')"

# ---- plan: stopped while batching (the batches are one transaction)
signalled batch:10 "$LL" plan --mappings "$T/maps" --state b.db in > /dev/null 2> b.err
expect_eq "batching: exit" "$rc" 130
grep -q "^to resume: ledgerlift plan --mappings $T/maps --state b.db in$" b.err && ok ||
	bad "batching: no resume command: $(tail -3 b.err)"
expect_eq "batching: no batch half made" "$(q b.db "SELECT count(*) FROM batches")" 0
expect_eq "batching: every document planned" \
	"$(q b.db "SELECT count(*) FROM documents WHERE status='planned' AND batch_id IS NULL")" \
	"$(q ref.db "SELECT count(*) FROM documents")"
"$LL" plan --mappings "$T/maps" -q --state b.db in > /dev/null 2>&1
expect_eq "batching: the resumed plan batches them" "$(q b.db "SELECT count(*) FROM batches")" \
	"$ref_batches"

# ---- the workbook: stopped while writing it
signalled sheet-row:40 "$LL" plan --mappings "$T/maps" --state w.db --report w.xlsx in > /dev/null 2> w.err
expect_eq "workbook: exit" "$rc" 130
grep -q "^to resume: ledgerlift plan --mappings $T/maps --state w.db --report w.xlsx in$" w.err && ok ||
	bad "workbook: no resume command: $(tail -3 w.err)"
[ ! -e w.xlsx ] && ok || bad "workbook: a workbook was written"
[ -z "$(ls | grep 'w.xlsx.tmp')" ] && ok || bad "workbook: a temp file is left: $(ls)"
expect_eq "workbook: the run is recorded" \
	"$(q w.db "SELECT status||' '||exit_code FROM runs")" "interrupted 130"
"$LL" plan --mappings "$T/maps" -q --state w.db --report w.xlsx in > /dev/null 2>&1
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "workbook: the resume exit $rc"
[ -s w.xlsx ] && ok || bad "workbook: the resume wrote none"

# ---- posting: a batch in flight to a slow Xero when SIGTERM comes
start_sandbox "$T/sbx" --country US || exit 1
# accounts and currencies first, so that the first write of the next run is
# a batch: the payouts export's, and 8181 Shopify Payments Clearing, which a
# payout joined with its shop's orders export needs (its store payments):
# another shop's orders and transactions (tests/data/join) bring it
mkdir -p in1/shop-a && cp in/shopify/payouts_export.csv in1/ &&
	cp "$SRC"/tests/data/join/shopify/shop-a/*.csv in1/shop-a/
"$LL" run --mappings "$T/maps" -q --create-accounts --enable-currencies --state p.db in1 > /dev/null 2>&1
set_faults "on=write,slow:2500"
slow_calls() {
	curl -s "$SBX_URL/__sandbox/state" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['Faults']['Injected']['slow'])"
}
sandbox_count() {
	curl -s "$SBX_URL/__sandbox/state" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['Counts']['$1'])"
}
# wait_slow N: until the sandbox has begun N slow calls (at most 10 s)
wait_slow() {
	for _ in $(seq 1 200); do
		[ "$(slow_calls)" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
docs0=$(($(sandbox_count Invoices) + $(sandbox_count CreditNotes)))
"$LL" run --mappings "$T/maps" --state p.db in > /dev/null 2> p.err &
pid=$!
( sleep 20; kill -9 "$pid" 2> /dev/null ) &
dog=$!
wait_slow 1 || bad "posting: no write reached the sandbox"
kill -TERM "$pid"
wait "$pid"
rc=$?
kill "$dog" 2> /dev/null
expect_eq "posting: exit" "$rc" 130
grep -q "^to resume: ledgerlift run --mappings $T/maps --state p.db in$" p.err && ok ||
	bad "posting: no resume command: $(tail -3 p.err)"
inflight=$(q p.db "SELECT count(*) FROM documents d JOIN batches b ON b.id=d.batch_id WHERE b.status='sent'")
[ "$inflight" -gt 0 ] && ok || bad "posting: no batch left sent"
expect_eq "posting: only what was in flight is sent" \
	"$(q p.db "SELECT count(*) FROM batches WHERE status NOT IN ('sent','planned','done')")" 0
# the slow writes land after the run stopped; the resume looks them up
for _ in $(seq 1 200); do
	[ $(($(sandbox_count Invoices) + $(sandbox_count CreditNotes))) -ge $((docs0 + inflight)) ] &&
		break
	sleep 0.05
done
set_faults ""
"$LL" run --mappings "$T/maps" -q --state p.db in > /dev/null 2> p2.err
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "posting: the resume exit $rc: $(tail -3 p2.err)"
n=$(q p.db "SELECT count(*) FROM documents WHERE status='posted'")
expect_eq "posting: stopped and resumed, every document once" "$(sandbox_check p.db)" "ok $n"
expect_eq "posting: what was in flight was looked up, found" \
	"$(q p.db "SELECT count(*) FROM documents WHERE message LIKE 'found in Xero after an unknown outcome%'")" \
	"$inflight"

# ---- undo: a write in flight when SIGTERM comes
set_faults "on=write,slow:2500"
base=$(slow_calls)
"$LL" undo --run 2 --state p.db > /dev/null 2> u.err &
pid=$!
( sleep 20; kill -9 "$pid" 2> /dev/null ) &
dog=$!
wait_slow $((base + 1)) || bad "undo: no write reached the sandbox"
kill -TERM "$pid"
wait "$pid"
rc=$?
kill "$dog" 2> /dev/null
expect_eq "undo: exit" "$rc" 130
grep -q "^to resume: ledgerlift undo --run 2 --state p.db$" u.err && ok ||
	bad "undo: no resume command: $(tail -3 u.err)"
set_faults ""
"$LL" undo -q --run 2 --state p.db > /dev/null 2> u2.err
expect_eq "undo: the resume finishes" "$?" 0
expect_eq "undo: nothing of run 2 left posted" \
	"$(q p.db "SELECT count(*) FROM documents d JOIN batches b ON b.id=d.batch_id WHERE b.run_id=2 AND d.status='posted'")" 0
stop_sandbox

# ---- kill -9 while a write is in flight: status shows the run interrupted
start_sandbox "$T/sbx2" --country US --faults "on=write,slow:2500" || exit 1
"$LL" run --mappings "$T/maps" --create-accounts --enable-currencies --state k.db in > /dev/null 2> k.err &
pid=$!
wait_slow 1 || bad "kill -9: no write reached the sandbox"
kill -9 "$pid"
wait "$pid" 2> /dev/null
"$LL" status --state k.db > k-status.txt 2>&1
expect_eq "kill -9: status exit" "$?" 0
grep -q "^ *1  run .* interrupted " k-status.txt && ok ||
	bad "kill -9: status does not show the run interrupted: $(head -8 k-status.txt)"
grep -q "run 1: ended without recording its end" k-status.txt && ok ||
	bad "kill -9: status gives no note: $(head -10 k-status.txt)"
"$LL" status --json --state k.db > k-status.json
expect_eq "kill -9: status --json" "$("$PY" -c "import json; r=json.load(open('k-status.json'))['runs'][0]; print(r['status'], r['exit_code'], r['note'].startswith('ended without recording its end'))")" \
	"interrupted None True"
expect_eq "kill -9: status changes nothing" "$(q k.db "SELECT status FROM runs")" "running"
# the next command to hold the file records it
"$LL" plan --mappings "$T/maps" --state k.db in > /dev/null 2> k2.err
grep -q "run 1 (run, started .*) ended without recording its end" k2.err && ok ||
	bad "kill -9: the next command does not say so: $(head -3 k2.err)"
expect_eq "kill -9: recorded interrupted" \
	"$(q k.db "SELECT status||' '||coalesce(exit_code,'-')||' '||(note LIKE '%found by ''plan'' at 20%') FROM runs WHERE id=1")" \
	"interrupted - 1"
finish
