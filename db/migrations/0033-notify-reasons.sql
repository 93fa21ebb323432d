-- Notifications (届出, issue 25): why a holder tells the office that something changed, as
-- data. The seeds list them: the 特定個人情報ファイル記録項目 of seed 001 (item 20, 理由
-- (数値：結婚、離婚、転籍、紛失、死亡、失踪など)) and the 氏名変更理由コード and 本籍変更
-- 理由コード of seed 000 (1-37, 1-41); 養子縁組・離縁, 盗難, 焼失 and 汚損 complete the
-- groups as the offices' forms name them. number is the seed's 数値 code.
--
-- Each reason says what it leads to: 'rewrite' (書換え: the correction form opens with the
-- new name or 本籍 to type), 'erase' (消除 of every live registration, and the return
-- (返還) of each certificate held is expected) or 'reissue' (再交付: the reissue form
-- opens). app_reason is the code the application then carries: a 消除's reason code
-- (reg_reason_codes) or a reissue's reason (reg_reissue_reasons).
--
-- Not synced: the rows come with the schema, the same on every terminal and the central
-- store, and no screen changes them; an event or application that names a code carries it.
CREATE TABLE notify_reasons (
	code		TEXT PRIMARY KEY,
	number		INTEGER NOT NULL UNIQUE,
	grp		TEXT NOT NULL CHECK (grp IN ('name', 'honseki', 'death', 'loss')),
	label_ja	TEXT NOT NULL,
	label_en	TEXT NOT NULL,
	leads_to	TEXT NOT NULL CHECK (leads_to IN ('rewrite', 'erase', 'reissue')),
	app_reason	TEXT NOT NULL DEFAULT '',
	CHECK ((grp IN ('name', 'honseki')) = (leads_to = 'rewrite')),
	CHECK ((grp = 'death') = (leads_to = 'erase')),
	CHECK ((leads_to = 'rewrite') = (app_reason = ''))
);
INSERT INTO notify_reasons VALUES
	('marriage',		11, 'name',	'結婚',		'marriage',		'rewrite', ''),
	('divorce',		12, 'name',	'離婚',		'divorce',		'rewrite', ''),
	('adoption',		13, 'name',	'養子縁組',	'adoption',		'rewrite', ''),
	('adoption-end',	14, 'name',	'養子離縁',	'end of adoption',	'rewrite', ''),
	('name-other',		19, 'name',	'その他の氏名変更', 'other name change', 'rewrite', ''),
	('honseki-transfer',	21, 'honseki',	'転籍',		'transfer of 本籍',	'rewrite', ''),
	('honseki-other',	29, 'honseki',	'その他の本籍変更', 'other 本籍 change', 'rewrite', ''),
	('death',		31, 'death',	'死亡',		'death',		'erase', 'death'),
	('missing',		32, 'death',	'失踪宣告',	'declared missing',	'erase', 'death'),
	('lost',		41, 'loss',	'紛失',		'lost',			'reissue', 'lost'),
	('stolen',		42, 'loss',	'盗難',		'stolen',		'reissue', 'lost'),
	('burnt',		43, 'loss',	'焼失',		'burnt',		'reissue', 'lost'),
	('soiled',		44, 'loss',	'汚損',		'soiled',		'reissue', 'soiled');
