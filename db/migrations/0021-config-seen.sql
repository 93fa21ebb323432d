-- The configuration as last seen (issue 31, part 5): config_shown()'s text, one
-- "name = value" line a setting, and when it was stored. madoguchi-admin config set stores
-- what it wrote; the monitor compares it at every start and audits a difference as a
-- change made outside the tool (an editor, a conffile replaced by a package upgrade).
-- Paths and limits only: nothing secret is in it. Local to this terminal, never synced.
CREATE TABLE config_seen (
	only		INTEGER PRIMARY KEY CHECK (only = 1),
	shown		TEXT NOT NULL,
	seen_at		TEXT NOT NULL
);
