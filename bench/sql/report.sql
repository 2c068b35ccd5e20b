-- What `logbook report --department D` works out on @TODAY@: one row per position ongoing on the day, by start date, with
-- the CSV's 16 columns (the same values; part time worded as the English CSV words it), then what the table and HTML forms
-- add: the hovedvejleder (handle, name), the overdue items by name with the day each became overdue (worded as the HTML
-- report words them), and the at-risk flag.
-- Every part COMPUTES THE SAME ANSWER (Overviews.report, PositionStatus, TimeRules.schedule, Deadline.forMonth):
--   * ongoing: not cancelled, start ≤ day ≤ end; the end from nominal 12 months (6 in general practice after KBU general
--     practice) / part time (whole months clamped to the month's length + the remainder month at 30 days rounded up, to the
--     month's last day), + parental leave and, over the allowance, all counted absence (again to the month's last day);
--     withdrawn absence left out;
--   * approved / total: the pinned målbeskrivelse's competencies with a standing approval (dated on or before the day, not
--     revoked by a revocation dated on or before it) / all of them;
--   * overdue: competencies and courses past the programme's earliest deadline for them (matched by code / name) without a
--     standing approval, and meetings (the programme's, plus an introduktionssamtale within 14 days when it names none; the
--     k-th expected of a kind matched by the k-th held by the day) past theirs; none once the element is attested. Month N
--     ends the day before start + N/f months (clamped, remainder at 30 days), month 0 after 14 days;
--   * absence used / allowed: counted days (sickness, child's sick day, care day, optional course) / ⌊3·nominal/f⌋;
--   * time, element, statement: the date of the latest standing act of each kind;
--   * hovedvejleder: the assignment with the latest from-date on or before the day (the later one on a tie);
--   * at risk: ending within three months (clamped), not element-attested, with a competency or course not approved or an
--     item overdue.
-- No part falls back to "reads the same rows". Left out: the heading, summary line and legend of the table form (counts over
-- these rows) and the rendering itself. bench/sql/compare.sh checks it against `logbook report` (CSV and HTML).
WITH
pos0 AS MATERIALIZED (
    SELECT p.id, p.start_date AS s, p.curriculum_id AS cur, p.program_id AS prog, p.trainee_id, p.part_time,
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
),
pos1 AS (
    SELECT *, date(min(date(s, (nominal * den / num) || ' months'), date(s, 'start of month', (nominal * den / num + 1) || ' months', '-1 day')),
                   (((nominal * den) % num * 30 + num - 1) / num - 1) || ' days', 'start of month', '+1 month', '-1 day') AS planned,
           3 * nominal * den / num AS allowance
    FROM pos0
),
pos2 AS (
    SELECT *, parental + CASE WHEN counted > allowance THEN counted ELSE 0 END AS added FROM pos1
),
-- The ongoing positions with their end and their standing attestations and statement.
pos AS MATERIALIZED (
    SELECT id, s, cur, prog, trainee_id, part_time, num, den, counted, allowance, end_date,
           (SELECT e.effective_on FROM event e WHERE e.position_id = q.id AND e.kind = 'time-attestation' AND e.effective_on <= '@TODAY@'
              AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id AND r.effective_on <= '@TODAY@') ORDER BY e.id DESC LIMIT 1) AS time_on,
           (SELECT e.effective_on FROM event e WHERE e.position_id = q.id AND e.kind = 'element-attestation' AND e.effective_on <= '@TODAY@'
              AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id AND r.effective_on <= '@TODAY@') ORDER BY e.id DESC LIMIT 1) AS element_on,
           (SELECT e.effective_on FROM event e WHERE e.position_id = q.id AND e.kind = 'statement' AND e.effective_on <= '@TODAY@'
              AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id AND r.effective_on <= '@TODAY@') ORDER BY e.id DESC LIMIT 1) AS statement_on
    FROM (SELECT *, CASE WHEN added > 0 THEN date(planned, added || ' days', 'start of month', '+1 month', '-1 day') ELSE planned END AS end_date
          FROM pos2) AS q
    WHERE end_date >= '@TODAY@'
),
-- The standing approvals (competencies and courses) of those positions, read once.
approved AS MATERIALIZED (
    SELECT e.position_id AS pid, CASE e.kind WHEN 'competency-approval' THEN 1 ELSE 2 END AS part, coalesce(e.competency_id, e.course_id) AS ref,
           (SELECT curriculum_id FROM position WHERE id = e.position_id) AS cur
    FROM event e
    WHERE e.position_id IN (SELECT id FROM pos) AND e.kind IN ('competency-approval', 'course-approval') AND e.effective_on <= '@TODAY@'
      AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id AND r.effective_on <= '@TODAY@')
),
-- The programme's items for each position, in one pass over the programme: competencies and courses matched to the pinned
-- målbeskrivelse by code and name (as the loader does), meetings, and the introduktionssamtale within 14 days when the
-- programme names none.
items AS (
    SELECT pos.id AS pid, pos.s, pos.num, pos.den, NULL AS handle, CASE i.kind WHEN 'competency' THEN 1 WHEN 'course' THEN 2 ELSE 3 END AS part,
           coalesce(k.sort_order, c.sort_order, 0) AS ord, coalesce(k.code, c.name, i.meeting_kind) AS what, k.title, i.due_month AS m,
           coalesce(k.id, c.id) AS ref
    FROM pos CROSS JOIN program_item i ON i.program_id = pos.prog
    LEFT JOIN competency pk ON pk.id = i.competency_id LEFT JOIN competency k ON k.curriculum_id = pos.cur AND k.code = pk.code
    LEFT JOIN curriculum_course pc ON pc.id = i.course_id LEFT JOIN curriculum_course c ON c.curriculum_id = pos.cur AND c.name = pc.name
    WHERE pos.element_on IS NULL AND (i.kind = 'meeting' OR k.id IS NOT NULL OR c.id IS NOT NULL)
    UNION ALL
    SELECT pos.id, pos.s, pos.num, pos.den, NULL, 3, 0, 'introduction', NULL, 0, NULL FROM pos
    WHERE pos.element_on IS NULL
      AND NOT EXISTS (SELECT 1 FROM program_item i WHERE i.program_id = pos.prog AND i.kind = 'meeting' AND i.meeting_kind = 'introduction')
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
    FROM due WHERE part = 3 AND deadline < '@TODAY@'
),
overdue AS (
    SELECT pid, part, ord, deadline AS k2,
           CASE part WHEN 1 THEN what || ' ' || title ELSE 'course: ' || what END || ' (since ' || date(deadline, '+1 day') || ')' AS item
    FROM late
    UNION ALL
    SELECT pid, part, 0, deadline || what, what || ' meeting (since ' || date(deadline, '+1 day') || ')'
    FROM meetings WHERE nth > held
),
-- Everything per position in one sorted pass: the position's own row, its overdue items in status order, and its distinct
-- standing approvals of the pinned målbeskrivelse's competencies and courses.
per_position AS (
    SELECT pid, max(s) AS s, max(cur) AS cur, max(num) AS num, max(den) AS den, max(end_date) AS end_date, max(counted) AS counted,
           max(allowance) AS allowance, max(time_on) AS time_on, max(element_on) AS element_on, max(statement_on) AS statement_on,
           count(item) AS overdue, group_concat(item, '; ') AS items, sum(what = 1) AS approved, sum(what = 2) AS courses_approved
    FROM (SELECT id AS pid, 0 AS part, 0 AS ord, '' AS k2, 0 AS what, NULL AS item, s, cur, num, den, end_date, counted, allowance,
                 time_on, element_on, statement_on FROM pos
          UNION ALL
          SELECT pid, part, ord, k2, 3, item, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM overdue
          UNION ALL
          SELECT DISTINCT pid, 9, 0, ref, part, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM approved
          WHERE CASE part WHEN 1 THEN EXISTS (SELECT 1 FROM competency k WHERE k.id = ref AND k.curriculum_id = cur)
                          ELSE EXISTS (SELECT 1 FROM curriculum_course c WHERE c.id = ref AND c.curriculum_id = cur) END
          ORDER BY 1, 2, 3, 4)
    GROUP BY pid
),
counts AS (
    SELECT o.*, p.trainee_id, (SELECT count(*) FROM competency k WHERE k.curriculum_id = o.cur) AS total,
           (SELECT count(*) FROM curriculum_course c WHERE c.curriculum_id = o.cur) - o.courses_approved AS courses_missing,
           (SELECT s.person_id FROM position_supervisor s WHERE s.position_id = o.pid AND s.from_date <= '@TODAY@'
            ORDER BY s.from_date DESC, s.id DESC LIMIT 1) AS sup
    FROM per_position o JOIN position p ON p.id = o.pid
)
SELECT c.pid AS position, t.handle AS trainee, t.name AS name, sp.name AS specialty, cu.version AS version, c.s AS start,
       c.end_date AS "end",
       CASE WHEN c.num = c.den THEN 'full time' ELSE 'part time ' || ((200 * c.num + c.den) / (2 * c.den)) || ' %' END AS "part time",
       c.approved, c.total, c.overdue, c.counted AS "absence used", c.allowance AS "absence allowed",
       c.time_on AS "time attested", c.element_on AS "element attested", c.statement_on AS "advance statement",
       sv.handle AS supervisor, sv.name AS "supervisor name", c.items AS "overdue items",
       (c.end_date <= min(date('@TODAY@', '3 months'), date('@TODAY@', 'start of month', '4 months', '-1 day')) AND c.element_on IS NULL
        AND (c.approved < c.total OR c.courses_missing > 0 OR c.overdue > 0)) AS "at risk"
FROM counts c JOIN person t ON t.id = c.trainee_id JOIN curriculum cu ON cu.id = c.cur JOIN specialty sp ON sp.id = cu.specialty_id
LEFT JOIN person sv ON sv.id = c.sup
ORDER BY c.s, c.pid;
