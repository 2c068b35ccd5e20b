-- logbook schema version 10: people's names in the log (issue 29; docs/EVENT-FORMAT.md, "Names in the log").
-- * A new event kind 'person-name' in the authority chain: a person's handle and name, appended when the person is
--   added and with each correction of the name (its reason as the text). `logbook verify` holds every person's
--   `person.name` — what `print`, `status` and `history` show beside signed acts — to the newest one.
-- * Likewise 'department-name': a department's code, kind, region and name, appended when it is added.
-- * A position's binding made from now on ends with `content:HASH`, the SHA-256 of the pinned målbeskrivelse's
--   canonical text (no schema change: the payload is text).
--
-- The CHECKs on event.kind forbid the new kind, so the table is rebuilt as 0004 did (every row copied unchanged: every
-- stored hash stays valid). Migrator runs each migration with foreign keys off (SQLite's documented procedure for
-- changing a table: https://sqlite.org/lang_altertable.html#otheralter) and PRAGMA foreign_key_check before it commits,
-- so the tables that refer to event (fact_event, approval_request, approval_request_close, position_cancellation) stay
-- as they are. After this SQL, in the same transaction, Migrator appends one `migrated` person-name event per person
-- with the name they have now, and one per department (FactRepository.backfillNames).

CREATE TABLE event_new (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN (
                            'competency-approval', 'course-approval', 'time-attestation',
                            'element-attestation', 'statement', 'revocation', 'key-registration',
                            'grant', 'grant-end', 'position', 'supervisor-assignment', 'absence', 'absence-withdrawal',
                            'approval-request', 'request-decline', 'request-withdrawal', 'position-cancellation',
                            'person-name', 'department-name')),
    position_id         INTEGER REFERENCES position(id),
    competency_id       INTEGER REFERENCES competency(id),
    course_id           INTEGER REFERENCES curriculum_course(id),
    revokes_id          INTEGER UNIQUE REFERENCES event(id),
    effective_on        TEXT NOT NULL,
    recorded_at         TEXT NOT NULL,
    actor_id            INTEGER NOT NULL REFERENCES person(id),
    actor_role          TEXT NOT NULL,
    actor_department_id INTEGER REFERENCES department(id),
    text                TEXT NOT NULL DEFAULT '',
    payload             TEXT NOT NULL DEFAULT '',
    prev_hash           TEXT NOT NULL,
    hash                TEXT NOT NULL UNIQUE,
    signature           TEXT,
    authentication      TEXT CHECK (authentication IN ('password', 'password+totp', 'proxy', 'token')),
    CHECK ((kind = 'competency-approval') = (competency_id IS NOT NULL)),
    CHECK ((kind = 'course-approval') = (course_id IS NOT NULL)),
    CHECK ((kind = 'revocation') = (revokes_id IS NOT NULL)),
    CHECK (kind IN ('revocation', 'key-registration', 'grant', 'grant-end', 'person-name', 'department-name') OR position_id IS NOT NULL),
    CHECK (kind NOT IN ('key-registration', 'grant', 'grant-end', 'person-name', 'department-name') OR position_id IS NULL),
    CHECK (kind NOT IN ('revocation', 'request-decline', 'position-cancellation') OR length(trim(text)) > 0)
) STRICT;

INSERT INTO event_new (id, kind, position_id, competency_id, course_id, revokes_id, effective_on, recorded_at, actor_id,
                       actor_role, actor_department_id, text, payload, prev_hash, hash, signature, authentication)
SELECT id, kind, position_id, competency_id, course_id, revokes_id, effective_on, recorded_at, actor_id,
       actor_role, actor_department_id, text, payload, prev_hash, hash, signature, authentication
FROM event ORDER BY id;

DROP TABLE event;
ALTER TABLE event_new RENAME TO event;
CREATE INDEX event_position_idx ON event(position_id, kind);
CREATE INDEX event_actor_idx ON event(actor_id);
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN
    SELECT RAISE(ABORT, 'event rows are permanent history and cannot be changed; record a revocation instead');
END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN
    SELECT RAISE(ABORT, 'event rows are permanent history and cannot be deleted; record a revocation instead');
END;
