-- Reading the audit log for review (SPEC §8, issue 20): indexes that give each filter the
-- log's newest-first order (at, seq) without a sort, so that a page costs about the rows
-- it shows (db/audit/audit-query.c, bench/audit_review). The log and its chain are not
-- touched: an index is outside what is MACed.

-- Any page with no user, holder or action filter: newest first from the end.
CREATE INDEX audit_log_at ON audit_log (at);

-- Every entry that touches a holder has a target that begins "holder:<36-character id>".
-- Only those are indexed, under the id.
CREATE INDEX audit_log_holder ON audit_log (substr(target, 8, 36), at)
	WHERE substr(target, 1, 7) = 'holder:';
