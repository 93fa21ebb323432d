-- The sync screen (SPEC §10, issue 32): what the desk can see of its sync.
--
-- How far this terminal's clock is from the central store's, as the last sync that
-- reached the store measured it: seconds, the store's clock minus this terminal's. NULL
-- until a sync has reached the store.
ALTER TABLE sync_state ADD COLUMN clock_offset REAL;

-- Supervisors see the sync screen too (the outbox, conflicts, the offline limits); the
-- sysadmin keeps it. It shows no personal data: kinds, id prefixes, ages, states.
INSERT INTO role_functions (role, function) VALUES ('supervisor', 'sync.status');
