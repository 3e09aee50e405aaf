#!/usr/bin/env bash
# Writes shell completions and the man page of proxguac, generated from its argument parser:
#   OUTDIR/proxguac.bash   bash completion  (install as /usr/share/bash-completion/completions/proxguac)
#   OUTDIR/_proxguac       zsh completion   (install in a directory on $fpath, e.g. /usr/local/share/zsh/site-functions)
#   OUTDIR/proxguac.fish   fish completion  (install in /usr/share/fish/vendor_completions.d/)
#   OUTDIR/proxguac.1      man page         (install in /usr/local/share/man/man1/)
# Usage: contrib/generate-docs.sh OUTDIR [--binary PATH]
# Without --binary it builds proxguac (debug) first. Needs python3 (standard library only).
# (swift-argument-parser's `swift package plugin generate-manual` also works offline, but it can only
# document a SwiftPM build, not a given binary, leaves nested commands without their full
# `proxguac a b` name, omits defaults and has no ENVIRONMENT or FILES; hence generate-manpage.py.)
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: contrib/generate-docs.sh OUTDIR [--binary PATH]" >&2; exit 2; }
[ $# -ge 1 ] || usage
out_dir="$1"
shift
binary=""
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) [ $# -ge 2 ] || usage; binary="$2"; shift 2 ;;
        *) usage ;;
    esac
done

if [ -z "$binary" ]; then
    swift build --product proxguac >&2
    binary="$(swift build --show-bin-path)/proxguac"
fi
[ -x "$binary" ] || { echo "generate-docs.sh: $binary is not an executable: build proxguac or fix --binary" >&2; exit 2; }

mkdir -p "$out_dir"
"$binary" --generate-completion-script bash > "$out_dir/proxguac.bash"
"$binary" --generate-completion-script zsh > "$out_dir/_proxguac"
"$binary" --generate-completion-script fish > "$out_dir/proxguac.fish"
version="$("$binary" --version)"
"$binary" --experimental-dump-help | python3 contrib/generate-manpage.py "$version" > "$out_dir/proxguac.1"
echo "wrote $out_dir/proxguac.bash, _proxguac, proxguac.fish, proxguac.1"
