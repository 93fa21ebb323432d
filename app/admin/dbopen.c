#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "config-file.h"
#include "admin/dbopen.h"
#include "keyfile.h"
#include "xmalloc.h"

/*
 * Paths given on the command line win over the configuration file, which wins over the
 * built-in defaults. The key lives only as long as the open takes.
 */
struct db *
dbopen_tool(const char *config_path, const char *db_path, const char *key_path,
    enum db_open_mode mode, char **cause)
{
	struct config	 config;
	struct key	*key;
	struct db	*db = NULL;

	if (config_open(&config, config_path, NULL, cause) != 0)
		goto out;
	key = key_new();
	if (key_load(key_path != NULL ? key_path : config.key_path, key, cause) == 0)
		db = db_open(db_path != NULL ? db_path : config.db_path, key, mode, NULL,
		    cause);
	key_free(key);
out:
	config_free(&config);
	return db;
}
