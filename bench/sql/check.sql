-- What `logbook check --department D` finds on @TODAY@, as one statement that prints the same lines (English wording).
-- Every part COMPUTES THE SAME ANSWER (Overviews.problems, PositionStatus, TimeRules.schedule, Deadline.forMonth):
--   * positions: the department's, not cancelled, started on or before the day, without a standing element attestation
--     (an act counts when dated on or before the day and not revoked by a revocation dated on or before it);
--   * the end: nominal 12 months (6 in general practice after KBU general practice) / part time (whole months, clamped to
--     the month's length, + the remainder month at 30 days rounded up), to the month's last day; + parental leave and
--     (when over the allowance ⌊3·nominal/f⌋) all counted absence, again to the month's last day; withdrawn absence left out;
--   * overdue competencies and courses: the programme's earliest deadline for the item (matched by code / course name, as
--     the loader does), month N = start + ⌊N/f⌋ months (clamped) + the remainder at 30 days − 1 day, month 0 = 14 days;
--     overdue when that day is before today and there is no standing approval;
--   * overdue meetings: the programme's meetings (plus an introduktionssamtale within 14 days when it names none), the
--     k-th expected meeting of a kind matched by the k-th meeting of that kind held by the day, in date order;
--   * no hovedvejleder, or one without a supervisor grant in the department valid on the day (valid_until and a grant end
--     both cut it), while the position has not ended;
--   * ended without the element attestation, with what is missing (competencies, courses, time attestation).
-- No part falls back to "reads the same rows". Left out: nothing of the answer (the lines are logbook's English ones, in its
-- order, byte for byte; only the `--lang da` wording is logbook's alone). bench/sql/compare.sh checks it against `logbook check`.
WITH
pos0 AS MATERIALIZED (
    SELECT p.id, p.start_date AS s, p.curriculum_id AS cur, p.program_id AS prog, p.trainee_id,
           CAST(substr(p.part_time, 1, instr(p.part_time, '/') - 1) AS INTEGER) AS num,
           CAST(substr(p.part_time, instr(p.part_time, '/') + 1) AS INTEGER) AS den,
           CASE WHEN d.kind = 'general-practice' AND p.kbu_general_practice THEN 6 ELSE 12 END AS nominal,
           (SELECT CAST(total(julianday(a.to_date) - julianday(a.from_date) + 1) AS INTEGER) FROM absence a
            WHERE a.position_id = p.id AND a.kind IN ('sickness', 'child-sick', 'care-day', 'optional-course')
              AND NOT EXISTS (SELECT 1 FROM absence_revocation x WHERE x.absence_id = a.id)) AS counted,
           (SELECT CAST(total(julianday(a.to_date) - julianday(a.from_date) + 1) AS INTEGER) FROM absence a
            WHERE a.position_id = p.id AND a.kind = 'parental-leave'
              AND NOT EXISTS (SELECT 1 FROM absence_revocation x WHERE x.absence_id = a.id)) AS parental
    FROM position p JOIN department d ON d.id = p.department_id
    WHERE p.department_id = @DEPARTMENT@ AND p.start_date <= '@TODAY@'
      AND NOT EXISTS (SELECT 1 FROM position_cancellation c WHERE c.position_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM event e WHERE e.position_id = p.id AND e.kind = 'element-attestation' AND e.effective_on <= '@TODAY@'
                        AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id AND r.effective_on <= '@TODAY@'))
),
pos1 AS (
    SELECT *, date(min(date(s, (nominal * den / num) || ' months'), date(s, 'start of month', (nominal * den / num + 1) || ' months', '-1 day')),
                   (((nominal * den) % num * 30 + num - 1) / num - 1) || ' days', 'start of month', '+1 month', '-1 day') AS planned,
           parental + CASE WHEN counted > 3 * nominal * den / num THEN counted ELSE 0 END AS added
    FROM pos0
),
pos AS MATERIALIZED (
    SELECT id, s, cur, prog, (SELECT handle FROM person WHERE id = trainee_id) AS handle, num, den,
           CASE WHEN added > 0 THEN date(planned, added || ' days', 'start of month', '+1 month', '-1 day') ELSE planned END AS end_date
    FROM pos1
),
-- The standing approvals (competencies and courses) of those positions, read once.
approved AS MATERIALIZED (
    SELECT e.position_id AS pid, CASE e.kind WHEN 'competency-approval' THEN 1 ELSE 2 END AS part, coalesce(e.competency_id, e.course_id) AS ref
    FROM event e
    WHERE e.position_id IN (SELECT id FROM pos) AND e.kind IN ('competency-approval', 'course-approval') AND e.effective_on <= '@TODAY@'
      AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id AND r.effective_on <= '@TODAY@')
),
-- The programme's items for each position, in one pass over the programme: competencies and courses matched to the pinned
-- målbeskrivelse by code and name (as the loader does), meetings, and the introduktionssamtale within 14 days when the
-- programme names none.
items AS (
    SELECT pos.id AS pid, pos.s, pos.num, pos.den, pos.handle, CASE i.kind WHEN 'competency' THEN 1 WHEN 'course' THEN 2 ELSE 3 END AS part,
           coalesce(k.sort_order, c.sort_order, 0) AS ord, coalesce(k.code, c.name, i.meeting_kind) AS what, k.title, i.due_month AS m,
           coalesce(k.id, c.id) AS ref
    FROM pos CROSS JOIN program_item i ON i.program_id = pos.prog
    LEFT JOIN competency pk ON pk.id = i.competency_id LEFT JOIN competency k ON k.curriculum_id = pos.cur AND k.code = pk.code
    LEFT JOIN curriculum_course pc ON pc.id = i.course_id LEFT JOIN curriculum_course c ON c.curriculum_id = pos.cur AND c.name = pc.name
    WHERE (i.kind = 'meeting' OR k.id IS NOT NULL OR c.id IS NOT NULL)
    UNION ALL
    SELECT pos.id, pos.s, pos.num, pos.den, pos.handle, 3, 0, 'introduction', NULL, 0, NULL FROM pos
    WHERE NOT EXISTS (SELECT 1 FROM program_item i WHERE i.program_id = pos.prog AND i.kind = 'meeting' AND i.meeting_kind = 'introduction')
),
-- Each item's deadline: month N ends the day before start + N/f months (clamped; the remainder month at 30 days, rounded
-- up), month 0 is the first 14 days.
due AS (
    SELECT items.*,
           CASE WHEN m <= 0 THEN date(s, '13 days')
                ELSE date(min(date(s, (m * den / num) || ' months'), date(s, 'start of month', (m * den / num + 1) || ' months', '-1 day')),
                          (((m * den) % num * 30 + num - 1) / num - 1) || ' days') END AS deadline
    FROM items
),
-- Competencies and courses past their (earliest) deadline without a standing approval: an anti-join by sorting items and
-- approvals together (the approvals, a few per position, have no index of their own).
late AS (
    SELECT pid, part, max(ord) AS ord, max(what) AS what, max(title) AS title, min(m) AS m, min(deadline) AS deadline, max(handle) AS handle
    FROM (SELECT pid, part, ref, ord, what, title, m, deadline, handle, 0 AS ok FROM due WHERE part < 3 AND deadline < '@TODAY@'
          UNION ALL
          SELECT pid, part, ref, NULL, NULL, NULL, NULL, NULL, NULL, 1 FROM approved)
    GROUP BY pid, part, ref HAVING max(ok) = 0
),
meetings AS (
    SELECT due.*, row_number() OVER (PARTITION BY pid, what ORDER BY deadline) AS nth,
           (SELECT count(*) FROM meeting h WHERE h.position_id = due.pid AND h.kind = due.what AND h.held_on <= '@TODAY@') AS held
    FROM due WHERE part = 3
),
problems AS (
    SELECT pid, part, ord, deadline AS k2,
           'position ' || pid || ' (' || handle || '): ' || CASE part WHEN 2 THEN 'course ' ELSE '' END || what || ' overdue since '
             || date(deadline, '+1 day') || CASE part WHEN 1 THEN ' (due by month ' || max(m, 0) || ')' ELSE '' END AS line
    FROM late
    UNION ALL
    SELECT pid, part, 0, deadline || what,
           'position ' || pid || ' (' || handle || '): ' || what || ' meeting overdue since ' || date(deadline, '+1 day')
    FROM meetings WHERE deadline < '@TODAY@' AND nth > held
    UNION ALL
    SELECT id, 4, 0, '',
           'position ' || id || ' (' || handle || '): ' || CASE WHEN sup IS NULL
             THEN 'no main supervisor on @TODAY@; the UAO/tutor assigns one with `logbook position supervisor ' || id || ' HANDLE`'
             ELSE 'main supervisor ' || (SELECT name FROM person WHERE id = sup)
                  || ' holds no main supervisor grant in the department on @TODAY@; grant it again or assign another' END
    FROM (SELECT pos.id, pos.handle,
                 (SELECT s.person_id FROM position_supervisor s WHERE s.position_id = pos.id AND s.from_date <= '@TODAY@'
                  ORDER BY s.from_date DESC, s.id DESC LIMIT 1) AS sup
          FROM pos WHERE end_date >= '@TODAY@')
    WHERE sup IS NULL OR NOT EXISTS (
        SELECT 1 FROM role_grant g LEFT JOIN role_grant_end x ON x.grant_id = g.id
        WHERE g.department_id = @DEPARTMENT@ AND g.role = 'supervisor' AND g.person_id = sup AND g.valid_from <= '@TODAY@'
          AND (g.valid_until IS NULL OR g.valid_until >= '@TODAY@') AND (x.ends_on IS NULL OR x.ends_on >= '@TODAY@'))
    UNION ALL
    SELECT id, 5, 0, '',
           'position ' || id || ' (' || handle || '): ended ' || end_date || ' but the element is not attested ('
             || CASE WHEN missing IS NULL THEN 'everything is approved: attest it)' ELSE 'missing: ' || missing || ')' END
    FROM (SELECT pos.id, pos.handle, pos.end_date, nullif(substr(
            coalesce('; ' || (SELECT 'competencies not approved: ' || group_concat(code, ', ') FROM (
                SELECT k.code FROM competency k WHERE k.curriculum_id = pos.cur
                  AND NOT EXISTS (SELECT 1 FROM event e WHERE e.position_id = pos.id AND e.kind = 'competency-approval' AND e.competency_id = k.id
                                    AND e.effective_on <= '@TODAY@'
                                    AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id AND r.effective_on <= '@TODAY@'))
                ORDER BY k.sort_order)), '')
            || coalesce('; ' || (SELECT group_concat('course not approved: ' || name, '; ') FROM (
                SELECT c.name FROM curriculum_course c WHERE c.curriculum_id = pos.cur
                  AND NOT EXISTS (SELECT 1 FROM event e WHERE e.position_id = pos.id AND e.kind = 'course-approval' AND e.course_id = c.id
                                    AND e.effective_on <= '@TODAY@'
                                    AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id AND r.effective_on <= '@TODAY@'))
                ORDER BY c.sort_order)), '')
            || CASE WHEN NOT EXISTS (SELECT 1 FROM event e WHERE e.position_id = pos.id AND e.kind = 'time-attestation' AND e.effective_on <= '@TODAY@'
                                    AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id AND r.effective_on <= '@TODAY@'))
                 THEN '; time not attested' ELSE '' END, 3), '') AS missing
          FROM pos WHERE end_date < '@TODAY@')
)
SELECT line FROM problems JOIN pos ON pos.id = problems.pid
ORDER BY pos.s, pos.id, problems.part, problems.ord, problems.k2;
