#!/usr/bin/env bash
# A smoke pass of the benchmark for CI, so the generator and bench/run.sh cannot rot: a tiny national database
# (--scale 0.001: 1 målbeskrivelse, 1 department... 100 positions) built with the debug binaries, checked with
# `logbook verify` and `PRAGMA integrity_check`, then bench/sql/compare.sh (the shell's SQL gives logbook's answers), then every
# benchmark row run twice. Fails on any error.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# build PRODUCT: a failed build fails the smoke (its whole output shown); a good one shows only its warnings and end.
build() {
    local log
    log=$(mktemp)
    if ! swift build --product "$1" >"$log" 2>&1; then
        cat "$log" >&2; rm -f "$log"
        echo "bench smoke: swift build --product $1 failed" >&2
        exit 1
    fi
    sed -nE '/error|warning: |omplete/p' "$log"
    rm -f "$log"
}
build logbook-bench-gen
build logbook
bin=$(swift build --show-bin-path)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin/logbook-bench-gen" --db "$out/bench-0.001.sqlite" --scale 0.001
LOGBOOK_TODAY=2026-06-15 "$bin/logbook" verify --db "$out/bench-0.001.sqlite"
[ "$(sqlite3 "$out/bench-0.001.sqlite" 'PRAGMA integrity_check; PRAGMA foreign_key_check;')" = ok ]
# The shell's check.sql and report.sql must give logbook's answers (the "fair lower bound" of BENCHMARKS.md).
bench/sql/compare.sh "$out/bench-0.001.sqlite" "$bin" > "$out/compare.txt" || { cat "$out/compare.txt"; exit 1; }
bench/run.sh --scales 0.001 --runs 2 --warmup 0 --bin "$bin" --out "$out" --strict
echo "bench smoke: ok"
