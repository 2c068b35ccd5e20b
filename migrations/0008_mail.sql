-- logbook schema version 8: the server sends mail itself (issue 27). (7 is another change's.)
-- * mail_preference: each person's language for mail and their choice per kind of mail: right away ('now'), only in
--   the daily digest ('digest') or not at all ('never'); the digest itself is 'daily' or 'never'. A person without a
--   row gets the defaults (Danish, everything right away, a daily digest). An invitation is always sent.
-- * mail_outbox: every mail, written in the same transaction as the act that causes it (a request, a decline, an
--   approval, an invitation, the daily digest). A sender delivers it after the commit and records the outcome here:
--   the row is also the delivery log the secretariat reads. `message_key` makes the Message-ID
--   (`logbook.<id>.<key>@<sender's domain>`), the same on every attempt, so a copy sent twice after a crash between the
--   relay's answer and the commit is recognisably the same message.
--   An invitation's bodies hold its token until it is delivered or given up; then they are blanked.

CREATE TABLE mail_preference (
    person_id  INTEGER PRIMARY KEY REFERENCES person(id),
    language   TEXT NOT NULL DEFAULT 'da' CHECK (language IN ('da', 'en')),
    requests   TEXT NOT NULL DEFAULT 'now' CHECK (requests IN ('now', 'digest', 'never')),
    answers    TEXT NOT NULL DEFAULT 'now' CHECK (answers IN ('now', 'digest', 'never')),
    digest     TEXT NOT NULL DEFAULT 'daily' CHECK (digest IN ('daily', 'never')),
    changed_by INTEGER REFERENCES person(id),
    changed_at TEXT NOT NULL
) STRICT;

CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('request', 'decline', 'approval', 'invitation', 'digest')),
    person_id       INTEGER NOT NULL REFERENCES person(id),
    address         TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    unsubscribe_url TEXT,
    message_key     TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    -- Unix seconds when it was written (the clock of next_attempt_at): how long it has been tried.
    queued_at       INTEGER NOT NULL,
    -- 'pending' until delivered or given up. A sender claims a row by moving next_attempt_at past the time it needs
    -- (the lease), so a crashed sender's row comes due again by itself.
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    finished_at     TEXT,
    CHECK ((state = 'pending') = (finished_at IS NULL))
) STRICT;
CREATE INDEX mail_outbox_due_idx ON mail_outbox(state, next_attempt_at);
CREATE INDEX mail_outbox_person_idx ON mail_outbox(person_id, id);
CREATE TRIGGER mail_outbox_no_delete BEFORE DELETE ON mail_outbox
BEGIN SELECT RAISE(ABORT, 'the delivery log is permanent'); END;
