/*
 * The office's half of an access disclosure (issue 20): the entries every terminal of
 * this office pushed about one holder, through madoguchi.disclosure(), which answers for
 * the caller's office only. Added to the local half (audit-disclosure.c), each entry
 * once. A store that cannot be reached or refuses leaves d->central 0 and says why in
 * d->central_missing: the report says plainly that entries are missing.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "audit/audit-disclosure.h"
#include "db.h"
#include "i18n.h"
#include "sync/sync-client.h"
#include "sync/sync-disclosure.h"
#include "sync/sync-pq.h"
#include "xmalloc.h"

int
sync_disclosure_fetch(struct db *db, const struct sync_params *p, struct disclosure *d)
{
	struct disclosure_entry	 e;
	PGconn			*pg;
	PGresult		*res = NULL;
	const char		*param[3];
	char			*cause = NULL;
	int			 i, n;

	if ((pg = sync_connect(p, &cause)) == NULL)
		goto missing;
	if (sync_check_identity(pg, db, p, NULL, &cause) != 0)
		goto missing;
	param[0] = d->holder_id;
	param[1] = d->from;
	param[2] = d->until;
	res = PQexecParams(pg, "SELECT terminal_id, seq, at, tty, user_name, "
	    "coalesce(full_name, ''), role, action, target, result, detail FROM "
	    "madoguchi.disclosure($1, $2, $3)", 3, NULL, param, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		cause = sync_pq_message(_("the central store refused the disclosure"), pg, res);
		goto missing;
	}
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		e.terminal_id = xstrdup(PQgetvalue(res, i, 0));
		e.seq = sync_column_int64(res, i, 1);
		e.at = xstrdup(PQgetvalue(res, i, 2));
		e.tty = xstrdup(PQgetvalue(res, i, 3));
		e.user = xstrdup(PQgetvalue(res, i, 4));
		e.full_name = xstrdup(PQgetvalue(res, i, 5));
		e.role = xstrdup(PQgetvalue(res, i, 6));
		e.role_ja = e.role_en = NULL;
		e.action = xstrdup(PQgetvalue(res, i, 7));
		e.target = xstrdup(PQgetvalue(res, i, 8));
		e.result = xstrdup(PQgetvalue(res, i, 9));
		e.detail = xstrdup(PQgetvalue(res, i, 10));
		e.unsynced = 0;
		disclosure_add(d, &e);
	}
	PQclear(res);
	PQfinish(pg);
	d->central = 1;
	return 0;
missing:
	PQclear(res);
	if (pg != NULL)
		PQfinish(pg);
	d->central = 0;
	free(d->central_missing);
	d->central_missing = cause != NULL ? cause : xstrdup(_("no answer"));
	return -1;
}
