/*
 * The self-inspection report's office-wide part (issue 23) from the central store,
 * through madoguchi.self_inspection(), which answers for the caller's office only: its
 * terminals, every terminal's accounts, and every terminal's backups and restore tests of
 * the period. Columns as that function documents (db/central/02-functions.sql).
 */
#ifndef SYNC_INSPECTION_H
#define SYNC_INSPECTION_H

#include <stddef.h>

struct db;
struct sync_params;

struct central_row {
	char	*kind;		/* terminal, account, backup, restore */
	char	*terminal;
	char	*col[7];	/* a-g */
};

int	 sync_inspection_fetch(struct db *, const struct sync_params *, const char *,
	    const char *, struct central_row **, size_t *, char **);
void	 central_rows_free(struct central_row *, size_t);

#endif
