/*
 * Holders in bulk: holder_import's rows for many holders in one transaction. One at a
 * time, a holder costs some twenty statement runs (its rows, their outbox rows read back
 * and written again, its certificate number), and with SQLCipher's memory security each run
 * allocates, wipes and frees its cursors and values anew: about 430 us a holder. Here a
 * holder is one row written into a staging table; each table of the register, the name
 * index and the outbox are then filled from it by one statement each, and the
 * certificate numbers are taken for all of them first, reading once per block which are
 * in use.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert/cert-numbers.h"
#include "db-internal.h"
#include "i18n.h"
#include "register/holders.h"
#include "register/register-bulk.h"
#include "register/register-internal.h"
#include "uuid.h"
#include "xmalloc.h"

/*
 * The page cache while filling (KiB, negative as PRAGMA cache_size takes it): the indexes
 * on names and birth dates take each holder at a random place, and with a million holders
 * they are some 100 MiB; with the usual 16 MiB most inserts read a page back and decrypted
 * it. Measured with 200,000 holders: a fifth less time. Back to DB_CACHE_KIB after.
 */
#define BULK_CACHE_KIB	"-262144"

/* Ids made at once: three a holder (holder, registration, event), as holder_import. */
#define IDS_AT_ONCE	(3 * 256)

/*
 * The holders as they are added, in order (n): one row each, written with one statement
 * into a table without indexes in memory; the register's tables are then filled from it
 * by one statement each.
 */
static const char stage_sql[] = "DROP TABLE IF EXISTS temp.holder_bulk; CREATE TEMP TABLE "
    "holder_bulk (n INTEGER PRIMARY KEY, "
    "id, reg_id, event_id, family_name, given_name, family_kana, given_kana, sex, "
    "birth_date, honseki_pref, postal_code, address1, address2, address3, "
    "municipality_code, phone, has_gaiji, mynumber, qualification, certificate_number, "
    "issue_date, route)";

static const char add_sql[] = "INSERT INTO temp.holder_bulk VALUES (NULL, ?1, ?2, ?3, ?4, "
    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";

/*
 * What holder_import writes for one holder, for all of them, table by table; rowids
 * follow the order they were added in, as with holder_import one at a time. ?1 is the
 * last holder's rowid before, ?2 the actor.
 */
static const struct {
	const char	*sql;
	const char	*what;
} fill_steps[] = {
	{ "INSERT INTO holders (id, family_name, given_name, family_kana, given_kana, sex, "
	    "birth_date, honseki_pref, postal_code, address1, address2, address3, "
	    "municipality_code, phone, has_gaiji, created_at, updated_at) SELECT id, "
	    "family_name, given_name, family_kana, given_kana, sex, birth_date, honseki_pref, "
	    "postal_code, address1, address2, address3, municipality_code, phone, has_gaiji, "
	    NOW ", " NOW " FROM temp.holder_bulk ORDER BY n", N_("cannot store the holder") },
	{ "INSERT INTO holder_names (rowid, names) SELECT rowid, " REG_NAMES_SQL " FROM "
	    "holders WHERE rowid > ?1", N_("cannot index the holder's name") },
	{ "INSERT INTO mynumbers (holder_id, mynumber, source, recorded_at) SELECT id, mynumber, "
	    "'import', " NOW " FROM temp.holder_bulk WHERE mynumber IS NOT NULL ORDER BY n",
	    N_("cannot store the My Number") },
	{ "INSERT INTO registrations (id, holder_id, qualification, certificate_number, "
	    "issue_date, route, created_at, updated_at) SELECT reg_id, id, qualification, "
	    "certificate_number, issue_date, route, " NOW ", " NOW " FROM temp.holder_bulk "
	    "ORDER BY n", N_("cannot store the registration") },
	{ "INSERT INTO events (id, registration_id, holder_id, kind, event_date, reason_code, "
	    "reason_text, created_by, created_at) SELECT event_id, reg_id, id, 'issue', "
	    "issue_date, 'import', '', ?2, " NOW " FROM temp.holder_bulk ORDER BY n",
	    N_("cannot store the issue event") },
	{ NULL, NULL }
};

struct holder_bulk {
	struct db		*db;
	const struct actor	*who;
	sqlite3_stmt		*add;
	char			(*numbers)[CERT_NUMBER_SIZE];
	size_t			 n_numbers, used_numbers;
	char			 ids[IDS_AT_ONCE][UUID_STRLEN + 1];
	size_t			 next_id;
};

static int	fill(struct holder_bulk *, char **);
static char	*payload_sql(const struct reg_item *, const char *);
static char	*outbox_sql(void);
static int	run(struct holder_bulk *, sqlite3_stmt *, const char *, char **);
static void	bulk_free(struct holder_bulk *);

static const char	 no_number_left[] = N_("no certificate number left: every number "
    "block is used up or not yet confirmed by the central store. Sync, or ask for a new "
    "block (madoguchi-admin number-block add); nothing was issued");

struct holder_bulk *
holder_bulk_begin(struct db *db, const struct actor *who, size_t n, char **cause)
{
	struct holder_bulk	*b;

	b = xcalloc(1, sizeof *b);
	b->db = db;
	b->who = who;
	b->next_id = IDS_AT_ONCE;
	if (db_begin(db, cause) != 0) {
		free(b);
		return NULL;
	}
	b->numbers = xcalloc(n > 0 ? n : 1, sizeof *b->numbers);
	b->n_numbers = n;
	if (db_exec(db, "PRAGMA cache_size = " BULK_CACHE_KIB, cause) != 0 ||
	    db_exec(db, stage_sql, cause) != 0 ||
	    (b->add = db_prepare(db, add_sql, cause)) == NULL ||
	    cert_numbers_take_many(db, "import", n, b->numbers, cause) != 0) {
		holder_bulk_abort(b);
		return NULL;
	}
	return b;
}

int
holder_bulk_add(struct holder_bulk *b, struct holder_record *h, char **cause)
{
	sqlite3_stmt	*s = b->add;

	if (h->certificate_number == NULL) {
		if (b->used_numbers == b->n_numbers) {
			xasprintf(cause, "%s", _(no_number_left));
			return -1;
		}
		h->certificate_number = b->numbers[b->used_numbers++];
	}
	if (b->next_id == IDS_AT_ONCE) {
		if (uuid_generate_n(b->ids, IDS_AT_ONCE) != 0) {
			xasprintf(cause, _("cannot generate an id"));
			return -1;
		}
		b->next_id = 0;
	}
	memcpy(h->id, b->ids[b->next_id], sizeof h->id);
	sqlite3_bind_text(s, 1, h->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, b->ids[b->next_id + 1], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, b->ids[b->next_id + 2], -1, SQLITE_STATIC);
	b->next_id += 3;
	holder_bind_fields(s, 4, h);
	if (h->mynumber != NULL)
		sqlite3_bind_text(s, 18, h->mynumber, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 18);
	sqlite3_bind_text(s, 19, h->qualification, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 20, h->certificate_number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 21, h->issue_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 22, h->route, -1, SQLITE_STATIC);
	return run(b, s, _("cannot store the holder"), cause);
}

int
holder_bulk_end(struct holder_bulk *b, char **cause)
{
	struct db	*db = b->db;
	int		 rc;

	db_release(db, b->add);
	b->add = NULL;
	rc = fill(b, cause);
	if (rc == 0)
		rc = db_exec(db, "DROP TABLE temp.holder_bulk", cause);
	rc = db_finish(db, rc, cause);
	bulk_free(b);
	return rc;
}

void
holder_bulk_abort(struct holder_bulk *b)
{
	db_release(b->db, b->add);
	/* The rollback takes the staging table away with the rest. */
	db_rollback(b->db);
	bulk_free(b);
}

static void
bulk_free(struct holder_bulk *b)
{
	(void)db_exec(b->db, "PRAGMA cache_size = " DB_CACHE_KIB, NULL);
	free(b->numbers);
	explicit_bzero(b, sizeof *b);
	free(b);
}

/* The register's tables, the name index and the outbox, from the staging table. */
static int
fill(struct holder_bulk *b, char **cause)
{
	sqlite3_stmt	*s;
	char		*sql;
	int64_t		 before = 0;
	int		 i, rc = 0;

	s = db_prepare(b->db, "SELECT coalesce(max(rowid), 0) FROM holders", cause);
	if (s == NULL)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		before = sqlite3_column_int64(s, 0);
	db_release(b->db, s);
	for (i = 0; fill_steps[i].sql != NULL && rc == 0; i++) {
		if ((s = db_prepare(b->db, fill_steps[i].sql, cause)) == NULL)
			return -1;
		if (sqlite3_bind_parameter_count(s) >= 1)
			sqlite3_bind_int64(s, 1, before);
		if (sqlite3_bind_parameter_count(s) >= 2)
			sqlite3_bind_text(s, 2, b->who->user, -1, SQLITE_STATIC);
		rc = db_step_done(b->db, s, _(fill_steps[i].what), cause);
	}
	if (rc != 0)
		return -1;
	sql = outbox_sql();
	s = db_prepare(b->db, sql, cause);
	free(sql);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, b->db->terminal_id, -1, SQLITE_STATIC);
	return db_step_done(b->db, s, _("cannot append to the sync outbox"), cause);
}

/*
 * json_set(<the items' json_object>, members) as one json_object: json_set appends the
 * members the object lacks, in their order, so the text is the same without SQLite parsing
 * again the object it has just made (a tenth of the import's instructions). Should an item
 * ever have a member's name, json_set's form as it is.
 */
static char *
payload_sql(const struct reg_item *items, const char *members)
{
	char	*obj, *flat, *key, *out;
	size_t	 i, j, len;
	int	 clash = 0;

	obj = reg_json_object_sql(items);
	flat = xstrdup(members);
	for (i = j = 0; members[i] != '\0'; ) {
		if (strncmp(members + i, "'$.", 3) == 0) {
			flat[j++] = '\'';
			i += 3;
		} else
			flat[j++] = members[i++];
	}
	flat[j] = '\0';
	for (i = 0; items[i].key != NULL && !clash; i++) {
		xasprintf(&key, "'%s',", items[i].key);
		clash = strstr(flat, key) != NULL;
		free(key);
	}
	len = strlen(obj);
	if (clash || len < 2 || obj[len - 1] != ')')
		xasprintf(&out, "json_set(%s, %s)", obj, members);
	else
		xasprintf(&out, "%.*s, %s)", (int)(len - 1), obj, flat);
	free(flat);
	free(obj);
	return out;
}

/*
 * The outbox rows holder_import appends for each holder, in its order (holder,
 * registration, event, My Number), with the same payloads (register-values.c): the four
 * kinds of row for each row of the staging table, merged in its order.
 */
static char *
outbox_sql(void)
{
	char	*h, *r, *sql;

	h = payload_sql(reg_holder_items, REG_HOLDER_PAYLOAD_MEMBERS);
	r = payload_sql(reg_registration_items, REG_REGISTRATION_PAYLOAD_MEMBERS);
	/* Scalar subqueries: the stage has columns of the same names as the tables. */
	xasprintf(&sql, "INSERT INTO outbox (terminal_id, entity, entity_id, version, op, "
	    "payload, created_at) SELECT ?1, entity, entity_id, version, 'insert', payload, "
	    "%s FROM (SELECT s.n, 0, 'holder' AS entity, s.id AS entity_id, (SELECT version "
	    "FROM holders WHERE id = s.id) AS version, (SELECT %s FROM holders WHERE id = "
	    "s.id) AS payload FROM temp.holder_bulk s "
	    "UNION ALL SELECT s.n, 1, 'registration', s.reg_id, (SELECT version FROM "
	    "registrations WHERE id = s.reg_id), (SELECT %s FROM registrations WHERE id = "
	    "s.reg_id) FROM temp.holder_bulk s "
	    "UNION ALL SELECT s.n, 2, 'event', s.event_id, 1, (SELECT " REG_EVENT_PAYLOAD_SQL
	    " FROM events WHERE id = s.event_id) FROM temp.holder_bulk s "
	    "UNION ALL SELECT s.n, 3, 'mynumber', s.id, 1, (SELECT " REG_MYNUMBER_PAYLOAD_SQL
	    " FROM mynumbers WHERE holder_id = s.id) FROM temp.holder_bulk s WHERE s.mynumber "
	    "IS NOT NULL ORDER BY 1, 2)", NOW, h, r);
	free(h);
	free(r);
	return sql;
}

/* One row written; the statement is kept, reset, for the next. */
static int
run(struct holder_bulk *b, sqlite3_stmt *s, const char *what, char **cause)
{
	int	 rc = 0;

	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_fail(b->db, cause, what);
	sqlite3_reset(s);
	return rc;
}

