-- Representative data for a database at schema version 7 (migrations/0007_position_program.sql): a programme attached
-- to a started position by the department's UAO (issue 28).
-- Never edit it once a later migration has landed.
INSERT INTO position_program (id, position_id, program_id, attached_by, attached_at) VALUES
    (1, 1, 1, 2, '2026-06-05T08:00:00.000Z');
