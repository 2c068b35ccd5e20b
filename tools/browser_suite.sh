#!/usr/bin/env bash
# The web pages in a real browser (issue 16): starts `logbook serve --demo` on a free loopback port and drives headless
# Chromium through an intro across the demo's people (Tests/Browser/test_intro.py). Fails on any failed step.
# Usage: tools/browser_suite.sh [path/to/logbook]
# Needs chromium, chromedriver (Debian: chromium chromium-driver) and Python's selenium (.ci/run installs them).
# Screenshots (never committed): $LOGBOOK_SCREENSHOTS, default ${TMPDIR:-/tmp}/logbook-browser-screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
logbook="${1:-$(swift build --show-bin-path)/logbook}"
[ -x "$logbook" ] || { echo "browser_suite: no program at $logbook" >&2; exit 66; }
command -v chromedriver >/dev/null 2>&1 || { echo "browser_suite: chromedriver is missing: apt-get install chromium chromium-driver" >&2; exit 69; }
python3 -c 'import selenium' >/dev/null 2>&1 || { echo "browser_suite: Python's selenium is missing: python3 -m pip install selenium" >&2; exit 69; }

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export LOGBOOK_SCREENSHOTS="${LOGBOOK_SCREENSHOTS:-${TMPDIR:-/tmp}/logbook-browser-screenshots}"
# Plain http on loopback: cookies without the Secure flag. The demo's database goes into the scratch folder.
LOGBOOK_INSECURE_COOKIES=1 LOG_LEVEL=warning \
  "$logbook" serve --demo --db "$work/logbook.sqlite" --listen 127.0.0.1:0 >"$work/out" 2>"$work/err" &
server=$!
base=""
for _ in $(seq 1 300); do
  base="$(sed -n 's/^listening on //p' "$work/out" 2>/dev/null | head -1 || true)"
  [ -n "$base" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
[ -n "$base" ] || { echo "browser_suite: the server did not start" >&2; cat "$work/out" "$work/err" >&2; exit 1; }
for _ in $(seq 1 100); do curl -sf -o /dev/null "$base/healthz" && break; sleep 0.1; done
curl -sf -o /dev/null "$base/healthz" || { echo "browser_suite: $base/healthz does not answer" >&2; exit 1; }
echo "browser_suite: logbook serve --demo at $base"

started=$(date +%s.%N)
status=0
python3 Tests/Browser/test_intro.py --base "$base" --demo-output "$work/out" || status=$?
elapsed=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$started" "$(date +%s.%N)")
if grep -qi "internal error" "$work/err"; then
  echo "browser_suite: the server logged an internal error:" >&2; grep -i "internal error" "$work/err" >&2; status=1
fi
echo "browser_suite: the suite ran ${elapsed} s; screenshots in $LOGBOOK_SCREENSHOTS"
[ "$status" -eq 0 ] && echo "browser_suite: passed" || echo "browser_suite: FAILED" >&2
exit "$status"
