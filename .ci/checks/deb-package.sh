#!/usr/bin/env bash
# ci-time-limit: 1500
# Builds the Debian package (scripts/build-deb.sh: release build, static Swift runtime) and tries it
# as an admin would on this machine: `apt-get install ./proxguac_*.deb`, `proxguac --version`,
# `proxguac demo`, `systemd-analyze verify` on the installed units, then `apt-get remove` (the
# conffile /etc/proxguac/config.json stays, the binary goes) and `apt-get purge` (the config and
# /var/lib/proxguac go too). Needs root (apt-get); skipped, with the reason, otherwise.
# The release build is most of its time (the line "build-deb took Ns" says how much).
# Last line: "deb-package: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."

passed=0
failed=0
pass() { echo "PASS  $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1"; failed=$((failed + 1)); }
finish() { echo "deb-package: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "skipped: installing a package needs root and apt-get (CI runs as root)"
    finish
fi
if dpkg-query -W -f='${db:Status-Status}' proxguac 2>/dev/null | grep -qx installed; then
    fail "a proxguac package is already installed here: remove it first (apt-get purge proxguac)"
    finish
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/proxguac-debcheck.XXXXXX")"
cleanup() {
    dpkg-query -W proxguac >/dev/null 2>&1 && apt-get purge -y -qq proxguac >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive

started=$SECONDS
if deb="$(scripts/build-deb.sh --output "$work" 2> "$work/build.log" | tail -1)" && [ -f "$deb" ]; then
    pass "scripts/build-deb.sh built $(basename "$deb")"
    echo "      build-deb took $((SECONDS - started))s"
else
    fail "scripts/build-deb.sh failed:"
    tail -20 "$work/build.log" | sed 's/^/      /'
    finish
fi
version="$(dpkg-deb -f "$deb" Version)"
[[ "$(basename "$deb")" == "proxguac_${version}_amd64.deb" ]] && pass "file name proxguac_${version}_amd64.deb" \
    || fail "file name $(basename "$deb") is not proxguac_${version}_amd64.deb"
depends="$(dpkg-deb -f "$deb" Depends)"
for library in libcurl4 libssl3 libncursesw6 ca-certificates; do
    grep -q "$library" <<< "$depends" && pass "Depends names $library" || fail "Depends lacks $library: $depends"
done
grep -q 'swift' <<< "$depends" && fail "Depends names a Swift runtime: $depends" || true
description="$(dpkg-deb -f "$deb" Description)"
grep -q 'proxguac config check' <<< "$description" && pass "Description names the first steps" || fail "Description lost its commands: $description"
dpkg-deb -I "$deb" conffiles 2>/dev/null | grep -qx /etc/proxguac/config.json \
    && pass "/etc/proxguac/config.json is a conffile" || fail "/etc/proxguac/config.json is not listed in DEBIAN/conffiles"

if (cd "$work" && apt-get install -y -qq "./$(basename "$deb")") > "$work/install.log" 2>&1; then
    pass "apt-get install ./$(basename "$deb")"
else
    fail "apt-get install failed:"
    tail -20 "$work/install.log" | sed 's/^/      /'
    finish
fi

installed_version="$(/usr/bin/proxguac --version 2>&1)"
[ "$installed_version" = "$version" ] && pass "proxguac --version prints $version" || fail "proxguac --version printed '$installed_version'"
# Swift runtime linked in: no libswift*.so among the binary's libraries.
if ldd /usr/bin/proxguac | grep -q 'libswift\|libFoundation'; then
    fail "the installed binary needs Swift runtime libraries: $(ldd /usr/bin/proxguac | grep -o 'lib[A-Za-z_]*swift[^ ]*\|libFoundation[^ ]*' | sort -u | tr '\n' ' ')"
else
    pass "the installed binary needs no Swift runtime library"
fi

if (cd "$work" && env -i PATH=/usr/bin:/bin HOME="$work" proxguac demo > "$work/demo.out" 2> "$work/demo.err"); then
    pass "proxguac demo exits 0"
else
    fail "proxguac demo failed:"
    tail -10 "$work/demo.err" | sed 's/^/      /'
fi

getent passwd proxguac >/dev/null && pass "the system user proxguac exists" || fail "the system user proxguac was not created"
[ "$(stat -c '%U %a' /var/lib/proxguac 2>/dev/null)" = "proxguac 700" ] && pass "/var/lib/proxguac is owned by proxguac, mode 0700" \
    || fail "/var/lib/proxguac is '$(stat -c '%U %a' /var/lib/proxguac 2>&1)', expected 'proxguac 700'"
[ "$(stat -c '%U:%G %a' /etc/proxguac/config.json 2>/dev/null)" = "proxguac:proxguac 600" ] && pass "/etc/proxguac/config.json is proxguac:proxguac, mode 0600" \
    || fail "/etc/proxguac/config.json is '$(stat -c '%U:%G %a' /etc/proxguac/config.json 2>&1)', expected 'proxguac:proxguac 600'"
[ "$(stat -c '%U:%G %a' /etc/proxguac 2>/dev/null)" = "root:proxguac 750" ] && pass "/etc/proxguac is root:proxguac, mode 0750" \
    || fail "/etc/proxguac is '$(stat -c '%U:%G %a' /etc/proxguac 2>&1)', expected 'root:proxguac 750'"
[ -s /usr/share/proxguac/lab-default.json ] && pass "the demo's scenario is installed" || fail "no /usr/share/proxguac/lab-default.json (proxguac demo needs it)"
[ -s /usr/share/man/man1/proxguac.1.gz ] && pass "man page installed" || fail "no /usr/share/man/man1/proxguac.1.gz"
[ -s /usr/share/bash-completion/completions/proxguac ] && pass "bash completion installed" || fail "no bash completion"

if command -v systemd-analyze >/dev/null 2>&1; then
    for unit in proxguac.service proxguac.timer; do
        output="$(systemd-analyze verify --man=no "/usr/lib/systemd/system/$unit" 2>&1)"
        rc=$?
        [ "$rc" -eq 0 ] && [ -z "$output" ] && pass "systemd-analyze verify $unit (installed)" \
            || { fail "systemd-analyze verify $unit (exit $rc):"; printf '%s\n' "$output" | sed 's/^/      /'; }
    done
else
    echo "skip  systemd-analyze verify (systemd-analyze not found)"
fi

echo "# edited by the admin" >> /etc/proxguac/config.json
if apt-get remove -y -qq proxguac > "$work/remove.log" 2>&1; then
    pass "apt-get remove proxguac"
else
    fail "apt-get remove failed:"; tail -10 "$work/remove.log" | sed 's/^/      /'
fi
[ ! -e /usr/bin/proxguac ] && pass "remove takes /usr/bin/proxguac away" || fail "/usr/bin/proxguac is still there after remove"
grep -q '^# edited by the admin$' /etc/proxguac/config.json 2>/dev/null && pass "remove keeps the edited /etc/proxguac/config.json" \
    || fail "remove did not keep the edited /etc/proxguac/config.json"

if apt-get purge -y -qq proxguac > "$work/purge.log" 2>&1; then
    pass "apt-get purge proxguac"
else
    fail "apt-get purge failed:"; tail -10 "$work/purge.log" | sed 's/^/      /'
fi
[ ! -e /etc/proxguac/config.json ] && pass "purge removes /etc/proxguac/config.json" || fail "/etc/proxguac/config.json is still there after purge"
[ ! -e /var/lib/proxguac ] && pass "purge removes /var/lib/proxguac" || fail "/var/lib/proxguac is still there after purge"
dpkg-query -W proxguac >/dev/null 2>&1 && fail "dpkg still knows proxguac after purge" || pass "dpkg forgets proxguac after purge"
finish
