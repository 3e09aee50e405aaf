#!/usr/bin/env bash
# Checks contrib/proxguac.service and contrib/proxguac.timer with `systemd-analyze verify`.
# The units are copied to a temp dir and ExecStart is pointed at an executable that exists here
# (the built proxguac, else /bin/true), since verify insists on it. Skipped, with the reason, when
# systemd-analyze is missing. Also requires an exposure score (systemd-analyze security) of at most 2.0.
# Last line: "systemd-verify: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."

passed=0
failed=0
finish() { echo "systemd-verify: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "skipped: systemd-analyze not found (install the systemd package to run this check)"
    finish
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/proxguac-systemd.XXXXXX")"
trap 'rm -rf "$work"' EXIT
binary="$(pwd)/.build/debug/proxguac"
[ -x "$binary" ] || binary=/bin/true
for unit in proxguac.service proxguac.timer; do
    sed "s|/usr/local/bin/proxguac|$binary|" "contrib/$unit" > "$work/$unit"
done

for unit in proxguac.service proxguac.timer; do
    # verify prints problems but may still exit 0 on some of them: any output counts as a failure.
    output="$(cd "$work" && systemd-analyze verify --man=no "$work/$unit" 2>&1)"
    rc=$?
    if [ "$rc" -eq 0 ] && [ -z "$output" ]; then
        echo "PASS  $unit"
        passed=$((passed + 1))
    else
        echo "FAIL  $unit (exit $rc)"
        printf '%s\n' "$output" | sed 's/^/      /'
        failed=$((failed + 1))
    fi
done

# Exposure score of the sandbox (0 = locked down, 10 = none); offline mode needs systemd >= 250.
max_exposure=20   # tenths: 2.0
if report="$(cd "$work" && systemd-analyze security --offline=true --no-pager --threshold="$max_exposure" proxguac.service 2>&1)"; then
    echo "PASS  $(printf '%s\n' "$report" | grep -a 'Overall exposure' | sed 's/^→ //')"
    passed=$((passed + 1))
elif printf '%s\n' "$report" | grep -qa 'Overall exposure'; then
    echo "FAIL  proxguac.service exposure above ${max_exposure%?}.${max_exposure: -1}: $(printf '%s\n' "$report" | grep -a 'Overall exposure')"
    failed=$((failed + 1))
else
    echo "skip  exposure score (systemd-analyze security --offline is not supported here)"
fi

# The hardening the unit promises (a verify pass says nothing about which settings are present).
expected=(
    "Type=oneshot" "NoNewPrivileges=yes" "ProtectSystem=strict" "ProtectHome=yes" "PrivateTmp=yes"
    "StateDirectory=proxguac" "ConfigurationDirectory=proxguac" "CapabilityBoundingSet="
    "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK" "SystemCallFilter=@system-service"
    "Environment=PROXGUAC_CONFIG=/etc/proxguac/config.json" "MemoryMax=512M" "LimitCORE=0"
)
for line in "${expected[@]}"; do
    if grep -qxF -- "$line" contrib/proxguac.service; then
        passed=$((passed + 1))
    else
        echo "FAIL  proxguac.service lacks the line: $line"
        failed=$((failed + 1))
    fi
done
# Every secret can come as a credential, and each LoadCredential= has its SetCredential= fallback,
# so the unit still starts when the admin keeps the secrets as plain files.
for credential in pve-token-secret pve-password guacamole-password guacamole-totp-secret encryption-key \
    encryption-previous-key legacy-passphrase ssh-key ssh-key-passphrase; do
    if grep -q "^LoadCredential=$credential:/" contrib/proxguac.service \
        && grep -qx "SetCredential=$credential:proxguac-credential-not-loaded" contrib/proxguac.service; then
        passed=$((passed + 1))
    else
        echo "FAIL  proxguac.service lacks LoadCredential=$credential:… with its SetCredential= fallback"
        failed=$((failed + 1))
    fi
done
if grep -qx 'OnCalendar=\*:0/5' contrib/proxguac.timer && grep -q '^RandomizedDelaySec=' contrib/proxguac.timer; then
    passed=$((passed + 1))
else
    echo "FAIL  proxguac.timer must run every 5 minutes (OnCalendar=*:0/5) with RandomizedDelaySec"
    failed=$((failed + 1))
fi
finish
