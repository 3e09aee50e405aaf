#!/bin/sh
# Builds proxguac and proxguac-bench in release mode and runs the 1,000-guest benchmark (issue 7).
# Extra arguments go to proxguac-bench, e.g.: scripts/bench.sh --guests 200 --skip-baseline --json bench.json
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product proxguac
swift build -c release --product proxguac-bench
exec "$(swift build -c release --show-bin-path)/proxguac-bench" "$@"
