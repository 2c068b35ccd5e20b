-- logbook schema, version 3: everything an act's validity rests on is in the signed log (docs/EVENT-FORMAT.md).
-- Grants and their ends, key registrations and revocations form the authority chain (events without a position);
-- position bindings, hovedvejleder assignments, absence and its withdrawal belong to the position's chain. The
-- tables role_grant, role_grant_end, position, position_supervisor, absence and absence_revocation stay as
-- projections for fast reads; `verify` trusts only the log.
--
-- 0001's CHECK on event.kind forbids the new kinds, so the table is rebuilt the SQLite way: create the new table,
-- copy every row unchanged (so every stored hash stays valid), drop the old one, rename, recreate the indexes and
-- the append-only triggers. The facts already in the tables are appended as `migrated` events by the program right
-- after this file runs, in the same transaction (Migrator, FactBackfill).

CREATE TABLE event_new (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN (
                            'competency-approval', 'course-approval', 'time-attestation',
                            'element-attestation', 'statement', 'revocation', 'key-registration',
                            'grant', 'grant-end', 'position', 'supervisor-assignment', 'absence', 'absence-withdrawal')),
    position_id         INTEGER REFERENCES position(id),
    competency_id       INTEGER REFERENCES competency(id),
    course_id           INTEGER REFERENCES curriculum_course(id),
    revokes_id          INTEGER UNIQUE REFERENCES event_new(id),
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
    CHECK ((kind = 'competency-approval') = (competency_id IS NOT NULL)),
    CHECK ((kind = 'course-approval') = (course_id IS NOT NULL)),
    CHECK ((kind = 'revocation') = (revokes_id IS NOT NULL)),
    CHECK (kind IN ('revocation', 'key-registration', 'grant', 'grant-end') OR position_id IS NOT NULL),
    CHECK (kind NOT IN ('key-registration', 'grant', 'grant-end') OR position_id IS NULL),
    CHECK (kind <> 'revocation' OR length(trim(text)) > 0)
) STRICT;

INSERT INTO event_new (id, kind, position_id, competency_id, course_id, revokes_id, effective_on, recorded_at, actor_id,
                       actor_role, actor_department_id, text, payload, prev_hash, hash, signature)
SELECT id, kind, position_id, competency_id, course_id, revokes_id, effective_on, recorded_at, actor_id,
       actor_role, actor_department_id, text, payload, prev_hash, hash, signature
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

-- Which event records which projection row (a grant's end names the grant's event; a withdrawal the absence's).
CREATE TABLE fact_event (
    table_name TEXT NOT NULL CHECK (table_name IN ('role_grant', 'role_grant_end', 'position', 'position_supervisor',
                                                   'absence', 'absence_revocation')),
    row_id     INTEGER NOT NULL,
    event_id   INTEGER NOT NULL UNIQUE REFERENCES event(id),
    PRIMARY KEY (table_name, row_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER fact_event_no_update BEFORE UPDATE ON fact_event
BEGIN SELECT RAISE(ABORT, 'fact events are permanent history'); END;
CREATE TRIGGER fact_event_no_delete BEFORE DELETE ON fact_event
BEGIN SELECT RAISE(ABORT, 'fact events are permanent history'); END;
