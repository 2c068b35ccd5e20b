#!/usr/bin/env python3
"""Independent verifier for logbook documentation bundles.

Written from docs/BUNDLE-FORMAT.md and docs/EVENT-FORMAT.md only, to prove the format does not depend on
the logbook program. Needs Python 3.8+ and the `cryptography` package (pip install cryptography).

    python3 tools/verify_bundle.py BUNDLE.json [--trust KEYFILE ...]

Prints one line per problem ("event N: ...") and exits 1; prints nothing and exits 0 when the bundle holds.
Exit 64 for wrong usage, 66 for a missing file.
"""
import base64
import binascii
import hashlib
import json
import re
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FIELDS = ["id", "kind", "position", "competency", "course", "revokes", "effective_on", "recorded_at",
          "actor", "actor_role", "actor_department", "text", "payload", "prev_hash"]
KINDS = {"competency-approval", "course-approval", "time-attestation", "element-attestation", "statement",
         "revocation", "key-registration"}
GENESIS = "0" * 64
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Problem(Exception):
    def __init__(self, subject, message):
        super().__init__(f"{subject}: {message}")
        self.subject = subject


def canonical(event):
    out = b"logbook-event-v1\n"
    for name in FIELDS:
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
        if "signature" not in item or not (item["signature"] is None or isinstance(item["signature"], str)):
            raise Problem(name, 'its field "signature" is missing')
        for field in ("id", "position", "revokes"):
            value = item[field]
            if value and not re.fullmatch(r"-?[1-9]\d*|0", value):
                raise Problem(name, f'its field "{field}" is not a number')
        if not item["id"]:
            raise Problem(name, "it has no id")
        if item["kind"] not in KINDS:
            raise Problem(name, f'unknown kind "{item["kind"]}"')
        if not DATE.match(item["effective_on"]):
            raise Problem(name, "its effective_on is not a date")
        events.append(item)
    return events


def chain_problem(events):
    """The first broken link of a chain as (event id, message), or None."""
    previous = GENESIS
    for event in events:
        if hashlib.sha256(canonical(event)).hexdigest() != event["hash"]:
            return event["id"], "its content no longer matches its hash (changed)"
        if event["prev_hash"] != previous:
            return event["id"], "its prev_hash does not name the event before it (an event was removed, inserted or reordered)"
        previous = event["hash"]
    return None


def parse_payload(text):
    lines = text.split("\n")
    prefixes = ["holder:", "key:ed25519:", "valid_from:", "valid_until:"]
    if len(lines) != 4 or any(not line.startswith(p) for line, p in zip(lines, prefixes)):
        return None
    holder, key_text, start, until = (line[len(p):] for line, p in zip(lines, prefixes))
    key = b64(key_text, 32)
    if not holder or key is None or not DATE.match(start) or (until and not DATE.match(until)):
        return None
    return {"holder": holder, "key": key, "from": start, "until": until}


class KeyBook:
    def __init__(self):
        self.keys = []  # dicts: id, holder, key, from, until, registrar, revoked (id or None)
        self.problems = []

    def read(self, chain):
        for event in chain:
            eid = int(event["id"])
            if event["kind"] == "key-registration":
                payload = parse_payload(event["payload"])
                if payload is None:
                    self.problems.append((eid, "its payload is not a key registration"))
                elif any(k["key"] == payload["key"] for k in self.keys):
                    self.problems.append((eid, "registers a key that is already registered"))
                else:
                    self.keys.append(dict(payload, id=eid, registrar=event["actor"], revoked=None))
            elif event["kind"] == "revocation":
                target = [k for k in self.keys if event["revokes"] and k["id"] == int(event["revokes"]) and k["revoked"] is None]
                if not target:
                    self.problems.append((eid, "revokes no standing key registration before it"))
                else:
                    target[0]["revoked"] = eid
            else:
                self.problems.append((eid, f"a {event['kind']} event does not belong in the key chain"))

    @staticmethod
    def applies(key, event):
        eid, day = int(event["id"]), event["effective_on"]
        return (event["actor"] == key["holder"] and key["id"] < eid
                and (key["revoked"] is None or eid <= key["revoked"])
                and key["from"] <= day and (not key["until"] or day <= key["until"]))

    def applying(self, event):
        return [k for k in self.keys if self.applies(k, event)]

    def signature_problem(self, event, trainee=None):
        signature, data, eid = event["signature"], canonical(event), int(event["id"])
        applying = self.applying(event)
        own = [k for k in self.keys if k["id"] == eid]
        if event["kind"] == "key-registration" and own and own[0]["holder"] == event["actor"]:
            if self.keys[0]["id"] != eid or event["actor_role"] != "secretariat":
                return "a key registered by its own holder that is not the bootstrap"
            if signature is None or not verifies(own[0]["key"], signature, data):
                return "the bootstrap registration is not signed by the key it registers"
            return None
        if signature is None:
            return f"is unsigned, but {event['actor']} had key {fingerprint(applying[0]['key'])} that day" if applying else None
        if any(verifies(k["key"], signature, data) for k in applying):
            return None
        for k in self.keys:
            if verifies(k["key"], signature, data):
                if trainee and k["holder"] == trainee and trainee != event["actor"]:
                    return f"is signed with the trainee {trainee}'s own key {fingerprint(k['key'])}"
                if k["holder"] == event["actor"]:
                    return f"is signed with {event['actor']}'s key {fingerprint(k['key'])}, which was not valid for it"
                return f"is signed with {k['holder']}'s key {fingerprint(k['key'])}, not by its maker"
        if not applying:
            return f"carries a signature by a key not registered for {event['actor']} that day"
        return "its signature does not match the maker's key: forged, or changed after signing"

    def signing_key(self, event):
        if event["signature"] is None:
            return None
        for k in self.applying(event):
            if verifies(k["key"], event["signature"], canonical(event)):
                return k
        return None


def verify(text, trusted):
    problems = []
    try:
        document = json.loads(text)
    except ValueError as error:
        ids = re.findall(r'\{"id":\s*"(\d+)"', text)
        subject = f"event {ids[-1]}" if ids else "the file"
        return [f"{subject}: the file is truncated or not valid JSON ({error})"]
    try:
        if not isinstance(document, dict) or document.get("format") != "logbook-bundle-v1":
            raise Problem("the file", 'is not a logbook bundle: "format" must be "logbook-bundle-v1"')
        position = document.get("position")
        if not isinstance(position, dict) or not isinstance(position.get("id"), int) or isinstance(position.get("id"), bool):
            raise Problem("the file", 'has no "position" with a numeric "id"')
        trainee = position.get("trainee")
        if not isinstance(trainee, str):
            raise Problem("the file", 'its "position" has no "trainee"')
        key_chain = read_events(document, "key_chain")
        events = read_events(document, "events")
    except Problem as problem:
        return [str(problem)]

    found = []  # (event id, message)
    broken = chain_problem(key_chain)
    if broken:
        found.append((int(broken[0]), "(key chain) " + broken[1]))
    for event in key_chain:
        if event["position"]:
            found.append((int(event["id"]), "is in the key chain but belongs to a position"))
    book = KeyBook()
    book.read(key_chain)
    found += book.problems
    established = set()
    for event in key_chain:
        message = book.signature_problem(event)
        if message:
            found.append((int(event["id"]), message))
        registered = [k for k in book.keys if k["id"] == int(event["id"])]
        if event["kind"] == "key-registration" and registered:
            signer = book.signing_key(event)
            if registered[0]["key"] in trusted or (signer is not None and signer["id"] in established):
                established.add(registered[0]["id"])

    broken = chain_problem(events)
    if broken:
        found.append((int(broken[0]), broken[1]))
    seen = set()
    for event in events:
        eid = int(event["id"])
        if event["position"] != str(position["id"]):
            found.append((eid, f"belongs to position {event['position'] or 'none'}, not to the bundle's position"))
        if event["kind"] == "key-registration":
            found.append((eid, "a key registration belongs in the key chain"))
        if event["kind"] == "revocation" and event["revokes"] not in seen:
            found.append((eid, "revokes an event that is not before it in this chain"))
        if event["kind"] != "revocation" and event["actor"] == trainee:
            found.append((eid, f"was made by the trainee {trainee}"))
        seen.add(event["id"])
        message = book.signature_problem(event, trainee)
        if message:
            found.append((eid, message))
        else:
            signer = book.signing_key(event)
            if signer is not None and signer["id"] not in established:
                found.append((eid, f"is signed with key {fingerprint(signer['key'])}, which does not chain back to a trusted secretariat key"))

    reported, lines = set(), []
    for eid, message in sorted(found, key=lambda item: item[0]):
        if eid not in reported:
            reported.add(eid)
            lines.append(f"event {eid}: {message}")
    return lines


def main(argv):
    path, trust_files, args = None, [], list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--trust" and args:
            trust_files.append(args.pop(0))
        elif arg.startswith("--trust="):
            trust_files.append(arg[len("--trust="):])
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
            with open(file, encoding="utf-8") as handle:
                for number, line in enumerate(handle, 1):
                    line = line.strip()
                    if not line or line.startswith("#"):
                        continue
                    key = b64(line, 32)
                    if key is None:
                        print(f"{file}:{number}: not an Ed25519 public key", file=sys.stderr)
                        return 65
                    trusted.add(key)
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
    except OSError as error:
        print(f"verify_bundle.py: {error}", file=sys.stderr)
        return 66
    lines = verify(text, trusted)
    for line in lines:
        print(line)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
