/* The self-inspection report's office-wide part from the central store (sync-inspection.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "i18n.h"
#include "sync/sync-client.h"
#include "sync/sync-inspection.h"
#include "sync/sync-pq.h"
#include "xmalloc.h"

int
sync_inspection_fetch(struct db *db, const struct sync_params *p, const char *from,
    const char *to, struct central_row **out, size_t *n, char **cause)
{
	struct central_row	*v;
	PGconn			*pg;
	PGresult		*res = NULL;
	const char		*param[2] = { from, to };
	int			 i, k, rows;

	*out = NULL;
	*n = 0;
	if ((pg = sync_connect(p, cause)) == NULL)
		return -1;
	if (sync_check_identity(pg, db, p, NULL, cause) != 0) {
		PQfinish(pg);
		return -1;
	}
	res = PQexecParams(pg, "SELECT kind, terminal_id, a, b, c, d, e, f, g FROM "
	    "madoguchi.self_inspection($1, $2)", 2, NULL, param, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*cause = sync_pq_message(_("the central store refused the self-inspection "
		    "query"), pg, res);
		PQclear(res);
		PQfinish(pg);
		return -1;
	}
	rows = PQntuples(res);
	v = xcalloc((size_t)rows + 1, sizeof *v);
	for (i = 0; i < rows; i++) {
		v[i].kind = xstrdup(PQgetvalue(res, i, 0));
		v[i].terminal = xstrdup(PQgetvalue(res, i, 1));
		for (k = 0; k < 7; k++)
			v[i].col[k] = xstrdup(PQgetvalue(res, i, 2 + k));
	}
	PQclear(res);
	PQfinish(pg);
	*out = v;
	*n = (size_t)rows;
	return 0;
}

void
central_rows_free(struct central_row *v, size_t n)
{
	size_t	 i;
	int	 k;

	for (i = 0; i < n; i++) {
		free(v[i].kind);
		free(v[i].terminal);
		for (k = 0; k < 7; k++)
			free(v[i].col[k]);
	}
	free(v);
}
