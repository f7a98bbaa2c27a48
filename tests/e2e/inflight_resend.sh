#!/usr/bin/env bash
# A write still in flight when its process is killed, and the next run's
# lookup that misses it: the batch is sent again as the same request under
# the same Idempotency-Key, so Xero (the sandbox) answers both with one
# document. What Xero cannot refuse twice is at stake: a bill (a negative
# settlement; bill numbers are not unique in Xero). Before, the batch was
# rebuilt under a new key and the bill landed twice (docs/state.md,
# invariant 1).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
mkdir a b
cp "$SRC/samples/amazon/99231473793.txt" a/   # CAD, across a month end: its accounts
cp "$SRC/samples/amazon/99231402517.txt" b/   # CAD, -355.77: a bill

start_sandbox "$T/sbx" || exit 1
# the organisation gets the accounts and the currency from a first run
"$LL" run -q --create-accounts --enable-currencies --state a.db a 2> a.err
expect_eq "setup run" "$?" "0"

bills() {
	curl -s "$SBX_URL/__sandbox/documents" | "$PY" -c "
import json, sys
print(sum(1 for d in json.load(sys.stdin)['Invoices']
          if d['InvoiceNumber'] == 'AMZ-99231402517' and d['Type'] == 'ACCPAY'))"
}
slow_calls() {
	curl -s "$SBX_URL/__sandbox/state" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['Faults']['Injected']['slow'])"
}

# the bill's batch is held 4 s by the sandbox; the run is killed meanwhile
set_faults "on=write,next:slow:4000"
base=$(slow_calls)
"$LL" run -q --state b.db b > /dev/null 2> b1.err &
pid=$!
for _ in $(seq 1 200); do
	[ "$(slow_calls)" -gt "$base" ] && break
	sleep 0.05
done
[ "$(slow_calls)" -gt "$base" ] && ok || bad "the bill's write did not reach the sandbox"
kill -9 "$pid"
wait "$pid" 2> /dev/null
expect_eq "the killed run left the batch sent" \
	"$(q b.db "SELECT status FROM batches WHERE endpoint='Invoices'")" "sent"
expect_eq "the bill is not in the sandbox yet" "$(bills)" "0"

# the next run: its lookup misses the bill still in flight; it sends the
# batch again, which must not make a second bill
set_faults ""
"$LL" run -q --state b.db b 2> b2.err
expect_eq "resume exit" "$?" "0"
expect_eq "the same request again, under the same key" \
	"$(q b.db "SELECT count(*) FROM batches WHERE endpoint='Invoices'")" "1"
# the killed run's write lands when the sandbox is done holding it
in_flight() {
	curl -s "$SBX_URL/__sandbox/state" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['Limits']['InFlight'])"
}
for _ in $(seq 1 200); do
	[ "$(in_flight)" = 0 ] && break
	sleep 0.05
done
expect_eq "nothing left in flight" "$(in_flight)" "0"
expect_eq "one bill in the sandbox" "$(bills)" "1"
expect_eq "posted, with the sandbox bill's id" \
	"$(q b.db "SELECT status || ' ' || xero_id FROM documents WHERE number='AMZ-99231402517'")" \
	"posted $(curl -s "$SBX_URL/__sandbox/documents" | "$PY" -c "
import json, sys
print(' '.join(d['InvoiceID'] for d in json.load(sys.stdin)['Invoices']
               if d['InvoiceNumber'] == 'AMZ-99231402517'))")"
finish
