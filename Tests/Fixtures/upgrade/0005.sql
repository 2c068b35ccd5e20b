-- Representative data for a database at schema version 5 (migrations/0005_two_factor_and_tokens.sql): a confirmed
-- TOTP enrolment with its last accepted step, a pending one, a session opened with password and code, and API tokens
-- (one revoked, one used).
-- Never edit it once a later migration has landed.
INSERT INTO totp (person_id, sealed_secret, created_at, confirmed_at, last_step) VALUES
    (2, 'c2VhbGVkIHNlY3JldCwgbm90IGEgcmVhbCBvbmU=', 1800000000, 1800000030, 60000001),
    (3, 'cGVuZGluZyBzZWNyZXQ=', 1800000100, NULL, NULL);
INSERT INTO server_session (id_hash, csrf_hash, person_id, created_at, last_seen_at, expires_at, ended_at, method) VALUES
    ('00000000000000000000000000000000000000000000000000000000000000cc',
     '00000000000000000000000000000000000000000000000000000000000000dd', 2, 1800000400, 1800000500, 1800043600, NULL,
     'password+totp');
INSERT INTO api_token (id, token_hash, person_id, name, scope, created_at, expires_at, revoked_at, last_used_at) VALUES
    (1, '00000000000000000000000000000000000000000000000000000000000000ee', 2, 'nightly report', 'read', 1800000000, 1807776000,
     NULL, 1800003600),
    (2, '00000000000000000000000000000000000000000000000000000000000000ff', 3, 'old script', 'act', 1800000000, 1807776000,
     1800000500, NULL);
