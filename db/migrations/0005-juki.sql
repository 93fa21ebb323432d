-- Juki-net lookups (SPEC §5): the queries this terminal sent, the answers it accepted, the
-- periodic-check jobs and the review queue of 異動 they build.
--
-- Nothing here is synced: query results are temporary data (SPEC §7), kept on the terminal
-- only until juki_result_retention_days. No My Number from an answer is stored: what the
-- gateway said about it is in matched (2-26), which is all the comparison needs.

-- 2-1 要求レコード番号 is unique per terminal for ever, also after old queries are purged.
CREATE TABLE juki_counter (
	only		INTEGER PRIMARY KEY CHECK (only = 1),
	last_request_no	INTEGER NOT NULL CHECK (last_request_no BETWEEN 0 AND 9999999999)
);
INSERT INTO juki_counter VALUES (1, 0);

-- A periodic check (定期照会): every active holder, in batch files, resumable.
CREATE TABLE juki_jobs (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	status		TEXT NOT NULL CHECK (status IN ('running', 'paused', 'done', 'cancelled')),
	base_date	TEXT NOT NULL CHECK (date(base_date) IS base_date),
	period_from	TEXT NOT NULL CHECK (date(period_from) IS period_from),
	batch_size	INTEGER NOT NULL CHECK (batch_size BETWEEN 1 AND 100000),
	total		INTEGER NOT NULL CHECK (total >= 0),
	cursor		TEXT NOT NULL DEFAULT '',	-- last holder id sent, in id order
	sent		INTEGER NOT NULL DEFAULT 0,
	answered	INTEGER NOT NULL DEFAULT 0,
	changes		INTEGER NOT NULL DEFAULT 0,	-- review rows made
	sending_done	INTEGER NOT NULL DEFAULT 0 CHECK (sending_done IN (0, 1)),
	started_by	TEXT NOT NULL,
	started_at	TEXT NOT NULL,
	finished_at	TEXT
);

CREATE TABLE juki_queries (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	request_no	INTEGER NOT NULL UNIQUE CHECK (request_no BETWEEN 1 AND 9999999999),
	file_id		TEXT NOT NULL,
	mode		TEXT NOT NULL CHECK (mode IN ('immediate', 'batch')),
	holder_id	TEXT REFERENCES holders (id),
	key_kind	TEXT NOT NULL CHECK (key_kind IN ('mynumber', 'four', 'jumin')),
	key_summary	TEXT NOT NULL,		-- what was asked, the My Number masked
	jimu		INTEGER NOT NULL CHECK (jimu BETWEEN 1 AND 9999),
	purpose_ref	TEXT NOT NULL CHECK (length(purpose_ref) BETWEEN 1 AND 40),
	job_id		TEXT REFERENCES juki_jobs (id),
	status		TEXT NOT NULL CHECK (status IN ('pending', 'answered', 'failed')),
	failure		TEXT NOT NULL DEFAULT '',
	result_code	INTEGER,
	requested_by	TEXT NOT NULL,
	requested_at	TEXT NOT NULL,
	answered_at	TEXT
);
CREATE INDEX juki_queries_pending ON juki_queries (request_no) WHERE status = 'pending';
CREATE INDEX juki_queries_user ON juki_queries (requested_by, requested_at);
CREATE INDEX juki_queries_job ON juki_queries (job_id) WHERE job_id IS NOT NULL;

-- One row per resident in an answer (2-24 may be more than one: 複数該当).
CREATE TABLE juki_results (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	query_id	TEXT NOT NULL REFERENCES juki_queries (id),
	seq		INTEGER NOT NULL,
	file_id		TEXT NOT NULL,
	result_code	INTEGER NOT NULL,
	nresults	INTEGER NOT NULL,
	matched		TEXT NOT NULL,
	moved		INTEGER NOT NULL,
	alive		INTEGER NOT NULL,
	changes		TEXT NOT NULL,
	jumin_code	TEXT NOT NULL,
	name		TEXT NOT NULL,
	kana		TEXT NOT NULL,
	birth		INTEGER NOT NULL,
	sex		INTEGER NOT NULL,
	address		TEXT NOT NULL,
	reason		INTEGER NOT NULL,
	reason_date	INTEGER NOT NULL,
	municipality	TEXT NOT NULL,
	nonparticipating INTEGER NOT NULL,
	pattern		INTEGER NOT NULL,
	old_name	TEXT NOT NULL,
	old_kana	TEXT NOT NULL,
	gaiji		INTEGER NOT NULL,	-- characters shown as 〓: confirm against documents
	received_at	TEXT NOT NULL,
	UNIQUE (query_id, seq)
);

-- 異動 found by a periodic check, for a supervisor to look at.
CREATE TABLE juki_review (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	job_id		TEXT NOT NULL REFERENCES juki_jobs (id),
	holder_id	TEXT NOT NULL REFERENCES holders (id),
	result_id	TEXT NOT NULL REFERENCES juki_results (id),
	kind		TEXT NOT NULL CHECK (kind IN ('moved', 'renamed', 'deceased', 'erased',
			'other', 'notfound')),
	status		TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
	note		TEXT NOT NULL DEFAULT '',
	decided_by	TEXT,
	decided_at	TEXT,
	created_at	TEXT NOT NULL,
	UNIQUE (job_id, holder_id)
);
CREATE INDEX juki_review_open ON juki_review (created_at) WHERE status = 'open';

INSERT INTO functions VALUES
	('juki.review',		'異動の確認',		'Review Juki-net changes',	1, 135);
INSERT INTO role_functions (role, function) VALUES ('supervisor', 'juki.review');
