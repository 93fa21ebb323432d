-- A sync conflict's reason in Japanese beside the English one. The reason was worded in
-- the language of whichever process pulled the change, so that a sysadmin's sync-now in
-- an English shell left English on the desk's Japanese screens. From here on reason holds
-- the English wording and reason_ja the Japanese one (db/sync/sync-reason.h); older
-- conflicts have '' there and show reason as it was written.
ALTER TABLE sync_conflicts ADD COLUMN reason_ja TEXT NOT NULL DEFAULT '';
