#!/usr/bin/env bash
# `proxguac init` typed at in a real terminal: an isolated tmux server (own socket and config) runs the wizard
# against a fresh lab, answers its questions, types the secrets (checked never to appear on the screen), confirms
# the fingerprint of the lab's self-signed certificate, and checks the written config, the 0600 files and the
# test-auth run. Every wait polls with a bounded deadline. Ends with "init-e2e: N passed, N failed".
#
#   bash Tests/init-e2e.sh                    # uses the debug build (swift build first)
#   PROXGUAC_BIN=path/to/proxguac bash Tests/init-e2e.sh
set -uo pipefail
cd "$(dirname "$0")/.."

BIN=${PROXGUAC_BIN:-$(swift build --show-bin-path 2>/dev/null)/proxguac}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
fail_early() { echo "init-e2e: $1"; echo "init-e2e: 0 passed, 1 failed"; exit 1; }
[[ -x "$BIN" ]] || fail_early "no binary at $BIN; run 'swift build' first or set PROXGUAC_BIN"
command -v tmux >/dev/null || fail_early "tmux is not installed (apt-get install tmux)"

WORK=$(mktemp -d)
SOCKET="proxguac-init-$$-$RANDOM"
printf 'set -g remain-on-exit on\nset -g status off\nset -g history-limit 2000\nset -s exit-empty off\n' >"$WORK/tmux.conf"
tmx() { tmux -L "$SOCKET" -f "$WORK/tmux.conf" "$@"; }
LAB_PID=""
cleanup() {
    tmx kill-server >/dev/null 2>&1
    [[ -n $LAB_PID ]] && kill "$LAB_PID" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PASSED=0
FAILED=0
SESSION=init
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
all_text() { tmx capture-pane -p -S - -t "$SESSION"; }
wait_for() {
    local deadline=$(( $(now_ms) + ${2:-20} * 1000 )) text
    while (( $(now_ms) < deadline )); do
        text=$(all_text)
        grep -qE -- "$1" <<<"$text" && return 0
        sleep 0.05
    done
    echo "  timed out waiting for /$1/; screen was:"
    all_text | sed 's/^/  | /'
    return 1
}
check() { if "$@"; then :; else echo "  failed: $*"; return 1; fi; }
type_line() { tmx send-keys -t "$SESSION" -l -- "$1"; tmx send-keys -t "$SESSION" Enter; }

# The lab (self-signed certificate, not in the system store).
mkdir -p "$WORK/lab"
"$BIN" lab --write-config "$WORK/lab/config.json" >"$WORK/lab/lab.log" 2>&1 &
LAB_PID=$!
deadline=$(( $(now_ms) + 20000 ))
until grep -q 'Press Ctrl-C to stop' "$WORK/lab/lab.log" 2>/dev/null; do
    (( $(now_ms) > deadline )) && fail_early "the lab did not start: $(cat "$WORK/lab/lab.log")"
    sleep 0.05
done
PVE_URL=$(sed -n 's/^Proxmox VE: *\(https:[^ ]*\).*/\1/p' "$WORK/lab/lab.log")
GUAC_URL=$(sed -n 's/^Guacamole: *\(https:[^ ]*\).*/\1/p' "$WORK/lab/lab.log")
FINGERPRINT=$(sed -n 's/^Fingerprint: *//p' "$WORK/lab/lab.log")
TOKEN_SECRET=$(cat "$WORK/lab/config.pve-token-secret")
PASSWORD=$(cat "$WORK/lab/config.guacamole-password")
OUT="$WORK/etc/config.json"

scenario() {
    local name=$1
    shift
    if "$@"; then PASSED=$((PASSED + 1)); echo "ok   $name"; else FAILED=$((FAILED + 1)); echo "FAIL $name"; fi
}

interactive_wizard() {
    tmx new-session -d -s "$SESSION" -x 160 -y 50 \
        "env -i HOME='$WORK' PATH=/usr/bin:/bin TERM=xterm '$BIN' init --output '$OUT'; echo exit=\$?; sleep 600" || return 1
    wait_for 'Proxmox VE URL' || return 1
    type_line "$PVE_URL"
    wait_for 'Is it the same, and should proxguac pin it' || return 1
    check grep -q "$FINGERPRINT" <<<"$(all_text)" || return 1
    type_line yes
    wait_for 'API token id' || return 1
    type_line ""                      # the default, proxguac@pve!sync
    wait_for 'Token secret \(input hidden\)' || return 1
    check grep -q 'pveum user token add proxguac@pve sync' <<<"$(all_text)" || return 1
    type_line "$TOKEN_SECRET"
    wait_for 'Guacamole URL' || return 1
    type_line "$GUAC_URL"
    wait_for 'Is it the same, and should proxguac pin it' || return 1
    type_line y
    wait_for 'Guacamole service account' || return 1
    type_line guacadmin
    wait_for 'Password of guacadmin' || return 1
    type_line "$PASSWORD"
    wait_for 'TOTP key of guacadmin' || return 1
    type_line ""
    wait_for 'exit=[0-9]+' 30 || return 1
    local text; text=$(all_text)
    check grep -q 'exit=0' <<<"$text" || { sed 's/^/  | /' <<<"$text"; return 1; }
    check grep -q 'everything proxguac needs is granted' <<<"$text" || return 1
    check test "$(grep -c "$TOKEN_SECRET" <<<"$text")" = 0 || return 1    # typed without echo
    check test "$(grep -c "\"fingerprint\": \"$FINGERPRINT\"" "$OUT")" = 2 || return 1
    check test "$(stat -c %a "$OUT")" = 600 || return 1
    check test "$(stat -c %a "$WORK/etc/proxmox-token-secret")" = 600 || return 1
    check test "$(cat "$WORK/etc/proxmox-token-secret")" = "$TOKEN_SECRET" || return 1
    check "$BIN" list --config "$OUT" >/dev/null || return 1
}

declining_the_fingerprint_writes_nothing() {
    tmx kill-session -t "$SESSION" 2>/dev/null
    rm -rf "$WORK/etc2"
    tmx new-session -d -s "$SESSION" -x 160 -y 50 \
        "env -i HOME='$WORK' PATH=/usr/bin:/bin TERM=xterm '$BIN' init --output '$WORK/etc2/config.json'; echo exit=\$?; sleep 600" || return 1
    wait_for 'Proxmox VE URL' || return 1
    type_line "$PVE_URL"
    wait_for 'Is it the same, and should proxguac pin it' || return 1
    type_line no
    wait_for 'exit=[0-9]+' || return 1
    check grep -q 'exit=2' <<<"$(all_text)" || return 1
    check test ! -e "$WORK/etc2/config.json" || return 1
}

scenario "interactive wizard: fingerprint confirmed, hidden secrets, 0600 files, test-auth passes" interactive_wizard
scenario "declining the fingerprint writes nothing (exit 2)" declining_the_fingerprint_writes_nothing
echo "init-e2e: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
