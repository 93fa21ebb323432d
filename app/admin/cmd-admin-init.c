/*
 * madoguchi-admin init: creates the database key (if none exists) and a new, empty
 * encrypted database for this terminal; with --first-supervisor, also the one account
 * that needs no approval (on a new or an existing database).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "admin/admin.h"
#include "admin/dbopen.h"
#include "config-file.h"
#include "i18n.h"
#include "keyfile.h"
#include "xmalloc.h"

static int	cmd_init_exec(int, char **);

const struct admin_cmd admin_cmd_init = {
	.name = "init",
	.usage = "--terminal-id ID [--first-supervisor USER --full-name NAME [--force]] "
	    "[--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("create the key (if missing) and a new encrypted database"),
	.exec = cmd_init_exec,
};

static int
valid_terminal_id(const char *id)
{
	size_t	 i, len = strlen(id);

	if (len == 0 || len > 32)
		return 0;
	for (i = 0; i < len; i++) {
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') ||
		    (id[i] >= '0' && id[i] <= '9') || id[i] == '-' || id[i] == '_'))
			return 0;
	}
	return 1;
}

/*
 * A new database gets a new audit key and head unless a key file is there already (like
 * the database key). A head file left by an earlier database would make the new log look
 * cut: it is kept under another name, as evidence, and said so.
 */
static int
init_audit_files(struct db *db, const struct config *config, const char *key_path,
    char **cause)
{
	char	*head, *old;
	int	 rc = 0;

	head = config_beside_key(config->audit_head, key_path, "audit.head");
	if (access(head, F_OK) == 0) {
		xasprintf(&old, "%s.%lld", head, (long long)time(NULL));
		if (rename(head, old) != 0) {
			xasprintf(cause, _("cannot move the audit head file %s of an earlier "
			    "database aside: %s"), head, strerror(errno));
			rc = -1;
		} else
			printf(_("kept the audit head of an earlier database as %s\n"), old);
		free(old);
	}
	free(head);
	if (rc == 0)
		rc = dbopen_audit(db, config, key_path, AUDIT_KEY_MOVE, cause);
	return rc;
}

static int
cmd_init_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "terminal-id", required_argument, NULL, 't' },
		{ "first-supervisor", required_argument, NULL, 's' },
		{ "full-name", required_argument, NULL, 'n' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct config		 config;
	struct key		*key;
	struct db		*db = NULL;
	const char		*terminal_id = NULL, *db_path, *key_path;
	const char		*supervisor = NULL, *full_name = NULL;
	struct actor		 who;
	char			*cause = NULL;
	int			 ch, rc = ADMIN_EXIT_OPEN, made_key = 0, force = 0;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS "t:s:n:f", longopts,
	    NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		if (ch == 't')
			terminal_id = optarg;
		else if (ch == 's')
			supervisor = optarg;
		else if (ch == 'n')
			full_name = optarg;
		else if (ch == 'f')
			force = 1;
		else if (ch == 'h') {
			admin_usage(&admin_cmd_init, stdout);
			return ADMIN_EXIT_OK;
		} else {
			admin_usage(&admin_cmd_init, stderr);
			return ADMIN_EXIT_USAGE;
		}
	}
	if (optind != argc || (terminal_id == NULL && supervisor == NULL) ||
	    (supervisor != NULL) != (full_name != NULL)) {
		admin_usage(&admin_cmd_init, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if (terminal_id != NULL && !valid_terminal_id(terminal_id)) {
		fprintf(stderr, _("%s: terminal id must be 1 to 32 letters, digits, "
		    "'-' or '_'\n"), program_invocation_short_name);
		return ADMIN_EXIT_USAGE;
	}

	/*
	 * The supervisor logs in through PAM with their Linux account: a name the system does
	 * not know would make an account nobody can use, and the one first supervisor could
	 * not be made again. --force is for accounts PAM finds where NSS does not look.
	 */
	if (supervisor != NULL && !force && getpwnam(supervisor) == NULL) {
		fprintf(stderr, _("%s: there is no user \"%s\" on this machine "
		    "(getent passwd %s finds nothing). Make the Linux account first (adduser %s), "
		    "or give --force if PAM knows it from elsewhere. Nothing was created.\n"),
		    program_invocation_short_name,
		    supervisor, supervisor, supervisor);
		return ADMIN_EXIT_FAIL;
	}
	if (config_open(&config, o.config, &o.config, &cause) != 0)
		goto out;
	db_path = o.db != NULL ? o.db : config.db_path;
	key_path = o.key != NULL ? o.key : config.key_path;

	/* Only the first supervisor is added to an existing database. */
	if (terminal_id == NULL || (supervisor != NULL && access(db_path, F_OK) == 0)) {
		if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL)
			goto out;
		rc = ADMIN_EXIT_FAIL;
		goto add_supervisor;
	}

	key = key_new();
	if (access(key_path, F_OK) == 0) {
		if (key_load(key_path, key, &cause) != 0) {
			key_free(key);
			goto out;
		}
	} else if (key_generate(key, &cause) != 0 || key_save(key_path, key, &cause) != 0) {
		key_free(key);
		goto out;
	} else
		made_key = 1;
	db = db_open(db_path, key, DB_OPEN_CREATE, NULL, &cause);
	key_free(key);
	if (db == NULL) {
		if (made_key)
			unlink(key_path);
		goto out;
	}
	chmod(db_path, 0600);
	rc = ADMIN_EXIT_FAIL;
	if (init_audit_files(db, &config, key_path, &cause) != 0)
		goto out;
	if (db_set_terminal_id(db, terminal_id, &cause) != 0)
		goto out;
	if (admin_audit(db, "admin.init", "", terminal_id) != 0)
		goto out;
	if (made_key)
		printf(_("created key %s\n"), key_path);
	printf(_("created database %s for terminal %s (schema version %d)\n"), db_path,
	    terminal_id, db_schema_version(db));

add_supervisor:
	if (supervisor != NULL) {
		admin_actor(&who);
		if (account_first_supervisor(db, &who, supervisor, full_name, &cause) != 0)
			goto out;
		printf(_("created the first supervisor account: %s (%s)\n"), supervisor,
		    full_name);
	}
	rc = ADMIN_EXIT_OK;
out:
	if (cause != NULL) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
	}
	db_close(db);
	config_free(&config);
	return rc;
}
