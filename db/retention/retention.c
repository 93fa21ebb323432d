/*
 * Retention rules, dry runs and erasure with its record (SPEC §7, issue 22). See
 * retention.h for what is kept how; this file says why each kind is erased the way it is.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "clock.h"
#include "config-file.h"
#include "db-internal.h"
#include "i18n.h"
#include "retention/retention.h"
#include "retention/retention-internal.h"
#include "sync/outbox.h"
#include "uuid.h"
#include "xmalloc.h"

const char *const retention_kinds[] = {
	"juki_answers", "juki_quarantine", "outbox_pushed", "print_files", "backups", NULL
};

const char *const retention_record_kinds[] = {
	"juki_answers", "juki_quarantine", "outbox_pushed", "print_files", "backups",
	"mynumbers_acknowledged", "export_files", "import_files", "terminal", NULL
};

/* The register's tables, named so that the refusal can say why (the schema refuses too). */
static const char *const register_kinds[] = {
	"register", "holders", "registrations", "events", "applications", "certificates",
	"cert_prints", "accounts", "audit_log", "mynumbers", NULL
};

#define METHOD_ROWS	"deleted with secure_delete (pages overwritten), WAL checkpointed"
#define METHOD_FILES	"overwritten with zeros, synced and unlinked"

/*
 * A kind kept in the database: what a dry run counts (?1 the cutoff: count, bytes, oldest,
 * newest), and the statements that erase it, in order; the changes of the one marked
 * counted are the record's count.
 */
struct row_kind {
	const char	*kind;
	const char	*stats;
	const char	*erase[3];
	int		 counted;
};

static const struct row_kind row_kinds[] = {
	/*
	 * Answers a supervisor's open review still points at stay until it is closed; a
	 * query's summary (name, birth date) goes once its answers are gone, unless it
	 * still waits for one.
	 */
	{ "juki_answers",
	  "SELECT count(*), coalesce(sum(length(name) + length(kana) + length(address) + "
	  "length(old_name) + length(old_kana) + length(changes) + length(matched)), 0), "
	  "min(received_at), max(received_at) FROM juki_results WHERE received_at < ?1 AND "
	  "id NOT IN (SELECT result_id FROM juki_review WHERE status = 'open')",
	  { "DELETE FROM juki_review WHERE status = 'done' AND result_id IN (SELECT id FROM "
	    "juki_results WHERE received_at < ?1)",
	    "DELETE FROM juki_results WHERE received_at < ?1 AND id NOT IN (SELECT result_id "
	    "FROM juki_review)",
	    "UPDATE juki_queries SET key_summary = '' WHERE requested_at < ?1 AND "
	    "key_summary <> '' AND status <> 'pending' AND id NOT IN (SELECT query_id FROM "
	    "juki_results)" }, 1 },
	/*
	 * Only rows the central store acknowledged (pushed_at set), and never the newest of
	 * them: a restored terminal's recovery reads where the acknowledged part of the
	 * outbox ends (sync-recover.c).
	 */
	{ "outbox_pushed",
	  "SELECT count(*), coalesce(sum(length(payload)), 0), min(pushed_at), "
	  "max(pushed_at) FROM outbox WHERE pushed_at IS NOT NULL AND pushed_at < ?1 AND "
	  "seq < (SELECT max(seq) FROM outbox WHERE pushed_at IS NOT NULL)",
	  { "DELETE FROM outbox WHERE pushed_at IS NOT NULL AND pushed_at < ?1 AND seq < "
	    "(SELECT max(seq) FROM outbox WHERE pushed_at IS NOT NULL)", NULL, NULL }, 0 },
};

/* A kind kept as files in one directory: regular files only, never through a link. */
struct file_kind {
	const char	*kind;
	const char	*prefix;	/* only names that begin so; NULL: any */
	const char	*suffix;	/* only names that end so; NULL: any */
	const char	*companion;	/* erased with each: its name and this suffix */
	int		 keep_newest;	/* the dirs' keep newest (by time) are never erased */
};

static const struct file_kind file_kinds[] = {
	{ "juki_quarantine", NULL, NULL, NULL, 0 },
	{ "print_files", NULL, ".pdf", NULL, 0 },
	/* A backup and its manifest (app/backup/backup-manifest.h) go together. */
	{ "backups", "madoguchi-", ".db", ".manifest", 1 },
};

void
retention_dirs_from(struct retention_dirs *d, const struct config *c)
{
	d->juki_quarantine = c->juki_quarantine;
	d->cert_spool = c->cert_spool;
	d->backup_dir = c->backup_dir;
	d->backup_keep = c->backup_keep;
}

const char *
retention_kind_label(const char *kind)
{
	static const struct {
		const char	*kind, *label;
	} labels[] = {
		{ "juki_answers", N_("Juki-net answers") },
		{ "juki_quarantine", N_("Quarantined Juki result files") },
		{ "outbox_pushed", N_("Sync outbox rows acknowledged") },
		{ "print_files", N_("PDFs left in the print spool") },
		{ "backups", N_("Backups beyond the newest kept") },
	};
	size_t	 i;

	for (i = 0; kind != NULL && i < sizeof labels / sizeof labels[0]; i++) {
		if (strcmp(kind, labels[i].kind) == 0)
			return _(labels[i].label);
	}
	return NULL;
}

static const struct row_kind *
row_kind(const char *kind)
{
	size_t	 i;

	for (i = 0; i < sizeof row_kinds / sizeof row_kinds[0]; i++) {
		if (strcmp(kind, row_kinds[i].kind) == 0)
			return &row_kinds[i];
	}
	return NULL;
}

static const struct file_kind *
file_kind(const char *kind)
{
	size_t	 i;

	for (i = 0; i < sizeof file_kinds / sizeof file_kinds[0]; i++) {
		if (strcmp(kind, file_kinds[i].kind) == 0)
			return &file_kinds[i];
	}
	return NULL;
}

static const char *
file_kind_dir(const struct retention_dirs *dirs, const char *kind)
{
	if (strcmp(kind, "juki_quarantine") == 0)
		return dirs->juki_quarantine;
	if (strcmp(kind, "backups") == 0)
		return dirs->backup_dir;
	return dirs->cert_spool;
}

static time_t
cutoff_of(int days)
{
	struct timespec	 now;

	clock_now(&now);
	return now.tv_sec - (time_t)days * 86400;
}

int
retention_rules_read(struct db *db, struct retention_rule **out, size_t *n, char **cause)
{
	struct retention_rule	*v = NULL;
	sqlite3_stmt		*stmt;
	size_t			 k = 0;
	int			 step;

	stmt = db_prepare(db, "SELECT kind, days, automatic, changed_by, changed_at FROM "
	    "retention_rules", cause);
	if (stmt == NULL)
		return -1;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof *v);
		snprintf(v[k].kind, sizeof v[k].kind, "%s", sqlite3_column_text(stmt, 0));
		v[k].days = sqlite3_column_int(stmt, 1);
		v[k].automatic = sqlite3_column_int(stmt, 2);
		v[k].changed_by = db_column_dup(stmt, 3);
		v[k].changed_at = db_column_dup(stmt, 4);
		k++;
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		retention_rules_free(v, k);
		return db_fail(db, cause, _("cannot read the retention rules"));
	}
	*out = v;
	*n = k;
	return 0;
}

void
retention_rules_free(struct retention_rule *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].changed_by);
		free(v[i].changed_at);
	}
	free(v);
}

int
retention_rule_of(struct db *db, const char *kind, struct retention_rule *r, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 step;

	stmt = db_prepare(db, "SELECT days, automatic FROM retention_rules WHERE kind = ?1",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	step = sqlite3_step(stmt);
	if (step == SQLITE_ROW) {
		snprintf(r->kind, sizeof r->kind, "%s", kind);
		r->days = sqlite3_column_int(stmt, 0);
		r->automatic = sqlite3_column_int(stmt, 1);
		r->changed_by = r->changed_at = NULL;
	}
	db_release(db, stmt);
	if (step != SQLITE_ROW) {
		xasprintf(cause, _("no retention rule for %s"), kind);
		return -1;
	}
	return 0;
}

/* Why a kind cannot have a rule: -1 and *cause; 0 when it can. */
int
retention_kind_refused(const char *kind, char **cause)
{
	size_t	 i;

	for (i = 0; register_kinds[i] != NULL; i++) {
		if (strcmp(kind, register_kinds[i]) == 0) {
			xasprintf(cause, _("%s is part of the register, which has no retention "
			    "rule: holders, registrations, their history, certificates, accounts "
			    "and the audit log are kept as long as the register requires and are "
			    "never erased automatically (SPEC 7; an office once lost about 11 "
			    "million records to a deletion rule shorter than the legal "
			    "retention)"), kind);
			return -1;
		}
	}
	if (retention_kind_label(kind) == NULL) {
		xasprintf(cause, _("%s is not a kind of temporary data (known: juki_answers, "
		    "juki_quarantine, outbox_pushed, print_files, backups)"), kind);
		return -1;
	}
	return 0;
}

int
retention_rule_set(struct db *db, const struct actor *who, const char *kind, int days,
    int automatic, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*detail;
	int		 rc = -1;

	*cause = NULL;
	if (retention_kind_refused(kind, cause) != 0)
		return -1;
	if (days < 0 || days > 36500) {
		xasprintf(cause, _("a retention period of %d days: it must be 0 to 36500 days"),
		    days);
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "UPDATE retention_rules SET days = ?2, automatic = ?3, "
	    "changed_by = ?4, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE "
	    "kind = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, days);
	sqlite3_bind_int(stmt, 3, automatic != 0);
	sqlite3_bind_text(stmt, 4, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot change the retention rule"), cause) != 0)
		goto out;
	xasprintf(&detail, "%s %d days %s", kind, days, automatic ? "automatic" :
	    "approval");
	rc = audit_actor(db, who, "retention.rule", "", "ok", detail, cause);
	free(detail);
out:
	return db_finish(db, rc, cause);
}

/* A file kind's files older than cutoff: names, and the dry run's figures. */
struct file_scan {
	char		**names;
	size_t		  n;
	int64_t		  bytes;
	time_t		  oldest, newest;
};

static void
file_scan_free(struct file_scan *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		free(s->names[i]);
	free(s->names);
	memset(s, 0, sizeof *s);
}

/* A file of a kind's directory, as found. */
struct found_file {
	char	*name;
	time_t	 mtime;
	off_t	 size;
};

static int
found_newest_first(const void *a, const void *b)
{
	const struct found_file	*x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime > y->mtime ? -1 : 1;
	return -strcmp(x->name, y->name);
}

static int
name_matches(const struct file_kind *fk, const char *name)
{
	size_t	 len = strlen(name), slen = fk->suffix != NULL ? strlen(fk->suffix) : 0;

	if (name[0] == '.')
		return 0;
	if (fk->prefix != NULL && strncmp(name, fk->prefix, strlen(fk->prefix)) != 0)
		return 0;
	return slen == 0 || (len > slen && strcmp(name + len - slen, fk->suffix) == 0);
}

/* A file's size, with its companion's when it has one (a backup's manifest). */
static off_t
companion_size(const char *dir, const struct file_kind *fk, const char *name)
{
	struct stat	 st;
	char		*path;
	off_t		 size = 0;

	if (fk->companion == NULL)
		return 0;
	xasprintf(&path, "%s/%s%s", dir, name, fk->companion);
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		size = st.st_size;
	free(path);
	return size;
}

/*
 * The kind's files older than cutoff, but never one of the keep newest when the kind
 * keeps some (backups: the newest stay whatever their age).
 */
static int
file_scan(const char *dir, const struct file_kind *fk, int keep, time_t cutoff,
    struct file_scan *s, char **cause)
{
	struct found_file	*all = NULL;
	struct dirent		*de;
	struct stat		 st;
	DIR			*d;
	size_t			 n = 0, i;
	char			*path;

	memset(s, 0, sizeof *s);
	if (dir == NULL || *dir == '\0')
		return 0;
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;	/* never made: nothing in it */
		xasprintf(cause, _("cannot read %s: %s"), dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (!name_matches(fk, de->d_name))
			continue;
		xasprintf(&path, "%s/%s", dir, de->d_name);
		/* lstat: a link is not a file of ours, and is never followed. */
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		free(path);
		all = xreallocarray(all, n + 1, sizeof *all);
		all[n].name = xstrdup(de->d_name);
		all[n].mtime = st.st_mtime;
		all[n++].size = st.st_size;
	}
	closedir(d);
	if (fk->keep_newest && n > 1)
		qsort(all, n, sizeof *all, found_newest_first);
	for (i = 0; i < n; i++) {
		if ((fk->keep_newest && i < (size_t)keep) || all[i].mtime >= cutoff) {
			free(all[i].name);
			continue;
		}
		s->names = xreallocarray(s->names, s->n + 1, sizeof *s->names);
		s->names[s->n++] = all[i].name;
		s->bytes += all[i].size + companion_size(dir, fk, all[i].name);
		if (s->n == 1 || all[i].mtime < s->oldest)
			s->oldest = all[i].mtime;
		if (s->n == 1 || all[i].mtime > s->newest)
			s->newest = all[i].mtime;
	}
	free(all);
	return 0;
}

static int
plan_rows(struct db *db, const struct row_kind *rk, struct retention_plan *p, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 step;

	if ((stmt = db_prepare(db, rk->stats, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, p->cutoff, -1, SQLITE_STATIC);
	step = sqlite3_step(stmt);
	if (step == SQLITE_ROW) {
		p->count = sqlite3_column_int64(stmt, 0);
		p->bytes = sqlite3_column_int64(stmt, 1);
		p->oldest = db_column_dup(stmt, 2);
		p->newest = db_column_dup(stmt, 3);
	}
	db_release(db, stmt);
	if (step != SQLITE_ROW)
		return db_fail(db, cause, _("cannot count what the rule lets go"));
	return 0;
}

static void
plan_files(const struct file_scan *s, struct retention_plan *p)
{
	char	 t[32];

	p->count = (int64_t)s->n;
	p->bytes = s->bytes;
	if (s->n > 0) {
		clock_iso_at(s->oldest, t, sizeof t);
		p->oldest = xstrdup(t);
		clock_iso_at(s->newest, t, sizeof t);
		p->newest = xstrdup(t);
	}
}

/* One kind's plan: at its rule's cutoff now, or (at not 0) at the cutoff given. */
static int
plan_kind(struct db *db, const struct retention_dirs *dirs, const struct retention_rule *r,
    time_t at, struct retention_plan *p, struct file_scan *files, char **cause)
{
	const struct row_kind	*rk;
	const struct file_kind	*fk;
	time_t			 cutoff = at != 0 ? at : cutoff_of(r->days);

	memset(p, 0, sizeof *p);
	memset(files, 0, sizeof *files);
	snprintf(p->kind, sizeof p->kind, "%s", r->kind);
	p->days = r->days;
	p->automatic = r->automatic;
	clock_iso_at(cutoff, p->cutoff, sizeof p->cutoff);
	if ((rk = row_kind(r->kind)) != NULL)
		return plan_rows(db, rk, p, cause);
	if ((fk = file_kind(r->kind)) == NULL) {
		xasprintf(cause, _("%s is not a kind of temporary data"), r->kind);
		return -1;
	}
	if (file_scan(file_kind_dir(dirs, r->kind), fk, dirs->backup_keep, cutoff, files,
	    cause) != 0)
		return -1;
	plan_files(files, p);
	return 0;
}

int
retention_dry_run(struct db *db, const struct retention_dirs *dirs,
    struct retention_plan **out, size_t *n, char **cause)
{
	struct retention_rule	*rules;
	struct retention_plan	*v;
	struct file_scan	 files;
	size_t			 nrules, i, k;

	*cause = NULL;
	if (retention_rules_read(db, &rules, &nrules, cause) != 0)
		return -1;
	v = xcalloc(nrules + 1, sizeof *v);
	/* In the order of retention_kinds, whatever the table's. */
	for (k = 0, *n = 0; retention_kinds[k] != NULL; k++) {
		for (i = 0; i < nrules; i++) {
			if (strcmp(rules[i].kind, retention_kinds[k]) != 0)
				continue;
			if (plan_kind(db, dirs, &rules[i], 0, &v[*n], &files, cause) != 0) {
				retention_plans_free(v, *n);
				retention_rules_free(rules, nrules);
				return -1;
			}
			file_scan_free(&files);
			(*n)++;
		}
	}
	retention_rules_free(rules, nrules);
	*out = v;
	return 0;
}

void
retention_plans_free(struct retention_plan *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].oldest);
		free(v[i].newest);
	}
	free(v);
}

static int
audit_erasure(struct db *db, const struct actor *who, const char *kind, int64_t count,
    int64_t record, char **cause)
{
	char	*detail;
	int	 rc;

	xasprintf(&detail, "%s: %lld erased, erasure record %lld", kind, (long long)count,
	    (long long)record);
	rc = audit_actor(db, who, "retention.erase", "", "ok", detail, cause);
	free(detail);
	return rc;
}

static int64_t
record_insert(struct db *db, const struct retention_plan *p, const char *method,
    const char *proposed_by, const char *approved_by, const char *state, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[CLOCK_ISO_SIZE], uuid[UUID_STRLEN + 1];

	clock_iso(now, sizeof now);
	if (uuid_generate(uuid) != 0) {
		xasprintf(cause, _("cannot make an id for the erasure record"));
		return -1;
	}
	stmt = db_prepare(db, "INSERT INTO erasure_records (kind, rule_days, cutoff, count, "
	    "bytes, oldest, newest, method, proposed_by, approved_by, state, started_at, "
	    "finished_at, uuid, terminal_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12, CASE WHEN ?11 = 'done' THEN ?12 END, ?13, ?14)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 13, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 14, db->terminal_id != NULL ? db->terminal_id : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 1, p->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, p->days);
	sqlite3_bind_text(stmt, 3, p->cutoff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, p->count);
	sqlite3_bind_int64(stmt, 5, p->bytes);
	if (p->oldest != NULL)
		sqlite3_bind_text(stmt, 6, p->oldest, -1, SQLITE_STATIC);
	if (p->newest != NULL)
		sqlite3_bind_text(stmt, 7, p->newest, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, method, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, proposed_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, approved_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 12, now, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot write the erasure record"), cause) != 0)
		return -1;
	return sqlite3_last_insert_rowid(db->h);
}

/*
 * A record done goes to the central store with the next push, in the transaction that
 * finished it. bytes is sent as text: it may pass the million a count may hold.
 */
static int
record_push(struct db *db, int64_t id, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*uuid = NULL, *payload = NULL;
	int		 rc;

	stmt = db_prepare(db, "SELECT uuid, json_object('id', uuid, 'terminal_id', "
	    "terminal_id, 'kind', kind, 'rule_days', rule_days, 'cutoff', cutoff, 'count', "
	    "count, 'bytes', CAST(bytes AS TEXT), 'oldest', oldest, 'newest', newest, "
	    "'method', method, 'proposed_by', proposed_by, 'approved_by', approved_by, "
	    "'started_at', started_at, 'finished_at', finished_at) FROM erasure_records "
	    "WHERE id = ?1 AND state = 'done'", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		uuid = db_column_dup(stmt, 0);
		payload = db_column_dup(stmt, 1);
	}
	db_release(db, stmt);
	if (uuid == NULL || payload == NULL) {
		free(uuid);
		free(payload);
		return db_fail(db, cause, _("cannot read the erasure record"));
	}
	rc = outbox_append(db, "erasure_record", uuid, 1, OUTBOX_INSERT, payload, cause);
	free(uuid);
	free(payload);
	return rc;
}

static int
record_done(struct db *db, int64_t id, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[CLOCK_ISO_SIZE];

	clock_iso(now, sizeof now);
	stmt = db_prepare(db, "UPDATE erasure_records SET state = 'done', finished_at = ?2 "
	    "WHERE id = ?1 AND state = 'running'", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, now, -1, SQLITE_STATIC);
	return db_step_done(db, stmt, _("cannot finish the erasure record"), cause);
}

/*
 * Rows: the statements and the record in one transaction, so that a crash leaves either
 * both or neither; then the WAL is checkpointed and truncated, so that the only copies of
 * the deleted rows' pages (secure_delete zeroed them in the new ones) leave with it.
 */
static int
erase_rows(struct db *db, const struct row_kind *rk, struct retention_plan *p,
    const struct actor *who, const char *proposed_by, const char *approved_by,
    int64_t *record, char **cause)
{
	sqlite3_stmt	*stmt;
	size_t		 i;
	int64_t		 count = 0;
	int		 rc = -1;

	if (db_begin(db, cause) != 0)
		return -1;
	free(p->oldest);
	free(p->newest);
	p->oldest = p->newest = NULL;
	if (plan_rows(db, rk, p, cause) != 0)
		goto out;
	if (p->count == 0) {
		rc = 0;
		goto out;
	}
	for (i = 0; i < sizeof rk->erase / sizeof rk->erase[0] && rk->erase[i] != NULL;
	    i++) {
		if ((stmt = db_prepare(db, rk->erase[i], cause)) == NULL)
			goto out;
		sqlite3_bind_text(stmt, 1, p->cutoff, -1, SQLITE_STATIC);
		if (db_step_done(db, stmt, _("cannot erase"), cause) != 0)
			goto out;
		if ((int)i == rk->counted)
			count = sqlite3_changes(db->h);
	}
	if (count != p->count) {
		xasprintf(cause, _("%s: %lld counted but %lld erased; nothing was erased"),
		    p->kind, (long long)p->count, (long long)count);
		goto out;
	}
	if ((*record = record_insert(db, p, METHOD_ROWS, proposed_by, approved_by, "done",
	    cause)) < 0 || record_push(db, *record, cause) != 0 ||
	    audit_erasure(db, who, p->kind, count, *record, cause) != 0)
		goto out;
	rc = 0;
out:
	if (db_finish(db, rc, cause) != 0) {
		*record = 0;
		return -1;
	}
	if (*record > 0 && db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", cause) != 0)
		return -1;
	return 0;
}

/* Overwritten with zeros where it lies, synced, then unlinked. Gone already: done. */
int
retention_shred(const char *path, char **cause)
{
	static const char	 zeros[65536];
	struct stat		 st;
	off_t			 left;
	ssize_t			 w;
	int			 fd, rc = -1;

	if ((fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		xasprintf(cause, _("cannot erase %s: %s"), path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		xasprintf(cause, _("cannot erase %s: not a regular file"), path);
		goto out;
	}
	for (left = st.st_size; left > 0; left -= w) {
		w = write(fd, zeros, left < (off_t)sizeof zeros ? (size_t)left : sizeof zeros);
		if (w == -1 && errno == EINTR) {
			w = 0;
			continue;
		}
		if (w <= 0) {
			xasprintf(cause, _("cannot overwrite %s: %s"), path, strerror(errno));
			goto out;
		}
	}
	if (fsync(fd) != 0 || unlink(path) != 0) {
		xasprintf(cause, _("cannot erase %s: %s"), path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

/* A file of a kind, with its companion first (a manifest never outlives its backup's). */
static int
erase_file(const char *dir, const struct file_kind *fk, const char *name, char **cause)
{
	char	*path;
	int	 rc = 0;

	if (fk->companion != NULL) {
		xasprintf(&path, "%s/%s%s", dir, name, fk->companion);
		rc = retention_shred(path, cause);
		free(path);
	}
	if (rc == 0) {
		xasprintf(&path, "%s/%s", dir, name);
		rc = retention_shred(path, cause);
		free(path);
	}
	return rc;
}

/* The names a file erasure planned, written with its running record. */
static int
pending_insert(struct db *db, int64_t record, const struct file_scan *s, char **cause)
{
	sqlite3_stmt	*stmt;
	size_t		 i;

	for (i = 0; i < s->n; i++) {
		stmt = db_prepare(db, "INSERT INTO erasure_pending_files (record_id, name) "
		    "VALUES (?1, ?2)", cause);
		if (stmt == NULL)
			return -1;
		sqlite3_bind_int64(stmt, 1, record);
		sqlite3_bind_text(stmt, 2, s->names[i], -1, SQLITE_STATIC);
		if (db_step_done(db, stmt, _("cannot write the erasure record"), cause) != 0)
			return -1;
	}
	return 0;
}

/* The record done, its names forgotten, the erasure audited: one transaction. */
static int
files_done(struct db *db, const struct actor *who, const char *kind, int64_t record,
    int64_t count, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc = -1;

	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "DELETE FROM erasure_pending_files WHERE record_id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, record);
	if (db_step_done(db, stmt, _("cannot finish the erasure record"), cause) != 0 ||
	    record_done(db, record, cause) != 0 || record_push(db, record, cause) != 0 ||
	    audit_erasure(db, who, kind, count, record, cause) != 0)
		goto out;
	rc = 0;
out:
	return db_finish(db, rc, cause);
}

/*
 * A file erasure cut short (crash, kill -9): its record says running and names the files
 * it planned. Those still there go now, and the record is finished: each file is counted
 * once, by the record written before the first went; a file that came since is not its.
 */
static int
finish_running(struct db *db, const struct retention_dirs *dirs, const struct file_kind *fk,
    const struct actor *who, char **cause)
{
	struct file_scan	 s;
	sqlite3_stmt		*stmt;
	int64_t			 id = 0, count = 0;
	size_t			 i;
	int			 step, rc = -1;

	stmt = db_prepare(db, "SELECT id, count FROM erasure_records WHERE kind = ?1 AND "
	    "state = 'running' ORDER BY id LIMIT 1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, fk->kind, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		count = sqlite3_column_int64(stmt, 1);
	}
	db_release(db, stmt);
	if (id == 0)
		return 0;
	memset(&s, 0, sizeof s);
	stmt = db_prepare(db, "SELECT name FROM erasure_pending_files WHERE record_id = ?1",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		s.names = xreallocarray(s.names, s.n + 1, sizeof *s.names);
		s.names[s.n++] = db_column_dup(stmt, 0);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		db_fail(db, cause, _("cannot read the erasure record"));
		goto out;
	}
	for (i = 0; i < s.n; i++) {
		/* A name is a name in the directory, never a path (the schema has no say). */
		if (strchr(s.names[i], '/') != NULL || strcmp(s.names[i], "..") == 0) {
			xasprintf(cause, _("erasure record %lld names %s, which is not a file of "
			    "its directory"), (long long)id, s.names[i]);
			goto out;
		}
		if (erase_file(file_kind_dir(dirs, fk->kind), fk, s.names[i], cause) != 0)
			goto out;
	}
	rc = files_done(db, who, fk->kind, id, count, cause);
out:
	file_scan_free(&s);
	return rc;
}

static int
erase_files(struct db *db, const struct retention_dirs *dirs, const struct file_kind *fk,
    const struct retention_rule *r, time_t at, const struct actor *who,
    const char *proposed_by, const char *approved_by, int64_t *record, char **cause)
{
	struct retention_plan	 p;
	struct file_scan	 s;
	size_t			 i;
	int			 rc = -1;

	if (finish_running(db, dirs, fk, who, cause) != 0)
		return -1;
	if (plan_kind(db, dirs, r, at, &p, &s, cause) != 0)
		return -1;
	if (s.n == 0) {
		rc = 0;
		goto out;
	}
	/* The record first: a run cut short is finished under it (finish_running). */
	if (db_begin(db, cause) != 0)
		goto out;
	*record = record_insert(db, &p, METHOD_FILES, proposed_by, approved_by, "running",
	    cause);
	rc = *record < 0 || pending_insert(db, *record, &s, cause) != 0 ? -1 : 0;
	if (db_finish(db, rc, cause) != 0) {
		*record = 0;
		rc = -1;
		goto out;
	}
	rc = -1;
	for (i = 0; i < s.n; i++) {
		if (erase_file(file_kind_dir(dirs, fk->kind), fk, s.names[i], cause) != 0)
			goto out;
	}
	rc = files_done(db, who, fk->kind, *record, p.count, cause);
out:
	free(p.oldest);
	free(p.newest);
	file_scan_free(&s);
	return rc;
}

/*
 * One erasure at a time per database, across processes (the background process, the
 * admin tool, a supervisor's approval): an advisory lock on the database file, which
 * SQLite's own (fcntl) locks do not touch. The kernel drops it when its process dies, so a
 * run cut short leaves a running record and no lock, and the next run finishes it; a run
 * still going holds the lock, and the other waits a few seconds, then refuses.
 */
static int
erase_lock(struct db *db, char **cause)
{
	struct timespec	 step = { 0, 100 * 1000 * 1000 };
	int		 fd, i;

	if ((fd = open(db->path, O_RDONLY | O_CLOEXEC)) == -1) {
		xasprintf(cause, _("cannot open %s to lock it: %s"), db->path, strerror(errno));
		return -1;
	}
	for (i = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; i++) {
		if (errno != EWOULDBLOCK || i == 50) {
			close(fd);
			xasprintf(cause, _("another erasure of this terminal is running; nothing "
			    "was erased: try again when it has ended"));
			return -1;
		}
		nanosleep(&step, NULL);
	}
	return fd;
}

/* What retention_erase and an approved request do: at 0 is the rule's cutoff now. */
int
retention_erase_at(struct db *db, const struct retention_dirs *dirs, const struct actor *who,
    const char *kind, time_t at, const char *proposed_by, const char *approved_by,
    int64_t *record, char **cause)
{
	struct retention_rule	 r;
	struct retention_plan	 p;
	const struct row_kind	*rk;
	const struct file_kind	*fk;
	struct file_scan	 unused;
	int			 rc = -1, lock;

	*record = 0;
	*cause = NULL;
	if (retention_kind_refused(kind, cause) != 0 ||
	    retention_rule_of(db, kind, &r, cause) != 0)
		return -1;
	if ((lock = erase_lock(db, cause)) == -1)
		return -1;
	if ((fk = file_kind(kind)) != NULL) {
		rc = erase_files(db, dirs, fk, &r, at, who, proposed_by, approved_by, record,
		    cause);
		goto out;
	}
	rk = row_kind(kind);
	if (plan_kind(db, dirs, &r, at, &p, &unused, cause) != 0)
		goto out;
	rc = erase_rows(db, rk, &p, who, proposed_by, approved_by, record, cause);
	free(p.oldest);
	free(p.newest);
out:
	close(lock);
	return rc;
}

int
retention_erase(struct db *db, const struct retention_dirs *dirs, const struct actor *who,
    const char *kind, const char *approved_by, int64_t *record, char **cause)
{
	return retention_erase_at(db, dirs, who, kind, 0, who->user, approved_by, record,
	    cause);
}

static int64_t
record_count(struct db *db, int64_t id)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL;
	int64_t		 n = 0;

	if ((stmt = db_prepare(db, "SELECT count FROM erasure_records WHERE id = ?1",
	    &cause)) == NULL) {
		free(cause);
		return 0;
	}
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	db_release(db, stmt);
	return n;
}

int
retention_run_automatic(struct db *db, const struct retention_dirs *dirs,
    const struct actor *who, int64_t *erased, char **cause)
{
	struct retention_rule	*rules;
	size_t			 n, i;
	int64_t			 record, count;
	char			*approved;
	int			 rc = 0;

	*erased = 0;
	*cause = NULL;
	if (retention_rules_read(db, &rules, &n, cause) != 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		if (!rules[i].automatic)
			continue;
		xasprintf(&approved, "automatic under rule %s (%d days)", rules[i].kind,
		    rules[i].days);
		rc = retention_erase(db, dirs, who, rules[i].kind, approved, &record, cause);
		free(approved);
		if (rc == 0 && record > 0) {
			count = record_count(db, record);
			*erased += count;
		}
	}
	retention_rules_free(rules, n);
	return rc;
}

int
retention_records_read(struct db *db, struct erasure_record **out, size_t *n, char **cause)
{
	struct erasure_record	*v = NULL, *r;
	sqlite3_stmt		*stmt;
	size_t			 k = 0;
	int			 step;

	stmt = db_prepare(db, "SELECT id, kind, cutoff, oldest, newest, method, proposed_by, "
	    "approved_by, state, started_at, finished_at, rule_days, count, bytes FROM "
	    "erasure_records ORDER BY id", cause);
	if (stmt == NULL)
		return -1;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof *v);
		r = &v[k++];
		r->id = sqlite3_column_int64(stmt, 0);
		r->kind = db_column_dup(stmt, 1);
		r->cutoff = db_column_dup(stmt, 2);
		r->oldest = db_column_dup(stmt, 3);
		r->newest = db_column_dup(stmt, 4);
		r->method = db_column_dup(stmt, 5);
		r->proposed_by = db_column_dup(stmt, 6);
		r->approved_by = db_column_dup(stmt, 7);
		r->state = db_column_dup(stmt, 8);
		r->started_at = db_column_dup(stmt, 9);
		r->finished_at = db_column_dup(stmt, 10);
		r->rule_days = sqlite3_column_int(stmt, 11);
		r->count = sqlite3_column_int64(stmt, 12);
		r->bytes = sqlite3_column_int64(stmt, 13);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		retention_records_free(v, k);
		return db_fail(db, cause, _("cannot read the erasure records"));
	}
	*out = v;
	*n = k;
	return 0;
}

void
retention_records_free(struct erasure_record *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].kind);
		free(v[i].cutoff);
		free(v[i].oldest);
		free(v[i].newest);
		free(v[i].method);
		free(v[i].proposed_by);
		free(v[i].approved_by);
		free(v[i].state);
		free(v[i].started_at);
		free(v[i].finished_at);
	}
	free(v);
}

int
retention_daily(struct db *db, const struct retention_dirs *dirs, const struct actor *who,
    int *ran, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[CLOCK_ISO_SIZE], since[32];
	int64_t		 erased;
	int		 due = 0;

	*ran = 0;
	*cause = NULL;
	clock_iso(now, sizeof now);
	clock_iso_at(cutoff_of(1), since, sizeof since);
	stmt = db_prepare(db, "SELECT last_run IS NULL OR last_run <= ?1 FROM "
	    "retention_state", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, since, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		due = sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	if (!due)
		return 0;
	/* Marked first: a run that fails is tried again tomorrow, not in every round. */
	stmt = db_prepare(db, "UPDATE retention_state SET last_run = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, now, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot keep when retention ran"), cause) != 0)
		return -1;
	*ran = 1;
	return retention_run_automatic(db, dirs, who, &erased, cause);
}

int
retention_plan_one(struct db *db, const struct retention_dirs *dirs, const char *kind,
    struct retention_plan *p, char **cause)
{
	struct retention_rule	 r;
	struct file_scan	 files;
	int			 rc;

	memset(p, 0, sizeof *p);
	if (retention_kind_refused(kind, cause) != 0 ||
	    retention_rule_of(db, kind, &r, cause) != 0)
		return -1;
	rc = plan_kind(db, dirs, &r, 0, p, &files, cause);
	file_scan_free(&files);
	return rc;
}

int
retention_record_rows(struct db *db, const struct actor *who, const char *kind, int days,
    const char *cutoff, int64_t count, const char *oldest, const char *newest,
    const char *approved_by, char **cause)
{
	struct retention_plan	 p;
	int64_t			 record;

	memset(&p, 0, sizeof p);
	snprintf(p.kind, sizeof p.kind, "%s", kind);
	p.days = days;
	snprintf(p.cutoff, sizeof p.cutoff, "%s", cutoff);
	p.count = count;
	p.oldest = (char *)oldest;
	p.newest = (char *)newest;
	if ((record = record_insert(db, &p, strcmp(kind, "export_files") == 0 ||
	    strcmp(kind, "import_files") == 0 ? METHOD_FILES : METHOD_ROWS, who->user, approved_by, "done", cause)) < 0 ||
	    record_push(db, record, cause) != 0)
		return -1;
	return audit_erasure(db, who, kind, count, record, cause);
}

int
retention_shred_recorded(struct db *db, const struct actor *who, const char *kind,
    const char *path, const char *approved, char **cause)
{
	struct timespec	 now;
	char		 at[CLOCK_ISO_SIZE];

	if (retention_shred(path, cause) != 0)
		return -1;
	clock_now(&now);
	clock_iso_at(now.tv_sec, at, sizeof at);
	return retention_record_rows(db, who, kind, 0, at, 1, NULL, NULL, approved, cause);
}
