-- Version 4 adds the daily workflow: an approval request and its answer as events with their index rows, a
-- cancelled position, a person's e-mail and a correction, and the reminder log. (Hashes are not checked here.)
INSERT INTO position (id, trainee_id, department_id, curriculum_id, program_id, start_date, part_time, kbu_general_practice,
                      started_by, recorded_at) VALUES
    (2, 4, 1, 1, 1, '2028-03-01', '1/1', 0, 2, '2026-06-01T08:00:00.000Z');
INSERT INTO event (id, kind, position_id, effective_on, recorded_at, actor_id, actor_role, text, payload, prev_hash, hash) VALUES
    (200, 'approval-request', 1, '2026-06-02', '2026-06-02T08:00:00.000Z', 4, 'trainee', 'Mini-CEX i går',
     'to:dr.berg' || char(10) || 'competency:I1' || char(10) || 'assessment:1', 'h4', 'r200'),
    (201, 'request-decline', 1, '2026-06-03', '2026-06-03T08:00:00.000Z', 3, 'supervisor', 'Optag en DOPS først',
     'request:200', 'r200', 'r201'),
    (202, 'position-cancellation', 2, '2026-06-04', '2026-06-04T08:00:00.000Z', 2, 'uao', 'Oprettet ved en fejl', '',
     '0000000000000000000000000000000000000000000000000000000000000000', 'r202');
INSERT INTO approval_request (event_id, position_id, addressee_id, requested_on) VALUES (200, 1, 3, '2026-06-02');
INSERT INTO approval_request_close (request_id, event_id, outcome) VALUES (200, 201, 'declined');
INSERT INTO position_cancellation (position_id, event_id, cancelled_on) VALUES (2, 202, '2026-06-04');
UPDATE person SET email = 'ulla@example.dk' WHERE id = 4;
INSERT INTO person_change (person_id, field, old_value, new_value, reason, changed_by, changed_at) VALUES
    (4, 'email', NULL, 'ulla@example.dk', '', 4, '2026-06-05T08:00:00.000Z');
INSERT INTO reminder_sent (person_id, sent_on, sent_at, address) VALUES (4, '2026-06-05', '2026-06-05T06:00:00.000Z', 'ulla@example.dk');
