#!/bin/bash
# sandbox_cli.sh - run `ledgerlift sandbox` as a real process and talk to it
# with curl: options, startup line, OAuth, a US org's own sales tax rate
# (PUT TaxRates) on an invoice, a connection
# reset fault as a client sees it, clean SIGTERM, and restart persistence.
# Usage: sandbox_cli.sh /path/to/ledgerlift
set -u
BIN=$1
command -v curl >/dev/null && command -v python3 >/dev/null || exit 77
TMP=$(mktemp -d)
PID=
fail() { echo "FAIL: $*" >&2; [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$TMP"; exit 1; }
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$TMP"' EXIT

"$BIN" sandbox --help | grep -q -- '--faults' || fail "--help"
"$BIN" sandbox --bogus >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad option should exit 2"
"$BIN" sandbox --data "$TMP/x" --faults 'teapot:1' >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad fault spec should exit 2"
"$BIN" sandbox --data "$TMP/x" --per-minute 0 >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad limit should exit 2"

start() { # start [args...]: run the sandbox, set PID and PORT
	# the previous run's lines must not pass for this one's: the shell
	# truncates "$TMP/out" only once the new process has started
	rm -f "$TMP/out" "$TMP/err"
	"$BIN" sandbox --port 0 --data "$TMP/d" --time-scale 60 "$@" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	for _ in $(seq 1 100); do
		grep -q '^listening on' "$TMP/out" 2>/dev/null && break
		sleep 0.05
	done
	PORT=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$TMP/out")
	[ -n "$PORT" ] || fail "no listening line: $(cat "$TMP/out" "$TMP/err")"
}
stop() {
	kill -TERM "$PID"
	for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
	wait "$PID"; rc=$?
	PID=
	[ $rc -eq 0 ] || fail "sandbox exited $rc on SIGTERM"
}

start --country US --lock-date 2020-12-31 --faults 'next:reset'
B=http://127.0.0.1:$PORT
TOKEN=$(curl -sf -u sandbox-client:sandbox-secret -d grant_type=client_credentials "$B/connect/token" |
	python3 -c 'import sys,json; d=json.load(sys.stdin); assert d["token_type"]=="Bearer" and d["expires_in"]==30; print(d["access_token"])') || fail token
TENANT=$(curl -sf -H "Authorization: Bearer $TOKEN" "$B/connections" |
	python3 -c 'import sys,json; print(json.load(sys.stdin)[0]["tenantId"])') || fail connections
H=(-H "Authorization: Bearer $TOKEN" -H "xero-tenant-id: $TENANT" -H "Accept: application/json")

# the first API call meets the reset fault: curl sees an empty reply (52)
curl -s "${H[@]}" "$B/api.xro/2.0/Organisation" >/dev/null; rc=$?
[ $rc -eq 52 ] || fail "reset fault: curl exit $rc, expected 52"

curl -sf "${H[@]}" "$B/api.xro/2.0/Organisation" | python3 -c '
import sys,json; o=json.load(sys.stdin)["Organisations"][0]
assert o["CountryCode"]=="US" and o["BaseCurrency"]=="USD", o
assert o["PeriodLockDate"]=="/Date(1609372800000+0000)/", o["PeriodLockDate"]' || fail organisation

# a US org has no sales tax rate of its own: the user makes one (PUT TaxRates,
# no ReportTaxType in the US edition) and Xero names it TAX001
curl -sf "${H[@]}" -H 'Content-Type: application/json' -X PUT "$B/api.xro/2.0/TaxRates" \
	-d '{"TaxRates":[{"Name":"Sales Tax","TaxComponents":[{"Name":"State Tax","Rate":6.25},{"Name":"City Tax","Rate":2}]}]}' |
	python3 -c '
import sys,json; from decimal import Decimal
t=json.load(sys.stdin, parse_float=Decimal)["TaxRates"][0]
assert t["TaxType"]=="TAX001" and t["EffectiveRate"]==Decimal("8.25") and t["Status"]=="ACTIVE", t
assert "ReportTaxType" not in t and t["CanApplyToRevenue"] is True, t' || fail "PUT TaxRates"

# US sales tax TAX001 8.25% on 100.00 exclusive -> 108.25; a locked date is refused
curl -s -o "$TMP/inv.json" -w '%{http_code}' "${H[@]}" -H 'Content-Type: application/json' -X PUT \
	"$B/api.xro/2.0/Invoices?summarizeErrors=false" -d '{"Invoices":[
	{"Type":"ACCREC","Contact":{"Name":"Shopify Payments"},"Date":"2021-02-01","DueDate":"2021-02-01",
	 "InvoiceNumber":"SHOP-1","Status":"AUTHORISED",
	 "LineItems":[{"Description":"Orders","Quantity":1,"UnitAmount":100.00,"AccountCode":"4000","TaxType":"TAX001"}]},
	{"Type":"ACCREC","Contact":{"Name":"Shopify Payments"},"Date":"2020-12-31",
	 "LineItems":[{"Description":"Old","UnitAmount":1,"AccountCode":"4000"}]}]}' >"$TMP/code"
[ "$(cat "$TMP/code")" = 200 ] || fail "PUT Invoices: $(cat "$TMP/code") $(cat "$TMP/inv.json")"
python3 - "$TMP/inv.json" <<'PY' || fail "invoice totals"
import sys, json
from decimal import Decimal
d = json.load(open(sys.argv[1]), parse_float=Decimal)
a, b = d["Invoices"]
assert a["StatusAttributeString"] == "OK" and a["InvoiceNumber"] == "SHOP-1", a
assert a["TotalTax"] == Decimal("8.25") and a["Total"] == Decimal("108.25"), a
assert b["StatusAttributeString"] == "ERROR" and b["InvoiceID"] == "00000000-0000-0000-0000-000000000000"
assert "lock date" in b["ValidationErrors"][0]["Message"], b
PY
stop

# restart on the same folder: the org (US) and its invoice are still there
start --country GB
B=http://127.0.0.1:$PORT
curl -sf "$B/__sandbox/documents" | python3 -c '
import sys,json; d=json.load(sys.stdin)
nums=[i["InvoiceNumber"] for i in d["Invoices"]]
assert nums==["SHOP-1"], nums
assert [c["Name"] for c in d["Contacts"]]==["Shopify Payments"], d["Contacts"]' || fail "documents after restart"
curl -sf "$B/__sandbox/state" | python3 -c '
import sys,json; s=json.load(sys.stdin)
assert s["Organisation"]["CountryCode"]=="US", s' || fail "state after restart"
# the old token survives the restart as at Xero
curl -sf "${H[@]}" "$B/api.xro/2.0/Invoices/SHOP-1" >/dev/null || fail "token after restart"
stop
echo "sandbox_cli: ok"
