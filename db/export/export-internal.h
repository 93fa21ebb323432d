/* What the files of db/export/ share and nobody else uses. */
#ifndef EXPORT_INTERNAL_H
#define EXPORT_INTERNAL_H

struct db;

/* A grant's row (a new version when update is set) into the outbox, in the caller's
 * transaction: what it allowed, never the holders' ids nor the certificate itself. */
int	 export_grant_to_outbox(struct db *, const char *, int, char **);
/* An export register entry into the outbox, once, as it was made. */
int	 export_record_to_outbox(struct db *, const char *, char **);

#endif
