-- Representative data for a database at schema version 1 (migrations/0001_initial_schema.sql).
-- UpgradeTests fills a database migrated only to version 1 with this, opens it with the current Store and
-- checks every row is still there. Never edit it once a later migration has landed; add NNNN.sql for each
-- new schema version instead (the test refuses a version without a fixture).
INSERT INTO person (id, handle, name, authorisation_id, created_at, created_by) VALUES
    (1, 'sek.a', 'Sekretær A', NULL, '2026-01-01T08:00:00.000Z', NULL),
    (2, 'dr.lead', 'Lise Lead', 'AUT-1', '2026-01-01T08:01:00.000Z', 1),
    (3, 'dr.berg', 'Bo Berg', NULL, '2026-01-01T08:02:00.000Z', 1),
    (4, 'dr.ung', 'Ulla O''Ung; DROP TABLE person; --', NULL, '2026-01-01T08:03:00.000Z', 1);
INSERT INTO curriculum (id, specialty_id, level, version, valid_from, title, content_hash, imported_at) VALUES
    (1, (SELECT id FROM specialty WHERE key = 'kardiologi'), 'intro', '2022', '2022-01-01', 'Kardiologi intro', 'hash-1',
     '2026-01-01T08:04:00.000Z');
INSERT INTO competency (id, curriculum_id, code, sort_order, title, concretisation, learning_strategies) VALUES
    (1, 1, 'I1', 1, 'EKG', 'Tolker EKG', 'Vagter'),
    (2, 1, 'I2', 2, 'Journal', '', '');
INSERT INTO competency_role (competency_id, role_id) VALUES (1, 1), (1, 2), (2, 7);
INSERT INTO competency_method (competency_id, method_id) VALUES (1, 2), (1, 3), (2, 7);
INSERT INTO curriculum_course (id, curriculum_id, name, sort_order) VALUES (1, 1, 'Kursus i klinisk vejledning', 1);
INSERT INTO department (id, code, name, kind, region, created_at, created_by) VALUES
    (1, 'KARD', 'Kardiologisk afdeling', 'hospital', 'Syddanmark', '2026-01-01T08:05:00.000Z', 1);
INSERT INTO program (id, department_id, curriculum_id, title, version, approved_on, content_hash, imported_at) VALUES
    (1, 1, 1, 'Program', '2026', '2026-01-01', 'hash-p', '2026-01-01T08:06:00.000Z');
INSERT INTO program_item (id, program_id, kind, competency_id, course_id, meeting_kind, due_month, method_id, note, sort_order) VALUES
    (1, 1, 'competency', 1, NULL, NULL, 3, 2, 'tidligt', 1),
    (2, 1, 'course', NULL, 1, NULL, 6, NULL, '', 2),
    (3, 1, 'meeting', NULL, NULL, 'introduction', 0, NULL, '', 3);
INSERT INTO role_grant (id, person_id, role, department_id, region, may_approve, valid_from, valid_until, granted_by, recorded_at) VALUES
    (1, 1, 'secretariat', NULL, 'Syddanmark', 0, '2026-01-01', NULL, NULL, '2026-01-01T08:07:00.000Z'),
    (2, 2, 'uao', 1, NULL, 0, '2026-01-01', NULL, 1, '2026-01-01T08:08:00.000Z'),
    (3, 3, 'supervisor', 1, NULL, 0, '2026-01-01', '2027-12-31', 2, '2026-01-01T08:09:00.000Z');
INSERT INTO role_grant_end (id, grant_id, ends_on, ended_by, recorded_at) VALUES (1, 3, '2027-06-30', 2, '2026-02-01T08:00:00.000Z');
INSERT INTO position (id, trainee_id, department_id, curriculum_id, program_id, start_date, part_time, kbu_general_practice,
                      started_by, recorded_at) VALUES
    (1, 4, 1, 1, 1, '2026-03-01', '3/4', 0, 2, '2026-02-15T08:00:00.000Z');
INSERT INTO position_supervisor (id, position_id, person_id, from_date, assigned_by, recorded_at) VALUES
    (1, 1, 3, '2026-03-01', 2, '2026-02-15T08:00:00.000Z');
INSERT INTO absence (id, position_id, kind, from_date, to_date, note, recorded_by, recorded_at) VALUES
    (1, 1, 'sickness', '2026-04-01', '2026-04-03', 'influenza', 2, '2026-04-04T08:00:00.000Z');
INSERT INTO assessment (id, position_id, competency_id, method_id, other_method, assessed_on, assessor_id, note, corrects_id,
                        recorded_by, recorded_at) VALUES
    (1, 1, 1, 2, NULL, '2026-05-01', 3, 'første', NULL, 4, '2026-05-01T08:00:00.000Z'),
    (2, 1, 1, NULL, 'Simulation', '2026-05-02', NULL, 'rettelse', 1, 4, '2026-05-02T08:00:00.000Z');
INSERT INTO meeting (id, position_id, kind, held_on, plan, recorded_by, recorded_at) VALUES
    (1, 1, 'introduction', '2026-03-05', 'Plan: EKG først', 3, '2026-03-05T08:00:00.000Z');
INSERT INTO event (id, kind, position_id, competency_id, course_id, revokes_id, effective_on, recorded_at, actor_id, actor_role,
                   actor_department_id, text, payload, prev_hash, hash, signature) VALUES
    (1, 'competency-approval', 1, 1, NULL, NULL, '2026-05-03', '2026-05-03T08:00:00.000Z', 3, 'supervisor', 1, 'fin', '',
     'genesis', 'h1', NULL),
    (2, 'course-approval', 1, NULL, 1, NULL, '2026-05-04', '2026-05-04T08:00:00.000Z', 3, 'supervisor', 1, '', '', 'h1', 'h2', NULL),
    (3, 'revocation', 1, NULL, NULL, 1, '2026-05-05', '2026-05-05T08:00:00.000Z', 2, 'uao', 1, 'fejl', '', 'h2', 'h3', NULL),
    (4, 'statement', 1, NULL, NULL, NULL, '2026-05-06', '2026-05-06T08:00:00.000Z', 2, 'uao', 1, 'forventes gennemført', '',
     'h3', 'h4', 'c2lnbmF0dXJl');
