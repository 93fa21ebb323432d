-- Accounts, roles and the role→function table (SPEC §1, §3).

CREATE TABLE roles (
	name		TEXT PRIMARY KEY,
	label_ja	TEXT NOT NULL,
	label_en	TEXT NOT NULL
);
INSERT INTO roles VALUES
	('clerk', '事務従事者', 'Clerk'),
	('supervisor', '承認者', 'Supervisor'),
	('sysadmin', '情報システム管理者', 'System administrator'),
	('auditor', '監査', 'Auditor');

-- What can be done at all. personal_data marks functions that show personal data, which
-- the sysadmin role must never have (SPEC §1).
CREATE TABLE functions (
	name		TEXT PRIMARY KEY,
	label_ja	TEXT NOT NULL,
	label_en	TEXT NOT NULL,
	personal_data	INTEGER NOT NULL CHECK (personal_data IN (0, 1)),
	menu_order	INTEGER NOT NULL
);
INSERT INTO functions VALUES
	('register.search',	'名簿の検索・閲覧',	'Search the register',		1, 10),
	('register.apply',	'登録・訂正の申請',	'Register and correct',		1, 20),
	('juki.lookup',		'住基ネット照会',		'Juki-net lookup',		1, 30),
	('reissue.apply',	'再交付の受付',		'Reissue applications',		1, 40),
	('cert.print',		'免状の印刷',		'Print certificates',		1, 50),
	('approval.queue',	'申請の承認',		'Approve applications',		1, 60),
	('account.approve',	'アカウントの承認',	'Approve accounts',		0, 70),
	('account.request',	'アカウントの申請',	'Request accounts',		0, 80),
	('account.revoke',	'アカウントの失効',	'Revoke accounts',		0, 85),
	('account.register',	'アカウント記録簿',	'Account register',		0, 90),
	('account.review',	'アカウントの棚卸し',	'Account review',		0, 95),
	('rolefn.view',		'権限対応表',		'Role-function table',		0, 100),
	('audit.review',	'操作ログの確認',		'Review the audit log',		1, 110),
	('conflict.resolve',	'同期の競合解決',		'Resolve sync conflicts',	1, 120),
	('periodic.check',	'定期照会',		'Periodic check',		1, 130),
	('sync.status',		'同期・システム状態',	'Sync and system status',	0, 140),
	('config.change',	'設定の変更',		'Change configuration',		0, 150),
	('compliance.report',	'自己点検報告',		'Compliance report',		0, 160);

CREATE TABLE role_functions (
	role		TEXT NOT NULL REFERENCES roles (name),
	function	TEXT NOT NULL REFERENCES functions (name),
	PRIMARY KEY (role, function)
);
INSERT INTO role_functions (role, function) VALUES
	('clerk', 'register.search'), ('clerk', 'register.apply'), ('clerk', 'juki.lookup'),
	('clerk', 'reissue.apply'), ('clerk', 'cert.print'),
	('supervisor', 'register.search'), ('supervisor', 'register.apply'),
	('supervisor', 'juki.lookup'), ('supervisor', 'reissue.apply'),
	('supervisor', 'cert.print'), ('supervisor', 'approval.queue'),
	('supervisor', 'account.approve'), ('supervisor', 'account.request'),
	('supervisor', 'account.revoke'), ('supervisor', 'account.register'),
	('supervisor', 'account.review'), ('supervisor', 'rolefn.view'),
	('supervisor', 'audit.review'), ('supervisor', 'conflict.resolve'),
	('supervisor', 'periodic.check'),
	('sysadmin', 'account.request'), ('sysadmin', 'sync.status'),
	('sysadmin', 'config.change'), ('sysadmin', 'rolefn.view'),
	('auditor', 'audit.review'), ('auditor', 'account.register'),
	('auditor', 'rolefn.view'), ('auditor', 'compliance.report');

-- The sysadmin never gets a function that shows personal data, whatever is approved later.
CREATE TRIGGER role_functions_sysadmin_no_personal_data
BEFORE INSERT ON role_functions
WHEN NEW.role = 'sysadmin' AND
	(SELECT personal_data FROM functions WHERE name = NEW.function) = 1
BEGIN
	SELECT RAISE(ABORT, 'the sysadmin role may not have a function that shows personal data');
END;

-- The account register (記録簿): rows are never deleted. One person, one account: a user
-- name maps to exactly one account, for ever.
CREATE TABLE accounts (
	id		TEXT PRIMARY KEY CHECK (length(id) = 36),
	user_name	TEXT NOT NULL UNIQUE CHECK (length(user_name) BETWEEN 1 AND 32),
	full_name	TEXT NOT NULL CHECK (length(full_name) BETWEEN 1 AND 100),
	roles		TEXT NOT NULL,		-- space-separated role names
	procedures	TEXT NOT NULL DEFAULT '',	-- 事務 the account may handle
	mynumber_allowed INTEGER NOT NULL DEFAULT 0 CHECK (mynumber_allowed IN (0, 1)),
	reason		TEXT NOT NULL CHECK (length(reason) >= 1),	-- 必要性
	valid_from	TEXT NOT NULL,
	valid_until	TEXT NOT NULL,
	origin		TEXT NOT NULL DEFAULT 'request'
			CHECK (origin IN ('request', 'first-supervisor')),
	status		TEXT NOT NULL CHECK (status IN ('requested', 'active', 'rejected', 'revoked')),
	requested_by	TEXT NOT NULL,
	requested_at	TEXT NOT NULL,
	decided_by	TEXT,
	decided_at	TEXT,
	decision_comment TEXT,
	revoked_by	TEXT,
	revoked_at	TEXT,
	revoke_reason	TEXT,
	last_login_at	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	CHECK (valid_from <= valid_until),
	-- Four eyes, in the database itself: nobody decides their own request.
	CHECK (decided_by IS NULL OR decided_by <> requested_by),
	CHECK (status <> 'active' OR origin = 'first-supervisor' OR decided_by IS NOT NULL),
	CHECK (status <> 'revoked' OR revoked_at IS NOT NULL)
);
CREATE UNIQUE INDEX accounts_one_first_supervisor ON accounts (origin)
	WHERE origin = 'first-supervisor';

CREATE TRIGGER accounts_never_deleted BEFORE DELETE ON accounts
BEGIN
	SELECT RAISE(ABORT, 'the account register keeps every account');
END;
