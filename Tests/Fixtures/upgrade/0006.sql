-- Representative data for a database at schema version 6 (migrations/0006_server_signatures.sql): an act made through
-- the server, naming how its maker authenticated.
-- Never edit it once a later migration has landed.
INSERT INTO event (id, kind, position_id, effective_on, recorded_at, actor_id, actor_role, text, payload, prev_hash, hash,
                   signature, authentication) VALUES
    (300, 'request-withdrawal', 1, '2026-06-04', '2026-06-04T08:00:00.000Z', 4, 'trainee', '', 'request:200', 'r201', 'r300',
     'c2lnbmVkIGJ5IHRoZSBzZXJ2ZXIsIG5vdCBhIHJlYWwgc2lnbmF0dXJlIGF0IGFsbCBqdXN0IHRleHQgdG8gZmlsbCA2NCBieXRlcyE=', 'password+totp');
