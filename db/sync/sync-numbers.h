/*
 * Certificate number blocks and the central store (SPEC §6): leasing blocks, and
 * registering the blocks an administrator adds by hand, so that a terminal of an office
 * hands out only numbers the store knows are its own (push() refuses any other).
 */
#ifndef SYNC_NUMBERS_H
#define SYNC_NUMBERS_H

#include <stdint.h>

#include <libpq-fe.h>

struct actor;
struct db;
struct sync_params;
struct sync_report;

int	 sync_numbers_topup(PGconn *, struct db *, const struct sync_params *,
	    struct sync_report *, char **);
int	 sync_receptions_topup(PGconn *, struct db *, const struct sync_params *,
	    struct sync_report *, char **);
int	 sync_numbers_register(PGconn *, struct db *, const struct actor *,
	    struct sync_report *, char **);
/*
 * The blocks leased to this terminal that the store has lost (a failover to a standby that
 * was behind, a restore of the store): given back to it, or, when it refuses one, closed
 * here. Before the push, whose registrations and receptions carry their numbers.
 */
int	 sync_numbers_restore(PGconn *, struct db *, const struct actor *,
	    struct sync_report *, char **);
int	 sync_register_block(const struct sync_params *, const char *, int64_t, int64_t,
	    char **);
int	 sync_lease_block(struct db *, const struct sync_params *, int, char **);
int	 sync_lease_receptions(struct db *, const struct sync_params *, int, char **);

#endif
