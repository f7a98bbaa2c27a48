#!/usr/bin/env bash
# login_sandbox.sh - `ledgerlift login` (OAuth2 authorization code + PKCE,
# loopback callback) against a real sandbox process: curl plays the
# browser, following the sandbox's instant-consent redirect to the
# callback. Then `ledgerlift run` posts with the stored token, which
# rotates; the default token path; a reused code, a wrong state, a denial
# and a timeout each fail clearly; tokens, codes and verifiers never
# appear in the output.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
command -v curl > /dev/null || exit 77
LP=""
trap '[ -n "$LP" ] && kill "$LP" 2>/dev/null; stop_sandbox; rm -rf "$T"' EXIT
cd "$T"
cp -r "$SRC/samples" in

start_sandbox "$T/sbx" || exit 1
TENANT=$(sed -n 's/^tenant \([0-9a-f-]*\).*/\1/p' "$T/sbx/out.txt")
export XERO_AUTHORIZE_URL="$SBX_URL/identity/connect/authorize"
unset XERO_CLIENT_SECRET XERO_TENANT_ID
export XDG_CONFIG_HOME="$T/cfg"

free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_login NAME [options...]: login in the background (output NAME.out,
# NAME.err); sets LP, PORT, AUTH_URL (the printed address) and STATE
start_login() {
	local name=$1
	shift
	PORT=$(free_port)
	"$LL" login --no-browser --port "$PORT" --timeout 30 "$@" > "$name.out" 2> "$name.err" &
	LP=$!
	AUTH_URL=""
	for _ in $(seq 1 100); do
		AUTH_URL=$(grep -m1 '^http' "$name.out" 2> /dev/null)
		[ -n "$AUTH_URL" ] && break
		sleep 0.05
	done
	STATE=$(printf '%s' "$AUTH_URL" | sed -n 's/.*[?&]state=\([^&]*\).*/\1/p')
	[ -n "$AUTH_URL" ] && [ -n "$STATE" ] || bad "$name: no authorize URL printed: $(cat "$name.err")"
}

# wait_login: the background login's exit status
wait_login() {
	local rc
	wait "$LP"
	rc=$?
	LP=""
	return $rc
}

mode() { stat -c %a "$1" 2> /dev/null; }

# 0. usage errors: no client id, no offline_access, a plain-http authorize URL
XERO_CLIENT_ID= "$LL" login --no-browser --token-file x > /dev/null 2> u1.err
expect_eq "no client id: usage" "$?" "2"
grep -q "client id" u1.err && ok || bad "no client id: $(cat u1.err)"
"$LL" login --no-browser --scopes "openid accounting.settings" > /dev/null 2> u2.err
expect_eq "no offline_access: usage" "$?" "2"
XERO_AUTHORIZE_URL=http://example.com/authorize "$LL" login --no-browser > /dev/null 2> u3.err
expect_eq "plain http authorize URL: usage" "$?" "2"
# the userinfo bypass of issue 16: curl would connect to otherhost, in clear
XERO_CLIENT_ID=x XERO_CLIENT_SECRET=y XERO_API_URL='http://127.0.0.1:1@otherhost:9/api.xro/2.0' \
	"$LL" run -q --state u4.db in/amazon/99131402517.txt > /dev/null 2> u4.err
expect_eq "plain http to another host behind userinfo: usage" "$?" "2"
grep -q "must be https" u4.err && ok || bad "refused URL message: $(cat u4.err)"

# 1. the whole flow: authorize URL -> sandbox consents -> callback -> token file
start_login c1 --token-file "$T/tok"
case "$AUTH_URL" in
"$SBX_URL/identity/connect/authorize?response_type=code&client_id=sandbox-client&redirect_uri=http%3A%2F%2Flocalhost%3A$PORT%2Fcallback&scope="*offline_access*"&code_challenge="*"&code_challenge_method=S256") ok ;;
*) bad "authorize URL: $AUTH_URL" ;;
esac
CHAL=$(printf '%s' "$AUTH_URL" | sed -n 's/.*code_challenge=\([^&]*\).*/\1/p')
expect_eq "S256 challenge length" "${#CHAL}" "43"
curl -s -L "$AUTH_URL" > c1.html
wait_login
expect_eq "login exit" "$?" "0"
grep -q "go back to the terminal" c1.html && ok || bad "callback page: $(cat c1.html)"
expect_eq "token file mode" "$(mode "$T/tok")" "600"
TOK1=$(cat "$T/tok" 2> /dev/null)
expect_eq "token length" "${#TOK1}" "64"
grep -q "Demo Company (ledgerlift sandbox)  (tenant id $TENANT)" c1.out && ok || bad "organisation not listed: $(cat c1.out)"
grep -qF "$TOK1" c1.out c1.err && bad "the refresh token was printed" || ok

# 2. run without a client secret: no login yet at the default path -> error
"$LL" run -q --state none.db in/amazon/99131402517.txt 2> r0.err
expect_eq "run without credentials: usage" "$?" "2"
grep -q "ledgerlift login" r0.err && ok || bad "no hint to log in: $(cat r0.err)"
"$LL" run -q --state none.db --token-file "$T/missing" in/amazon/99131402517.txt 2> r0b.err
expect_eq "run with a missing --token-file: usage" "$?" "2"

# 3. run with the stored token: posts, and the refresh token rotates
"$LL" run -q --create-accounts --enable-currencies --state s.db --token-file "$T/tok" \
	in/amazon/99131402517.txt 2> r1.err
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "run with the token: exit $rc: $(tail -3 r1.err)"
expect_eq "posted with the login" "$(q s.db "SELECT count(*) > 0 FROM documents WHERE status='posted'")" "1"
expect_eq "sandbox has them" "$(sandbox_check s.db)" "ok $(q s.db "SELECT count(*) FROM documents WHERE status='posted'")"
TOK2=$(cat "$T/tok")
[ -n "$TOK2" ] && [ "$TOK2" != "$TOK1" ] && ok || bad "the refresh token did not rotate"
expect_eq "rotated token file mode" "$(mode "$T/tok")" "600"
expect_eq "the old refresh token is spent" \
	"$(curl -s --data "grant_type=refresh_token&client_id=sandbox-client&refresh_token=$TOK1" "$XERO_TOKEN_URL")" \
	'{"error":"invalid_grant"}'
grep -qF "$TOK2" r1.err s.db && bad "a token reached the log or the state file" || ok

# 3b. rotation never writes through a leftover or planted temp file (issue
# 16): a world-readable <token>.tmp left behind, then a symlink at
# <token>.tmp; neither is written, and the token file stays 0600
printf 'stale' > "$T/tok.tmp"
chmod 644 "$T/tok.tmp"
"$LL" run -q --state s.db --token-file "$T/tok" in/amazon/99131402517.txt 2> r1b.err
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "run beside a leftover .tmp: exit $rc: $(tail -3 r1b.err)"
TOK3=$(cat "$T/tok")
[ "$TOK3" != "$TOK2" ] && ok || bad "the refresh token did not rotate beside a leftover .tmp"
expect_eq "token file mode beside a leftover 0644 .tmp" "$(mode "$T/tok")" "600"
expect_eq "the leftover .tmp is not written" "$(cat "$T/tok.tmp")" "stale"
rm -f "$T/tok.tmp"
printf 'victim' > "$T/victim"
ln -s "$T/victim" "$T/tok.tmp"
"$LL" run -q --state s.db --token-file "$T/tok" in/amazon/99131402517.txt 2> r1c.err
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "run beside a .tmp symlink: exit $rc: $(tail -3 r1c.err)"
[ "$(cat "$T/tok")" != "$TOK3" ] && ok || bad "the refresh token did not rotate beside a .tmp symlink"
expect_eq "the symlink's target is not written" "$(cat "$T/victim")" "victim"
expect_eq "token file mode beside a .tmp symlink" "$(mode "$T/tok")" "600"
[ -L "$T/tok.tmp" ] && ok || bad "the .tmp symlink was replaced"
rm -f "$T/tok.tmp"
# a token file that is itself a symlink is refused (usage), before any call
ln -s "$T/tok" "$T/toklink"
"$LL" run -q --state s.db --token-file "$T/toklink" in/amazon/99131402517.txt 2> r1d.err
expect_eq "a symlinked token file: usage" "$?" "2"
grep -q "symbolic link" r1d.err && ok || bad "symlinked token file message: $(cat r1d.err)"
[ -L "$T/toklink" ] && ok || bad "the token file symlink was replaced"

# 4. the default path ($XDG_CONFIG_HOME/ledgerlift/refresh_token); curl stops
# at the redirect so the test sees the code, then delivers it
start_login c3
CB=$(curl -s -o /dev/null -w '%{redirect_url}' "$AUTH_URL")
CODE=$(printf '%s' "$CB" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')
[ -n "$CODE" ] && ok || bad "no code in the redirect: $CB"
curl -s "$CB" > /dev/null
wait_login
expect_eq "default-path login exit" "$?" "0"
expect_eq "config folder mode" "$(mode "$T/cfg/ledgerlift")" "700"
expect_eq "default token file mode" "$(mode "$T/cfg/ledgerlift/refresh_token")" "600"
grep -qF "$CODE" c3.out c3.err && bad "the authorisation code was printed" || ok
DTOK=$(cat "$T/cfg/ledgerlift/refresh_token")
"$LL" run -q --state s.db in/amazon/99131402517.txt 2> r2.err
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "run with the default token: exit $rc: $(tail -3 r2.err)"
[ "$(cat "$T/cfg/ledgerlift/refresh_token")" != "$DTOK" ] && ok || bad "default token did not rotate"
expect_eq "nothing posted twice" "$(sandbox_check s.db)" "ok $(q s.db "SELECT count(*) FROM documents WHERE status='posted'")"

# 5. a used code, delivered to a new login with its own state: refused
start_login c4 --token-file "$T/tok4"
curl -s "http://127.0.0.1:$PORT/callback?code=$CODE&state=$STATE" > /dev/null
wait_login
expect_eq "reused code exit" "$?" "1"
grep -q "invalid_grant.*already used" c4.err && ok || bad "reused code message: $(cat c4.err)"
[ ! -e "$T/tok4" ] && ok || bad "a token was stored for a reused code"

# 6. a wrong state: refused before any exchange
start_login c5 --token-file "$T/tok5"
curl -s "http://127.0.0.1:$PORT/callback?code=whatever&state=not-$STATE" > c5.html
wait_login
expect_eq "wrong state exit" "$?" "1"
grep -q "state does not match" c5.err && ok || bad "wrong state message: $(cat c5.err)"
grep -q "state mismatch" c5.html && ok || bad "wrong state page: $(cat c5.html)"
[ ! -e "$T/tok5" ] && ok || bad "a token was stored for a wrong state"

# 7. a callback without code is ignored; then the user declines
start_login c6 --token-file "$T/tok6"
expect_eq "callback without code" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/callback")" "400"
curl -s "http://127.0.0.1:$PORT/callback?error=access_denied&state=$STATE" > /dev/null
wait_login
expect_eq "denied exit" "$?" "1"
grep -q "did not authorise ledgerlift: access_denied" c6.err && ok || bad "denied message: $(cat c6.err)"

# 8. nobody answers
PORT=$(free_port)
"$LL" login --no-browser --port "$PORT" --timeout 1 --token-file "$T/tok7" > c7.out 2> c7.err
expect_eq "timeout exit" "$?" "1"
grep -q "no answer from Xero within 1 s" c7.err && ok || bad "timeout message: $(cat c7.err)"

# 9. no verifier-like or token-like string (64+ URL-safe characters) in any output
expect_eq "no secrets in the output" "$(grep -Eho '[A-Za-z0-9._~-]{64,}' c*.out c*.err r*.err | head -3)" ""
stop_sandbox
finish
