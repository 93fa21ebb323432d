/*
 * What the files of the sync client share (sync-client.c, sync-numbers.c,
 * sync-recover-client.c): reaching the central store as this terminal, and saying what it
 * answered.
 */
#ifndef SYNC_PQ_H
#define SYNC_PQ_H

#include <stdint.h>

#include <libpq-fe.h>

struct db;
struct sync_params;

PGconn	*sync_connect(const struct sync_params *, char **);
int	 sync_check_identity(PGconn *, struct db *, const struct sync_params *, double *,
	    char **);
char	*sync_pq_message(const char *, PGconn *, PGresult *);
int64_t	 sync_column_int64(PGresult *, int, int);

#endif
