/*
 * The evidence that the log was read (ログ確認記録, SPEC §8 and §14): a supervisor signs
 * off a period of local dates of this terminal's log, with a comment, once every flag of
 * the period is acknowledged. Sign-offs and acknowledgements are kept for ever (triggers
 * refuse UPDATE and DELETE), synced to the central store, and listed for the auditor.
 */
#ifndef AUDIT_REVIEWS_H
#define AUDIT_REVIEWS_H

#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;
struct office_hours;

struct audit_review {
	char	 id[37];
	char	*terminal_id;		/* where it was signed */
	char	*period_from, *period_to;
	char	*terminals;		/* whose logs it covers */
	int64_t	 flags;			/* the period's flags, each acknowledged */
	char	*rules;			/* the rules in force (audit_rules_summary) */
	char	*office_hours;
	char	*comment;
	char	*signed_by, *signed_at;
};

struct audit_ack {
	char	 id[37];
	char	*terminal_id;		/* whose log the flag was in */
	char	*rule, *subject;
	char	*first_at, *last_at;
	int64_t	 entries;
	char	*reason, *comment;
	char	*acked_by, *acked_at;
};

int	 audit_review_sign(struct db *, const struct actor *, const struct office_hours *,
	    const char *, const char *, const char *, const char *, char [37], char **);
/* Every sign-off and acknowledgement, newest first; no access check (the callers'). */
int	 audit_reviews_read(struct db *, struct audit_review **, size_t *, char **);
int	 audit_acks_read(struct db *, struct audit_ack **, size_t *, char **);
/* The same for a supervisor or an auditor (function audit.reviews); audited. */
int	 audit_reviews_list(struct db *, const struct actor *, struct audit_review **,
	    size_t *, struct audit_ack **, size_t *, char **);
void	 audit_reviews_free(struct audit_review *, size_t);
void	 audit_acks_free(struct audit_ack *, size_t);

#endif
