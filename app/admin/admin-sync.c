/*
 * What the subcommands that talk to the central store share (madoguchi-admin only, which
 * links the sync client): the configuration's sync settings, or a message saying what to
 * set.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/evp.h>

#include "admin/admin.h"
#include "admin/admin-sync.h"
#include "config-file.h"
#include "db.h"
#include "i18n.h"
#include "sync/sync-sign.h"

/*
 * Loads the configuration and the sync parameters of a terminal that syncs: -1 when they
 * are there (free config after use), else the exit status, the message written.
 */
int
admin_sync_config(const struct admin_db_opts *o, struct config *config,
    struct sync_params *p)
{
	const char	*path;
	char		*cause = NULL;

	if (config_open(config, o->config, &path, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		config_free(config);
		return ADMIN_EXIT_OPEN;
	}
	if (!config_syncs(config)) {
		fprintf(stderr, _("%s: sync is not configured: set sync_host, "
		    "sync_user and the certificate files in %s\n"), program_invocation_short_name,
		    path != NULL ? path : CONFIG_DEFAULT_PATH);
		config_free(config);
		return ADMIN_EXIT_FAIL;
	}
	sync_params_from_config(p, config);
	return -1;
}

int
admin_sync_open(const struct admin_db_opts *o, const char *name, struct config *config,
    struct sync_params *p, struct db **db)
{
	char	*cause = NULL;
	int	 rc;

	*db = NULL;
	if ((rc = admin_sync_config(o, config, p)) != -1)
		return rc;
	if ((p->sign_key = sync_sign_key_load(config->sync_signing_key, &cause)) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, name, cause);
		free(cause);
		config_free(config);
		return ADMIN_EXIT_OPEN;
	}
	if ((*db = admin_open(o, DB_OPEN_EXISTING)) == NULL) {
		EVP_PKEY_free(p->sign_key);
		config_free(config);
		return ADMIN_EXIT_OPEN;
	}
	return -1;
}

void
admin_sync_close(struct config *config, struct sync_params *p, struct db *db)
{
	if (db != NULL)
		db_close(db);
	EVP_PKEY_free(p->sign_key);
	config_free(config);
}
