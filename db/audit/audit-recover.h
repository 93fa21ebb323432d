/*
 * The audit chain of a terminal restored from a backup (docs/sync.md, "A restored
 * terminal"; madoguchi-admin sync-recover). Everything that checks or rewrites the chain
 * for a recovery is here and in audit_entry_mac (audit.c), so that it can follow the
 * chain's key and head wherever they are kept.
 */
#ifndef AUDIT_RECOVER_H
#define AUDIT_RECOVER_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define AUDIT_MAC_BYTES	32

/* One entry as stored: the fields in the order they are MACed. */
struct audit_entry {
	int64_t	 seq;
	char	*field[9];	/* at terminal_id tty user role action target result detail */
	uint8_t	 prev_mac[AUDIT_MAC_BYTES];
	uint8_t	 mac[AUDIT_MAC_BYTES];
};

int	 audit_entry_mac(struct db *, const uint8_t *, int64_t, const char *const *,
	    uint8_t *);
int	 audit_entries_after(struct db *, int64_t, struct audit_entry **, size_t *,
	    char **);
int	 audit_entry_same(const struct audit_entry *, const struct audit_entry *);
int	 audit_recover_verify(struct db *, const uint8_t *, const struct audit_entry *,
	    size_t, int64_t *, char **);
int	 audit_recover_splice(struct db *, int64_t, const struct audit_entry *, size_t,
	    int64_t *, char **);
void	 audit_entries_free(struct audit_entry *, size_t);

#endif
