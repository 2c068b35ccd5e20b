#!/usr/bin/env bash
# A smoke pass of the benchmark for CI, so the generator and bench/run.sh cannot rot: a tiny national database
# (--scale 0.001: 1 målbeskrivelse, 1 department... 100 positions) built with the debug binaries, checked with
# `logbook verify` and `PRAGMA integrity_check`, then bench/sql/compare.sh (the shell's SQL gives logbook's answers), then every
# benchmark row run twice. Fails on any error.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift build --product logbook-bench-gen 2>&1 | grep -E "error|warning: |Compiling|omplete" || true
swift build --product logbook 2>&1 | grep -E "error|warning: |omplete" || true
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
