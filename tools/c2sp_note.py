#!/usr/bin/env python3
"""An independent verifier of C2SP signed notes holding a tlog-checkpoint, written from the two specs alone
(c2sp.org/signed-note, c2sp.org/tlog-checkpoint): no code shared with logbook or tools/verify_bundle.py.

    python3 tools/c2sp_note.py NOTE-FILE|--bundle BUNDLE.json --key BASE64-ED25519-PUBLIC-KEY [--name KEY-NAME]

The key name defaults to the checkpoint's origin line (the log's key name should match it). Prints "ORIGIN SIZE ROOT"
and exits 0 when a signature line by that name and key verifies; exits 1 with the reason otherwise, 64 for wrong usage.
Needs the `cryptography` package.
"""
import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def verify(note, name, public_key):
    """The checkpoint (origin, size, root) of `note` if `public_key` (32 bytes) signed it under `name`; raises ValueError."""
    if not note.endswith("\n") or any(ord(c) < 0x20 and c != "\n" for c in note):
        raise ValueError("not a note: it must end in a newline and hold no control character but newlines")
    split = note.rfind("\n\n")                      # the text ends at the last blank line
    if split < 0:
        raise ValueError("not a note: no blank line before the signatures")
    text, signature_lines = note[:split + 1], note[split + 2:].split("\n")[:-1]
    key_id = hashlib.sha256(name.encode() + b"\n" + b"\x01" + public_key).digest()[:4]   # Ed25519 is type 0x01
    verified = False
    for line in signature_lines:
        if not line.startswith("\u2014 "):
            raise ValueError(f"not a signature line: {line!r}")
        line_name, _, encoded = line[2:].partition(" ")
        blob = base64.b64decode(encoded, validate=True)
        if line_name != name or blob[:4] != key_id:
            continue                                # a signature by another key is ignored
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(blob[4:], text.encode())
            verified = True
        except InvalidSignature:
            raise ValueError("the signature by the known key does not verify")
    if not verified:
        raise ValueError(f"no signature by {name} with that key")
    lines = text[:-1].split("\n")
    if len(lines) < 3 or not lines[0] or any(not extra for extra in lines[3:]):
        raise ValueError("not a checkpoint: origin, size and root hash lines, then non-empty extension lines")
    if not (lines[1] == "0" or (lines[1].isdigit() and not lines[1].startswith("0"))):
        raise ValueError(f"not a tree size: {lines[1]!r}")
    root = base64.b64decode(lines[2], validate=True)
    if len(root) != 32:
        raise ValueError("the root hash is not 32 bytes")
    return lines[0], int(lines[1]), lines[2]


def main(argv):
    args, note, key, name = list(argv), None, None, None
    while args:
        arg = args.pop(0)
        if arg == "--bundle" and args:
            with open(args.pop(0), encoding="utf-8") as handle:
                note = json.load(handle).get("checkpoint")
        elif arg == "--key" and args:
            key = base64.b64decode(args.pop(0), validate=True)
        elif arg == "--name" and args:
            name = args.pop(0)
        elif note is None and not arg.startswith("-"):
            with open(arg, encoding="utf-8") as handle:
                note = handle.read()
        else:
            print(__doc__, file=sys.stderr)
            return 64
    if not isinstance(note, str) or key is None or len(key) != 32:
        print(__doc__, file=sys.stderr)
        return 64
    try:
        origin, size, root = verify(note, name or note.split("\n", 1)[0], key)
    except ValueError as error:
        print(f"c2sp_note.py: {error}")
        return 1
    print(f"{origin} {size} {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
