-- The reception register (受付簿, issue 24) on the screen: every reception of the office,
-- newest first, for the clerks and supervisors who receive and withdraw them and for the
-- auditors, who read. It shows the holders' names: personal data.
INSERT INTO functions VALUES
	('reception.register',	'受付簿',		'Reception register',		1, 62);
INSERT INTO role_functions (role, function) VALUES
	('clerk', 'reception.register'), ('supervisor', 'reception.register'),
	('auditor', 'reception.register');
