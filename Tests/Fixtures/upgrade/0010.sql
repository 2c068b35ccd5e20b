-- Representative data for a database at schema version 10 (migrations/0010_names_in_the_log.sql): a person's name in
-- the authority chain, as `person correct` appends it (the hash is not computed: the upgrade test reads rows, it does not
-- verify them). Never edit it once a later migration has landed.
INSERT INTO event (id, kind, position_id, effective_on, recorded_at, actor_id, actor_role, text, payload, prev_hash, hash)
VALUES (400, 'person-name', NULL, '2026-06-06', '2026-06-06T08:00:00.000Z', 1, 'secretariat', 'stavefejl',
        'handle:dr.ung
name:Ulla O''Ung; DROP TABLE person; --', 'n399', 'n400');
