-- logbook schema, version 1: the whole domain of shared/DOMAIN.md.
-- Landed migrations are never edited; later changes come as new numbered files.
-- Dates are ISO calendar dates (YYYY-MM-DD); moments are UTC ISO-8601 with Z (recorded_at).

-- Specialties and specialty groups -------------------------------------------------------------

-- An intro in one specialty of a group qualifies for every specialty of the group.
CREATE TABLE specialty_group (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE specialty (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- Lower-cased name for case-insensitive lookup (also of æ, ø, å, which NOCASE does not fold).
    key      TEXT NOT NULL UNIQUE CHECK (length(key) > 0),
    group_id INTEGER REFERENCES specialty_group(id)
) STRICT;
CREATE INDEX specialty_group_idx ON specialty(group_id);

INSERT INTO specialty_group (id, name) VALUES (1, 'Intern medicin');
INSERT INTO specialty (name, key, group_id) VALUES
    ('Endokrinologi', 'endokrinologi', 1),
    ('Gastroenterologi og hepatologi', 'gastroenterologi og hepatologi', 1),
    ('Geriatri', 'geriatri', 1),
    ('Hæmatologi', 'hæmatologi', 1),
    ('Infektionsmedicin', 'infektionsmedicin', 1),
    ('Kardiologi', 'kardiologi', 1),
    ('Lungesygdomme', 'lungesygdomme', 1),
    ('Nefrologi', 'nefrologi', 1),
    ('Reumatologi', 'reumatologi', 1);

-- Målbeskrivelser (curricula) ------------------------------------------------------------------

CREATE TABLE curriculum (
    id           INTEGER PRIMARY KEY,
    specialty_id INTEGER NOT NULL REFERENCES specialty(id),
    level        TEXT NOT NULL CHECK (level IN ('intro', 'main')),
    version      TEXT NOT NULL CHECK (length(trim(version)) > 0),
    valid_from   TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    title        TEXT NOT NULL DEFAULT '',
    -- SHA-256 of the canonical import, so re-importing identical content is a no-op.
    content_hash TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    imported_by  INTEGER REFERENCES person(id),
    UNIQUE (specialty_id, level, version)
) STRICT;

-- The seven lægeroller, in their official order.
CREATE TABLE medical_role (
    id          INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 7),
    key         TEXT NOT NULL UNIQUE,
    danish_name TEXT NOT NULL UNIQUE
) STRICT;
INSERT INTO medical_role (id, key, danish_name) VALUES
    (1, 'medical-expert', 'Medicinsk ekspert/lægefaglig'),
    (2, 'communicator', 'Kommunikator'),
    (3, 'collaborator', 'Samarbejder'),
    (4, 'leader', 'Leder/administrator/organisator'),
    (5, 'health-advocate', 'Sundhedsfremmer'),
    (6, 'scholar', 'Akademiker/forsker og underviser'),
    (7, 'professional', 'Professionel');

-- Kompetencevurderingsmetoder known to the program.
CREATE TABLE assessment_method (
    id   INTEGER PRIMARY KEY,
    key  TEXT NOT NULL UNIQUE CHECK (length(key) > 0),
    name TEXT NOT NULL UNIQUE CHECK (length(name) > 0)
) STRICT;
INSERT INTO assessment_method (id, key, name) VALUES
    (1, 'direct-observation', 'Direkte observation'),
    (2, 'mini-cex', 'Mini-CEX'),
    (3, 'competency-card', 'Kompetencekort'),
    (4, 'structured-interview', 'Struktureret vejledersamtale'),
    (5, 'case-based-discussion', 'Casebaseret diskussion'),
    (6, '360-evaluation', '360-graders evaluering'),
    (7, 'audit', 'Audit'),
    (8, 'osats', 'OSATS'),
    (9, 'assessment-form', 'Vurderingsskema'),
    (10, 'course-approval', 'Godkendelse af kursus');

CREATE TABLE competency (
    id                  INTEGER PRIMARY KEY,
    curriculum_id       INTEGER NOT NULL REFERENCES curriculum(id),
    -- Free text: "1", "I3", "K-12", "IA-1". Never assumed to be a number.
    code                TEXT NOT NULL CHECK (length(trim(code)) > 0),
    sort_order          INTEGER NOT NULL,
    title               TEXT NOT NULL CHECK (length(trim(title)) > 0),
    concretisation      TEXT NOT NULL DEFAULT '',   -- konkretisering
    learning_strategies TEXT NOT NULL DEFAULT '',   -- læringsstrategier
    UNIQUE (curriculum_id, code),
    UNIQUE (curriculum_id, sort_order)
) STRICT;

CREATE TABLE competency_role (
    competency_id INTEGER NOT NULL REFERENCES competency(id),
    role_id       INTEGER NOT NULL REFERENCES medical_role(id),
    PRIMARY KEY (competency_id, role_id)
) STRICT, WITHOUT ROWID;

-- Mandatory assessment methods of a competency.
CREATE TABLE competency_method (
    competency_id INTEGER NOT NULL REFERENCES competency(id),
    method_id     INTEGER NOT NULL REFERENCES assessment_method(id),
    PRIMARY KEY (competency_id, method_id)
) STRICT, WITHOUT ROWID;

-- Mandatory courses of a målbeskrivelse (always at least "Kursus i klinisk vejledning").
CREATE TABLE curriculum_course (
    id            INTEGER PRIMARY KEY,
    curriculum_id INTEGER NOT NULL REFERENCES curriculum(id),
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    sort_order    INTEGER NOT NULL,
    UNIQUE (curriculum_id, name)
) STRICT;

-- Departments and uddannelsesprogrammer ---------------------------------------------------------

CREATE TABLE department (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind       TEXT NOT NULL CHECK (kind IN ('hospital', 'general-practice')),
    region     TEXT NOT NULL CHECK (length(trim(region)) > 0),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES person(id)
) STRICT;
CREATE INDEX department_region_idx ON department(region);

CREATE TABLE program (
    id            INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES department(id),
    curriculum_id INTEGER NOT NULL REFERENCES curriculum(id),
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    version       TEXT NOT NULL CHECK (length(trim(version)) > 0),
    approved_on   TEXT,
    content_hash  TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    imported_by   INTEGER REFERENCES person(id),
    UNIQUE (department_id, curriculum_id, version)
) STRICT;
CREATE INDEX program_department_idx ON program(department_id);
CREATE INDEX program_curriculum_idx ON program(curriculum_id);

-- One deadline of a programme: a competency, a course or a meeting due by month N of the position.
CREATE TABLE program_item (
    id            INTEGER PRIMARY KEY,
    program_id    INTEGER NOT NULL REFERENCES program(id),
    kind          TEXT NOT NULL CHECK (kind IN ('competency', 'course', 'meeting')),
    competency_id INTEGER REFERENCES competency(id),
    course_id     INTEGER REFERENCES curriculum_course(id),
    meeting_kind  TEXT CHECK (meeting_kind IN ('introduction', 'adjustment', 'final')),
    due_month     INTEGER NOT NULL CHECK (due_month BETWEEN 0 AND 60),
    method_id     INTEGER REFERENCES assessment_method(id),
    note          TEXT NOT NULL DEFAULT '',
    sort_order    INTEGER NOT NULL,
    CHECK ((kind = 'competency') = (competency_id IS NOT NULL)),
    CHECK ((kind = 'course') = (course_id IS NOT NULL)),
    CHECK ((kind = 'meeting') = (meeting_kind IS NOT NULL))
) STRICT;
CREATE INDEX program_item_program_idx ON program_item(program_id, sort_order);
CREATE INDEX program_item_competency_idx ON program_item(competency_id);
CREATE INDEX program_item_course_idx ON program_item(course_id);

-- People and their grants --------------------------------------------------------------------------

CREATE TABLE person (
    id               INTEGER PRIMARY KEY,
    handle           TEXT NOT NULL UNIQUE CHECK (length(trim(handle)) BETWEEN 1 AND 64),
    name             TEXT NOT NULL CHECK (length(trim(name)) > 0),
    authorisation_id TEXT UNIQUE,
    created_at       TEXT NOT NULL,
    created_by       INTEGER REFERENCES person(id)
) STRICT;

-- A dated grant of one role. Secretariat grants belong to a region, all others to a department.
-- Grants are never changed: ending one appends a row to role_grant_end.
CREATE TABLE role_grant (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES person(id),
    role          TEXT NOT NULL
                  CHECK (role IN ('secretariat', 'uao', 'tutor', 'supervisor', 'clinical-supervisor')),
    department_id INTEGER REFERENCES department(id),
    region        TEXT,
    -- A clinical supervisor's delegation to approve single competencies.
    may_approve   INTEGER NOT NULL DEFAULT 0 CHECK (may_approve IN (0, 1)),
    valid_from    TEXT NOT NULL,
    valid_until   TEXT,   -- inclusive; NULL while open-ended
    granted_by    INTEGER REFERENCES person(id),   -- NULL only for the bootstrap secretariat grant
    recorded_at   TEXT NOT NULL,
    CHECK ((role = 'secretariat') = (region IS NOT NULL AND department_id IS NULL)),
    CHECK ((role = 'secretariat') = (department_id IS NULL)),
    CHECK (may_approve = 0 OR role = 'clinical-supervisor'),
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
) STRICT;
CREATE INDEX role_grant_person_idx ON role_grant(person_id, role);
CREATE INDEX role_grant_department_idx ON role_grant(department_id, role);

CREATE TABLE role_grant_end (
    id          INTEGER PRIMARY KEY,
    grant_id    INTEGER NOT NULL UNIQUE REFERENCES role_grant(id),
    ends_on     TEXT NOT NULL,   -- last day the grant counts
    ended_by    INTEGER NOT NULL REFERENCES person(id),
    recorded_at TEXT NOT NULL
) STRICT;

-- Intro positions (introduktionsstillinger) -----------------------------------------------------

CREATE TABLE position (
    id                   INTEGER PRIMARY KEY,
    trainee_id           INTEGER NOT NULL REFERENCES person(id),
    department_id        INTEGER NOT NULL REFERENCES department(id),
    curriculum_id        INTEGER NOT NULL REFERENCES curriculum(id),   -- pinned at start
    program_id           INTEGER REFERENCES program(id),
    start_date           TEXT NOT NULL,
    -- Part time as an exact fraction "numerator/denominator", 1/2 through 1/1.
    part_time            TEXT NOT NULL DEFAULT '1/1' CHECK (part_time GLOB '[0-9]*/[0-9]*'),
    kbu_general_practice INTEGER NOT NULL DEFAULT 0 CHECK (kbu_general_practice IN (0, 1)),
    started_by           INTEGER NOT NULL REFERENCES person(id),
    recorded_at          TEXT NOT NULL
) STRICT;
CREATE INDEX position_trainee_idx ON position(trainee_id, start_date);
CREATE INDEX position_department_idx ON position(department_id, start_date);

-- The position's hovedvejleder, from a date on. The latest assignment on a day is the one that counts.
CREATE TABLE position_supervisor (
    id          INTEGER PRIMARY KEY,
    position_id INTEGER NOT NULL REFERENCES position(id),
    person_id   INTEGER NOT NULL REFERENCES person(id),
    from_date   TEXT NOT NULL,
    assigned_by INTEGER NOT NULL REFERENCES person(id),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX position_supervisor_position_idx ON position_supervisor(position_id, from_date);
CREATE INDEX position_supervisor_person_idx ON position_supervisor(person_id);

-- Fravær: one period of one kind.
CREATE TABLE absence (
    id          INTEGER PRIMARY KEY,
    position_id INTEGER NOT NULL REFERENCES position(id),
    kind        TEXT NOT NULL CHECK (kind IN ('sickness', 'child-sick', 'care-day', 'optional-course',
                                              'parental-leave', 'holiday', 'mandatory-course')),
    from_date   TEXT NOT NULL,
    to_date     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER NOT NULL REFERENCES person(id),
    recorded_at TEXT NOT NULL,
    CHECK (to_date >= from_date)
) STRICT;
CREATE INDEX absence_position_idx ON absence(position_id, from_date);

-- A recorded absence period withdrawn (entered by mistake); the period and its withdrawal both stay.
CREATE TABLE absence_revocation (
    id          INTEGER PRIMARY KEY,
    absence_id  INTEGER NOT NULL UNIQUE REFERENCES absence(id),
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    revoked_by  INTEGER NOT NULL REFERENCES person(id),
    recorded_at TEXT NOT NULL
) STRICT;

-- A kompetencevurdering toward one competency. Never edited: a correction is a new row.
CREATE TABLE assessment (
    id            INTEGER PRIMARY KEY,
    position_id   INTEGER NOT NULL REFERENCES position(id),
    competency_id INTEGER NOT NULL REFERENCES competency(id),
    method_id     INTEGER REFERENCES assessment_method(id),
    other_method  TEXT,
    assessed_on   TEXT NOT NULL,
    assessor_id   INTEGER REFERENCES person(id),
    note          TEXT NOT NULL DEFAULT '',
    corrects_id   INTEGER UNIQUE REFERENCES assessment(id),
    recorded_by   INTEGER NOT NULL REFERENCES person(id),
    recorded_at   TEXT NOT NULL,
    CHECK ((method_id IS NULL) <> (other_method IS NULL))
) STRICT;
CREATE INDEX assessment_position_idx ON assessment(position_id, competency_id, assessed_on);

-- A vejledersamtale, carrying the revised individuelle uddannelsesplan.
CREATE TABLE meeting (
    id          INTEGER PRIMARY KEY,
    position_id INTEGER NOT NULL REFERENCES position(id),
    kind        TEXT NOT NULL CHECK (kind IN ('introduction', 'adjustment', 'final')),
    held_on     TEXT NOT NULL,
    plan        TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER NOT NULL REFERENCES person(id),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX meeting_position_idx ON meeting(position_id, held_on);

-- The event log ---------------------------------------------------------------------------------------
-- Approvals, attestations, statements, revocations (and, with signatures, key registrations).
-- Append-only: the triggers below refuse UPDATE and DELETE. Each row carries the SHA-256 of its
-- canonical encoding, which includes the previous row's hash (docs/EVENT-FORMAT.md).

CREATE TABLE event (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN (
                            'competency-approval', 'course-approval', 'time-attestation',
                            'element-attestation', 'statement', 'revocation', 'key-registration')),
    position_id         INTEGER REFERENCES position(id),
    competency_id       INTEGER REFERENCES competency(id),
    course_id           INTEGER REFERENCES curriculum_course(id),
    revokes_id          INTEGER UNIQUE REFERENCES event(id),
    effective_on        TEXT NOT NULL,   -- the date the event names
    recorded_at         TEXT NOT NULL,   -- system clock, UTC; never set by the user
    actor_id            INTEGER NOT NULL REFERENCES person(id),
    actor_role          TEXT NOT NULL,
    actor_department_id INTEGER REFERENCES department(id),
    text                TEXT NOT NULL DEFAULT '',   -- comment, statement text or revocation reason
    payload             TEXT NOT NULL DEFAULT '',   -- kind-specific extra data (e.g. a public key)
    prev_hash           TEXT NOT NULL,
    hash                TEXT NOT NULL UNIQUE,
    signature           TEXT,                        -- Ed25519 over the canonical bytes, base64
    CHECK ((kind = 'competency-approval') = (competency_id IS NOT NULL)),
    CHECK ((kind = 'course-approval') = (course_id IS NOT NULL)),
    CHECK ((kind = 'revocation') = (revokes_id IS NOT NULL)),
    CHECK (kind IN ('revocation', 'key-registration') OR position_id IS NOT NULL),
    CHECK (kind <> 'revocation' OR length(trim(text)) > 0)
) STRICT;
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

-- Grants, assessments and meetings are history too.
CREATE TRIGGER role_grant_no_update BEFORE UPDATE ON role_grant
BEGIN SELECT RAISE(ABORT, 'grants are permanent history; end a grant with "logbook grant end"'); END;
CREATE TRIGGER role_grant_no_delete BEFORE DELETE ON role_grant
BEGIN SELECT RAISE(ABORT, 'grants are permanent history; end a grant with "logbook grant end"'); END;
CREATE TRIGGER role_grant_end_no_update BEFORE UPDATE ON role_grant_end
BEGIN SELECT RAISE(ABORT, 'grant ends are permanent history'); END;
CREATE TRIGGER role_grant_end_no_delete BEFORE DELETE ON role_grant_end
BEGIN SELECT RAISE(ABORT, 'grant ends are permanent history'); END;
CREATE TRIGGER assessment_no_update BEFORE UPDATE ON assessment
BEGIN SELECT RAISE(ABORT, 'assessments are never edited; record a correction with --corrects'); END;
CREATE TRIGGER assessment_no_delete BEFORE DELETE ON assessment
BEGIN SELECT RAISE(ABORT, 'assessments are never deleted; record a correction with --corrects'); END;
-- Positions, their hovedvejleder assignments and absence decide the end date and who may approve: history too.
CREATE TRIGGER position_no_update BEFORE UPDATE ON position
BEGIN SELECT RAISE(ABORT, 'positions are permanent history'); END;
CREATE TRIGGER position_no_delete BEFORE DELETE ON position
BEGIN SELECT RAISE(ABORT, 'positions are permanent history'); END;
CREATE TRIGGER position_supervisor_no_update BEFORE UPDATE ON position_supervisor
BEGIN SELECT RAISE(ABORT, 'hovedvejleder assignments are permanent history; assign a new one from a date'); END;
CREATE TRIGGER position_supervisor_no_delete BEFORE DELETE ON position_supervisor
BEGIN SELECT RAISE(ABORT, 'hovedvejleder assignments are permanent history; assign a new one from a date'); END;
CREATE TRIGGER absence_no_update BEFORE UPDATE ON absence
BEGIN SELECT RAISE(ABORT, 'absence is permanent history; withdraw a period with "logbook absence revoke"'); END;
CREATE TRIGGER absence_no_delete BEFORE DELETE ON absence
BEGIN SELECT RAISE(ABORT, 'absence is permanent history; withdraw a period with "logbook absence revoke"'); END;
CREATE TRIGGER absence_revocation_no_update BEFORE UPDATE ON absence_revocation
BEGIN SELECT RAISE(ABORT, 'absence revocations are permanent history'); END;
CREATE TRIGGER absence_revocation_no_delete BEFORE DELETE ON absence_revocation
BEGIN SELECT RAISE(ABORT, 'absence revocations are permanent history'); END;
CREATE TRIGGER meeting_no_update BEFORE UPDATE ON meeting
BEGIN SELECT RAISE(ABORT, 'meetings are permanent history'); END;
CREATE TRIGGER meeting_no_delete BEFORE DELETE ON meeting
BEGIN SELECT RAISE(ABORT, 'meetings are permanent history'); END;
