-- Edge cases the generator does not make, written straight into a copy of a bench database built with --scale 0.01 (its ids).
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE h (n INTEGER);
-- Programme 1: competency I10 also due by month 2 (earlier than its month 7), a second adjustment meeting at month 9.
INSERT INTO program_item (program_id, kind, competency_id, due_month, sort_order) VALUES (1, 'competency', 10, 2, 20);
INSERT INTO program_item (program_id, kind, meeting_kind, due_month, sort_order) VALUES (1, 'meeting', 'adjustment', 9, 21);
-- Absence: over the allowance (276), parental leave + withdrawn sickness (869), exactly at the allowance (271).
INSERT INTO absence (position_id, kind, from_date, to_date, recorded_by, recorded_at) VALUES
  (276, 'sickness', '2025-09-01', '2025-10-15', 6, 'x'), (276, 'holiday', '2025-12-01', '2025-12-10', 6, 'x'),
  (869, 'parental-leave', '2026-01-01', '2026-03-31', 6, 'x'), (869, 'sickness', '2025-10-01', '2025-10-10', 6, 'x'),
  (271, 'sickness', '2025-10-01', '2025-10-30', 6, 'x'), (271, 'care-day', '2025-11-03', '2025-11-08', 6, 'x');
INSERT INTO absence_revocation (absence_id, reason, revoked_by, recorded_at)
  SELECT id, 'fejl', 6, 'x' FROM absence WHERE position_id = 869 AND kind = 'sickness';
-- Cancelled position.
INSERT INTO event (kind, position_id, effective_on, recorded_at, actor_id, actor_role, text, prev_hash, hash)
  VALUES ('position-cancellation', 665, '2026-05-01', 'x', 6, 'uao', 'fejl', '', lower(hex(randomblob(32))));
INSERT INTO position_cancellation (position_id, event_id, cancelled_on) VALUES (665, last_insert_rowid(), '2026-05-01');
-- Supervisors: without a grant (932), grant ended yesterday (40), grant valid until today (167), assigned from tomorrow on (205).
INSERT INTO person (id, handle, name, created_at) VALUES (5001, 'hv.nogrant', 'Uden Bevilling', 'x'), (5002, 'hv.ended', 'Afsluttet Bevilling', 'x'),
  (5003, 'hv.today', 'Til I Dag', 'x'), (5004, 'hv.later', 'Senere Vejleder', 'x');
INSERT INTO role_grant (id, person_id, role, department_id, valid_from, valid_until, granted_by, recorded_at) VALUES
  (5002, 5002, 'supervisor', 1, '2020-01-01', NULL, 6, 'x'), (5003, 5003, 'supervisor', 1, '2020-01-01', '2026-06-15', 6, 'x'),
  (5005, 5001, 'supervisor', 2, '2020-01-01', NULL, 6, 'x');
INSERT INTO role_grant_end (grant_id, ends_on, ended_by, recorded_at) VALUES (5002, '2026-06-14', 6, 'x');
INSERT INTO position_supervisor (position_id, person_id, from_date, assigned_by, recorded_at) VALUES
  (932, 5001, '2026-05-01', 6, 'x'), (40, 5002, '2026-05-01', 6, 'x'), (167, 5003, '2026-05-01', 6, 'x'), (205, 5004, '2026-07-01', 6, 'x');
-- New positions in AFD-1 (programme 1, curriculum 1): part time with month clamping, an ended one with nothing, a recent one,
-- a future one, one without a programme.
INSERT INTO person (id, handle, name, created_at) VALUES (6001, 'edge.1', 'Kant Et', 'x'), (6002, 'edge.2', 'Kant To', 'x'),
  (6003, 'edge.3', 'Kant Tre', 'x'), (6004, 'edge.4', 'Kant Fire', 'x'), (6005, 'edge.5', 'Kant Fem', 'x'), (6006, 'edge.6', 'Kant Seks', 'x');
INSERT INTO position (id, trainee_id, department_id, curriculum_id, program_id, start_date, part_time, started_by, recorded_at) VALUES
  (9001, 6001, 1, 1, 1, '2025-03-31', '3/4', 6, 'x'),
  (9002, 6002, 1, 1, 1, '2025-01-31', '30/37', 6, 'x'),
  (9003, 6003, 1, 1, 1, '2024-05-31', '4/5', 6, 'x'),
  (9004, 6004, 1, 1, 1, '2026-06-10', '1/1', 6, 'x'),
  (9005, 6005, 1, 1, 1, '2026-07-01', '1/1', 6, 'x'),
  (9006, 6006, 1, 1, NULL, '2025-12-01', '2/3', 6, 'x');
INSERT INTO position_supervisor (position_id, person_id, from_date, assigned_by, recorded_at) VALUES
  (9002, 7, '2025-01-31', 6, 'x'), (9002, 8, '2025-06-01', 6, 'x'), (9002, 9, '2025-06-01', 6, 'x'), (9004, 7, '2026-06-10', 6, 'x'),
  (9006, 8, '2025-12-01', 6, 'x'), (9003, 5001, '2024-05-31', 6, 'x');
INSERT INTO absence (position_id, kind, from_date, to_date, recorded_by, recorded_at) VALUES
  (9002, 'sickness', '2025-05-01', '2025-06-19', 6, 'x'), (9002, 'mandatory-course', '2025-07-01', '2025-07-05', 6, 'x');
INSERT INTO meeting (position_id, kind, held_on, recorded_by, recorded_at) VALUES
  (9001, 'adjustment', '2025-06-01', 6, 'x'), (9001, 'final', '2025-07-01', 6, 'x'), (9006, 'introduction', '2026-06-20', 6, 'x'),
  (9002, 'introduction', '2025-02-03', 6, 'x'), (9002, 'introduction', '2025-02-04', 6, 'x');
-- Approvals: one in the future (9002, I1), one standing (9002, I2), a revoked one (9001, I1), one revoked in the future (9001, I2);
-- an approval of another curriculum's competency (9001): ignored.
INSERT INTO curriculum (id, specialty_id, level, version, valid_from, content_hash, imported_at) VALUES (2, 1, 'intro', '2099', '2099-01-01', 'x', 'x');
INSERT INTO competency (id, curriculum_id, code, sort_order, title) VALUES (99999, 2, 'I1', 1, 'Other');
INSERT INTO event (kind, position_id, competency_id, effective_on, recorded_at, actor_id, actor_role, prev_hash, hash) VALUES
  ('competency-approval', 9002, 1, '2026-07-01', 'x', 7, 'supervisor', '', lower(hex(randomblob(32)))),
  ('competency-approval', 9002, 2, '2025-05-01', 'x', 7, 'supervisor', '', lower(hex(randomblob(32)))),
  ('competency-approval', 9001, 1, '2025-05-01', 'x', 7, 'supervisor', '', lower(hex(randomblob(32)))),
  ('competency-approval', 9001, 2, '2025-05-01', 'x', 7, 'supervisor', '', lower(hex(randomblob(32)))),
  ('competency-approval', 9001, 99999, '2025-05-01', 'x', 7, 'supervisor', '', lower(hex(randomblob(32))));
INSERT INTO event (kind, position_id, revokes_id, effective_on, recorded_at, actor_id, actor_role, text, prev_hash, hash)
  SELECT 'revocation', 9001, id, CASE competency_id WHEN 1 THEN '2025-06-01' ELSE '2026-07-01' END, 'x', 7, 'supervisor', 'fejl', '', lower(hex(randomblob(32)))
  FROM event WHERE position_id = 9001 AND competency_id IN (1, 2);
-- Ended positions whose element attestation is revoked: all else done (139); time attestation revoked in the future (318, no
-- problem: still attested); element, one competency and the course revoked (870); statement on 9006.
INSERT INTO event (kind, position_id, revokes_id, effective_on, recorded_at, actor_id, actor_role, text, prev_hash, hash)
  SELECT 'revocation', position_id, id, '2026-06-01', 'x', 6, 'uao', 'fejl', '', lower(hex(randomblob(32))) FROM event
  WHERE (position_id IN (139, 870) AND kind = 'element-attestation')
     OR id = (SELECT max(id) FROM event WHERE position_id = 870 AND kind = 'competency-approval'
              AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = event.id))
     OR (position_id = 870 AND kind = 'course-approval');
INSERT INTO event (kind, position_id, revokes_id, effective_on, recorded_at, actor_id, actor_role, text, prev_hash, hash)
  SELECT 'revocation', position_id, id, '2026-07-01', 'x', 6, 'uao', 'fejl', '', lower(hex(randomblob(32))) FROM event
  WHERE position_id = 318 AND kind = 'element-attestation';
INSERT INTO event (kind, position_id, effective_on, recorded_at, actor_id, actor_role, text, prev_hash, hash) VALUES
  ('statement', 9006, '2026-05-01', 'x', 6, 'uao', 'ok', '', lower(hex(randomblob(32)))),
  ('time-attestation', 9003, '2025-09-01', 'x', 6, 'uao', '', '', lower(hex(randomblob(32))));
-- A general-practice department: 6 months after KBU general practice, 12 without; no programme.
INSERT INTO department (id, code, name, kind, region, created_at) VALUES (900, 'GP-1', 'Lægehuset', 'general-practice', 'Hovedstaden', 'x');
INSERT INTO person (id, handle, name, created_at) VALUES (6011, 'gp.1', 'Praksis Et', 'x'), (6012, 'gp.2', 'Praksis To', 'x'), (6013, 'gp.tutor', 'Tutor', 'x');
INSERT INTO role_grant (person_id, role, department_id, valid_from, granted_by, recorded_at) VALUES (6013, 'supervisor', 900, '2020-01-01', 6, 'x');
INSERT INTO position (id, trainee_id, department_id, curriculum_id, program_id, start_date, part_time, kbu_general_practice, started_by, recorded_at) VALUES
  (9011, 6011, 900, 1, NULL, '2025-10-01', '1/1', 1, 6, 'x'),
  (9012, 6012, 900, 1, NULL, '2025-10-01', '1/2', 0, 6, 'x'),
  (9013, 6013, 900, 1, NULL, '2026-01-15', '1/1', 1, 6, 'x');
INSERT INTO position_supervisor (position_id, person_id, from_date, assigned_by, recorded_at) VALUES (9012, 6013, '2025-10-01', 6, 'x'), (9013, 6013, '2026-01-15', 6, 'x');
COMMIT;
