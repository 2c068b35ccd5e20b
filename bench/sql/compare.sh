#!/usr/bin/env bash
# Checks that bench/sql/check.sql and report.sql give logbook's answers, on one database and department.
#
#   bench/sql/compare.sh DB [BIN-DIR] [DEPARTMENT-CODE]
#
# BIN-DIR holds `logbook` (default .build/release); the department defaults to the one with the most positions. Prints
# the problem lines per kind on both sides and any line only one side has; compares the report's CSV cell by cell (logbook's
# 16 columns against the first 16 of report.sql), then report.sql's last four (hovedvejleder, overdue items, at risk) against
# logbook's HTML report. LOGBOOK_TODAY sets the day (default 2026-06-15). Exit 1 on any difference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
db=$1
bin=${2:-$here/../../.build/release}
export LOGBOOK_TODAY=${LOGBOOK_TODAY:-2026-06-15} NO_COLOR=1 LOGBOOK_LANG=en
unset LOGBOOK_DB LOGBOOK_USER
today=$LOGBOOK_TODAY
if [ $# -ge 3 ]; then
    code=$3
else
    code=$(sqlite3 "$db" "SELECT d.code FROM department d JOIN position p ON p.department_id = d.id GROUP BY d.id ORDER BY count(*) DESC, d.id LIMIT 1")
fi
id=$(sqlite3 "$db" "SELECT id FROM department WHERE code = '$code'")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for file in check.sql report.sql; do
    sed -e "s/@DEPARTMENT@/$id/g" -e "s/@TODAY@/$today/g" "$here/$file" > "$work/$file"
done
status=0

"$bin/logbook" check --department "$code" --db "$db" > "$work/check.logbook" || [ $? -eq 1 ]
sqlite3 "$db" ".read $work/check.sql" > "$work/check.sqlite"
kinds() {
    awk '/ overdue since .*\(due by month/ {k["competency"]++; next}
         /: course .* overdue since / {k["course"]++; next}
         / meeting overdue since / {k["meeting"]++; next}
         /: no main supervisor on / {k["no supervisor"]++; next}
         /holds no main supervisor grant/ {k["supervisor without grant"]++; next}
         /: ended .* not attested/ {k["ended, not attested"]++; next}
         {k["other"]++}
         END {for (x in k) printf "  %-26s %d\n", x, k[x]}' "$1" | sort
}
echo "department $code (id $id), $today"
echo "check: logbook $(wc -l < "$work/check.logbook") lines, sqlite3 $(wc -l < "$work/check.sqlite") lines"
paste <(kinds "$work/check.logbook") <(kinds "$work/check.sqlite")
if cmp -s "$work/check.logbook" "$work/check.sqlite"; then
    echo "check: identical lines, same order"
else
    echo "check: DIFFERENT (< logbook only, > sqlite3 only; first 20)"
    diff "$work/check.logbook" "$work/check.sqlite" | grep '^[<>]' | head -20 || true
    status=1
fi

"$bin/logbook" report --department "$code" --format csv --db "$db" > "$work/report.logbook"
sqlite3 -csv "$db" ".read $work/report.sql" > "$work/report.sqlite"
python3 - "$work/report.logbook" "$work/report.sqlite" <<'EOF' || status=1
import csv, sys
def rows(path, skip_header):
    with open(path, newline='', encoding='utf-8-sig') as f:
        text = f.read()
    dialect = csv.Sniffer().sniff(text.splitlines()[0]) if text else csv.excel
    data = list(csv.reader(text.splitlines(), dialect))
    return data[1:] if skip_header else data
left, right = rows(sys.argv[1], True), [r[:16] for r in rows(sys.argv[2], False)]
extra = [r[16:] for r in rows(sys.argv[2], False)]
header = ["position", "trainee", "name", "specialty", "version", "start", "end", "part time", "approved", "total", "overdue",
          "absence used", "absence allowed", "time attested", "element attested", "advance statement"]
print(f"report: logbook {len(left)} rows, sqlite3 {len(right)} rows; at risk (sqlite3): {sum(1 for e in extra if e and e[-1] == '1')}")
bad = 0
for i, (a, b) in enumerate(zip(left, right)):
    for name, x, y in zip(header, a, b):
        if x != y:
            bad += 1
            if bad <= 20: print(f"  row {i + 1} (position {a[0]}): {name}: logbook {x!r}, sqlite3 {y!r}")
if bad or len(left) != len(right):
    print(f"report: DIFFERENT ({bad} cells)")
    sys.exit(1)
print("report: every cell of the 16 columns agrees")
EOF

# The columns only the table/HTML forms show: hovedvejleder, overdue items by name with their day, at risk.
"$bin/logbook" report --department "$code" --format html --db "$db" > "$work/report.html"
python3 - "$work/report.html" "$work/report.sqlite" <<'EOF' || status=1
import csv, html, re, sys
page = open(sys.argv[1], encoding='utf-8').read()
left = []
for m in re.finditer(r'<tr( class="risk")?><td>([^<]*<br/><span class="muted">[^<]* position \d+</span>.*?)</tr>', page, re.S):
    cells = re.findall(r'<td[^>]*>(.*?)</td>', '<td>' + m.group(2), re.S)
    pid = re.search(r'position (\d+)</span>', cells[0]).group(1)
    sup = html.unescape(cells[1]) if 'class="muted"' not in cells[1] else ''
    items = '; '.join(html.unescape(x) for x in re.findall(r'<li>(.*?)</li>', cells[6]))
    left.append((pid, sup, items, '1' if m.group(1) else '0'))
with open(sys.argv[2], newline='', encoding='utf-8') as f:
    right = [(r[0], r[17], r[18], r[19]) for r in csv.reader(f)]
differing = [(a, b) for a, b in zip(left, right) if a != b]
for a, b in differing[:10]:
    print(f"  logbook {a}\n  sqlite3 {b}")
bad = len(differing) + abs(len(left) - len(right))
print(f"report extras (supervisor, overdue items, at risk) vs logbook's HTML: {len(left)} / {len(right)} rows, "
      + ("all agree" if not bad else f"DIFFERENT ({bad} rows)"))
sys.exit(1 if bad else 0)
EOF
exit $status
