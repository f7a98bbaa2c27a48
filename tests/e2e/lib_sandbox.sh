# lib_sandbox.sh - start a real `ledgerlift sandbox` process for a test and
# point ledgerlift's Xero client at it. Time is scaled 60x: a Xero "minute"
# lasts one second, on both sides (LEDGERLIFT_TIME_SCALE).
SBX_PID=""

# start_sandbox DIR [extra sandbox options...]: sets SBX_URL
start_sandbox() {
	local dir="$1"
	shift
	mkdir -p "$dir"
	"$LL" sandbox --port 0 --data "$dir" --time-scale 60 "$@" > "$dir/out.txt" 2> "$dir/err.txt" &
	SBX_PID=$!
	for _ in $(seq 1 100); do
		grep -q "listening on" "$dir/out.txt" 2>/dev/null && break
		sleep 0.05
	done
	SBX_URL=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$dir/out.txt" | head -1)
	if [ -z "$SBX_URL" ]; then
		echo "sandbox did not start: $(cat "$dir/err.txt")" >&2
		return 1
	fi
	export XERO_API_URL="$SBX_URL/api.xro/2.0"
	export XERO_TOKEN_URL="$SBX_URL/connect/token"
	export XERO_CONNECTIONS_URL="$SBX_URL/connections"
	export XERO_CLIENT_ID=sandbox-client
	export XERO_CLIENT_SECRET=sandbox-secret
	export LEDGERLIFT_TIME_SCALE=60
}

stop_sandbox() {
	[ -n "$SBX_PID" ] && kill "$SBX_PID" 2>/dev/null && wait "$SBX_PID" 2>/dev/null
	SBX_PID=""
}

# set_faults SPEC
set_faults() {
	curl -s -X POST --data "$1" "$SBX_URL/__sandbox/faults" > /dev/null
}

# sandbox_check STATE_DB: every posted document is in the sandbox exactly
# once, with the same total; prints "ok" or what is wrong
sandbox_check() {
	curl -s "$SBX_URL/__sandbox/documents" > "$T/sbx-docs.json"
	"$PY" - "$1" "$T/sbx-docs.json" <<'PY'
import json, sqlite3, sys
from collections import Counter
from decimal import Decimal
con = sqlite3.connect(sys.argv[1])
raw = json.load(open(sys.argv[2]))
docs = []
for key in ("Invoices", "CreditNotes", "documents"):
    if isinstance(raw, dict) and key in raw:
        docs += raw[key]
if isinstance(raw, list):
    docs = raw
live = [d for d in docs if d.get("Status") not in ("DELETED", "VOIDED")]
nums = Counter(d.get("InvoiceNumber") or d.get("CreditNoteNumber") for d in live)
dups = [n for n, c in nums.items() if c > 1]
problems = []
if dups:
    problems.append("in the sandbox more than once: %s" % dups[:5])
total = {(d.get("InvoiceNumber") or d.get("CreditNoteNumber")): Decimal(str(d.get("Total"))) for d in live}
for num, minor, cur, xid in con.execute(
        "SELECT number, total_minor, currency, xero_id FROM documents WHERE status='posted'"):
    exp = 0 if cur == "JPY" else 2
    if num not in nums:
        problems.append("posted but not in the sandbox: %s" % num)
    elif total[num] != Decimal(minor).scaleb(-exp):
        problems.append("total differs for %s: %s vs %s" % (num, total[num], minor))
planned = con.execute("SELECT count(*) FROM documents WHERE status='planned'").fetchone()[0]
ours = {r[0] for r in con.execute("SELECT number FROM documents WHERE status='posted'")}
extra = [n for n in nums if n not in ours]
if extra:
    problems.append("in the sandbox but not recorded as posted: %s" % extra[:5])
print("; ".join(problems) if problems else "ok %d" % len(ours))
PY
}
