#!/usr/bin/env bash
# A new state file meeting an organisation that already holds ledgerlift's
# documents (issue 16, item 10): run, delete the state file, run again. The
# second run looks every planned document up before its first send (by
# number; payments and transfers by Reference) and adopts what Xero holds:
# nothing is written (no draft updated in place, no payment or transfer
# posted again), the run reports them as found in Xero and warns. Settlement
# mode (every sample, GB) and order mode with AUTHORISED documents, payments
# and bank transfers (Shopify, US). A document Xero holds in another version
# is rejected, not adopted. A state file that has posted before probes once
# and looks everything up when the probe finds documents of another state
# file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
[ -n "${KEEP:-}" ] && echo "keeping $T"
cp -r "$SRC/samples" in

# writes DB RUN: the calls of run RUN that wrote (not GETs, not the token)
writes() {
	q "$1" "SELECT count(*) FROM calls WHERE run_id=$2 AND method<>'GET' AND path<>'connect/token'"
}
# documents JSON of the sandbox, every status
sbx_docs() {
	curl -s "$SBX_URL/__sandbox/documents" > "$1"
}
xids() {
	q "$1" "SELECT number||' '||xero_id FROM documents WHERE status='posted' ORDER BY 1"
}
# restart DIR [options]: the sandbox again on its folder, as days later: its
# idempotency keys (kept 6 scaled minutes, in memory) are gone, so a request
# sent again is processed again, as at Xero after the window
restart() {
	stop_sandbox
	rm -f "$1/out.txt" "$1/err.txt"
	start_sandbox "$@"
}
# okrc RC WHAT
okrc() {
	[ "$1" = 0 ] || [ "$1" = 3 ] && ok || bad "$2: exit $1"
}

# ---- settlement mode, every sample
start_sandbox "$T/sbx-a" || exit 1
"$LL" run --create-accounts --enable-currencies --state a1.db in > /dev/null 2> a1.err
okrc $? "first run"
posted=$(q a1.db "SELECT count(*) FROM documents WHERE status='posted'")
[ "$posted" -gt 200 ] && ok || bad "first run posted $posted"
xids a1.db > a1.ids
sbx_docs before.json
# the first run of a new state file looked its documents up (none there):
# one call per 40 numbers (References) and endpoint
lookups=$(q a1.db "SELECT count(*) FROM calls WHERE run_id=1 AND method='GET' AND (path LIKE '%Numbers=%' OR path LIKE '%?where=Reference%')")
[ "$lookups" -ge $(((posted + 39) / 40)) ] && [ "$lookups" -le $(((posted + 39) / 40 + 4)) ] && ok ||
	bad "first run: $lookups lookups for $posted documents"
grep -q "before their first send ($lookups calls): none there yet" a1.err && ok ||
	bad "first run does not say what it looked up: $(grep -i 'looked up' a1.err)"

rm -f a1.db a1.db-wal a1.db-shm a1.db.lock
restart "$T/sbx-a" || exit 1
"$LL" run --state a2.db in > a2.out 2> a2.err
okrc $? "second run, new state file"
grep -q "posted: 0 new, $posted found already in Xero, 0 rejected" a2.err && ok ||
	bad "second run: not reported as found: $(grep posted: a2.err)"
grep -q "warning: this state file is new to the organisation, which holds $posted of its documents" a2.err &&
	ok || bad "second run: no warning: $(grep -i warning a2.err)"
expect_eq "second run: nothing written" "$(writes a2.db 1)" 0
sbx_docs after.json
cmp -s before.json after.json && ok || bad "second run: the sandbox's documents changed"
expect_eq "second run: every document posted" \
	"$(q a2.db "SELECT count(*) FROM documents WHERE status<>'posted'")" 0
xids a2.db > a2.ids
cmp -s a1.ids a2.ids && ok || bad "second run: other Xero ids than the first's"
expect_eq "adopted documents are in the run's adoption batches" \
	"$(q a2.db "SELECT sum(doc_count) FROM batches WHERE method='GET' AND status='done' AND run_id=1")" "$posted"
expect_eq "every document once" "$(sandbox_check a2.db)" "ok $posted"
# the next run has nothing planned: no lookup at all
"$LL" run -q --state a2.db in > /dev/null 2>&1
okrc $? "third run"
expect_eq "third run: no lookups, no writes" \
	"$(q a2.db "SELECT count(*) FROM calls WHERE run_id=2 AND (method<>'GET' OR path LIKE '%Numbers=%' OR path LIKE '%where=%')")" 0

# ---- a document Xero holds in another version is rejected, not adopted
TOKEN=$(curl -s -u sandbox-client:sandbox-secret -d grant_type=client_credentials \
	"$SBX_URL/connect/token" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['access_token'])")
TENANT=$(curl -s "$SBX_URL/__sandbox/state" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['TenantId'])")
num=AMZ-99131402517
xid=$(q a2.db "SELECT xero_id FROM documents WHERE number='$num'")
[ -n "$xid" ] && ok || bad "no $num posted"
# the draft edited in Xero: one more line
"$PY" - after.json "$num" > edit.json <<'PY'
import json, sys
inv = [d for d in json.load(open(sys.argv[1]))["Invoices"] if d["InvoiceNumber"] == sys.argv[2]][0]
lines = [{k: l[k] for k in ("Description", "Quantity", "UnitAmount", "AccountCode", "TaxType") if k in l}
         for l in inv["LineItems"]]
lines.append({"Description": "edited in Xero", "Quantity": 1, "UnitAmount": 5, "AccountCode": "200"})
print(json.dumps({"Invoices": [{"InvoiceID": inv["InvoiceID"], "LineItems": lines}]}))
PY
code=$(curl -s -o edit.out -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
	-H "xero-tenant-id: $TENANT" -H "Content-Type: application/json" -H "Accept: application/json" \
	--data @edit.json "$SBX_URL/api.xro/2.0/Invoices/$xid")
expect_eq "the draft edited in the sandbox" "$code" 200
sbx_docs edited.json
restart "$T/sbx-a" || exit 1
"$LL" run --state a3.db in > a3.out 2> a3.err
expect_eq "another version in Xero: exit" "$?" 3
expect_eq "another version in Xero: rejected" \
	"$(q a3.db "SELECT status FROM documents WHERE number='$num'")" "rejected"
q a3.db "SELECT message FROM documents WHERE number='$num'" | grep -q "is in Xero already (InvoiceID $xid), with Total 36.03 USD where this plan has 31.03 USD" && ok ||
	bad "another version: message: $(q a3.db "SELECT message FROM documents WHERE number='$num'")"
expect_eq "another version: the others adopted" \
	"$(q a3.db "SELECT count(*) FROM documents WHERE status='posted'")" $((posted - 1))
expect_eq "another version: nothing written" "$(writes a3.db 1)" 0
sbx_docs after3.json
cmp -s edited.json after3.json && ok || bad "another version: the sandbox's documents changed"

# ---- the probe: a state file that has posted meets documents of another
restart "$T/sbx-p" || exit 1
mkdir -p amz amzebay && cp -r in/amazon amz/ && cp -r in/amazon in/ebay amzebay/
"$LL" run -q --create-accounts --enable-currencies --state p1.db amz > /dev/null 2>&1
okrc $? "probe: p1 first run"
restart "$T/sbx-p" || exit 1
"$LL" run -q --create-accounts --enable-currencies --state p2.db amzebay > /dev/null 2> p2.err
okrc $? "probe: p2 (new) run"
ebay=$(q p2.db "SELECT count(*) FROM documents d JOIN settlements s ON s.id=d.settlement_id WHERE s.platform='ebay' AND d.status='posted'")
[ "$ebay" -gt 5 ] && ok || bad "probe: p2 posted $ebay eBay documents"
expect_eq "probe: p2 adopted p1's" \
	"$(q p2.db "SELECT count(*) FROM documents WHERE message LIKE 'found in Xero before it was first sent%'")" \
	"$(q p1.db "SELECT count(*) FROM documents WHERE status='posted'")"
restart "$T/sbx-p" || exit 1
"$LL" run --create-accounts --enable-currencies --state p1.db amzebay > /dev/null 2> p1b.err
okrc $? "probe: p1 again, with the eBay exports"
grep -q "the organisation holds documents this state file planned but did not post" p1b.err && ok ||
	bad "probe: p1 does not say the probe found some: $(grep -i 'looked up' p1b.err)"
grep -q "posted: 0 new, $ebay found already in Xero" p1b.err && ok ||
	bad "probe: $(grep posted: p1b.err)"
expect_eq "probe: nothing written" "$(writes p1.db 2)" 0
stop_sandbox

# ---- order mode, AUTHORISED: payments and bank transfers (order_payments.sh)
mkdir -p shop && cp -r in/shopify shop/
mkdir maps && cp "$SRC"/mappings/US/* maps/
"$PY" - maps/settings.json <<'PY'
import json, sys
p = sys.argv[1]
s = json.load(open(p))
s["country"] = "US"
s["shopify"].update({"mode": "order", "status": "AUTHORISED",
                     "clearing_account": {"*": "8172", "CAD": "8182",
                                          "PayPal Express Checkout": "8180"},
                     "bank_account": {"*": "090", "CAD": "092"}})
json.dump(s, open(p, "w"), indent=1)
PY
cat >> maps/accounts.csv <<'EOF'
8182,Shopify Clearing CAD,BANK,Shopify money in CAD,CAD
092,Business Bank CAD,BANK,The CAD bank account,CAD
EOF
start_sandbox "$T/sbx-o" --country US || exit 1
"$LL" run -q --mappings maps --create-accounts --enable-currencies --state o1.db shop \
	> /dev/null 2> o1.err
okrc $? "order mode: first run"
pays=$(q o1.db "SELECT count(*) FROM documents WHERE kind='Payment' AND status='posted'")
trs=$(q o1.db "SELECT count(*) FROM documents WHERE kind='BankTransfer' AND status='posted'")
all=$(q o1.db "SELECT count(*) FROM documents WHERE status='posted'")
[ "$pays" -gt 20 ] && [ "$trs" -gt 10 ] && ok || bad "order mode: $pays payments, $trs transfers"
sbx_docs obefore.json
rm -f o1.db o1.db-wal o1.db-shm o1.db.lock
restart "$T/sbx-o" --country US || exit 1
"$LL" run --mappings maps --state o2.db shop > /dev/null 2> o2.err
okrc $? "order mode: second run, new state file"
grep -q "posted: 0 new, $all found already in Xero, 0 rejected" o2.err && ok ||
	bad "order mode: $(grep posted: o2.err)"
expect_eq "order mode: nothing written" "$(writes o2.db 1)" 0
sbx_docs oafter.json
cmp -s obefore.json oafter.json && ok || bad "order mode: the sandbox's documents changed"
expect_eq "order mode: payments and transfers adopted, not posted again" \
	"$(q o2.db "SELECT kind||' '||count(*) FROM documents WHERE status='posted' AND kind IN ('Payment','BankTransfer') GROUP BY kind ORDER BY kind")" \
	"$(printf 'BankTransfer %s\nPayment %s' "$trs" "$pays")"
expect_eq "order mode: payments and transfers looked up by Reference" \
	"$(q o2.db "SELECT count(*) > 0 FROM calls WHERE run_id=1 AND (path LIKE 'Payments?where=%' OR path LIKE 'BankTransfers?where=%')")" 1
finish
