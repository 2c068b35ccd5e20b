#!/usr/bin/env bash
# The long differential run (issue 11): builds the demo department of tools/bundle_demo.sh, exports its bundle and
# runs tools/differential.py N mutations through both verifiers. `swift test` runs a bounded count (DifferentialTests).
# Usage: tools/differential.sh N [SEED] [LOGBOOK-BINARY]   (default binary: $(swift build --show-bin-path)/logbook)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-2000}
seed=${2:-$(date +%s)}
L=${3:-$(cd "$root" && swift build --show-bin-path)/logbook}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
KEEP_BUNDLE="$work" "$root/tools/bundle_demo.sh" "$L" >/dev/null
python3 "$root/tools/differential.py" "$L" "$work/bundle.json" "$work/keys/sek.a.pub" "$work/keys" "$count" "$seed"
