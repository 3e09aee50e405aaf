#!/usr/bin/env bash
# Runs the ExecStart command of contrib/proxguac.service, as the timer would, against the lab on
# 127.0.0.1: it must exit 0, write only JSON log lines to stderr (for journald) and, run again,
# find nothing to change. Catches a unit that no longer matches the binary's commands or options.
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
run() {
    env -i PATH="$PATH" HOME="$work/home" XDG_STATE_HOME="$work/state" \
        PROXGUAC_CONFIG="$work/lab.json" PROXGUAC_LOG_LEVEL=debug \
        "${command[@]}" > "$work/$1.out" 2> "$work/$1.err"
}

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
    read -r total bad <<< "$(json_lines "$work/$attempt.err")"
    if [ "$total" -gt 0 ] && [ "$bad" -eq 0 ]; then
        pass "$attempt run: $total stderr lines, all JSON log records"
    else
        fail "$attempt run: $bad of $total stderr lines are not JSON log records"
    fi
done
grep -q 'no changes' "$work/second.out" && pass "second run finds nothing to change" || { fail "second run still plans changes:"; head -5 "$work/second.out" | sed 's/^/      /'; }
finish
