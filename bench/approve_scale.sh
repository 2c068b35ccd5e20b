#!/usr/bin/env bash
# How `approve` scales with the number of codes in one command (issue 12): for each N (default 500 2000 5000) a
# fresh database with a generated målbeskrivelse of N competencies C1...CN and one position, then
#   logbook approve --position 1 C1 ... CN        (codes as arguments)
#   logbook approve --position 1 --codes-file F   (the same codes from a file, on a second position)
# timed with the shell's clock. Prints one line per N and way. Usage:
#   bench/approve_scale.sh [--bin DIR] [N ...]        DIR defaults to `swift build --show-bin-path`
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=""
if [ "${1:-}" = "--bin" ]; then bin=$2; shift 2; fi
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(500 2000 5000)
if [ -z "$bin" ]; then
    # A failed build stops here with its output (it was hidden by `| grep … || true`).
    log=$(cd "$root" && swift build --product logbook 2>&1) || { printf '%s\n' "$log" >&2; echo "approve_scale: swift build failed" >&2; exit 1; }
    sed -nE '/error|omplete/p' <<<"$log"
    bin=$(cd "$root" && swift build --show-bin-path)
fi
logbook="$bin/logbook"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export LOGBOOK_TODAY=2026-06-15 LOGBOOK_KEY_DIR="$out/keys" NO_COLOR=1
unset LOGBOOK_DB LOGBOOK_USER

now() { date +%s.%N; }

for n in "${sizes[@]}"; do
    db="$out/approve-$n.sqlite"
    run() { "$logbook" "$@" --db "$db" >/dev/null 2>"$out/stderr" || { cat "$out/stderr" >&2; return 1; }; }
    {
        printf '{"specialty": "Kardiologi", "version": "2025", "validFrom": "2025-01-01", "title": "Genereret", "competencies": [\n'
        for ((i = 1; i <= n; i++)); do
            [ "$i" -gt 1 ] && printf ',\n'
            printf '{"code": "C%d", "title": "Kompetence %d", "roles": ["Medicinsk ekspert"], "methods": ["Mini-CEX"]}' "$i" "$i"
        done
        printf '\n]}\n'
    } > "$out/curriculum-$n.json"
    run init
    run person add sek.a --name "Sekretær A"
    run grant sek.a secretariat --region Syddanmark --from 2026-01-01
    run department add KARD --name "Kardiologisk afdeling" --kind hospital --region Syddanmark --as sek.a
    run person add dr.lead --name "Lise Lead" --as sek.a
    run person add dr.berg --name "Bo Berg" --as sek.a
    run person add t1 --name "Trainee 1" --as sek.a
    run person add t2 --name "Trainee 2" --as sek.a
    run grant dr.lead uao --department KARD --from 2026-01-01 --as sek.a
    run grant dr.berg hovedvejleder --department KARD --from 2026-01-01 --as dr.lead
    run curriculum import "$out/curriculum-$n.json" --as sek.a
    for t in t1 t2; do
        run position start --trainee "$t" --department KARD --curriculum Kardiologi --start 2026-03-01 --supervisor dr.berg --as dr.lead
    done
    codes=(); for ((i = 1; i <= n; i++)); do codes+=("C$i"); done
    start=$(now)
    run approve --position 1 "${codes[@]}" --as dr.berg
    end=$(now)
    printf '%6d codes as arguments:     %6.2f s\n' "$n" "$(echo "$end - $start" | bc)"
    # The help captured first, then searched: `--help | grep -q` under pipefail can lose to SIGPIPE (bench/run.sh).
    approve_help=$("$logbook" approve --help 2>/dev/null || true)
    if grep -q -- '--codes-file' <<<"$approve_help"; then
        printf '%s\n' "${codes[@]}" > "$out/codes-$n.txt"
        start=$(now)
        run approve --position 2 --codes-file "$out/codes-$n.txt" --as dr.berg
        end=$(now)
        printf '%6d codes from --codes-file: %6.2f s\n' "$n" "$(echo "$end - $start" | bc)"
    fi
    [ "$(sqlite3 "$db" "SELECT count(*) FROM event WHERE kind = 'competency-approval'")" -ge "$n" ]
done
