-- logbook schema, version 2: accounts for `logbook serve` (issue 15).
-- Moments here are Unix seconds (UTC), so expiry is plain arithmetic; tokens and session ids are stored only as
-- their SHA-256 (lower-case hex), so a copy of the database lets no one log in.

-- A person's password log-in: one per person, opened by an invitation.
CREATE TABLE account (
    person_id     INTEGER PRIMARY KEY REFERENCES person(id),
    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$2%'),
    created_at    INTEGER NOT NULL,
    changed_at    INTEGER NOT NULL
) STRICT;

-- A one-time invitation to set a password, created by whoever may grant the person's role.
CREATE TABLE invitation (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    person_id  INTEGER NOT NULL REFERENCES person(id),
    created_by INTEGER NOT NULL REFERENCES person(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL CHECK (expires_at > created_at),
    used_at    INTEGER
) STRICT;
CREATE INDEX invitation_person_idx ON invitation(person_id);

-- A server-side log-in session; the cookie holds the id, this table its hash and the CSRF token's hash.
CREATE TABLE server_session (
    id_hash      TEXT PRIMARY KEY CHECK (length(id_hash) = 64),
    csrf_hash    TEXT NOT NULL CHECK (length(csrf_hash) = 64),
    person_id    INTEGER NOT NULL REFERENCES person(id),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    ended_at     INTEGER
) STRICT;
CREATE INDEX server_session_person_idx ON server_session(person_id);

-- Every log-in attempt: who was named, when, from which address, and whether it succeeded.
CREATE TABLE login_attempt (
    id        INTEGER PRIMARY KEY,
    handle    TEXT NOT NULL,
    person_id INTEGER REFERENCES person(id),
    at        INTEGER NOT NULL,
    address   TEXT NOT NULL,
    ok        INTEGER NOT NULL CHECK (ok IN (0, 1))
) STRICT;
CREATE INDEX login_attempt_handle_idx ON login_attempt(handle, at);
CREATE INDEX login_attempt_address_idx ON login_attempt(address, at);
