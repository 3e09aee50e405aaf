#!/usr/bin/env bash
# Builds the Debian package proxguac_<version>_amd64.deb with dpkg-deb:
#   /usr/bin/proxguac                              release build, Swift runtime linked in (--static-swift-stdlib)
#   /usr/lib/systemd/system/proxguac.{service,timer}  from contrib/, ExecStart=/usr/bin/proxguac
#   /usr/lib/sysusers.d/proxguac.conf              the system user proxguac (contrib/proxguac.sysusers)
#   /etc/proxguac/config.json                      a conffile to edit (contrib/debian/config.json)
#   /var/lib/proxguac                              the state directory (owned by proxguac, 0700)
#   /usr/share/proxguac/lab-default.json           the lab's default scenario, for `proxguac demo`
#   man page and bash/zsh/fish completions         generated from the parser by contrib/generate-docs.sh
# Depends is computed by dpkg-shlibdeps from the libraries the binary links (libcurl4, libssl3, ...),
# plus ca-certificates. Maintainer scripts: contrib/debian/{postinst,prerm,postrm}.
# Usage: scripts/build-deb.sh [--binary PATH] [--output DIR]
#   --binary PATH   package this proxguac instead of building one (it should be a static-stdlib release build)
#   --output DIR    where the .deb goes (default: .build/deb)
# Prints the path of the .deb on its last line. Install it with: sudo apt-get install ./proxguac_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/build-deb.sh [--binary PATH] [--output DIR]" >&2; exit 2; }
binary=""
output=".build/deb"
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) [ $# -ge 2 ] || usage; binary="$2"; shift 2 ;;
        --output) [ $# -ge 2 ] || usage; output="$2"; shift 2 ;;
        *) usage ;;
    esac
done

scripts/install-deps --deb

if [ -z "$binary" ]; then
    swift build -c release --static-swift-stdlib --product proxguac >&2
    binary="$(swift build -c release --show-bin-path)/proxguac"
fi
[ -x "$binary" ] || { echo "build-deb.sh: $binary is not an executable: build proxguac or fix --binary" >&2; exit 2; }

version="$("$binary" --version)"
architecture="$(dpkg --print-architecture)"
work="$(mktemp -d "${TMPDIR:-/tmp}/proxguac-deb.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/root"

install -D -m 0755 "$binary" "$root/usr/bin/proxguac"
strip --strip-unneeded "$root/usr/bin/proxguac" 2>/dev/null || true
for unit in proxguac.service proxguac.timer; do
    install -d -m 0755 "$root/usr/lib/systemd/system"
    sed 's|/usr/local/bin/proxguac|/usr/bin/proxguac|g' "contrib/$unit" > "$root/usr/lib/systemd/system/$unit"
    chmod 0644 "$root/usr/lib/systemd/system/$unit"
done
install -D -m 0644 contrib/proxguac.sysusers "$root/usr/lib/sysusers.d/proxguac.conf"
install -D -m 0644 assets/lab-default.json "$root/usr/share/proxguac/lab-default.json"   # `proxguac demo` and `lab`
install -D -m 0600 contrib/debian/config.json "$root/etc/proxguac/config.json"
install -d -m 0700 "$root/var/lib/proxguac"

contrib/generate-docs.sh "$work/docs" --binary "$binary" >&2
install -D -m 0644 "$work/docs/proxguac.bash" "$root/usr/share/bash-completion/completions/proxguac"
install -D -m 0644 "$work/docs/_proxguac" "$root/usr/share/zsh/vendor-completions/_proxguac"
install -D -m 0644 "$work/docs/proxguac.fish" "$root/usr/share/fish/vendor_completions.d/proxguac.fish"
install -d -m 0755 "$root/usr/share/man/man1"
gzip -9n < "$work/docs/proxguac.1" > "$root/usr/share/man/man1/proxguac.1.gz"
install -d -m 0755 "$root/usr/share/doc/proxguac"
gzip -9n < README.md > "$root/usr/share/doc/proxguac/README.md.gz"
chmod 0644 "$root/usr/share/doc/proxguac/README.md.gz"

# Depends: what dpkg-shlibdeps finds for the binary (it wants a debian/control to read).
mkdir -p "$work/shlibs/debian"
printf 'Source: proxguac\n\nPackage: proxguac\nArchitecture: any\n' > "$work/shlibs/debian/control"
shlibs="$(cd "$work/shlibs" && dpkg-shlibdeps -O "$root/usr/bin/proxguac" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
[ -n "$shlibs" ] || { echo "build-deb.sh: dpkg-shlibdeps found no library dependencies for $binary" >&2; exit 1; }

install -d -m 0755 "$root/DEBIAN"
installed_size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
cat > "$root/DEBIAN/control" <<EOF
Package: proxguac
Version: $version
Architecture: $architecture
Maintainer: proxguac maintainers <maintainers@users.noreply.github.com>
Installed-Size: $installed_size
Depends: $shlibs, ca-certificates
Recommends: systemd
Section: admin
Priority: optional
Homepage: https://github.com/SpotlightForBugs/Proxmox-Guacamole-Sync
Description: turn Proxmox VE guests into Apache Guacamole connections
 proxguac reads connection credentials from the notes of Proxmox VE guests,
 finds each guest's IPv4 address and creates, updates and removes the
 matching Apache Guacamole connections, detecting drift both ways.
 .
 Edit /etc/proxguac/config.json, run "proxguac config check" and
 "proxguac test-auth", then "systemctl enable --now proxguac.timer".
EOF
echo "/etc/proxguac/config.json" > "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
    install -m 0755 "contrib/debian/$script" "$root/DEBIAN/$script"
done

mkdir -p "$output"
deb="$output/proxguac_${version}_${architecture}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >&2
echo "$deb"
