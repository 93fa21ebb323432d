/*
 * Reading the audit log for review (SPEC §8): filtered pages, newest first, and one entry
 * with the holder it names. Reading is itself audited: opening the log (audit.view), each
 * filter applied (audit.filter) and each entry opened (audit.entry.view); every call first
 * asks the role→function table for 'audit.review'.
 *
 * The review of unusual use and the disclosure report build on the same filter and page.
 */
#ifndef AUDIT_QUERY_H
#define AUDIT_QUERY_H

#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;

/*
 * What the reviewer typed; NULL or "" means any. Everything is compared exactly as typed:
 * '%', '_', quotes and backslashes are characters like any other.
 */
struct audit_filter {
	const char	*user;
	const char	*role;
	const char	*group;		/* audit-groups.h */
	const char	*result;	/* "ok", "denied" or "failed" */
	const char	*terminal;	/* the terminal id or the tty */
	const char	*from;		/* a local date in any form valid_date takes */
	const char	*until;		/* the same, inclusive */
	const char	*holder_id;	/* a holder of the register */
};

/* One entry as read for review; the strings are allocated. */
struct audit_row {
	int64_t	 seq;
	char	*at;		/* UTC, ISO 8601, as stored */
	char	*terminal_id;
	char	*tty;
	char	*user;
	char	*role;
	char	*action;
	char	*target;
	char	*result;
	char	*detail;
	char	*holder_id;	/* the "holder:ID" its target begins with, or NULL */
	char	*holder_name;	/* audit_entry_get only: from the register, or NULL */
};

/* Where the next page starts: after this entry in newest-first order; seq 0: the newest. */
struct audit_cursor {
	char	 at[40];
	int64_t	 seq;
};

struct audit_query;

int	 audit_review_open(struct db *, const struct actor *, struct audit_query **,
	    char **);
int	 audit_query_new(struct db *, const struct actor *, const struct audit_filter *,
	    struct audit_query **, char **);
void	 audit_query_free(struct audit_query *);
/* The filter in one line, e.g. "user=tanaka group=juki from=2026-01-01T00:00:00Z". */
const char *audit_query_describe(const struct audit_query *);
int	 audit_query_page(struct db *, const struct actor *, struct audit_query *,
	    const struct audit_cursor *, int, struct audit_row **, size_t *, int *, char **);
int	 audit_entry_get(struct db *, const struct actor *, int64_t, struct audit_row *,
	    char **);
void	 audit_row_clear(struct audit_row *);
void	 audit_rows_free(struct audit_row *, size_t);

#endif
