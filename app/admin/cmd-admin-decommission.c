/*
 * madoguchi-admin decommission: erasure of a terminal being disposed of (SPEC §7, issue
 * 22; the assessment documents ask for erasure on disposal, with a record). Nothing is
 * destroyed until the central store holds everything the terminal made: the command syncs,
 * refuses while anything is still not acknowledged (changes, audit entries, an erasure
 * record not finished) or the store cannot be reached, then writes the final erasure
 * record and sends it. Only then: the database key file is overwritten first (without it
 * the database can never be read again), then the database with its WAL, the audit key
 * and head, and every file of the Juki spools and the certificate spool. It ends with a
 * certificate of erasure: what was destroyed, when, by whom, and the central record's id.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "admin/admin-sync.h"
#include "audit/audit.h"
#include "cert/report-pdf.h"
#include "config-file.h"
#include "db.h"
#include "i18n.h"
#include "retention/retention.h"
#include "sync/sync-client.h"
#include "xmalloc.h"

static int	cmd_decommission_exec(int, char **);

const struct admin_cmd admin_cmd_decommission = {
	.name = "decommission",
	.usage = "--yes [--out FILE.pdf] [--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("erase this terminal for disposal, with its erasure record"),
	.exec = cmd_decommission_exec,
};

/* The files to destroy, in the order they go: the key first. */
struct victims {
	char	**paths;
	size_t	  n;
	int64_t	  bytes;
};

static void
victim_add(struct victims *v, const char *path)
{
	struct stat	 st;

	/* Only regular files, never through a link; what is not there is not listed. */
	if (path == NULL || *path == '\0' || lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	v->paths = xreallocarray(v->paths, v->n + 1, sizeof *v->paths);
	v->paths[v->n++] = xstrdup(path);
	v->bytes += st.st_size;
}

static void
victim_dir(struct victims *v, const char *dir)
{
	struct dirent	*de;
	DIR		*d;
	char		*path;

	if (dir == NULL || *dir == '\0' || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		xasprintf(&path, "%s/%s", dir, de->d_name);
		victim_add(v, path);
		free(path);
	}
	closedir(d);
}

static void
victims_free(struct victims *v)
{
	size_t	 i;

	for (i = 0; i < v->n; i++)
		free(v->paths[i]);
	free(v->paths);
}

static void
victims_list(struct victims *v, const struct config *c, const char *db_path,
    const char *key_path)
{
	char	*path;

	victim_add(v, key_path);
	victim_add(v, db_path);
	xasprintf(&path, "%s-wal", db_path);
	victim_add(v, path);
	free(path);
	xasprintf(&path, "%s-shm", db_path);
	victim_add(v, path);
	free(path);
	path = config_beside_key(c->audit_key, key_path, "audit.key");
	victim_add(v, path);
	free(path);
	path = config_beside_key(c->audit_head, key_path, "audit.head");
	victim_add(v, path);
	free(path);
	victim_dir(v, c->juki_inbound);
	victim_dir(v, c->juki_outbound);
	victim_dir(v, c->juki_quarantine);
	victim_dir(v, c->cert_spool);
}

/* Syncs; then whatever is still not at the store stops the decommission. */
static int
all_at_central(struct db *db, const struct sync_params *p, const struct actor *who,
    struct retention_unsynced *u, char **cause)
{
	struct sync_report	 r;
	char			*err = NULL;

	if (sync_run(db, p, who, &r, &err) != 0) {
		xasprintf(cause, _("the central store cannot take this terminal's data (%s); "
		    "nothing was destroyed"), err);
		free(err);
		return -1;
	}
	if (retention_unsynced(db, u, cause) != 0)
		return -1;
	if (u->changes > 0 || u->audit_entries > 0 || u->erasures_running > 0) {
		xasprintf(cause, _("not everything is at the central store: %lld changes, "
		    "%lld audit entries, %lld erasures not finished; nothing was destroyed"),
		    (long long)u->changes, (long long)u->audit_entries,
		    (long long)u->erasures_running);
		return -1;
	}
	return 0;
}

static char **
certificate(const char *terminal, const struct retention_unsynced *u,
    const struct victims *v, const char *uuid, const char *who, size_t *n)
{
	char	**lines, at[32];
	time_t	  now = time(NULL);
	size_t	  i, k = 0;

	strftime(at, sizeof at, "%Y-%m-%d %H:%M:%S %z", localtime(&now));
	lines = xcalloc(v->n + 8, sizeof *lines);
	xasprintf(&lines[k++], "端末 / terminal: %s", terminal);
	xasprintf(&lines[k++], "消去日時 / erased at: %s", at);
	xasprintf(&lines[k++], "実施者 / by: %s", who);
	xasprintf(&lines[k++], "消去したデータ / data destroyed: 資格者 %lld 件、登録 %lld 件、"
	    "操作ログ %lld 件（すべて中央の記録に保存済み） / holders %lld, registrations %lld, "
	    "audit entries %lld (all held by the central store)", (long long)u->holders,
	    (long long)u->registrations, (long long)u->audit_total, (long long)u->holders,
	    (long long)u->registrations, (long long)u->audit_total);
	xasprintf(&lines[k++], "方法 / method: 鍵ファイルを最初に、すべてのファイルをゼロで上書き"
	    "し同期のうえ削除 / the key file first, then every file overwritten with zeros, "
	    "synced and unlinked (%zu files, %lld bytes):", v->n, (long long)v->bytes);
	for (i = 0; i < v->n; i++)
		xasprintf(&lines[k++], "  %s", v->paths[i]);
	xasprintf(&lines[k++], "中央の消去記録 / central erasure record: %s", uuid);
	*n = k;
	return lines;
}

static int
cmd_decommission_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "yes", no_argument, NULL, 'y' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct config		 config;
	struct sync_params	 p;
	struct retention_unsynced u;
	struct victims		 v;
	struct actor		 who;
	struct db		*db;
	const char		*out = NULL;
	char			*cause = NULL, *what, **lines = NULL, uuid[37], *terminal = NULL;
	char			*db_path, *key_path;
	size_t			 nlines = 0, i;
	int			 ch, yes = 0, rc;

	memset(&o, 0, sizeof o);
	memset(&v, 0, sizeof v);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS, longopts, NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		if (ch == 'y') {
			yes = 1;
			continue;
		}
		if (ch == 'o') {
			out = optarg;
			continue;
		}
		admin_usage(&admin_cmd_decommission, ch == 'h' ? stdout : stderr);
		return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
	}
	if (optind != argc || !yes) {
		if (optind == argc)
			fprintf(stderr, _("%s: this destroys the terminal's database, keys "
			    "and spools for good; say --yes\n"), program_invocation_short_name);
		admin_usage(&admin_cmd_decommission, stderr);
		return ADMIN_EXIT_USAGE;
	}
	/* A terminal that does not sync has its register nowhere else: never destroyed. */
	if ((rc = admin_sync_open(&o, "decommission", &config, &p, &db)) != -1)
		return rc;
	admin_actor(&who);
	rc = ADMIN_EXIT_FAIL;
	db_path = xstrdup(o.db != NULL ? o.db : config.db_path);
	key_path = xstrdup(o.key != NULL ? o.key : config.key_path);
	if (all_at_central(db, &p, &who, &u, &cause) != 0)
		goto out;
	victims_list(&v, &config, db_path, key_path);
	xasprintf(&what, "decommissioned: holders %lld, registrations %lld, audit entries "
	    "%lld; key file overwritten first, then %zu files overwritten and unlinked",
	    (long long)u.holders, (long long)u.registrations, (long long)u.audit_total, v.n);
	cause = NULL;
	if (retention_record_terminal(db, &who, what, (int64_t)v.n, v.bytes, uuid,
	    &cause) != 0) {
		free(what);
		goto out;
	}
	free(what);
	/* The final record at the store, or nothing is destroyed. */
	if (all_at_central(db, &p, &who, &u, &cause) != 0)
		goto out;
	terminal = xstrdup(db_terminal_id(db) != NULL ? db_terminal_id(db) : "");
	lines = certificate(terminal, &u, &v, uuid, who.user, &nlines);
	db_close(db);
	db = NULL;
	for (i = 0; i < v.n; i++) {
		if (retention_shred(v.paths[i], &cause) != 0) {
			fprintf(stderr, _("%s: %s; the key is %s: run "
			    "again to finish\n"), program_invocation_short_name, cause,
			    i > 0 ? _("destroyed") : _("not destroyed"));
			free(cause);
			cause = NULL;
			goto out;
		}
	}
	printf("%s\n", "消去証明書 / Certificate of erasure");
	for (i = 0; i < nlines; i++)
		printf("%s\n", lines[i]);
	if (out != NULL && report_pdf_write(out, "消去証明書 / Certificate of erasure", lines, 4,
	    lines + 4, nlines - 4, &cause) != 0)
		goto out;
	rc = ADMIN_EXIT_OK;
out:
	if (cause != NULL) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
	}
	for (i = 0; i < nlines; i++)
		free(lines[i]);
	free(lines);
	free(terminal);
	free(db_path);
	free(key_path);
	victims_free(&v);
	admin_sync_close(&config, &p, db);
	return rc;
}
