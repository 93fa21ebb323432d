-- Fees (手数料, issue 24): what each kind of issue costs, as data by qualification and by
-- the dates it applies, and the fee received with each reception, refunded when the
-- applicant withdraws. Amounts in yen.

-- '*' is every qualification without a row of its own; valid_until NULL: still in force.
CREATE TABLE fee_schedule (
	id		INTEGER PRIMARY KEY,
	fee_kind	TEXT NOT NULL CHECK (fee_kind IN ('issue', 'rewrite', 'reissue')),
	qualification	TEXT NOT NULL DEFAULT '*',
	valid_from	TEXT NOT NULL CHECK (valid_from GLOB
			    '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	valid_until	TEXT CHECK (valid_until IS NULL OR valid_until >= valid_from),
	amount		INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 1000000)
);
CREATE INDEX fee_schedule_kind ON fee_schedule (fee_kind, qualification, valid_from);
INSERT INTO fee_schedule (fee_kind, qualification, valid_from, amount) VALUES
	('issue', '*', '2000-01-01', 3400),
	('rewrite', '*', '2000-01-01', 1800),
	('reissue', '*', '2000-01-01', 2000);

-- The fee received with a reception: how it was paid (収入印紙, 現金, オンライン決済, or
-- 免除 with the reason), by whom and when; a refund when the reception is withdrawn.
ALTER TABLE receptions ADD COLUMN fee_kind TEXT
	CHECK (fee_kind IS NULL OR fee_kind IN ('issue', 'rewrite', 'reissue'));
ALTER TABLE receptions ADD COLUMN fee_payment TEXT
	CHECK (fee_payment IS NULL OR fee_payment IN ('stamp', 'cash', 'online', 'exempt'));
ALTER TABLE receptions ADD COLUMN fee_amount INTEGER
	CHECK (fee_amount IS NULL OR fee_amount BETWEEN 0 AND 1000000);
ALTER TABLE receptions ADD COLUMN fee_exempt_reason TEXT;
ALTER TABLE receptions ADD COLUMN fee_by TEXT;
ALTER TABLE receptions ADD COLUMN fee_on TEXT;
ALTER TABLE receptions ADD COLUMN refund_by TEXT;
ALTER TABLE receptions ADD COLUMN refund_on TEXT;

-- A fee is whole or absent, exempt exactly when nothing was paid and then with a reason;
-- recorded once, refunded once, and only a fee that was paid.
CREATE TRIGGER receptions_fee_whole BEFORE UPDATE OF fee_kind, fee_payment, fee_amount,
	fee_exempt_reason, fee_by, fee_on, refund_by, refund_on ON receptions
	WHEN NOT ((NEW.fee_kind IS NULL AND NEW.fee_payment IS NULL AND NEW.fee_amount IS NULL
	    AND NEW.fee_by IS NULL AND NEW.refund_by IS NULL) OR
	    (NEW.fee_kind IS NOT NULL AND NEW.fee_payment IS NOT NULL AND
	    NEW.fee_amount IS NOT NULL AND NEW.fee_by IS NOT NULL AND NEW.fee_on IS NOT NULL AND
	    (NEW.fee_payment = 'exempt') = (NEW.fee_amount = 0) AND
	    (NEW.fee_payment <> 'exempt' OR length(NEW.fee_exempt_reason) > 0) AND
	    (NEW.refund_by IS NULL) = (NEW.refund_on IS NULL) AND
	    (NEW.refund_by IS NULL OR NEW.fee_payment <> 'exempt')))
BEGIN
	SELECT RAISE(ABORT, 'a fee is recorded whole: kind, payment, amount (none when exempt, with the reason), who and when');
END;
CREATE TRIGGER receptions_fee_once BEFORE UPDATE OF fee_kind, fee_payment, fee_amount,
	fee_exempt_reason, fee_by, fee_on, refund_by, refund_on ON receptions
	WHEN (OLD.fee_by IS NOT NULL AND (NEW.fee_kind IS NOT OLD.fee_kind OR
	    NEW.fee_payment IS NOT OLD.fee_payment OR NEW.fee_amount IS NOT OLD.fee_amount OR
	    NEW.fee_by IS NOT OLD.fee_by OR NEW.fee_on IS NOT OLD.fee_on)) OR
	    (OLD.refund_by IS NOT NULL AND (NEW.refund_by IS NOT OLD.refund_by OR
	    NEW.refund_on IS NOT OLD.refund_on))
BEGIN
	SELECT RAISE(ABORT, 'a fee and its refund are recorded once');
END;
CREATE INDEX receptions_fee_on ON receptions (fee_on) WHERE fee_on IS NOT NULL;
CREATE INDEX receptions_refund_on ON receptions (refund_on) WHERE refund_on IS NOT NULL;

-- The fee totals of a day or a period, for supervisors (who close the till) and auditors.
INSERT INTO functions VALUES
	('reception.fees',	'手数料の集計',	'Fee totals',	0, 46);
INSERT INTO role_functions (role, function) VALUES
	('supervisor', 'reception.fees'), ('auditor', 'reception.fees');

-- The business statistics (業務統計): counts only, for supervisors and auditors.
INSERT INTO functions VALUES
	('reception.stats',	'業務統計',	'Business statistics',	0, 47);
INSERT INTO role_functions (role, function) VALUES
	('supervisor', 'reception.stats'), ('auditor', 'reception.stats');

-- How each certificate left the office (交付の方法, issue 24): handed over at the counter
-- (窓口交付) or mailed (郵送) with the day it was posted and the tracking number; recorded
-- once, by whom and when.
CREATE TABLE cert_deliveries (
	certificate_id	TEXT PRIMARY KEY REFERENCES certificates (id),
	method		TEXT NOT NULL CHECK (method IN ('counter', 'mail')),
	delivered_on	TEXT NOT NULL CHECK (date(delivered_on) IS delivered_on),
	tracking_number	TEXT,
	recorded_by	TEXT NOT NULL,
	recorded_at	TEXT NOT NULL,
	CHECK ((method = 'mail') = (tracking_number IS NOT NULL))
);
CREATE TRIGGER cert_deliveries_kept BEFORE UPDATE ON cert_deliveries
BEGIN
	SELECT RAISE(ABORT, 'a delivery is recorded once');
END;
CREATE TRIGGER cert_deliveries_no_delete BEFORE DELETE ON cert_deliveries
BEGIN
	SELECT RAISE(ABORT, 'a delivery is recorded once');
END;
