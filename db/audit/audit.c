/* db/audit/: the audit log, append-only and chained, its head and its verification.
 * May use: lib/, db/. */
/*
 * The audit chain.
 *
 * mac(n) = HMAC-SHA256(k, mac(n-1) || seq || each field as length + bytes), with mac(0) all
 * zero. The sequence number is inside the MAC, so renumbering rows to hide a removal or an
 * insertion breaks it; audit_head keeps the count and last MAC, so removing entries from
 * the end is caught as well. Triggers refuse UPDATE and DELETE; the chain catches whoever
 * goes around them with the raw file.
 *
 * Whoever has the database key can go around them, so neither the MAC key nor the head
 * that counts is kept only inside the database: the key is a root-only file (audit-key.c)
 * and the head is kept outside as well (audit-head.c). A process that may not read the key
 * (the screens) has each MAC computed by the monitor through audit_signer.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "audit/audit.h"
#include "audit/audit-recover.h"
#include "clock.h"
#include "db-internal.h"
#include "escape.h"
#include "i18n.h"
#include "xmalloc.h"

#define MAC_BYTES	AUDIT_MAC_BYTES

struct chain_mac {
	EVP_MAC		*mac;
	EVP_MAC_CTX	*ctx;
};

/* The fields in the order they are MACed: the order of the audit_log columns. */
struct entry {
	int64_t		 seq;
	const char	*field[AUDIT_FIELDS];	/* in the order of AUDIT_FIELDS */
	const uint8_t	*prev;
	const uint8_t	*mac;
	int		 prev_len, mac_len;
};

static int	chain_mac_init(struct chain_mac *, const uint8_t *);
static void	chain_mac_free(struct chain_mac *);
static int	chain_mac_compute(struct chain_mac *, const uint8_t *, const struct entry *,
		    uint8_t *);
static void	now_iso(char *, size_t);
static int	read_head(struct db *, int64_t *, uint8_t *, char **);

static int
chain_mac_init(struct chain_mac *m, const uint8_t *key)
{
	OSSL_PARAM	 params[2];

	memset(m, 0, sizeof *m);
	if ((m->mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL ||
	    (m->ctx = EVP_MAC_CTX_new(m->mac)) == NULL)
		goto fail;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256",
	    0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_MAC_init(m->ctx, key, AUDIT_KEY_BYTES, params) != 1)
		goto fail;
	return 0;
fail:
	chain_mac_free(m);
	return -1;
}

static void
chain_mac_free(struct chain_mac *m)
{
	EVP_MAC_CTX_free(m->ctx);
	EVP_MAC_free(m->mac);
	memset(m, 0, sizeof *m);
}

void
audit_mac_free(struct db *db)
{
	if (db->audit_mac != NULL) {
		chain_mac_free(db->audit_mac);
		free(db->audit_mac);
		db->audit_mac = NULL;
	}
}

static void
put_u64(uint8_t *p, uint64_t v)
{
	int	 i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static int
chain_mac_compute(struct chain_mac *m, const uint8_t *prev, const struct entry *e,
    uint8_t *out)
{
	uint8_t		 buf[8];
	size_t		 len, outlen;
	unsigned	 i;

	/* Re-initialising with a NULL key keeps the key and restarts the MAC. */
	if (EVP_MAC_init(m->ctx, NULL, 0, NULL) != 1 ||
	    EVP_MAC_update(m->ctx, prev, MAC_BYTES) != 1)
		return -1;
	put_u64(buf, (uint64_t)e->seq);
	if (EVP_MAC_update(m->ctx, buf, sizeof buf) != 1)
		return -1;
	for (i = 0; i < sizeof e->field / sizeof e->field[0]; i++) {
		len = strlen(e->field[i]);
		put_u64(buf, len);
		if (EVP_MAC_update(m->ctx, buf, sizeof buf) != 1 ||
		    EVP_MAC_update(m->ctx, (const uint8_t *)e->field[i], len) != 1)
			return -1;
	}
	if (EVP_MAC_final(m->ctx, out, &outlen, MAC_BYTES) != 1 || outlen != MAC_BYTES)
		return -1;
	return 0;
}

/* The entry's time: clock.h's, so that tests can log at an hour they choose. */
static void
now_iso(char *buf, size_t len)
{
	clock_iso(buf, len);
}

static int
read_head(struct db *db, int64_t *count, uint8_t *mac, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*count = 0;
	memset(mac, 0, MAC_BYTES);
	stmt = db_prepare(db, "SELECT count, mac FROM audit_head", cause);
	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int64(stmt, 0);
		if (sqlite3_column_bytes(stmt, 1) == MAC_BYTES)
			memcpy(mac, sqlite3_column_blob(stmt, 1), MAC_BYTES);
		else
			rc = SQLITE_CORRUPT;
	}
	db_release(db, stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		xasprintf(cause, _("the audit chain head is damaged"));
		return -1;
	}
	return 0;
}

/*
 * Appends one entry. Inside a caller's transaction the entry commits or rolls back with
 * the change it records; outside one it gets its own.
 */
int
audit_append(struct db *db, const struct audit_event *ev, char **cause)
{
	struct entry		 e;
	sqlite3_stmt		*stmt = NULL;
	uint8_t			 prev[MAC_BYTES], mac[MAC_BYTES];
	char			 at[64], *escaped[9] = { NULL };
	int64_t			 count;
	int			 own_tx, rc = -1;
	unsigned		 i;

	own_tx = sqlite3_get_autocommit(db->h);
	if (own_tx && db_begin(db, cause) != 0)
		return -1;
	if (read_head(db, &count, prev, cause) != 0)
		goto out;

	now_iso(at, sizeof at);
	memset(&e, 0, sizeof e);
	e.seq = count + 1;
	e.field[0] = at;
	e.field[1] = db->terminal_id;
	e.field[2] = ev->tty != NULL ? ev->tty : "";
	e.field[3] = ev->user != NULL ? ev->user : "";
	e.field[4] = ev->role != NULL ? ev->role : "";
	e.field[5] = ev->action;
	e.field[6] = ev->target != NULL ? ev->target : "";
	e.field[7] = ev->result != NULL ? ev->result : "ok";
	e.field[8] = ev->detail != NULL ? ev->detail : "";
	/*
	 * What is stored, and MACed, is escaped (escape.h): no entry can carry a control
	 * character to the terminal of whoever reads the log. Entries written before are
	 * verified as they were stored.
	 */
	for (i = 0; i < 9; i++)
		e.field[i] = escaped[i] = escape_text(e.field[i], 0);
	if (!db->audit_key_set) {
		if (db->audit_signer == NULL) {
			xasprintf(cause, _("cannot write the audit log: this program holds no "
			    "audit key"));
			goto out;
		}
		if (db->audit_signer(db->audit_signer_arg, e.seq, prev, e.field, mac,
		    cause) != 0)
			goto out;
	} else if (audit_entry_sign(db, e.seq, prev, e.field, mac, cause) != 0)
		goto out;

	stmt = db_prepare(db, "INSERT INTO audit_log (seq, at, terminal_id, "
	    "tty, user, role, action, target, result, detail, prev_mac, mac) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, e.seq);
	for (i = 0; i < 9; i++)
		sqlite3_bind_text(stmt, (int)i + 2, e.field[i], -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 11, prev, MAC_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 12, mac, MAC_BYTES, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		db_fail(db, cause, _("cannot write the audit log"));
		goto out;
	}
	db_release(db, stmt);

	stmt = db_prepare(db, "INSERT INTO audit_head (only, count, mac) "
	    "VALUES (1, ?1, ?2) ON CONFLICT (only) DO UPDATE SET count = excluded.count, "
	    "mac = excluded.mac", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, e.seq);
	sqlite3_bind_blob(stmt, 2, mac, MAC_BYTES, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		db_fail(db, cause, _("cannot write the audit log"));
		goto out;
	}
	db->audit_appended = 1;
	rc = 0;
out:
	db_release(db, stmt);
	for (i = 0; i < 9; i++)
		free(escaped[i]);
	if (own_tx)
		rc = db_finish(db, rc, cause);
	return rc;
}

/* An entry for what an actor did: action, target, result, detail. */
int
audit_actor(struct db *db, const struct actor *who, const char *action, const char *target,
    const char *result, const char *detail, char **cause)
{
	struct audit_event	 ev;

	memset(&ev, 0, sizeof ev);
	ev.tty = who->tty;
	ev.user = who->user;
	ev.role = who->role;
	ev.action = action;
	ev.target = target;
	ev.result = result;
	ev.detail = detail;
	return audit_append(db, &ev, cause);
}

/*
 * Whether this terminal's log already has an entry of action on target (target as the
 * caller has it: it is escaped as audit_append stores it). *found is 1 or 0.
 */
int
audit_logged(struct db *db, const char *action, const char *target, int *found,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		*stored;
	int		 rc;

	*found = 0;
	stmt = db_prepare(db, "SELECT 1 FROM audit_log WHERE action = ?1 AND target = ?2 "
	    "AND terminal_id = ?3 LIMIT 1", cause);
	if (stmt == NULL)
		return -1;
	stored = escape_text(target, 0);
	sqlite3_bind_text(stmt, 1, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, stored, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, db->terminal_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		xasprintf(cause, _("cannot read the audit log: %s"), sqlite3_errmsg(db->h));
	db_release(db, stmt);
	free(stored);
	*found = rc == SQLITE_ROW;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static void
mark_bad(struct audit_check *c, int64_t seq, char *reason)
{
	c->first_bad = seq;
	c->reason = reason;
}

#define ENTRY_COLUMNS	"seq, at, terminal_id, tty, user, role, action, target, result, " \
			"detail, prev_mac, mac"

static void
entry_read(sqlite3_stmt *stmt, struct entry *e)
{
	int	 i;

	memset(e, 0, sizeof *e);
	e->seq = sqlite3_column_int64(stmt, 0);
	for (i = 0; i < AUDIT_FIELDS; i++) {
		e->field[i] = (const char *)sqlite3_column_text(stmt, i + 1);
		if (e->field[i] == NULL)
			e->field[i] = "";
	}
	e->prev = sqlite3_column_blob(stmt, 10);
	e->prev_len = sqlite3_column_bytes(stmt, 10);
	e->mac = sqlite3_column_blob(stmt, 11);
	e->mac_len = sqlite3_column_bytes(stmt, 11);
}

/*
 * Whether e is entry expect, links to prev and carries its MAC: 0 and its MAC in *mac,
 * 1 and what is wrong in *reason, -1 when the MAC cannot be computed.
 */
static int
entry_check(struct chain_mac *m, const uint8_t *prev, int64_t expect, const struct entry *e,
    uint8_t *mac, char **reason)
{
	if (e->seq != expect) {
		if (e->seq > expect)
			xasprintf(reason, _("entry %lld follows entry %lld: entries are "
			    "missing"), (long long)e->seq, (long long)expect - 1);
		else
			xasprintf(reason, _("entry %lld is out of order (expected %lld)"),
			    (long long)e->seq, (long long)expect);
		return 1;
	}
	if (e->prev_len != MAC_BYTES || memcmp(e->prev, prev, MAC_BYTES) != 0) {
		xasprintf(reason, _("entry %lld does not link to entry %lld (removed, inserted "
		    "or reordered)"), (long long)e->seq, (long long)e->seq - 1);
		return 1;
	}
	if (chain_mac_compute(m, prev, e, mac) != 0)
		return -1;
	if (e->mac_len != MAC_BYTES || memcmp(e->mac, mac, MAC_BYTES) != 0) {
		xasprintf(reason, _("entry %lld was altered or forged (its MAC does not "
		    "match)"), (long long)e->seq);
		return 1;
	}
	return 0;
}

static int
need_key(struct db *db, char **cause)
{
	if (db->audit_key_set)
		return 0;
	xasprintf(cause, _("cannot verify the audit log: this program holds no audit key"));
	return -1;
}

/*
 * Verifies the entries after entry from, whose MAC is from_mac (all zero for 0), up to
 * the end of the log. *last and last_mac tell how far it holds. Returns 0, or 1 with
 * *problem saying what is wrong at the first entry that does not hold, or -1.
 */
int
audit_tail_verify(struct db *db, int64_t from, const uint8_t *from_mac, int64_t *last,
    uint8_t *last_mac, char **problem, char **cause)
{
	struct chain_mac	 m;
	struct entry		 e;
	sqlite3_stmt		*stmt;
	uint8_t			 prev[MAC_BYTES], mac[MAC_BYTES];
	int			 rc, bad = 0;

	*problem = NULL;
	*last = from;
	memcpy(last_mac, from_mac, MAC_BYTES);
	if (need_key(db, cause) != 0)
		return -1;
	if (chain_mac_init(&m, db->audit_key) != 0) {
		xasprintf(cause, _("cannot compute the audit MAC"));
		return -1;
	}
	stmt = db_prepare(db, "SELECT " ENTRY_COLUMNS " FROM audit_log WHERE seq > ?1 "
	    "ORDER BY seq", cause);
	if (stmt == NULL) {
		chain_mac_free(&m);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, from);
	memcpy(prev, from_mac, MAC_BYTES);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		entry_read(stmt, &e);
		if ((bad = entry_check(&m, prev, *last + 1, &e, mac, problem)) != 0)
			break;
		memcpy(prev, mac, MAC_BYTES);
		*last = e.seq;
		memcpy(last_mac, mac, MAC_BYTES);
	}
	db_release(db, stmt);
	chain_mac_free(&m);
	if (bad < 0 || (bad == 0 && rc != SQLITE_DONE)) {
		free(*problem);
		*problem = NULL;
		xasprintf(cause, _("cannot read the audit log: %s"), sqlite3_errmsg(db->h));
		return -1;
	}
	return bad;
}

/* Returns 0 when intact, 1 when the chain is broken (see check), -1 on error. */
int
audit_verify(struct db *db, struct audit_check *c, char **cause)
{
	struct chain_mac	 m;
	struct entry		 e;
	sqlite3_stmt		*stmt;
	uint8_t			 prev[MAC_BYTES], mac[MAC_BYTES], head_mac[MAC_BYTES];
	int64_t			 head_count, expect = 1;
	char			*reason;
	int			 rc, bad = 0;

	memset(c, 0, sizeof *c);
	if (need_key(db, cause) != 0 || read_head(db, &head_count, head_mac, cause) != 0)
		return -1;
	if (chain_mac_init(&m, db->audit_key) != 0) {
		xasprintf(cause, _("cannot compute the audit MAC"));
		return -1;
	}
	stmt = db_prepare(db, "SELECT " ENTRY_COLUMNS " FROM audit_log ORDER BY seq", cause);
	if (stmt == NULL) {
		chain_mac_free(&m);
		return -1;
	}
	memset(prev, 0, sizeof prev);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		entry_read(stmt, &e);
		c->count++;
		reason = NULL;
		if ((bad = entry_check(&m, prev, expect, &e, mac, &reason)) != 0) {
			if (bad > 0)
				mark_bad(c, e.seq, reason);
			break;
		}
		memcpy(prev, mac, MAC_BYTES);
		expect++;
	}
	db_release(db, stmt);
	chain_mac_free(&m);
	if (bad < 0 || (bad == 0 && rc != SQLITE_DONE)) {
		xasprintf(cause, _("cannot read the audit log: %s"), sqlite3_errmsg(db->h));
		return -1;
	}
	if (c->first_bad != 0)
		return 1;
	if (head_count != c->count || memcmp(head_mac, prev, MAC_BYTES) != 0) {
		xasprintf(&reason, _("the chain ends at entry %lld but its head records "
		    "%lld entries: entries were removed from the end"), (long long)c->count,
		    (long long)head_count);
		mark_bad(c, c->count + 1, reason);
		return 1;
	}
	return 0;
}

/* From now on MACs are computed with key (AUDIT_MAC_BYTES bytes) in this process. */
void
audit_set_key(struct db *db, const uint8_t *key)
{
	audit_mac_free(db);
	memcpy(db->audit_key, key, sizeof db->audit_key);
	db->audit_key_set = 1;
}

/* From now on MACs are asked of fn (a process that may not read the key). */
void
audit_set_signer(struct db *db, audit_signer_fn *fn, void *arg)
{
	db->audit_signer = fn;
	db->audit_signer_arg = arg;
}

/*
 * One entry's MAC with this process's key, for the monitor computing it for the screens
 * (which hold no key): the same computation audit_append makes.
 */
int
audit_entry_sign(struct db *db, int64_t seq, const uint8_t *prev, const char *const *field,
    uint8_t *out, char **cause)
{
	struct chain_mac	*m;
	struct entry		 e;
	int			 i;

	if (!db->audit_key_set) {
		xasprintf(cause, _("this program holds no audit key"));
		return -1;
	}
	if (db->audit_mac == NULL) {
		m = xcalloc(1, sizeof *m);
		if (chain_mac_init(m, db->audit_key) != 0) {
			free(m);
			xasprintf(cause, _("cannot compute the audit MAC"));
			return -1;
		}
		db->audit_mac = m;
	}
	memset(&e, 0, sizeof e);
	e.seq = seq;
	for (i = 0; i < AUDIT_FIELDS; i++)
		e.field[i] = field[i];
	if (chain_mac_compute(db->audit_mac, prev, &e, out) != 0) {
		xasprintf(cause, _("cannot compute the audit MAC"));
		return -1;
	}
	return 0;
}

void
audit_check_free(struct audit_check *c)
{
	free(c->reason);
	c->reason = NULL;
}

int64_t
audit_count(struct db *db)
{
	int64_t	 count;
	uint8_t	 mac[MAC_BYTES];

	if (read_head(db, &count, mac, NULL) != 0)
		return -1;
	return count;
}

/*
 * The MAC of one entry as stored (its fields escaped as audit_append stored them) after
 * the MAC prev: for audit-recover.c, which checks the entries the central store kept for
 * a restored terminal and chains the terminal's own after them. Kept beside the chain it
 * computes, so that the two cannot differ.
 */
int
audit_entry_mac(struct db *db, const uint8_t *prev, int64_t seq, const char *const *field,
    uint8_t *out)
{
	char	*ignored = NULL;
	int	 rc;

	rc = audit_entry_sign(db, seq, prev, field, out, &ignored);
	free(ignored);
	return rc;
}
