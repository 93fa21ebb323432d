/* The sync settings for madoguchi-admin's subcommands that talk to the central store. */
#ifndef ADMIN_SYNC_H
#define ADMIN_SYNC_H

#include "sync/sync-client.h"

struct admin_db_opts;
struct config;

int	 admin_sync_config(const struct admin_db_opts *, struct config *,
	    struct sync_params *);
/*
 * The same, then the batch-signing key into the parameters and the database opened: -1
 * when all are there (free them with admin_sync_close), else the exit status, the message
 * written under the subcommand's name.
 */
int	 admin_sync_open(const struct admin_db_opts *, const char *, struct config *,
	    struct sync_params *, struct db **);
void	 admin_sync_close(struct config *, struct sync_params *, struct db *);

#endif
