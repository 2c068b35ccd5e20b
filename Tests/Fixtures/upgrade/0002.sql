-- Representative data for a database at schema version 2 (migrations/0002_accounts.sql): an account, an invitation,
-- a server session and log-in attempts. Never edit it once a later migration has landed.
INSERT INTO account (person_id, password_hash, created_at, changed_at) VALUES
    (2, '$2b$12$abcdefghijklmnopqrstuu0123456789012345678901234567890', 1800000000, 1800000000);
INSERT INTO invitation (id, token_hash, person_id, created_by, created_at, expires_at, used_at) VALUES
    (1, '0000000000000000000000000000000000000000000000000000000000000001', 2, 1, 1800000000, 1800604800, 1800000100),
    (2, '0000000000000000000000000000000000000000000000000000000000000002', 3, 2, 1800000000, 1800604800, NULL);
INSERT INTO server_session (id_hash, csrf_hash, person_id, created_at, last_seen_at, expires_at, ended_at) VALUES
    ('00000000000000000000000000000000000000000000000000000000000000aa',
     '00000000000000000000000000000000000000000000000000000000000000bb', 2, 1800000200, 1800000300, 1800043400, NULL);
INSERT INTO login_attempt (id, handle, person_id, at, address, ok) VALUES
    (1, 'dr.lead', 2, 1800000150, '127.0.0.1', 0),
    (2, 'dr.lead', 2, 1800000200, '127.0.0.1', 1),
    (3, 'dr.nobody', NULL, 1800000250, '::1', 0);
