-- Representative data for a database at schema version 8 (migrations/0008_mail.sql): a person's mail settings and the
-- outbox with a delivered mail, one waiting for another attempt and one given up.
-- Never edit it once a later migration has landed.
INSERT INTO mail_preference (person_id, language, requests, answers, digest, changed_by, changed_at) VALUES
    (4, 'en', 'digest', 'now', 'never', 4, '2026-06-05T08:00:00.000Z');
INSERT INTO mail_outbox (id, kind, person_id, address, display_name, subject, text_body, html_body, unsubscribe_url, message_key,
                         created_at, queued_at, state, attempts, next_attempt_at, last_error, finished_at) VALUES
    (1, 'request', 3, 'bo@example.dk', 'Bo Berg', 'Ulla Ung beder dig godkende I1', 'Kære Bo Berg', '<p>Kære Bo Berg</p>',
     'https://logbog.example/account/mail', 'k1', '2026-06-05T08:00:00.000Z', 1780646400, 'delivered', 1, 1780646400, '250 OK',
     '2026-06-05T08:00:01.000Z'),
    (2, 'decline', 4, 'ulla@example.dk', 'Ulla Ung', 'Bo Berg declined your request for I1', 'Dear Ulla Ung', '<p>Dear Ulla Ung</p>',
     'https://logbog.example/account/mail', 'k2', '2026-06-05T09:00:00.000Z', 1780650000, 'pending', 2, 1780650030,
     'cannot connect to 127.0.0.1:25', NULL),
    (3, 'invitation', 4, 'ulla@example.dk', 'Ulla Ung', 'Invitation to the logbook', '', '', NULL, 'k3', '2026-06-05T10:00:00.000Z',
     1780653600, 'failed', 1, 1780653600, 'refused at recipient: 550 no such user', '2026-06-05T10:00:01.000Z');
