/* db/cert/: certificate numbers and blocks, issued certificates, the reissue workflow.
 * May use: lib/, db/. */
/*
 * Certificates: the first one with a registration, what a print needs, the print log.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "cert/cert-numbers.h"
#include "cert/certificates.h"
#include "db-internal.h"
#include "i18n.h"
#include "register/register-internal.h"
#include "uuid.h"
#include "xmalloc.h"

int
cert_assign_number(struct db *db, struct application *a, const char *registration_id,
    char **cause)
{
	char		 number[CERT_NUMBER_SIZE];
	const char	*typed;
	size_t		 i;

	typed = reg_values_get(a->values, a->n_values, "certificate_number");
	if (typed != NULL && *typed != '\0')
		return 0;
	if (cert_numbers_take(db, registration_id, number, cause) != 0)
		return -1;
	for (i = 0; i < a->n_values; i++) {
		if (strcmp(a->values[i].key, "certificate_number") == 0) {
			free(a->values[i].value);
			a->values[i].value = xstrdup(number);
			return 0;
		}
	}
	a->values = xreallocarray(a->values, a->n_values + 1, sizeof *a->values);
	a->values[a->n_values].key = xstrdup("certificate_number");
	a->values[a->n_values++].value = xstrdup(number);
	return 0;
}

int
cert_issue_first(struct db *db, const struct actor *who, const struct application *a,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 id[37];

	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	stmt = db_prepare(db, "INSERT INTO certificates (id, registration_id, "
	    "certificate_number, kind, issued_on, issue_date, application_id, created_by, "
	    "approved_by, created_at) SELECT ?1, id, certificate_number, 'issue', issue_date, "
	    "issue_date, ?2, ?3, ?4, " NOW " FROM registrations WHERE id = ?5", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, a->requested_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, a->registration_id, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the certificate"), cause) != 0)
		return -1;
	if (sqlite3_changes(db->h) != 1) {
		xasprintf(cause, _("no such registration in the register"));
		return -1;
	}
	return cert_outbox(db, id, 0, cause);
}

void
cert_doc_clear(struct cert_doc *d)
{
	free(d->certificate_number);
	free(d->qualification);
	free(d->kind);
	free(d->issued_on);
	free(d->issue_date);
	free(d->reissue_date);
	reg_values_free(d->holder, d->n_holder);
	memset(d, 0, sizeof *d);
}

int
cert_doc_load(struct db *db, const struct actor *who, const char *registration_id,
    struct cert_doc *d, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*status;
	char		 id[37], *json = NULL, *target;
	int		 rc = -1, erased;

	memset(d, 0, sizeof *d);
	*cause = NULL;
	if (rolefn_require(db, who, "cert.print", cause) != 0)
		return -1;
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT r.status, h.erased FROM registrations r JOIN holders h "
	    "ON h.id = r.holder_id WHERE r.id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, registration_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_release(db, stmt);
		xasprintf(cause, _("no such registration in the register"));
		goto out;
	}
	status = (const char *)sqlite3_column_text(stmt, 0);
	erased = sqlite3_column_int(stmt, 1);
	if (strcmp(status, "valid") != 0 || erased) {
		xasprintf(cause, _("no certificate is printed for a registration that is %s"),
		    reg_code_label(reg_statuses, erased ? "erased" : status));
		db_release(db, stmt);
		goto out;
	}
	db_release(db, stmt);
	if (cert_current(db, registration_id, who->user, id, cause) != 0)
		goto out;
	stmt = db_prepare(db, "SELECT c.id, c.registration_id, r.holder_id, "
	    "c.certificate_number, r.qualification, c.kind, c.issued_on, c.issue_date, "
	    "c.reissue_date, c.reissue_count, (SELECT count(*) FROM cert_prints p WHERE "
	    "p.certificate_id = c.id AND p.result = 'ok') FROM certificates c JOIN "
	    "registrations r ON r.id = c.registration_id WHERE c.id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_release(db, stmt);
		db_fail(db, cause, _("cannot read the certificate"));
		goto out;
	}
	snprintf(d->id, sizeof d->id, "%s", sqlite3_column_text(stmt, 0));
	snprintf(d->registration_id, sizeof d->registration_id, "%s",
	    sqlite3_column_text(stmt, 1));
	snprintf(d->holder_id, sizeof d->holder_id, "%s", sqlite3_column_text(stmt, 2));
	d->certificate_number = db_column_dup(stmt, 3);
	d->qualification = db_column_dup(stmt, 4);
	d->kind = db_column_dup(stmt, 5);
	d->issued_on = db_column_dup(stmt, 6);
	d->issue_date = db_column_dup(stmt, 7);
	d->reissue_date = db_column_dup(stmt, 8);
	d->reissue_count = (unsigned)sqlite3_column_int(stmt, 9);
	d->prints = sqlite3_column_int(stmt, 10);
	db_release(db, stmt);
	if (reg_holder_json(db, d->holder_id, &json, NULL, NULL, cause) != 0 ||
	    reg_json_values(db, json, &d->holder, &d->n_holder, cause) != 0)
		goto out;
	xasprintf(&target, "holder:%s registration:%s certificate:%s", d->holder_id,
	    registration_id, d->id);
	rc = audit_actor(db, who, "cert.view", target, "ok", d->certificate_number, cause);
	free(target);
out:
	free(json);
	if (rc != 0)
		cert_doc_clear(d);
	return db_finish(db, rc, cause);
}

int
cert_print_record(struct db *db, const struct actor *who, const char *certificate_id,
    const char *destination, const char *sha256, int ok, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*target = NULL, *detail = NULL;
	int		 rc = -1, printed;

	*cause = NULL;
	if (rolefn_require(db, who, "cert.print", cause) != 0)
		return -1;
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM cert_prints WHERE certificate_id "
	    "= ?1 AND result = 'ok'), (SELECT 'holder:' || r.holder_id || ' registration:' || "
	    "r.id || ' certificate:' || c.id FROM certificates c JOIN registrations r ON r.id = "
	    "c.registration_id WHERE c.id = ?1)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, certificate_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW || sqlite3_column_type(stmt, 1) == SQLITE_NULL) {
		db_release(db, stmt);
		xasprintf(cause, _("no such certificate"));
		goto out;
	}
	printed = sqlite3_column_int(stmt, 0);
	target = db_column_dup(stmt, 1);
	db_release(db, stmt);
	stmt = db_prepare(db, "INSERT INTO cert_prints (certificate_id, reprint, destination, "
	    "pdf_sha256, result, printed_by, printed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    NOW ")", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, certificate_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, printed);
	sqlite3_bind_text(stmt, 3, destination, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, ok ? "ok" : "failed", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the print"), cause) != 0)
		goto out;
	xasprintf(&detail, "%s sha256:%s", destination, sha256);
	rc = audit_actor(db, who, printed ? "cert.reprint" : "cert.print", target, ok ? "ok" :
	    "failed", detail, cause);
out:
	free(target);
	free(detail);
	return db_finish(db, rc, cause);
}

/* The columns of a certificate summary, in the order summary_row reads them. */
#define SUMMARY_COLUMNS \
	"c.id, c.certificate_number, c.kind, c.issued_on, c.status, c.reissue_count, " \
	"(SELECT count(*) FROM cert_prints p WHERE p.certificate_id = c.id AND " \
	"p.result = 'ok'), (SELECT count(*) FROM cert_prints p WHERE p.certificate_id = " \
	"c.id AND p.result = 'failed')"

static void
summary_row(sqlite3_stmt *stmt, struct cert_summary *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->id, sizeof c->id, "%s", sqlite3_column_text(stmt, 0));
	c->certificate_number = db_column_dup(stmt, 1);
	c->kind = db_column_dup(stmt, 2);
	c->issued_on = db_column_dup(stmt, 3);
	c->status = db_column_dup(stmt, 4);
	c->reissue_count = (unsigned)sqlite3_column_int(stmt, 5);
	c->prints = sqlite3_column_int(stmt, 6);
	c->failed_prints = sqlite3_column_int(stmt, 7);
}

int
cert_list(struct db *db, const char *registration_id, struct cert_summary **out,
    size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct cert_summary	*list = NULL, *c;
	size_t			 count = 0;
	int			 rc;

	*out = NULL;
	*n = 0;
	*cause = NULL;
	stmt = db_prepare(db, "SELECT " SUMMARY_COLUMNS " FROM certificates c WHERE "
	    "c.registration_id = ?1 ORDER BY c.created_at DESC, c.rowid DESC", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, registration_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, count + 1, sizeof *list);
		c = &list[count++];
		summary_row(stmt, c);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		cert_list_free(list, count);
		return db_fail(db, cause, _("cannot read the certificates"));
	}
	*out = list;
	*n = count;
	return 0;
}

int
cert_held(struct db *db, const char *registration_id, struct cert_summary *c,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	memset(c, 0, sizeof *c);
	*cause = NULL;
	stmt = db_prepare(db, "SELECT " SUMMARY_COLUMNS " FROM certificates c JOIN "
	    "registrations x ON x.id = c.registration_id AND x.status = 'valid' WHERE "
	    "c.registration_id = ?1 AND c.status = 'valid' UNION ALL SELECT '', "
	    "certificate_number, CASE WHEN reissue_count > 0 THEN 'reissue' ELSE 'issue' "
	    "END, issue_date, 'valid', reissue_count, 0, 0 FROM registrations r WHERE id = ?1 "
	    "AND status = 'valid' AND NOT EXISTS (SELECT 1 FROM certificates WHERE "
	    "registration_id = r.id)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, registration_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		summary_row(stmt, c);
	db_release(db, stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return db_fail(db, cause, _("cannot read the certificates"));
}

void
cert_list_free(struct cert_summary *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(list[i].certificate_number);
		free(list[i].kind);
		free(list[i].issued_on);
		free(list[i].status);
	}
	free(list);
}
