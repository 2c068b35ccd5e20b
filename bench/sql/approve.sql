-- One committed event appended to the position's chain, as `logbook approve` writes it; the shell cannot compute
-- SHA-256, so the hash is random, and the kind is a statement so runs do not collide on the standing approval.
BEGIN IMMEDIATE;
INSERT INTO event (kind, position_id, effective_on, recorded_at, actor_id, actor_role, actor_department_id, text, payload,
                   prev_hash, hash)
SELECT 'statement', @POSITION@, '@TODAY@', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), @SUPERVISOR@, 'supervisor', p.department_id, '', '',
       coalesce((SELECT hash FROM event WHERE position_id = @POSITION@ ORDER BY id DESC LIMIT 1), ''), lower(hex(randomblob(32)))
FROM position p WHERE p.id = @POSITION@;
COMMIT;
