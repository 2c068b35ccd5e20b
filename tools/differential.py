#!/usr/bin/env python3
"""Differential test of the two bundle verifiers (issue 11): mutates a real bundle COUNT times (field edits, deletions,
swaps, moved events, re-hashing with the published format, re-signing with a key the attacker holds, stripped
signatures, id games, the position and curriculum objects, the JSON text itself, and rule-level mutations: events
re-signed or appended with their maker's own key that break one rule of docs/EVENT-FORMAT.md "The rules" — or keep
them all) and requires
`logbook verify --bundle M --trust T` and tools/verify_bundle.py to give the same verdict on every mutation, every
mutation that changes meaning rejected and every neutral one (re-formatting, member order, exported_at) accepted.
Dropping the last event of a chain yields the bundle of an earlier day, which no hash chain can tell apart: for it the
verifiers need only agree — unless the bundle carries the exporter's signed statement (issue 29), which names its
chain's last event.

    differential.py LOGBOOK-BINARY BUNDLE.json TRUST.pub KEYDIR COUNT [SEED]

Prints one line per failure and a summary; exit 0 when all agree and hold, 1 otherwise.
"""
import copy
import json
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forge  # noqa: E402
import verify_bundle  # noqa: E402

FIELDS = forge.FIELDS


def chains(doc):
    return [name for name in ("key_chain", "events") if doc.get(name)]


def pick(rng, doc):
    name = rng.choice(chains(doc))
    return name, rng.randrange(len(doc[name]))


def rehash(doc, name, keys=None, keep_signatures=True):
    previous = forge.GENESIS
    for e in doc[name]:
        signature = e.get("signature")
        e["prev_hash"] = previous
        forge.seal(e, (keys or {}).get(e["actor"]))
        if keep_signatures and not keys:
            e["signature"] = signature
        previous = e["hash"]


def edit_text(rng, value):
    if not value:
        return rng.choice(["x", "0", "1", " ", "-1"])
    i = rng.randrange(len(value))
    choices = [value[:i] + value[i + 1:], value[:i] + rng.choice("0189aZ- :\n") + value[i + 1:], value + value[-1], value.upper(),
               " " + value, value + " "]
    return rng.choice([c for c in choices if c != value] or ["x" + value])


# ---- mutations: each returns (document or raw bytes, meaning_changed, label) -----------------------------------

def m_field(rng, doc, ctx):
    name, i = pick(rng, doc)
    field = rng.choice(FIELDS + ["hash", "signature"])
    e = doc[name][i]
    old = e.get(field)
    e[field] = edit_text(rng, old or "") if field != "signature" or old else rng.choice(["", "AAAA", old and old[::-1] or "x"])
    return doc, True, f"edit {name}[{i}].{field}"


def m_field_rehashed(rng, doc, ctx):
    name, i = pick(rng, doc)
    field = rng.choice(["text", "effective_on", "actor", "actor_role", "competency", "payload", "actor_department", "recorded_at"])
    e = doc[name][i]
    e[field] = edit_text(rng, e[field])
    rehash(doc, name)
    return doc, True, f"edit {name}[{i}].{field}, chain re-hashed, signatures kept"


def m_field_resigned(rng, doc, ctx):
    name, i = pick(rng, doc)
    field = rng.choice(["text", "effective_on", "actor", "competency", "payload"])
    e = doc[name][i]
    e[field] = edit_text(rng, e[field])
    attacker = ctx["attacker"]
    rehash(doc, name, keys={h: attacker for h in {x["actor"] for x in doc[name]}})
    return doc, True, f"edit {name}[{i}].{field}, re-hashed and re-signed with the trainee's key"


def m_delete(rng, doc, ctx):
    name, i = pick(rng, doc)
    if i == len(doc[name]) - 1 and doc.get("statement"):
        del doc[name][i]
        return doc, True, f"delete the last event of {name} (the signed statement names it)"
    if i == len(doc[name]) - 1:
        # The tail of a chain dropped: the bundle of an earlier day. Hash chains cannot tell (no signed head yet;
        # docs/signing.md): both verifiers must agree, nothing more.
        del doc[name][i]
        return doc, None, f"delete the last event of {name} (an earlier state)"
    del doc[name][i]
    if rng.random() < 0.5:
        rehash(doc, name)
        return doc, True, f"delete {name}[{i}], re-hashed"
    return doc, True, f"delete {name}[{i}]"


def m_swap(rng, doc, ctx):
    name = rng.choice(chains(doc))
    if len(doc[name]) < 2:
        return m_delete(rng, doc, ctx)
    i, j = rng.sample(range(len(doc[name])), 2)
    doc[name][i], doc[name][j] = doc[name][j], doc[name][i]
    if rng.random() < 0.5:
        rehash(doc, name)
        return doc, True, f"swap {name}[{i}] and [{j}], re-hashed"
    return doc, True, f"swap {name}[{i}] and [{j}]"


def m_move(rng, doc, ctx):
    source, i = pick(rng, doc)
    target = "events" if source == "key_chain" else "key_chain"
    e = doc[source].pop(i)
    doc.setdefault(target, []).insert(rng.randrange(len(doc[target]) + 1), e)
    if rng.random() < 0.5:
        rehash(doc, source)
        rehash(doc, target)
        return doc, True, f"move {source}[{i}] to {target}, re-hashed"
    return doc, True, f"move {source}[{i}] to {target}"


def m_strip(rng, doc, ctx):
    if rng.random() < 0.3:
        for name in chains(doc):
            for e in doc[name]:
                e["signature"] = None
        return doc, True, "strip every signature"
    signed = [(n, i) for n in chains(doc) for i, e in enumerate(doc[n]) if e.get("signature")]
    name, i = rng.choice(signed)
    doc[name][i]["signature"] = None
    return doc, True, f"strip the signature of {name}[{i}]"


def m_ids(rng, doc, ctx):
    name, i = pick(rng, doc)
    e = doc[name][i]
    ids = [int(x["id"]) for n in chains(doc) for x in doc[n]]
    new = rng.choice(["0", "-1", str(min(ids) - 1), str(max(ids) + 5), str(rng.choice(ids)), "0" + e["id"], "+" + e["id"],
                      e["id"] + ".0", "99999999999999999999", str(int(e["id"]) + 1), str(int(e["id"]) - 1)])
    if new == e["id"]:
        new = str(int(e["id"]) + 1000)
    e["id"] = new
    if rng.random() < 0.6:
        rehash(doc, name)
        return doc, True, f"id of {name}[{i}] set to {new}, re-hashed"
    return doc, True, f"id of {name}[{i}] set to {new}"


def m_position(rng, doc, ctx):
    field = rng.choice(["trainee", "department", "department_kind", "region", "start", "part_time", "kbu_general_practice", "id"])
    old = doc["position"].get(field)
    if isinstance(old, bool):
        doc["position"][field] = not old
    elif isinstance(old, int):
        doc["position"][field] = old + 1
    else:
        doc["position"][field] = edit_text(rng, old or "")
    return doc, True, f"position.{field} edited"


def m_curriculum(rng, doc, ctx):
    cur = doc["curriculum"]
    choice = rng.randrange(4)
    if choice == 0 and cur["competencies"]:
        cur["competencies"].pop(rng.randrange(len(cur["competencies"])))
        return doc, True, "a competency removed from the curriculum"
    if choice == 1:
        cur["competencies"].append({"code": "I9", "title": "Ny"})
        return doc, True, "a competency added to the curriculum"
    if choice == 2:
        cur["version"] = edit_text(rng, cur["version"])
        return doc, True, "curriculum version edited"
    cur["courses"] = cur["courses"] + ["Et kursus mere"]
    return doc, True, "a course added to the curriculum"


def m_json(rng, doc, ctx):
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    choice = rng.randrange(4)
    if choice == 0:
        return b"\xef\xbb\xbf" + text.encode(), True, "a byte order mark"
    if choice == 1:
        at = text.index('"kind"', rng.randrange(len(text) // 2))
        return (text[:at] + '"kind":"statement",' + text[at:]).encode(), True, "a duplicate member"
    if choice == 2:
        return text[: rng.randrange(10, len(text) - 1)].encode(), True, "truncated"
    return text.encode("utf-16"), True, "not UTF-8"


def m_neutral(rng, doc, ctx):
    choice = rng.randrange(3)
    if choice == 0:
        return json.dumps(doc, ensure_ascii=rng.random() < 0.5, indent=rng.choice([1, 2, 4])).encode(), False, "re-formatted"
    if choice == 1:
        def shuffled(value):
            if isinstance(value, dict):
                items = list(value.items())
                rng.shuffle(items)
                return {k: shuffled(v) for k, v in items}
            if isinstance(value, list):
                return [shuffled(v) for v in value]
            return value
        return shuffled(doc), False, "object members re-ordered"
    doc["exported_at"] = "2027-01-01T00:00:00.000Z"
    return doc, False, "exported_at changed"


# ---- rule-level mutations (issue 29): events signed by their maker's own key, completeness stripped so the rules decide --

def strip_completeness(doc):
    for member in ("checkpoint", "statement"):
        doc.pop(member, None)
    for name in ("events", "key_chain"):
        for e in doc.get(name, []):
            e.pop("tree_index", None)
            e.pop("inclusion", None)


def resign(doc, name, ctx):
    """Re-hashes `name` and signs every event with its maker's own key (the makers' keys are in KEYDIR)."""
    previous = forge.GENESIS
    for e in doc[name]:
        e["prev_hash"] = previous
        key = ctx["keys"].get(e["actor"])
        if e.get("authentication") or key is None or e.get("signature") is None:   # an unsigned event stays unsigned
            forge.seal(e)
            e["signature"] = None
        else:
            forge.seal(e, key)
        previous = e["hash"]


def appended(doc, ctx, **fields):
    """A position event by the UAO (dr.lead), signed with the UAO's own key, at the end of the chain."""
    append_event(doc, ctx, **fields)
    return doc


def append_event(doc, ctx, on="2026-06-15", chain="events", **fields):
    """An event by the UAO (dr.lead), made and recorded `on`, signed with the UAO's own key, at the end of `chain` (the
    position's, else the authority chain); completeness stripped so the rules decide. Returns the event."""
    strip_completeness(doc)
    ids = [int(x["id"]) for n in chains(doc) for x in doc[n]]
    e = forge.event(id=max(ids) + 1, position=doc["position"]["id"] if chain == "events" else "", effective_on=on,
                    recorded_at=f"{on}T10:00:00.000Z", actor="dr.lead", actor_role="uao",
                    actor_department=doc["position"]["department"], **fields)
    e["prev_hash"] = doc[chain][-1]["hash"] if doc.get(chain) else forge.GENESIS
    doc.setdefault(chain, []).append(forge.seal(e, ctx["keys"]["dr.lead"]))
    return e


def end_of(doc):
    """The position's end by the time rules (no absence yet in the demo) and the first day time may be attested."""
    binding = verify_bundle.binding_payload(next(e for e in doc["events"] if e["kind"] == "position")["payload"])
    return verify_bundle.schedule(binding, [])


def absence(kind, start, end):
    return f"kind:{kind}\nfrom:{start}\nto:{end}"


def r_role(rng, doc, ctx):
    """R-ROLE: an event's actor_role set to a role its maker never held, the chain re-signed by each maker's own key."""
    strip_completeness(doc)
    name, i = pick(rng, doc)
    e = doc[name][i]
    e["actor_role"] = "tutor" if e["actor_role"] != "tutor" else "secretariat"
    resign(doc, name, ctx)
    return doc, True, f"R-ROLE: {name}[{i}] ({e['kind']} by {e['actor']}) recorded as {e['actor_role']}, re-signed by its maker"


def r_sickness_ahead(rng, doc, ctx):
    """R-SICKNESS-AHEAD: sickness ending after the day it is recorded, by the UAO with the UAO's key."""
    end = rng.choice(["2026-06-16", "2026-06-30", "2026-07-15"])
    kind = rng.choice(["sickness", "child-sick"])
    return appended(doc, ctx, kind="absence", payload=f"kind:{kind}\nfrom:2026-06-10\nto:{end}"), True, f"R-SICKNESS-AHEAD: {kind} until {end}"


def r_absence_before_start(rng, doc, ctx):
    """R-ABSENCE-START: absence from before the position's start."""
    start = forge_date(doc["position"]["start"], -rng.choice([1, 5, 40]))
    payload = f"kind:holiday\nfrom:{start}\nto:{forge_date(doc['position']['start'], 2)}"
    return appended(doc, ctx, kind="absence", payload=payload), True, f"R-ABSENCE-START: absence from {start}"


def r_supervisor_back(rng, doc, ctx):
    """R-SUPERVISOR-MOVE: a new hovedvejleder from the position's start, before the acts the old one made."""
    payload = f"supervisor:dr.lead\nfrom:{doc['position']['start']}"
    return appended(doc, ctx, kind="supervisor-assignment", payload=payload), True, "R-SUPERVISOR-MOVE: hovedvejleder moved to the start"


def r_name(rng, doc, ctx):
    """R-NAME: a person's name given in the authority chain, signed by its maker's own key: by the hovedvejleder (who may
    not name people: rejected) or by the UAO (allowed) — of the trainee (then the bundle's trainee_name is no longer the
    log's: rejected) or of the hovedvejleder (accepted)."""
    strip_completeness(doc)
    maker, role = rng.choice([("dr.berg", "supervisor"), ("dr.lead", "uao")])
    handle = rng.choice([doc["position"]["trainee"], "dr.berg"])
    ids = [int(x["id"]) for n in chains(doc) for x in doc[n]]
    e = forge.event(id=max(ids) + 1, kind="person-name", effective_on="2026-06-15", actor=maker, actor_role=role,
                    actor_department=doc["position"]["department"], payload=f"handle:{handle}\nname:Anne Anden")
    e["prev_hash"] = doc["key_chain"][-1]["hash"] if doc["key_chain"] else forge.GENESIS
    doc["key_chain"].append(forge.seal(e, ctx["keys"].get(maker)))
    wrong = maker == "dr.berg" or handle == doc["position"]["trainee"]
    return doc, wrong, f"R-NAME: {handle} named by {maker}"
def r_absence_attested(rng, doc, ctx):
    """R-ABSENCE-ATTESTED: time attested lawfully in its window, then absence recorded, or an earlier absence withdrawn,
    under it."""
    end, attestable = end_of(doc)
    attest_on = forge_date(attestable.isoformat(), rng.randrange(0, 10))
    after = forge_date(attest_on, rng.randrange(0, 3))
    if rng.random() < 0.5:
        append_event(doc, ctx, on=attest_on, kind="time-attestation")
        kind = rng.choice(["holiday", "care-day", "mandatory-course"])
        append_event(doc, ctx, on=after, kind="absence", payload=absence(kind, after, after))
        return doc, True, f"R-ABSENCE-ATTESTED: {kind} recorded on {after} under the time attestation of {attest_on}"
    earlier = append_event(doc, ctx, kind="absence", payload=absence("holiday", "2026-06-20", "2026-06-24"))
    append_event(doc, ctx, on=attest_on, kind="time-attestation")
    append_event(doc, ctx, on=after, kind="absence-withdrawal", payload=f"absence:{earlier['id']}", text="fejl")
    return doc, True, f"R-ABSENCE-ATTESTED: absence withdrawn on {after} under the time attestation of {attest_on}"


def r_absence_overlap(rng, doc, ctx):
    """R-ABSENCE-OVERLAP: a lawful absence, then another overlapping it."""
    first_from = forge_date("2026-06-20", rng.randrange(0, 30))
    length = rng.randrange(1, 10)
    first_to = forge_date(first_from, length - 1)
    second_from = forge_date(first_from, rng.randrange(-5, length))
    second_to = forge_date(max(second_from, first_from), rng.randrange(0, 5))
    append_event(doc, ctx, kind="absence", payload=absence("holiday", first_from, first_to))
    kind = rng.choice(["holiday", "care-day", "mandatory-course", "parental-leave"])
    append_event(doc, ctx, kind="absence", payload=absence(kind, second_from, second_to))
    return doc, True, f"R-ABSENCE-OVERLAP: {kind} {second_from}..{second_to} over a holiday {first_from}..{first_to}"


def r_absence_window(rng, doc, ctx):
    """R-ABSENCE-WINDOW: absence from after the end, until after the end even as extended by it, or moving the end more
    than six years after the start."""
    end, _ = end_of(doc)
    choice = rng.randrange(3)
    if choice == 0:
        start = forge_date(end.isoformat(), rng.randrange(1, 40))
        payload, label = absence("holiday", start, forge_date(start, rng.randrange(0, 5))), f"from {start}, after the end {end}"
    elif choice == 1:
        start = forge_date(end.isoformat(), -rng.randrange(0, 10))
        until = forge_date(end.isoformat(), rng.randrange(1, 20))
        payload, label = absence(rng.choice(["holiday", "mandatory-course"]), start, until), f"until {until}, after the end {end}"
    else:
        until = forge_date(doc["position"]["start"], 365 * 6 + rng.randrange(0, 400))
        payload, label = absence("parental-leave", "2026-07-01", until), f"parental leave until {until} (end past six years)"
    return appended(doc, ctx, kind="absence", payload=payload), True, f"R-ABSENCE-WINDOW: absence {label}"


def r_supervisor_grant(rng, doc, ctx):
    """R-SUPERVISOR-GRANT: the UAO (no hovedvejleder grant) named hovedvejleder after the old one's acts, or dr.berg named
    from a past day after the UAO ended his grant before the day it is recorded."""
    if rng.random() < 0.5:
        start = forge_date("2026-06-16", rng.randrange(0, 60))
        payload = f"supervisor:dr.lead\nfrom:{start}"
        return appended(doc, ctx, kind="supervisor-assignment", payload=payload), True, f"R-SUPERVISOR-GRANT: dr.lead from {start}"
    grant = next(int(e["id"]) for e in doc["key_chain"] if e["kind"] == "grant" and e["payload"].startswith("holder:dr.berg\n"))
    ends = forge_date("2026-06-14", -rng.randrange(0, 10))
    append_event(doc, ctx, chain="key_chain", kind="grant-end", payload=f"grant:{grant}\nends_on:{ends}")
    start = forge_date(ends, -rng.randrange(0, 30))
    append_event(doc, ctx, kind="supervisor-assignment", payload=f"supervisor:dr.berg\nfrom:{start}")
    return doc, True, f"R-SUPERVISOR-GRANT: dr.berg from {start}, his grant ended {ends}"


def r_supervisor_window(rng, doc, ctx):
    """R-SUPERVISOR-WINDOW: dr.berg named again from a day after the position's end."""
    end, _ = end_of(doc)
    start = forge_date(end.isoformat(), rng.randrange(1, 100))
    payload = f"supervisor:dr.berg\nfrom:{start}"
    return appended(doc, ctx, kind="supervisor-assignment", payload=payload), True, f"R-SUPERVISOR-WINDOW: from {start}, after {end}"


def r_lawful_facts(rng, doc, ctx):
    """Control: lawful facts both must accept — a time attestation in its window; two absences side by side, one withdrawn;
    a new hovedvejleder granted and named after the old one's acts; absence up to the end."""
    end, attestable = end_of(doc)
    choice = rng.randrange(4)
    if choice == 0:
        on = forge_date(attestable.isoformat(), rng.randrange(0, 20))
        append_event(doc, ctx, on=on, kind="time-attestation")
        return doc, False, f"a lawful time attestation on {on}"
    if choice == 1:
        first = append_event(doc, ctx, kind="absence", payload=absence("holiday", "2026-06-20", "2026-06-24"))
        append_event(doc, ctx, kind="absence", payload=absence("care-day", "2026-06-25", "2026-06-25"))
        if rng.random() < 0.5:
            append_event(doc, ctx, kind="absence-withdrawal", payload=f"absence:{first['id']}", text="fejl")
            append_event(doc, ctx, kind="absence", payload=absence("holiday", "2026-06-22", "2026-06-23"))
        return doc, False, "lawful absences side by side (one withdrawn and replaced)"
    if choice == 2:
        append_event(doc, ctx, chain="key_chain", kind="grant", payload="holder:dr.ny\nrole:supervisor\ndepartment:KARD\n"
                     "department_kind:hospital\nregion:Syddanmark\nmay_approve:no\nvalid_from:2026-06-15\nvalid_until:")
        append_event(doc, ctx, kind="supervisor-assignment", payload="supervisor:dr.ny\nfrom:2026-06-16")
        return doc, False, "a lawful new hovedvejleder (granted, then named)"
    start = forge_date(end.isoformat(), -rng.randrange(0, 20))
    append_event(doc, ctx, kind="absence", payload=absence("holiday", start, end.isoformat()))
    return doc, False, f"a lawful holiday {start}..{end}"


def r_lawful(rng, doc, ctx):
    """Control: a lawful holiday ahead, recorded by the UAO with the UAO's key: both must accept it."""
    return appended(doc, ctx, kind="absence", payload="kind:holiday\nfrom:2026-06-20\nto:2026-06-24"), False, "a lawful holiday ahead"


def forge_date(iso, days):
    import datetime
    return (datetime.date.fromisoformat(iso) + datetime.timedelta(days=days)).isoformat()


RULES = [r_role, r_sickness_ahead, r_absence_before_start, r_supervisor_back, r_absence_attested, r_absence_overlap, r_absence_window,
         r_supervisor_grant, r_supervisor_window, r_name, r_lawful, r_lawful_facts]

MUTATIONS = [m_field] * 6 + [m_field_rehashed] * 4 + [m_field_resigned] * 2 + [m_delete] * 2 + [m_swap] * 2 + [m_move] * 2 \
    + [m_strip] * 3 + [m_ids] * 4 + [m_position] * 2 + [m_curriculum] + [m_json] + [m_neutral] * 2 + RULES * 2


def main(argv):
    if len(argv) not in (5, 6):
        print(__doc__, file=sys.stderr)
        return 64
    binary, bundle, trust, keydir, count = argv[0], argv[1], argv[2], argv[3], int(argv[4])
    seed = int(argv[5]) if len(argv) == 6 else int(time.time())
    rng = random.Random(seed)
    with open(bundle, encoding="utf-8") as handle:
        original = json.load(handle)
    trusted = set(verify_bundle.read_trust_file(trust))
    try:
        attacker = forge.private_key(keydir, "dr.ung")   # the trainee's own registered key, when the demo has one
    except OSError:
        attacker = forge.Ed25519PrivateKey.generate()     # else a key of the attacker's own
    keys = {}
    for handle in ("sek.a", "dr.lead", "dr.berg", "dr.ung", "dr.dkv"):
        try:
            keys[handle] = forge.private_key(keydir, handle)
        except OSError:
            pass
    ctx = {"attacker": attacker, "keys": keys}
    rules = {m.__name__: [0, 0] for m in RULES}
    start, failures, rejected, seen = time.time(), 0, 0, 0
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "mutated.json")
        for n in range(count):
            mutation = rng.choice(MUTATIONS)
            result, changed, label = mutation(rng, copy.deepcopy(original), ctx)
            if not isinstance(result, bytes):
                if result == original and changed is not None:
                    continue   # the edit happened to change nothing
                result = json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode()
            seen += 1
            with open(path, "wb") as handle:
                handle.write(result)
            if mutation in RULES:
                rules[mutation.__name__][0] += 1
            own = subprocess.run([binary, "verify", "--bundle", path, "--trust", trust], capture_output=True, text=True)
            python = verify_bundle.verify(result, trusted)
            python_status = 1 if python else 0
            if own.returncode not in (0, 1):
                print(f"#{n} {label}: logbook exited {own.returncode}: {own.stderr.strip()}")
                failures += 1
                continue
            rejected += own.returncode == 1
            if own.returncode != python_status:
                failures += 1
                print(f"#{n} {label}: logbook says {own.returncode}, verify_bundle.py says {python_status}\n"
                      f"    logbook: {own.stdout.strip()[:300]}\n    python: {'; '.join(python)[:300]}")
            elif changed is not None and own.returncode != (1 if changed else 0):
                failures += 1
                verdict = "accepted" if changed else "rejected"
                print(f"#{n} {label}: both verifiers {verdict} it ({own.stdout.strip()[:300]})")
            elif mutation in RULES:
                rules[mutation.__name__][1] += 1
    elapsed = time.time() - start
    print("rule-level: " + ", ".join(f"{name} {ok}/{tried}" for name, (tried, ok) in rules.items()))
    print(f"differential: {seen} mutations (seed {seed}), {rejected} rejected, {failures} failures, {elapsed:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
