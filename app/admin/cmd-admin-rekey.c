/*
 * madoguchi-admin rekey: rotates the database key (SPEC §7), and moves a database made by
 * an earlier release to the current cipher settings (issue 28).
 *
 * The one thing that must never happen is a database whose key is nowhere on disk. The
 * order below keeps the key that opens the database on disk at every instant:
 *
 *	1. KEY.new is written (O_EXCL, 0600, fsync, directory fsync).
 *	2. The database DB passes from the old key (in KEY) to the new one (in KEY.new) in
 *	   one atomic step, so that a crash leaves it wholly under one or the other:
 *	   a. with the current cipher settings, it is re-encrypted in place in one
 *	      transaction (db_rekey);
 *	   b. with an earlier release's (db_cipher_legacy: SQLCipher 4's defaults), which
 *	      re-encrypting in place cannot change, it is copied whole into DB.new under
 *	      KEY.new and the current settings (db_rekey_copy: the copy opened on its own
 *	      and checked against DB, every table's rows and the audit head, then fsync),
 *	      DB held for this program alone meanwhile so that nothing written to it can be
 *	      missing from the copy; then DB.new is renamed over DB (atomic) and the
 *	      directory is fsynced, still under that hold, which closing DB then releases.
 *	3. KEY is linked to KEY.old, KEY.new is renamed over KEY (atomic), the directory
 *	   is fsynced, and the database is opened with KEY to prove it.
 *	4. Only then is KEY.old removed.
 *
 * A run that finds KEY.new or KEY.old left by an interrupted run first finds out, by
 * opening the database with each, which key the database is under, makes that key KEY,
 * and removes the others; nothing is removed before a key has opened the database. When
 * the interrupted run had already re-encrypted the database, that counts as the rotation
 * and nothing more is done; otherwise the unused KEY.new is discarded and a new rotation
 * runs. A DB.new (and its journal) left by an interrupted copy is removed once a key has
 * opened DB: it is never the database, which only the rename in 2b makes it.
 *
 * The audit chain's key is a file of its own (audit-key.c), not derived from the database
 * key, so the chain verifies across rotations; db_rekey and db_rekey_copy refuse a
 * database that still keeps it inside (madoguchi-admin migrate moves it out).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/admin.h"
#include "audit/audit.h"
#include "backup/backup-manifest.h"
#include "backup/backup.h"
#include "i18n.h"
#include "keyfile.h"
#include "xmalloc.h"

enum recovery {
	RECOVERY_NONE,		/* nothing left over */
	RECOVERY_DISCARDED,	/* an unused KEY.new was removed: rotate now */
	RECOVERY_FINISHED,	/* an interrupted rotation was completed */
};

struct key_paths {
	const char	*db;
	const char	*key;
	char		*new;
	char		*old;
	char		*db_new;	/* DB.new, the copy of step 2b */
	char		*db_new_journal;
};

static int	cmd_rekey_exec(int, char **);
static int	key_opens(const char *, const char *);
static int	install_new_key(const struct key_paths *, char **);
static int	remove_key_file(const char *, char **);
static int	remove_db_copy(const struct key_paths *, char **);
static int	rekey_by_copy(const struct key_paths *, struct db *, const struct key *,
		    char **);
static int	recover(const struct key_paths *, enum recovery *, char **);
static void	audit_rekey(const struct key_paths *, const char *, const char *);

const struct admin_cmd admin_cmd_rekey = {
	.name = "rekey",
	.usage = "[--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("rotate the database key (madoguchi must be stopped)"),
	.exec = cmd_rekey_exec,
};

/* 1 when the key file at key_path loads and opens the database, else 0. */
static int
key_opens(const char *db_path, const char *key_path)
{
	struct key	*k;
	struct db	*db = NULL;
	char		*cause = NULL;

	if (access(key_path, F_OK) != 0)
		return 0;
	k = key_new();
	/* EXISTING, not READONLY: a hot journal left by a crash must be rolled back. */
	if (key_load(key_path, k, &cause) == 0)
		db = db_open(db_path, k, DB_OPEN_EXISTING, NULL, &cause);
	key_free(k);
	free(cause);
	if (db == NULL)
		return 0;
	db_close(db);
	return 1;
}

static int
remove_key_file(const char *path, char **cause)
{
	if (unlink(path) != 0 && errno != ENOENT) {
		if (cause != NULL)
			xasprintf(cause, _("cannot remove %s: %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}

/* A DB.new left by an interrupted copy: only once a key has opened DB (see the top). */
static int
remove_db_copy(const struct key_paths *p, char **cause)
{
	if (remove_key_file(p->db_new_journal, cause) != 0 ||
	    remove_key_file(p->db_new, cause) != 0)
		return -1;
	return 0;
}

/*
 * Step 2b: db, open under KEY with an earlier release's settings, copied into DB.new under
 * k and renamed over DB. db keeps DB to itself until the caller closes it.
 */
static int
rekey_by_copy(const struct key_paths *p, struct db *db, const struct key *k, char **cause)
{
	if (remove_db_copy(p, cause) != 0 || db_rekey_copy(db, k, p->db_new, cause) != 0)
		return -1;
	if (rename(p->db_new, p->db) != 0) {
		xasprintf(cause, _("cannot put the re-encrypted copy %s in place of %s: %s"),
		    p->db_new, p->db, strerror(errno));
		(void)remove_db_copy(p, NULL);
		return -1;
	}
	return sync_dir_of(p->db, cause);
}

/*
 * Steps 3 and 4: KEY.new becomes KEY, the old key stays as KEY.old until the database has
 * opened with the new KEY.
 */
static int
install_new_key(const struct key_paths *p, char **cause)
{
	if (access(p->old, F_OK) != 0 && link(p->key, p->old) != 0 && errno != ENOENT) {
		xasprintf(cause, _("cannot keep the old key as %s: %s"), p->old,
		    strerror(errno));
		return -1;
	}
	if (rename(p->new, p->key) != 0) {
		xasprintf(cause, _("cannot put the new key %s in place of %s: %s"), p->new,
		    p->key, strerror(errno));
		return -1;
	}
	if (sync_dir_of(p->key, cause) != 0)
		return -1;
	if (!key_opens(p->db, p->key)) {
		xasprintf(cause, _("the new key %s does not open the database %s; the old key "
		    "is kept as %s"), p->key, p->db, p->old);
		return -1;
	}
	if (remove_key_file(p->old, cause) != 0)
		return -1;
	return sync_dir_of(p->key, cause);
}

/* Makes KEY the key the database is under, after an interrupted run. */
static int
recover(const struct key_paths *p, enum recovery *what, char **cause)
{
	int	 had_new, had_old;

	*what = RECOVERY_NONE;
	had_new = access(p->new, F_OK) == 0;
	had_old = access(p->old, F_OK) == 0;
	if (!had_new && !had_old)
		return 0;

	if (key_opens(p->db, p->key)) {
		/*
		 * With KEY.old: the rotation was complete but for removing it. With only
		 * KEY.new: the database was never re-encrypted, KEY.new is unused, and so is
		 * a DB.new that an interrupted copy left.
		 */
		if (remove_db_copy(p, cause) != 0 || remove_key_file(p->new, cause) != 0 ||
		    remove_key_file(p->old, cause) != 0 || sync_dir_of(p->key, cause) != 0)
			return -1;
		*what = had_old ? RECOVERY_FINISHED : RECOVERY_DISCARDED;
		return 0;
	}
	if (had_new && key_opens(p->db, p->new)) {
		/* Re-encrypted, but the new key was not yet in place. */
		if (install_new_key(p, cause) != 0)
			return -1;
		*what = RECOVERY_FINISHED;
		return 0;
	}
	xasprintf(cause, _("an earlier key rotation was interrupted and none of %s, %s, %s "
	    "opens the database %s; nothing was changed: restore the database from a "
	    "backup, or find the key that opens it"), p->key, p->new, p->old, p->db);
	return -1;
}

/* The rotation in the audit log, written under whatever key is now KEY. */
static void
audit_rekey(const struct key_paths *p, const char *result, const char *detail)
{
	struct admin_db_opts	 o;
	struct actor		 who;
	struct db		*db;
	char			*cause = NULL;

	memset(&o, 0, sizeof o);
	o.db = p->db;
	o.key = p->key;
	admin_actor(&who);
	/* admin_open says why it could not open; the rotation itself is settled by now. */
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL ||
	    audit_actor(db, &who, "admin.rekey", "", result, detail, &cause) != 0) {
		fprintf(stderr, _("%s: warning: the key rotation (%s) is not in "
		    "the audit log%s%s\n"), program_invocation_short_name, result,
		    cause != NULL ? ": " : "",
		    cause != NULL ? cause : "");
		free(cause);
	}
	db_close(db);
}

static int
cmd_rekey_exec(int argc, char **argv)
{
	struct admin_db_opts	 o;
	struct key_paths	 p;
	struct key		*k = NULL;
	struct db		*db = NULL;
	enum recovery		 what;
	char			*db_path = NULL, *key_path = NULL, *cause = NULL, *detail;
	int			 rc, rekeyed, legacy = 0;

	if ((rc = admin_parse_db_opts(&admin_cmd_rekey, argc, argv, &o)) != -1)
		return rc;
	memset(&p, 0, sizeof p);
	rc = ADMIN_EXIT_OPEN;
	if (admin_paths(&o, &db_path, &key_path, &cause) != 0)
		goto out;
	p.db = db_path;
	p.key = key_path;
	xasprintf(&p.new, "%s.new", key_path);
	xasprintf(&p.old, "%s.old", key_path);
	xasprintf(&p.db_new, "%s.new", db_path);
	xasprintf(&p.db_new_journal, "%s.new-journal", db_path);

	rc = ADMIN_EXIT_FAIL;
	if (recover(&p, &what, &cause) != 0)
		goto out;
	if (what == RECOVERY_FINISHED) {
		printf(_("finished an interrupted key rotation: %s opens the database %s\n"),
		    p.key, p.db);
		audit_rekey(&p, "ok", "finished an interrupted rotation");
		rc = ADMIN_EXIT_OK;
		goto out;
	}
	if (what == RECOVERY_DISCARDED)
		printf(_("removed %s, left unused by an interrupted key rotation\n"), p.new);

	/* The current key must open the database before anything is written. */
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL) {
		rc = ADMIN_EXIT_OPEN;
		goto out;
	}
	k = key_new();
	if (key_generate(k, &cause) != 0 || key_save(p.new, k, &cause) != 0 ||
	    sync_dir_of(p.new, &cause) != 0)
		goto out;
	if ((legacy = db_cipher_legacy(db)))
		rekeyed = rekey_by_copy(&p, db, k, &cause) == 0;
	else
		rekeyed = db_rekey(db, k, &cause) == 0;
	key_free(k);
	k = NULL;
	db_close(db);
	db = NULL;

	/* Whatever db_rekey said, believe only what opens the database. */
	if (key_opens(p.db, p.new)) {
		free(cause);
		cause = NULL;
		if (install_new_key(&p, &cause) != 0)
			goto out;
		printf(_("rotated the database key: %s (the old key is removed)\n"), p.key);
		if (legacy)
			printf(_("the database now has the current cipher settings\n"));
		audit_rekey(&p, "ok", legacy ? "database key rotated, cipher settings "
		    "moved to the current ones" : "database key rotated");
		rc = ADMIN_EXIT_OK;
		goto out;
	}
	if (key_opens(p.db, p.key)) {
		(void)remove_key_file(p.new, NULL);
		(void)remove_db_copy(&p, NULL);
		if (cause == NULL)
			xasprintf(&cause, _("the database was not re-encrypted"));
		xasprintf(&detail, _("%s; the database is unchanged under %s"), cause, p.key);
		free(cause);
		cause = detail;
		audit_rekey(&p, "failed", cause);
		goto out;
	}
	xasprintf(&detail, _("%s; neither %s nor %s opens the database now: both are kept, "
	    "run madoguchi-admin rekey again"), rekeyed ? _("rotation interrupted") :
	    (cause != NULL ? cause : ""), p.key, p.new);
	free(cause);
	cause = detail;
out:
	if (cause != NULL) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
	}
	key_free(k);
	db_close(db);
	free(p.new);
	free(p.old);
	free(p.db_new);
	free(p.db_new_journal);
	free(db_path);
	free(key_path);
	return rc;
}
