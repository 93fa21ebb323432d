-- 交付拒否 (issue 25): the refusals of registration applications for persons not on the
-- register (table refusals, 0030) are read on a list of their own. Their dates and reasons
-- are 要配慮: the list also needs register.sensitive, which the data layer checks; this
-- function only puts the list in the menus of the roles that hold it.
INSERT INTO functions VALUES
	('register.refusals',	'交付拒否の記録',	'Refusals (交付拒否)',		1, 17);
INSERT INTO role_functions (role, function) VALUES ('supervisor', 'register.refusals');
