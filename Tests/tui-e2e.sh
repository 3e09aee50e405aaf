#!/usr/bin/env bash
# End-to-end tests of the terminal UI against the lab: each scenario starts `proxguac lab` (emulated
# Proxmox VE + Guacamole on 127.0.0.1, killed when the scenario ends), runs `proxguac --config ...` in
# an isolated tmux server (own socket and config, 80x24), drives it with keys, mouse bytes and resizes,
# and checks the result in the lab itself (Guacamole and Proxmox VE REST over curl). Every wait polls
# with a bounded deadline. Ends with "tui-e2e: N passed, N failed".
#
#   bash Tests/tui-e2e.sh                    # uses the debug build (swift build first)
#   PROXGUAC_BIN=path/to/proxguac bash Tests/tui-e2e.sh
#   SAVE_SCREENS=assets bash Tests/tui-e2e.sh   # also writes the screen captures shown in the README
set -uo pipefail
cd "$(dirname "$0")/.."

BIN=${PROXGUAC_BIN:-$(swift build --show-bin-path 2>/dev/null)/proxguac}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
fail_early() { echo "tui-e2e: $1"; echo "tui-e2e: 0 passed, 1 failed"; exit 1; }
[[ -x "$BIN" ]] || fail_early "no binary at $BIN; run 'swift build' first or set PROXGUAC_BIN"
for tool in tmux curl; do
    command -v $tool >/dev/null || fail_early "$tool is not installed (apt-get install $tool)"
done

WORK=$(mktemp -d)
SOCKET="proxguac-e2e-$$-$RANDOM"
cat >"$WORK/tmux.conf" <<'CONF'
set -g default-terminal "tmux-256color"
set -g remain-on-exit on
set -g mouse off
set -g status off
set -g history-limit 2000
set -s exit-empty off
CONF
tmx() { tmux -L "$SOCKET" -f "$WORK/tmux.conf" "$@"; }
LAB_PIDS=()
cleanup() {
    tmx kill-server >/dev/null 2>&1
    for pid in "${LAB_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PASSED=0
FAILED=0
SESSION=""
CONFIG=""
LAB_PID=""

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
screen() { tmx capture-pane -p -t "$SESSION"; }
# on_screen REGEX [capture-pane flags]: whether the visible screen matches now (captured first, so
# grep -q cannot break the pipe under pipefail).
on_screen() { local text; text=$(tmx capture-pane -p ${2:-} -t "$SESSION"); grep -qE -- "$1" <<<"$text"; }

# wait_for REGEX [SECONDS]: poll the visible screen until REGEX matches (default deadline 15 s).
wait_for() {
    local deadline=$(( $(now_ms) + ${2:-15} * 1000 ))
    while (( $(now_ms) < deadline )); do
        on_screen "$1" && return 0
        sleep 0.05
    done
    echo "  timed out waiting for /$1/; screen was:"
    screen | sed 's/^/  | /'
    return 1
}

# wait_exit [SECONDS]: poll until the program has exited; prints the "exit=N" line the pane's shell
# wrote after it (tmux's own #{pane_dead_status} is not always recorded, so it is not used).
wait_exit() {
    local deadline=$(( $(now_ms) + ${1:-10} * 1000 )) all
    while (( $(now_ms) < deadline )); do
        all=$(tmx capture-pane -p -S - -t "$SESSION")
        if [[ $all =~ exit=([0-9]+) ]]; then
            echo "${BASH_REMATCH[1]}"
            return 0
        fi
        sleep 0.05
    done
    echo "timeout"
    return 1
}

# --- the lab ----------------------------------------------------------------------------------

# start_lab NAME [LAB ARGS...]: a fresh lab in the background; sets CONFIG to the config it wrote.
start_lab() {
    local dir="$WORK/lab-$1"; shift
    mkdir -p "$dir"
    "$BIN" lab --write-config "$dir/config.json" "$@" >"$dir/lab.log" 2>&1 &
    LAB_PID=$!
    LAB_PIDS+=("$LAB_PID")
    CONFIG="$dir/config.json"
    local deadline=$(( $(now_ms) + 20000 ))
    until grep -q 'Press Ctrl-C to stop' "$dir/lab.log" 2>/dev/null; do
        if (( $(now_ms) > deadline )) || ! kill -0 "$LAB_PID" 2>/dev/null; then
            echo "  the lab did not start:"; sed 's/^/  | /' "$dir/lab.log"; return 1
        fi
        sleep 0.05
    done
}

stop_lab() { [[ -n $LAB_PID ]] && kill "$LAB_PID" 2>/dev/null; LAB_PID=""; }

# with_key: give the lab's config an encryption key (proxguac keygen), so passwords can be encrypted.
with_key() {
    local key="${CONFIG%.json}.key"
    "$BIN" keygen --output "$key" >/dev/null || return 1
    sed -i "1a\\  \"encryption\" : { \"keyFile\" : \"$key\" }," "$CONFIG"
}

config_url() { grep -oE "\"url\" : \"https://[^\"]*$1\"" "$CONFIG" | cut -d'"' -f4; }

# REST calls to the lab. Secrets go to curl on stdin (-K -), never on its command line.
guac_token() {
    printf 'username=guacadmin&password=%s' "$(cat "${CONFIG%.json}.guacamole-password")" |
        curl -sk -d @- "$(config_url guacamole)/api/tokens" | sed -n 's/.*"authToken" *: *"\([^"]*\)".*/\1/p'
}
# guac METHOD PATH [JSON BODY]
guac() {
    local token; token=$(guac_token)
    printf 'header = "Guacamole-Token: %s"\nheader = "Content-Type: application/json"\n' "$token" |
        curl -sk -K - -X "$1" ${3:+--data-binary "$3"} "$(config_url guacamole)/api/session/data/postgresql$2"
}
pve() {
    printf 'header = "Authorization: PVEAPIToken=proxguac@pve!sync=%s"\n' "$(cat "${CONFIG%.json}.pve-token-secret")" |
        curl -sk -K - "$(config_url '[0-9]')/api2/json$1"
}
# Names of all connections in the lab's Guacamole, sorted, one a line.
guac_names() { guac GET /connections | grep -oE '"name":"[^"]*"' | cut -d'"' -f4 | sort; }
# The identifier of the connection named $1.
guac_id() { guac GET /connections | grep -oE "\"name\":\"$1\",\"identifier\":\"[0-9]+\"" | grep -oE '[0-9]+"$' | tr -d '"'; }
# set_guac_port ID PORT: change a connection's port in Guacamole behind proxguac's back (drift).
set_guac_port() {
    local params body
    params=$(guac GET "/connections/$1/parameters")
    body=$(guac GET "/connections/$1" | sed 's/,"activeConnections":[0-9]*//; s/}$//')
    body="$body,\"parameters\":$(sed -E "s/\"port\":\"[0-9]+\"/\"port\":\"$2\"/" <<<"$params")}"
    guac PUT "/connections/$1" "$body"
}
guac_port() { guac GET "/connections/$1/parameters" | grep -oE '"port":"[0-9]+"' | grep -oE '[0-9]+'; }
# Notes of a QEMU guest as the Proxmox VE API returns them (JSON-escaped).
pve_notes() { pve "/nodes/$1/qemu/$2/config" | grep -oE '"description":"([^"\\]|\\.)*"'; }
# How many plain passwords are left in all guests' notes (proxguac's own dry run, a different code path).
plain_left() { "$BIN" encrypt-notes --dry-run --config "$CONFIG" | sed -nE 's/^Dry run, nothing written: ([0-9]+) password.*/\1/p'; }

# --- the terminal ---------------------------------------------------------------------------

# start NAME [ENV...] [-- ARGS]: a fresh 80x24 session running the binary (default arguments:
# --config of the lab), through sh, which then prints the exit status and the terminal modes, so
# restoring the terminal can be checked.
start() {
    SESSION=$1; shift
    local env=(LANG=C.UTF-8 LC_ALL=C.UTF-8)
    while [[ $# -gt 0 && $1 != -- ]]; do env+=("$1"); shift; done
    [[ ${1:-} == -- ]] && shift
    local args=${*:-"--config '$CONFIG'"}
    tmx new-session -d -s "$SESSION" -x 80 -y 24 \
        "env ${env[*]} '$BIN' $args; echo \"exit=\$?\"; stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo"
}

finish() { tmx kill-session -t "$SESSION" >/dev/null 2>&1; stop_lab; }

save() { [[ -n ${SAVE_SCREENS:-} ]] && { mkdir -p "$SAVE_SCREENS"; screen | sed 's/[[:space:]]*$//' >"$SAVE_SCREENS/screen-$1.txt"; }; return 0; }

check() {
    local name=$1; shift
    if "$@"; then PASSED=$((PASSED + 1)); echo "ok   $name"; else FAILED=$((FAILED + 1)); echo "FAIL $name"; fi
    finish
}

keys() { tmx send-keys -t "$SESSION" "$@"; }
text() { tmx send-keys -t "$SESSION" -l "$1"; }

# X10 mouse press + release at 0-based (row, column), as tmux-256color's kmous expects.
click() {
    local press release
    press=$(printf '\033[M%b%b%b' "\\x$(printf %x 32)" "\\x$(printf %x $((33 + $2)))" "\\x$(printf %x $((33 + $1)))")
    release=$(printf '\033[M%b%b%b' "\\x$(printf %x 35)" "\\x$(printf %x $((33 + $2)))" "\\x$(printf %x $((33 + $1)))")
    text "$press$release"
}

row_of() { local text; text=$(screen); grep -nF -- "$1" <<<"$text" | head -1 | cut -d: -f1 | awk '{print $1 - 1}'; }

# focus REGEX: press Down until the focused line (starting with ›) matches, at most 20 times.
focus() {
    local i
    for i in $(seq 20); do
        on_screen "^›.*$1" && return 0
        keys Down
        sleep 0.05
    done
    wait_for "^›.*$1" 2
}

expect_equal() {
    [[ $1 == "$2" ]] && return 0
    echo "  expected:"; sed 's/^/  | /' <<<"$2"; echo "  got:"; sed 's/^/  | /' <<<"$1"; return 1
}

LAB_CONNECTIONS_BEFORE="Office printer (manual)"

# --- scenarios --------------------------------------------------------------------------------

menu_renders_and_navigates() {
    start_lab menu || return 1
    start menu
    wait_for '› 1  Add guests' || return 1
    wait_for 'Encrypt passwords in notes' || return 1
    save menu
    keys Down Down
    wait_for '› 3  List / status' || return 1
    keys k
    wait_for '› 2  Auto sync' || return 1
    keys q
    local status; status=$(wait_exit)
    [[ $status == 0 ]] || { echo "  exit status: $status"; return 1; }
}

add_two_guests_creates_exactly_their_connections() {
    start_lab add && with_key || return 1
    start add
    wait_for '› 1  Add guests' || return 1
    keys Enter
    wait_for '0 of 8 selected' || return 1
    wait_for 'win-desktop +100 pve1 running rdp,vnc +198\.51\.100\.10' || return 1
    keys Space Down Space
    wait_for '2 of 8 selected' || return 1
    wait_for '›\[x\] web01' || return 1
    save add
    keys Enter
    wait_for 'Apply 7 changes\?' || return 1
    on_screen '\+ web01 \(101\)/web01/ssh  ' || return 1
    on_screen 'db01|dns01|pihole' && { echo "  the plan names guests that were not selected"; return 1; }
    save plan
    keys y
    wait_for 'Created 7 · Updated 0 · Deleted 0 · Failed 0' || return 1
    # The offer of issue #3: the chosen guests' notes still hold plain passwords, and a key is set.
    wait_for "Encrypt 3 plain passwords in these guests' notes now\? \[y/N\]" || return 1
    save encrypt-offer
    expect_equal "$(guac_names)" "$(sort <<<"$LAB_CONNECTIONS_BEFORE
readonly@win-desktop-vnc
web01/ssh
win-desktop-admin-rdp
win-desktop-admin-vnc")" || return 1
    keys y
    wait_for 'Encrypted 3 passwords in 2 guests · Failed 0' || return 1
    local notes; notes=$(pve_notes pve1 100; pve_notes pve1 101)
    grep -qE '[^_]pass(word)?:' <<<"$notes" && { echo "  plain passwords left in 100/101"; return 1; }
    [[ $(grep -o 'encrypted_password:' <<<"$notes" | wc -l) == 3 ]] || { echo "  expected 3 encrypted_password"; return 1; }
    pve_notes pve2 102 | grep -q 'pass:' || { echo "  db01 (not selected) was changed"; return 1; }
    # The encrypted passwords still sync: every created connection stays in sync.
    "$BIN" list --config "$CONFIG" | grep -E '\[pve:10[01]:' | grep -vq '^ok ' && { echo "  not in sync after encrypting"; return 1; }
    return 0
}

encrypt_menu_counts_confirms_and_encrypts() {
    start_lab encrypt && with_key || return 1
    start encrypt
    wait_for '› 1  Add guests' || return 1
    keys 5
    wait_for '9 plain passwords in 8 guests \(of 9 checked\)' || return 1
    wait_for '100  win-desktop +2 plain passwords' || return 1
    on_screen 'Tr1cky|P@ssw0rd|pg-secret' && { echo "  a password is on the screen"; return 1; }
    save encrypt
    keys n
    wait_for 'Not encrypted; nothing was changed' || return 1
    [[ $(plain_left) == 9 ]] || { echo "  n changed the notes"; return 1; }
    keys 5
    wait_for 'Encrypt 9 plain passwords in 8 guests now\?' || return 1
    keys y
    wait_for 'Encrypted 9 passwords in 8 guests · Failed 0' || return 1
    [[ $(plain_left) == 0 ]] || { echo "  plain passwords left: $(plain_left)"; return 1; }
    keys Enter 5
    wait_for 'No plain passwords in the notes of 9 guests' || return 1
}

encrypt_without_a_key_says_how_to_get_one() {
    start_lab nokey || return 1
    start nokey
    wait_for '› 1  Add guests' || return 1
    keys 5
    wait_for 'Cannot encrypt: no encryption key configured' || return 1
    keys y
    wait_for 'encryption.keyFile' || return 1
    pve_notes pve1 100 | grep -qE '[^_]pass:' || { echo "  the notes changed without a key"; return 1; }
    # No offer after Add either, without a key.
    keys Escape 1
    wait_for '0 of 8 selected' || return 1
    keys Space Enter
    wait_for 'Apply [0-9]+ changes\?' || return 1
    keys y
    wait_for 'Add 1 guest · result' || return 1
    ! on_screen '\[y/N\]'
}

filter_narrows_the_add_list() {
    start_lab filter || return 1
    start filter
    wait_for '› 1  Add guests' || return 1
    keys Enter
    wait_for '8 shown' || return 1
    keys / d n s
    wait_for 'Filter: dns' || return 1
    wait_for '1 shown' || return 1
    on_screen 'web01' && return 1
    keys Escape
    wait_for '8 shown' || return 1
}

mouse_click_toggles() {
    start_lab mouse || return 1
    start mouse
    wait_for '› 1  Add guests' || return 1
    keys Enter
    wait_for 'pihole' || return 1
    click "$(row_of 'pihole')" 3
    wait_for '\[x\] pihole' || return 1
    wait_for '1 of 8 selected' || return 1
}

resize_keeps_selection() {
    start_lab resize || return 1
    start resize
    wait_for '› 1  Add guests' || return 1
    keys Enter
    wait_for 'nas' || return 1
    keys Down Down Down Space
    wait_for '›\[x\] nas' || return 1
    tmx resize-window -t "$SESSION" -x 100 -y 30
    wait_for '─{98}' || return 1
    wait_for '›\[x\] nas' || return 1
    tmx resize-window -t "$SESSION" -x 60 -y 15
    wait_for 'Terminal too small: 60×15' || return 1
    wait_for 'at least 80×24' || return 1
    tmx resize-window -t "$SESSION" -x 80 -y 24
    wait_for '›\[x\] nas' || return 1
    wait_for '1 of 8 selected' || return 1
}

list_pull_and_push_repair_drift() {
    start_lab list || return 1
    "$BIN" auto --config "$CONFIG" >/dev/null || { echo "  auto failed"; return 1; }
    local id; id=$(guac_id 'web01/ssh')
    [[ -n $id ]] || { echo "  web01/ssh was not created"; return 1; }
    set_guac_port "$id" 2200
    start list
    wait_for '› 1  Add guests' || return 1
    keys 3
    wait_for 'drift +web01/ssh' || return 1
    focus 'drift +web01/ssh' || return 1
    wait_for 'Why: changed in Guacamole \(port\)' || return 1
    save list
    keys l
    wait_for 'Pull\? y/n  web01/ssh' || return 1
    keys n
    wait_for 'Not repaired; nothing was changed' || return 1
    pve_notes pve1 101 | grep -q 2200 && { echo "  n wrote the notes"; return 1; }
    keys l y
    wait_for 'repaired \(pull\)' || return 1
    wait_for '›in sync +web01/ssh' || return 1
    pve_notes pve1 101 | grep -qF 'ssh_port:\"2200\"' || { echo "  the notes did not get the port"; return 1; }
    # Now Guacamole drifts again and the notes win.
    set_guac_port "$id" 2201
    keys r
    wait_for '›drift +web01/ssh' || return 1
    keys p y
    wait_for 'repaired \(push\)' || return 1
    wait_for '›in sync +web01/ssh' || return 1
    [[ $(guac_port "$id") == 2200 ]] || { echo "  Guacamole port is $(guac_port "$id"), not 2200"; return 1; }
}

delete_requires_typing_DELETE() {
    start_lab delete || return 1
    "$BIN" auto --config "$CONFIG" >/dev/null || { echo "  auto failed"; return 1; }
    local before; before=$(guac_names)
    start delete
    wait_for '› 1  Add guests' || return 1
    keys 4
    wait_for '\[ \] web01/ssh' || return 1
    focus '\[ \] web01 \(101\)' || return 1
    keys Space
    wait_for '2 marked' || return 1
    keys Enter
    wait_for 'Type DELETE to confirm' || return 1
    save delete-confirm
    text 'DELE'
    keys Escape
    wait_for 'Cancelled; nothing was deleted' || return 1
    expect_equal "$(guac_names)" "$before" || return 1
    keys Enter
    wait_for 'Type DELETE to confirm' || return 1
    text 'delete'
    keys Enter
    wait_for 'Type DELETE in capital letters' || return 1
    expect_equal "$(guac_names)" "$before" || return 1
    keys BSpace BSpace BSpace BSpace BSpace BSpace
    text 'DELETE'
    keys Enter
    wait_for 'Deleted 2 · Failed 0' || return 1
    expect_equal "$(guac_names)" "$(grep -vxF 'web01/ssh' <<<"$before")" || return 1
    keys Enter 4
    wait_for 'win-desktop \(100\)' || return 1
    ! on_screen 'web01'
}

progress_and_cancel() {
    # Slow the lab down so the work is still running when Esc arrives.
    start_lab progress --latency-ms 400 || return 1
    start progress
    wait_for '› 1  Add guests' || return 1
    keys 2
    wait_for 'Apply 14 changes\?' 20 || return 1
    keys y
    wait_for '\[[█░]+\] +[0-9]+/14 +0:0[0-9]' || return 1
    keys Escape
    wait_for 'Cancelled: the remaining steps were not started' 20 || return 1
    on_screen 'Failed 0' || { echo "  steps under way were cut off"; return 1; }
    local created; created=$(( $(guac_names | wc -l) - 1 ))
    (( created < 8 )) || { echo "  all $created connections were created despite the cancel"; return 1; }
}

ctrl_c_restores_terminal() {
    start_lab ctrlc || return 1
    start ctrlc
    wait_for '› 1  Add guests' || return 1
    keys Enter
    wait_for 'selected' || return 1
    keys C-c
    local status; status=$(wait_exit)
    [[ $status == 130 ]] || { echo "  exit status: $status"; return 1; }
    wait_for '^icanon echo' || { echo "  terminal modes not restored"; return 1; }
    # The alternate screen is gone: the menu is no longer on the pane.
    on_screen 'Add guests' && { echo "  the menu is still on the screen"; return 1; }
    return 0
}

sigterm_restores_terminal() {
    start_lab sigterm || return 1
    start sigterm
    wait_for '› 1  Add guests' || return 1
    local shell_pid app_pid
    shell_pid=$(tmx display -p -t "$SESSION" '#{pane_pid}')
    app_pid=$(ps -o pid= --ppid "$shell_pid" | tr -d ' ' | head -1)
    [[ -n $app_pid ]] || { echo "  no proxguac process under the pane's shell"; return 1; }
    kill -TERM "$app_pid"
    local status; status=$(wait_exit)
    [[ $status == 143 ]] || { echo "  exit status: $status"; return 1; }
    wait_for '^icanon echo' || { echo "  terminal modes not restored"; return 1; }
}

no_color_is_monochrome() {
    start_lab colour || return 1
    local colour=$'\e\\[([0-9]+;)*(3[0-7]|4[0-7]|38;5;[0-9]+)m'
    start colour
    wait_for '› 1  Add guests' || return 1
    keys 3
    wait_for 'new +web01/ssh' || return 1
    on_screen "$colour" -e || { echo "  no colour without NO_COLOR"; return 1; }
    tmx kill-session -t "$SESSION"
    start mono NO_COLOR=1
    wait_for '› 1  Add guests' || return 1
    keys 3
    wait_for 'new +web01/ssh' || return 1
    on_screen "$colour" -e && { echo "  colours despite NO_COLOR=1"; return 1; }
    tmx kill-session -t "$SESSION"
    start never -- --config "'$CONFIG'" --color never
    wait_for '› 1  Add guests' || return 1
    keys 3
    wait_for 'new +web01/ssh' || return 1
    ! on_screen "$colour" -e
}

demo_data_needs_no_lab() {
    start demo -- ui --demo-data
    wait_for 'DEMO DATA' || return 1
    keys Enter
    wait_for '0 of 12 selected' || return 1
    # wcwidth: the double-width name keeps the VMID column aligned with ASCII names.
    wait_for 'ゲスト-03        103' || return 1
}

not_a_terminal_exits_2() {
    local out
    out=$( { "$BIN" ui --demo-data </dev/null 2>&1; echo "rc=$?"; } | cat)
    grep -q 'rc=2' <<<"$out" || { echo "  $out"; return 1; }
    grep -qF 'proxguac add --vmid 101,102 --yes' <<<"$out" || return 1
    grep -qF 'proxguac delete --connection ID --yes' <<<"$out" || return 1
    grep -qF 'proxguac auto' <<<"$out" || return 1
    # No arguments means the menus, so scripts get the same hint.
    out=$( { "$BIN" </dev/null 2>&1; echo "rc=$?"; } | cat)
    grep -q 'rc=2' <<<"$out" && grep -qF 'interactive terminal' <<<"$out"
}

check "main menu renders; arrows and j/k move; q exits 0" menu_renders_and_navigates
check "add: two guests, plan, apply; exactly their connections exist in the lab; encrypt offer" add_two_guests_creates_exactly_their_connections
check "encrypt menu: counts, n changes nothing, y encrypts every plain password in the lab" encrypt_menu_counts_confirms_and_encrypts
check "encrypt without a key: says how to get one; no offer after add" encrypt_without_a_key_says_how_to_get_one
check "add: / filters as you type; Esc clears" filter_narrows_the_add_list
check "add: a mouse click toggles a checkbox" mouse_click_toggles
check "resize to 100x30 and 60x15 (too small) and back keeps the selection" resize_keeps_selection
check "list: drift in Guacamole; l pulls it into the notes, p pushes the notes back (after y)" list_pull_and_push_repair_drift
check "delete: Esc cancels, lowercase refused, DELETE deletes (checked in the lab)" delete_requires_typing_DELETE
check "long work: progress bar with counts and time; Esc cancels between steps" progress_and_cancel
check "Ctrl-C exits 130 and restores the terminal" ctrl_c_restores_terminal
check "SIGTERM exits 143 and restores the terminal" sigterm_restores_terminal
check "NO_COLOR=1 and --color never draw without colours" no_color_is_monochrome
check "ui --demo-data works without any server" demo_data_needs_no_lab
check "without a terminal: exit 2 with the non-interactive commands" not_a_terminal_exits_2

echo "tui-e2e: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
