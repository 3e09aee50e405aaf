#!/usr/bin/env bash
# Runs the ExecStart command of contrib/proxguac.service, as the timer would, against the lab on
# 127.0.0.1: it must exit 0, write only JSON log lines to stdout and stderr (for journald) and, run
# again, find nothing to change. journald is not run here: stdout and stderr are concatenated as
# journald stores them and fed to the docs' recipe (`journalctl -u proxguac.service -o cat | jq -c
# 'select(.level == "error")'`). Then the secrets come as systemd credentials ($CREDENTIALS_DIRECTORY,
# config "credential:NAME"), and the unit's placeholder for a missing credential file is refused.
# Catches a unit that no longer matches the binary's commands or options.
# Last line: "service-run: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."

passed=0
failed=0
pass() { echo "PASS  $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1"; failed=$((failed + 1)); }
finish() { echo "service-run: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

binary="$(pwd)/.build/debug/proxguac"
if [ ! -x "$binary" ]; then
    fail "$binary is missing: run swift build first"
    finish
fi
exec_start="$(sed -n 's/^ExecStart=//p' contrib/proxguac.service)"
read -r -a command <<< "${exec_start/\/usr\/local\/bin\/proxguac/$binary}"

work="$(mktemp -d "${TMPDIR:-/tmp}/proxguac-service.XXXXXX")"
lab_pid=""
cleanup() {   # SIGTERM the lab, give it up to 10 s, then SIGKILL
    if [ -n "$lab_pid" ] && kill "$lab_pid" 2>/dev/null; then
        for _ in $(seq 100); do kill -0 "$lab_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$lab_pid" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT

"$binary" lab --write-config "$work/lab.json" > "$work/lab.log" 2>&1 &
lab_pid=$!
for _ in $(seq 300); do   # up to 30 s on a busy machine
    [ -s "$work/lab.json" ] && break
    kill -0 "$lab_pid" 2>/dev/null || break
    sleep 0.1
done
if [ ! -s "$work/lab.json" ]; then
    fail "the lab did not write its config:"
    sed 's/^/      /' "$work/lab.log"
    finish
fi

# The unit's environment, with the config and state pointed at the lab and the temp dir.
run() {   # run NAME [VAR=VALUE ...]: the extra variables are added to the unit's environment
    local name="$1"
    shift
    env -i PATH="$PATH" HOME="$work/home" XDG_STATE_HOME="$work/state" \
        PROXGUAC_CONFIG="$work/lab.json" PROXGUAC_LOG_LEVEL=debug "$@" \
        "${command[@]}" > "$work/$name.out" 2> "$work/$name.err"
}

journal() { cat "$work/$1.out" "$work/$1.err"; }   # what journald would hold for run $1

json_lines() {   # prints "TOTAL BAD": stderr lines, and those that are not a JSON log record
    python3 - "$1" <<'PY' 2>/dev/null || echo "0 1"
import json, sys

def is_record(line):
    try:
        record = json.loads(line)
    except ValueError:
        return False
    return isinstance(record, dict) and {"time", "level", "message"} <= record.keys()

lines = [line for line in open(sys.argv[1]) if line.strip()]
print(len(lines), sum(not is_record(line) for line in lines))
PY
}

for attempt in first second; do
    run "$attempt"
    rc=$?
    [ "$rc" -eq 0 ] && pass "$attempt run of '${exec_start}' exits 0" || { fail "$attempt run exits $rc:"; sed 's/^/      /' "$work/$attempt.err" | tail -5; }
    journal "$attempt" > "$work/$attempt.journal"
    read -r total bad <<< "$(json_lines "$work/$attempt.journal")"
    if [ "$total" -gt 0 ] && [ "$bad" -eq 0 ]; then
        pass "$attempt run: $total stdout and stderr lines, all JSON log records"
    else
        fail "$attempt run: $bad of $total stdout and stderr lines are not JSON log records"
    fi
    if errors="$(jq -c 'select(.level == "error")' < "$work/$attempt.journal")" && [ -z "$errors" ]; then
        pass "$attempt run: the docs' jq recipe reads the output, no error records"
    else
        fail "$attempt run: jq recipe: ${errors:-jq failed}"
    fi
done
# Secrets as systemd credentials: the same run with the config naming them "credential:NAME".
mkdir -p "$work/credentials"
cp "$(jq -r .proxmox.tokenSecretFile "$work/lab.json")" "$work/credentials/pve-token-secret"
cp "$(jq -r .guacamole.passwordFile "$work/lab.json")" "$work/credentials/guacamole-password"
jq '.proxmox.tokenSecretFile = "credential:pve-token-secret" | .guacamole.passwordFile = "credential:guacamole-password"' \
    "$work/lab.json" > "$work/credentials.json"
run credentials PROXGUAC_CONFIG="$work/credentials.json" CREDENTIALS_DIRECTORY="$work/credentials"
rc=$?
[ "$rc" -eq 0 ] && pass "secrets from \$CREDENTIALS_DIRECTORY (credential:NAME): exits 0" || { fail "credentials run exits $rc:"; tail -3 "$work/credentials.err" | sed 's/^/      /'; }
# A LoadCredential= file that was missing: systemd hands over the unit's SetCredential= placeholder.
sed -n 's/^SetCredential=guacamole-password://p' contrib/proxguac.service > "$work/credentials/guacamole-password"
run placeholder PROXGUAC_CONFIG="$work/credentials.json" CREDENTIALS_DIRECTORY="$work/credentials"
rc=$?
message="$(journal placeholder | jq -r 'select(.level == "error") | .message')"
if [ "$rc" -eq 2 ] && [[ "$message" == *"credential guacamole-password was not loaded"* ]]; then
    pass "a missing credential file (the unit's placeholder): exit 2, one error record naming it"
else
    fail "placeholder credential: exit $rc, error: $message"
fi
grep -q 'no changes' "$work/second.out" && pass "second run finds nothing to change" || { fail "second run still plans changes:"; head -5 "$work/second.out" | sed 's/^/      /'; }
finish
