-- The register (名簿, SPEC §4): holders, their qualification registrations, the history of
-- events, My Numbers apart, and applications that a supervisor approves before they
-- change the register. Field names follow the 記録項目 of the assessment documents.

CREATE TABLE holders (
	id			TEXT PRIMARY KEY CHECK (length(id) = 36),
	family_name		TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),	-- 姓
	given_name		TEXT NOT NULL CHECK (length(given_name) <= 100),		-- 名
	family_kana		TEXT NOT NULL CHECK (length(family_kana) BETWEEN 1 AND 100),	-- 姓カナ
	given_kana		TEXT NOT NULL CHECK (length(given_kana) <= 100),		-- 名カナ
	former_family_name	TEXT NOT NULL DEFAULT '',	-- 旧氏
	former_family_kana	TEXT NOT NULL DEFAULT '',
	alias_family_name	TEXT NOT NULL DEFAULT '',	-- 通称
	alias_given_name	TEXT NOT NULL DEFAULT '',
	alias_family_kana	TEXT NOT NULL DEFAULT '',
	alias_given_kana	TEXT NOT NULL DEFAULT '',
	sex			INTEGER NOT NULL CHECK (sex IN (1, 2, 9)),	-- 性別コード
	birth_date		TEXT NOT NULL CHECK (date(birth_date) IS birth_date),
	honseki_pref		TEXT NOT NULL DEFAULT '',	-- 本籍地都道府県コード 01–47
	nationality		TEXT NOT NULL DEFAULT '',
	postal_code		TEXT NOT NULL DEFAULT '',
	address1		TEXT NOT NULL DEFAULT '',	-- 住所1
	address2		TEXT NOT NULL DEFAULT '',	-- 住所2（丁目以下）
	address3		TEXT NOT NULL DEFAULT '',	-- 住所3（建物名号室）
	municipality_code	TEXT NOT NULL DEFAULT '',
	phone			TEXT NOT NULL DEFAULT '',
	shikaku_kamei_id	TEXT NOT NULL DEFAULT '',	-- 資格仮名ID
	mynaportal_kamei_id	TEXT NOT NULL DEFAULT '',	-- マイナポータル仮名ID
	remarks			TEXT NOT NULL DEFAULT '',
	has_gaiji		INTEGER NOT NULL DEFAULT 0 CHECK (has_gaiji IN (0, 1)),
	erased			INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1)),	-- 消除 (logical)
	version			INTEGER NOT NULL DEFAULT 1,
	created_at		TEXT NOT NULL,
	updated_at		TEXT NOT NULL,
	CHECK (honseki_pref = '' OR honseki_pref BETWEEN '01' AND '47')
);
CREATE INDEX holders_birth ON holders (birth_date);

-- Name search (SPEC §4): partial kana or kanji through trigrams. Contentless-delete keeps
-- the index in step with corrections without keeping a second copy of the names.
CREATE VIRTUAL TABLE holder_names USING fts5 (
	names, tokenize = 'trigram', content = '', contentless_delete = 1
);

-- Data is never physically deleted (データの物理削除は行わず): 消除 is an event.
CREATE TRIGGER holders_never_deleted BEFORE DELETE ON holders
BEGIN
	SELECT RAISE(ABORT, 'register records are never deleted; record an erasure event');
END;

CREATE TABLE registrations (
	id			TEXT PRIMARY KEY CHECK (length(id) = 36),
	holder_id		TEXT NOT NULL REFERENCES holders (id),
	qualification		TEXT NOT NULL,		-- e.g. 'building-hygiene'
	certificate_number	TEXT NOT NULL,		-- 免状番号 / 登録番号
	application_date	TEXT NOT NULL DEFAULT '',	-- 交付申請日
	reception_date		TEXT NOT NULL DEFAULT '',	-- 交付申請受付年月日
	issue_date		TEXT NOT NULL DEFAULT '',	-- 交付（登録）年月日
	route			TEXT NOT NULL CHECK (route IN ('exam', 'course', 'school')),
	exam_year		TEXT NOT NULL DEFAULT '',
	exam_number		TEXT NOT NULL DEFAULT '',	-- 試験受験番号
	exam_round		TEXT NOT NULL DEFAULT '',	-- 試験回数
	pass_number		TEXT NOT NULL DEFAULT '',	-- 合格者番号
	course_provider		TEXT NOT NULL DEFAULT '',	-- 講習実施者コード
	course_month		TEXT NOT NULL DEFAULT '',	-- 受講年月
	course_venue		TEXT NOT NULL DEFAULT '',	-- 受講会場
	completion_number	TEXT NOT NULL DEFAULT '',	-- 修了番号
	school			TEXT NOT NULL DEFAULT '',	-- 養成施設
	status			TEXT NOT NULL DEFAULT 'valid'
				CHECK (status IN ('valid', 'suspended', 'cancelled', 'erased', 'returned')),
	reissue_count		INTEGER NOT NULL DEFAULT 0,
	version			INTEGER NOT NULL DEFAULT 1,
	created_at		TEXT NOT NULL,
	updated_at		TEXT NOT NULL,
	UNIQUE (qualification, certificate_number)
);
CREATE INDEX registrations_holder ON registrations (holder_id);
CREATE INDEX registrations_status ON registrations (status);

CREATE TRIGGER registrations_never_deleted BEFORE DELETE ON registrations
BEGIN
	SELECT RAISE(ABORT, 'register records are never deleted; record an erasure event');
END;

-- History (SPEC §4): appended, never overwritten. sensitive marks 要配慮個人情報
-- (交付拒否事由, 返納命令事由), shown to supervisors only.
CREATE TABLE events (
	id			TEXT PRIMARY KEY CHECK (length(id) = 36),
	registration_id		TEXT REFERENCES registrations (id),
	holder_id		TEXT NOT NULL REFERENCES holders (id),
	kind			TEXT NOT NULL CHECK (kind IN ('issue', 'rewrite', 'reissue',
				'suspend', 'cancel', 'return-order', 'return', 'erase', 'refuse')),
	event_date		TEXT NOT NULL CHECK (date(event_date) IS event_date),
	reason_code		TEXT NOT NULL DEFAULT '',
	reason_text		TEXT NOT NULL DEFAULT '',
	before_json		TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(before_json)),
	sensitive		INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
	created_by		TEXT NOT NULL,
	approved_by		TEXT,
	created_at		TEXT NOT NULL,
	CHECK (sensitive = (kind IN ('refuse', 'return-order')))
);
CREATE INDEX events_holder ON events (holder_id, event_date);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'register history is never overwritten');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'register history is never overwritten');
END;

-- My Numbers apart, with their own access path (SPEC §4): only Juki lookup, identity
-- confirmation and sync read this table.
CREATE TABLE mynumbers (
	holder_id		TEXT PRIMARY KEY REFERENCES holders (id),
	mynumber		TEXT NOT NULL CHECK (length(mynumber) = 12 AND mynumber NOT GLOB '*[^0-9]*'),
	source			TEXT NOT NULL CHECK (source IN ('card', 'typed', 'juki', 'import')),
	recorded_at		TEXT NOT NULL,
	central_ack_at		TEXT
);

-- Applications: registrations, identity-item corrections and deletions wait here for a
-- supervisor (SPEC §4); the four-eyes rule again in the table itself.
CREATE TABLE applications (
	id			TEXT PRIMARY KEY CHECK (length(id) = 36),
	kind			TEXT NOT NULL CHECK (kind IN ('registration', 'correction',
				'deletion', 'reissue')),
	holder_id		TEXT,
	registration_id		TEXT,
	payload			TEXT NOT NULL CHECK (json_valid(payload)),
	status			TEXT NOT NULL DEFAULT 'pending'
				CHECK (status IN ('pending', 'approved', 'rejected')),
	requested_by		TEXT NOT NULL,
	requested_at		TEXT NOT NULL,
	decided_by		TEXT,
	decided_at		TEXT,
	decision_comment	TEXT,
	version			INTEGER NOT NULL DEFAULT 1,
	CHECK (decided_by IS NULL OR decided_by <> requested_by),
	CHECK ((status = 'pending') = (decided_by IS NULL))
);
CREATE INDEX applications_pending ON applications (requested_at) WHERE status = 'pending';
