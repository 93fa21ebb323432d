/*
 * Changes of the role→function table (issue 31): a supervisor requests that a role get
 * or lose a function, another approves; the approval changes the table here and, synced,
 * on every terminal of the office.
 */
#ifndef ROLEFN_CHANGES_H
#define ROLEFN_CHANGES_H

#include <stddef.h>

#include "audit/audit.h"

struct db;

struct rolefn_change {
	char	 id[37];
	char	 role[32];
	char	 function[48];
	int	 allow;			/* 1 grant, 0 withdraw */
	char	*reason;
	char	*status;
	char	*requested_by;
	char	*decided_by;
};

int	 rolefn_change_request(struct db *, const struct actor *, const char *, const char *,
	    int, const char *, char *, char **);
int	 rolefn_change_decide(struct db *, const struct actor *, const char *, int,
	    const char *, char **);
/* The changes that wait for a decision, oldest first. */
int	 rolefn_changes_pending(struct db *, struct rolefn_change **, size_t *, char **);
void	 rolefn_changes_free(struct rolefn_change *, size_t);

#endif
