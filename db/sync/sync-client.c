/*
 * The sync client: libpq, TLS with a client certificate, and the central store's
 * SECURITY DEFINER functions (db/central/02-functions.sql; docs/sync.md).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "audit/audit.h"
#include "cert/cert-numbers.h"
#include "config-file.h"
#include "db.h"
#include "i18n.h"
#include "retention/retention.h"
#include "sync/outbox.h"
#include "sync/sync-batch.h"
#include "sync/sync-client.h"
#include "sync/sync-numbers.h"
#include "sync/sync-pq.h"
#include "sync/sync-sign.h"
#include "sync/sync-store.h"
#include "sync/sync-trace.h"
#include "xmalloc.h"

#define SYNC_NUMBERS_LOW	100
#define SYNC_NUMBERS_BLOCK	1000
#define SYNC_FIRST_BATCH	1000

static int	 push_all(PGconn *, struct db *, const struct sync_params *,
		    struct sync_report *, char **);
static int	 pull_all(PGconn *, struct db *, const struct sync_params *,
		    struct sync_report *, char **);
static int	 audit_all(PGconn *, struct db *, const struct sync_params *,
		    struct sync_report *, char **);
static int	 store_heads(PGconn *, struct db *, const struct actor *,
		    struct sync_report *, char **);
static int	 heads_read(PGconn *, struct sync_heads *, char **);
static int	 pull_from_best(PGconn *, struct db *, const struct sync_params *,
		    struct sync_report *, char **);
static PGconn	*connect_to(const struct sync_params *, const char *, const char *,
		    char **);

void
sync_params_from_config(struct sync_params *p, const struct config *c)
{
	memset(p, 0, sizeof *p);
	p->host = c->sync_host;
	p->read_host = c->sync_read_host;
	p->port = c->sync_port;
	p->dbname = c->sync_dbname;
	p->user = c->sync_user;
	p->cert = c->sync_cert;
	p->key = c->sync_key;
	p->ca = c->sync_ca;
	p->connect_timeout = c->sync_connect_timeout;
	p->batch_size = c->sync_batch_size;
	p->pull_batch_size = c->sync_pull_batch_size;
	p->max_clock_skew = c->max_clock_skew_seconds;
	p->numbers_low = SYNC_NUMBERS_LOW;
	p->numbers_block = SYNC_NUMBERS_BLOCK;
	p->opts.mynumber_retention_days = c->local_mynumber_retention_days;
}

/*
 * "what: libpq's message" without its trailing newline. The central store's MDG02 (a
 * change or audit entry under a sequence number it already holds with other content) means
 * this database is not the one whose history the store holds: the sysadmin is told what
 * happened and what to do, since syncing again can only be refused again.
 */
char *
sync_pq_message(const char *what, PGconn *pg, PGresult *res)
{
	const char	*m = NULL, *state = NULL;
	char		*out, *advice;
	size_t		 len;

	if (res != NULL) {
		m = PQresultErrorMessage(res);
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	}
	if ((m == NULL || *m == '\0') && pg != NULL)
		m = PQerrorMessage(pg);
	if (m == NULL || *m == '\0')
		m = _("unknown error");
	xasprintf(&out, "%s: %s", what, m);
	len = strlen(out);
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == ' '))
		out[--len] = '\0';
	if (state != NULL && strcmp(state, "MDG02") == 0) {
		xasprintf(&advice, "%s\n%s", out, _("This database reuses sequence numbers that "
		    "the central store already holds\nwith other content: it was restored from a "
		    "backup, copied or damaged. Nothing\nof this batch was stored or marked sent. "
		    "Enter no new work on this terminal and\nfollow \"A restored terminal\" in "
		    "docs/sync.md: madoguchi-admin sync-recover\n--dry-run says whether it can "
		    "resume or must be registered again."));
		free(out);
		out = advice;
	}
	return out;
}

/*
 * verify-full: the server's certificate must chain to the configured CA and name the
 * host; ours is the terminal's identity (pg_hba "cert" maps its CN to the role).
 */
PGconn *
sync_connect(const struct sync_params *p, char **cause)
{
	/*
	 * sync_host may name several servers ("a,b"): the primary and its standbys. Only a
	 * primary takes pushes, so libpq tries them in turn until one is; after a failover the
	 * promoted standby is found without a change of configuration.
	 */
	return connect_to(p, p->host, "read-write", cause);
}

static PGconn *
connect_to(const struct sync_params *p, const char *host, const char *session_attrs,
    char **cause)
{
	const char	*keys[16], *vals[16];
	char		 port[16], timeout[16];
	PGconn		*pg;
	int		 n = 0;

	if (p->host == NULL || *p->host == '\0') {
		xasprintf(cause, _("sync is not configured (sync_host is empty)"));
		return NULL;
	}
	if (p->user == NULL || *p->user == '\0') {
		xasprintf(cause, _("sync is not configured (sync_user is empty)"));
		return NULL;
	}
	snprintf(port, sizeof port, "%d", p->port > 0 ? p->port : 5432);
	snprintf(timeout, sizeof timeout, "%d", p->connect_timeout > 0 ?
	    p->connect_timeout : 10);
	keys[n] = "host"; vals[n++] = host;
	keys[n] = "port"; vals[n++] = port;
	keys[n] = "dbname"; vals[n++] = p->dbname;
	keys[n] = "user"; vals[n++] = p->user;
	keys[n] = "sslmode"; vals[n++] = "verify-full";
	keys[n] = "sslcert"; vals[n++] = p->cert;
	keys[n] = "sslkey"; vals[n++] = p->key;
	keys[n] = "sslrootcert"; vals[n++] = p->ca;
	keys[n] = "connect_timeout"; vals[n++] = timeout;
	keys[n] = "application_name"; vals[n++] = "madoguchi-sync";
	keys[n] = "options"; vals[n++] = "-c statement_timeout=300000";
	keys[n] = "client_encoding"; vals[n++] = "UTF8";
	keys[n] = "target_session_attrs"; vals[n++] = session_attrs;
	keys[n] = NULL; vals[n] = NULL;

	pg = PQconnectdbParams(keys, vals, 0);
	if (pg == NULL) {
		xasprintf(cause, _("cannot reach the central store: out of memory"));
		return NULL;
	}
	if (PQstatus(pg) != CONNECTION_OK) {
		*cause = sync_pq_message(_("cannot reach the central store"), pg, NULL);
		PQfinish(pg);
		return NULL;
	}
	return pg;
}

int64_t
sync_column_int64(PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return 0;
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

/*
 * The certificate says which terminal this is; the database says which terminal it
 * belongs to. They must agree, and the clocks must too (SPEC §10).
 */
int
sync_check_identity(PGconn *pg, struct db *db, const struct sync_params *p, double *skew_out,
    char **cause)
{
	PGresult	*res;
	const char	*who;
	double		 skew;
	int		 rc = -1;

	res = PQexec(pg, "SELECT terminal_id, office_id, extract(epoch FROM server_time) "
	    "FROM madoguchi.whoami()");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		*cause = sync_pq_message(_("the central store does not know this terminal"), pg, res);
		goto out;
	}
	who = PQgetvalue(res, 0, 0);
	if (strcmp(who, db_terminal_id(db)) != 0) {
		xasprintf(cause, _("the certificate is terminal %s's but this database belongs "
		    "to terminal %s"), who, db_terminal_id(db));
		goto out;
	}
	skew = strtod(PQgetvalue(res, 0, 2), NULL) - (double)time(NULL);
	if (skew_out != NULL)
		*skew_out = skew;
	if (p->max_clock_skew > 0 && (skew > p->max_clock_skew ||
	    -skew > p->max_clock_skew)) {
		xasprintf(cause, _("this terminal's clock is off by %.0f seconds from the "
		    "central store (at most %d); set the clock (NTP) and sync again"), -skew,
		    p->max_clock_skew);
		goto out;
	}
	rc = 0;
out:
	PQclear(res);
	return rc;
}

/*
 * A batch as it goes to push() or push_audit(): its bytes (the SHA-256 in its header is
 * over them) and the terminal's signature over them, as two binary parameters.
 */
struct signed_batch {
	char		*text;
	unsigned char	*sig;
	const char	*param[2];
	int		 length[2];
};

static const int signed_batch_format[2] = { 1, 1 };

static int
signed_batch_make(struct signed_batch *s, const char *kind, struct db *db,
    const struct sync_params *p, const struct sync_batch *b, char **cause)
{
	size_t	siglen;

	memset(s, 0, sizeof *s);
	if ((s->text = sync_batch_text(kind, db_terminal_id(db), b, time(NULL))) == NULL) {
		xasprintf(cause, "%s", strcmp(kind, "audit") == 0 ?
		    _("cannot build the audit batch") : _("cannot build the sync batch"));
		return -1;
	}
	s->length[0] = (int)strlen(s->text);
	if (sync_sign(p->sign_key, s->text, (size_t)s->length[0], &s->sig, &siglen,
	    cause) != 0) {
		free(s->text);
		return -1;
	}
	s->param[0] = s->text;
	s->param[1] = (const char *)s->sig;
	s->length[1] = (int)siglen;
	return 0;
}

/* Frees s and leaves it empty, so that freeing it again does nothing. */
static void
signed_batch_free(struct signed_batch *s)
{
	free(s->text);
	free(s->sig);
	memset(s, 0, sizeof *s);
}

/*
 * push() as a statement prepared once per connection: an unnamed statement is planned
 * anew for each batch, with the batch (megabytes) copied into the plan's constants; a
 * prepared one soon keeps one plan that takes it as a parameter.
 */
static int
push_prepare(PGconn *pg, char **cause)
{
	PGresult	*res;
	int		 rc = 0;

	/* Once per connection: a second push in one cycle finds it made. */
	res = PQdescribePrepared(pg, "madoguchi_push");
	rc = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (rc)
		return 0;
	res = PQprepare(pg, "madoguchi_push", "SELECT seq, status, central_version, "
	    "central_payload::text, central_terminal FROM madoguchi.push($1::bytea, $2::bytea)",
	    2, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		*cause = sync_pq_message(_("cannot send the changes to the central store"), pg, res);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

static int
push_send(PGconn *pg, const struct signed_batch *s, char **cause)
{
	if (PQsendQueryPrepared(pg, "madoguchi_push", 2, s->param, s->length,
	    signed_batch_format, 0) != 1) {
		*cause = sync_pq_message(_("cannot send the changes to the central store"), pg, NULL);
		return -1;
	}
	return 0;
}

/*
 * The time batch b, sent at sent, was handed over (libpq's send returned: the batch is in
 * the kernel's hands), traced as push-send: on a loaded machine the sending process's own
 * turn for a core is part of a push's latency, and the trace tells it apart.
 */
static double
push_handed(const struct sync_batch *b, double sent)
{
	double	 now = sync_clock();

	sync_trace("push-send", b->count, now - sent);
	return now;
}

/* The answer to what was sent last: its first result; the rest are read and dropped. */
static PGresult *
push_answer(PGconn *pg)
{
	PGresult	*res, *more;

	res = PQgetResult(pg);
	while ((more = PQgetResult(pg)) != NULL)
		PQclear(more);
	return res;
}

/* The store's answer to batch b: conflicts recorded locally, the rows marked sent. */
static int
push_settle(PGconn *pg, struct db *db, const struct sync_params *p, PGresult *res,
    const struct sync_batch *b, struct sync_report *r, char **cause)
{
	struct sync_push_conflict	*pc;
	int				 i, n, rc;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*cause = sync_pq_message(_("the central store refused the changes"), pg, res);
		return -1;
	}
	n = PQntuples(res);
	pc = xreallocarray(NULL, n > 0 ? n : 1, sizeof *pc);
	for (i = 0; i < n; i++) {
		pc[i].seq = sync_column_int64(res, i, 0);
		pc[i].central_version = sync_column_int64(res, i, 2);
		pc[i].central_payload = PQgetisnull(res, i, 3) ? NULL : PQgetvalue(res, i, 3);
		pc[i].central_terminal = PQgetisnull(res, i, 4) ? NULL : PQgetvalue(res, i, 4);
	}
	rc = sync_push_done(db, b, pc, n, &p->opts, cause);
	free(pc);
	if (rc != 0)
		return -1;
	r->pushed += b->count;
	r->push_conflicts += n;
	return 0;
}

/*
 * The outbox in batches, oldest first. The next batch is read from the local database,
 * laid out and signed while the central store works on the one sent, and sent before the
 * answered one is marked locally, so that the two sides work at the same time. A crash
 * anywhere only means batches go again, which the store answers from what it stored.
 */
/*
 * A cancel asked for from the desk ends the cycle between batches, where every batch so
 * far is committed on both sides and nothing is in flight: the next cycle goes on from
 * there, losing and duplicating nothing.
 */
static int
cancelled(const struct sync_params *p, char **cause)
{
	if (p->cancel == NULL || !*p->cancel)
		return 0;
	xasprintf(cause, "%s", _("sync cancelled at the desk; the next cycle goes on from "
	    "here"));
	return 1;
}

static int
push_all(PGconn *pg, struct db *db, const struct sync_params *p, struct sync_report *r,
    char **cause)
{
	struct sync_batch	 cur, next;
	struct signed_batch	 out;
	struct answer_watch	*watch;
	PGresult		*res;
	int			 full = p->batch_size > 0 ? p->batch_size : 1000, rc = -1;
	int			 size, in_flight, settled, sent;
	double			 cur_sent = 0, next_sent = 0, cur_handed = 0, next_handed = 0;
	double			 waiting, arrived;

	/*
	 * The first batch is small, so that the store starts at once; the next ones double
	 * up to the configured size: reading and signing a batch takes less than half the
	 * time the store takes to apply one, so each one is ready before the store is.
	 */
	size = full < SYNC_FIRST_BATCH ? full : SYNC_FIRST_BATCH;
	memset(&next, 0, sizeof next);
	memset(&out, 0, sizeof out);
	if (sync_next_batch(db, 0, size, &cur, cause) != 0)
		return -1;
	watch = answer_watch_start(PQsocket(pg));
	if (cur.count > 0) {
		if (push_prepare(pg, cause) != 0 ||
		    signed_batch_make(&out, "changes", db, p, &cur, cause) != 0)
			goto out;
		cur_sent = sync_clock();
		sent = push_send(pg, &out, cause);
		cur_handed = push_handed(&cur, cur_sent);
		answer_watch_arm(watch);
		signed_batch_free(&out);
		if (sent != 0)
			goto out;
	}
	while (cur.count > 0) {
		/* Cancelled: the batch in flight is settled first, what the store took marked. */
		if (p->cancel != NULL && *p->cancel) {
			res = push_answer(pg);
			settled = push_settle(pg, db, p, res, &cur, r, cause);
			PQclear(res);
			if (settled == 0)
				(void)cancelled(p, cause);
			goto out;
		}
		size = size > full / 2 ? full : size * 2;
		if (sync_next_batch(db, cur.last, size, &next, cause) != 0 ||
		    (next.count > 0 &&
		    signed_batch_make(&out, "changes", db, p, &next, cause) != 0)) {
			PQclear(push_answer(pg));
			goto out;
		}
		waiting = sync_clock();
		res = push_answer(pg);
		arrived = answer_watch_seen(watch);
		if (arrived <= 0)
			arrived = sync_clock();
		sync_trace("push-arrived", cur.count, arrived - cur_sent);
		sync_trace("push-after-send", cur.count, arrived - cur_handed);
		sync_trace("push", cur.count, sync_clock() - cur_sent);
		sync_trace("push-wait", cur.count, sync_clock() - waiting);
		in_flight = 0;
		if (PQresultStatus(res) == PGRES_TUPLES_OK && next.count > 0) {
			next_sent = sync_clock();
			if (push_send(pg, &out, cause) != 0) {
				PQclear(res);
				goto out;
			}
			next_handed = push_handed(&next, next_sent);
			answer_watch_arm(watch);
			in_flight = 1;
		}
		signed_batch_free(&out);
		settled = push_settle(pg, db, p, res, &cur, r, cause);
		PQclear(res);
		if (settled != 0) {
			if (in_flight)
				PQclear(push_answer(pg));
			goto out;
		}
		sync_batch_clear(&cur);
		cur = next;
		cur_sent = next_sent;
		cur_handed = next_handed;
		memset(&next, 0, sizeof next);
	}
	rc = 0;
out:
	answer_watch_stop(watch);
	signed_batch_free(&out);
	sync_batch_clear(&cur);
	sync_batch_clear(&next);
	return rc;
}

static int
pull_all(PGconn *pg, struct db *db, const struct sync_params *p, struct sync_report *r,
    char **cause)
{
	struct sync_apply	*a;
	struct sync_apply_stats	 st;
	struct sync_change	 c;
	PGresult		*res;
	const char		*param[2];
	char			 cur[32], lim[16];
	int64_t			 cursor;
	double			 t;
	int			 i, n, limit, ok;

	limit = p->pull_batch_size > 0 ? p->pull_batch_size : 1000;
	snprintf(lim, sizeof lim, "%d", limit);
	if ((cursor = sync_pull_cursor(db)) < 0) {
		xasprintf(cause, _("cannot read the sync cursor"));
		return -1;
	}
	for (;;) {
		if (cancelled(p, cause))
			return -1;
		snprintf(cur, sizeof cur, "%lld", (long long)cursor);
		param[0] = cur;
		param[1] = lim;
		t = sync_clock();
		res = PQexecParams(pg, "SELECT office_seq, terminal_id, seq, entity, "
		    "entity_id::text, version, op, payload::text, to_char(created_at AT TIME "
		    "ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM madoguchi.pull($1, $2)",
		    2, NULL, param, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			*cause = sync_pq_message(_("cannot read changes from the central store"), pg,
			    res);
			PQclear(res);
			return -1;
		}
		n = PQntuples(res);
		sync_trace("pull", n, sync_clock() - t);
		if (n == 0) {
			PQclear(res);
			return 0;
		}
		t = sync_clock();
		if (sync_apply_begin(db, &p->opts, &a, cause) != 0) {
			PQclear(res);
			return -1;
		}
		ok = 1;
		for (i = 0; i < n && ok; i++) {
			memset(&c, 0, sizeof c);
			c.office_seq = sync_column_int64(res, i, 0);
			c.terminal_id = PQgetvalue(res, i, 1);
			c.seq = sync_column_int64(res, i, 2);
			c.entity = PQgetvalue(res, i, 3);
			c.entity_id = PQgetvalue(res, i, 4);
			c.version = sync_column_int64(res, i, 5);
			c.op = PQgetvalue(res, i, 6);
			c.payload = PQgetisnull(res, i, 7) ? NULL : PQgetvalue(res, i, 7);
			c.created_at = PQgetvalue(res, i, 8);
			if (c.office_seq <= cursor) {
				xasprintf(cause, _("the central store sent the office log out of "
				    "order"));
				ok = 0;
				break;
			}
			if (sync_apply_change(a, &c, cause) != 0)
				ok = 0;
			else
				cursor = c.office_seq;
		}
		PQclear(res);
		if (sync_apply_end(a, cursor, ok, &st, ok ? cause : NULL) != 0)
			return -1;
		sync_trace("apply", n, sync_clock() - t);
		r->pulled += n;
		r->pull.applied += st.applied;
		r->pull.own += st.own;
		r->pull.stale += st.stale;
		r->pull.skipped += st.skipped;
		r->pull.conflicts += st.conflicts;
		/* Fewer rows than asked is no end: the store leaves out our own changes. */
	}
}

static int
audit_all(PGconn *pg, struct db *db, const struct sync_params *p, struct sync_report *r,
    char **cause)
{
	struct sync_batch	 b;
	struct signed_batch	 s;
	PGresult		*res;
	int64_t			 head;

	for (;;) {
		if (cancelled(p, cause))
			return -1;
		if (sync_next_audit_batch(db, p->batch_size > 0 ? p->batch_size : 1000, &b,
		    cause) != 0)
			return -1;
		if (b.count == 0)
			return 0;
		if (signed_batch_make(&s, "audit", db, p, &b, cause) != 0) {
			sync_batch_clear(&b);
			return -1;
		}
		res = PQexecParams(pg, "SELECT madoguchi.push_audit($1::text, $2::bytea)", 2,
		    NULL, s.param, s.length, signed_batch_format, 0);
		signed_batch_free(&s);
		if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
			*cause = sync_pq_message(_("the central store refused the audit log"), pg,
			    res);
			PQclear(res);
			sync_batch_clear(&b);
			return -1;
		}
		head = sync_column_int64(res, 0, 0);
		PQclear(res);
		if (head < b.last) {
			xasprintf(cause, _("the central store acknowledged the audit log up to "
			    "entry %lld, not %lld"), (long long)head, (long long)b.last);
			sync_batch_clear(&b);
			return -1;
		}
		if (sync_audit_done(db, b.last, cause) != 0) {
			sync_batch_clear(&b);
			return -1;
		}
		r->audit_sent += b.count;
		sync_batch_clear(&b);
	}
}

/*
 * Whether the store still holds all it acknowledged to this terminal; what it lost (a
 * failover to a standby that was behind, a restore of the store) is sent and read again
 * (sync-rewind.c).
 */
static int
store_heads(PGconn *pg, struct db *db, const struct actor *who, struct sync_report *r,
    char **cause)
{
	struct sync_heads	 h;
	int			 rc;

	if ((rc = heads_read(pg, &h, cause)) == 1) {
		free(*cause);
		*cause = NULL;
		return 0;
	}
	if (rc != 0)
		return -1;
	return sync_rewind(db, who, &h, &r->rewound, cause);
}

/*
 * The store's heads for this terminal: 0, or 1 when the store is older than
 * sync_heads() (its schema not yet upgraded by madoguchi-central-setup: nothing to compare
 * with), or -1.
 */
static int
heads_read(PGconn *pg, struct sync_heads *h, char **cause)
{
	PGresult	*res;
	const char	*state;

	res = PQexec(pg, "SELECT last_seq, audit_seq, office_last FROM madoguchi.sync_heads()");
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (state != NULL && strcmp(state, "42883") == 0) {
		*cause = sync_pq_message(_("cannot read how far the central store goes"), pg,
		    res);
		PQclear(res);
		return 1;
	}
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		*cause = sync_pq_message(_("cannot read how far the central store goes"), pg,
		    res);
		PQclear(res);
		return -1;
	}
	h->last_seq = sync_column_int64(res, 0, 0);
	h->audit_seq = sync_column_int64(res, 0, 1);
	h->office_last = sync_column_int64(res, 0, 2);
	PQclear(res);
	return 0;
}

/*
 * Pulls from sync_read_host (a standby that takes the reads off the primary) when it has
 * replayed this terminal's own last pushed change, so that nothing read there is older
 * than what this terminal wrote (read your writes); else, or when it cannot be reached,
 * from the primary, and the report says why.
 */
static int
pull_from_best(PGconn *primary, struct db *db, const struct sync_params *p,
    struct sync_report *r, char **cause)
{
	struct sync_heads	 h;
	PGconn			*rd;
	char			*why = NULL;
	int64_t			 pushed, cursor;
	int			 rc;

	if (p->read_host == NULL || *p->read_host == '\0')
		return pull_all(primary, db, p, r, cause);
	pushed = sync_pushed_last(db);
	cursor = sync_pull_cursor(db);
	if ((rd = connect_to(p, p->read_host, "prefer-standby", &why)) == NULL ||
	    heads_read(rd, &h, &why) != 0) {
		snprintf(r->read_from, sizeof r->read_from, _("the primary: %s"), why);
		free(why);
		if (rd != NULL)
			PQfinish(rd);
		return pull_all(primary, db, p, r, cause);
	}
	if (h.last_seq < pushed || h.office_last < cursor) {
		snprintf(r->read_from, sizeof r->read_from, _("the primary: %s is behind this "
		    "terminal (its change %lld, office log %lld; here %lld, %lld)"),
		    PQhost(rd), (long long)h.last_seq, (long long)h.office_last,
		    (long long)pushed, (long long)cursor);
		PQfinish(rd);
		return pull_all(primary, db, p, r, cause);
	}
	snprintf(r->read_from, sizeof r->read_from, _("%s (sync_read_host)"), PQhost(rd));
	rc = pull_all(rd, db, p, r, cause);
	PQfinish(rd);
	return rc;
}

/*
 * One cycle. The outcome goes into the sync state (status line, sync-now) and, when
 * something moved or the terminal just went from working to failing, into the audit log,
 * which is then pushed in the same cycle (SPEC §8: sync is audited).
 */
/*
 * The floors of the retention rules (issue 22), kept for the checks of a rule's change
 * (retention-requests.c); fetched whole at every cycle, so that a floor raised centrally
 * holds at the next sync.
 */
static int
sync_floors_fetch(PGconn *pg, struct db *db, char **cause)
{
	PGresult	*res;
	char		**kinds;
	int		*days, i, n, rc;

	res = PQexec(pg, "SELECT kind, days FROM madoguchi.retention_floors()");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*cause = sync_pq_message(_("the central store did not give the retention "
		    "floors"), pg, res);
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	kinds = xcalloc(n + 1, sizeof *kinds);
	days = xcalloc(n + 1, sizeof *days);
	for (i = 0; i < n; i++) {
		kinds[i] = PQgetvalue(res, i, 0);
		days[i] = (int)strtol(PQgetvalue(res, i, 1), NULL, 10);
	}
	rc = retention_floors_store(db, kinds, days, (size_t)n, cause);
	free(kinds);
	free(days);
	PQclear(res);
	return rc;
}

int
sync_run(struct db *db, const struct sync_params *p, const struct actor *who,
    struct sync_report *r, char **cause)
{
	struct sync_state	 before;
	PGconn			*pg = NULL;
	double			 t, skew = NAN;
	char			*err = NULL, *detail, *ignored = NULL;
	int			 rc = -1, was_failing = 0;

	memset(r, 0, sizeof *r);
	if (sync_state_read(db, &before, NULL) == 0) {
		was_failing = before.last_error != NULL;
		sync_state_clear(&before);
	}
	if ((pg = sync_connect(p, &err)) == NULL)
		goto out;
	r->online = 1;
	/*
	 * What push and pull commit here can be fetched again if a power cut loses it: the
	 * outbox rows marked sent go again (the store answers them from what it stored),
	 * pulled changes come again from the cursor committed with them. So those commits do
	 * not wait for the disk; the audit entries below do.
	 */
	rc = sync_check_identity(pg, db, p, &skew, &err);
	/* Kept for the sync screen, also (above all) when it is too far off to sync. */
	if (!isnan(skew))
		(void)sync_state_clock(db, skew, &ignored);
	free(ignored);
	ignored = NULL;
	if (rc != 0) {
		rc = -1;
		goto out;
	}
	rc = -1;
	if (store_heads(pg, db, who, r, &err) != 0)
		goto out;
	/*
	 * Leased blocks the store lost, and blocks added by hand, are given to it before the
	 * push, whose registrations may carry their numbers: the store takes a number only
	 * from a block it knows as this terminal's. Their audit entries are written with the
	 * full wait, as all are.
	 */
	if (sync_numbers_restore(pg, db, who, r, &err) != 0 ||
	    sync_numbers_register(pg, db, who, r, &err) != 0 ||
	    sync_floors_fetch(pg, db, &err) != 0)
		goto out;
	if (db_set_synchronous(db, 0, &err) != 0)
		goto out;
	t = sync_clock();
	if (cancelled(p, &err) || push_all(pg, db, p, r, &err) != 0)
		goto out;
	/*
	 * Settling the last batch may add a row of its own (the erasure record of My Numbers
	 * the store acknowledged): it goes now, not one cycle later.
	 */
	if (outbox_pending(db) > 0 && push_all(pg, db, p, r, &err) != 0)
		goto out;
	r->push_seconds = sync_clock() - t;
	t = sync_clock();
	if (pull_from_best(pg, db, p, r, &err) != 0)
		goto out;
	r->pull_seconds = sync_clock() - t;
	if (db_set_synchronous(db, 1, &err) != 0)
		goto out;
	if (r->pushed > 0 || r->pulled - r->pull.own > 0 || r->push_conflicts > 0 ||
	    was_failing) {
		xasprintf(&detail, "pushed %lld (conflicts %lld), pulled %lld (applied %lld, "
		    "conflicts %lld)", (long long)r->pushed, (long long)r->push_conflicts,
		    (long long)(r->pulled - r->pull.own), (long long)r->pull.applied,
		    (long long)r->pull.conflicts);
		rc = audit_actor(db, who, "sync", "", "ok", detail, &err);
		free(detail);
		if (rc != 0)
			goto out;
		rc = -1;
	}
	t = sync_clock();
	if (audit_all(pg, db, p, r, &err) != 0)
		goto out;
	r->audit_seconds = sync_clock() - t;
	if (sync_numbers_topup(pg, db, p, r, &err) != 0 ||
	    sync_receptions_topup(pg, db, p, r, &err) != 0)
		goto out;
	rc = 0;
out:
	if (pg != NULL)
		PQfinish(pg);
	if (db_set_synchronous(db, 1, &ignored) != 0 && rc == 0) {
		rc = -1;
		err = ignored;
		ignored = NULL;
	}
	free(ignored);
	ignored = NULL;
	if (rc != 0 && !was_failing)
		(void)audit_actor(db, who, "sync", "", "failed", err, NULL);
	(void)sync_state_record(db, r->online, rc == 0 ? NULL : err, &ignored);
	free(ignored);
	if (rc != 0)
		*cause = err;
	else
		free(err);
	return rc;
}
