/*
 * Accounts (SPEC §1, §3): requested, decided by a different supervisor, revoked; kept for
 * ever in the account register. The role→function table decides what each may do, and
 * every action asks it here, not only the menu.
 */
#ifndef ACCOUNTS_H
#define ACCOUNTS_H

#include <stddef.h>

#include "audit/audit.h"

struct db;

struct account_login {
	char	 id[37];
	char	 roles[128];		/* space-separated */
	char	 full_name[128];
	int	 mynumber_allowed;
};

struct account_request {
	const char	*user_name;
	const char	*full_name;
	const char	*roles;		/* space-separated role names */
	const char	*procedures;
	const char	*reason;	/* 必要性 */
	const char	*valid_from;	/* YYYY-MM-DD */
	const char	*valid_until;
	int		 mynumber_allowed;
	/*
	 * A contractor (委託先, issue 31): the supervising account, and the local time the
	 * account ends (YYYY-MM-DDTHH:MM, within 30 days); NULL for staff.
	 */
	const char	*supervised_by;
	const char	*expires_at;
};

struct account {
	char	 id[37];
	char	*user_name;
	char	*full_name;
	char	*roles;
	char	*procedures;
	char	*reason;
	char	*valid_from;
	char	*valid_until;
	char	*origin;
	char	*status;
	char	*requested_by;
	char	*requested_at;
	char	*decided_by;
	char	*decided_at;
	char	*decision_comment;
	char	*revoked_by;
	char	*revoked_at;
	char	*revoke_reason;
	char	*last_login_at;
	int	 mynumber_allowed;
	char	*supervised_by;		/* a contractor's supervising account, or NULL */
	char	*expires_at;		/* a contractor's end (local time), or NULL */
};

/* Which accounts account_list returns. */
enum account_filter {
	ACCOUNTS_ALL,
	ACCOUNTS_PENDING,	/* requested, awaiting a decision */
	ACCOUNTS_REVIEW,	/* active but expired or unused for account_idle_days */
};

int	 account_login_check(struct db *, const char *, struct account_login *, char **);
int	 account_note_login(struct db *, const char *, char **);
int	 account_request(struct db *, const struct actor *, const struct account_request *,
	    char *, char **);
int	 account_decide(struct db *, const struct actor *, const char *, int, const char *,
	    char **);
int	 account_revoke(struct db *, const struct actor *, const char *, const char *,
	    char **);
/*
 * The account's earlier periods (ended when its name was requested again), one line each,
 * oldest first: "2026-04-01 – 2026-11-30 clerk: revoked by suzuki (退職)". Allocated;
 * an empty string when there are none.
 */
char	*account_periods_text(struct db *, const char *, int);
int	 account_first_supervisor(struct db *, const struct actor *, const char *,
	    const char *, char **);
int	 account_list(struct db *, enum account_filter, int, struct account **, size_t *,
	    char **);
void	 account_list_free(struct account *, size_t);

/*
 * Whether who may type, see or approve a My Number (the account's My Number permission;
 * root at the shell has it). 0, or -1 with *cause and the refusal audited as action on
 * target (issue 31: "typing or approving a My Number in any form needs it").
 */
int	 account_mynumber_require(struct db *, const struct actor *, const char *,
	    const char *, char **);
int	 rolefn_allowed(struct db *, const char *, const char *);
char	*role_labels(struct db *, const char *);
int	 rolefn_require(struct db *, const struct actor *, const char *, char **);

struct rolefn_row {
	char	 role[32];
	char	 function[48];
	char	 label[128];
	int	 allowed;
	int	 personal_data;
};
int	 rolefn_table(struct db *, int, struct rolefn_row **, size_t *, char **);
int	 rolefn_for_user(struct db *, const char *, int, struct rolefn_row **, size_t *,
	    char **);

#endif
