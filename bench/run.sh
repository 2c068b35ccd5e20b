#!/usr/bin/env bash
# Benchmarks `logbook` against the sqlite3 shell doing the same work, on databases built by logbook-bench-gen.
#
#   bench/run.sh [--scales "0.1 1"] [--runs 10] [--warmup 2] [--bin DIR] [--out DIR] [--strict] [--server SECONDS]
#
# --bin is the folder with `logbook` and `logbook-bench-gen` (default: .build/release; build it with
# `swift build -c release`, or see BENCHMARKS.md for the static build). Databases and results go to --out
# (default bench/out/; a database already there for a scale is reused: delete it to rebuild). Timing uses hyperfine
# when it is installed, else a plain loop. Each measured `logbook` command is printed beside the sqlite3 shell doing
# the equivalent SQL (bench/sql/), with the ratio logbook / sqlite3 (BENCH_TIMER=loop forces the plain loop). Commands this logbook does not have yet are
# skipped with a note. The write benchmarks add rows to the benchmark database (and sqlite3's rows carry no real
# hashes), so it no longer verifies afterwards: it is a throw-away. --strict: exit 1 when any command fails.
# --server SECONDS: in the same run, after each scale's CLI rows, `bench/load.sh --separate` on that database (status at
# 50 connections and the department report over HTTP, beside the use case in-process and the shell), SECONDS each.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
scales="0.1 1"
runs=10
warmup=2
bin="$root/.build/release"
out="$here/out"
strict=0
server_seconds=0
while [ $# -gt 0 ]; do
    case "$1" in
        --scales) scales=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --bin) bin=$(cd "$2" && pwd); shift 2 ;;
        --out) mkdir -p "$2"; out=$(cd "$2" && pwd); shift 2 ;;
        --strict) strict=1; shift ;;
        --server) server_seconds=$2; shift 2 ;;
        -h|--help) sed -n "2,15p" "$0"; exit 0 ;;
        *) echo "bench/run.sh: unknown argument $1" >&2; exit 64 ;;
    esac
done
logbook="$bin/logbook"
generator="$bin/logbook-bench-gen"
for tool in "$logbook" "$generator"; do
    [ -x "$tool" ] || { echo "bench/run.sh: $tool is missing; build it with: swift build -c release" >&2; exit 66; }
done
command -v sqlite3 >/dev/null || { echo "bench/run.sh: the sqlite3 shell is missing (apt-get install sqlite3)" >&2; exit 66; }
mkdir -p "$out"
export LOGBOOK_TODAY=2026-06-15 NO_COLOR=1
unset LOGBOOK_DB LOGBOOK_USER
today=$LOGBOOK_TODAY
have_hyperfine=0
command -v hyperfine >/dev/null && have_hyperfine=1
[ "${BENCH_TIMER:-}" = loop ] && have_hyperfine=0  # force the plain loop (e.g. to compare, or test it)

echo "# logbook benchmark"
echo
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "- logbook: $logbook ($(du -h "$logbook" | cut -f1), $(ldd "$logbook" 2>/dev/null | grep -c swift || true) Swift libraries linked dynamically)"
echo "- sqlite3 shell: $(sqlite3 --version | cut -d' ' -f1)"
echo "- timing: $([ $have_hyperfine = 1 ] && hyperfine --version || echo 'plain loop (hyperfine not installed)'), $runs runs after $warmup warm-up"
echo

# mean_ms COMMAND-FILE PREPARE-FILE: mean wall time in ms of running the command (a bash script file), prepare
# (also a file, or "") run before every timed run.
mean_ms() {
    local command=$1 prepare=$2
    if [ $have_hyperfine = 1 ]; then
        local csv="$out/.hyperfine.csv"
        local args=(-N --style none --warmup "$warmup" --runs "$runs" --export-csv "$csv")
        [ -n "$prepare" ] && args+=(--prepare "bash $prepare")
        [ "$tolerate_exit_1" = 1 ] && args+=(--ignore-failure)
        hyperfine "${args[@]}" "$(cat "$command")" >/dev/null
        awk -F, 'NR == 2 { printf "%.2f", $2 * 1000 }' "$csv"
    else
        local i start end total=0
        for ((i = 0; i < warmup; i++)); do
            [ -z "$prepare" ] || bash "$prepare"
            bash "$command" >/dev/null
        done
        for ((i = 0; i < runs; i++)); do
            [ -z "$prepare" ] || bash "$prepare"
            start=$(date +%s%N)
            bash -c "exec $(cat "$command")" >/dev/null
            end=$(date +%s%N)
            total=$((total + end - start))
        done
        awk -v t=$total -v n=$runs 'BEGIN { printf "%.2f", t / n / 1e6 }'
    fi
}

# pair NAME LOGBOOK-COMMAND SQLITE-COMMAND [LOGBOOK-PREPARE] [SQLITE-PREPARE]: one table row.
pair() {
    local name=$1 left=$2 right=$3 left_prepare=${4:-} right_prepare=${5:-}
    printf '%s\n' "$left" > "$out/.left"
    printf '%s\n' "$right" > "$out/.right"
    # Each command must work before it is timed.
    [ -z "$left_prepare" ] || bash "$left_prepare"
    local status=0
    bash -c "$left" > "$out/.left.out" 2> "$out/.left.err" || status=$?
    if [ "$status" -ne 0 ] && ! [ "$status" -eq 1 ] && [ "$tolerate_exit_1" = 1 ]; then
        status=2
    elif [ "$status" -eq 1 ] && [ "$tolerate_exit_1" = 1 ]; then
        status=0
    fi
    if [ "$status" -ne 0 ]; then
        echo "| $name | failed: $(head -c 200 "$out/.left.err" | tr '\n' ' ') | | |"
        failures=$((failures + 1))
        return
    fi
    [ -z "$right_prepare" ] || bash "$right_prepare"
    bash -c "$right" > /dev/null
    local a b
    a=$(mean_ms "$out/.left" "$left_prepare")
    b=$(mean_ms "$out/.right" "$right_prepare")
    echo "| $name | $a | $b | $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }') |"
}

failures=0
# check exits 1 when it finds something overdue: its answer, not a failure.
tolerate_exit_1=0

# has COMMAND: whether this logbook knows the subcommand. The help is read once, whole, and grep reads it from a
# variable: `--help | grep -q` under pipefail lost to SIGPIPE (grep quits at the first match, the program then dies
# writing the rest, and pipefail reports the pipe as failed: `check` came out "skipped" on a release build).
help_text=$("$logbook" --help 2>/dev/null) || { echo "bench/run.sh: $logbook --help failed" >&2; exit 1; }
has() { grep -qE "^ +$1( |$)" <<<"$help_text"; }

# The 200-competency målbeskrivelse (JSON for logbook) and the same rows as SQL for the shell; @VERSION@ is
# replaced before every run so each import stores a new version.
{
    echo '{"specialty": "Kardiologi", "version": "@VERSION@", "validFrom": "2030-01-01", "title": "Benchmark", "competencies": ['
    for i in $(seq 1 200); do
        [ "$i" = 1 ] || echo ","
        printf '{"code": "B%d", "title": "Kompetence %d", "concretisation": "Kan selvstændigt varetage opgave %d.", ' "$i" "$i" "$i"
        printf '"learningStrategies": "Klinisk arbejde og supervision.", "roles": ["Medicinsk ekspert", "Kommunikator"], "methods": ["Mini-CEX", "Audit"]}'
    done
    echo ']}'
} > "$out/curriculum-200.template.json"
{
    echo "BEGIN IMMEDIATE;"
    echo "INSERT INTO curriculum (specialty_id, level, version, valid_from, title, content_hash, imported_at)"
    echo "  SELECT id, 'intro', '@VERSION@', '2030-01-01', 'Benchmark', '@VERSION@', strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM specialty WHERE key = 'kardiologi';"
    echo "INSERT INTO curriculum_course (curriculum_id, name, sort_order) VALUES ((SELECT max(id) FROM curriculum), 'Kursus i klinisk vejledning', 1);"
    for i in $(seq 1 200); do
        echo "INSERT INTO competency (curriculum_id, code, sort_order, title, concretisation, learning_strategies) VALUES ((SELECT max(id) FROM curriculum), 'B$i', $i, 'Kompetence $i', 'Kan selvstændigt varetage opgave $i.', 'Klinisk arbejde og supervision.');"
        echo "INSERT INTO competency_role VALUES (last_insert_rowid(), 1), (last_insert_rowid(), 2);"
        echo "INSERT INTO competency_method VALUES ((SELECT max(id) FROM competency), 2), ((SELECT max(id) FROM competency), 7);"
    done
    echo "COMMIT;"
} > "$out/import.template.sql"

for scale in $scales; do
    db="$out/bench-$scale.sqlite"
    echo "## scale $scale"
    echo
    if [ ! -f "$db" ]; then
        "$generator" --db "$db" --scale "$scale" --today "$today" | sed 's/^/    /'
    else
        echo "    (reusing $db)"
    fi
    q() { sqlite3 "$db" "$1"; }
    department=$(q "SELECT d.code FROM department d JOIN position p ON p.department_id = d.id GROUP BY d.id ORDER BY count(*) DESC, d.id LIMIT 1")
    department_id=$(q "SELECT id FROM department WHERE code = '$department'")
    # An ongoing position of that department, with its supervisor, trainee and a competency not yet approved.
    position=$(q "SELECT id FROM position WHERE department_id = $department_id
        AND start_date BETWEEN date('$today', '-10 months') AND date('$today', '-3 months') ORDER BY start_date DESC, id DESC LIMIT 1")
    supervisor=$(q "SELECT p.handle FROM position_supervisor s JOIN person p ON p.id = s.person_id WHERE s.position_id = $position ORDER BY s.from_date DESC, s.id DESC LIMIT 1")
    supervisor_id=$(q "SELECT id FROM person WHERE handle = '$supervisor'")
    trainee_id=$(q "SELECT trainee_id FROM position WHERE id = $position")
    trainee=$(q "SELECT handle FROM person WHERE id = $trainee_id")
    read -r competency competency_id method < <(q "SELECT k.code, k.id, m.key FROM competency k JOIN position p ON p.curriculum_id = k.curriculum_id
        JOIN competency_method cm ON cm.competency_id = k.id JOIN assessment_method m ON m.id = cm.method_id
        WHERE p.id = $position ORDER BY k.sort_order DESC, m.id LIMIT 1" | tr '|' ' ')
    positions=$(q "SELECT count(*) FROM position WHERE department_id = $department_id")
    echo
    echo "Largest department: $department ($positions positions); position $position (hovedvejleder $supervisor, trainee $trainee); competency $competency."
    echo
    echo "| work | logbook ms | sqlite3 ms | ratio |"
    echo "|---|---:|---:|---:|"

    sql() { sed -e "s/@POSITION@/$position/g" -e "s/@DEPARTMENT@/$department_id/g" -e "s/@TODAY@/$today/g" \
        -e "s/@COMPETENCY@/$competency_id/g" -e "s/@SUPERVISOR@/$supervisor_id/g" -e "s/@TRAINEE@/$trainee_id/g" "$here/sql/$1" > "$out/$1"; }
    for file in status.sql report.sql check.sql record.sql approve.sql; do sql "$file"; done

    if has status; then
        pair "status --position $position" "$logbook status --position $position --db $db" "sqlite3 $db '.read $out/status.sql'"
    else
        echo "| status --position | skipped: this logbook has no \`status\` yet | | |"
    fi
    if has report; then
        pair "report --department $department" "$logbook report --department $department --db $db" "sqlite3 -box $db '.read $out/report.sql'"
        pair "report --department $department --format csv" "$logbook report --department $department --format csv --db $db" \
            "sqlite3 -csv $db '.read $out/report.sql'"
    else
        echo "| report --department (table, csv) | skipped: this logbook has no \`report\` yet | | |"
    fi
    if has check; then
        # check exits 1 when it finds something overdue (its documented answer, not a failure).
        tolerate_exit_1=1
        pair "check --department $department" "$logbook check --department $department --db $db" "sqlite3 $db '.read $out/check.sql'"
        tolerate_exit_1=0
    else
        echo "| check --department | skipped: this logbook has no \`check\` yet | | |"
    fi
    pair "record (one committed write)" \
        "$logbook record --position $position $competency --method $method --date $today --as $trainee --db $db" \
        "sqlite3 $db '.read $out/record.sql'"
    # approve: before each timed run, the approval is revoked again, so every run approves anew.
    cat > "$out/prepare-approve.sh" <<EOF
id=\$(sqlite3 "$db" "SELECT e.id FROM event e WHERE e.position_id = $position AND e.competency_id = $competency_id
    AND e.kind = 'competency-approval' AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id)")
[ -z "\$id" ] || "$logbook" revoke "\$id" --reason benchmark --as "$supervisor" --db "$db" >/dev/null
EOF
    pair "approve (one committed write)" "$logbook approve --position $position $competency --as $supervisor --db $db" \
        "sqlite3 $db '.read $out/approve.sql'" "$out/prepare-approve.sh"
    # curriculum import: a 200-competency målbeskrivelse with a new version label each run.
    cat > "$out/prepare-import.sh" <<EOF
version=v\$(date +%s%N)
sed "s/@VERSION@/\$version/" "$out/curriculum-200.template.json" > "$out/curriculum-200.json"
sed "s/@VERSION@/\$version/" "$out/import.template.sql" > "$out/import.sql"
EOF
    pair "curriculum import (200 competencies)" "$logbook curriculum import $out/curriculum-200.json --as sek.hovedstaden --db $db" \
        "sqlite3 $db '.read $out/import.sql'" "$out/prepare-import.sh" "$out/prepare-import.sh"
    echo
    if has report && [ -x /usr/bin/time ]; then
        /usr/bin/time -v "$logbook" report --department "$department" --format csv --db "$db" 2> "$out/.time" > /dev/null
        logbook_kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$out/.time")
        /usr/bin/time -v sqlite3 -csv "$db" ".read $out/report.sql" 2> "$out/.time" > /dev/null
        sqlite_kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$out/.time")
        echo "Peak memory of \`report --department $department --format csv\`: $((logbook_kb / 1024)) MB (sqlite3 shell: $((sqlite_kb / 1024)) MB)."
    elif ! has report; then
        echo "Peak memory of \`report --format csv\`: skipped (no \`report\` yet)."
    else
        echo "Peak memory: skipped (/usr/bin/time missing: apt-get install time)."
    fi
    echo
    if [ "$server_seconds" -gt 0 ]; then
        echo "The server on the same database (\`bench/load.sh --separate --seconds $server_seconds\`):"
        echo
        "$here/load.sh" --db "$db" --bin "$bin" --seconds "$server_seconds" --separate | sed -n '/^| endpoint/,$p' || failures=$((failures + 1))
        echo
    fi
done
if [ "$strict" = 1 ] && [ "$failures" -gt 0 ]; then
    echo "bench/run.sh: $failures command(s) failed" >&2
    exit 1
fi
