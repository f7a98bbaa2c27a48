#!/usr/bin/env bash
# A plan skips the batch walk (and the stale-orders and pairs queries) while
# nothing it reads was written since the last plan found or made the batches
# (store/stamp.h: known in memory, handed on by the clean-close mark). Every
# change must make it walk again: each step below is run twice, on the state
# file as its last writer closed it (the mark, with what it knew) and on a
# copy without the mark (nothing known: every walk runs); both must leave the
# same state rows (tests/golden/dump.py) and print the same plan. Steps: a
# re-plan of the same files (the walk skipped: -v says so), new files, a
# mapping edit, --from/--to, --force; then, against a sandbox, a run, a
# rejected document, an undo, and a run killed while posting.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
DUMP="$SRC/tests/golden/dump.py"
mkdir -p a ab
for f in 99131402517.txt 99131473793.txt 99131544069.txt.gz 99132318105.txt \
	99231402517.txt 99231473793.txt; do
	cp "$SRC/samples/amazon/$f" a/
done
cp a/* ab/
cp "$SRC/samples/amazon/99133162417.txt" "$SRC/samples/amazon/99134077005.txt" ab/
cp -r "$SRC/samples/paypal" "$SRC/samples/woocommerce" ab/
mkdir -p m && cp "$SRC"/mappings/*.* m/

# twin NAME EXPECT_WALK COMMAND ARGS...: COMMAND (plan, run, undo) with ARGS,
# once on s.db (with its clean mark) and once on a copy of it without the
# mark; same exit, output and state rows. EXPECT_WALK: skip (the mark's
# knowledge must be used), walk (it must not be), or any.
n=0
twin() {
	local name=$1 expect=$2 cmd=$3 rc_s rc_u
	shift 3
	n=$((n + 1))
	rm -f u.db u.db-wal u.db-shm u.db.clean
	cp s.db u.db
	if [ "$expect" != any ]; then
		[ -f s.db.clean ] && grep -q '^walk ' s.db.clean && ok ||
			bad "$name: the mark knows no batches: $(cat s.db.clean 2>/dev/null)"
	fi
	"$LL" "$cmd" -v --state s.db "$@" > "s$n.out" 2> "s$n.err"
	rc_s=$?
	"$LL" "$cmd" -v --state u.db "$@" > "u$n.out" 2> "u$n.err"
	rc_u=$?
	expect_eq "$name: exit" "$rc_s" "$rc_u"
	sed -i 's/u\.db/s.db/g' "u$n.out"
	cmp -s "s$n.out" "u$n.out" && ok || bad "$name: output differs: $(diff "s$n.out" "u$n.out" | head -5)"
	"$PY" "$DUMP" state s.db "$T" > "s$n.state"
	"$PY" "$DUMP" state u.db "$T" > "u$n.state"
	cmp -s "s$n.state" "u$n.state" && ok ||
		bad "$name: state differs: $(diff "s$n.state" "u$n.state" | head -8)"
	grep -q "no walk" "u$n.err" && bad "$name: the copy without a mark skipped the walk" || ok
	case "$expect" in
	skip) grep -q "no walk" "s$n.err" && ok || bad "$name: the walk was not skipped" ;;
	walk) grep -q "no walk" "s$n.err" && bad "$name: the walk was skipped" || ok ;;
	esac
}

# 1. settlement mode, no sandbox
"$LL" plan -q --state s.db a > /dev/null 2>&1
twin "re-plan, same files" skip plan --json a
twin "re-plan again" skip plan --json a
twin "new files" walk plan --json ab
twin "re-plan after new files" skip plan --json ab
# a mapping edit: another account for Amazon's sales (documents change)
sed -i 's/^Order,ItemPrice,Principal,2110,/Order,ItemPrice,Principal,2111,/' m/amazon.csv
grep -q '^Order,ItemPrice,Principal,2111,' m/amazon.csv && ok || bad "mapping edit did not apply"
twin "mapping edit" walk plan --json --mappings m ab
twin "re-plan after the mapping edit" skip plan --json --mappings m ab
twin "--from/--to" walk plan --json --mappings m --from 2024-02-01 --to 2024-06-30 ab
twin "--from/--to again" skip plan --json --mappings m --from 2024-02-01 --to 2024-06-30 ab
twin "period back" walk plan --json --mappings m ab
twin "--force" any plan --json --force --mappings m ab

# an export rewritten in place (its source row updated, not added) whose
# orders now make another file stale (join.c): a Shopify orders export with
# no order yet, then the real one beside its payments export
mkdir -p sh
cp "$SRC/samples/shopify/payment_transactions_export_1.csv" sh/
head -1 "$SRC/samples/shopify/orders_export_1.csv" > sh/orders_export_1.csv
rm -f s.db s.db.clean
"$LL" plan -q --state s.db sh > /dev/null 2>&1
"$LL" plan -q --state s.db sh > /dev/null 2>&1
grep -q '^stale none' s.db.clean && ok || bad "the mark knows no stale orders: $(cat s.db.clean)"
cp "$SRC/samples/shopify/orders_export_1.csv" sh/
twin "an orders export rewritten in place" any plan --json sh
grep -q "read again" "s$n.err" && ok || bad "the payments export was not read again: $(cat "s$n.err")"

# 2. against a sandbox: a run posts, a plan after it
start_sandbox "$T/sbx" || exit 1
rm -f s.db s.db.clean
"$LL" plan -q --state s.db a > /dev/null 2>&1
"$LL" run -q --create-accounts --enable-currencies --state s.db a 2> run1.err
expect_eq "run exit" "$?" "0"
twin "plan after a run" any plan --json ab
# a rejected document: a number voided in the organisation (run_sandbox.sh 3a)
mkdir -p authmaps && cp "$SRC"/mappings/*.* authmaps/
"$PY" -c "import json; p='authmaps/settings.json'; s=json.load(open(p)); s['amazon']['status']='AUTHORISED'; json.dump(s, open(p,'w'))"
mkdir -p v0 && cp "$SRC/samples/amazon/99134991593.txt.gz" v0/
"$LL" run -q --mappings authmaps --state v0.db v0 2> /dev/null
"$LL" undo -q --run 1 --state v0.db 2> /dev/null
mkdir -p v && cp v0/* a/99131544069.txt.gz v/
"$LL" plan -q --state r.db v > /dev/null 2>&1
mv s.db keep.db && rm -f s.db.clean && mv r.db s.db && mv r.db.clean s.db.clean
"$LL" run -q --state s.db v 2> run2.err
expect_eq "rejected run exit" "$?" "3"
expect_eq "one rejected" "$(q s.db "SELECT count(*) FROM documents WHERE status='rejected'")" "1"
twin "plan after a rejected document" any plan --json v
# an undo of the first run's documents
mv keep.db s.db && rm -f s.db.clean
"$LL" plan -q --state s.db ab > /dev/null 2>&1
grep -q '^walk ' s.db.clean && ok || bad "before the undo: the mark knows no batches"
"$LL" undo -q --run 2 --state s.db 2> undo.err
expect_eq "undo exit" "$?" "0"
expect_eq "undone" "$(q s.db "SELECT count(*) > 0 FROM documents WHERE status='undone'")" "1"
grep -q '^walk ' s.db.clean && bad "the undo's changes left the batches known" || ok
twin "plan after an undo" any plan --json ab
twin "re-plan after an undo" skip plan --json ab

# 3. a run killed while a batch is in flight: every write held a second by
# the sandbox, the run killed once a batch is recorded sent
mkdir -p k && cp "$SRC/samples/amazon/99134147281.txt" "$SRC/samples/amazon/99133162417.txt" k/
rm -f s.db s.db.clean
"$LL" plan -q --state s.db k > /dev/null 2>&1
set_faults "on=write,slow:1000"
"$LL" run -q --create-accounts --enable-currencies --state s.db k > /dev/null 2> kill.err &
pid=$!
for _ in $(seq 1 300); do
	[ "$(q s.db "SELECT count(*) FROM batches WHERE status='sent'" 2> /dev/null)" = 1 ] && break
	sleep 0.05
done
kill -9 "$pid"
wait "$pid" 2> /dev/null
set_faults ""
expect_eq "killed: a batch left sent" "$(q s.db "SELECT count(*) > 0 FROM batches WHERE status='sent'")" "1"
[ -f s.db.clean ] && bad "a killed run left a clean mark" || ok
"$LL" plan -q --state s.db k > /dev/null 2>&1
twin "plan after a killed run" any plan --json k
twin "re-plan after a killed run" skip plan --json k
"$LL" run -q --create-accounts --enable-currencies --state s.db k 2> resume.err
expect_eq "resume exit" "$?" "0"
twin "plan after the resume" any plan --json k
finish
