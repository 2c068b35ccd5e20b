-- logbook schema, version 5: two-factor log-in (TOTP, RFC 6238) and personal API tokens for `logbook serve` (issue 15).
-- * A person's TOTP secret, sealed (ChaCha20-Poly1305) with the server's key from LOGBOOK_TOTP_KEY_FILE and bound to
--   the person's id, so a copy of the database alone gives no one the codes. Pending until a first code confirms it;
--   `last_step` is the last accepted 30-second time step, so a code is accepted only once.
-- * A session records how the person authenticated: 'password', 'password+totp' or 'proxy' (single sign-on through a
--   trusted proxy); acts signed by the server will name it. Existing sessions are taken as password log-ins.
-- * Personal API tokens (`Authorization: Bearer`), stored as their SHA-256.

CREATE TABLE totp (
    person_id     INTEGER PRIMARY KEY REFERENCES person(id),
    sealed_secret TEXT NOT NULL CHECK (length(sealed_secret) > 0),
    created_at    INTEGER NOT NULL,
    confirmed_at  INTEGER,
    last_step     INTEGER
) STRICT;

ALTER TABLE server_session ADD COLUMN method TEXT NOT NULL DEFAULT 'password' CHECK (method IN ('password', 'password+totp', 'proxy'));

-- A personal API token for scripts: made by the person for themselves, shown once and stored only as its SHA-256
-- (like session ids); 'read' only reads, 'act' also acts. Valid until `expires_at` unless revoked.
CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    person_id    INTEGER NOT NULL REFERENCES person(id),
    name         TEXT NOT NULL CHECK (length(name) > 0),
    scope        TEXT NOT NULL CHECK (scope IN ('read', 'act')),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL CHECK (expires_at > created_at),
    revoked_at   INTEGER,
    last_used_at INTEGER
) STRICT;
CREATE INDEX api_token_person_idx ON api_token(person_id);
