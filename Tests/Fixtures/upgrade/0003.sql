-- Version 3 moves facts into the log: a grant event in the authority chain and its link to the grant row.
-- (Hashes are not checked here; UpgradeTests checks rows survive.)
INSERT INTO event (id, kind, position_id, effective_on, recorded_at, actor_id, actor_role, text, payload, prev_hash, hash)
VALUES (100, 'grant', NULL, '2026-01-01', '2026-01-01T08:00:00.000Z', 1, 'migrated', '',
        'holder:sek.a' || char(10) || 'role:secretariat' || char(10) || 'department:' || char(10) || 'department_kind:' || char(10)
            || 'region:Syddanmark' || char(10) || 'may_approve:no' || char(10) || 'valid_from:2026-01-01' || char(10) || 'valid_until:',
        '0000000000000000000000000000000000000000000000000000000000000000',
        'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0');
INSERT INTO fact_event (table_name, row_id, event_id) VALUES ('role_grant', 1, 100);
