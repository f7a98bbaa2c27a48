#!/usr/bin/env bash
# Which state file `run`, `undo` and `status` use without --state (issue 16,
# item 10; docs/cli.md "Which state file"): run in a folder without
# ledgerlift.db keeps the organisation's own state file in the data folder
# ($XDG_DATA_HOME/ledgerlift/<tenant id>.db) and finds it again from any
# folder; status and undo find the one the last run chose; `plan` then
# `run` in one folder share its ./ledgerlift.db; a ./ledgerlift.db holding
# another organisation's documents is left alone for that organisation's
# own file; a --state file of another organisation is refused (exit 2);
# run --sandbox keeps it beside its play organisation, in ./ledgerlift.db.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
[ -n "${KEEP:-}" ] && echo "keeping $T"
mkdir -p in w1 w2 w3 w4 && cp -r "$SRC/samples/amazon" in/
DATA="$XDG_DATA_HOME/ledgerlift"
tenant() {
	curl -s "$SBX_URL/__sandbox/state" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['TenantId'])"
}
runs() {
	q "$1" "SELECT group_concat(command, ',') FROM (SELECT command FROM runs ORDER BY id)"
}

start_sandbox "$T/sbx-a" || exit 1
A=$(tenant)

# ---- run without --state: the organisation's own file, from any folder
(cd w1 && "$LL" run --create-accounts --enable-currencies ../in > out.txt 2> err.txt)
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "w1 run: exit $rc: $(tail -3 w1/err.txt)"
[ -f "$DATA/$A.db" ] && ok || bad "no state file $DATA/$A.db: $(ls -R "$XDG_DATA_HOME" 2>&1)"
[ ! -e w1/ledgerlift.db ] && ok || bad "w1 run made ./ledgerlift.db"
grep -q "^state file: $DATA/$A.db (new, the organisation's own)$" w1/err.txt && ok ||
	bad "w1 run does not name its state file: $(grep 'state file' w1/err.txt)"
[ "$(stat -c %a "$DATA")" = 700 ] && ok || bad "data folder mode $(stat -c %a "$DATA")"
posted=$(q "$DATA/$A.db" "SELECT count(*) FROM documents WHERE status='posted'")
[ "$posted" -gt 20 ] && ok || bad "w1 run posted $posted"
# status (no --state, no ./ledgerlift.db): the file the last run chose
(cd w2 && "$LL" status > st.txt 2> st.err)
expect_eq "status in another folder: exit" "$?" 0
expect_eq "status in another folder: that file" "$(head -1 w2/st.txt)" "ledgerlift status of $DATA/$A.db"
(cd w2 && "$LL" run ../in > out.txt 2> err.txt)
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "w2 run: exit $rc"
grep -q "^state file: $DATA/$A.db (the organisation's own)$" w2/err.txt && ok ||
	bad "w2 run: $(grep 'state file' w2/err.txt)"
grep -q "posted: 0 new, 0 found already in Xero" w2/err.txt && ok || bad "w2 run: $(grep posted: w2/err.txt)"
expect_eq "w2 run: the same state file" "$(runs "$DATA/$A.db")" "run,run"
expect_eq "w2 run: nothing written" \
	"$(q "$DATA/$A.db" "SELECT count(*) FROM calls WHERE run_id=2 AND method<>'GET' AND path<>'connect/token'")" 0
# undo (no --state) finds it too
(cd w2 && "$LL" undo --run 1 > out.txt 2> undo.err)
expect_eq "undo in another folder: exit" "$?" 0
expect_eq "undo in another folder: that file" \
	"$(q "$DATA/$A.db" "SELECT count(*) FROM documents WHERE status='undone'")" "$posted"

# ---- plan, then run, in one folder: both use ./ledgerlift.db
(cd w3 && "$LL" plan -q ../in > /dev/null 2>&1)
[ -f w3/ledgerlift.db ] && ok || bad "plan made no ./ledgerlift.db"
(cd w3 && "$LL" run ../in > out.txt 2> err.txt)
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "w3 run: exit $rc: $(tail -3 w3/err.txt)"
expect_eq "plan then run: one state file" "$(runs w3/ledgerlift.db)" "plan,run"
expect_eq "plan then run: posted from it" \
	"$(q w3/ledgerlift.db "SELECT count(*) FROM documents WHERE status='posted'")" "$posted"
expect_eq "plan then run: the organisation's own file untouched" "$(runs "$DATA/$A.db")" "run,run,undo"
expect_eq "plan then run: bound to the organisation" \
	"$(q w3/ledgerlift.db "SELECT value FROM meta WHERE key='xero_tenant'")" "$A"
(cd w3 && "$LL" status > st.txt 2>&1)
expect_eq "status in that folder: its file" "$(head -1 w3/st.txt)" "ledgerlift status of ledgerlift.db"
stop_sandbox

# ---- another organisation in that folder: its own file, ./ledgerlift.db untouched
start_sandbox "$T/sbx-b" || exit 1
B=$(tenant)
(cd w3 && "$LL" run --create-accounts --enable-currencies ../in > out-b.txt 2> err-b.txt)
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "w3 run for B: exit $rc: $(tail -3 w3/err-b.txt)"
grep -q "^\./ledgerlift.db holds the documents of another organisation (.*$A)" w3/err-b.txt && ok ||
	bad "w3 run for B does not say why: $(head -5 w3/err-b.txt)"
expect_eq "another organisation: ./ledgerlift.db untouched" "$(runs w3/ledgerlift.db)" "plan,run"
expect_eq "another organisation: its own file" \
	"$(q "$DATA/$B.db" "SELECT count(*) FROM documents WHERE status='posted'")" "$posted"
# --state of another organisation: refused
"$LL" run --state w3/ledgerlift.db in > /dev/null 2> refused.err
expect_eq "--state of another organisation: exit" "$?" 2
grep -q "the state file w3/ledgerlift.db holds the documents of another Xero organisation (.*$A), not of the one connected (tenant $B)" refused.err &&
	ok || bad "--state of another organisation: $(cat refused.err)"
expect_eq "--state of another organisation: nothing run" "$(runs w3/ledgerlift.db)" "plan,run"
# a tenant id that cannot name a file
(cd w4 && XERO_TENANT_ID="../x" "$LL" run ../in > /dev/null 2> bad.err)
expect_eq "a tenant id that is a path: exit" "$?" 2
grep -q "cannot name a state file" w4/bad.err && ok || bad "bad tenant: $(cat w4/bad.err)"
stop_sandbox

# ---- run --sandbox: the play organisation lives in this folder, and so
# does its state file (./ledgerlift.db), unless that is another's
(cd w4 && "$LL" run -q --sandbox --sandbox-dir sb ../in > /dev/null 2>&1)
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "w4 run --sandbox: exit $rc"
S=$(q w4/ledgerlift.db "SELECT value FROM meta WHERE key='xero_tenant'")
[ -n "$S" ] && [ "$S" != "$A" ] && [ "$S" != "$B" ] && ok || bad "run --sandbox: bound to '$S'"
[ ! -e "$DATA/$S.db" ] && ok || bad "run --sandbox: a state file in the data folder"
(cd w4 && "$LL" status --json > st.json 2>/dev/null)
expect_eq "status after run --sandbox" \
	"$("$PY" -c "import json; print(json.load(open('w4/st.json'))['state'])")" "ledgerlift.db"
# in a folder whose ./ledgerlift.db is another organisation's: the play
# organisation's own file
(cd w3 && "$LL" run --sandbox --sandbox-dir sb ../in > out-s.txt 2> err-s.txt)
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "w3 run --sandbox: exit $rc"
S3=$(ls "$DATA" | grep '\.db$' | sed 's/\.db$//' | grep -v -e "^$A$" -e "^$B$")
expect_eq "w3 run --sandbox: the play organisation's own file" \
	"$(q "$DATA/$S3.db" "SELECT value FROM meta WHERE key='xero_tenant'")" "$S3"
expect_eq "w3 run --sandbox: ./ledgerlift.db untouched" "$(runs w3/ledgerlift.db)" "plan,run"
finish
