/*
 * madoguchi-admin restore-test BACKUP: proves that a backup can be restored, without
 * touching the terminal's database (SPEC §7).
 *
 * In order, each step refusing the backup with its own message: the manifest's key
 * fingerprint and MAC (wrong backup key / altered manifest), the backup's SHA-256 against
 * the manifest (damaged file), decryption with the backup key into a scratch directory,
 * re-encryption under the terminal key (what a real restore produces), then in the
 * restored copy: schema version, every table's row count and the audit chain, verified
 * entry by entry and its head compared with the manifest's. With --output the verified
 * copy is kept there, ready to be put in place of a lost database.
 *
 * The result goes into the terminal's audit log (restore tests are evidence a self-
 * inspection asks for, SPEC §14) when the terminal's database can be opened.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/admin.h"
#include "audit/audit.h"
#include "backup/backup-manifest.h"
#include "backup/backup.h"
#include "admin/dbopen.h"
#include "config-file.h"
#include "i18n.h"
#include "keyfile.h"
#include "xmalloc.h"

static int	cmd_restore_test_exec(int, char **);
static int	copy_file(const char *, const char *, char **);
static int	compare_facts(const struct backup_facts *, const struct backup_facts *,
		    char **);
static void	record(const struct admin_db_opts *, const char *, const char *,
		    const char *);
static void	scratch_remove(const char *);

const struct admin_cmd admin_cmd_restore_test = {
	.name = "restore-test",
	.usage = "BACKUP [--backup-key PATH] [--output PATH] [--config FILE] [--db PATH] "
	    "[--key PATH]",
	.summary = N_("restore a backup into a scratch directory and verify it"),
	.exec = cmd_restore_test_exec,
};

/* Copies into a new file (O_EXCL, 0600) and makes it durable. */
static int
copy_file(const char *from, const char *to, char **cause)
{
	char	 buf[65536];
	ssize_t	 n, w;
	int	 in, out = -1, rc = -1;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1) {
		xasprintf(cause, _("cannot open %s: %s"), from, strerror(errno));
		return -1;
	}
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out == -1) {
		xasprintf(cause, _("cannot create %s: %s"), to, strerror(errno));
		goto out;
	}
	while ((n = read(in, buf, sizeof buf)) > 0) {
		if ((w = write(out, buf, (size_t)n)) != n) {
			xasprintf(cause, _("cannot write %s: %s"), to,
			    w < 0 ? strerror(errno) : _("short write"));
			goto out;
		}
	}
	if (n < 0) {
		xasprintf(cause, _("cannot read %s: %s"), from, strerror(errno));
		goto out;
	}
	if (fsync(out) != 0) {
		xasprintf(cause, _("cannot write %s: %s"), to, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	close(in);
	if (out != -1 && close(out) != 0 && rc == 0) {
		xasprintf(cause, _("cannot write %s: %s"), to, strerror(errno));
		rc = -1;
	}
	if (rc != 0 && out != -1)
		unlink(to);
	return rc;
}

/* The restored copy against the manifest: the first difference, or 0. */
static int
compare_facts(const struct backup_facts *want, const struct backup_facts *got,
    char **cause)
{
	size_t	 i, j;

	if (strcmp(want->terminal_id, got->terminal_id) != 0) {
		xasprintf(cause, _("the restored database is terminal %s, the manifest says %s"),
		    got->terminal_id, want->terminal_id);
		return -1;
	}
	if (want->schema_version != got->schema_version) {
		xasprintf(cause, _("the restored database has schema version %d, the manifest "
		    "says %d"), got->schema_version, want->schema_version);
		return -1;
	}
	for (i = 0; i < want->ntables; i++) {
		for (j = 0; j < got->ntables; j++) {
			if (strcmp(want->tables[i].name, got->tables[j].name) == 0)
				break;
		}
		if (j == got->ntables) {
			xasprintf(cause, _("table %s is missing from the restored database"),
			    want->tables[i].name);
			return -1;
		}
		if (want->tables[i].rows != got->tables[j].rows) {
			xasprintf(cause, _("table %s has %lld rows in the restored database, "
			    "the manifest says %lld"), want->tables[i].name,
			    (long long)got->tables[j].rows, (long long)want->tables[i].rows);
			return -1;
		}
	}
	if (got->ntables != want->ntables) {
		xasprintf(cause, _("the restored database has %zu tables, the manifest lists "
		    "%zu"), got->ntables, want->ntables);
		return -1;
	}
	if (want->audit_count != got->audit_count ||
	    strcmp(want->audit_head, got->audit_head) != 0) {
		xasprintf(cause, _("the restored audit head (%lld entries) differs from the "
		    "manifest's (%lld entries)"), (long long)got->audit_count,
		    (long long)want->audit_count);
		return -1;
	}
	return 0;
}

/* Audits the outcome in the terminal's own database, or says why it could not. */
static void
record(const struct admin_db_opts *o, const char *result, const char *backup,
    const char *detail)
{
	struct actor	 who;
	struct db	*db;
	char		*cause = NULL;

	admin_actor(&who);
	db = dbopen_tool(o->config, o->db, o->key, DB_OPEN_EXISTING, &cause);
	if (db == NULL || audit_actor(db, &who, "admin.restore-test", backup, result,
	    detail, &cause) != 0) {
		fprintf(stderr, _("%s: warning: the restore test is not in the "
		    "audit log: %s\n"), program_invocation_short_name, cause);
		free(cause);
	}
	db_close(db);
}

/* The scratch copies hold personal data, if encrypted: removed in every case. */
static void
scratch_remove(const char *dir)
{
	static const char *const	 names[] = { "backup.db", "backup.db-journal",
	    "restored.db", "restored.db-journal" };
	char				*path;
	size_t				 i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		xasprintf(&path, "%s/%s", dir, names[i]);
		if (unlink(path) != 0 && errno != ENOENT)
			fprintf(stderr, _("%s: cannot remove %s: %s\n"),
			    program_invocation_short_name, path,
			    strerror(errno));
		free(path);
	}
	if (rmdir(dir) != 0)
		fprintf(stderr, _("%s: cannot remove %s: %s\n"), program_invocation_short_name, dir,
		    strerror(errno));
}

/* The restored copy's chain verifies with the terminal's audit key (audit-key.h). */
static int
restored_audit_key(struct db *rdb, const struct admin_db_opts *o, const char *key_path,
    char **cause)
{
	struct config	 config;
	int		 rc = -1;

	if (config_open(&config, o->config, NULL, cause) == 0)
		rc = dbopen_audit(rdb, &config, key_path, AUDIT_KEY_READ, cause);
	config_free(&config);
	return rc;
}

static int
cmd_restore_test_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "backup-key", required_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct manifest		 m;
	struct backup_facts	 got;
	struct audit_check	 check;
	struct db		*rdb = NULL;
	struct key		*bkey = NULL, *dbkey = NULL;
	const char		*bkey_path = BACKUP_KEY_DEFAULT_PATH, *output = NULL, *base;
	char			*backup = NULL, *mpath = NULL, *db_path = NULL;
	char			*key_path = NULL, *cause = NULL, *detail = NULL;
	char			 tmp[] = "/var/tmp/madoguchi-restore.XXXXXX", *scratch = NULL;
	char			*restored = NULL, *copy = NULL, sha[65];
	const char		*tmpdir;
	int64_t			 size;
	size_t			 n;
	int			 ch, rc = ADMIN_EXIT_OPEN, have_tmp = 0, created;

	memset(&o, 0, sizeof o);
	memset(&m, 0, sizeof m);
	memset(&got, 0, sizeof got);
	memset(&check, 0, sizeof check);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS "b:o:", longopts,
	    NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		if (ch == 'b')
			bkey_path = optarg;
		else if (ch == 'o')
			output = optarg;
		else {
			admin_usage(&admin_cmd_restore_test, ch == 'h' ? stdout : stderr);
			return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		admin_usage(&admin_cmd_restore_test, stderr);
		return ADMIN_EXIT_USAGE;
	}
	/* BACKUP may name the backup or its manifest. */
	n = strlen(argv[optind]);
	if (n > strlen(MANIFEST_SUFFIX) && strcmp(argv[optind] + n - strlen(MANIFEST_SUFFIX),
	    MANIFEST_SUFFIX) == 0)
		backup = xstrndup(argv[optind], n - strlen(MANIFEST_SUFFIX));
	else
		backup = xstrdup(argv[optind]);
	xasprintf(&mpath, "%s" MANIFEST_SUFFIX, backup);
	base = strrchr(backup, '/') != NULL ? strrchr(backup, '/') + 1 : backup;
	if (output != NULL && access(output, F_OK) == 0) {
		xasprintf(&cause, _("%s already exists; --output never overwrites"), output);
		rc = ADMIN_EXIT_USAGE;
		goto out;
	}

	if (admin_paths(&o, &db_path, &key_path, &cause) != 0)
		goto out;
	bkey = key_new();
	if (backup_key_get(bkey_path, 0, bkey, &created, &cause) != 0)
		goto out;
	dbkey = key_new();
	if (key_load(key_path, dbkey, &cause) != 0)
		goto out;

	rc = ADMIN_EXIT_FAIL;
	if (access(backup, F_OK) != 0) {
		xasprintf(&cause, _("backup %s: %s"), backup, strerror(errno));
		goto out;
	}
	if (manifest_read(mpath, bkey, &m, &cause) != 0)
		goto failed;
	/* A backup may be renamed on its way to the media; its SHA-256 is what binds. */
	printf(_("backup:    %s (made as %s)\nmade:      %s by terminal %s (schema version "
	    "%d, %s)\n"), backup, m.file, m.created, m.facts.terminal_id, m.facts.schema_version, m.sqlcipher);
	printf(_("manifest:  authentic (backup key %s)\n"), m.key_id);

	/* The scratch copy is what gets checked and decrypted: no window between the two. */
	if ((tmpdir = getenv("TMPDIR")) != NULL && *tmpdir != '\0') {
		xasprintf(&scratch, "%s/madoguchi-restore.XXXXXX", tmpdir);
	} else
		scratch = xstrdup(tmp);
	if (mkdtemp(scratch) == NULL) {
		xasprintf(&cause, _("cannot make a scratch directory %s: %s"), scratch,
		    strerror(errno));
		goto out;
	}
	have_tmp = 1;
	xasprintf(&copy, "%s/backup.db", scratch);
	if (copy_file(backup, copy, &cause) != 0)
		goto out;
	if (backup_file_sha256(copy, sha, &size, &cause) != 0)
		goto out;
	if (size != m.size || strcmp(sha, m.sha256) != 0) {
		xasprintf(&cause, _("backup %s is damaged: its SHA-256 (%lld bytes) does not "
		    "match the manifest (%lld bytes)"), backup, (long long)size,
		    (long long)m.size);
		goto failed;
	}
	printf(_("checksum:  SHA-256 matches (%lld bytes)\n"), (long long)size);

	xasprintf(&restored, "%s/restored.db", scratch);
	if (backup_restore(copy, bkey, restored, dbkey, &cause) != 0)
		goto failed;
	if ((rdb = db_open(restored, dbkey, DB_OPEN_READONLY, NULL, &cause)) == NULL ||
	    restored_audit_key(rdb, &o, key_path, &cause) != 0)
		goto failed;
	if (backup_facts_read(rdb, &got, &cause) != 0)
		goto failed;
	if (compare_facts(&m.facts, &got, &cause) != 0)
		goto failed;
	printf(_("restored:  %zu tables, every row count matches the manifest\n"),
	    got.ntables);
	switch (audit_verify(rdb, &check, &cause)) {
	case 0:
		break;
	case 1:
		xasprintf(&cause, _("the restored audit chain is BROKEN at entry %lld: %s"),
		    (long long)check.first_bad, check.reason);
		goto failed;
	default:
		goto failed;
	}
	if (check.count != m.facts.audit_count) {
		xasprintf(&cause, _("the restored audit log has %lld entries, the manifest "
		    "says %lld"), (long long)check.count, (long long)m.facts.audit_count);
		goto failed;
	}
	printf(_("audit:     chain intact, %lld entries, head matches the manifest\n"),
	    (long long)check.count);
	db_close(rdb);
	rdb = NULL;
	if (output != NULL) {
		if (copy_file(restored, output, &cause) != 0 || sync_dir_of(output,
		    &cause) != 0)
			goto out;
		printf(_("output:    %s (encrypted with the terminal key %s)\n"), output,
		    key_path);
	}
	printf(_("RESTORE TEST PASSED\n"));
	xasprintf(&detail, "tables=%zu audit_count=%lld sha256=%s", got.ntables,
	    (long long)check.count, m.sha256);
	record(&o, "ok", base, detail);
	rc = ADMIN_EXIT_OK;
	goto out;

failed:
	printf(_("RESTORE TEST FAILED\n"));
	record(&o, "failed", base, cause);
	rc = ADMIN_EXIT_FAIL;
out:
	if (cause != NULL)
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
	free(cause);
	db_close(rdb);
	if (have_tmp)
		scratch_remove(scratch);
	audit_check_free(&check);
	backup_facts_free(&got);
	manifest_free(&m);
	key_free(bkey);
	key_free(dbkey);
	free(backup);
	free(mpath);
	free(db_path);
	free(key_path);
	free(restored);
	free(copy);
	free(scratch);
	free(detail);
	return rc;
}
