#!/usr/bin/env bash
# The sweep with the shipped defaults (network.sweepRate 200/s, network.sweepTimeoutMs 1000, network.maxProbes
# 256): `proxguac test-network --subnet <a /24>` inside a network-namespace rig this script creates (a bridge,
# the scanner 198.51.100.1 and 3 live hosts .11–.13; the other 250 addresses stay silent). Prints the probes
# sent, the rate and the sweep's time as proxguac reports it, against the expected probes / rate + timeout,
# and the whole command against `ip netns exec <ns> /bin/true` as the baseline of the same run.
# Needs root and iproute2. Packets never leave the namespaces. Usage: scripts/bench-sweep.sh [PROXGUAC]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-$(swift build --show-bin-path)/proxguac}"
timeout_ms=1000 rate=200   # the defaults; the command below passes neither, so proxguac uses its own
runs=3
id="pgbs$$"
sw="$id-sw" scan="$id-scan"
hosts=("$id-h1" "$id-h2" "$id-h3")
cleanup() { for ns in "$sw" "$scan" "${hosts[@]}"; do ip netns del "$ns" 2>/dev/null || true; done; }
trap cleanup EXIT
ip netns add "$sw"
ip -n "$sw" link add br0 type bridge
ip -n "$sw" link set br0 up
member() { # member NS ADDRESS PORT
    ip netns add "$1"
    ip -n "$sw" link add "$3" type veth peer name eth0 netns "$1"
    ip -n "$sw" link set "$3" master br0 up
    ip -n "$1" addr add "$2/24" dev eth0
    ip -n "$1" link set eth0 up
    ip -n "$1" link set lo up
}
member "$scan" 198.51.100.1 p0
for i in 0 1 2; do member "${hosts[$i]}" "198.51.100.1$((i + 1))" "p$((i + 1))"; done
ip netns exec "$scan" sh -c 'echo "0 2147483647" > /proc/sys/net/ipv4/ping_group_range'
home="$(mktemp -d)"
ms() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
sweep=() base=() inside=() probes=()
for _ in $(seq "$runs"); do
    start=$(ms); ip netns exec "$scan" /bin/true; base+=($((($(ms) - start) / 1000000)))
    start=$(ms)
    HOME="$home" ip netns exec "$scan" "$bin" test-network 02:00:00:00:00:99 --subnet 198.51.100.0/24 \
        > "$home/out.txt" 2>&1 || true
    sweep+=($((($(ms) - start) / 1000000)))
    # The sweep's own duration as proxguac reports it: "... answered on <subnet> in 1.13 s".
    inside+=("$(sed -n 's/^sweep: .* in \([0-9.]*\) s.*/\1/p' "$home/out.txt" | awk '{printf "%d", $1 * 1000}')")
    probes+=("$(sed -n 's/^sweep: [0-9]* of \([0-9]*\) hosts.*/\1/p' "$home/out.txt")")
    budget="$(sed -n 's/^sweep: .*budget \([0-9]*\) probes.*/\1/p' "$home/out.txt")"
done
rm -rf "$home"
sweep_ms=$(printf '%s\n' "${sweep[@]}" | median)
base_ms=$(printf '%s\n' "${base[@]}" | median)
inside_ms=$(printf '%s\n' "${inside[@]}" | median)
sent="${probes[0]}"
expected_ms=$((sent * 1000 / rate + timeout_ms))
over=$((inside_ms - expected_ms))
echo "sweep of 198.51.100.0/24 with the defaults, 3 live hosts, median of ${runs}:"
echo "  probes: ${sent} (budget ${budget:-?}); rate: ${rate}/s; reply window: ${timeout_ms} ms"
echo "  the sweep: ${inside_ms} ms; expected ${sent}/${rate} s + ${timeout_ms} ms = ${expected_ms} ms (+ ${over} ms)"
echo "  the whole test-network command: ${sweep_ms} ms (netlink reads and process start included); ip netns exec /bin/true: ${base_ms} ms"
[ "$over" -le 300 ]
