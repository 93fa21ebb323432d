/*
 * madoguchi-admin status: what a sysadmin checks first (no personal data); with --check,
 * the same health in one line for a monitoring system (status-check.h).
 */
#include "config.h"

#include <sys/statvfs.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/dbopen.h"
#include "admin/status-check.h"
#include "admin/status-memlock.h"
#include "audit/audit.h"
#include "audit/audit-head.h"
#include "backup/backup-log.h"
#include "cert/cert-cups.h"
#include "config-file.h"
#include "i18n.h"
#include "sync/outbox.h"
#include "sync/sync-client.h"
#include "sync/sync-store.h"
#include "xmalloc.h"

static int	cmd_status_exec(int, char **);
static void	status_backups(struct db *);
static void	status_memlock(const char *);
static void	status_printer(const struct admin_db_opts *);
static int	status_check(const struct admin_db_opts *);
static int	check_audit(struct db *, struct check_facts *, char **);
static int	check_backups(struct db *, struct check_facts *, char **);
static int	disk_used(const char *, int *, char **);

const struct admin_cmd admin_cmd_status = {
	.name = "status",
	.usage = "[--config FILE] [--db PATH] [--key PATH] [--quick | --check]",
	.summary = N_("show terminal, database and sync state; check all pages"),
	.exec = cmd_status_exec,
};

static int
cmd_status_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "quick", no_argument, NULL, 'q' },
		{ "check", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct sync_state	 st;
	struct db		*db;
	char			*cause = NULL, *path;
	int			 ch, quick = 0, check = 0, rc;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS "q", longopts, NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		if (ch == 'q') {
			quick = 1;
			continue;
		}
		if (ch == 'C') {
			check = 1;
			continue;
		}
		admin_usage(&admin_cmd_status, ch == 'h' ? stdout : stderr);
		return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
	}
	if (optind != argc) {
		admin_usage(&admin_cmd_status, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if (check)
		return status_check(&o);
	if ((db = admin_open(&o, DB_OPEN_READONLY)) == NULL)
		return ADMIN_EXIT_OPEN;
	printf(_("terminal:        %s\n"), db_terminal_id(db));
	printf(_("sqlcipher:       %s\n"), db_cipher_version(db));
	/* It works, searching more slowly, until rekey moves it (issue 28). */
	if (db_cipher_legacy(db))
		printf(_("cipher settings: an earlier release's (SQLCipher 4's defaults), slower "
		    "to search; madoguchi-admin rekey moves the database to the current ones\n"));
	printf(_("schema version:  %d (this program knows up to %d)\n"),
	    db_schema_version(db), db_schema_latest());
	/* Reading every page takes a while on a large database: --quick is a glance. */
	if (quick)
		printf(_("integrity:       not checked (--quick)\n"));
	else {
		rc = db_integrity_check(db, &cause);
		if (rc == 0)
			printf(_("integrity:       ok\n"));
		else if (rc == 1)
			printf(_("integrity:       DAMAGED\n"));
		else
			printf(_("integrity:       not checked (error)\n"));
		fflush(stdout);
		if ((rc = admin_integrity_outcome(rc, cause, "madoguchi-admin")) !=
		    ADMIN_EXIT_OK) {
			db_close(db);
			return rc;
		}
	}
	printf(_("audit entries:   %lld\n"), (long long)audit_count(db));
	printf(_("pending sync:    %lld changes\n"), (long long)outbox_pending(db));
	/* What the title line shows, with the reason the background sync left (UTC). */
	if (sync_state_read(db, &st, NULL) == 0 && st.last_attempt_at != NULL) {
		printf(_("last sync:       %s\n"), st.last_success_at != NULL ?
		    st.last_success_at : _("never succeeded"));
		if (st.last_error != NULL)
			printf(_("sync error:      %s (%s)\n"), st.last_error,
			    st.last_attempt_at);
	}
	sync_state_clear(&st);
	status_backups(db);
	path = xstrdup(db_file(db));
	db_close(db);
	status_memlock(path);
	free(path);
	status_printer(&o);
	return ADMIN_EXIT_OK;
}

/* The last backup and restore test, as the audit log has them (UTC, as the last sync). */
static void
status_backups(struct db *db)
{
	struct backup_log	 l;
	char			*cause = NULL;

	if (backup_log_read(db, &l, &cause) != 0) {
		printf(_("last backup:     not known (%s)\n"), cause);
		free(cause);
		return;
	}
	printf(_("last backup:     %s\n"), l.backup_at != NULL ? l.backup_at : _("none"));
	if (l.test_at == NULL)
		printf(_("restore test:    none\n"));
	else if (strcmp(l.test_result, "ok") == 0)
		printf(_("restore test:    passed %s (%s)\n"), l.test_at, l.test_backup);
	else
		printf(_("restore test:    FAILED %s (%s)\n"), l.test_at, l.test_backup);
	backup_log_clear(&l);
}

/*
 * The desk's processes that have the database open, and whether their memory is locked:
 * when it is not, SQLCipher locks each allocation itself, as safe but several times
 * slower (issue 28). This process is not one of them: it closed the database.
 */
static void
status_memlock(const char *path)
{
	struct memlock_proc	*m;
	size_t			 n, i;

	if (memlock_scan("/proc", path, &m, &n) != 0) {
		printf(_("memory lock:     not known (cannot read /proc)\n"));
		return;
	}
	if (n == 0)
		printf(_("memory lock:     no process has the database open\n"));
	for (i = 0; i < n; i++) {
		if (m[i].locked_kib > 0)
			printf(_("memory lock:     %s %ld: locked (%lld KiB)\n"), m[i].comm,
			    (long)m[i].pid, m[i].locked_kib);
		else if (m[i].limit_kib >= 0)
			printf(_("memory lock:     %s %ld: NOT locked (limit %lld KiB): SQLCipher "
			    "locks each allocation, several times slower; see the admin guide, "
			    "\"Memory\"\n"), m[i].comm, (long)m[i].pid, m[i].limit_kib);
		else
			printf(_("memory lock:     %s %ld: NOT locked (no limit: mlockall failed, "
			    "see the system log): SQLCipher locks each allocation, several times "
			    "slower\n"), m[i].comm, (long)m[i].pid);
	}
	free(m);
}

/* The CUPS queue certificates go to, as the desk will find it (issue 32). */
static void
status_printer(const struct admin_db_opts *o)
{
	struct config	 c;
	char		*state = NULL, *cause = NULL;

	if (config_open(&c, o->config, NULL, &cause) != 0) {
		free(cause);
		return;
	}
	if (c.printer == NULL || *c.printer == '\0')
		printf(_("printer:         none (certificates stay in %s)\n"), c.cert_spool);
	else if (cert_cups_check(c.printer, &state, &cause) == 0)
		printf(_("printer:         %s: %s\n"), c.printer, state);
	else
		printf(_("printer:         %s: NOT READY: %s\n"), c.printer, cause);
	free(state);
	free(cause);
	config_free(&c);
}

/*
 * status --check: one line on standard output, as a Nagios plugin, and its state as the
 * exit status (0 OK, 1 WARNING, 2 CRITICAL). What cannot be read makes it UNKNOWN, 3,
 * the exit status of every command that cannot open the configuration, the key or the
 * database. Like --quick it does not read every page unless a read fails: a damaged
 * database is CRITICAL.
 */
static int
status_check(const struct admin_db_opts *o)
{
	struct config		 c;
	struct check_facts	 f;
	struct sync_state	 st;
	struct sync_limits	 lim;
	struct db		*db = NULL;
	enum db_error		 err = DB_OK;
	char			*cause = NULL, *damage = NULL, line[1024], *p;
	int			 have_config = 0, rc = CHECK_UNKNOWN;

	memset(&f, 0, sizeof f);
	memset(&st, 0, sizeof st);
	if (config_open(&c, o->config, NULL, &cause) != 0)
		goto out;
	have_config = 1;
	if ((db = dbopen_tool_err(o->config, o->db, o->key, DB_OPEN_READONLY, &err,
	    &cause)) == NULL) {
		if (err == DB_ERR_DAMAGED)
			rc = CHECK_CRITICAL;
		goto out;
	}
	/* As the login and the title line count them (sync_limits_read). */
	if ((f.sync_configured = config_syncs(&c))) {
		if (sync_state_read(db, &st, &cause) != 0 || sync_limits_read(db,
		    c.max_offline_days, c.max_pending_changes, &lim, &cause) != 0)
			goto out;
		f.sync_ever = st.last_success_at != NULL;
		f.sync_age = lim.days * 86400.0;
		f.sync_over = lim.over;
		f.pending = lim.pending;
	}
	if (check_audit(db, &f, &cause) != 0 || check_backups(db, &f, &cause) != 0 ||
	    disk_used(o->db != NULL ? o->db : c.db_path, &f.disk_percent, &cause) != 0)
		goto out;
	rc = check_line(&f, line, sizeof line);
	printf("%s\n", line);
out:
	/* A read that failed on an open database: damage is CRITICAL, not UNKNOWN. */
	if (db != NULL && cause != NULL && db_integrity_check(db, &damage) == 1) {
		free(cause);
		cause = damage;
		rc = CHECK_CRITICAL;
	} else
		free(damage);
	/* The reason on the same line: a monitoring system keeps the first line only. */
	if (cause != NULL) {
		for (p = cause; *p != '\0'; p++) {
			if (*p == '\n' || *p == '\t')
				*p = ' ';
		}
		printf("MADOGUCHI %s - %s\n", check_state_name(rc), cause);
		free(cause);
	}
	sync_state_clear(&st);
	db_close(db);
	if (have_config)
		config_free(&c);
	return rc;
}

/* The chain verified entry by entry, then its end against the head kept outside. */
static int
check_audit(struct db *db, struct check_facts *f, char **cause)
{
	struct audit_check	 ac;
	char			*problem = NULL;
	int			 rc;

	memset(&ac, 0, sizeof ac);
	if ((rc = audit_verify(db, &ac, cause)) < 0) {
		audit_check_free(&ac);
		return -1;
	}
	if (rc == 1) {
		/* Its reason may quote the entry: the number is enough to go and look. */
		f->audit = CHECK_AUDIT_BROKEN;
		f->audit_first_bad = ac.first_bad;
		audit_check_free(&ac);
		return 0;
	}
	audit_check_free(&ac);
	if ((rc = audit_head_check(db, &problem, cause)) < 0)
		return -1;
	free(problem);
	f->audit = rc == 1 ? CHECK_AUDIT_CUT : CHECK_AUDIT_INTACT;
	return 0;
}

static int
check_backups(struct db *db, struct check_facts *f, char **cause)
{
	struct backup_log	 l;

	if (backup_log_read(db, &l, cause) != 0)
		return -1;
	f->backup_ever = l.backup_at != NULL;
	f->backup_age = l.backup_age;
	f->test_ever = l.test_at != NULL;
	f->test_ok = f->test_ever && strcmp(l.test_result, "ok") == 0;
	backup_log_clear(&l);
	return 0;
}

/* Used space of the file system that holds path, as df counts it (root's reserve is used). */
static int
disk_used(const char *path, int *percent, char **cause)
{
	struct statvfs	 sv;
	unsigned long long used, total;

	if (statvfs(path, &sv) != 0) {
		xasprintf(cause, _("cannot read the file system of %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	used = (unsigned long long)(sv.f_blocks - sv.f_bfree);
	total = used + sv.f_bavail;
	*percent = total == 0 ? 0 : (int)((used * 100 + total - 1) / total);
	return 0;
}
