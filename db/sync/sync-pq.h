/* What the files of the sync client share: the connection and libpq's answers (libsync). */
#ifndef SYNC_PQ_H
#define SYNC_PQ_H

#include <stdint.h>

#include <libpq-fe.h>

struct sync_params;

PGconn	*sync_connect(const struct sync_params *, char **);
char	*sync_pq_message(const char *, PGconn *, PGresult *);
int64_t	 sync_column_int64(PGresult *, int, int);

#endif
