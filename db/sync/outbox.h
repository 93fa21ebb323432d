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
 * Number's number, which the terminal keeps no longer than it must (SPEC §9); a My Number
 * row a bulk import queued without a payload (the JSON null, migration 36) gets the rest
 * of it here, and keeps the marker should the My Number be gone (the push refuses it).
 */
#define OUTBOX_SENT_PAYLOAD_SQL \
	"CASE WHEN entity = 'mynumber' THEN coalesce(json_remove(CASE WHEN payload <> " \
	"'null' THEN payload ELSE (SELECT p.payload FROM mynumber_payloads p WHERE " \
	"p.holder_id = outbox.entity_id) END, '$.mynumber'), payload) ELSE payload END"

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
