#!/usr/bin/env bash
# ledgerlift run against a real sandbox process over loopback: the samples
# migration, a second run that posts nothing, a rejected document among good
# ones, a file read again while its batch is in flight, a spent day budget
# then a resume, an expiring token, and every fault kind; each ends with
# every document in the sandbox exactly once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
[ -n "${KEEP:-}" ] && echo "keeping $T"
mkdir -p in && cp -r "$SRC/samples/amazon" in/   # the Amazon flat files: 27 settlements,
# 36 documents (9 settlements across a month end: a part per month)

# 1. the samples migration
start_sandbox "$T/sbx1" || exit 1
"$LL" run -q --create-accounts --enable-currencies --state s.db --report s.xlsx in 2> err1.txt
expect_eq "samples run exit (skipped files are warnings)" "$?" "3"
expect_eq "all documents posted" "$(q s.db "SELECT count(*) FROM documents WHERE status<>'posted'")" "0"
expect_eq "xero ids recorded" "$(q s.db "SELECT count(*) FROM documents WHERE xero_id IS NULL OR length(xero_id) <> 36")" "0"
expect_eq "sandbox holds each document once" "$(sandbox_check s.db)" "ok 36"
expect_eq "calls recorded" "$(q s.db "SELECT count(*) > 0 FROM calls WHERE method='PUT' AND status=200")" "1"
grep -qi "secret\|Bearer" s.db err1.txt && bad "a secret reached the state file or the log" || ok

# 2. a second run posts nothing and ends 3 only for the skipped files
"$LL" run -q --state s.db in 2> err2.txt
expect_eq "second run exit" "$?" "3"
expect_eq "no new writes" "$(q s.db "SELECT count(*) FROM calls WHERE run_id=2 AND method<>'GET' AND path<>'connect/token'")" "0"
expect_eq "still once" "$(sandbox_check s.db)" "ok 36"

# 2a. another posting mode after posting: reported, never posted on top
"$LL" run -q --mode order --state s.db in 2> err2a.txt
expect_eq "mode change exit" "$?" "3"
expect_eq "mode change: would-change per settlement" \
	"$(q s.db "SELECT count(*) FROM rejects WHERE code='would-change'")" "27"
expect_eq "mode change: no new writes" \
	"$(q s.db "SELECT count(*) FROM calls WHERE run_id=3 AND method<>'GET' AND path<>'connect/token'")" "0"
expect_eq "mode change: still once" "$(sandbox_check s.db)" "ok 36"
expect_eq "mode change: settlements still tie" \
	"$(q s.db "SELECT count(*) FROM settlements WHERE documents_minor<>deposit_minor")" "0"
stop_sandbox

# 2b. a new organisation in another country: the default mappings work
# unedited, with that country's tax types
for cc in AU US NZ; do
	start_sandbox "$T/sbx-$cc" --country "$cc" || exit 1
	"$LL" run -q --create-accounts --enable-currencies --state "c-$cc.db" in 2> "err-$cc.txt"
	expect_eq "$cc org: exit" "$?" "3"
	expect_eq "$cc org: all posted" "$(q "c-$cc.db" "SELECT count(*) FROM documents WHERE status<>'posted'")" "0"
	stop_sandbox
done
expect_eq "AU tax type" "$(q c-AU.db "SELECT count(*) > 0 FROM documents WHERE body LIKE '%\"TaxType\":\"BASEXCLUDED\"%'")" "1"

# 3. the org already has one number (posted from another state file): a new
# state file looks its documents up before sending them and adopts that one
# (docs/state.md, "Adoption"; before, Xero refused it as a duplicate)
start_sandbox "$T/sbx2" || exit 1
"$LL" run -q --create-accounts --enable-currencies --state r0.db in/amazon/99131402517.txt 2>/dev/null
mkdir -p one && cp in/amazon/99131402517.txt in/amazon/99131473793.txt in/amazon/99133162417.txt one/
# (--create-accounts: 99131473793 spans a month end, its parts roll forward on 8160)
"$LL" run -q --create-accounts --state r.db one 2> err3.txt
expect_eq "adopting run exit" "$?" "0"
expect_eq "statuses" "$(q r.db "SELECT group_concat(number || ':' || status, ' ') FROM (SELECT number, status FROM documents ORDER BY number)")" \
	"AMZ-99131402517:posted AMZ-99131473793-2024-01:posted AMZ-99131473793-2024-02:posted AMZ-99133162417:posted"
expect_eq "adopted with the first one's Xero id" \
	"$(q r.db "SELECT xero_id FROM documents WHERE number='AMZ-99131402517' AND message LIKE 'found in Xero before it was first sent%'")" \
	"$(q r0.db "SELECT xero_id FROM documents WHERE number='AMZ-99131402517'")"
expect_eq "adopted: once in the sandbox" "$(sandbox_check r.db)" "ok 4"

# 3a. a rejected document among good ones: the org has one number voided
# (Xero keeps a voided document's number; a lookup does not count it), so
# it is sent and Xero refuses it; its message is kept
mkdir -p authmaps && cp "$SRC"/mappings/* authmaps/
"$PY" -c "import json; p='authmaps/settings.json'; s=json.load(open(p)); s['amazon']['status']='AUTHORISED'; json.dump(s, open(p,'w'))"
"$LL" run -q --mappings authmaps --state v0.db in/amazon/99134991593.txt.gz 2>/dev/null
"$LL" undo -q --run 1 --state v0.db 2>/dev/null
expect_eq "voided in the sandbox" \
	"$(curl -s "$SBX_URL/__sandbox/documents" | "$PY" -c "import json,sys; print([d['Status'] for d in json.load(sys.stdin)['Invoices'] if d['InvoiceNumber']=='AMZ-99134991593'])")" \
	"['VOIDED']"
mkdir -p void && cp in/amazon/99134991593.txt.gz in/amazon/99131544069.txt.gz void/
"$LL" run -q --state v.db void 2> err3a.txt
expect_eq "rejected run exit" "$?" "3"
expect_eq "rejected among good ones" "$(q v.db "SELECT group_concat(number || ':' || status, ' ') FROM (SELECT number, status FROM documents ORDER BY number)")" \
	"AMZ-99131544069:posted AMZ-99134991593:rejected"
expect_eq "Xero's message kept" "$(q v.db "SELECT count(*) FROM documents WHERE status='rejected' AND message LIKE '%must be unique%'")" "1"

# 3b. a write still in flight when its process died lands after the resume
# looked for it: sent again, its number is taken; it is looked up, not rejected
# (two documents in the batch, so it is not a replay of 3's request under
# the same idempotency key: Xero would answer that from its cache)
mkdir -p late && cp one/99131402517.txt in/amazon/99132318105.txt late/
"$LL" plan -q --state x.db late > /dev/null 2>&1
"$PY" -c "import sqlite3; c=sqlite3.connect('x.db'); c.execute(\"UPDATE documents SET message='not found in Xero after an unknown outcome; sent again' WHERE number='AMZ-99131402517'\"); c.commit()"
"$LL" run -q --state x.db late 2> err3b.txt
expect_eq "late write: exit" "$?" "0"
expect_eq "late write: found, not rejected" \
	"$(q x.db "SELECT group_concat(number || ':' || status || ':' || coalesce(message, ''), ' ') FROM (SELECT * FROM documents ORDER BY number)")" \
	"AMZ-99131402517:posted:found in Xero after an unknown outcome AMZ-99132318105:posted:"
expect_eq "late write: once in the sandbox" \
	"$(curl -s "$SBX_URL/__sandbox/documents" | "$PY" -c "import json,sys; print(sum(1 for d in json.load(sys.stdin)['Invoices'] if d['InvoiceNumber']=='AMZ-99131402517'))")" "1"

# 3c. a file read again (plan --force) while its batch's outcome is unknown
# (the process died after the request left): its documents are kept for
# the lookup, not planned afresh and sent again (which Xero would refuse as
# duplicates, leaving documents that are in Xero recorded as rejected);
# 99134077005 spans June and July: two parts
mkdir -p fl && cp in/amazon/99134077005.txt in/amazon/99134147281.txt fl/
"$LL" run -q --create-accounts --enable-currencies --state y.db fl 2> err3c.txt
"$PY" -c "import sqlite3; c=sqlite3.connect('y.db'); c.execute(\"UPDATE documents SET status='planned', xero_id=NULL\"); c.execute(\"UPDATE batches SET status='sent'\"); c.commit()"
"$LL" plan -q --force --state y.db fl > /dev/null 2>> err3c.txt
expect_eq "in flight: kept in their sent batch" \
	"$(q y.db "SELECT count(*) FROM documents d JOIN batches b ON b.id=d.batch_id WHERE b.status='sent'")" "3"
"$LL" run -q --state y.db fl 2>> err3c.txt
expect_eq "in flight: run exit" "$?" "0"
expect_eq "in flight: found by the lookup, not rejected" \
	"$(q y.db "SELECT group_concat(status || ':' || coalesce(message, ''), ' ') FROM documents")" \
	"posted:found in Xero after an unknown outcome posted:found in Xero after an unknown outcome posted:found in Xero after an unknown outcome"
expect_eq "in flight: once in the sandbox" \
	"$(curl -s "$SBX_URL/__sandbox/documents" | "$PY" -c "import json,sys; print(sorted(d['InvoiceNumber'] for d in json.load(sys.stdin)['Invoices'] if d['InvoiceNumber'].startswith(('AMZ-99134077005','AMZ-99134147281'))))")" \
	"['AMZ-99134077005-2025-06', 'AMZ-99134077005-2025-07', 'AMZ-99134147281']"
stop_sandbox

# 4. the day's budget: stop cleanly with 75, then resume to the end (a new
# state file first looks its 379 documents up: 10 of the 20 calls)
"$PY" "$SRC/bench/gen_amazon.py" --out big --seed 7 --rows 2500 --marketplace US --layout v1 > /dev/null
start_sandbox "$T/sbx3" || exit 1
"$LL" run -q --mode order --create-accounts --enable-currencies --state d.db --max-calls 20 big 2> err4.txt
expect_eq "budget exit" "$?" "75"
grep -q "to resume: ledgerlift run" err4.txt && ok || bad "no resume command printed"
posted1=$(q d.db "SELECT count(*) FROM documents WHERE status='posted'")
[ "$posted1" -gt 0 ] && ok || bad "nothing posted before the budget ran out"
"$LL" run -q --mode order --state d.db big 2> err5.txt
expect_eq "resume exit" "$?" "0"
expect_eq "nothing left" "$(q d.db "SELECT count(*) FROM documents WHERE status<>'posted'")" "0"
n=$(q d.db "SELECT count(*) FROM documents")
expect_eq "after budget and resume: once each" "$(sandbox_check d.db)" "ok $n"
stop_sandbox

# 5. every fault kind at once, slow answers (250 ms) and a token that expires every second
start_sandbox "$T/sbx4" --token-lifetime 30 --seed 11 || exit 1
set_faults "500:0.15,503:0.15,reset:0.1,commit-drop:0.1,slow:250,seed=11,on=write"
"$LL" run -q --mode order --create-accounts --enable-currencies --state f.db big 2> err6.txt
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "fault run exit $rc: $(tail -3 err6.txt)"
# finish whatever the faults left (a run may end with documents pending)
for i in 1 2 3; do
	left=$(q f.db "SELECT count(*) FROM documents WHERE status='planned'")
	[ "$left" = 0 ] && break
	"$LL" run -q --mode order --state f.db big 2>> err6.txt
done
expect_eq "faults: nothing left" "$(q f.db "SELECT count(*) FROM documents WHERE status<>'posted'")" "0"
n=$(q f.db "SELECT count(*) FROM documents")
expect_eq "faults: once each" "$(sandbox_check f.db)" "ok $n"
# what the sandbox injected (libcurl may quietly re-send a request whose
# reused connection died before any answer; the idempotency key makes that
# safe, and the sandbox's own counters still see every fault)
injected=$(curl -s "$SBX_URL/__sandbox/state" | "$PY" -c "import json,sys; i=json.load(sys.stdin)['Faults']['Injected']; print(sum(i[k] for k in ('500','503','reset','commit-drop')))")
[ "$injected" -gt 0 ] && ok || bad "no fault was injected"
expect_eq "5xx answers were met" "$(q f.db "SELECT count(*) > 0 FROM calls WHERE status >= 500")" "1"
expect_eq "unknown outcomes were looked up" "$(q f.db "SELECT count(*) > 0 FROM calls WHERE method='GET' AND path LIKE '%Numbers=%'")" "1"
expect_eq "the token was renewed" "$(q f.db "SELECT count(*) > 1 FROM calls WHERE path='connect/token'")" "1"
stop_sandbox
finish
