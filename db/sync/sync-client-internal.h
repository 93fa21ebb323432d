/*
 * What the sync client's files share (sync-client.c, sync-recover-client.c): reaching the
 * central store as this terminal, and saying what it answered.
 */
#ifndef SYNC_CLIENT_INTERNAL_H
#define SYNC_CLIENT_INTERNAL_H

#include <stdint.h>

#include <libpq-fe.h>

struct db;
struct sync_params;

PGconn	*central_connect(const struct sync_params *, char **);
char	*pq_message(const char *, PGconn *, PGresult *);
int	 check_identity(PGconn *, struct db *, const struct sync_params *, char **);
int64_t	 column_int64(PGresult *, int, int);

#endif
