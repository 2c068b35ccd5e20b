#!/usr/bin/env python3
"""An attacker's workbench for the tests (issue 11): forges events with correct hashes from the published format
(docs/EVENT-FORMAT.md) and appends them to a database file (raw SQL, as with the sqlite3 shell) or to a bundle.

    forge.py db DATABASE KEYDIR ATTACK        changes DATABASE in place
    forge.py bundle IN.json OUT.json KEYDIR ATTACK

KEYDIR holds the private keys the attacker has (`<handle>.key`). ATTACK is one of ATTACKS below. Exit 0 when the
forgery was written; the verifiers are run by the caller. Needs python3 with `cryptography`.
"""
import base64
import hashlib
import json
import os
import sqlite3
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

FIELDS = ["id", "kind", "position", "competency", "course", "revokes", "effective_on", "recorded_at",
          "actor", "actor_role", "actor_department", "text", "payload", "prev_hash"]
GENESIS = "0" * 64


def canonical(event):
    out = b"logbook-event-v1\n"
    names = FIELDS + (["authentication"] if event.get("authentication") else [])   # made through a server: a 15th line
    for name in names:
        value = event[name].encode("utf-8")
        out += f"{name}:{len(value)}:".encode("ascii") + value + b"\n"
    return out


def private_key(keydir, handle):
    with open(os.path.join(keydir, f"{handle}.key"), encoding="utf-8") as handle_file:
        lines = handle_file.read().split("\n")
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(lines[1]))


def public_key(key):
    from cryptography.hazmat.primitives import serialization
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def seal(event, key=None):
    """Sets hash (and signature with `key`, else none) from the event's fields."""
    event["hash"] = hashlib.sha256(canonical(event)).hexdigest()
    event["signature"] = base64.b64encode(key.sign(canonical(event))).decode("ascii") if key else None
    return event


def event(**fields):
    e = {name: "" for name in FIELDS}
    e["recorded_at"] = "2026-06-15T10:00:00.000Z"
    e.update({k: str(v) for k, v in fields.items()})
    return e


# ---- a log: the database's or a bundle's, as lists of bundle-form events -----------------------------------

class DatabaseLog:
    def __init__(self, path):
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA foreign_keys = OFF")

    def one(self, sql, *args):
        row = self.db.execute(sql, args).fetchone()
        return row[0] if row else None

    def next_id(self):
        return (self.one("SELECT max(id) FROM event") or 0) + 1

    def last_hash(self, position):
        if position:
            return self.one("SELECT hash FROM event WHERE position_id = ? ORDER BY id DESC LIMIT 1", int(position)) or GENESIS
        return self.one("SELECT hash FROM event WHERE position_id IS NULL ORDER BY id DESC LIMIT 1") or GENESIS

    def event_of(self, kind, holder=None):
        sql = "SELECT id FROM event WHERE kind = ?" + (" AND payload LIKE ?" if holder else "") + " ORDER BY id LIMIT 1"
        return self.one(sql, *([kind, f"holder:{holder}\n%"] if holder else [kind]))

    def append(self, e):
        db = self.db
        person = lambda h: self.one("SELECT id FROM person WHERE handle = ?", h)
        department = self.one("SELECT id FROM department WHERE code = ?", e["actor_department"]) if e["actor_department"] else None
        competency = self.one("SELECT c.id FROM competency c JOIN curriculum u ON u.id = c.curriculum_id WHERE c.code = ? "
                              "ORDER BY u.version DESC LIMIT 1", e["competency"]) if e["competency"] else None
        course = self.one("SELECT id FROM curriculum_course WHERE name = ? ORDER BY id DESC LIMIT 1", e["course"]) if e["course"] else None
        db.execute("INSERT INTO event (id, kind, position_id, competency_id, course_id, revokes_id, effective_on, recorded_at, actor_id, "
                   "actor_role, actor_department_id, text, payload, prev_hash, hash, signature) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   (int(e["id"]), e["kind"], int(e["position"]) if e["position"] else None, competency, course,
                    int(e["revokes"]) if e["revokes"] else None, e["effective_on"], e["recorded_at"], person(e["actor"]),
                    e["actor_role"], department, e["text"], e["payload"], e["prev_hash"], e["hash"], e["signature"]))

    def save(self):
        self.db.commit()


class BundleLog:
    def __init__(self, path):
        with open(path, encoding="utf-8") as handle:
            self.doc = json.load(handle)

    def all(self):
        return self.doc["key_chain"] + self.doc["events"]

    def next_id(self):
        return max(int(e["id"]) for e in self.all()) + 1

    def last_hash(self, position):
        chain = self.doc["events"] if position else self.doc["key_chain"]
        return chain[-1]["hash"] if chain else GENESIS

    def event_of(self, kind, holder=None):
        for e in self.all():
            if e["kind"] == kind and (holder is None or e["payload"].startswith(f"holder:{holder}\n")):
                return int(e["id"])
        return None

    def append(self, e):
        (self.doc["events"] if e["position"] else self.doc["key_chain"]).append(e)

    def rehash(self, chain, keys=None):
        """Recomputes every hash of `chain` in order, signing with keys[actor] where given (None: unsigned)."""
        previous = GENESIS
        for e in self.doc[chain]:
            e["prev_hash"] = previous
            seal(e, (keys or {}).get(e["actor"]))
            previous = e["hash"]

    def save(self, path):
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(self.doc, handle, ensure_ascii=False, separators=(",", ":"))


def forged(log, key=None, **fields):
    """A new event at the end of its chain, hashed, signed with `key` (or unsigned), appended to `log`."""
    fields.setdefault("id", log.next_id())
    e = event(**fields)
    e["prev_hash"] = log.last_hash(e["position"])
    log.append(seal(e, key))
    return e


# ---- the attacks (issue 11) -----------------------------------------------------------------------------

def act(log, keydir, kind="competency-approval", actor="dr.berg", role="supervisor", key_of=None, **fields):
    base = dict(kind=kind, position=1, effective_on="2026-06-15", actor=actor, actor_role=role, actor_department="KARD")
    if kind == "competency-approval":
        base["competency"] = "I1"
    base.update(fields)
    return forged(log, private_key(keydir, key_of) if key_of else None, **base)


def unsigned_before_key(log, keydir):
    """Class 2: an unsigned approval by dr.dkv (key from 2026-06-01), dated 2026-05-15, before the key starts."""
    act(log, keydir, actor="dr.dkv", role="clinical-supervisor", competency="I2", effective_on="2026-05-15")


def revocation_by_anyone(log, keydir):
    """Class 3: the trainee revokes the UAO's key (signed with the trainee's key), then acts unsigned 'as the UAO'."""
    target = log.event_of("key-registration", "dr.lead")
    forged(log, private_key(keydir, "dr.ung"), kind="revocation", revokes=target, effective_on="2026-06-15", actor="dr.ung",
           actor_role="trainee", text="lost")
    act(log, keydir, kind="statement", actor="dr.lead", role="uao")


def unchained_authority(log, keydir):
    """Class 4: with a secretariat grant that is only a table row (or a bundle's "grants" entry), the trainee
    registers a new key for the UAO and signs an element attestation with it."""
    if isinstance(log, DatabaseLog):
        log.db.execute("INSERT INTO role_grant (person_id, role, region, may_approve, valid_from, valid_until, granted_by, recorded_at) "
                       "SELECT id, 'secretariat', 'Syddanmark', 0, '2026-06-15', '2026-06-15', NULL, '2026-06-15T09:00:00.000Z' "
                       "FROM person WHERE handle = 'dr.ung'")
    else:
        log.doc.setdefault("grants", []).append({"id": 99, "person": "dr.ung", "role": "secretariat", "department": None,
                                                 "region": "Syddanmark", "may_approve": False, "valid_from": "2026-06-15",
                                                 "valid_until": "2026-06-15", "granted_by": None})
    new_key = Ed25519PrivateKey.generate()
    forged(log, private_key(keydir, "dr.ung"), kind="key-registration", effective_on="2026-06-15", actor="dr.ung",
           actor_role="secretariat", payload=f"holder:dr.lead\nkey:ed25519:{public_key(new_key)}\nvalid_from:2026-01-01\nvalid_until:")
    e = event(id=log.next_id(), kind="statement", position=1, effective_on="2026-06-15", actor="dr.lead", actor_role="uao",
              actor_department="KARD")
    e["prev_hash"] = log.last_hash("1")
    log.append(seal(e, new_key))


def id_zero(log, keydir):
    """Class 5: an unsigned approval 'by dr.berg' with id 0 at the end of the chain."""
    act(log, keydir, id=0, competency="I2")


def id_reused(log, keydir):
    """Class 5: an unsigned approval 'by dr.berg' reusing an id below dr.berg's key registration."""
    act(log, keydir, id=log.event_of("key-registration", "dr.berg") - 1, competency="I2")


def revoke_revocation(log, keydir):
    """Class 7: dr.berg revokes an approval, then revokes the revocation (both signed by dr.berg)."""
    first = act(log, keydir, key_of="dr.berg", competency="I2")
    revocation = act(log, keydir, kind="revocation", key_of="dr.berg", revokes=first["id"], text="fejl")
    act(log, keydir, kind="revocation", key_of="dr.berg", revokes=revocation["id"], text="fejl igen")


def revoke_twice(log, keydir):
    """Class 7: one approval revoked twice (both signed)."""
    first = act(log, keydir, key_of="dr.berg", competency="I2")
    act(log, keydir, kind="revocation", key_of="dr.berg", revokes=first["id"], text="fejl")
    act(log, keydir, kind="revocation", key_of="dr.berg", revokes=first["id"], text="fejl igen")


def revokes_on_approval(log, keydir):
    """Class 7: `revokes` set on a signed approval."""
    first = act(log, keydir, key_of="dr.berg", competency="I2")
    act(log, keydir, key_of="dr.berg", competency="I2", revokes=first["id"])


def key_backwards(log, keydir):
    """Class 7: a key registration whose valid_until precedes valid_from (signed by the UAO)."""
    forged(log, private_key(keydir, "dr.lead"), kind="key-registration", effective_on="2026-06-15", actor="dr.lead", actor_role="uao",
           actor_department="KARD",
           payload=f"holder:dr.dkv\nkey:ed25519:{public_key(Ed25519PrivateKey.generate())}\nvalid_from:2026-06-01\nvalid_until:2026-05-01")


def impossible_date(log, keydir):
    """Class 7: a signed approval dated 2026-02-30."""
    act(log, keydir, key_of="dr.berg", competency="I2", effective_on="2026-02-30")


def own_record(log, keydir):
    """Issue 28 (conflicts of interest): the trainee, who also holds a UAO grant in the department, revokes an approval
    on their own position (signed with their own key); then the UAO names the trainee as their own hovedvejleder."""
    target = log.event_of("competency-approval")
    forged(log, private_key(keydir, "dr.ung"), kind="revocation", position=1, revokes=target, effective_on="2026-06-15",
           actor="dr.ung", actor_role="uao", actor_department="KARD", text="fejl")
    act(log, keydir, kind="supervisor-assignment", actor="dr.lead", role="uao", key_of="dr.lead",
        payload="supervisor:dr.ung\nfrom:2026-06-15")


def role_not_held(log, keydir):
    """Issue 29, item 5 (R-ROLE): dr.berg, a hovedvejleder, revokes his own approval of I1 recorded as "uao" (a role he
    never held), signed with his own key."""
    act(log, keydir, kind="revocation", key_of="dr.berg", role="uao", revokes=log.event_of("competency-approval"), text="fejl")


def sickness_ahead(log, keydir):
    """Issue 29, item 5 (R-SICKNESS-AHEAD): the UAO records sickness until 2026-06-20 on 2026-06-15, signed with the UAO's key."""
    act(log, keydir, kind="absence", actor="dr.lead", role="uao", key_of="dr.lead", payload="kind:sickness\nfrom:2026-06-10\nto:2026-06-20")


def absence_before_start(log, keydir):
    """Issue 29, item 5 (R-ABSENCE-START): the UAO records a holiday from before the position's start (2026-03-01)."""
    act(log, keydir, kind="absence", actor="dr.lead", role="uao", key_of="dr.lead", payload="kind:holiday\nfrom:2026-02-20\nto:2026-03-03")


def supervisor_back(log, keydir):
    """Issue 29, item 5 (R-SUPERVISOR-MOVE): the UAO moves the hovedvejleder assignment back to the start, before the
    approvals dr.berg made as hovedvejleder, signed with the UAO's key."""
    act(log, keydir, kind="supervisor-assignment", actor="dr.lead", role="uao", key_of="dr.lead", payload="supervisor:dr.dkv\nfrom:2026-03-01")


def named_by_anyone(log, keydir):
    """Issue 29, item 4 (R-NAME): dr.berg, a hovedvejleder (who may not add or rename people), gives the trainee another
    name in the log, signed with his own key."""
    forged(log, private_key(keydir, "dr.berg"), kind="person-name", effective_on="2026-06-15", actor="dr.berg",
           actor_role="supervisor", actor_department="KARD", payload="handle:dr.ung\nname:Anne Anden")


def migrated_name_late(log, keydir):
    """Issue 29, item 4 (R-NAME): an unsigned name for the trainee recorded as migrated, after names recorded since."""
    forged(log, kind="person-name", effective_on="2026-06-15", actor="sek.a", actor_role="migrated",
           payload="handle:dr.ung\nname:Anne Anden")
def uao_act(log, keydir, kind, on="2026-06-15", **fields):
    """An event of position 1 by the UAO (dr.lead), dated and recorded `on`, signed with the UAO's own key."""
    return act(log, keydir, kind=kind, actor="dr.lead", role="uao", key_of="dr.lead", effective_on=on,
               recorded_at=f"{on}T10:00:00.000Z", **fields)


def time_attested(log, keydir):
    """A lawful time attestation of position 1 (end 2027-06-30, attestable from 2027-06-01) on 2027-06-10 by the UAO."""
    return uao_act(log, keydir, "time-attestation", on="2027-06-10")


def absence_attested(log, keydir):
    """Issue 29 (R-ABSENCE-ATTESTED): time attested lawfully, then the UAO records a holiday under the attestation."""
    time_attested(log, keydir)
    uao_act(log, keydir, "absence", on="2027-06-12", payload="kind:holiday\nfrom:2027-06-20\nto:2027-06-22")


def withdrawal_attested(log, keydir):
    """Issue 29 (R-ABSENCE-ATTESTED): a lawful holiday, time attested lawfully, then the UAO withdraws the holiday under
    the attestation."""
    absence = uao_act(log, keydir, "absence", payload="kind:holiday\nfrom:2026-06-20\nto:2026-06-24")
    time_attested(log, keydir)
    uao_act(log, keydir, "absence-withdrawal", on="2027-06-12", payload=f"absence:{absence['id']}", text="fejl")


def absence_overlap(log, keydir):
    """Issue 29 (R-ABSENCE-OVERLAP): a lawful holiday, then a care day inside it, both by the UAO."""
    uao_act(log, keydir, "absence", payload="kind:holiday\nfrom:2026-06-20\nto:2026-06-24")
    uao_act(log, keydir, "absence", payload="kind:care-day\nfrom:2026-06-24\nto:2026-06-24")


def absence_after_end(log, keydir):
    """Issue 29 (R-ABSENCE-WINDOW): a holiday from after the position's end (2027-06-30)."""
    uao_act(log, keydir, "absence", payload="kind:holiday\nfrom:2027-07-05\nto:2027-07-06")


def absence_past_end(log, keydir):
    """Issue 29 (R-ABSENCE-WINDOW): a holiday from inside the position to after its end (a holiday moves no end)."""
    uao_act(log, keydir, "absence", payload="kind:holiday\nfrom:2027-06-25\nto:2027-07-10")


def absence_too_long(log, keydir):
    """Issue 29 (R-ABSENCE-WINDOW): parental leave that would move the end more than 6 years after the start."""
    uao_act(log, keydir, "absence", payload="kind:parental-leave\nfrom:2026-07-01\nto:2032-12-31")


def supervisor_without_grant(log, keydir):
    """Issue 29 (R-SUPERVISOR-GRANT): the UAO names dr.dkv (a clinical supervisor, no hovedvejleder grant) as
    hovedvejleder from the day after dr.berg's last act."""
    uao_act(log, keydir, "supervisor-assignment", payload="supervisor:dr.dkv\nfrom:2026-06-16")


def supervisor_grant_ended(log, keydir):
    """Issue 29 (R-SUPERVISOR-GRANT): the UAO ends dr.berg's hovedvejleder grant on 2026-06-14 (lawful), then names
    dr.berg hovedvejleder from 2026-06-01, when the grant stood, though it has ended by the day it is recorded."""
    grant = log.event_of("grant", "dr.berg")
    forged(log, private_key(keydir, "dr.lead"), kind="grant-end", effective_on="2026-06-15", actor="dr.lead", actor_role="uao",
           actor_department="KARD", payload=f"grant:{grant}\nends_on:2026-06-14")
    uao_act(log, keydir, "supervisor-assignment", payload="supervisor:dr.berg\nfrom:2026-06-01")


def supervisor_after_end(log, keydir):
    """Issue 29 (R-SUPERVISOR-WINDOW): dr.berg named again, from after the position's end (2027-06-30)."""
    uao_act(log, keydir, "supervisor-assignment", payload="supervisor:dr.berg\nfrom:2027-08-01")


ATTACKS = {f.__name__: f for f in [unsigned_before_key, revocation_by_anyone, unchained_authority, id_zero, id_reused,
                                   revoke_revocation, revoke_twice, revokes_on_approval, key_backwards, impossible_date,
                                   own_record, role_not_held, sickness_ahead, absence_before_start, supervisor_back,
                                   absence_attested, withdrawal_attested, absence_overlap, absence_after_end, absence_past_end,
                                   absence_too_long, supervisor_without_grant, supervisor_grant_ended, supervisor_after_end,
                                   time_attested, named_by_anyone, migrated_name_late]}


def from_nothing(log, keydir):
    """Class 1 (bundles): the key chain and every signature removed, a comment edited, every hash recomputed."""
    log.doc["key_chain"] = []
    for e in log.doc["events"]:
        e["text"] = e["text"] + "!" if e["kind"] == "competency-approval" else e["text"]
    log.rehash("events")


def renamed_trainee(log, keydir):
    """Class 6 (bundles): the trainee in the bundle's position object renamed."""
    log.doc["position"]["trainee"] = "dr.ny"


def renamed_binding(log, keydir):
    """Class 6 (bundles): the trainee renamed in the position object and in the binding's payload, chain re-hashed
    (signatures kept: the attacker holds no UAO key)."""
    log.doc["position"]["trainee"] = "dr.ny"
    binding = next(e for e in log.doc["events"] if e["kind"] == "position")
    binding["payload"] = binding["payload"].replace("trainee:dr.ung\n", "trainee:dr.ny\n")
    signatures = [e["signature"] for e in log.doc["events"]]
    log.rehash("events")
    for e, signature in zip(log.doc["events"], signatures):
        e["signature"] = signature


def stripped_signatures(log, keydir):
    """Class 1 (databases): every signature removed (the append-only trigger dropped first)."""
    log.db.executescript("DROP TRIGGER IF EXISTS event_no_update; UPDATE event SET signature = NULL;")


def rebuilt_without_keys(log, keydir):
    """Class 1 (databases): the log rewritten from nothing: key registrations deleted, signatures removed, a comment
    edited, every hash recomputed from the published format (triggers dropped first)."""
    db = log.db
    db.executescript("DROP TRIGGER IF EXISTS event_no_update; DROP TRIGGER IF EXISTS event_no_delete; "
                     "DELETE FROM event WHERE kind = 'key-registration'; UPDATE event SET signature = NULL; "
                     "UPDATE event SET text = text || '!' WHERE kind = 'competency-approval';")
    rows = db.execute("""
        SELECT e.id, e.kind, coalesce(e.position_id, ''), coalesce(c.code, ''), coalesce(cc.name, ''), coalesce(e.revokes_id, ''),
               e.effective_on, e.recorded_at, p.handle, e.actor_role, coalesce(d.code, ''), e.text, e.payload
        FROM event e JOIN person p ON p.id = e.actor_id LEFT JOIN competency c ON c.id = e.competency_id
        LEFT JOIN curriculum_course cc ON cc.id = e.course_id LEFT JOIN department d ON d.id = e.actor_department_id
        ORDER BY e.id""").fetchall()
    last = {}
    for row in rows:
        e = dict(zip(FIELDS[:-1], [str(v) for v in row]))
        e["prev_hash"] = last.get(e["position"], GENESIS)
        seal(e)
        last[e["position"]] = e["hash"]
        db.execute("UPDATE event SET prev_hash = ?, hash = ? WHERE id = ?", (e["prev_hash"], e["hash"], int(e["id"])))


# ---- the attacks of issue 29 (a log that proves it is complete) ----------------------------------------------

def remove_last_event(log, keydir):
    """Item 3 (databases): position 1's last event (a revocation, which brings the revoked approval back) deleted with
    the delete trigger dropped: every chain still links."""
    last = log.one("SELECT max(id) FROM event WHERE position_id = 1")
    log.db.executescript("DROP TRIGGER IF EXISTS event_no_delete;")
    log.db.execute("DELETE FROM event WHERE id = ?", (last,))


def remove_last_event_and_checkpoints(log, keydir):
    """Item 3 (databases): as remove_last_event, and every stored checkpoint deleted too (its trigger dropped)."""
    remove_last_event(log, keydir)
    log.db.executescript("DROP TRIGGER IF EXISTS checkpoint_no_delete; DELETE FROM checkpoint;")


def retitled(log, keydir):
    """Item 4 (databases): a competency's title changed with a plain UPDATE (no event touched)."""
    log.db.execute("UPDATE competency SET title = 'Noget helt andet' WHERE code = 'I1'")


def renamed_person(log, keydir):
    """Item 4 (databases): the trainee's name changed with a plain UPDATE of person.name (no event touched): `print`,
    `status` and `history` would show it beside signed acts."""
    log.db.execute("UPDATE person SET name = 'Anne Anden' WHERE handle = 'dr.ung'")


def renamed_department(log, keydir):
    """Item 4 (databases): the department's name changed with a plain UPDATE (no event touched)."""
    log.db.execute("UPDATE department SET name = 'Anden afdeling' WHERE code = 'KARD'")


def renamed_department_unproven(log, keydir):
    """Item 4 (bundles): the department's name changed in the reader's copy of a bundle stripped of checkpoint and statement."""
    log.doc["position"]["department_name"] = "Anden afdeling"
    strip_completeness(log)


def renamed_unproven(log, keydir):
    """Item 4 (bundles): the trainee's name changed in the reader's copy, in a bundle stripped of its checkpoint and
    statement (which would otherwise cover it): the log's own name for the trainee still does."""
    log.doc["position"]["trainee_name"] = "Anne Anden"
    strip_completeness(log)


def drop_last(log, keydir):
    """Item 3 (bundles): the position chain's last event (a revocation) removed from the bundle."""
    log.doc["events"].pop()


def drop_last_unproven(log, keydir):
    """Item 3 (bundles): as drop_last, and the checkpoint, the statement and every proof removed (a bundle that claims
    nothing about completeness)."""
    drop_last(log, keydir)
    strip_completeness(log)


def strip_completeness(log):
    for member in ("checkpoint", "statement"):
        log.doc.pop(member, None)
    for e in log.doc["events"] + log.doc["key_chain"]:
        e.pop("tree_index", None)
        e.pop("inclusion", None)


def renamed_name(log, keydir):
    """Item 4 (bundles): the trainee's name and a competency title changed in the reader's copies (unsigned by the acts)."""
    log.doc["position"]["trainee_name"] = "Anne Anden"
    log.doc["curriculum"]["competencies"][0]["title"] = "Noget andet"


def borrowed_id(log, keydir):
    """Item 1: dr.berg's key was revoked by the UAO, but its thief signs an approval with it and gives the approval an
    id of another position's chain that lies below the revocation's id (the bundle shows only its own chain), with the
    tree index after the chain's last event and that event's inclusion proof."""
    last = log.doc["events"][-1]
    revocation = max(int(e["id"]) for e in log.doc["key_chain"] if e["kind"] == "revocation")
    borrowed = int(last["id"]) + 1
    assert borrowed < revocation, "the scenario needs an id of another chain below the key's revocation"
    e = act(log, keydir, key_of="dr.berg", competency="I2", id=borrowed)
    if "tree_index" in last:
        e["tree_index"] = last["tree_index"] + 1
        e["inclusion"] = list(last["inclusion"])


def borrowed_id_unproven(log, keydir):
    """Item 1: as borrowed_id, in a bundle stripped of its checkpoint, statement and proofs."""
    borrowed_id(log, keydir)
    strip_completeness(log)


DB_ONLY = {f.__name__: f for f in [stripped_signatures, rebuilt_without_keys, remove_last_event, remove_last_event_and_checkpoints,
                                   retitled, renamed_person, renamed_department]}
BUNDLE_ONLY = {f.__name__: f for f in [from_nothing, renamed_trainee, renamed_binding, drop_last, drop_last_unproven, borrowed_id,
                                       borrowed_id_unproven, renamed_name, renamed_unproven, renamed_department_unproven]}


def main(argv):
    if len(argv) == 4 and argv[0] == "db" and (argv[3] in ATTACKS or argv[3] in DB_ONLY):
        log = DatabaseLog(argv[1])
        {**ATTACKS, **DB_ONLY}[argv[3]](log, argv[2])
        log.save()
        return 0
    if len(argv) == 5 and argv[0] == "bundle" and (argv[4] in ATTACKS or argv[4] in BUNDLE_ONLY):
        log = BundleLog(argv[1])
        {**ATTACKS, **BUNDLE_ONLY}[argv[4]](log, argv[3])
        log.save(argv[2])
        return 0
    print(__doc__, file=sys.stderr)
    print("attacks: " + ", ".join(list(ATTACKS) + list(DB_ONLY) + list(BUNDLE_ONLY)), file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
