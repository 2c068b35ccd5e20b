-- One committed assessment, as `logbook record` writes it (after its checks, which the shell does not make).
BEGIN IMMEDIATE;
SELECT id FROM position WHERE id = @POSITION@;
INSERT INTO assessment (position_id, competency_id, method_id, assessed_on, assessor_id, note, recorded_by, recorded_at)
VALUES (@POSITION@, @COMPETENCY@, 2, '@TODAY@', NULL, '', @TRAINEE@, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
COMMIT;
