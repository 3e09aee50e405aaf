#!/usr/bin/env bash
# End-to-end tests of the terminal UI: the built binary runs `ui --demo-data` in an isolated tmux
# server (own socket and config, fixed 80x24) and is driven with keys, mouse bytes and resizes.
# Every wait polls capture-pane until a bounded deadline. Ends with "tui-e2e: N passed, N failed".
#
#   bash Tests/tui-e2e.sh                    # uses the debug build (swift build first)
#   PROXGUAC_BIN=path/to/proxguac bash Tests/tui-e2e.sh
#   SAVE_SCREENS=assets bash Tests/tui-e2e.sh   # also writes the screen captures shown in the README
set -uo pipefail
cd "$(dirname "$0")/.."

BIN=${PROXGUAC_BIN:-$(swift build --show-bin-path 2>/dev/null)/proxguac}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
if [[ ! -x "$BIN" ]]; then
    echo "tui-e2e: no binary at $BIN; run 'swift build' first or set PROXGUAC_BIN"
    echo "tui-e2e: 0 passed, 1 failed"
    exit 1
fi
command -v tmux >/dev/null || { echo "tui-e2e: tmux is not installed (apt-get install tmux)"; echo "tui-e2e: 0 passed, 1 failed"; exit 1; }

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
cleanup() { tmx kill-server >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT

PASSED=0
FAILED=0
SESSION=""

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
screen() { tmx capture-pane -p -t "$SESSION"; }
# on_screen REGEX [capture-pane flags]: whether the visible screen matches now (captured first, so
# grep -q cannot break the pipe under pipefail).
on_screen() { local text; text=$(tmx capture-pane -p ${2:-} -t "$SESSION"); grep -qE -- "$1" <<<"$text"; }

# wait_for REGEX [SECONDS]: poll the visible screen until REGEX matches (default deadline 10 s).
wait_for() {
    local deadline=$(( $(now_ms) + ${2:-10} * 1000 ))
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

# start NAME [ENV...] -- [ARGS]: a fresh 80x24 session running the binary (through sh, which then
# prints the exit status and the terminal modes, so restoring the terminal can be checked).
start() {
    SESSION=$1; shift
    local env=(LANG=C.UTF-8 LC_ALL=C.UTF-8)
    while [[ $# -gt 0 && $1 != -- ]]; do env+=("$1"); shift; done
    [[ ${1:-} == -- ]] && shift
    tmx new-session -d -s "$SESSION" -x 80 -y 24 \
        "env ${env[*]} '$BIN' ${*:-ui --demo-data}; echo \"exit=\$?\"; stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo"
}

finish() { tmx kill-session -t "$SESSION" >/dev/null 2>&1; }

save() { [[ -n ${SAVE_SCREENS:-} ]] && { mkdir -p "$SAVE_SCREENS"; screen | sed 's/[[:space:]]*$//' >"$SAVE_SCREENS/screen-$1.txt"; }; return 0; }

check() {
    local name=$1; shift
    if "$@"; then PASSED=$((PASSED + 1)); echo "ok   $name"; else FAILED=$((FAILED + 1)); echo "FAIL $name"; fi
    finish
}

# X10 mouse press + release at 0-based (row, column), as tmux-256color's kmous expects.
click() {
    local press release
    press=$(printf '\033[M%b%b%b' "\\x$(printf %x 32)" "\\x$(printf %x $((33 + $2)))" "\\x$(printf %x $((33 + $1)))")
    release=$(printf '\033[M%b%b%b' "\\x$(printf %x 35)" "\\x$(printf %x $((33 + $2)))" "\\x$(printf %x $((33 + $1)))")
    tmx send-keys -t "$SESSION" -l "$press$release"
}

row_of() { local text; text=$(screen); grep -nF -- "$1" <<<"$text" | head -1 | cut -d: -f1 | awk '{print $1 - 1}'; }

# --- scenarios --------------------------------------------------------------------------------

menu_renders_and_navigates() {
    start menu
    wait_for 'Encrypt passwords in notes' || return 1
    wait_for '› 1  Add guests' || return 1
    save menu
    tmx send-keys -t "$SESSION" Down Down
    wait_for '› 3  List / status' || return 1
    tmx send-keys -t "$SESSION" k
    wait_for '› 2  Auto sync' || return 1
    tmx send-keys -t "$SESSION" q
    local status; status=$(wait_exit)
    [[ $status == 0 ]] || { echo "  exit status: $status"; return 1; }
}

add_two_guests() {
    start add
    wait_for 'Add guests' || return 1
    tmx send-keys -t "$SESSION" Enter
    wait_for '0 of 12 selected' || return 1
    # wcwidth: the double-width name keeps the VMID column aligned with ASCII names.
    wait_for 'ゲスト-03        103' || return 1
    wait_for 'web-01           101' || return 1
    tmx send-keys -t "$SESSION" Down Space Down Space
    wait_for '2 of 12 selected' || return 1
    save add
    tmx send-keys -t "$SESSION" Enter
    wait_for 'Apply 2 changes\?' || return 1
    on_screen '\+ db-02-ssh' || return 1
    on_screen '\+ ゲスト-03-rdp' || return 1
    save plan
    tmx send-keys -t "$SESSION" y
    wait_for 'Created 2 · Updated 0 · Deleted 0 · Failed 0' || return 1
    tmx send-keys -t "$SESSION" Enter
    wait_for '› 1  Add guests' || return 1
    tmx send-keys -t "$SESSION" Enter
    wait_for 'db-02 .* in sync' || return 1
}

filter_as_you_type() {
    start filter
    wait_for 'Add guests' || return 1
    tmx send-keys -t "$SESSION" Enter
    wait_for '12 shown' || return 1
    tmx send-keys -t "$SESSION" / c a f
    wait_for 'Filter: caf' || return 1
    wait_for '1 shown' || return 1
    on_screen 'web-01' && return 1
    tmx send-keys -t "$SESSION" Escape
    wait_for '12 shown' || return 1
}

mouse_click_toggles() {
    start mouse
    wait_for 'Add guests' || return 1
    tmx send-keys -t "$SESSION" Enter
    wait_for 'café-04' || return 1
    click "$(row_of 'café-04')" 3
    wait_for '\[x\] café-04' || return 1
    wait_for '1 of 12 selected' || return 1
}

resize_keeps_selection() {
    start resize
    wait_for 'Add guests' || return 1
    tmx send-keys -t "$SESSION" Enter
    wait_for 'café-04' || return 1
    tmx send-keys -t "$SESSION" Down Down Down Space
    wait_for '›\[x\] café-04' || return 1
    tmx resize-window -t "$SESSION" -x 100 -y 30
    wait_for "^.{78,} DEMO DATA" || return 1
    wait_for '›\[x\] café-04' || return 1
    tmx resize-window -t "$SESSION" -x 60 -y 15
    wait_for 'Terminal too small: 60×15' || return 1
    wait_for 'at least 80×24' || return 1
    tmx resize-window -t "$SESSION" -x 80 -y 24
    wait_for '›\[x\] café-04' || return 1
    wait_for '1 of 12 selected' || return 1
}

list_shows_status_and_detail() {
    start list
    wait_for 'List / status' || return 1
    tmx send-keys -t "$SESSION" 3
    wait_for 'drift +café-04-ssh' || return 1
    tmx send-keys -t "$SESSION" Down Down Down Down
    wait_for 'Why: Guacamole hostname is 203.0.113.40' || return 1
    save list
    tmx send-keys -t "$SESSION" p
    wait_for 'y/n' || return 1
    tmx send-keys -t "$SESSION" y
    wait_for 'Pushed café-04-ssh' || return 1
    wait_for '›in sync +café-04-ssh' || return 1
}

delete_requires_typing_DELETE() {
    start delete
    wait_for 'Delete connections' || return 1
    tmx send-keys -t "$SESSION" 4
    wait_for 'old-vm-99-ssh' || return 1
    tmx send-keys -t "$SESSION" Down Space Enter
    wait_for 'Type DELETE to confirm' || return 1
    save delete-confirm
    tmx send-keys -t "$SESSION" -l 'DELE'
    tmx send-keys -t "$SESSION" Escape
    wait_for 'Cancelled; nothing was deleted' || return 1
    wait_for 'ci-runner-07-ssh' || return 1
    tmx send-keys -t "$SESSION" Enter
    wait_for 'Type DELETE to confirm' || return 1
    tmx send-keys -t "$SESSION" -l 'delete'
    tmx send-keys -t "$SESSION" Enter
    wait_for 'Type DELETE in capital letters' || return 1
    tmx send-keys -t "$SESSION" BSpace BSpace BSpace BSpace BSpace BSpace
    tmx send-keys -t "$SESSION" -l 'DELETE'
    tmx send-keys -t "$SESSION" Enter
    wait_for 'Deleted 1' || return 1
    tmx send-keys -t "$SESSION" Enter
    wait_for 'proxguac · Main menu' || return 1
    tmx send-keys -t "$SESSION" 4
    wait_for 'old-vm-99-ssh' || return 1
    ! on_screen 'ci-runner-07-ssh'
}

progress_and_cancel() {
    start progress
    wait_for 'Auto sync' || return 1
    tmx send-keys -t "$SESSION" 2
    wait_for 'Apply [0-9]+ changes\?' || return 1
    tmx send-keys -t "$SESSION" y
    wait_for '\[[█░]+\] [0-9]+/[0-9]+ +0:0[0-9]' || return 1
    tmx send-keys -t "$SESSION" Escape
    wait_for 'Cancelled: the remaining steps were not started' || return 1
}

ctrl_c_restores_terminal() {
    start ctrlc
    wait_for 'Add guests' || return 1
    tmx send-keys -t "$SESSION" Enter
    wait_for 'selected' || return 1
    tmx send-keys -t "$SESSION" C-c
    local status; status=$(wait_exit)
    [[ $status == 130 ]] || { echo "  exit status: $status"; return 1; }
    wait_for '^icanon echo' || { echo "  terminal modes not restored"; return 1; }
    # The alternate screen is gone: the menu is no longer on the pane.
    on_screen 'Add guests' && { echo "  the menu is still on the screen"; return 1; }
    return 0
}

sigterm_restores_terminal() {
    start sigterm
    wait_for 'Add guests' || return 1
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
    start colour
    wait_for 'Add guests' || return 1
    tmx send-keys -t "$SESSION" 3
    wait_for 'in sync +web-01-rdp' || return 1
    on_screen $'\e\\[3[1-6]m' -e || { echo "  no colour without NO_COLOR"; return 1; }
    finish
    start mono NO_COLOR=1
    wait_for 'Add guests' || return 1
    tmx send-keys -t "$SESSION" 3
    wait_for 'in sync +web-01-rdp' || return 1
    on_screen $'\e\\[([0-9]+;)*(3[0-7]|4[0-7]|38;5;[0-9]+)m' -e && { echo "  colours despite NO_COLOR=1"; return 1; }
    finish
    start never -- ui --demo-data --color never
    wait_for 'Add guests' || return 1
    tmx send-keys -t "$SESSION" 3
    wait_for 'in sync +web-01-rdp' || return 1
    ! on_screen $'\e\\[([0-9]+;)*(3[0-7]|4[0-7]|38;5;[0-9]+)m' -e
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
check "add: select two guests, plan, apply, summary" add_two_guests
check "add: / filters as you type; Esc clears" filter_as_you_type
check "add: a mouse click toggles a checkbox" mouse_click_toggles
check "resize to 100x30 and 60x15 (too small) and back keeps the selection" resize_keeps_selection
check "list: status, why it drifted, push repair after y" list_shows_status_and_detail
check "delete: Esc cancels, lowercase refused, DELETE deletes" delete_requires_typing_DELETE
check "long work: progress bar with counts and time; Esc cancels" progress_and_cancel
check "Ctrl-C exits 130 and restores the terminal" ctrl_c_restores_terminal
check "SIGTERM exits 143 and restores the terminal" sigterm_restores_terminal
check "NO_COLOR=1 and --color never draw without colours" no_color_is_monochrome
check "without a terminal: exit 2 with the non-interactive commands" not_a_terminal_exits_2

echo "tui-e2e: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
