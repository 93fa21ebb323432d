/* Media import requests (import-requests.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "clock.h"
#include "db-internal.h"
#include "i18n.h"
#include "import/import-requests.h"
#include "uuid.h"
#include "xmalloc.h"

const char *const import_kinds[] = { "juki_result", "applications", NULL };

const char *
import_kind_label(const char *kind)
{
	if (strcmp(kind, "juki_result") == 0)
		return _("Juki-net result file");
	if (strcmp(kind, "applications") == 0)
		return _("registration applications (CSV)");
	return kind;
}

const char *
import_status_label(const char *status)
{
	if (strcmp(status, "pending") == 0)
		return _("to decide");
	if (strcmp(status, "imported") == 0)
		return _("imported");
	if (strcmp(status, "failed") == 0)
		return _("failed");
	if (strcmp(status, "rejected") == 0)
		return _("rejected");
	return status;
}

static void
now_iso(char *buf, size_t len)
{
	struct timespec	 now;

	clock_now(&now);
	clock_iso_at(now.tv_sec, buf, len);
}

int
import_request_create(struct db *db, const struct actor *who, const char *kind,
    const char *file_name, const char *sha256, int64_t size, const char *source,
    const char *purpose, char id[37], char **cause)
{
	sqlite3_stmt	*stmt;
	char		 at[CLOCK_ISO_SIZE], *detail, *target, new_id[37];
	size_t		 i;
	int		 known = 0, rc = -1, waiting;

	*cause = NULL;
	if (rolefn_require(db, who, "import.request", cause) != 0)
		return -1;
	for (i = 0; import_kinds[i] != NULL; i++)
		known |= strcmp(kind, import_kinds[i]) == 0;
	if (!known) {
		xasprintf(cause, _("\"%s\" is not a kind of import"), kind);
		return -1;
	}
	if (source == NULL || *source == '\0' || purpose == NULL || *purpose == '\0') {
		xasprintf(cause, _("an import request says where the file came from and why"));
		return -1;
	}
	/* id is the caller's only once the request is made. */
	if (uuid_generate(new_id) != 0) {
		xasprintf(cause, _("cannot make an id for the request"));
		return -1;
	}
	now_iso(at, sizeof at);
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT count(*) FROM import_requests WHERE file_name = ?1 AND "
	    "status = 'pending'", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, file_name, -1, SQLITE_STATIC);
	waiting = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	db_release(db, stmt);
	if (waiting > 0) {
		xasprintf(cause, _("%s is requested already and waits for a supervisor"),
		    file_name);
		goto out;
	}
	stmt = db_prepare(db, "INSERT INTO import_requests (id, kind, file_name, sha256, size, "
	    "source, purpose, requested_by, requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, new_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, file_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, size);
	sqlite3_bind_text(stmt, 6, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, at, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the import request"), cause) != 0)
		goto out;
	xasprintf(&target, "import:%s", new_id);
	xasprintf(&detail, "%s %s, %lld bytes, SHA-256 %s, from %s, for %s", kind, file_name,
	    (long long)size, sha256, source, purpose);
	rc = audit_actor(db, who, "import.request", target, "ok", detail, cause);
	free(target);
	free(detail);
out:
	if ((rc = db_finish(db, rc, cause)) == 0)
		memcpy(id, new_id, sizeof new_id);
	return rc;
}

#define REQUEST_COLUMNS "id, kind, file_name, sha256, size, source, purpose, requested_by, " \
	"requested_at, status, decided_by, decided_at, outcome, coalesce(records, 0)"

static void
request_from_row(sqlite3_stmt *stmt, struct import_request *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->id, sizeof r->id, "%s", sqlite3_column_text(stmt, 0));
	r->kind = db_column_dup(stmt, 1);
	r->file_name = db_column_dup(stmt, 2);
	r->sha256 = db_column_dup(stmt, 3);
	r->size = sqlite3_column_int64(stmt, 4);
	r->source = db_column_dup(stmt, 5);
	r->purpose = db_column_dup(stmt, 6);
	r->requested_by = db_column_dup(stmt, 7);
	r->requested_at = db_column_dup(stmt, 8);
	r->status = db_column_dup(stmt, 9);
	r->decided_by = db_column_dup(stmt, 10);
	r->decided_at = db_column_dup(stmt, 11);
	r->outcome = db_column_dup(stmt, 12);
	r->records = sqlite3_column_int64(stmt, 13);
}

int
import_request_get(struct db *db, const char *id, struct import_request *r, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 step;

	memset(r, 0, sizeof *r);
	stmt = db_prepare(db, "SELECT " REQUEST_COLUMNS " FROM import_requests WHERE id = ?1",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if ((step = sqlite3_step(stmt)) == SQLITE_ROW)
		request_from_row(stmt, r);
	db_release(db, stmt);
	if (step != SQLITE_ROW) {
		xasprintf(cause, _("no import request %s"), id);
		return -1;
	}
	return 0;
}

void
import_request_clear(struct import_request *r)
{
	free(r->kind);
	free(r->file_name);
	free(r->sha256);
	free(r->source);
	free(r->purpose);
	free(r->requested_by);
	free(r->requested_at);
	free(r->status);
	free(r->decided_by);
	free(r->decided_at);
	free(r->outcome);
	memset(r, 0, sizeof *r);
}

int
import_requests_list(struct db *db, int pending_only, struct import_request **out,
    size_t *n, char **cause)
{
	struct import_request	*v = NULL;
	sqlite3_stmt		*stmt;
	size_t			 k = 0;
	int			 step;

	stmt = db_prepare(db, pending_only ? "SELECT " REQUEST_COLUMNS " FROM "
	    "import_requests WHERE status = 'pending' ORDER BY requested_at, rowid" :
	    "SELECT " REQUEST_COLUMNS " FROM import_requests ORDER BY requested_at DESC, "
	    "rowid DESC", cause);
	if (stmt == NULL)
		return -1;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof *v);
		request_from_row(stmt, &v[k++]);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		import_requests_free(v, k);
		return db_fail(db, cause, _("cannot read the import requests"));
	}
	*out = v;
	*n = k;
	return 0;
}

void
import_requests_free(struct import_request *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		import_request_clear(&v[i]);
	free(v);
}

int
import_request_decidable(struct db *db, const struct actor *who,
    const struct import_request *r, char **cause)
{
	char	*target;

	*cause = NULL;
	if (rolefn_require(db, who, "import.approve", cause) != 0)
		return -1;
	if (strcmp(r->status, "pending") != 0) {
		xasprintf(cause, _("that import request was decided already (%s)"), r->status);
		return -1;
	}
	if (strcmp(r->requested_by, who->user) == 0) {
		xasprintf(cause, _("%s requested this import and cannot decide it: another "
		    "supervisor does (four eyes)"), who->user);
		xasprintf(&target, "import:%s", r->id);
		(void)audit_actor(db, who, "import.decide", target, "denied", *cause, NULL);
		free(target);
		return -1;
	}
	return 0;
}

int
import_request_close(struct db *db, const struct actor *who, const char *id,
    const char *status, int64_t records, const char *outcome, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 at[CLOCK_ISO_SIZE], *target, *action;
	int		 rc;

	now_iso(at, sizeof at);
	stmt = db_prepare(db, "UPDATE import_requests SET status = ?2, decided_by = ?3, "
	    "decided_at = ?4, outcome = ?5, records = ?6 WHERE id = ?1 AND status = 'pending'",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, outcome, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, records);
	if (db_step_done(db, stmt, _("cannot record the decision"), cause) != 0)
		return -1;
	if (sqlite3_changes(db->h) != 1) {
		xasprintf(cause, _("that import request was decided meanwhile"));
		return -1;
	}
	xasprintf(&target, "import:%s", id);
	xasprintf(&action, "import.%s", strcmp(status, "imported") == 0 ? "run" : status);
	rc = audit_actor(db, who, action, target, strcmp(status, "imported") == 0 ? "ok" :
	    strcmp(status, "failed") == 0 ? "failed" : "ok", outcome, cause);
	free(target);
	free(action);
	return rc;
}
