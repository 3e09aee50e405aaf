#!/usr/bin/env bash
# Generates the completions and the man page (contrib/generate-docs.sh) into a temp dir and checks
# them: every file non-empty, the completion scripts parse, the man page renders without groff
# warnings and documents every visible subcommand. Last line: "docs: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."

passed=0
failed=0
pass() { echo "PASS  $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1"; failed=$((failed + 1)); }
finish() { echo "docs: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

if ! command -v python3 >/dev/null 2>&1; then
    echo "skipped: python3 not found (the man page generator needs it; apt-get install python3)"
    finish
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/proxguac-docs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
binary_args=()
[ -x .build/debug/proxguac ] && binary_args=(--binary .build/debug/proxguac)
if contrib/generate-docs.sh "$work/out" "${binary_args[@]}" > "$work/generate.log" 2>&1; then
    pass "generate-docs.sh"
else
    fail "generate-docs.sh exited non-zero:"
    sed 's/^/      /' "$work/generate.log"
    finish
fi
out="$work/out"

for file in proxguac.bash _proxguac proxguac.fish proxguac.1; do
    [ -s "$out/$file" ] && pass "$file is non-empty" || fail "$file is missing or empty"
done

bash -n "$out/proxguac.bash" 2>"$work/bash.err" && pass "bash completion parses" || { fail "bash completion does not parse:"; sed 's/^/      /' "$work/bash.err"; }
for shell in zsh fish; do
    file="$out/_proxguac"; [ "$shell" = fish ] && file="$out/proxguac.fish"
    if command -v "$shell" >/dev/null 2>&1; then
        "$shell" -n "$file" 2>"$work/$shell.err" && pass "$shell completion parses" || { fail "$shell completion does not parse:"; sed 's/^/      /' "$work/$shell.err"; }
    else
        echo "skip  $shell completion syntax ($shell not installed)"
    fi
done

if command -v groff >/dev/null 2>&1; then
    warnings="$(groff -man -Tutf8 -ww -z "$out/proxguac.1" 2>&1)"
    [ -z "$warnings" ] && pass "man page renders without groff warnings" || { fail "groff warnings in proxguac.1:"; printf '%s\n' "$warnings" | sed 's/^/      /'; }
else
    echo "skip  man page rendering (groff not installed)"
fi

# Every visible subcommand, at any depth, as "proxguac a b", from the parser itself.
binary="${binary_args[1]:-$(swift build --show-bin-path)/proxguac}"
commands="$("$binary" --experimental-dump-help | python3 -c '
import json, sys
def walk(path, command):
    for sub in command.get("subcommands") or []:
        if sub.get("shouldDisplay", True):
            full = path + [sub["commandName"]]
            print(" ".join(full))
            walk(full, sub)
root = json.load(sys.stdin)["command"]
walk([root["commandName"]], root)
')"
if [ -z "$commands" ]; then
    fail "no subcommands found in --experimental-dump-help"
else
    while IFS= read -r command; do
        # The man page escapes "-" as "\-".
        escaped="${command//-/\\-}"
        grep -qF ".SS \"$escaped\"" "$out/proxguac.1" && pass "man page documents '$command'" || fail "man page lacks a section for '$command'"
    done <<< "$commands"
fi

# The bash completion, as bash would call it after "proxguac ", offers every top-level subcommand.
offered="$(bash -c 'source "$1"; COMP_WORDS=(proxguac ""); COMP_CWORD=1; COMP_LINE="proxguac "; COMP_POINT=9
    function="$(complete -p proxguac | sed -E "s/.* -F ([^ ]+) .*/\1/")"; "$function" proxguac "" proxguac; printf "%s\n" "${COMPREPLY[@]}"' _ "$out/proxguac.bash" 2>&1)"
missing=""
while IFS= read -r command; do
    [ "$(wc -w <<< "$command")" -eq 2 ] || continue
    grep -qx -- "${command#* }" <<< "$offered" || missing+=" ${command#* }"
done <<< "$commands"
[ -z "$missing" ] && pass "bash completion offers every subcommand" || fail "bash completion does not offer:$missing"
finish
