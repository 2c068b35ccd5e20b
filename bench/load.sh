#!/usr/bin/env bash
# Load on `logbook serve` (issue 15): many sessions reading and a few writing at once, for a fixed time, on a copy of a
# benchmark database. Prints per endpoint requests/s, p50/p99 latency and errors (wrk), then counts the writes in the
# database afterwards: every 201 must be a row (0 lost writes), and no request may fail.
#
#   bench/load.sh --db bench/out/bench-0.1.sqlite [--bin DIR] [--seconds 30] [--readers 50] [--writers 10] [--separate]
#
# --separate (issue 17): instead of the mix, first --readers connections reading the status alone, then one connection
# reading the department report alone, each beside the same use case timed in-process (`logbook-bench-gen time`: a
# session of the server's pool, the use case, its JSON; no HTTP) and the same SQL in the sqlite3 shell (bench/sql).
# Then the web pages (issue 25), at --readers connections and at one: the trainee's page (GET /positions/ID, logged in
# as the trainee with a session cookie, the page that shows the status) and the department page (GET
# /departments/CODE as the UAO), each an HTML page per request, beside the status JSON.
#
# Readers: 4 in 5 read the status of one ongoing position of the largest department as its hovedvejleder, 1 in 5 the
# department's report as its UAO; writers record assessments on that position as its trainee. Every connection has a
# session of its own (log-ins happen before the clock starts). Beside the server it times the same use cases as CLI
# processes (start-up included) for reference. Needs wrk (apt-get install wrk), curl and sqlite3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
db="" bin="$root/.build/release" seconds=30 readers=50 writers=10 separate=0
while [ $# -gt 0 ]; do
    case "$1" in
        --db) db=$2; shift 2 ;;
        --bin) bin=$(cd "$2" && pwd); shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --readers) readers=$2; shift 2 ;;
        --writers) writers=$2; shift 2 ;;
        --separate) separate=1; shift ;;
        -h|--help) sed -n "2,15p" "$0"; exit 0 ;;
        *) echo "bench/load.sh: unknown argument $1" >&2; exit 64 ;;
    esac
done
[ -n "$db" ] && [ -f "$db" ] || { echo "bench/load.sh: give --db with a benchmark database (bench/run.sh or logbook-bench-gen makes one)" >&2; exit 66; }
logbook="$bin/logbook"
[ -x "$logbook" ] || { echo "bench/load.sh: $logbook is missing; build it with: swift build -c release" >&2; exit 66; }
for tool in wrk curl sqlite3; do command -v $tool >/dev/null || { echo "bench/load.sh: $tool is missing (apt-get install $tool)" >&2; exit 69; }; done

work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
copy="$work/load.sqlite"
sqlite3 "$db" ".backup '$copy'"
export LOGBOOK_DB="$copy" LOGBOOK_TODAY=2026-06-15 LOGBOOK_INSECURE_COOKIES=1 LOGBOOK_LANG=en LOG_LEVEL=warning NO_COLOR=1
unset LOGBOOK_USER
today=$LOGBOOK_TODAY
q() { sqlite3 "$copy" "$1"; }

department_id=$(q "SELECT p.department_id FROM position p GROUP BY p.department_id ORDER BY count(*) DESC, p.department_id LIMIT 1")
department=$(q "SELECT code FROM department WHERE id = $department_id")
position=$(q "SELECT id FROM position WHERE department_id = $department_id
    AND start_date BETWEEN date('$today', '-10 months') AND date('$today', '-3 months') ORDER BY start_date DESC, id DESC LIMIT 1")
supervisor=$(q "SELECT p.handle FROM position_supervisor s JOIN person p ON p.id = s.person_id WHERE s.position_id = $position ORDER BY s.from_date DESC, s.id DESC LIMIT 1")
trainee=$(q "SELECT p.handle FROM position x JOIN person p ON p.id = x.trainee_id WHERE x.id = $position")
uao=$(q "SELECT p.handle FROM role_grant g JOIN person p ON p.id = g.person_id WHERE g.role IN ('uao', 'tutor') AND g.department_id = $department_id
    AND g.valid_from <= '$today' AND (g.valid_until IS NULL OR g.valid_until >= '$today') ORDER BY g.id LIMIT 1")
secretariat=$(q "SELECT p.handle FROM role_grant g JOIN person p ON p.id = g.person_id WHERE g.role = 'secretariat'
    AND g.region = (SELECT region FROM department WHERE id = $department_id) ORDER BY g.id LIMIT 1")
read -r competency method < <(q "SELECT k.code, m.key FROM competency k JOIN position p ON p.curriculum_id = k.curriculum_id
    JOIN competency_method cm ON cm.competency_id = k.id JOIN assessment_method m ON m.id = cm.method_id
    WHERE p.id = $position ORDER BY k.sort_order, m.id LIMIT 1" | tr '|' ' ')
positions=$(q "SELECT count(*) FROM position WHERE department_id = $department_id")

password="correct horse battery"
invite() { "$logbook" account invite "$1" ${2:+--as "$2"} 2>/dev/null; }
declare -A token
token[$secretariat]=$(invite "$secretariat" "")
token[$uao]=$(invite "$uao" "$secretariat")
token[$supervisor]=$(invite "$supervisor" "$uao")
token[$trainee]=$(invite "$trainee" "$uao")

"$logbook" serve --listen 127.0.0.1:0 >"$work/out" 2>"$work/err" &
server=$!
for _ in $(seq 1 300); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/out" | head -1)
[ -n "$base" ] || { echo "bench/load.sh: the server did not start" >&2; cat "$work/err" >&2; exit 1; }
for who in "$uao" "$supervisor" "$trainee"; do
    curl -sf -o /dev/null -X POST "$base/api/v1/invitations/${token[$who]}" -H 'Content-Type: application/json' -d "{\"password\": \"$password\"}"
done
# sessions WHO N FILE: N log-ins of WHO, one "cookie csrf" line each.
sessions() {
    : >"$3"
    for _ in $(seq 1 "$2"); do
        curl -sf -D "$work/h" -o "$work/b" -X POST "$base/api/v1/session" -H 'Content-Type: application/json' \
            -d "{\"handle\": \"$1\", \"password\": \"$password\"}"
        printf '%s %s\n' "$(sed -n 's/^[Ss]et-[Cc]ookie: \(logbook_session=[^;]*\).*/\1/p' "$work/h" | tr -d '\r')" \
            "$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$work/b")" >>"$3"
    done
}
report_readers=$(( readers / 5 )); status_readers=$(( readers - report_readers ))
[ "$separate" = 0 ] || { report_readers=1; status_readers=$readers; writers=1; }
sessions "$supervisor" "$status_readers" "$work/status.sessions"
sessions "$uao" "$report_readers" "$work/report.sessions"
sessions "$trainee" "$writers" "$work/record.sessions"
if [ "$separate" = 1 ]; then
    # The pages: a session per connection, the trainee's for her page, the UAO's for the department page.
    sessions "$trainee" "$readers" "$work/trainee.sessions"
    sessions "$uao" "$readers" "$work/department.sessions"
    # Each page answers 200 with HTML for its session before the clock starts (a redirect to /login would be measured
    # as non-2xx, and a page that is not there as nothing).
    for page in "/positions/$position trainee" "/departments/$department department"; do
        read -r path who <<<"$page"
        cookie=$(head -1 "$work/$who.sessions" | cut -d' ' -f1)
        code=$(curl -s -o "$work/page.html" -w '%{http_code}' -H "Cookie: $cookie" "$base$path")
        [ "$code" = 200 ] && grep -qi "<html" "$work/page.html" \
            || { echo "bench/load.sh: GET $path as the $who answered $code, not an HTML page" >&2; exit 1; }
    done
fi

# One Lua script for all three: the method, path, body and session file come from the environment.
cat >"$work/load.lua" <<'LUA'
local sessions, counter = {}, 0
for line in io.lines(os.getenv("LOAD_SESSIONS")) do
  local cookie, csrf = line:match("^(%S+) (%S+)$")
  sessions[#sessions + 1] = { cookie = cookie, csrf = csrf }
end
local method, path, body = os.getenv("LOAD_METHOD"), os.getenv("LOAD_PATH"), os.getenv("LOAD_BODY")
if body == "" then body = nil end
function setup(thread) thread:set("offset", counter); counter = counter + 1 end
request = function()
  offset = offset + 1
  local s = sessions[(offset % #sessions) + 1]
  return wrk.format(method, path, { ["Cookie"] = s.cookie, ["X-CSRF-Token"] = s.csrf, ["Content-Type"] = "application/json" }, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.1f %.2f %.2f %.2f %d %d\n", summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, e.status,
    e.connect + e.read + e.write + e.timeout))
end
LUA
before=$(q "SELECT count(*) FROM assessment WHERE position_id = $position")
run() {  # NAME CONNECTIONS METHOD PATH BODY SESSIONS
    LOAD_SESSIONS="$6" LOAD_METHOD="$3" LOAD_PATH="$4" LOAD_BODY="$5" \
        wrk -t1 -c"$2" -d"${seconds}s" --timeout 10s -s "$work/load.lua" "$base" >"$work/$1.wrk" 2>&1
}
if [ "$separate" = 1 ]; then
    generator="$bin/logbook-bench-gen"
    [ -x "$generator" ] || { echo "bench/load.sh: $generator is missing (it times the use cases in-process)" >&2; exit 66; }
    echo "# logbook serve, one endpoint at a time"
    echo
    echo "- machine: $(nproc) cores (wrk and the server share them); logbook: $logbook; database: $db (copied), $(du -h "$db" | cut -f1)"
    echo "- largest department $department ($positions positions); position $position (hovedvejleder $supervisor, UAO $uao); ${seconds} s each, wrk $(wrk --version 2>&1 | head -1 | cut -d' ' -f2)"
    echo
    run status "$status_readers" GET "/api/v1/positions/$position/status" "" "$work/status.sessions"
    # One connection: the latency of one request with nothing queued (HTTP, authentication and the use case).
    run status1 1 GET "/api/v1/positions/$position/status" "" "$work/status.sessions"
    run report 1 GET "/api/v1/departments/$department/report" "" "$work/report.sessions"
    # The pages, beside the status JSON: at --readers connections and at one.
    run page "$readers" GET "/positions/$position" "" "$work/trainee.sessions"
    run page1 1 GET "/positions/$position" "" "$work/trainee.sessions"
    run department "$readers" GET "/departments/$department" "" "$work/department.sessions"
    run department1 1 GET "/departments/$department" "" "$work/department.sessions"
    kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; server=""
    in_status=$("$generator" time --db "$copy" --today "$today" --runs 2000 status "$position" "$supervisor")
    in_report=$("$generator" time --db "$copy" --today "$today" --runs 50 report "$department" "$uao")
    median() { sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' <<<"$1"; }
    sed -e "s/@POSITION@/$position/g" -e "s/@DEPARTMENT@/$department_id/g" -e "s/@TODAY@/$today/g" "$here/sql/status.sql" > "$work/status.sql"
    sed -e "s/@POSITION@/$position/g" -e "s/@DEPARTMENT@/$department_id/g" -e "s/@TODAY@/$today/g" "$here/sql/report.sql" > "$work/report.sql"
    # The shell's own time for the same SQL, minus its start-up (`select 1`), median of 21: what SQLite itself needs.
    shell_ms() {
        local times=()
        for _ in $(seq 1 21); do
            local start=$(date +%s%N); sqlite3 "$@" >/dev/null; times+=($(( ($(date +%s%N) - start) / 1000 )))
        done
        printf '%s\n' "${times[@]}" | sort -n | sed -n 11p
    }
    empty_us=$(shell_ms "$copy" "select 1")
    shell_status=$(awk -v a="$(shell_ms "$copy" ".read $work/status.sql")" -v b="$empty_us" 'BEGIN { printf "%.2f", (a - b) / 1000 }')
    shell_report=$(awk -v a="$(shell_ms -json "$copy" ".read $work/report.sql")" -v b="$empty_us" 'BEGIN { printf "%.2f", (a - b) / 1000 }')
    echo "| endpoint | connections | requests | req/s | p50 ms | p99 ms | max ms | non-2xx | in-process ms (median) | sqlite3 shell ms (same SQL, start-up taken off) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    failed=0
    for name in status status1 report page page1 department department1; do
        line=$(grep '^RESULT' "$work/$name.wrk" || true)
        [ -n "$line" ] || { echo "bench/load.sh: wrk gave no result for $name:" >&2; cat "$work/$name.wrk" >&2; exit 1; }
        read -r _ requests rps p50 p99 max non2xx errors <<<"$line"
        case $name in
            status) label="GET status"; connections=$status_readers; inproc=$(median "$in_status"); shell=$shell_status ;;
            status1) label="GET status"; connections=1; inproc=$(median "$in_status"); shell=$shell_status ;;
            report) label="GET department report"; connections=1; inproc=$(median "$in_report"); shell=$shell_report ;;
            page) label="GET trainee's page (HTML)"; connections=$readers; inproc="–"; shell="–" ;;
            page1) label="GET trainee's page (HTML)"; connections=1; inproc="–"; shell="–" ;;
            department) label="GET department page (HTML)"; connections=$readers; inproc="–"; shell="–" ;;
            department1) label="GET department page (HTML)"; connections=1; inproc="–"; shell="–" ;;
        esac
        echo "| $label | $connections | $requests | $rps | $p50 | $p99 | $max | $non2xx | $inproc | $shell |"
        [ "$non2xx" = 0 ] && [ "$errors" = 0 ] || failed=1
    done
    echo
    echo "The pages: one HTML page per request, so req/s is pages/s (the trainee's page as $trainee, the department page as $uao)."
    echo "In-process: $in_status"
    echo "In-process: $in_report"
    exit $failed
fi
echo "# logbook serve under load"
echo
echo "- machine: $(nproc) cores; logbook: $logbook; database: $db (copied), $(du -h "$db" | cut -f1)"
echo "- largest department $department ($positions positions); position $position (hovedvejleder $supervisor, trainee $trainee, UAO $uao)"
echo "- $status_readers + $report_readers reading sessions, $writers writing sessions, ${seconds} s, wrk $(wrk --version 2>&1 | head -1 | cut -d' ' -f2)"
echo
run status "$status_readers" GET "/api/v1/positions/$position/status" "" "$work/status.sessions" & loads=($!)
run report "$report_readers" GET "/api/v1/departments/$department/report" "" "$work/report.sessions" & loads+=($!)
run record "$writers" POST "/api/v1/positions/$position/assessments" \
    "{\"code\": \"$competency\", \"method\": \"$method\", \"date\": \"$today\", \"note\": \"load\"}" "$work/record.sessions" & loads+=($!)
wait "${loads[@]}"
after=$(q "SELECT count(*) FROM assessment WHERE position_id = $position")

# The same use cases as one CLI process each (start-up included), median of 9.
cli_ms() {
    local times=()
    for _ in $(seq 1 9); do
        local start=$(date +%s%N); "$@" >/dev/null 2>&1; times+=($(( ($(date +%s%N) - start) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 5p | awk '{printf "%.1f", $1 / 1000}'
}
cli_status=$(cli_ms "$logbook" status --position "$position" --format json --as "$supervisor")
cli_report=$(cli_ms "$logbook" report --department "$department" --format json --as "$uao")

echo "| endpoint | connections | requests | req/s | p50 ms | p99 ms | max ms | non-2xx | socket errors | CLI process ms |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
failed=0
for name in status report record; do
    line=$(grep '^RESULT' "$work/$name.wrk" || true)
    [ -n "$line" ] || { echo "bench/load.sh: wrk gave no result for $name:" >&2; cat "$work/$name.wrk" >&2; exit 1; }
    read -r _ requests rps p50 p99 max non2xx errors <<<"$line"
    case $name in
        status) connections=$status_readers; cli=$cli_status; label="GET status" ;;
        report) connections=$report_readers; cli=$cli_report; label="GET department report" ;;
        record) connections=$writers; cli="–"; label="POST assessment"; written=$(( requests - non2xx )) ;;
    esac
    echo "| $label | $connections | $requests | $rps | $p50 | $p99 | $max | $non2xx | $errors | $cli |"
    [ "$non2xx" = 0 ] && [ "$errors" = 0 ] || failed=1
done
added=$(( after - before ))
echo
# wrk stops counting at the deadline: a request in flight then may still commit (at most one per writer).
lost=$(( written > added ? written - added : 0 ))
echo "Writes: $written answered 201, $added rows added to the database ($(( added - written )) committed after wrk's deadline): $lost lost."
[ "$lost" = 0 ] && [ $(( added - written )) -le "$writers" ] || failed=1
grep -q "internal error" "$work/err" && { echo "the server logged internal errors:"; grep "internal error" "$work/err" | head -5; failed=1; }
exit $failed
