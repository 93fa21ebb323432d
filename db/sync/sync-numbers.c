/* db/sync/: the sync client's number blocks (sync-numbers.h). May use: lib/, db/. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "audit/audit.h"
#include "cert/cert-numbers.h"
#include "db.h"
#include "i18n.h"
#include "reception/reception.h"
#include "sync/sync-client.h"
#include "sync/sync-numbers.h"
#include "sync/sync-pq.h"
#include "xmalloc.h"

/*
 * Asks the store to make prefix first..last this terminal's block: 0 when it did, 1 when
 * it refused (*cause: why, as the store says), -1 when it could not be asked.
 */
static int
register_on(PGconn *pg, const char *prefix, int64_t first, int64_t last, char **cause)
{
	PGresult	*res;
	const char	*param[3], *state;
	char		 a[24], b[24];
	int		 rc;

	snprintf(a, sizeof a, "%" PRId64, first);
	snprintf(b, sizeof b, "%" PRId64, last);
	param[0] = prefix;
	param[1] = a;
	param[2] = b;
	res = PQexecParams(pg, "SELECT madoguchi.register_block($1, $2, $3)", 3, NULL, param,
	    NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		PQclear(res);
		return 0;
	}
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	rc = state != NULL && (strcmp(state, "23505") == 0 || strcmp(state, "22000") == 0) ?
	    1 : -1;
	*cause = sync_pq_message(_("the central store refused the number block"), pg, res);
	PQclear(res);
	return rc;
}

int
sync_register_block(const struct sync_params *p, const char *prefix, int64_t first,
    int64_t last, char **cause)
{
	PGconn	*pg;
	int	 rc;

	if ((pg = sync_connect(p, cause)) == NULL)
		return -1;
	rc = register_on(pg, prefix, first, last, cause);
	PQfinish(pg);
	return rc;
}

/*
 * The blocks an administrator added that the store has not registered yet (added while it
 * could not be reached, or before the terminal synced): registered now, or refused, with
 * an audit entry either way.
 */
int
sync_numbers_register(PGconn *pg, struct db *db, const struct actor *who,
    struct sync_report *r, char **cause)
{
	struct cert_block	*blocks = NULL;
	size_t			 n = 0, i;
	int64_t			 left;
	char			*why = NULL, target[64], *detail;
	int			 rc = 0, asked;

	(void)r;
	if (cert_numbers_list(db, &blocks, &n, &left, cause) != 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		if (strcmp(blocks[i].source, "admin") != 0 ||
		    (strcmp(blocks[i].central, "local") != 0 &&
		    strcmp(blocks[i].central, "unconfirmed") != 0))
			continue;
		asked = register_on(pg, blocks[i].prefix, blocks[i].first, blocks[i].last, &why);
		if (asked < 0) {
			*cause = why;
			rc = -1;
			break;
		}
		snprintf(target, sizeof target, "number-block:%" PRId64, blocks[i].id);
		xasprintf(&detail, "%s%" PRId64 "-%s%" PRId64 "%s%s", blocks[i].prefix,
		    blocks[i].first, blocks[i].prefix, blocks[i].last, asked ? ": " : "",
		    asked ? why : "");
		if (db_begin(db, cause) != 0 ||
		    cert_numbers_set_central(db, blocks[i].id, asked ? "refused" : "confirmed",
		    asked ? why : "", cause) != 0 ||
		    audit_actor(db, who, asked ? "number-block.refused" : "number-block.confirmed",
		    target, asked ? "failed" : "ok", detail, cause) != 0 ||
		    db_commit(db, cause) != 0) {
			db_rollback(db);
			rc = -1;
		}
		free(detail);
		free(why);
		why = NULL;
	}
	free(blocks);
	return rc;
}

/* The most blocks restore_leases takes in one call (db/central/02-functions.sql). */
#define RESTORE_MAX	10000

/* A block the store gave, as restore_leases takes it, and where it is here. */
struct leased {
	const char	*kind;	/* certificate (leased), registered or reception */
	int64_t		 id;
	int		 year;	/* 0 for certificate numbers */
	char		 prefix[CERT_PREFIX_MAX + 1];
	int64_t		 first, last;
};

/*
 * The blocks the store leased or registered to this terminal: certificate blocks it
 * confirmed (one it refused is left out), reception blocks.
 */
static int
leased_blocks(struct db *db, struct leased **out, size_t *n, char **cause)
{
	struct cert_block	*cb = NULL;
	struct reception_block	*rb = NULL;
	struct leased		*l;
	size_t			 ncb = 0, nrb = 0, i;
	int64_t			 left;

	*out = NULL;
	*n = 0;
	if (cert_numbers_list(db, &cb, &ncb, &left, cause) != 0)
		return -1;
	if (reception_blocks_leased(db, &rb, &nrb, cause) != 0) {
		free(cb);
		return -1;
	}
	l = xcalloc(ncb + nrb + 1, sizeof *l);
	for (i = 0; i < ncb; i++) {
		if (strcmp(cb[i].central, "confirmed") != 0)
			continue;
		l[*n].kind = strcmp(cb[i].source, "central") == 0 ? "certificate" : "registered";
		l[*n].id = cb[i].id;
		snprintf(l[*n].prefix, sizeof l[*n].prefix, "%s", cb[i].prefix);
		l[*n].first = cb[i].first;
		l[(*n)++].last = cb[i].last;
	}
	for (i = 0; i < nrb; i++) {
		l[*n].kind = "reception";
		l[*n].id = rb[i].id;
		l[*n].year = rb[i].year;
		l[*n].first = rb[i].first;
		l[(*n)++].last = rb[i].last;
	}
	free(cb);
	free(rb);
	*out = l;
	return 0;
}

/*
 * The five arrays restore_leases takes, as PostgreSQL array literals, each written to a
 * memory stream; a prefix is letters, digits and '-' (cert_numbers_check_block), quoted
 * for the empty one.
 */
static int
leased_arrays(const struct leased *l, size_t n, char *a[5], char **cause)
{
	FILE	*f[5];
	size_t	 len[5], i;
	int	 k, rc = 0;

	for (k = 0; k < 5; k++) {
		a[k] = NULL;
		if ((f[k] = open_memstream(&a[k], &len[k])) == NULL) {
			while (k-- > 0) {
				fclose(f[k]);
				free(a[k]);
				a[k] = NULL;
			}
			xasprintf(cause, _("out of memory"));
			return -1;
		}
		fputc('{', f[k]);
	}
	for (i = 0; i < n; i++) {
		fprintf(f[0], "%s%s", i > 0 ? "," : "", l[i].kind);
		fprintf(f[1], "%s%d", i > 0 ? "," : "", l[i].year);
		fprintf(f[2], "%s\"%s\"", i > 0 ? "," : "", l[i].prefix);
		fprintf(f[3], "%s%" PRId64, i > 0 ? "," : "", l[i].first);
		fprintf(f[4], "%s%" PRId64, i > 0 ? "," : "", l[i].last);
	}
	for (k = 0; k < 5; k++) {
		fputc('}', f[k]);
		if (fclose(f[k]) != 0)
			rc = -1;
	}
	if (rc != 0) {
		for (k = 0; k < 5; k++) {
			free(a[k]);
			a[k] = NULL;
		}
		xasprintf(cause, _("out of memory"));
	}
	return rc;
}

/* What the store answered for one block: recorded here with its audit entry. */
static int
restore_outcome(struct db *db, const struct actor *who, const struct leased *b,
    int restored, const char *why, char **cause)
{
	char		 target[64], *detail;
	int		 rc = -1;
	int		 reception = strcmp(b->kind, "reception") == 0;

	snprintf(target, sizeof target, "%s:%" PRId64, reception ? "reception-block" :
	    "number-block", b->id);
	if (reception)
		xasprintf(&detail, "%d %" PRId64 "-%" PRId64 ": %s", b->year, b->first, b->last,
		    restored ? "restored after the central store lost it" : why);
	else
		xasprintf(&detail, "%s%" PRId64 "-%s%" PRId64 ": %s", b->prefix, b->first,
		    b->prefix, b->last, restored ? "restored after the central store lost it" :
		    why);
	if (db_begin(db, cause) != 0)
		goto out;
	if (!restored && (reception ? reception_block_close(db, b->id, cause) :
	    cert_numbers_set_central(db, b->id, "refused", why, cause)) != 0) {
		db_rollback(db);
		goto out;
	}
	if (audit_actor(db, who, restored ? "number-block.restored" : "number-block.refused",
	    target, restored ? "ok" : "failed", detail, cause) != 0 ||
	    db_commit(db, cause) != 0) {
		db_rollback(db);
		goto out;
	}
	rc = 0;
out:
	free(detail);
	return rc;
}

int
sync_numbers_restore(PGconn *pg, struct db *db, const struct actor *who,
    struct sync_report *r, char **cause)
{
	struct leased	*l = NULL, *b;
	PGresult	*res;
	const char	*param[5], *state;
	char		*a[5];
	size_t		 n, i;
	int		 row, k, rc = 0, restored;
	int64_t		 first, last;

	if (leased_blocks(db, &l, &n, cause) != 0)
		return -1;
	/*
	 * The store takes at most RESTORE_MAX blocks a call: the last listed (a terminal
	 * holding more has been leased ten million numbers).
	 */
	if (n > RESTORE_MAX) {
		memmove(l, l + (n - RESTORE_MAX), RESTORE_MAX * sizeof *l);
		n = RESTORE_MAX;
	}
	if (n == 0 || leased_arrays(l, n, a, cause) != 0) {
		free(l);
		return n == 0 ? 0 : -1;
	}
	for (k = 0; k < 5; k++)
		param[k] = a[k];
	res = PQexecParams(pg, "SELECT kind, year, prefix, first_number, last_number, outcome, "
	    "why FROM madoguchi.restore_leases($1::text[], $2::integer[], $3::text[], "
	    "$4::bigint[], $5::bigint[])", 5, NULL, param, NULL, NULL, 0);
	for (k = 0; k < 5; k++)
		free(a[k]);
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	/* A store older than restore_leases (not yet upgraded by setup): nothing to ask. */
	if (state != NULL && strcmp(state, "42883") == 0) {
		PQclear(res);
		free(l);
		return 0;
	}
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*cause = sync_pq_message(_("cannot compare this terminal's number blocks with "
		    "the central store's"), pg, res);
		PQclear(res);
		free(l);
		return -1;
	}
	for (row = 0; row < PQntuples(res) && rc == 0; row++) {
		first = sync_column_int64(res, row, 3);
		last = sync_column_int64(res, row, 4);
		for (i = 0, b = NULL; i < n && b == NULL; i++) {
			if (strcmp(l[i].kind, PQgetvalue(res, row, 0)) == 0 &&
			    l[i].year == (int)sync_column_int64(res, row, 1) &&
			    strcmp(l[i].prefix, PQgetvalue(res, row, 2)) == 0 &&
			    l[i].first == first && l[i].last == last)
				b = &l[i];
		}
		if (b == NULL)
			continue;	/* not one asked about: nothing here to change */
		restored = strcmp(PQgetvalue(res, row, 5), "restored") == 0;
		rc = restore_outcome(db, who, b, restored, PQgetvalue(res, row, 6), cause);
		if (rc == 0 && restored)
			r->blocks_restored++;
		else if (rc == 0)
			r->blocks_refused++;
	}
	PQclear(res);
	free(l);
	return rc;
}

/* Leases a block of n numbers now and adds it: for demo data on a terminal that syncs. */
int
sync_lease_block(struct db *db, const struct sync_params *p, int n, char **cause)
{
	struct sync_params	 q = *p;
	struct sync_report	 r;
	PGconn			*pg;
	int			 rc;

	if ((pg = sync_connect(p, cause)) == NULL)
		return -1;
	memset(&r, 0, sizeof r);
	q.numbers_low = INT32_MAX;
	q.numbers_block = n;
	rc = sync_numbers_topup(pg, db, &q, &r, cause);
	PQfinish(pg);
	return rc;
}

/* A block leased and lost to a crash before it is stored here is simply never used. */
int
sync_numbers_topup(PGconn *pg, struct db *db, const struct sync_params *p,
    struct sync_report *r,
    char **cause)
{
	struct cert_block	*blocks = NULL;
	PGresult		*res;
	const char		*param[1];
	char			 n[16];
	size_t			 nblocks = 0;
	int64_t			 left = 0;
	int			 rc;

	if (p->numbers_low <= 0)
		return 0;
	if (cert_numbers_list(db, &blocks, &nblocks, &left, cause) != 0)
		return -1;
	free(blocks);
	if (left >= p->numbers_low)
		return 0;
	snprintf(n, sizeof n, "%d", p->numbers_block);
	param[0] = n;
	res = PQexecParams(pg, "SELECT first_number, last_number FROM "
	    "madoguchi.lease_numbers($1)", 1, NULL, param, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		*cause = sync_pq_message(_("cannot lease certificate numbers"), pg, res);
		PQclear(res);
		return -1;
	}
	/* Central numbers carry no prefix; the series is unique across all terminals. */
	rc = cert_numbers_add_block(db, "central", "", sync_column_int64(res, 0, 0),
	    sync_column_int64(res, 0, 1), cause);
	if (rc == 0)
		r->numbers_leased += sync_column_int64(res, 0, 1) - sync_column_int64(res, 0, 0) + 1;
	PQclear(res);
	return rc;
}


/* One year's reception numbers: a block leased when fewer than low are left. */
static int
receptions_topup_year(PGconn *pg, struct db *db, const struct sync_params *p, int year,
    struct sync_report *r, char **cause)
{
	PGresult	*res;
	const char	*param[3];
	char		 y[16], n[16], own[24];
	int64_t		 left, own_last;
	int		 rc;

	if (reception_numbers_left(db, year, &left, cause) != 0)
		return -1;
	if (left >= p->numbers_low)
		return 0;
	/* Numbers it gave on its own before it synced are never leased to anyone. */
	if (reception_numbers_own_last(db, year, &own_last, cause) != 0)
		return -1;
	snprintf(y, sizeof y, "%d", year);
	snprintf(n, sizeof n, "%d", p->numbers_block);
	snprintf(own, sizeof own, "%" PRId64, own_last);
	param[0] = y;
	param[1] = n;
	param[2] = own;
	res = PQexecParams(pg, "SELECT first_number, last_number FROM "
	    "madoguchi.lease_receptions($1, $2, $3)", 3, NULL, param, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		*cause = sync_pq_message(_("cannot lease reception numbers"), pg, res);
		PQclear(res);
		return -1;
	}
	rc = reception_numbers_add(db, "central", year, sync_column_int64(res, 0, 0),
	    sync_column_int64(res, 0, 1), cause);
	if (rc == 0)
		r->receptions_leased += sync_column_int64(res, 0, 1) -
		    sync_column_int64(res, 0, 0) + 1;
	PQclear(res);
	return rc;
}

/*
 * Reception numbers for this year and, in December, for the next, so that a terminal
 * offline over the new year still receives. The series is the office's, per year.
 */
int
sync_receptions_topup(PGconn *pg, struct db *db, const struct sync_params *p,
    struct sync_report *r, char **cause)
{
	time_t		 now = time(NULL);
	struct tm	 tm;

	if (p->numbers_low <= 0)
		return 0;
	/* Only leased blocks count on a terminal that syncs (reception_numbers_left). */
	db_set_syncs(db, 1);
	localtime_r(&now, &tm);
	if (receptions_topup_year(pg, db, p, tm.tm_year + 1900, r, cause) != 0)
		return -1;
	if (tm.tm_mon == 11)
		return receptions_topup_year(pg, db, p, tm.tm_year + 1901, r, cause);
	return 0;
}

/* Leases a block of n reception numbers for this year now: for a terminal set up to sync. */
int
sync_lease_receptions(struct db *db, const struct sync_params *p, int n, char **cause)
{
	struct sync_params	 q = *p;
	struct sync_report	 r;
	PGconn			*pg;
	int			 rc;

	if ((pg = sync_connect(p, cause)) == NULL)
		return -1;
	memset(&r, 0, sizeof r);
	q.numbers_low = INT32_MAX;
	q.numbers_block = n;
	rc = sync_receptions_topup(pg, db, &q, &r, cause);
	PQfinish(pg);
	return rc;
}
