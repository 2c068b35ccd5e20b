#!/usr/bin/env bash
# A demo department with keys: every act signed, a signed checkpoint of the log (issue 29), exported as a bundle cut at
# it, checked by both verifiers (complete as of the checkpoint) and its checkpoint by tools/c2sp_note.py.
# Usage: tools/bundle_demo.sh [LOGBOOK-BINARY]   (default: logbook on PATH). Exit 0 when both accept it and
# both reject a one-byte change to a signed field.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
L=${1:-logbook}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LOGBOOK_DB=$work/demo.sqlite LOGBOOK_KEY_DIR=$work/keys LOGBOOK_TODAY=2026-06-15 LOGBOOK_LANG=en
unset LOGBOOK_USER
$L init >/dev/null
$L person add sek.a --name "Sekretær A" >/dev/null
$L grant sek.a secretariat --region Syddanmark --from 2026-01-01 >/dev/null
key() { $L key generate --as "$1" 2>/dev/null | sed -n 's/^public key: *//p'; }
# Keys first: with --trust every grant, the position binding and every act must be signed by a key chaining to sek.a's.
$L key register sek.a "$(key sek.a)" --from 2026-01-01 --as sek.a 2>/dev/null
$L department add KARD --name "Kardiologisk afdeling" --kind hospital --region Syddanmark --as sek.a >/dev/null
for p in dr.lead dr.berg dr.ung; do $L person add $p --name "$p" --as sek.a >/dev/null; done
$L grant dr.lead uao --department KARD --from 2026-01-01 --as sek.a >/dev/null
$L key register dr.lead "$(key dr.lead)" --from 2026-01-01 --as sek.a
$L grant dr.berg hovedvejleder --department KARD --from 2026-01-01 --as dr.lead >/dev/null
$L key register dr.berg "$(key dr.berg)" --from 2026-01-01 --as dr.lead
$L curriculum import "$root/examples/kardiologi-intro-2022.json" --as sek.a >/dev/null
$L position start --trainee dr.ung --department KARD --curriculum Kardiologi --start 2026-03-01 --supervisor dr.berg --as dr.lead >/dev/null
$L approve --position 1 I1 I2 --comment "fin EKG-tolkning" --as dr.berg
$L approve --position 1 --course "Kursus i klinisk vejledning" --date 2026-05-01 --as dr.berg
# The request workflow: the trainee asks, the hovedvejleder declines one request and answers the other by approving.
$L key register dr.ung "$(key dr.ung)" --from 2026-03-01 --as dr.lead
asked=$($L request add --to hovedvejleder I3 I4 --message "Mini-CEX den 10.06" --as dr.ung | sed -n 's/^Request \([0-9]*\) .*/\1/p')
other=$($L request add --to dr.berg I5 --as dr.ung | sed -n 's/^Request \([0-9]*\) .*/\1/p')
$L request decline "$other" --reason "Optag en vurdering først" --as dr.berg >/dev/null
$L request approve "$asked" --comment "godt arbejde" --as dr.berg >/dev/null
$L statement --position 1 --as dr.lead
$L checkpoint --as sek.a >/dev/null
$L verify
$L export --position 1 -o "$work/bundle.json" --as sek.a
$L verify --bundle "$work/bundle.json" --trust "$work/keys/sek.a.pub" --not-before 2020-01-01
python3 "$root/tools/verify_bundle.py" "$work/bundle.json" --trust "$work/keys/sek.a.pub" --not-before 2020-01-01
python3 "$root/tools/c2sp_note.py" --bundle "$work/bundle.json" --key "$(grep -v '^#' "$work/keys/sek.a.pub" | head -1)" >/dev/null
sed 's/"text":"fin EKG-tolkning"/"text":"fin EKG-tolkninG"/' "$work/bundle.json" > "$work/changed.json"
if $L verify --bundle "$work/changed.json" --trust "$work/keys/sek.a.pub" >/dev/null; then echo "logbook accepted a changed bundle" >&2; exit 1; fi
if python3 "$root/tools/verify_bundle.py" "$work/changed.json" --trust "$work/keys/sek.a.pub" >/dev/null; then echo "verify_bundle.py accepted a changed bundle" >&2; exit 1; fi
# tools/differential.sh mutates this bundle: KEEP_BUNDLE=DIR copies it and the key folder there.
if [ -n "${KEEP_BUNDLE:-}" ]; then cp -r "$work/bundle.json" "$work/keys" "$KEEP_BUNDLE/"; fi
echo "bundle demo: both verifiers accept the bundle and reject a one-byte change"
