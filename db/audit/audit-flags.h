/*
 * Unusual-use flags (SPEC §8): computed from this terminal's audit log by the rules of
 * audit-rules.h, one set-based query per rule over a period of local dates. A flag groups
 * the entries that raised it (a user's day, a burst, a terminal's failed logins), says
 * which rule and why, and is acknowledged by a supervisor with the follow-up taken.
 */
#ifndef AUDIT_FLAGS_H
#define AUDIT_FLAGS_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"

struct actor;
struct db;
struct office_hours;

struct audit_flag {
	char	 rule[32];
	char	*rule_label;
	char	*subject;		/* the user; the terminal for failed logins */
	char	 day[11];		/* local date of the first entry */
	int64_t	 entries;
	int64_t	 first_seq, last_seq;
	char	 first_at[CLOCK_ISO_SIZE];	/* as the log stores them (UTC) */
	char	 last_at[CLOCK_ISO_SIZE];
	char	*reason;		/* why, in the reader's language */
	int	 acked;			/* an acknowledgement covers every entry */
	char	*acked_by;
	char	*ack_comment;
};

/* A period of local dates, both included: checked, or a message. */
int	 audit_period_check(const char *, const char *, char **);
void	 audit_today(char [11]);

/*
 * The flags of the period from..to. Rule names and reasons are in Japanese when japanese
 * is set, and the reasons give days in the era when era is set (the reader's date_style).
 * No access check and no audit entry: for the sign-off and the benchmark.
 */
int	 audit_flags_compute(struct db *, const struct office_hours *, const char *,
	    const char *, int, int, struct audit_flag **, size_t *, char **);
/* For a supervisor or an auditor (function audit.flags); audited. */
int	 audit_flags_list(struct db *, const struct actor *, const struct office_hours *,
	    const char *, const char *, int, int, struct audit_flag **, size_t *, char **);
void	 audit_flags_free(struct audit_flag *, size_t);
/* A supervisor (function audit.signoff) acknowledges a flag with the follow-up taken. */
int	 audit_flag_ack(struct db *, const struct actor *, const struct audit_flag *,
	    const char *, char **);
/* Whether comment is one a sign-off or an acknowledgement may carry; else a message. */
int	 audit_comment_check(const char *, char **);

#endif
