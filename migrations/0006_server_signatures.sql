-- logbook schema version 6: acts signed by the server (issue 15).
-- An event made through `logbook serve` names how its maker authenticated to the server ('password', 'password+totp',
-- 'proxy' or 'token') and is signed by the server's registered key (docs/BUNDLE-FORMAT.md, "Server keys"). The value
-- is part of the event's canonical bytes (a fifteenth line, present only when set), so it is hashed and signed with
-- the rest. Events made outside a server (the CLI) leave it NULL; every stored event keeps its bytes and hash.
-- event_no_update still refuses changing it.
ALTER TABLE event ADD COLUMN authentication TEXT
    CHECK (authentication IN ('password', 'password+totp', 'proxy', 'token'));
