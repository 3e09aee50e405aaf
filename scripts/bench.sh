#!/bin/sh
# Builds proxguac and proxguac-bench in release mode, with the Swift runtime linked in as for shipping
# (see README "Install"), and runs the 1,000-guest benchmark (README section "Benchmarks").
# Arguments go to proxguac-bench, e.g.: scripts/bench.sh --guests 200 --skip-baseline --json bench.json
set -eu
cd "$(dirname "$0")/.."
build="swift build -c release --static-swift-stdlib --scratch-path .build-static"
$build --product proxguac
$build --product proxguac-bench
exec "$($build --show-bin-path)/proxguac-bench" "$@"
