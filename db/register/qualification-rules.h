/*
 * Cross-field rules per qualification (issue 25), as data in qualification_rules: the
 * youngest age at the application date and the years the qualification's examination was
 * held. Checked where the order of the dates is (registration_dates_check and the filing
 * of registrations and of their corrections), after it.
 */
#ifndef QUALIFICATION_RULES_H
#define QUALIFICATION_RULES_H

struct db;

/*
 * The rules of qualification (a code) for an applicant born on birth (or, NULL, the
 * register's birth date of holder_id) applying on applied, with exam (a year or "" or
 * NULL). Dates are ISO, as reg_check normalises them. 0, or -1 with *cause naming the rule
 * ("the applicant is 15 on the application date (2020-04-01); Dietitian needs 18").
 * A qualification without a row has no rule.
 */
int	 qualification_rules_check(struct db *, const char *, const char *, const char *,
	    const char *, const char *, char **);

#endif
