/*
 * The sync outbox: each data-access function that changes synced data calls
 * outbox_append inside the same transaction, so a change and its outbox row are
 * committed or lost together.
 */
#ifndef OUTBOX_H
#define OUTBOX_H

#include <stdint.h>

struct db;

enum outbox_op {
	OUTBOX_INSERT,
	OUTBOX_UPDATE,
	OUTBOX_DELETE,
};

int	 outbox_append(struct db *, const char *, const char *, int64_t,
	    enum outbox_op, const char *, char **);
int64_t	 outbox_pending(struct db *);

#endif
