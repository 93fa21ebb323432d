/*
 * Changes of an account (issue 31): roles, procedures (事務), the My Number permission
 * and the validity change only by a request that another supervisor approves, with its
 * reason; the register keeps each change with the values before and after. A revoked or
 * rejected account is not changed: its name is requested again (a new period).
 */
#ifndef ACCOUNT_CHANGES_H
#define ACCOUNT_CHANGES_H

#include <stddef.h>

#include "audit/audit.h"

struct db;

/* What a request changes: NULL (or mynumber_allowed -1) leaves the item as it is. */
struct account_change_request {
	const char	*user_name;
	const char	*roles;
	const char	*procedures;
	int		 mynumber_allowed;
	const char	*valid_from;
	const char	*valid_until;
	const char	*reason_code;	/* transfer leave return duties retire correction other */
	const char	*reason;
};

struct account_change {
	char	 id[37];
	char	*user_name;
	char	*roles;			/* NULL: unchanged, and so on */
	char	*procedures;
	char	*valid_from;
	char	*valid_until;
	int	 mynumber_allowed;	/* -1: unchanged */
	char	*reason_code;
	char	*reason;
	char	*status;
	char	*requested_by;
	char	*requested_at;
	char	*decided_by;
	char	*decided_at;
	char	*decision_comment;
	char	*before;		/* the account's values when approved (JSON) */
};

int	 account_change_request(struct db *, const struct actor *,
	    const struct account_change_request *, char *, char **);
/* Approves (approve 1) or rejects a requested change; approving applies it. */
int	 account_change_decide(struct db *, const struct actor *, const char *, int,
	    const char *, char **);
/* Every change, newest first; pending_only: those awaiting a decision. */
int	 account_changes_list(struct db *, int, struct account_change **, size_t *, char **);
void	 account_changes_free(struct account_change *, size_t);
/* "roles clerk → clerk supervisor; valid until 2027-03-31 → 2026-12-31" (allocated). */
char	*account_change_describe(struct db *, const struct account_change *);

/* Why an account changes: "1 人事異動 2 休職 ..." in the reader's words (allocated). */
char	*account_change_reason_choices(void);
/* A typed reason (its number, code or words) as its code; anything else as typed. */
const char *account_change_reason_read(const char *);
/* A reason's code in the reader's words, or the code when unknown. */
const char *account_change_reason_label(const char *);

#endif
