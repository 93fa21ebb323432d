/*
 * Office hours as the configuration gives them (office_hours = "08:30-17:15 mon-fri"):
 * what the unusual-use flags call "outside office hours" (db/audit/audit-flags.c), with
 * the holidays the database holds.
 */
#ifndef OFFICE_HOURS_H
#define OFFICE_HOURS_H

struct office_hours {
	int		 start_min;	/* minutes after midnight, local time: open from */
	int		 end_min;	/* closed from */
	unsigned	 days;		/* bit d for weekday d, 0 = Sunday (strftime %w) */
	char		 text[64];	/* as configured, for messages and sign-offs */
};

int	 office_hours_parse(const char *, struct office_hours *, char **);

#endif
