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

/*
 * What a row keeps of its payload once the central store has it: all of it, but a My
 * Number's number, which the terminal keeps no longer than it must (SPEC §9). A My Number
 * row's payload as it was sent comes from outbox_full, which makes it for a row a bulk
 * import queued without one (the JSON null, migration 36); should the My Number be gone,
 * the row keeps what it had.
 */
#define OUTBOX_SENT_PAYLOAD_SQL \
	"CASE WHEN entity = 'mynumber' THEN coalesce(json_remove((SELECT f.payload FROM " \
	"outbox_full f WHERE f.seq = outbox.seq), '$.mynumber'), payload) ELSE payload END"

int	 outbox_append(struct db *, const char *, const char *, int64_t,
	    enum outbox_op, const char *, char **);
int64_t	 outbox_pending(struct db *);
/*
 * The row whose id is ?1 of json_sql, which selects (version, JSON payload), into the
 * outbox as entity's change (an update when update is set), in the caller's transaction.
 */
int	 outbox_append_row(struct db *, const char *, const char *, const char *, int,
	    char **);

#endif
