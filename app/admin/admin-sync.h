/* The sync settings for madoguchi-admin's subcommands that talk to the central store. */
#ifndef ADMIN_SYNC_H
#define ADMIN_SYNC_H

#include "sync/sync-client.h"

struct admin_db_opts;
struct config;

int	 admin_sync_config(const struct admin_db_opts *, struct config *,
	    struct sync_params *);

#endif
