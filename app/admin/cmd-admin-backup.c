/*
 * madoguchi-admin backup [--to DIR]: an encrypted copy of the terminal database under a
 * separate backup key, and its manifest (SPEC §7, §9). Without --to, into backup_dir,
 * where the retention rule of backups erases those beyond the backup_keep newest.
 *
 * The backup key is not the database key: a backup carried off the terminal must not
 * open the terminal's database, and the database key can be rotated without making old
 * backups unreadable. The key file is made (0600) on first use; keeping a copy of it off
 * the terminal is the sysadmin's job, and the command says so.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin/admin.h"
#include "backup/backup-manifest.h"
#include "backup/backup.h"
#include "config-file.h"
#include "i18n.h"
#include "keyfile.h"
#include "xmalloc.h"

static int	cmd_backup_exec(int, char **);
static int	backup_dir_ok(const char *, char **);

const struct admin_cmd admin_cmd_backup = {
	.name = "backup",
	.usage = "[--to DIR] [--backup-key PATH] [--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("write an encrypted backup and its manifest into DIR"),
	.exec = cmd_backup_exec,
};

/* An existing directory we can write: a typo must not scatter backups elsewhere. */
static int
backup_dir_ok(const char *dir, char **cause)
{
	struct stat	 sb;

	if (stat(dir, &sb) != 0) {
		xasprintf(cause, _("backup directory %s: %s"), dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		xasprintf(cause, _("backup directory %s is not a directory"), dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		xasprintf(cause, _("backup directory %s is not writable: %s"), dir,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * A backup and its manifest belong to the directory's owner (backup_dir is the desk
 * user's, made by the package): the retention rule of backups, approved at the desk,
 * overwrites and removes them there. They are encrypted under the backup key, which stays
 * root's, so that user can erase them but never read them.
 */
static int
backup_owner(const char *dir, const char *path, const char *mpath, char **cause)
{
	struct stat	 sb;

	if (geteuid() != 0 || stat(dir, &sb) != 0 || sb.st_uid == 0)
		return 0;
	if (chown(path, sb.st_uid, sb.st_gid) != 0 || chown(mpath, sb.st_uid, sb.st_gid) != 0) {
		xasprintf(cause, _("cannot give the backup to the owner of %s: %s"), dir,
		    strerror(errno));
		return -1;
	}
	return 0;
}

static int
cmd_backup_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "to", required_argument, NULL, 't' },
		{ "backup-key", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct config		 config;
	struct manifest		 m;
	struct db		*db = NULL;
	struct key		*bkey = NULL, *dbkey = NULL;
	const char		*dir = NULL, *bkey_path = BACKUP_KEY_DEFAULT_PATH;
	char			*db_path = NULL, *key_path = NULL, *path = NULL;
	char			*mpath = NULL, *cause = NULL, *detail = NULL, stamp[32];
	struct tm		 tm;
	time_t			 now;
	int			 ch, rc = ADMIN_EXIT_OPEN, created, i, have_config = 0;

	memset(&o, 0, sizeof o);
	memset(&m, 0, sizeof m);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS "t:b:", longopts,
	    NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		if (ch == 't')
			dir = optarg;
		else if (ch == 'b')
			bkey_path = optarg;
		else {
			admin_usage(&admin_cmd_backup, ch == 'h' ? stdout : stderr);
			return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		admin_usage(&admin_cmd_backup, stderr);
		return ADMIN_EXIT_USAGE;
	}
	/* Without --to: backup_dir, where the retention rule of backups looks (it exists). */
	if (dir == NULL) {
		if (config_open(&config, o.config, NULL, &cause) != 0)
			goto out;
		have_config = 1;
		dir = config.backup_dir;
	}
	if (backup_dir_ok(dir, &cause) != 0) {
		rc = ADMIN_EXIT_FAIL;
		goto out;
	}
	if (admin_paths(&o, &db_path, &key_path, &cause) != 0)
		goto out;
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL)
		goto out;

	bkey = key_new();
	if (backup_key_get(bkey_path, 1, bkey, &created, &cause) != 0)
		goto out;
	if (created)
		printf(_("created backup key %s: keep a copy of it off this terminal; without "
		    "it no backup can be restored\n"), bkey_path);
	dbkey = key_new();
	if (key_load(key_path, dbkey, &cause) != 0)
		goto out;
	if (memcmp(bkey->bytes, dbkey->bytes, KEY_BYTES) == 0) {
		xasprintf(&cause, _("the backup key %s is the database key; use a separate "
		    "backup key"), bkey_path);
		rc = ADMIN_EXIT_FAIL;
		goto out;
	}
	key_free(dbkey);
	dbkey = NULL;

	rc = ADMIN_EXIT_FAIL;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	/* Two backups in one second get -2, -3 ...: never one over another. */
	for (i = 1; i <= 9; i++) {
		free(path);
		if (i == 1)
			xasprintf(&path, "%s/madoguchi-%s-%s.db", dir, db_terminal_id(db), stamp);
		else
			xasprintf(&path, "%s/madoguchi-%s-%s-%d.db", dir, db_terminal_id(db),
			    stamp, i);
		free(mpath);
		xasprintf(&mpath, "%s" MANIFEST_SUFFIX, path);
		if (access(path, F_OK) != 0 && access(mpath, F_OK) != 0)
			break;
	}
	if (backup_export(db, path, bkey, &m.facts, &cause) != 0)
		goto out;
	m.format = MANIFEST_FORMAT;
	m.file = xstrdup(strrchr(path, '/') + 1);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	m.created = xstrdup(stamp);
	m.sqlcipher = xstrdup(db_cipher_version(db));
	backup_key_id(bkey, m.key_id);
	if (backup_file_sha256(path, m.sha256, &m.size, &cause) != 0 ||
	    manifest_write(mpath, &m, bkey, &cause) != 0 || sync_dir_of(path, &cause) != 0 ||
	    backup_owner(dir, path, mpath, &cause) != 0) {
		unlink(path);
		unlink(mpath);
		goto out;
	}
	xasprintf(&detail, "%s sha256=%s tables=%zu audit_count=%lld", m.file, m.sha256,
	    m.facts.ntables, (long long)m.facts.audit_count);
	if (admin_audit(db, "admin.backup", "", detail) != 0)
		goto out;
	printf(_("backup:   %s (%lld bytes)\n"), path, (long long)m.size);
	printf(_("manifest: %s\n"), mpath);
	printf(_("terminal %s, schema version %d, %zu tables, %lld audit entries\n"),
	    m.facts.terminal_id, m.facts.schema_version, m.facts.ntables,
	    (long long)m.facts.audit_count);
	printf(_("check it with: madoguchi-admin restore-test %s\n"), path);
	rc = ADMIN_EXIT_OK;
out:
	if (cause != NULL) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
	}
	manifest_free(&m);
	key_free(bkey);
	key_free(dbkey);
	db_close(db);
	free(db_path);
	free(key_path);
	free(path);
	free(mpath);
	free(detail);
	if (have_config)
		config_free(&config);
	return rc;
}
