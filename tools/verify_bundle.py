#!/usr/bin/env python3
"""Independent verifier for logbook documentation bundles.

Written from docs/BUNDLE-FORMAT.md and docs/EVENT-FORMAT.md only, to prove the format does not depend on
the logbook program. Needs Python 3.8+ and the `cryptography` package (pip install cryptography).

    python3 tools/verify_bundle.py BUNDLE.json [--trust KEYFILE ...] [--not-before YYYY-MM-DD]

Prints one line per problem ("event N: ...") and exits 1; prints nothing on stdout and exits 0 when the bundle holds
(on stderr it says "complete as of TIME" when the bundle proves its chain complete at a checkpoint, else that it does
not). Exit 64 for wrong usage, 65 for a bad trust file, 66 for a missing file.

Completeness (BUNDLE-FORMAT.md, "Completeness"): a bundle cut at a checkpoint carries the C2SP signed note of the
log's Merkle tree (RFC 9162 hashing), each event's tree index and inclusion proof, and the exporter's signed statement
that the position's chain has exactly these events at that checkpoint. --not-before refuses a bundle without them or
cut before the day.

It replays the rules over the log (EVENT-FORMAT.md, "What verify checks"): the position's chain and the authority
chain (`key_chain`) merged in id order; a maker is allowed only by the grants in the log; once a person has a
registered, unrevoked key every later event of theirs must be signed by it; with --trust every event must be
signed by a key that chains to a trusted key.
"""
import base64
import binascii
import datetime
import hashlib
import json
import re
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FIELDS = ["id", "kind", "position", "competency", "course", "revokes", "effective_on", "recorded_at",
          "actor", "actor_role", "actor_department", "text", "payload", "prev_hash"]
ACTS = {"competency-approval", "course-approval", "time-attestation", "element-attestation", "statement"}
AUTHORITY = {"grant", "grant-end", "key-registration", "person-name", "department-name"}
NAMES = {"person-name", "department-name"}
METHODS = {"password", "password+totp", "proxy", "token"}
FACTS = {"grant", "grant-end", "position", "supervisor-assignment", "absence", "absence-withdrawal"}
# The request workflow (approval requests, their decline or withdrawal) and a position's cancellation (issue 14).
REQUESTS = {"approval-request", "request-decline", "request-withdrawal"}
KINDS = ACTS | AUTHORITY | FACTS | REQUESTS | {"revocation", "position-cancellation"}
GENESIS = "0" * 64
ROLES = {"secretariat", "uao", "tutor", "supervisor", "clinical-supervisor"}
ABSENCE_KINDS = {"sickness", "child-sick", "care-day", "optional-course", "parental-leave", "holiday", "mandatory-course"}
COUNTING = {"sickness", "child-sick", "care-day", "optional-course"}
POSITION_YEARS = 6    # the longest a position may last, part time and every absence included (DateBounds.positionYears)
MIGRATED = "migrated"
INT64 = 2 ** 63


class Problem(Exception):
    def __init__(self, subject, message):
        super().__init__(f"{subject}: {message}")
        self.subject = subject


# ---- values -------------------------------------------------------------------------------------

def date(text):
    """A real calendar date written exactly YYYY-MM-DD (years 1-9999), else None."""
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        return datetime.date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        return None


def days_in_month(y, m):
    return [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]


def add_months(d, months):
    total = d.year * 12 + (d.month - 1) + months
    y, m = divmod(total, 12)
    return datetime.date(y, m + 1, min(d.day, days_in_month(y, m + 1)))


def last_day(d):
    return datetime.date(d.year, d.month, days_in_month(d.year, d.month))


def canonical(event):
    out = b"logbook-event-v1\n"
    names = FIELDS + (["authentication"] if event.get("authentication") else [])   # made through a server: a 15th line
    for name in names:
        value = event[name].encode("utf-8")
        out += f"{name}:{len(value)}:".encode("ascii") + value + b"\n"
    return out


def b64(text, size):
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) != size or base64.b64encode(raw).decode("ascii") != text:
        return None
    return raw


def verifies(key, signature, data):
    raw = b64(signature, 64)
    if raw is None:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(raw, data)
        return True
    except (InvalidSignature, ValueError):
        return False


def fingerprint(key):
    digest = hashlib.sha256(key).hexdigest()[:16]
    return ":".join(digest[i:i + 4] for i in range(0, 16, 4))


# ---- payloads (EVENT-FORMAT.md, "Fact events"; BUNDLE-FORMAT.md, "Key registrations") ------------

def lines(text, names):
    parts = text.split("\n")
    if len(parts) != len(names) or any(not p.startswith(n + ":") for p, n in zip(parts, names)):
        return None
    return [p[len(n) + 1:] for p, n in zip(parts, names)]


def event_id(text):
    return int(text) if re.fullmatch(r"[1-9][0-9]*", text) and int(text) < INT64 else None


def request_payload(text):
    """An approval request: to:, then competency:, course:, assessment: lines in that order; at least one item; none twice."""
    parts = text.split("\n")
    if not parts[0].startswith("to:") or len(parts[0]) <= 3:
        return None
    competencies, courses, assessments = [], [], []
    for line in parts[1:]:
        if line.startswith("competency:") and not courses and not assessments and len(line) > 11:
            competencies.append(line[11:])
        elif line.startswith("course:") and not assessments and len(line) > 7:
            courses.append(line[7:])
        elif line.startswith("assessment:") and event_id(line[11:]) is not None:
            assessments.append(event_id(line[11:]))
        else:
            return None
    if not (competencies or courses) or len(set(competencies)) != len(competencies) or len(set(courses)) != len(courses) \
            or len(set(assessments)) != len(assessments):
        return None
    return {"to": parts[0][3:], "competencies": competencies, "courses": courses}


def name_payload(text):
    """A person-name payload: {"handle", "name"}, both not empty, or None."""
    v = lines(text, ["handle", "name"])
    if v is None or not v[0] or not v[1]:
        return None
    return {"handle": v[0], "name": v[1]}


def department_name_payload(text):
    """A department-name payload: {"dept": (code, kind, region), "name"}, or None."""
    v = lines(text, ["department", "department_kind", "region", "name"])
    if v is None or not v[0] or v[1] not in ("hospital", "general-practice") or not v[2] or not v[3]:
        return None
    return {"dept": (v[0], v[1], v[2]), "name": v[3]}


def request_reference(text):
    v = lines(text, ["request"])
    return event_id(v[0]) if v else None


def key_payload(text):
    """A key registration; a server key (first line server:NAME) has holder "server:NAME", which no handle can be."""
    server = text.startswith("server:")
    v = lines(text, ["server" if server else "holder", "key", "valid_from", "valid_until"])
    if v is None or not v[1].startswith("ed25519:") or ":" in v[0]:
        return None
    if server:
        v[0] = "server:" + v[0]
    key = b64(v[1][len("ed25519:"):], 32)
    start, until = date(v[2]), date(v[3]) if v[3] else None
    if not v[0] or key is None or start is None or (v[3] and until is None) or (until is not None and until < start):
        return None
    return {"holder": v[0], "key": key, "from": start, "until": until}


def grant_payload(text):
    v = lines(text, ["holder", "role", "department", "department_kind", "region", "may_approve", "valid_from", "valid_until"])
    if v is None or not v[0] or v[1] not in ROLES or v[5] not in ("yes", "no") or not v[4]:
        return None
    start, until = date(v[6]), date(v[7]) if v[7] else None
    if start is None or (v[7] and until is None) or (until is not None and until < start):
        return None
    if v[1] == "secretariat":
        if v[2] or v[3]:
            return None
        dept = None
    else:
        if not v[2] or v[3] not in ("hospital", "general-practice"):
            return None
        dept = (v[2], v[3], v[4])
    if v[5] == "yes" and v[1] != "clinical-supervisor":
        return None
    return {"holder": v[0], "role": v[1], "dept": dept, "region": v[4], "may_approve": v[5] == "yes", "from": start, "until": until}


def part_time(text):
    m = re.fullmatch(r"([0-9]+)/([0-9]+)", text)
    if not m:
        return None
    n, d = int(m.group(1)), int(m.group(2))
    if n <= 0 or d <= 0 or n > d or 2 * n < d:
        return None
    from math import gcd
    g = gcd(n, d)
    return (n // g, d // g)


def binding_payload(text):
    names = ["trainee", "department", "department_kind", "region", "specialty", "version", "start", "part_time", "kbu_general_practice"]
    parts = text.split("\n")
    if len(parts) < len(names):
        return None
    v = lines("\n".join(parts[:len(names)]), names)
    if v is None or not v[0] or not v[1] or v[2] not in ("hospital", "general-practice") or not v[3] or v[8] not in ("yes", "no"):
        return None
    start, pt = date(v[6]), part_time(v[7])
    if start is None or pt is None or f"{pt[0]}/{pt[1]}" != v[7]:
        return None
    competencies, courses, content = [], [], None
    rest = parts[len(names):]
    if rest and rest[-1].startswith("content:"):
        # schema 10: the SHA-256 of the målbeskrivelse's canonical text, 64 lower-case hex digits, as the last line
        content = rest[-1][len("content:"):]
        if not re.fullmatch(r"[0-9a-f]{64}", content):
            return None
        rest = rest[:-1]
    for line in rest:
        if line.startswith("competency:") and not courses:
            competencies.append(line[len("competency:"):])
        elif line.startswith("course:"):
            courses.append(line[len("course:"):])
        else:
            return None
    return {"trainee": v[0], "dept": (v[1], v[2], v[3]), "specialty": v[4], "version": v[5], "start": start, "part_time": pt,
            "kbu": v[8] == "yes", "competencies": competencies, "courses": courses, "content": content}


def schedule(binding, absences):
    """(end, time attestable from) by the time rules (DOMAIN.md, Time rules)."""
    gp = binding["dept"][1] == "general-practice"
    nominal = 6 if gp and binding["kbu"] else 12
    p, q = binding["part_time"]
    scaled = nominal * q
    whole, rem = scaled // p, scaled % p
    extra = (30 * rem + p - 1) // p
    planned = last_day(add_months(binding["start"], whole) + datetime.timedelta(days=extra - 1))
    allowance = 3 * scaled // p
    counted = sum((a["to"] - a["from"]).days + 1 for a in absences if a["kind"] in COUNTING)
    parental = sum((a["to"] - a["from"]).days + 1 for a in absences if a["kind"] == "parental-leave")
    added = parental + (counted if counted > allowance else 0)
    end = last_day(planned + datetime.timedelta(days=added)) if added > 0 else planned
    before = add_months(end, -1)
    attestable = (last_day(before) if end == last_day(end) else before) + datetime.timedelta(days=1)
    return end, attestable


# ---- reading ------------------------------------------------------------------------------------

def no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate member \"{key}\"")
        seen[key] = value
    return seen


def number_field(value):
    return re.fullmatch(r"-?[1-9][0-9]*|0", value) and -INT64 <= int(value) < INT64


def read_events(document, member):
    items = document.get(member)
    if not isinstance(items, list):
        raise Problem("the file", f'has no "{member}" array')
    events = []
    for index, item in enumerate(items):
        name = f"event {item['id']}" if isinstance(item, dict) and isinstance(item.get("id"), str) else f"{member} entry {index + 1}"
        if not isinstance(item, dict):
            raise Problem(name, "is not an object")
        for field in FIELDS + ["hash"]:
            if not isinstance(item.get(field), str):
                raise Problem(name, f'its field "{field}" is missing or not a string')
        for field in ("id", "position", "revokes"):
            if item[field] and not number_field(item[field]):
                raise Problem(name, f'its field "{field}" is not a number')
        if not item["id"]:
            raise Problem(name, "it has no id")
        if item["kind"] not in KINDS:
            raise Problem(name, f'unknown kind "{item["kind"]}"')
        if date(item["effective_on"]) is None:
            raise Problem(name, "its effective_on is not a date")
        if "signature" not in item or not (item["signature"] is None or isinstance(item["signature"], str)):
            raise Problem(name, 'its field "signature" is missing')
        if "authentication" in item and not (isinstance(item["authentication"], str) and item["authentication"]):
            raise Problem(name, 'its field "authentication" is not a non-empty string')
        events.append(item)
    return events


def chain_problem(events):
    previous = GENESIS
    for event in events:
        if hashlib.sha256(canonical(event)).hexdigest() != event["hash"]:
            return int(event["id"]), "its content no longer matches its hash (changed)"
        if event["prev_hash"] != previous:
            return int(event["id"]), "its prev_hash does not name the event before it (an event was removed, inserted or reordered)"
        previous = event["hash"]
    return None


# ---- completeness: the Merkle tree (RFC 9162), signed notes (c2sp.org/signed-note), checkpoints ------------

def leaf_hash(entry):
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def inclusion_ok(leaf, index, size, proof, root):
    """RFC 9162 2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def note_parts(note):
    """(text, [(name, key id, signature)]) of a signed note, or None."""
    if not isinstance(note, str) or not note.endswith("\n") or any(ord(c) < 0x20 and c != "\n" for c in note):
        return None
    cut = note.rfind("\n\n")
    if cut < 0:
        return None
    text, lines = note[:cut + 1], note[cut + 2:].split("\n")[:-1]
    signatures = []
    for line in lines:
        m = re.fullmatch(r"\u2014 ([^ +]+) ([A-Za-z0-9+/=]+)", line)
        raw = None
        if m:
            try:
                raw = base64.b64decode(m.group(2), validate=True)
            except (binascii.Error, ValueError):
                raw = None
        if raw is None or len(raw) <= 4:
            return None
        signatures.append((m.group(1), raw[:4], raw[4:]))
    return (text, signatures) if signatures else None


def note_signed_by(parts, name, key):
    key_id = hashlib.sha256(name.encode() + b"\x0a\x01" + key).digest()[:4]
    return any(n == name and i == key_id and verifies(key, base64.b64encode(sig).decode("ascii"), parts[0].encode())
               for n, i, sig in parts[1])


def checkpoint_text(text):
    lines = text[:-1].split("\n")
    if len(lines) != 4 or not lines[0] or not re.fullmatch(r"0|[1-9][0-9]*", lines[1]) or not lines[3].startswith("time "):
        return None
    root = b64(lines[2], 32)
    if root is None or date(lines[3][5:15]) is None:
        return None
    return {"origin": lines[0], "size": int(lines[1]), "root": root, "time": lines[3][5:], "day": date(lines[3][5:15])}


def shown_hash(document):
    """SHA-256 (hex) of what the reader sees beside the signed acts (BUNDLE-FORMAT.md, Completeness), or None."""
    position, curriculum = document.get("position"), document.get("curriculum")
    if not isinstance(position, dict) or not isinstance(curriculum, dict) or not isinstance(curriculum.get("competencies"), list):
        return None
    fields = [("trainee_name", position.get("trainee_name")), ("department_name", position.get("department_name")),
              ("end", position.get("end")), ("curriculum_title", curriculum.get("title")), ("valid_from", curriculum.get("valid_from"))]
    for c in curriculum["competencies"]:
        if not isinstance(c, dict):
            return None
        fields += [("competency", c.get("code")), ("title", c.get("title"))]
    out = b"logbook-shown-v1\n"
    for name, value in fields:
        if not isinstance(value, str):
            return None
        raw = value.encode("utf-8")
        out += f"{name}:{len(raw)}:".encode("ascii") + raw + b"\n"
    return hashlib.sha256(out).hexdigest()


def completeness(document, replay, key_chain, events, position_id, not_before):
    """Problems (event id or None, message) and the checkpoint time when the bundle proves its chain complete."""
    found = []
    note = document.get("checkpoint")
    if note is None:
        if not_before is not None:
            found.append((None, "it carries no checkpoint, so it proves nothing about completeness (--not-before needs one)"))
        return found, None
    parts = note_parts(note)
    cp = checkpoint_text(parts[0]) if parts else None
    if cp is None:
        return [(None, "its checkpoint is not a signed checkpoint note")], None

    def signers(day):
        out = []
        for k in replay.keys:
            if k["revoked"] is not None or not (k["from"] <= day and (k["until"] is None or day <= k["until"])):
                continue
            if k["id"] in replay.outside or (replay.trusted and k["id"] not in replay.established):
                continue
            secretariat = any(g["holder"] == k["holder"] and g["role"] == "secretariat" and g["from"] <= day
                              and (g["until"] is None or day <= g["until"]) for g in replay.grants.values())
            if k["holder"].startswith("server:") or secretariat:
                out.append(k)
        return out

    if not any(note_signed_by(parts, cp["origin"], k["key"]) for k in signers(cp["day"])):
        found.append((None, "its checkpoint is signed by no server or secretariat key of its key chain"))
    previous = None
    for e in sorted(key_chain + events, key=lambda e: int(e["id"])):
        eid, index, path = int(e["id"]), e.get("tree_index"), e.get("inclusion")
        if type(index) is not int or index < 0 or not isinstance(path, list):
            found.append((eid, "it has no tree index and inclusion proof, but the bundle is cut at a checkpoint"))
            continue
        hashes = [b64(h, 32) if isinstance(h, str) else None for h in path]
        if None in hashes or not inclusion_ok(leaf_hash(canonical(e)), index, cp["size"], hashes, cp["root"]):
            found.append((eid, f"its inclusion proof at tree index {index} does not lead to the checkpoint's root"))
        if previous is not None and index <= previous:
            found.append((eid, f"its tree index {index} is not after {previous}, that of the event before it by id"))
        previous = index if previous is None else max(previous, index)
    if not_before is not None and cp["day"] < not_before:
        found.append((None, f"it was cut at a checkpoint made {cp['time']}, before {not_before.isoformat()} (--not-before)"))
    statement = document.get("statement")
    if statement is None:
        if not_before is not None:
            found.append((None, "it carries no signed statement that its chain is complete (--not-before needs one)"))
        return found, None
    sparts = note_parts(statement)
    lines = sparts[0].split("\n") if sparts else []
    last = events[-1]["hash"] if events else GENESIS
    expected = ["logbook-chain-statement-v1", cp["origin"], f"position {position_id}",
                f"tree {cp['size']} {base64.b64encode(cp['root']).decode('ascii')}", f"events {len(events)} {last}",
                f"shown {shown_hash(document)}", ""]
    if not sparts or len(lines) != 7 or lines[0] != expected[0]:
        found.append((None, "its statement is not a signed chain statement"))
        return found, None
    if lines != expected:
        found.append((None, "its statement does not match the bundle and its checkpoint"))
    holder = sparts[1][0][0]
    if not any(note_signed_by(sparts, holder, k["key"]) for k in signers(cp["day"]) if k["holder"] == holder):
        found.append((None, f"its statement is signed by no server or secretariat key of {holder} in its key chain"))
    return found, (cp["time"] if not found else None)


# ---- the replay ---------------------------------------------------------------------------------

class Replay:
    def __init__(self, trusted):
        self.trusted = trusted
        self.found = []
        self.depts = {}       # code -> (code, kind, region)
        self.grants = {}      # event id -> grant dict (+ "ended")
        self.keys = []        # dicts: id, holder, key, from, until, revoked
        self.established = set()
        self.position = None  # the bound position's state
        self.seen = {}
        self.chain_of = {}
        self.revoked = set()
        self.any_grant = False
        self.bootstrap = None
        self.home_region = None   # the region of the log's first grant (a secretariat): it onboards other regions
        self.outside = set()      # ids of key registrations for trainees of positions outside this bundle
        self.names = {}           # handle -> (newest name in the log, its event id): rule R-NAME
        self.dept_names = {}      # department code -> (newest name in the log, its event id)

    def problem(self, eid, message):
        self.found.append((eid, message))

    # -- access (DOMAIN.md, Access) --
    def standing(self, handle, day):
        return [g for g in self.grants.values() if g["holder"] == handle and g["from"] <= day and (g["until"] is None or day <= g["until"])]

    def dept_ok(self, dept):
        known = self.depts.get(dept[0])
        if known is None:
            self.depts[dept[0]] = dept
            return None
        return None if known == dept else f"names department {dept[0]} differently from an earlier event"

    @staticmethod
    def lead(dept):
        return "uao" if dept[1] == "hospital" else "tutor"

    def has(self, handle, day, role, dept=None, region=None, extra=lambda g: True):
        for g in self.standing(handle, day):
            if g["role"] != role or not extra(g):
                continue
            if dept is not None and (g["dept"] is None or g["dept"][0] != dept[0]):
                continue
            if region is not None and g["region"] != region:
                continue
            return True
        return False

    def is_lead(self, handle, dept, day):
        return self.has(handle, day, self.lead(dept), dept=dept)

    def is_secretariat(self, handle, region, day):
        return self.has(handle, day, "secretariat", region=region)

    def hovedvejleder(self, day):
        best = None
        for who, start in self.position["supervisors"]:
            if start <= day and (best is None or start >= best[1]):
                best = (who, start)
        return best[0] if best else None

    def is_hovedvejleder(self, handle, day):
        dept = self.position["binding"]["dept"]
        return self.hovedvejleder(day) == handle and self.has(handle, day, "supervisor", dept=dept)

    def may_grant(self, role, dept, region, actor, day):
        if role == "secretariat":
            if self.is_secretariat(actor, region, day):
                return True
            return self.home_region is not None and region != self.home_region and self.is_secretariat(actor, self.home_region, day)
        if role in ("uao", "tutor"):
            return role == self.lead(dept) and self.is_secretariat(actor, dept[2], day)
        return self.is_lead(actor, dept, day)

    def may_approve_competency(self, handle, dept, day):
        if handle == self.position["binding"]["trainee"]:
            return False
        delegated = self.has(handle, day, "clinical-supervisor", dept=dept, extra=lambda g: g["may_approve"])
        return self.is_hovedvejleder(handle, day) or delegated or self.is_lead(handle, dept, day)

    def may_approve_course(self, handle, dept, day):
        if handle == self.position["binding"]["trainee"]:
            return False
        return self.is_lead(handle, dept, day) or self.is_hovedvejleder(handle, day)

    def may_start(self, dept, actor, day):
        return self.is_lead(actor, dept, day) or self.is_secretariat(actor, dept[2], day)

    def may_register_key(self, holder, registrar, day):
        """True, False, or "outside": the holder holds no grant and is no current trainee of this bundle's position, so
        their position (another chain) is not in the bundle; then the registrar must hold a UAO, tutor or secretariat
        grant that day, and the key may sign nothing in this bundle (BUNDLE-FORMAT.md, "Keys of other positions")."""
        if holder == registrar:
            return False
        standing = self.standing(holder, day)
        if not standing:
            p = self.position
            if p is None or p["binding"]["trainee"] != holder or day > self.end()[0]:
                lead = any(g["role"] in ("uao", "tutor", "secretariat") for g in self.standing(registrar, day))
                return "outside" if lead else False
            return self.may_start(p["binding"]["dept"], registrar, day)
        return all(self.may_grant(g["role"], g["dept"], g["region"], registrar, day) for g in standing)

    def end(self):
        return schedule(self.position["binding"], [a for _, a in self.position["absences"]])

    def attested(self):
        """Whether the element or time attestation stands (absence moves the end: none recorded or withdrawn under them)."""
        return self.position["element"] is not None or self.position["time"] is not None

    # -- rules --
    def field_problem(self, e):
        if (e["kind"] == "revocation") != bool(e["revokes"]):
            return "revokes is set exactly on revocations"
        if (e["kind"] == "competency-approval") != bool(e["competency"]):
            return "competency is set exactly on competency approvals"
        if (e["kind"] == "course-approval") != bool(e["course"]):
            return "course is set exactly on course approvals"
        if not e["actor"]:
            return "it names no actor"
        if e["kind"] == "revocation" and not e["text"].strip():
            return "a revocation must give a reason"
        if ((e["kind"] in ACTS and e["kind"] not in ("competency-approval", "course-approval")) or e["kind"] == "revocation") \
                and e["payload"]:
            return "an act carries no payload"
        if e["kind"] in ("request-decline", "position-cancellation") and not e["text"].strip():
            return "it gives no reason"
        return None

    def rule_problem(self, e):
        eid, kind, actor, day = int(e["id"]), e["kind"], e["actor"], date(e["effective_on"])
        if kind == "grant":
            g = grant_payload(e["payload"])
            if g is None:
                return "its payload is not a grant"
            if g["dept"] is not None and self.dept_ok(g["dept"]):
                return self.dept_ok(g["dept"])
            if not self.any_grant and g["role"] == "secretariat" and g["holder"] == actor:
                return None
            return None if self.may_grant(g["role"], g["dept"], g["region"], actor, day) else "its maker was not allowed to grant"
        if kind == "grant-end":
            v = lines(e["payload"], ["grant", "ends_on"])
            target = event_id(v[0]) if v else None
            ends = date(v[1]) if v else None
            if target is None or ends is None:
                return "its payload is not a grant end"
            g = self.grants.get(target)
            if g is None or target >= eid:
                return "ends no grant before it"
            if g["ended"]:
                return "ends a grant already ended"
            if ends < g["from"] - datetime.timedelta(days=1) or (g["until"] is not None and ends > g["until"]):
                return "ends the grant outside its validity"
            return None if self.may_grant(g["role"], g["dept"], g["region"], actor, day) else "its maker was not allowed to end the grant"
        if kind == "key-registration":
            k = key_payload(e["payload"])
            if k is None:
                return "its payload is not a key registration"
            if any(x["key"] == k["key"] for x in self.keys):
                return "registers a key again"
            if k["holder"].startswith("server:"):
                return None if self.is_secretariat_any(actor, day) else "registers a server key, but its maker is no secretariat on its day"
            if k["holder"] == actor:
                if self.keys:
                    return "registers their own key; only the first key of a log is self-registered"
                return None if self.is_secretariat_any(actor, day) else "the bootstrap key registration is not by a secretariat"
            allowed = self.may_register_key(k["holder"], actor, day)
            if allowed == "outside":
                self.outside.add(eid)
            return None if allowed else "its registrar was not allowed"
        if kind == "person-name":
            # R-NAME: given or corrected by whoever may add people that day (a secretariat, UAO or tutor grant standing)
            if name_payload(e["payload"]) is None:
                return "its payload is not a person's name"
            if not any(g["role"] in ("secretariat", "uao", "tutor") for g in self.standing(actor, day)):
                return "its maker was not allowed to name people"
            return None
        if kind == "department-name":
            # R-NAME: a department is named by the secretariat of its region
            d = department_name_payload(e["payload"])
            if d is None:
                return "its payload is not a department's name"
            if self.dept_ok(d["dept"]):
                return self.dept_ok(d["dept"])
            return None if self.is_secretariat(actor, d["dept"][2], day) else "its maker was not allowed to name the department"
        if kind == "revocation" and not e["position"]:
            target = int(e["revokes"])
            keys = [k for k in self.keys if k["id"] == target]
            if not keys or target >= eid:
                return "revokes no key registration before it"
            if keys[0]["revoked"] is not None:
                return "revokes a key already revoked"
            if keys[0]["holder"].startswith("server:"):
                return None if self.is_secretariat_any(actor, day) else "revokes a server key, but its maker is no secretariat on its day"
            if keys[0]["holder"] == actor or self.may_register_key(keys[0]["holder"], actor, day):
                return None
            return "its maker was not allowed to revoke that key"
        if kind == "position":
            b = binding_payload(e["payload"])
            if b is None:
                return "its payload is not a position binding"
            if self.position is not None:
                return "binds the position again"
            if self.first_position_event != eid:
                return "the binding must be the first event of its chain"
            if self.dept_ok(b["dept"]):
                return self.dept_ok(b["dept"])
            if actor == b["trainee"]:
                return "its maker is the position's own trainee (nobody acts on their own record)"
            return None if self.may_start(b["dept"], actor, day) else "its maker was not allowed to start the position"
        if self.position is None:
            return "comes before its position's binding"
        return self.position_problem(e, eid, kind, actor, day)

    def is_secretariat_any(self, handle, day):
        return any(g["role"] == "secretariat" for g in self.standing(handle, day))

    def position_problem(self, e, eid, kind, actor, day):
        p = self.position
        b = p["binding"]
        dept = b["dept"]
        trainee = actor == b["trainee"]
        if p["cancelled"] is not None:
            return "comes after the position was cancelled"
        if kind in ("competency-approval", "course-approval") and e["payload"]:
            ref = request_reference(e["payload"])
            if ref is None:
                return "its payload does not name a request"
            request = p["requests"].get(ref)
            if request is None or ref >= eid:
                return "names no earlier request of this position"
            if not request["open"]:
                return "names a request already declined or withdrawn"
            asked = request["competencies"] if kind == "competency-approval" else request["courses"]
            if (e["competency"] if kind == "competency-approval" else e["course"]) not in asked:
                return "answers a request that does not ask for it"
        if kind == "approval-request":
            r = request_payload(e["payload"])
            if r is None:
                return "its payload is not an approval request"
            if not trainee:
                return "asks for approval, but not as the position's trainee"
            if any(c not in b["competencies"] for c in r["competencies"]):
                return "approves a competency the målbeskrivelse does not list"
            if any(c not in b["courses"] for c in r["courses"]):
                return "approves a course the målbeskrivelse does not list"
            if r["competencies"] and not self.may_approve_competency(r["to"], dept, day):
                return "asks someone who may not approve it"
            if r["courses"] and not self.may_approve_course(r["to"], dept, day):
                return "asks someone who may not approve it"
            return None
        if kind in ("request-decline", "request-withdrawal"):
            ref = request_reference(e["payload"])
            if ref is None:
                return "its payload does not name a request"
            request = p["requests"].get(ref)
            if request is None or ref >= eid:
                return "names no earlier request of this position"
            if not request["open"]:
                return "names a request already declined or withdrawn"
            if kind == "request-decline" and actor != request["to"]:
                return "declines a request made to someone else"
            if kind == "request-withdrawal" and not trainee:
                return "withdraws a request, but not as the position's trainee"
            return None
        if kind == "position-cancellation":
            if trainee:
                return "its maker is the position's own trainee (nobody acts on their own record)"
            if not self.may_start(dept, actor, day):
                return "its maker was not allowed"
            return "cancels a position on which an act was recorded" if p["first_act"] is not None else None
        if kind == "supervisor-assignment":
            v = lines(e["payload"], ["supervisor", "from"])
            if v is None or not v[0] or date(v[1]) is None:
                return "its payload is not a hovedvejleder assignment"
            if trainee:
                return "its maker is the position's own trainee (nobody acts on their own record)"
            if v[0] == b["trainee"]:
                return "assigns the position's trainee as their own hovedvejleder"
            if not (self.is_lead(actor, dept, day) or self.may_start(dept, actor, day)):
                return "its maker was not allowed"
            named_from = date(v[1])
            if not b["start"] <= named_from <= self.end()[0]:                   # R-SUPERVISOR-WINDOW
                return "assigns a hovedvejleder from a day outside the position"
            # R-SUPERVISOR-MOVE: not moved back before an act the hovedvejleder then in place made in that role.
            current = self.hovedvejleder(named_from)
            if current is not None and current != v[0] and any(
                    who == current and role == "supervisor" and on >= named_from for _, who, role, on in p["acts"]):
                return "assigns a hovedvejleder from before an act the hovedvejleder it replaces made in that role"
            # R-SUPERVISOR-GRANT: the named hovedvejleder holds a hovedvejleder grant in the department on the day named
            # and, when that day is past, still on the day it is recorded.
            if not self.has(v[0], named_from, "supervisor", dept=dept):
                return "names a hovedvejleder who held no hovedvejleder grant in the department on the day named"
            if named_from < day and not self.has(v[0], day, "supervisor", dept=dept):
                return "names a hovedvejleder whose hovedvejleder grant had ended by the day it was recorded"
            return None
        may_absence = trainee or self.is_hovedvejleder(actor, day) or self.is_lead(actor, dept, day)
        if kind == "absence":
            v = lines(e["payload"], ["kind", "from", "to"])
            if v is None or v[0] not in ABSENCE_KINDS or date(v[1]) is None or date(v[2]) is None or date(v[2]) < date(v[1]):
                return "its payload is not an absence period"
            if not may_absence:
                return "its maker was not allowed"
            if date(v[1]) < b["start"]:                                     # R-ABSENCE-START
                return "records absence from before the position's start"
            if v[0] in ("sickness", "child-sick") and date(v[2]) > day:    # R-SICKNESS-AHEAD
                return "records sickness ending after the day it was recorded"
            if self.attested():                                             # R-ABSENCE-ATTESTED
                return f"records absence while a{'n element' if p['element'] is not None else ' time'} attestation stands"
            period = {"kind": v[0], "from": date(v[1]), "to": date(v[2])}
            standing = [a for _, a in p["absences"]]
            extended = schedule(b, standing + [period])[0]
            if period["from"] > self.end()[0]:                                # R-ABSENCE-WINDOW
                return "records absence from after the position's end"
            if extended > add_months(b["start"], 12 * POSITION_YEARS) - datetime.timedelta(days=1):
                return f"records absence that moves the position's end more than {POSITION_YEARS} years after its start"
            if period["to"] > extended:
                return "records absence ending after the position's end, even as extended by the absence"
            if any(period["from"] <= a["to"] and a["from"] <= period["to"] for a in standing):   # R-ABSENCE-OVERLAP
                return "records absence overlapping a standing absence of the position"
            return None
        if kind == "absence-withdrawal":
            v = lines(e["payload"], ["absence"])
            target = event_id(v[0]) if v else None
            if target is None:
                return "its payload is not an absence withdrawal"
            if not any(i == target for i, _ in p["absences"]):
                return "withdraws no standing absence of this position"
            if not may_absence:
                return "its maker was not allowed"
            if self.attested():                                             # R-ABSENCE-ATTESTED
                return f"withdraws absence while a{'n element' if p['element'] is not None else ' time'} attestation stands"
            return None
        lead = self.is_lead(actor, dept, day)
        if kind == "competency-approval":
            delegated = self.has(actor, day, "clinical-supervisor", dept=dept, extra=lambda g: g["may_approve"])
            if trainee or not (self.is_hovedvejleder(actor, day) or delegated or lead):
                return "its maker was not allowed"
            if e["competency"] not in b["competencies"]:
                return "approves a competency the målbeskrivelse does not list"
            if e["competency"] in p["approvals"]:
                return "approves a competency again"
            return "is dated before the position starts" if day < b["start"] else None
        if kind == "course-approval":
            # A course taken before the position (merit, e.g. during KBU): the maker is judged on the day they approved it,
            # or the position's first day when that was earlier (Access.courseAuthorityDay).
            if day < b["start"]:
                day = max(date(e["recorded_at"][:10]) or day, b["start"])
                lead = self.is_lead(actor, dept, day)
            if trainee or not (lead or self.is_hovedvejleder(actor, day)):
                return "its maker was not allowed"
            if e["course"] not in b["courses"]:
                return "approves a course the målbeskrivelse does not list"
            return "approves a course again" if e["course"] in p["courses"] else None
        if kind in ("time-attestation", "element-attestation", "statement"):
            if trainee or not lead:
                return "its maker was not allowed"
            end, attestable = self.end()
            if kind == "time-attestation":
                if p["time"] is not None:
                    return "attests time again"
                return None if day >= attestable else f"attests time outside its window (from {attestable})"
            if kind == "element-attestation":
                if p["element"] is not None:
                    return "attests the element again"
                missing = [c for c in b["competencies"] if c not in p["approvals"]] + [c for c in b["courses"] if c not in p["courses"]]
                if p["time"] is None:
                    missing.append("time attestation")
                return f"attests the element while incomplete: missing {', '.join(missing)}" if missing else None
            if p["element"] is not None:
                return "gives a forhåndsudtalelse while the element attestation stands"
            if p["statement"] is not None:
                return "gives a forhåndsudtalelse again"
            return None if b["start"] <= day <= end else "gives a forhåndsudtalelse when the position is not ongoing"
        if kind == "revocation":
            target = int(e["revokes"])
            original = self.seen.get(target)
            if original is None or self.chain_of.get(target) != "position" or target >= eid:
                return "revokes an event that is not before it in this position's chain"
            if original["kind"] not in ACTS or original["actor_role"] == MIGRATED:
                return "revokes an event that is not an act"
            if target in self.revoked:
                return "revokes an event already revoked"
            if trainee:
                return "its maker is the position's own trainee (nobody acts on their own record)"
            if actor != original["actor"] and not lead:
                return "its maker was not allowed"
            if original["kind"] in ("competency-approval", "course-approval", "time-attestation") and p["element"] is not None:
                return "revokes an act while the element attestation stands"
            return None
        return None

    # -- facts --
    def apply(self, e, migrated):
        eid, kind = int(e["id"]), e["kind"]
        if kind == "grant":
            g = grant_payload(e["payload"])
            if g is None:
                return "its payload is not a grant"
            if g["dept"] is not None and self.dept_ok(g["dept"]):
                return self.dept_ok(g["dept"])
            if not self.any_grant and not migrated and g["role"] == "secretariat" and g["holder"] == e["actor"]:
                self.bootstrap = (eid, e["actor"])
            if not self.any_grant and g["role"] == "secretariat":
                self.home_region = g["region"]
            self.any_grant = True
            self.grants[eid] = dict(g, ended=False)
        elif kind == "grant-end":
            v = lines(e["payload"], ["grant", "ends_on"])
            target = event_id(v[0]) if v else None
            if target not in self.grants or date(v[1]) is None:
                return "ends no grant before it"
            self.grants[target]["until"] = date(v[1])
            self.grants[target]["ended"] = True
        elif kind == "person-name":
            n = name_payload(e["payload"])
            if n is None:
                return "its payload is not a person's name"
            self.names[n["handle"]] = (n["name"], eid)
        elif kind == "department-name":
            d = department_name_payload(e["payload"])
            if d is None:
                return "its payload is not a department's name"
            if migrated and self.dept_ok(d["dept"]):
                return self.dept_ok(d["dept"])
            self.dept_names[d["dept"][0]] = (d["name"], eid)
        elif kind == "key-registration":
            k = key_payload(e["payload"])
            if k is not None:
                self.keys.append(dict(k, id=eid, revoked=None))
        elif kind == "position":
            b = binding_payload(e["payload"])
            if b is None:
                return "its payload is not a position binding"
            if migrated and self.dept_ok(b["dept"]):
                return self.dept_ok(b["dept"])
            self.position = {"binding": b, "supervisors": [], "absences": [], "approvals": {}, "courses": {},
                             "time": None, "element": None, "statement": None, "requests": {}, "first_act": None,
                             "cancelled": None, "acts": []}
        elif kind in ("supervisor-assignment", "absence", "absence-withdrawal"):
            if self.position is None:
                return "refers to no bound position"
            if kind == "supervisor-assignment":
                v = lines(e["payload"], ["supervisor", "from"])
                if v is None or not v[0] or date(v[1]) is None:
                    return "its payload is not a hovedvejleder assignment"
                self.position["supervisors"].append((v[0], date(v[1])))
            elif kind == "absence":
                v = lines(e["payload"], ["kind", "from", "to"])
                if v is None or v[0] not in ABSENCE_KINDS or date(v[1]) is None or date(v[2]) is None or date(v[2]) < date(v[1]):
                    return "its payload is not an absence period"
                self.position["absences"].append((eid, {"kind": v[0], "from": date(v[1]), "to": date(v[2])}))
            else:
                v = lines(e["payload"], ["absence"])
                target = event_id(v[0]) if v else None
                if target is None:
                    return "its payload is not an absence withdrawal"
                self.position["absences"] = [(i, a) for i, a in self.position["absences"] if i != target]
        elif kind in ACTS:
            if kind == "competency-approval":
                self.position["approvals"][e["competency"]] = eid
            elif kind == "course-approval":
                self.position["courses"][e["course"]] = eid
            elif kind == "time-attestation":
                self.position["time"] = eid
            elif kind == "element-attestation":
                self.position["element"] = eid
            else:
                self.position["statement"] = eid
            if self.position["first_act"] is None:
                self.position["first_act"] = eid
            self.position["acts"].append((eid, e["actor"], e["actor_role"], date(e["effective_on"])))
        elif kind == "approval-request":
            r = request_payload(e["payload"])
            if r is not None:
                self.position["requests"][eid] = dict(r, open=True)
        elif kind in ("request-decline", "request-withdrawal"):
            ref = request_reference(e["payload"])
            if ref in self.position["requests"]:
                self.position["requests"][ref]["open"] = False
        elif kind == "position-cancellation":
            self.position["cancelled"] = eid
        elif kind == "revocation":
            target = int(e["revokes"])
            self.revoked.add(target)
            if e["position"] and self.position is not None:
                self.position["acts"].append((eid, e["actor"], e["actor_role"], date(e["effective_on"])))
            original = self.seen.get(target)
            if e["position"] and original is not None:
                slot = {"competency-approval": ("approvals", original["competency"]), "course-approval": ("courses", original["course"])}
                if original["kind"] in slot:
                    self.position[slot[original["kind"]][0]].pop(slot[original["kind"]][1], None)
                elif original["kind"] == "time-attestation":
                    self.position["time"] = None
                elif original["kind"] == "element-attestation":
                    self.position["element"] = None
                elif original["kind"] == "statement":
                    self.position["statement"] = None
            else:
                for k in self.keys:
                    if k["id"] == target:
                        k["revoked"] = int(e["id"])
        return None

    def role_problem(self, e):
        """R-ROLE: the actor_role an event records is one its maker held (after the event is applied)."""
        actor, role, day = e["actor"], e["actor_role"], date(e["effective_on"])
        recorded = date(e["recorded_at"][:10])
        if role == "trainee":
            if e["position"]:
                ok = self.position is not None and self.position["binding"]["trainee"] == actor
            else:
                ok = e["kind"] == "revocation" and any(k["id"] == int(e["revokes"]) and k["holder"] == actor for k in self.keys)
        else:
            ok = role in ROLES and any(g["role"] == role for d in (day, recorded) if d is not None for g in self.standing(actor, d))
        return None if ok else f"records {actor} acting as {role}, a role {actor} did not hold on its day by the grants in the log"

    # -- signatures --
    def signature_problem(self, e):
        eid, actor, day, signature = int(e["id"]), e["actor"], date(e["effective_on"]), e["signature"]
        data = canonical(e)
        own = [k for k in self.keys if k["id"] == eid]
        if e["kind"] == "key-registration" and own and own[0]["holder"] == actor and self.keys[0]["id"] == eid:
            if signature is None or not verifies(own[0]["key"], signature, data):
                return "the bootstrap registration is not signed by the key it registers"
            if self.trusted is not None:
                if own[0]["key"] not in self.trusted:
                    return "the bootstrap key is not a trusted key (give it with --trust)"
                self.established.add(eid)
            return None
        held = [k for k in self.keys if k["holder"] == actor and k["id"] < eid and (k["revoked"] is None or eid <= k["revoked"])]
        signer = None
        method = e.get("authentication")
        if method:
            # Made through a server: signed by a server key registered before it, not revoked before it, valid on the
            # day it was recorded (BUNDLE-FORMAT.md, "Server keys"); a person's own key does not count.
            if method not in METHODS:
                return f'names "{method}" as how its maker authenticated; a server records password, password+totp, proxy or token'
            if signature is None:
                return "says it was made through a server but is unsigned"
            if b64(signature, 64) is None:
                return "its signature is not base64 of 64 bytes"
            recorded = date(e["recorded_at"][:10])
            signer = next((k for k in self.keys if k["holder"].startswith("server:") and k["id"] < eid
                           and (k["revoked"] is None or eid <= k["revoked"]) and verifies(k["key"], signature, data)), None)
            if signer is None:
                return "says it was made through a server but is signed by no server key registered and standing before it"
            if recorded is None or not (signer["from"] <= recorded and (signer["until"] is None or recorded <= signer["until"])):
                return "is signed with a server key that was not valid on the day it was recorded"
        elif signature is not None and b64(signature, 64) is not None and any(
                k["holder"].startswith("server:") and verifies(k["key"], signature, data) for k in self.keys):
            return "is signed with a server key but does not say how its maker authenticated"
        elif signature is not None:
            if b64(signature, 64) is None:
                return "its signature is not base64 of 64 bytes"
            signer = next((k for k in held if verifies(k["key"], signature, data)), None)
            if signer is None:
                return "its signature is not by a key of its maker registered and standing before it"
            if not (signer["from"] <= day and (signer["until"] is None or day <= signer["until"])):
                return "is signed with a key that was not valid on its date"
        elif held and not method:
            return f"is unsigned, but {actor} had key {fingerprint(held[0]['key'])} registered before it"
        if signer is not None and signer["id"] in self.outside:
            # A key registered for the trainee of a position outside this bundle: it can revoke itself, nothing more here.
            if e["kind"] == "revocation" and not e["position"] and int(e["revokes"]) == signer["id"]:
                return None
            return (f"is signed with key {fingerprint(signer['key'])}, registered for {signer['holder']} as the trainee of a "
                    "position outside this bundle; such a key signs nothing in it")
        if self.trusted is None:
            return None
        if signer is not None:
            if signer["id"] not in self.established:
                return f"is signed with key {fingerprint(signer['key'])}, which does not chain back to a trusted secretariat key"
            if own:
                self.established.add(eid)
            return None
        if own and own[0]["key"] in self.trusted:
            self.established.add(eid)
        if not self.trusted:
            return None
        if self.bootstrap is not None and self.bootstrap[0] == eid:
            return None
        # the names the bootstrap secretariat gives with the bootstrap grant, before any key exists
        if e["kind"] == "person-name" and self.bootstrap is not None and actor == self.bootstrap[1] and not self.keys:
            return None
        return "is unsigned: with --trust every event must be signed by a key that chains to a trusted key"

    # -- the whole log --
    def run(self, key_chain, events, position_id):
        for chain, label, pos in ((key_chain, "(authority chain) ", ""), (events, "", str(position_id))):
            broken = chain_problem(chain)
            if broken:
                self.problem(broken[0], label + broken[1])
            previous = None
            for e in chain:
                eid = int(e["id"])
                if eid <= 0:
                    self.problem(eid, "its id is not positive")
                if previous is not None and eid <= previous:
                    self.problem(eid, "its id is not greater than that of the event before it in its chain")
                previous = eid
                if e["position"] != pos:
                    self.problem(eid, "belongs to another position" if pos else "is in the authority chain but belongs to a position")
                if not pos and not (e["kind"] in AUTHORITY or e["kind"] == "revocation"):
                    self.problem(eid, f"a {e['kind']} event belongs to a position, not to the authority chain")
                if pos and e["kind"] in AUTHORITY:
                    self.problem(eid, f"a {e['kind']} event belongs in the authority chain")
                self.chain_of[eid] = "position" if pos else "authority"
        self.first_position_event = int(events[0]["id"]) if events else None
        merged = sorted(key_chain + events, key=lambda e: int(e["id"]))
        for a, b in zip(merged, merged[1:]):
            if int(a["id"]) == int(b["id"]):
                self.problem(int(b["id"]), "its id is used by two events")
        new_facts = [int(e["id"]) for e in merged if e["kind"] in FACTS and e["actor_role"] != MIGRATED]
        first_new = new_facts[0] if new_facts else None
        # names are migrated by their own upgrade (schema 10): before the first name recorded after it, once per person
        new_names = [int(e["id"]) for e in merged if e["kind"] in NAMES and e["actor_role"] != MIGRATED]
        first_new_name = new_names[0] if new_names else None
        for e in merged:
            if e["actor_role"] != MIGRATED:
                continue
            eid = int(e["id"])
            if e["kind"] in NAMES:
                late = first_new_name is not None and eid >= first_new_name
            else:
                late = e["kind"] not in FACTS or (first_new is not None and eid >= first_new)
            if late:
                self.problem(eid, "is recorded as migrated, but only facts copied at the upgrade are migrated")
                continue
            named = name_payload(e["payload"]) if e["kind"] == "person-name" else None
            if named is not None and named["handle"] in self.names:
                self.problem(eid, "is a name migrated at the upgrade for someone the log already names")
                continue
            dept_named = department_name_payload(e["payload"]) if e["kind"] == "department-name" else None
            if dept_named is not None and dept_named["dept"][0] in self.dept_names:
                self.problem(eid, "is a name migrated at the upgrade for a department the log already names")
                continue
            if self.trusted:
                self.problem(eid, "is a fact migrated from an upgraded database, signed by nobody")
            message = self.apply(e, True)
            if message:
                self.problem(eid, message)
            self.seen[eid] = e
        for e in merged:
            if e["actor_role"] == MIGRATED:
                continue
            eid = int(e["id"])
            rule_message = self.field_problem(e) or self.rule_problem(e)
            if not rule_message:
                rule_message = self.apply(e, False) or self.role_problem(e)
            # Who signed it comes first: an act nobody can vouch for is reported as such before what it claims.
            message = self.signature_problem(e)
            if message:
                self.problem(eid, message)
            if rule_message:
                self.problem(eid, rule_message)
            self.seen[eid] = e
        if self.bootstrap is not None and self.trusted:
            if not any(k["holder"] == self.bootstrap[1] and k["key"] in self.trusted for k in self.keys):
                self.problem(self.bootstrap[0], "the bootstrap grant is unsigned and its holder holds no trusted key")
        return self.found


def verify(data, trusted, not_before=None, outcome=None):
    if data.startswith(b"\xef\xbb\xbf"):
        return ["the file: starts with a byte order mark; a bundle is UTF-8 JSON without one"]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return ["the file: is not valid UTF-8"]
    try:
        document = json.loads(text, object_pairs_hook=no_duplicates)
    except (ValueError, RecursionError) as error:
        ids = re.findall(r'\{"id":\s*"(\d+)"', text)
        subject = f"event {ids[-1]}" if ids else "the file"
        return [f"{subject}: the file is truncated or not valid JSON ({error})"]
    try:
        if not isinstance(document, dict) or document.get("format") != "logbook-bundle-v1":
            raise Problem("the file", 'is not a logbook bundle: "format" must be "logbook-bundle-v1"')
        position = document.get("position")
        if not isinstance(position, dict) or not isinstance(position.get("id"), int) or isinstance(position.get("id"), bool) \
                or not -INT64 <= position["id"] < INT64:
            raise Problem("the file", 'has no "position" with a numeric "id"')
        if not isinstance(position.get("trainee"), str):
            raise Problem("the file", 'its "position" has no "trainee"')
        key_chain = read_events(document, "key_chain")
        events = read_events(document, "events")
    except Problem as problem:
        return [str(problem)]
    replay = Replay(trusted)
    found = replay.run(key_chain, events, position["id"])
    file_problems = []
    complete, complete_as_of = completeness(document, replay, key_chain, events, position["id"], not_before)
    for eid, message in complete:
        if eid is None:
            file_problems.append(f"the file: {message}")
        else:
            found.append((eid, message))
    bindings = [e for e in events if e["kind"] == "position"]
    b = binding_payload(bindings[0]["payload"]) if bindings else None
    if b is not None:
        expected = {"trainee": b["trainee"], "department": b["dept"][0], "department_kind": b["dept"][1], "region": b["dept"][2],
                    "start": b["start"].isoformat(), "part_time": f"{b['part_time'][0]}/{b['part_time'][1]}", "kbu_general_practice": b["kbu"]}
        for name, value in expected.items():
            actual = position.get(name)
            if type(actual) is not type(value) or actual != value:
                found.append((int(bindings[0]["id"]), f"the bundle's position says {name} {actual!r}, but the signed binding says {value!r}"))
        logged = replay.names.get(b["trainee"])
        if logged is not None and position.get("trainee_name") != logged[0]:
            found.append((logged[1], f"the bundle's position says trainee_name {position.get('trainee_name')!r}, "
                                      f"but the log names the trainee {logged[0]!r}"))
        logged = replay.dept_names.get(b["dept"][0])
        if logged is not None and position.get("department_name") != logged[0]:
            found.append((logged[1], f"the bundle's position says department_name {position.get('department_name')!r}, "
                                      f"but the log names the department {logged[0]!r}"))
        curriculum = document.get("curriculum")
        ok = isinstance(curriculum, dict) and curriculum.get("specialty") == b["specialty"] and curriculum.get("version") == b["version"]
        if ok:
            comps = curriculum.get("competencies")
            ok = isinstance(comps, list) and all(isinstance(c, dict) for c in comps) \
                and [c.get("code") for c in comps] == b["competencies"] and all(isinstance(c.get("code"), str) for c in comps) \
                and curriculum.get("courses") == b["courses"]
        if not ok:
            found.append((int(bindings[0]["id"]), "the bundle's curriculum does not match the signed binding's målbeskrivelse"))
    elif not bindings:
        file_problems.append("the file: its position chain has no binding event (kind \"position\")")
    reported, lines_out = set(), list(file_problems)
    for eid, message in sorted(found, key=lambda item: item[0]):
        if (eid, message) not in reported:
            reported.add((eid, message))
            lines_out.append(f"event {eid}: {message}")
    if outcome is not None and not lines_out:
        outcome["complete_as_of"] = complete_as_of
    return lines_out


def read_trust_file(path):
    """The keys of a trust file (BUNDLE-FORMAT.md, "Trust files"); raises ValueError with the reason."""
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8")
    keys = []
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip(" \t\r")
        if not line or line.startswith("#"):
            continue
        key = b64(line, 32)
        if key is None:
            raise ValueError(f"{path}:{number}: not an Ed25519 public key (base64 of 32 bytes)")
        keys.append(key)
    if not keys:
        raise ValueError(f"{path} holds no public key")
    return keys


def main(argv):
    path, trust_files, args, not_before = None, [], list(argv), None
    while args:
        arg = args.pop(0)
        if arg == "--trust" and args:
            trust_files.append(args.pop(0))
        elif arg.startswith("--trust="):
            trust_files.append(arg[len("--trust="):])
        elif arg == "--not-before" and args:
            not_before = date(args.pop(0))
            if not_before is None:
                print("verify_bundle.py: --not-before needs a date YYYY-MM-DD", file=sys.stderr)
                return 64
        elif path is None and not arg.startswith("-"):
            path = arg
        else:
            print(f"usage: verify_bundle.py BUNDLE.json [--trust KEYFILE ...] (unexpected {arg!r})", file=sys.stderr)
            return 64
    if path is None:
        print("usage: verify_bundle.py BUNDLE.json [--trust KEYFILE ...]", file=sys.stderr)
        return 64
    trusted = set()
    try:
        for file in trust_files:
            trusted.update(read_trust_file(file))
        with open(path, "rb") as handle:
            data = handle.read()
    except ValueError as error:
        print(f"verify_bundle.py: {error}", file=sys.stderr)
        return 65
    except OSError as error:
        print(f"verify_bundle.py: {error}", file=sys.stderr)
        return 66
    outcome = {}
    lines_out = verify(data, trusted, not_before, outcome)
    for line in lines_out:
        print(line)
    if not lines_out:
        when = outcome.get("complete_as_of")
        print(f"complete as of {when}" if when else "not proven complete: the bundle carries no checkpoint and signed statement; "
              "later events (a revocation) may exist", file=sys.stderr)
    return 1 if lines_out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
