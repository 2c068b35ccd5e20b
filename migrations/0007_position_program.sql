-- logbook schema version 7: the uddannelsesprogram a position follows, attached after its start (issue 28).
-- A position is pinned to one målbeskrivelse version; when the department had no programme for that version at the
-- start (a new version), the position had no deadlines. The UAO/tutor or the region's secretariat attaches the
-- department's programme for the position's own version later (`logbook position program`): one row per attachment,
-- the newest standing, never across versions (the use case refuses it). position.program_id (chosen at the start)
-- stays as it was; a position's programme is its newest attachment, else that.
CREATE TABLE position_program (
    id          INTEGER PRIMARY KEY,
    position_id INTEGER NOT NULL REFERENCES position(id),
    program_id  INTEGER NOT NULL REFERENCES program(id),
    attached_by INTEGER NOT NULL REFERENCES person(id),
    attached_at TEXT NOT NULL
) STRICT;
CREATE INDEX position_program_position_idx ON position_program(position_id, id);

CREATE TRIGGER position_program_no_update BEFORE UPDATE ON position_program
BEGIN SELECT RAISE(ABORT, 'programme attachments are permanent history; attach another programme'); END;
CREATE TRIGGER position_program_no_delete BEFORE DELETE ON position_program
BEGIN SELECT RAISE(ABORT, 'programme attachments are permanent history; attach another programme'); END;
