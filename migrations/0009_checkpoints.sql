-- logbook schema version 9: signed checkpoints of the event log's Merkle tree (issue 29; docs/EVENT-FORMAT.md,
-- "The Merkle tree and checkpoints").
-- * checkpoint: one row per signed checkpoint, append-only. The tree has one leaf per event in id order, the leaf's
--   entry the event's canonical bytes (RFC 9162 hashing). `note` is the C2SP signed note exactly as signed (origin,
--   tree size, base64 root, `time` extension line, a blank line, the signature line). `frontier` is the compact range
--   of the tree (the roots of its perfect subtrees, largest first, lower-case hex separated by spaces), from which the
--   next checkpoint is computed with the new events only. `last_event` is the id of the tree's last leaf (NULL for an
--   empty tree), `signer` the holder of the signing key (`server:NAME` or a secretariat's handle).
-- The log is the truth; a checkpoint only witnesses it: `logbook verify` recomputes every stored checkpoint's root
-- from the events and checks consecutive checkpoints with RFC 9162 consistency proofs.

CREATE TABLE checkpoint (
    id         INTEGER PRIMARY KEY,
    tree_size  INTEGER NOT NULL CHECK (tree_size >= 0),
    last_event INTEGER,
    root_hash  TEXT NOT NULL,
    frontier   TEXT NOT NULL,
    note       TEXT NOT NULL,
    signer     TEXT NOT NULL,
    made_at    TEXT NOT NULL
) STRICT;
CREATE INDEX checkpoint_size_idx ON checkpoint(tree_size, id);

CREATE TRIGGER checkpoint_no_update BEFORE UPDATE ON checkpoint
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoint_no_delete BEFORE DELETE ON checkpoint
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
