-- What `logbook check --department D` finds: for each ongoing position of the department, every programme
-- competency past its due month without a standing approval.
SELECT p.id, t.handle, k.code, date(p.start_date, '+' || pi.due_month || ' months') AS due
FROM position p JOIN person t ON t.id = p.trainee_id
JOIN program_item pi ON pi.program_id = p.program_id AND pi.kind = 'competency'
JOIN competency k ON k.id = pi.competency_id
WHERE p.department_id = @DEPARTMENT@
  AND date(p.start_date, '+12 months') > '@TODAY@'
  AND date(p.start_date, '+' || pi.due_month || ' months') < '@TODAY@'
  AND NOT EXISTS (SELECT 1 FROM event e WHERE e.position_id = p.id AND e.competency_id = pi.competency_id
                    AND e.kind = 'competency-approval' AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id))
ORDER BY p.id, pi.sort_order;
