/*
 * The sync client (SPEC §10): libpq over TLS with the terminal's client certificate
 * (sslmode=verify-full), calling the central store's functions push, pull, push_audit
 * and lease_numbers. One sync_run is one cycle: push the outbox, pull the office log,
 * push the audit chain, top up certificate numbers. Each step commits locally only after
 * the central store committed, so a cycle cut anywhere loses and duplicates nothing.
 */
#ifndef SYNC_CLIENT_H
#define SYNC_CLIENT_H

#include <signal.h>

#include <stdint.h>

#include <openssl/types.h>

#include "sync/sync-recover.h"
#include "sync/sync-store.h"

struct actor;
struct config;
struct db;

struct sync_params {
	const char		*host;
	const char		*read_host;	/* a standby for pulls; NULL or "": host */
	int			 port;
	const char		*dbname;
	const char		*user;
	const char		*cert;
	const char		*key;
	const char		*ca;
	EVP_PKEY		*sign_key;	/* required; the caller loads it (sync-sign.h) */
	int			 connect_timeout;
	int			 batch_size;	/* pushed changes and audit entries a batch */
	int			 pull_batch_size;	/* pulled changes a batch */
	int			 max_clock_skew;
	int			 numbers_low;	/* lease a block below this many left */
	int			 numbers_block;
	struct sync_options	 opts;
	/* Set (by a signal handler) to end the cycle at the next batch; NULL: never. */
	volatile sig_atomic_t	*cancel;
};

struct sync_report {
	int64_t			 pushed;	/* changes acknowledged by the central store */
	int64_t			 push_conflicts;
	int64_t			 pulled;	/* office-log rows read */
	struct sync_apply_stats	 pull;
	int64_t			 audit_sent;
	int64_t			 numbers_leased;
	int64_t			 receptions_leased;	/* reception numbers, all years */
	int64_t			 blocks_restored;	/* leased blocks the store had lost */
	int64_t			 blocks_refused;	/* ... and would not take back */
	struct sync_rewound	 rewound;	/* what the store had lost, sent again */
	char			 read_from[256];	/* where the pull read, when not host */
	int			 online;	/* the central store was reached */
	double			 push_seconds;	/* wall time of each step */
	double			 pull_seconds;
	double			 audit_seconds;
};

void	 sync_params_from_config(struct sync_params *, const struct config *);
int	 sync_run(struct db *, const struct sync_params *, const struct actor *,
	    struct sync_report *, char **);
int	 sync_recover(struct db *, const struct sync_params *, const struct actor *, int,
	    struct sync_recover_plan *, char **);

#endif
