/*
 * The holder screen's way to the office's entries of a disclosure (開示, issue 20): only
 * the background sync process can reach the central store, so the screen files a request
 * in the database and collects the answer that process leaves there (see
 * db/migrations/0014-disclosure-requests.sql and sync_disclosure_serve).
 */
#ifndef AUDIT_DISCLOSURE_REQUEST_H
#define AUDIT_DISCLOSURE_REQUEST_H

#include <stdint.h>

struct db;
struct disclosure;

/* Seconds after which the sync process drops a request nobody collected. */
#define DISCLOSURE_REQUEST_MAX_AGE	600

/* Files a request for d's holder and period; *id gets its number. */
int	 disclosure_request(struct db *, const struct disclosure *, const char *,
	    int64_t *, char **);
/*
 * 1 when the request was answered: the office's entries are added to d (d->central 1),
 * or d->central_missing says why the store did not give them; the request is gone then.
 * 0 while it waits; -1 on an error (or when the request is gone: dropped as too old).
 */
int	 disclosure_collect(struct db *, int64_t, struct disclosure *, char **);
/* Deletes a request not collected (the person went on without the store's entries). */
void	 disclosure_withdraw(struct db *, int64_t);

#endif
