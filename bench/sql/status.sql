-- What `logbook status --position P` reads: the position with its trainee, department, målbeskrivelse, supervisors
-- and absence; every competency with its roles, methods, standing approval and assessments; the other standing
-- events; meetings; and the programme's deadlines.
SELECT p.id, p.start_date, p.part_time, p.kbu_general_practice, t.handle, t.name, d.code, d.name, d.kind, c.version, s.name
FROM position p JOIN person t ON t.id = p.trainee_id JOIN department d ON d.id = p.department_id
JOIN curriculum c ON c.id = p.curriculum_id JOIN specialty s ON s.id = c.specialty_id WHERE p.id = @POSITION@;
SELECT ps.from_date, pe.handle FROM position_supervisor ps JOIN person pe ON pe.id = ps.person_id WHERE ps.position_id = @POSITION@;
SELECT kind, from_date, to_date FROM absence WHERE position_id = @POSITION@;
SELECT g.role, g.department_id, g.valid_from, g.valid_until FROM role_grant g
WHERE g.department_id = (SELECT department_id FROM position WHERE id = @POSITION@);
SELECT k.code, k.title,
       (SELECT group_concat(role_id) FROM competency_role WHERE competency_id = k.id),
       (SELECT group_concat(method_id) FROM competency_method WHERE competency_id = k.id),
       (SELECT e.effective_on || ' ' || a.handle FROM event e JOIN person a ON a.id = e.actor_id
        WHERE e.position_id = @POSITION@ AND e.kind = 'competency-approval' AND e.competency_id = k.id
          AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id)),
       (SELECT count(*) || ' ' || max(assessed_on) FROM assessment a WHERE a.position_id = @POSITION@ AND a.competency_id = k.id)
FROM competency k WHERE k.curriculum_id = (SELECT curriculum_id FROM position WHERE id = @POSITION@) ORDER BY k.sort_order;
SELECT e.kind, e.effective_on, cc.name FROM event e LEFT JOIN curriculum_course cc ON cc.id = e.course_id
WHERE e.position_id = @POSITION@ AND e.kind IN ('course-approval', 'time-attestation', 'element-attestation', 'statement')
  AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id);
SELECT kind, held_on FROM meeting WHERE position_id = @POSITION@ ORDER BY held_on;
SELECT kind, due_month, competency_id, course_id, meeting_kind FROM program_item
WHERE program_id = (SELECT program_id FROM position WHERE id = @POSITION@) ORDER BY sort_order;
