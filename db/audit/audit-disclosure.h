/*
 * Access disclosure (開示, SPEC §8, issue 20): every audit entry that names one holder,
 * for the resident who asks who looked at their data. This terminal's entries come from
 * its own log, marked when the central store does not have them yet; the other
 * terminals' entries are added from the central store (db/sync/sync-disclosure.c), the
 * same entry once however many places hold it.
 */
#ifndef AUDIT_DISCLOSURE_H
#define AUDIT_DISCLOSURE_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct disclosure_entry {
	char	*terminal_id;
	int64_t	 seq;
	char	*at;		/* UTC, as the log writes it */
	char	*tty;
	char	*user;
	char	*full_name;	/* from the account register; "" when unknown */
	char	*role;
	char	*role_ja;	/* the role's name in Japanese (disclosure_labels) */
	char	*role_en;
	char	*action;
	char	*target;	/* holder:ID, and what it was for (application:ID ...) */
	char	*result;
	char	*detail;
	int	 unsynced;	/* only this terminal has it so far */
};

struct disclosure {
	char			 holder_id[37];
	char			*holder_name;
	char			*from, *until;	/* UTC bounds, until excluded; NULL: open */
	struct disclosure_entry	*v;
	size_t			 n;
	int			 central;	/* 1: the office's entries are in; 0: not */
	char			*central_missing; /* why not, for the report */
};

/*
 * The holder's entries in this terminal's log (the holder must exist here). from and
 * until are dates (YYYY-MM-DD, local time, both included) or NULL.
 */
int	 disclosure_local(struct db *, const char *, const char *, const char *,
	    struct disclosure *, char **);
/* Adds an entry, taking its strings; disclosure_sort keeps one of two copies. */
void	 disclosure_add(struct disclosure *, struct disclosure_entry *);
/* An entry from a row of the log's columns (the local log, the store's kept answer). */
struct sqlite3_stmt;
void	 disclosure_entry_row(struct sqlite3_stmt *, struct disclosure_entry *);
/* The roles' names in both languages, from the role table (the same at every terminal). */
int	 disclosure_labels(struct db *, struct disclosure *, char **);
/* Oldest first, then by terminal and number, each (terminal, seq) once. */
void	 disclosure_sort(struct disclosure *);
void	 disclosure_clear(struct disclosure *);
/*
 * What an entry was for, from its target after "holder:ID" ("application:ID
 * registration:ID" as 「申請 ID、登録 ID」 in Japanese), allocated; "" when nothing more.
 */
char	*disclosure_purpose(const struct disclosure_entry *, int);

#endif
