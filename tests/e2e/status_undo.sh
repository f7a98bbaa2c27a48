#!/usr/bin/env bash
# ledgerlift status and undo against a real sandbox process: the samples
# migration, status (text and --json) agreeing with the state, undo of the
# run (every document DELETED in the sandbox, undone in the state), a
# second undo that writes nothing, run --force posting the undone ones
# again exactly once, an undo stopped by --max-calls and finished through
# lost answers; then AUTHORISED documents voided, one with a payment
# refused (exit 3) while the others are voided.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; rm -rf "$T"' EXIT
cd "$T"
mkdir -p in && cp -r "$SRC/samples/amazon" in/   # the Amazon flat files: 27 settlements,
# 36 documents (9 settlements across a month end: a part per month)
# the negative settlement as a credit note, so that the undo has two
# collections to write (Invoices, CreditNotes) and a budget of one call
# stops it half way (5.)
mkdir -p m1 && cp "$SRC"/mappings/* m1/
"$PY" - m1/settings.json <<'PY'
import json, sys
p = sys.argv[1]
s = json.load(open(p))
s["amazon"]["negative_settlement"] = "credit-note"
json.dump(s, open(p, "w"), indent=1)
PY

# sbx_status DB RUN: "number:Status" of every document of that run, as the sandbox has it
sbx_status() {
	curl -s "$SBX_URL/__sandbox/documents" > "$T/sbx-docs.json"
	"$PY" - "$1" "$2" "$T/sbx-docs.json" <<'PY'
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
raw = json.load(open(sys.argv[3]))
by_id = {}
for d in raw.get("Invoices", []):
    by_id[d["InvoiceID"]] = d["Status"]
for d in raw.get("CreditNotes", []):
    by_id[d["CreditNoteID"]] = d["Status"]
rows = con.execute("SELECT d.xero_id FROM documents d JOIN batches b ON b.id=d.batch_id"
                   " WHERE b.run_id=? ORDER BY d.id", (int(sys.argv[2]),)).fetchall()
from collections import Counter
print(" ".join("%s:%d" % kv for kv in sorted(Counter(by_id.get(r[0], "MISSING") for r in rows).items())))
PY
}

# jget FILE EXPR: a value from a JSON file (EXPR in Python, j = the object)
jget() {
	"$PY" -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

writes_of_run() {
	q "$1" "SELECT count(*) FROM calls WHERE run_id=$2 AND method<>'GET' AND path<>'connect/token'"
}

# 1. the samples migration, and what status says about it
start_sandbox "$T/sbx1" || exit 1
"$LL" run -q --mappings m1 --create-accounts --enable-currencies --state s.db in 2> err1.txt
expect_eq "samples run exit" "$?" "3"
expect_eq "all posted" "$(q s.db "SELECT count(*) FROM documents WHERE status<>'posted'")" "0"

"$LL" status --state s.db > st1.txt 2> st1.err
expect_eq "status exit" "$?" "0"
grep -q "all: 0 planned, 36 posted, 0 rejected, 0 undone" st1.txt && ok || bad "status counts: $(grep all: st1.txt)"
grep -q "nothing to do" st1.txt && ok || bad "status resume: $(sed -n '/^Resume/,$p' st1.txt)"
grep -Eq "^ +1 +run +settlement .* done +3$" st1.txt && ok || bad "status runs table: $(sed -n '/^Runs/,/^$/p' st1.txt)"
grep -Eq "API calls today \([0-9-]+ UTC\): [1-9][0-9]* of the day's 5000 \(1000 on" st1.txt && ok || bad "status calls: $(grep 'API calls' st1.txt)"
"$LL" status --state s.db --json > st1.json
expect_eq "status --json exit" "$?" "0"
expect_eq "json by_status" "$(jget st1.json 'sorted(j["by_status"].items())')" \
	"[('planned', 0), ('posted', 36), ('rejected', 0), ('undone', 0)]"
expect_eq "json documents add up" "$(jget st1.json 'sum(r["count"] for r in j["documents"])')" "36"
expect_eq "json totals are exact" \
	"$(jget st1.json 'sum(r["total_minor"] for r in j["documents"])')" \
	"$(q s.db "SELECT sum(total_minor) FROM documents")"
expect_eq "json resume" "$(jget st1.json '(j["resume"]["nothing_to_do"], j["resume"]["calls"], j["resume"]["command"])')" \
	"(True, 0, None)"
expect_eq "json last run" "$(jget st1.json '(j["last_run"]["command"], j["last_run"]["exit_code"])')" "('run', 3)"
expect_eq "json calls today" \
	"$(jget st1.json '(j["calls_today"]["count"] > 0, j["calls_today"]["per_day"], j["calls_today"]["per_day_starter"])')" \
	"(True, 5000, 1000)"
"$LL" status --state missing.db > /dev/null 2>&1
expect_eq "status of a missing file" "$?" "1"
[ -e missing.db ] && bad "status created a state file" || ok

# 2. undo run 1: every document deleted in the sandbox, undone in the state
"$LL" undo --run 1 --state s.db 2> undo1.txt
expect_eq "undo exit" "$?" "0"
expect_eq "sandbox: all deleted" "$(sbx_status s.db 1)" "DELETED:36"
expect_eq "state: all undone" "$(q s.db "SELECT status, message, count(*) FROM documents GROUP BY 1, 2")" \
	"undone|undone by run 2 (deleted)|36"
expect_eq "undo recorded as a run" "$(q s.db "SELECT command, status, exit_code FROM runs WHERE id=2")" "undo|done|0"
# in batches: one POST of each collection (up to 50 documents by id, each
# with its Status), never one request per document
kinds=$(q s.db "SELECT count(DISTINCT kind) FROM documents")
expect_eq "undo: one write per collection" "$(writes_of_run s.db 2)" "$kinds"
expect_eq "undo: status changes in batches" \
	"$(q s.db "SELECT count(*) FROM calls WHERE run_id=2 AND method='POST' AND (path LIKE 'Invoices?%' OR path LIKE 'CreditNotes?%')")" "$kinds"
grep -q "undo of run 1: 36 deleted" undo1.txt && ok || bad "undo said: $(cat undo1.txt)"
"$LL" status --state s.db > st2.txt
grep -q "all: 0 planned, 0 posted, 0 rejected, 36 undone" st2.txt && ok || bad "status after undo: $(grep all: st2.txt)"
grep -Eq "amazon +2024-03 +undone +2 +EUR +3257.63" st2.txt && ok || bad "status rows after undo: $(grep 2024-03 st2.txt)"
"$LL" status --state s.db --json > st2.json
expect_eq "json after undo" "$(jget st2.json 'j["by_status"]["undone"]')" "36"

# 3. a second undo is a no-op: no write calls
"$LL" undo --run 1 --state s.db 2> undo2.txt
expect_eq "second undo exit" "$?" "0"
expect_eq "second undo: no writes" "$(writes_of_run s.db 3)" "0"
grep -q "nothing to undo" undo2.txt && ok || bad "second undo said: $(cat undo2.txt)"
"$LL" undo --run 99 --state s.db 2> undo99.txt
expect_eq "undo of an unknown run" "$?" "1"

# 4. run --force plans and posts the undone documents again, once each
"$LL" run -q --mappings m1 --force --state s.db in 2> err4.txt
expect_eq "re-post exit" "$?" "3"
expect_eq "re-posted" "$(q s.db "SELECT status, run_id, count(*) FROM documents GROUP BY 1, 2")" "posted|4|36"
expect_eq "one live copy per number" "$(sandbox_check s.db)" "ok 36"

# 5. an undo stopped by the day budget, resumed through lost answers
# one batch: the second waits for another day
"$LL" undo -q --run 4 --state s.db --max-calls 1 2> undo5.txt
expect_eq "budget undo exit" "$?" "75"
grep -q "to resume: ledgerlift undo" undo5.txt && ok || bad "no resume command: $(cat undo5.txt)"
done5=$(q s.db "SELECT count(*) FROM documents WHERE status='undone'")
[ "$done5" -gt 0 ] && [ "$done5" -lt 36 ] && ok || bad "budget undo undid $done5 of 36"
set_faults "on=write,next:commit-drop,next:500,next:reset"
"$LL" undo -q --run 4 --state s.db 2> undo6.txt
expect_eq "resumed undo exit" "$?" "0"
expect_eq "resumed: all undone" "$(q s.db "SELECT status, count(*) FROM documents GROUP BY 1")" "undone|36"
expect_eq "resumed: sandbox all deleted" "$(sbx_status s.db 4)" "DELETED:36"
expect_eq "lost answers were checked by id" \
	"$(q s.db "SELECT count(*) >= 2 FROM calls WHERE run_id=6 AND method='GET' AND (path LIKE 'Invoices/%' OR path LIKE 'CreditNotes/%')")" "1"
set_faults ""
stop_sandbox

# 6. AUTHORISED documents are voided; one with a payment is refused
start_sandbox "$T/sbx2" || exit 1
cp -r "$SRC/mappings" m2
sed -i 's/"status": *"DRAFT"/"status": "AUTHORISED"/' m2/settings.json
grep -q '"AUTHORISED"' m2/settings.json && ok || bad "settings.json status not edited"
"$LL" run -q --mappings m2 --create-accounts --enable-currencies --state a.db in 2> err6.txt
expect_eq "authorised run exit" "$?" "3"
expect_eq "sandbox: all authorised" "$(sbx_status a.db 1)" "AUTHORISED:36"
paid=$(q a.db "SELECT xero_id FROM documents WHERE kind='Invoice' AND currency='GBP' ORDER BY id LIMIT 1")
paid_num=$(q a.db "SELECT number FROM documents WHERE xero_id='$paid'")
paid_date=$(q a.db "SELECT date FROM documents WHERE xero_id='$paid'")
token=$(curl -s -u sandbox-client:sandbox-secret -d grant_type=client_credentials \
	"$SBX_URL/connect/token" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
tenant=$(curl -s -H "Authorization: Bearer $token" "$SBX_URL/connections" |
	"$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["tenantId"])')
curl -s -X PUT -H "Authorization: Bearer $token" -H "xero-tenant-id: $tenant" \
	-H "Accept: application/json" -H "Content-Type: application/json" \
	--data "{\"Payments\":[{\"Invoice\":{\"InvoiceID\":\"$paid\"},\"Account\":{\"Code\":\"090\"},\"Date\":\"$paid_date\",\"Amount\":1.00}]}" \
	"$XERO_API_URL/Payments?summarizeErrors=false" > pay.json
expect_eq "payment made" "$(jget pay.json 'j["Payments"][0].get("StatusAttributeString", "OK")')" "OK"
"$LL" undo --run 1 --state a.db 2> undo7.txt
expect_eq "undo with a paid document exit" "$?" "3"
expect_eq "sandbox: voided but the paid one" "$(sbx_status a.db 1)" "AUTHORISED:1 VOIDED:35"
expect_eq "state: voided" "$(q a.db "SELECT count(*) FROM documents WHERE status='undone' AND message='undone by run 2 (voided)'")" "35"
expect_eq "state: the paid one stays posted" "$(q a.db "SELECT number FROM documents WHERE status='posted'")" "$paid_num"
expect_eq "state: with Xero's reason" "$(q a.db "SELECT count(*) FROM documents WHERE status='posted' AND message LIKE 'not undone by run 2:%payment%'")" "1"
grep -q "^  $paid_num: .*payment" undo7.txt && ok || bad "refused document not listed: $(cat undo7.txt)"
expect_eq "undo run recorded exit 3" "$(q a.db "SELECT status, exit_code FROM runs WHERE id=2")" "done|3"
"$LL" status --state a.db --json > st7.json
expect_eq "status after a refusal" "$(jget st7.json '(j["by_status"]["posted"], j["by_status"]["undone"])')" "(1, 35)"
stop_sandbox
finish
