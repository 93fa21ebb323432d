/* db/cert/: certificates (cert-delivery.h). May use: lib/, db/. */
/*
 * Deliveries: the last step of an application at the counter. The certificate recorded is
 * the registration's valid one, which must have been printed (a paper that never existed
 * cannot leave), and each is recorded once.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "cert/cert-delivery.h"
#include "db-internal.h"
#include "i18n.h"
#include "valid.h"
#include "xmalloc.h"

/* A tracking number as a clerk types it: full-width folded, spaces dropped, 4 to 30 of
 * letters, digits and '-'. */
static int
tracking_read(const char *typed, char out[32], char **cause)
{
	char	*folded, *p;
	size_t	 n = 0;

	if ((folded = valid_fold(typed != NULL ? typed : "", cause)) == NULL)
		return -1;
	for (p = folded; *p != '\0'; p++) {
		if (*p == ' ')
			continue;
		if (n >= 30 || !((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= 'a' && *p <= 'z') || *p == '-')) {
			n = 0;
			break;
		}
		out[n++] = *p;
	}
	out[n] = '\0';
	free(folded);
	if (n < 4) {
		xasprintf(cause, _("Tracking number: 4 to 30 letters, digits and '-' (the "
		    "post's number of the registered mail)"));
		return -1;
	}
	return 0;
}

int
cert_delivery_record(struct db *db, const struct actor *who, const char *registration_id,
    const char *method, const char *typed_date, const char *typed_tracking, char **cause)
{
	sqlite3_stmt	*s;
	struct date	 d;
	char		 day[DATE_ISO_SIZE] = "", tracking[32] = "", certificate[37] = "";
	char		*target = NULL, *holder = NULL, *detail;
	int		 printed = 0, future = 0, rc = -1;

	*cause = NULL;
	if (method == NULL || (strcmp(method, "counter") != 0 && strcmp(method, "mail") !=
	    0)) {
		xasprintf(cause, _("a certificate is handed over at the counter or mailed"));
		return -1;
	}
	if (typed_date != NULL && *typed_date != '\0') {
		if (valid_date(typed_date, &d, cause) != 0)
			return -1;
		date_format_iso(&d, day);
	}
	if (strcmp(method, "mail") == 0 && tracking_read(typed_tracking, tracking,
	    cause) != 0)
		return -1;
	if (db_begin(db, cause) != 0)
		return -1;
	s = db_prepare(db, "SELECT c.id, r.holder_id, EXISTS (SELECT 1 FROM cert_prints p "
	    "WHERE p.certificate_id = c.id AND p.result = 'ok'), coalesce(?2 > date('now', "
	    "'localtime'), 0) FROM certificates c JOIN registrations r ON r.id = "
	    "c.registration_id WHERE c.registration_id = ?1 AND c.status = 'valid'", cause);
	if (s == NULL)
		goto out;
	sqlite3_bind_text(s, 1, registration_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, *day != '\0' ? day : NULL, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		snprintf(certificate, sizeof certificate, "%s", sqlite3_column_text(s, 0));
		holder = db_column_dup(s, 1);
		printed = sqlite3_column_int(s, 2);
		future = sqlite3_column_int(s, 3);
	}
	db_release(db, s);
	if (*certificate == '\0') {
		xasprintf(cause, _("this registration holds no valid certificate to deliver"));
		goto out;
	}
	if (!printed) {
		xasprintf(cause, _("the certificate was not printed yet: print it (p) before it "
		    "leaves"));
		goto out;
	}
	if (future) {
		xasprintf(cause, _("the day it left is in the future"));
		goto out;
	}
	s = db_prepare(db, "INSERT INTO cert_deliveries (certificate_id, method, delivered_on, "
	    "tracking_number, recorded_by, recorded_at) VALUES (?1, ?2, coalesce(?3, "
	    "date('now', 'localtime')), ?4, ?5, " NOW ") ON CONFLICT DO NOTHING", cause);
	if (s == NULL)
		goto out;
	sqlite3_bind_text(s, 1, certificate, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, method, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, *day != '\0' ? day : NULL, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, *tracking != '\0' ? tracking : NULL, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, s, _("cannot record the delivery"), cause) != 0)
		goto out;
	if (sqlite3_changes(db->h) != 1) {
		xasprintf(cause, _("how this certificate left is recorded already"));
		goto out;
	}
	xasprintf(&target, "holder:%s certificate:%s", holder != NULL ? holder : "",
	    certificate);
	xasprintf(&detail, "%s%s%s", method, *tracking != '\0' ? " " : "", tracking);
	rc = audit_actor(db, who, "cert.delivery", target, "ok", detail, cause);
	free(detail);
out:
	free(target);
	free(holder);
	return db_finish(db, rc, cause);
}

int
cert_delivery_get(struct db *db, const char *registration_id, struct cert_delivery *out,
    char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	*cause = NULL;
	memset(out, 0, sizeof *out);
	s = db_prepare(db, "SELECT d.method, d.delivered_on, coalesce(d.tracking_number, ''), "
	    "d.recorded_by FROM cert_deliveries d JOIN certificates c ON c.id = "
	    "d.certificate_id WHERE c.registration_id = ?1 AND c.status = 'valid'", cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, registration_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(out->method, sizeof out->method, "%s", sqlite3_column_text(s, 0));
		snprintf(out->delivered_on, sizeof out->delivered_on, "%s",
		    sqlite3_column_text(s, 1));
		snprintf(out->tracking_number, sizeof out->tracking_number, "%s",
		    sqlite3_column_text(s, 2));
		snprintf(out->recorded_by, sizeof out->recorded_by, "%s",
		    sqlite3_column_text(s, 3));
	}
	db_release(db, s);
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_ROW)
		return db_fail(db, cause, _("cannot read the deliveries"));
	return 0;
}
