#!/usr/bin/env bash
# A benchmark guard that does not flake: instruction counts, not seconds.
#
#   bench/instructions.sh [--bin DIR] [--budget FILE] [--update] [--keep DIR]
#
# Runs `logbook` under valgrind's callgrind (instructions executed, the same count for the same binary and input
# whatever else the machine is doing) for: start-up (`verify` on an empty database), `status` of one position,
# `report` of the largest department (table and CSV), `check` of it, and one committed `approve`, on a tiny benchmark
# database (logbook-bench-gen --scale 0.001: 100 positions, built fresh each run, deterministic). Each count is
# compared with the committed budget (bench/instructions.budget, one line per work and build kind): more than 10 %
# over its budget fails (exit 1); a count more than 10 % under says so, so the budget can be lowered with --update.
#
# --bin: the folder with `logbook` and `logbook-bench-gen` (default: `swift build --show-bin-path`, the debug build
# CI has already made). Debug and release binaries execute very different counts, so the budget keeps one line per
# kind; the kind is read from the folder name (…/release → release, else debug).
# --update: write the measured counts into the budget instead of comparing (commit the change with a reason).
# Swift's per-process random hashing seed is fixed (SWIFT_DETERMINISTIC_HASHING=1) so dictionary order, and with
# it the count, repeats exactly.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
budget="$here/instructions.budget"
bin=""
update=0
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin=$(cd "$2" && pwd); shift 2 ;;
        --budget) budget=$2; shift 2 ;;
        --update) update=1; shift ;;
        --keep) mkdir -p "$2"; keep=$(cd "$2" && pwd); shift 2 ;;
        -h|--help) sed -n "2,18p" "$0"; exit 0 ;;
        *) echo "bench/instructions.sh: unknown argument $1" >&2; exit 64 ;;
    esac
done
[ -n "$bin" ] || bin=$(cd "$root" && swift build --show-bin-path)
case "$bin" in */release|*/release/) kind=release ;; *) kind=debug ;; esac
logbook="$bin/logbook"
generator="$bin/logbook-bench-gen"
for tool in "$logbook" "$generator"; do
    [ -x "$tool" ] || { echo "bench/instructions.sh: $tool is missing; build it with: swift build --product $(basename "$tool")" >&2; exit 66; }
done
command -v valgrind >/dev/null || { echo "bench/instructions.sh: valgrind is missing (apt-get install valgrind)" >&2; exit 66; }
command -v sqlite3 >/dev/null || { echo "bench/instructions.sh: the sqlite3 shell is missing (apt-get install sqlite3)" >&2; exit 66; }

work=${keep:-$(mktemp -d)}
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
export LOGBOOK_TODAY=2026-06-15 NO_COLOR=1 SWIFT_DETERMINISTIC_HASHING=1
unset LOGBOOK_DB LOGBOOK_USER LANG LANGUAGE LC_ALL LC_MESSAGES

# valgrind 3.19 cannot read the DWARF 5 of a Swift debug build ("Possibly corrupted debuginfo file"): count a copy
# without debug information (the same code, so the same count).
measured_logbook="$work/logbook"
objcopy --strip-debug "$logbook" "$measured_logbook"

db="$work/bench-0.001.sqlite"
rm -f "$db" "$db-wal" "$db-shm"
"$generator" --db "$db" --scale 0.001 --today "$LOGBOOK_TODAY" > /dev/null
q() { sqlite3 "$db" "$1"; }
department=$(q "SELECT d.code FROM department d JOIN position p ON p.department_id = d.id GROUP BY d.id ORDER BY count(*) DESC, d.id LIMIT 1")
department_id=$(q "SELECT id FROM department WHERE code = '$department'")
position=$(q "SELECT id FROM position WHERE department_id = $department_id
    AND start_date BETWEEN date('$LOGBOOK_TODAY', '-10 months') AND date('$LOGBOOK_TODAY', '-3 months') ORDER BY start_date DESC, id DESC LIMIT 1")
supervisor=$(q "SELECT p.handle FROM position_supervisor s JOIN person p ON p.id = s.person_id WHERE s.position_id = $position ORDER BY s.from_date DESC, s.id DESC LIMIT 1")
competency=$(q "SELECT k.code FROM competency k JOIN position p ON p.curriculum_id = k.curriculum_id WHERE p.id = $position
    AND NOT EXISTS (SELECT 1 FROM event e WHERE e.position_id = p.id AND e.competency_id = k.id AND e.kind = 'competency-approval')
    ORDER BY k.sort_order DESC LIMIT 1")
empty="$work/empty.sqlite"
rm -f "$empty"
"$logbook" init --db "$empty" > /dev/null

# count NAME ARGS...: the instructions `logbook ARGS...` executes (exit 0 or 1 both fine: check answers 1).
declare -A measured
count() {
    local name=$1; shift
    local log="$work/$name.callgrind.log" status=0
    valgrind --tool=callgrind --callgrind-out-file=/dev/null --log-file="$log" "$measured_logbook" "$@" > /dev/null 2> "$work/$name.stderr" || status=$?
    if [ "$status" -gt 1 ]; then
        echo "bench/instructions.sh: logbook $* failed ($status): $(head -c 300 "$work/$name.stderr")" >&2
        exit 1
    fi
    measured[$name]=$(awk '/Collected :/ { print $NF }' "$log")
}

count startup verify --db "$empty"
count status status --position "$position" --db "$db"
count report report --department "$department" --db "$db"
count report-csv report --department "$department" --format csv --db "$db"
count check check --department "$department" --db "$db"
# approve on a copy, so the database is the same for every run and the budget.
cp "$db" "$work/approve.sqlite"
count approve approve --position "$position" "$competency" --as "$supervisor" --db "$work/approve.sqlite"

works=(startup status report report-csv check approve)
if [ "$update" = 1 ]; then
    touch "$budget"
    for name in "${works[@]}"; do
        grep -v -E "^$kind $name " "$budget" > "$budget.new" || true
        mv "$budget.new" "$budget"
        echo "$kind $name ${measured[$name]}" >> "$budget"
    done
    { grep '^#' "$budget" || true; grep -v '^#' "$budget" | sort; } > "$budget.new" && mv "$budget.new" "$budget"
    echo "bench/instructions.sh: wrote the $kind counts to $budget"
fi

echo "| work ($kind, scale 0.001: $department, position $position) | budget | instructions | change |"
echo "|---|---:|---:|---:|"
failed=0
for name in "${works[@]}"; do
    allowed=$(awk -v k="$kind" -v n="$name" '$1 == k && $2 == n { print $3 }' "$budget" 2>/dev/null || true)
    got=${measured[$name]}
    if [ -z "$allowed" ]; then
        echo "| $name | (none) | $got | |"
        continue
    fi
    change=$(awk -v a="$allowed" -v g="$got" 'BEGIN { printf "%+.1f %%", (g - a) * 100 / a }')
    verdict=""
    if awk -v a="$allowed" -v g="$got" 'BEGIN { exit !(g > a * 1.10) }'; then
        verdict=" **over budget**"; failed=1
    elif awk -v a="$allowed" -v g="$got" 'BEGIN { exit !(g < a * 0.90) }'; then
        verdict=" (under: lower the budget with --update)"
    fi
    echo "| $name | $allowed | $got | $change$verdict |"
done
if [ "$failed" = 1 ]; then
    echo "bench/instructions.sh: a work costs more than 10 % over its budget (bench/instructions.budget); make it cheaper," >&2
    echo "or, when the cost is deliberate, raise the budget with --update and say why in the commit." >&2
    exit 1
fi
