#!/usr/bin/env bash
# Fuzzes the målbeskrivelse and programme readers (LogbookFormats) with libFuzzer for a bounded time.
#   fuzz/run.sh [SECONDS]      (default 600)
# New inputs libFuzzer finds go to fuzz/.corpus-work/ (not committed); the small seed corpus in fuzz/corpus/ is only
# read. A finding leaves crash-* / leak-* / timeout-* / oom-* files in fuzz/artifacts/ and the script exits non-zero;
# replay one with: fuzz/.build-fuzz/debug/FuzzReaders fuzz/artifacts/crash-...
set -euo pipefail
seconds=${1:-600}
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
flags=(-c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --scratch-path .build-fuzz)
# The main package's build-tool plugin (MigrationEmbedder) gets the sanitizer flags too and fails to link for want of
# a fuzz function; it is not needed here, so those lines are left out of what is shown (all of it is in build.log).
mkdir -p .build-fuzz
swift build "${flags[@]}" --product FuzzReaders > .build-fuzz/build.log 2>&1 || true
grep -E "error|warning: |Build" .build-fuzz/build.log | grep -vE "LLVMFuzzerTestOneInput|link command failed|linker command failed" || true
binary="$(swift build "${flags[@]}" --show-bin-path 2>/dev/null | tail -1)/FuzzReaders"
[ -x "$binary" ] || { echo "fuzz/run.sh: the build failed (no $binary)" >&2; exit 1; }
mkdir -p .corpus-work artifacts
# -max_len 65536: a whole målbeskrivelse fits; -timeout 10: an input slower than that is a finding (e.g. quadratic time).
exec "$binary" .corpus-work corpus -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix=artifacts/ -print_final_stats=1
