-- Cross-field rules per qualification (issue 25): the youngest age at the application date
-- and the years in which the qualification's examination was held, as data the office can
-- set, so that the register refuses "an applicant of 15" or "an exam year before the exam
-- existed" by the rule of that qualification. NULL: no bound. Configuration, like
-- fee_schedule: set by the migrations, not synced as register data.
--
-- Figures: the first exam years are the first national examinations under each law
-- (建築物環境衛生管理技術者 under the 1970 ビル管理法, 1971; 管理栄養士 national exam since
-- 1987; 給水装置工事主任技術者 under the 1996 水道法 revision, 1997). 栄養士 has no
-- national examination (training schools only): its exam years are left unbounded. The minimum ages are not in any law as such: 18 (the end of
-- upper secondary school, before which neither the experience nor the school the laws ask
-- for can be had) is a documented default for the office to set.
CREATE TABLE qualification_rules (
	qualification	TEXT PRIMARY KEY,
	min_age		INTEGER CHECK (min_age IS NULL OR min_age BETWEEN 0 AND 100),
	first_exam_year	INTEGER CHECK (first_exam_year IS NULL OR
			    first_exam_year BETWEEN 1900 AND 2999),
	last_exam_year	INTEGER CHECK (last_exam_year IS NULL OR
			    last_exam_year BETWEEN 1900 AND 2999),
	source		TEXT NOT NULL DEFAULT '',	-- where the figures come from
	CHECK (first_exam_year IS NULL OR last_exam_year IS NULL OR
	    first_exam_year <= last_exam_year)
);
INSERT INTO qualification_rules VALUES
	('building-hygiene', 18, 1971, NULL,
	    'ビル管理法 (1970), first exam 1971; minimum age: office default'),
	('dietitian', 18, NULL, NULL,
	    '栄養士法: training schools, no exam; minimum age: office default'),
	('registered-dietitian', 18, 1987, NULL,
	    'national exam since 1987; minimum age: office default'),
	('water-supply', 18, 1997, NULL,
	    '水道法 revision (1996), first exam 1997; minimum age: office default');
