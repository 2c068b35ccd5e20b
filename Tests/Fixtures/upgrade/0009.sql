-- Representative data for a database at schema version 9 (migrations/0009_checkpoints.sql): one signed checkpoint of
-- the first four events (the note's signature is not by a registered key: the upgrade test reads rows, it does not
-- verify them). Never edit it once a later migration has landed.
INSERT INTO checkpoint (id, tree_size, last_event, root_hash, frontier, note, signer, made_at) VALUES
    (1, 4, 4, 'mV4Fu0c4y8Yo8r1xqHbJ2S1n6sD9dRy0QzrdC0c4nRQ=',
     '995e05bb4738cbc628f2bd71a86c9d92d67ea0fd751cb4433add0b470e2789d4',
     'logbook/syddanmark
4
mV4Fu0c4y8Yo8r1xqHbJ2S1n6sD9dRy0QzrdC0c4nRQ=
time 2026-06-05T10:00:00.000Z

— logbook/syddanmark AAAAAGlnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl
', 'sek.a', '2026-06-05T10:00:00.000Z');
