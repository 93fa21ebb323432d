#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "audit/audit-key.h"
#include "config-file.h"
#include "admin/dbopen.h"
#include "keyfile.h"
#include "xmalloc.h"

/*
 * The audit key and head beside the database key (audit-key.h). A tool that writes moves
 * an older database's key out of it; one that only reads uses them.
 */
int
dbopen_audit(struct db *db, const struct config *config, const char *key_path,
    enum audit_key_mode mode, char **cause)
{
	char	*audit_key, *audit_head;
	int	 rc;

	audit_key = config_beside_key(config->audit_key, key_path, "audit.key");
	audit_head = config_beside_key(config->audit_head, key_path, "audit.head");
	rc = audit_key_open(db, audit_key, audit_head, mode, cause);
	free(audit_key);
	free(audit_head);
	return rc;
}

/*
 * Paths given on the command line win over the configuration file, which wins over the
 * built-in defaults. The key lives only as long as the open takes.
 */
struct db *
dbopen_tool(const char *config_path, const char *db_path, const char *key_path,
    enum db_open_mode mode, char **cause)
{
	return dbopen_tool_err(config_path, db_path, key_path, mode, NULL, cause);
}

struct db *
dbopen_tool_err(const char *config_path, const char *db_path, const char *key_path,
    enum db_open_mode mode, enum db_error *err, char **cause)
{
	struct config	 config;
	struct key	*key;
	struct db	*db = NULL;

	if (config_open(&config, config_path, NULL, cause) != 0)
		goto out;
	if (key_path == NULL)
		key_path = config.key_path;
	key = key_new();
	if (key_load(key_path, key, cause) == 0)
		db = db_open(db_path != NULL ? db_path : config.db_path, key, mode, err,
		    cause);
	key_free(key);
	if (db != NULL)
		db_set_syncs(db, config_syncs(&config));
	if (db != NULL && dbopen_audit(db, &config, key_path, mode == DB_OPEN_READONLY ?
	    AUDIT_KEY_READ : AUDIT_KEY_MOVE, cause) != 0) {
		db_close(db);
		db = NULL;
	}
out:
	config_free(&config);
	return db;
}
