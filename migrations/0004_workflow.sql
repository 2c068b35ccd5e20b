-- logbook schema, version 4: the daily workflow (issue 14).
-- * Approval requests (anmodning om godkendelse) and their answers are events of the position's chain:
--   'approval-request' (by the trainee, to a named approver), 'request-decline' (by that approver, with a reason),
--   'request-withdrawal' (by the trainee). An approval that answers a request carries `request:<id>` as its payload.
-- * A position started by mistake is cancelled by a 'position-cancellation' event (with a reason); its records stay.
-- * People get an optional e-mail address; corrections of name, authorisation id or e-mail are kept as history.
-- * `logbook remind` records each digest it sent, so a person gets at most one a day.
--
-- 0003's CHECK on event.kind forbids the new kinds, so the table is rebuilt as 0003 did it: every row copied
-- unchanged (every stored hash stays valid). fact_event refers to event, and dropping a parent table with foreign
-- keys on counts its children as violations that a rename does not undo, so fact_event is set aside first and
-- rebuilt after (its rows unchanged, its triggers again). Migrator runs PRAGMA foreign_key_check before it commits.

CREATE TEMP TABLE fact_event_copy AS SELECT table_name, row_id, event_id FROM fact_event;
DROP TABLE fact_event;

CREATE TABLE event_new (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN (
                            'competency-approval', 'course-approval', 'time-attestation',
                            'element-attestation', 'statement', 'revocation', 'key-registration',
                            'grant', 'grant-end', 'position', 'supervisor-assignment', 'absence', 'absence-withdrawal',
                            'approval-request', 'request-decline', 'request-withdrawal', 'position-cancellation')),
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
    CHECK (kind NOT IN ('revocation', 'request-decline', 'position-cancellation') OR length(trim(text)) > 0)
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

CREATE TABLE fact_event (
    table_name TEXT NOT NULL CHECK (table_name IN ('role_grant', 'role_grant_end', 'position', 'position_supervisor',
                                                   'absence', 'absence_revocation')),
    row_id     INTEGER NOT NULL,
    event_id   INTEGER NOT NULL UNIQUE REFERENCES event(id),
    PRIMARY KEY (table_name, row_id)
) STRICT, WITHOUT ROWID;
INSERT INTO fact_event (table_name, row_id, event_id) SELECT table_name, row_id, event_id FROM temp.fact_event_copy;
DROP TABLE temp.fact_event_copy;
CREATE TRIGGER fact_event_no_update BEFORE UPDATE ON fact_event
BEGIN SELECT RAISE(ABORT, 'fact events are permanent history'); END;
CREATE TRIGGER fact_event_no_delete BEFORE DELETE ON fact_event
BEGIN SELECT RAISE(ABORT, 'fact events are permanent history'); END;

-- Requests, for the approver's inbox (through approval_request_addressee_idx) and the trainee's list. The request
-- itself (what, which assessments, the message) is its event; these rows only index it.
CREATE TABLE approval_request (
    event_id     INTEGER PRIMARY KEY REFERENCES event(id),
    position_id  INTEGER NOT NULL REFERENCES position(id),
    addressee_id INTEGER NOT NULL REFERENCES person(id),
    requested_on TEXT NOT NULL
) STRICT;
CREATE INDEX approval_request_addressee_idx ON approval_request(addressee_id);
CREATE INDEX approval_request_position_idx ON approval_request(position_id);

-- How a request was closed: every item approved, declined, withdrawn, or its position cancelled.
CREATE TABLE approval_request_close (
    request_id INTEGER PRIMARY KEY REFERENCES approval_request(event_id),
    event_id   INTEGER NOT NULL REFERENCES event(id),
    outcome    TEXT NOT NULL CHECK (outcome IN ('approved', 'declined', 'withdrawn', 'cancelled'))
) STRICT;

-- A cancelled position (its event holds the reason and who cancelled it).
CREATE TABLE position_cancellation (
    position_id  INTEGER PRIMARY KEY REFERENCES position(id),
    event_id     INTEGER NOT NULL UNIQUE REFERENCES event(id),
    cancelled_on TEXT NOT NULL
) STRICT;

CREATE TRIGGER approval_request_no_update BEFORE UPDATE ON approval_request
BEGIN SELECT RAISE(ABORT, 'approval requests are permanent history'); END;
CREATE TRIGGER approval_request_no_delete BEFORE DELETE ON approval_request
BEGIN SELECT RAISE(ABORT, 'approval requests are permanent history'); END;
CREATE TRIGGER approval_request_close_no_update BEFORE UPDATE ON approval_request_close
BEGIN SELECT RAISE(ABORT, 'answers to approval requests are permanent history'); END;
CREATE TRIGGER approval_request_close_no_delete BEFORE DELETE ON approval_request_close
BEGIN SELECT RAISE(ABORT, 'answers to approval requests are permanent history'); END;
CREATE TRIGGER position_cancellation_no_update BEFORE UPDATE ON position_cancellation
BEGIN SELECT RAISE(ABORT, 'a cancellation is permanent history'); END;
CREATE TRIGGER position_cancellation_no_delete BEFORE DELETE ON position_cancellation
BEGIN SELECT RAISE(ABORT, 'a cancellation is permanent history'); END;

-- People: an optional e-mail address (for reminders), and every correction kept.
ALTER TABLE person ADD COLUMN email TEXT;

CREATE TABLE person_change (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person(id),
    field      TEXT NOT NULL CHECK (field IN ('name', 'authorisation_id', 'email')),
    old_value  TEXT,
    new_value  TEXT,
    reason     TEXT NOT NULL DEFAULT '',
    changed_by INTEGER NOT NULL REFERENCES person(id),
    changed_at TEXT NOT NULL
) STRICT;
CREATE INDEX person_change_person_idx ON person_change(person_id, id);
CREATE TRIGGER person_change_no_update BEFORE UPDATE ON person_change
BEGIN SELECT RAISE(ABORT, 'corrections are permanent history'); END;
CREATE TRIGGER person_change_no_delete BEFORE DELETE ON person_change
BEGIN SELECT RAISE(ABORT, 'corrections are permanent history'); END;
-- A person row changes only together with its history row (the use case writes both in one transaction); the
-- handle, which every event names, never changes.
CREATE TRIGGER person_handle_fixed BEFORE UPDATE OF handle ON person
BEGIN SELECT RAISE(ABORT, 'a handle is named by the signed log and cannot be changed'); END;
CREATE TRIGGER person_no_delete BEFORE DELETE ON person
BEGIN SELECT RAISE(ABORT, 'people are named by the permanent history and cannot be deleted'); END;

-- One reminder digest per person per day (`logbook remind`).
CREATE TABLE reminder_sent (
    person_id INTEGER NOT NULL REFERENCES person(id),
    sent_on   TEXT NOT NULL,
    sent_at   TEXT NOT NULL,
    address   TEXT NOT NULL,
    PRIMARY KEY (person_id, sent_on)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER reminder_sent_no_update BEFORE UPDATE ON reminder_sent
BEGIN SELECT RAISE(ABORT, 'the reminder log is permanent'); END;
