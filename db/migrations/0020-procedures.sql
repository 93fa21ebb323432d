-- Procedures (事務, issue 31): what an account may act for. The register's personal-data
-- work belongs to one of four procedures, the same four a Juki-net query names (提供事務
-- 区分): a registration to 'register', a correction or erasure to 'correct', a reissue to
-- 'reissue', the periodic check to 'periodic'. An account acts only within the procedures
-- it names (space-separated codes in accounts.procedures); the refusal is audited.
CREATE TABLE procedures (
	code		TEXT PRIMARY KEY,
	label_ja	TEXT NOT NULL,
	label_en	TEXT NOT NULL,
	juki_jimu	INTEGER NOT NULL UNIQUE	-- the Juki-net query's 事務 (JUKI_JIMU_*)
);
INSERT INTO procedures VALUES
	('register',	'免状の登録',	'Registration',		1),
	('correct',	'書換え・訂正',	'Correction',		2),
	('reissue',	'再交付',	'Reissue',		3),
	('periodic',	'定期照会',	'Periodic check',	4);

-- Accounts named their procedures in words until now: the words become codes where they
-- say which (免状事務 or 名簿 alone: every procedure of the register). What says none stays
-- empty, and the account register shows it as naming none.
UPDATE accounts SET procedures = trim(
	CASE WHEN procedures LIKE '%登録%' OR procedures LIKE '%免状事務%' OR
	    procedures LIKE '%名簿%' THEN 'register ' ELSE '' END ||
	CASE WHEN procedures LIKE '%訂正%' OR procedures LIKE '%書換%' OR
	    procedures LIKE '%免状事務%' OR procedures LIKE '%名簿%' THEN 'correct ' ELSE '' END ||
	CASE WHEN procedures LIKE '%再交付%' OR procedures LIKE '%免状事務%' OR
	    procedures LIKE '%名簿%' THEN 'reissue ' ELSE '' END ||
	CASE WHEN procedures LIKE '%定期%' OR procedures LIKE '%免状事務%' OR
	    procedures LIKE '%名簿%' THEN 'periodic' ELSE '' END)
WHERE procedures <> '' AND procedures NOT GLOB '*[a-z]*';
-- The first supervisor was made without any: the whole register is theirs to run.
UPDATE accounts SET procedures = 'register correct reissue periodic'
WHERE origin = 'first-supervisor' AND procedures = '';
