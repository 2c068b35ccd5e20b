-- What `logbook report --department D` shows: one row per position of the department, with the trainee, the
-- målbeskrivelse, how many competencies are approved of how many, assessments, the last meeting and the attestations.
SELECT p.id, t.handle, t.name, p.start_date, p.part_time, s.name, c.version,
       (SELECT count(*) FROM event e WHERE e.position_id = p.id AND e.kind = 'competency-approval'
          AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id)) AS approved,
       (SELECT count(*) FROM competency k WHERE k.curriculum_id = p.curriculum_id) AS competencies,
       (SELECT count(*) FROM assessment a WHERE a.position_id = p.id) AS assessments,
       (SELECT max(held_on) FROM meeting m WHERE m.position_id = p.id) AS last_meeting,
       (SELECT max(e.effective_on) FROM event e WHERE e.position_id = p.id AND e.kind = 'time-attestation'
          AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id)) AS time_attested,
       (SELECT max(e.effective_on) FROM event e WHERE e.position_id = p.id AND e.kind = 'element-attestation'
          AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id)) AS element_attested
FROM position p JOIN person t ON t.id = p.trainee_id JOIN curriculum c ON c.id = p.curriculum_id
JOIN specialty s ON s.id = c.specialty_id
WHERE p.department_id = @DEPARTMENT@ ORDER BY p.start_date, p.id;
