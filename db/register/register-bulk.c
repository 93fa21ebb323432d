/*
 * Holders in bulk: holder_import's rows for many holders in one transaction. One at a
 * time, a holder costs some twenty statement runs (its rows, their outbox rows read back
 * and written again, its certificate number), and with SQLCipher's memory security each run
 * allocates, wipes and frees its cursors and values anew: about 430 us a holder. Here a
 * holder is one row written into a staging table; every BULK_ROWS holders each table of
 * the register, the name index and the outbox are filled from it by one statement each,
 * prepared once, and the stage is emptied. The certificate numbers are taken for all of
 * them at once, reading once per block which are in use.
 *
 * Measured with 1,000,000 holders, what else makes the bulk cheap (the figures are in the
 * comments where each is done): the rollback journal instead of the write-ahead log for
 * its one transaction, the holders' indexes on names and birth dates made again at the
 * end instead of kept up holder by holder, a larger buffer for the name index, and the
 * outbox's rows queued without copies of the rows they stand for.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cert/cert-numbers.h"
#include "db-internal.h"
#include "i18n.h"
#include "register/holders.h"
#include "register/register-bulk.h"
#include "register/register-internal.h"
#include "uuid.h"
#include "xmalloc.h"

/*
 * The page cache while filling (KiB, negative as PRAGMA cache_size takes it): the rows of
 * a batch, which the outbox's statement reads back, and the ends of the indexes they are
 * appended to stay in it from one statement to the next; with 1,000,000 holders 256 MiB
 * did no better. When the holders' indexes on names and birth dates are kept up holder by
 * holder (see drop_indexes), each takes a holder at a random place and the cache holds as
 * many of their pages as it can: measured with 200,000 holders, a fifth less time than
 * with the usual 16 MiB. Back to DB_CACHE_KIB after.
 */
#define BULK_CACHE_KIB		"-65536"
#define BULK_CACHE_INDEXES_KIB	"-262144"

/*
 * Holders staged before the tables are filled from the stage: the stage is in memory
 * (temp_store MEMORY), some 500 bytes a holder.
 */
#define BULK_ROWS	50000

/*
 * What the name index (FTS5) keeps in memory before writing it out as a segment, which
 * later merges fold into bigger ones: FTS5's default is 1 MiB, some 150 segments for a
 * million holders, merged again and again. Above what a batch gives it (some 15 MiB; the
 * statement after it writes it out), one segment a batch: filling and writing the name
 * index of 1,000,000 holders took some 14 s instead of 33.
 */
#define BULK_FTS_HASHSIZE	"67108864"
#define FTS_HASHSIZE_DEFAULT	"1048576"

/* Ids made at once: three a holder (holder, registration, event), as holder_import. */
#define IDS_AT_ONCE	(3 * 256)

/* Indexes of the holders made again at the end: the schema has five. */
#define LATE_INDEXES_MAX	16

/*
 * The holders as they are added: one row each, n counting from 1 over the whole bulk,
 * written with one statement into a table without indexes in memory. The kinds are the
 * four outbox rows of a holder, in holder_import's order.
 */
static const char stage_sql[] = "DROP TABLE IF EXISTS temp.holder_bulk; CREATE TEMP TABLE "
    "holder_bulk (n INTEGER PRIMARY KEY, "
    "id, reg_id, event_id, family_name, given_name, family_kana, given_kana, sex, "
    "birth_date, honseki_pref, postal_code, address1, address2, address3, "
    "municipality_code, phone, has_gaiji, mynumber, qualification, certificate_number, "
    "issue_date, route); "
    "DROP TABLE IF EXISTS temp.holder_bulk_kinds; CREATE TEMP TABLE holder_bulk_kinds "
    "(k INTEGER PRIMARY KEY); INSERT INTO temp.holder_bulk_kinds VALUES (0), (1), (2), (3)";
static const char unstage_sql[] = "DROP TABLE IF EXISTS temp.holder_bulk; DROP TABLE IF "
    "EXISTS temp.holder_bulk_kinds";

static const char add_sql[] = "INSERT INTO temp.holder_bulk VALUES (?1, ?2, ?3, ?4, ?5, "
    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)";

enum fill_step { FILL_HOLDERS, FILL_NAMES, FILL_MYNUMBERS, FILL_REGISTRATIONS, FILL_EVENTS,
	FILL_OUTBOX, FILL_UNSTAGE, FILL_STEPS };

/*
 * What holder_import writes for one holder, for all the staged ones, table by table. The
 * rows of holders, registrations and events take the rowids after those there were at the
 * start (:holders, :registrations, :events) plus n, in the order added as with
 * holder_import one at a time, so that the name index's statement finds them by rowid.
 */
static const struct {
	const char	*sql;
	const char	*what;
} fill_steps[FILL_STEPS] = {
	[FILL_HOLDERS] = { "INSERT INTO holders (rowid, id, family_name, given_name, "
	    "family_kana, given_kana, sex, birth_date, honseki_pref, postal_code, address1, "
	    "address2, address3, municipality_code, phone, has_gaiji, created_at, updated_at) "
	    "SELECT :holders + n, id, family_name, given_name, family_kana, given_kana, sex, "
	    "birth_date, honseki_pref, postal_code, address1, address2, address3, "
	    "municipality_code, phone, has_gaiji, " NOW ", " NOW " FROM temp.holder_bulk "
	    "ORDER BY n", N_("cannot store the holder") },
	[FILL_NAMES] = { "INSERT INTO holder_names (rowid, names) SELECT rowid, "
	    REG_NAMES_SQL " FROM holders WHERE rowid > :holders + :done ORDER BY rowid",
	    N_("cannot index the holder's name") },
	[FILL_MYNUMBERS] = { "INSERT INTO mynumbers (holder_id, mynumber, source, recorded_at) "
	    "SELECT id, mynumber, 'import', " NOW " FROM temp.holder_bulk WHERE mynumber IS "
	    "NOT NULL ORDER BY n", N_("cannot store the My Number") },
	[FILL_REGISTRATIONS] = { "INSERT INTO registrations (rowid, id, holder_id, "
	    "qualification, certificate_number, issue_date, route, created_at, updated_at) "
	    "SELECT :registrations + n, reg_id, id, qualification, certificate_number, "
	    "issue_date, route, " NOW ", " NOW " FROM temp.holder_bulk ORDER BY n",
	    N_("cannot store the registration") },
	[FILL_EVENTS] = { "INSERT INTO events (rowid, id, registration_id, holder_id, kind, "
	    "event_date, reason_code, reason_text, created_by, created_at) SELECT :events + n, "
	    "event_id, reg_id, id, 'issue', issue_date, 'import', '', :actor, " NOW " FROM "
	    "temp.holder_bulk ORDER BY n", N_("cannot store the issue event") },
	/*
	 * The outbox rows holder_import appends for each holder, in its order (holder,
	 * registration, event, My Number), without their payloads (the JSON null): each
	 * stands for its row as the bulk wrote it (every one at version 1), which the push
	 * reads through the row's view (migration 36) and which the row's triggers write into
	 * the outbox should the row change first. Copies of every row were half of a million
	 * holders' file and of their import's time: 1,000,000 holders took 60 to 65 s and
	 * 3.9 GB with them, 46 s and 2.3 GB without. The staged holders are joined to the
	 * four kinds so that the rows come in the order wanted without sorting them.
	 */
	[FILL_OUTBOX] = { "INSERT INTO outbox (terminal_id, entity, entity_id, version, op, "
	    "payload, created_at) SELECT :terminal, CASE k.k WHEN 0 THEN 'holder' WHEN 1 THEN "
	    "'registration' WHEN 2 THEN 'event' ELSE 'mynumber' END, CASE k.k WHEN 1 THEN "
	    "s.reg_id WHEN 2 THEN s.event_id ELSE s.id END, 1, 'insert', 'null', " NOW " FROM "
	    "temp.holder_bulk s CROSS JOIN temp.holder_bulk_kinds k WHERE k.k < 3 OR "
	    "s.mynumber IS NOT NULL ORDER BY s.n, k.k",
	    N_("cannot append to the sync outbox") },
	[FILL_UNSTAGE] = { "DELETE FROM temp.holder_bulk", N_("cannot store the holder") },
};

struct holder_bulk {
	struct db		*db;
	const struct actor	*who;
	size_t			 expected;	/* holders the caller means to add */
	sqlite3_stmt		*add;
	sqlite3_stmt		*fill[FILL_STEPS];
	char			(*numbers)[CERT_NUMBER_SIZE];
	size_t			 n_numbers, used_numbers;
	int64_t			 holders, registrations, events;	/* rowids before */
	int64_t			 added, done;	/* holders staged, and filled from the stage */
	char			 ids[IDS_AT_ONCE][UUID_STRLEN + 1];
	size_t			 next_id;
	int			 rollback_journal;	/* switched from WAL for the bulk */
	char			*late[LATE_INDEXES_MAX];	/* CREATE INDEX, for the end */
	size_t			 n_late;
	char			*fts_hashsize;	/* the name index's, to set back */
};

static int	 rollback_journal(struct db *);
static int	 prepare(struct holder_bulk *, char **);
static int64_t	 last_rowid(struct db *, const char *);
static int	 drop_indexes(struct holder_bulk *, char **);
static int	 fts_hashsize(struct holder_bulk *, char **);
static void	 bind_int64(sqlite3_stmt *, const char *, int64_t);
static void	 bind_text(sqlite3_stmt *, const char *, const char *);
static int	 flush(struct holder_bulk *, char **);
static int	 finish(struct holder_bulk *, char **);
static void	 bulk_free(struct holder_bulk *);

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
	b->expected = n;
	b->next_id = IDS_AT_ONCE;
	/* Only the outermost transaction may change the journal. */
	if (!db->in_tx)
		b->rollback_journal = rollback_journal(db);
	if (db_begin(db, cause) != 0) {
		bulk_free(b);
		return NULL;
	}
	if (db_exec(db, stage_sql, cause) != 0 ||
	    drop_indexes(b, cause) != 0 ||
	    db_exec(db, b->n_late > 0 ? "PRAGMA cache_size = " BULK_CACHE_KIB :
	    "PRAGMA cache_size = " BULK_CACHE_INDEXES_KIB, cause) != 0 ||
	    fts_hashsize(b, cause) != 0 ||
	    prepare(b, cause) != 0) {
		holder_bulk_abort(b);
		return NULL;
	}
	b->holders = last_rowid(db, "holders");
	b->registrations = last_rowid(db, "registrations");
	b->events = last_rowid(db, "events");
	return b;
}

/*
 * The rollback journal rather than the write-ahead log (WAL), for the bulk's one
 * transaction: nearly every page it writes is new, past the end of the file, which a
 * rollback journal need not copy, so each page is written once, into the file, where the
 * WAL takes it first and the checkpoint copies it again; and the WAL grows to the size of
 * all that is written (3.6 GB for 1,000,000 holders, whose commit then took 12 s instead
 * of 2). Leaving WAL
 * needs the database to itself: with another connection open it stays, and the bulk runs
 * in it. An interrupted bulk leaves a journal that the next opening rolls back, and
 * db_open sets WAL again. 1 when switched.
 */
static int
rollback_journal(struct db *db)
{
	sqlite3_stmt	*s;
	const char	*mode;
	int		 switched = 0;

	if ((s = db_prepare(db, "PRAGMA journal_mode = DELETE", NULL)) == NULL)
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW) {
		mode = (const char *)sqlite3_column_text(s, 0);
		switched = mode != NULL && strcasecmp(mode, "delete") == 0;
	}
	db_release(db, s);
	return switched;
}

/* The statements, prepared once for the whole bulk. */
static int
prepare(struct holder_bulk *b, char **cause)
{
	int	 i;

	if ((b->add = db_prepare(b->db, add_sql, cause)) == NULL)
		return -1;
	for (i = 0; i < FILL_STEPS; i++) {
		if ((b->fill[i] = db_prepare(b->db, fill_steps[i].sql, cause)) == NULL)
			return -1;
	}
	return 0;
}

static int64_t
last_rowid(struct db *db, const char *table)
{
	sqlite3_stmt	*s;
	char		*sql;
	int64_t		 last = 0;

	xasprintf(&sql, "SELECT coalesce(max(rowid), 0) FROM %s", table);
	s = db_prepare(db, sql, NULL);
	free(sql);
	if (s != NULL && sqlite3_step(s) == SQLITE_ROW)
		last = sqlite3_column_int64(s, 0);
	db_release(db, s);
	return last;
}

/*
 * The holders' indexes on names and birth dates take each holder at a random place: with a
 * million holders a batch of the stage changes nearly every page of them, which are
 * written out and read back batch after batch. Made again at the end instead (sorted, each
 * page written once) when the bulk at least doubles the register: with 1,000,000 holders
 * the holders with their indexes took 17 s instead of 30. Unique indexes stay: they
 * check. All in the transaction: an interrupted bulk leaves them as they were.
 */
static int
drop_indexes(struct holder_bulk *b, char **cause)
{
	sqlite3_stmt	*s;
	char		*names[LATE_INDEXES_MAX], *sql;
	size_t		 n = 0, i;
	int		 rc = 0;

	if ((int64_t)b->expected < last_rowid(b->db, "holders"))
		return 0;
	s = db_prepare(b->db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND "
	    "tbl_name = 'holders' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'",
	    cause);
	if (s == NULL)
		return -1;
	while (n < LATE_INDEXES_MAX && sqlite3_step(s) == SQLITE_ROW) {
		names[n] = db_column_dup(s, 0);
		b->late[n++] = db_column_dup(s, 1);
	}
	db_release(b->db, s);
	/* Dropped once read: not while the schema is being read. */
	for (i = 0; i < n; i++) {
		xasprintf(&sql, "DROP INDEX \"%s\"", names[i]);
		if (rc == 0 && (rc = db_exec(b->db, sql, cause)) == 0)
			b->n_late++;
		else {
			free(b->late[i]);
			b->late[i] = NULL;
		}
		free(sql);
		free(names[i]);
	}
	return rc;
}

/* The name index's buffer for the bulk, BULK_FTS_HASHSIZE; its setting kept. */
static int
fts_hashsize(struct holder_bulk *b, char **cause)
{
	sqlite3_stmt	*s;

	s = db_prepare(b->db, "SELECT v FROM holder_names_config WHERE k = 'hashsize'", cause);
	if (s == NULL)
		return -1;
	b->fts_hashsize = xstrdup(FTS_HASHSIZE_DEFAULT);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) == SQLITE_INTEGER) {
		free(b->fts_hashsize);
		xasprintf(&b->fts_hashsize, "%lld", sqlite3_column_int64(s, 0));
	}
	db_release(b->db, s);
	return db_exec(b->db, "INSERT INTO holder_names (holder_names, rank) VALUES "
	    "('hashsize', " BULK_FTS_HASHSIZE ")", cause);
}

int
holder_bulk_numbers(struct holder_bulk *b, size_t n, char **cause)
{
	free(b->numbers);
	b->numbers = xcalloc(n > 0 ? n : 1, sizeof *b->numbers);
	b->n_numbers = n;
	b->used_numbers = 0;
	if (cert_numbers_take_many(b->db, "import", n, b->numbers, cause) != 0) {
		b->n_numbers = 0;
		return -1;
	}
	return 0;
}

int
holder_bulk_add(struct holder_bulk *b, struct holder_record *h, char **cause)
{
	sqlite3_stmt	*s = b->add;
	int		 rc = 0;

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
	sqlite3_bind_int64(s, 1, b->added + 1);
	sqlite3_bind_text(s, 2, h->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, b->ids[b->next_id + 1], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, b->ids[b->next_id + 2], -1, SQLITE_STATIC);
	b->next_id += 3;
	holder_bind_fields(s, 5, h);
	if (h->mynumber != NULL)
		sqlite3_bind_text(s, 19, h->mynumber, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 19);
	sqlite3_bind_text(s, 20, h->qualification, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 21, h->certificate_number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 22, h->issue_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 23, h->route, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_fail(b->db, cause, _("cannot store the holder"));
	sqlite3_reset(s);
	if (rc == 0 && ++b->added - b->done == BULK_ROWS)
		rc = flush(b, cause);
	return rc;
}

int
holder_bulk_end(struct holder_bulk *b, char **cause)
{
	int	 rc;

	rc = finish(b, cause);
	rc = db_finish(b->db, rc, cause);
	bulk_free(b);
	return rc;
}

void
holder_bulk_abort(struct holder_bulk *b)
{
	/* The rollback takes the stage and the dropped indexes back with the rest. */
	db_rollback(b->db);
	bulk_free(b);
}

/* The last holders staged, the indexes made again, the name index's buffer set back. */
static int
finish(struct holder_bulk *b, char **cause)
{
	char	*sql;
	size_t	 i;
	int	 rc;

	if (flush(b, cause) != 0)
		return -1;
	for (i = 0; i < b->n_late; i++) {
		if (db_exec(b->db, b->late[i], cause) != 0)
			return -1;
	}
	/*
	 * A bulk that made the register's indexes again made most of the name index too, in
	 * a segment per flush: merged into one, at the cost of writing it once more (2.6 s
	 * with 1,000,000 holders). A small bulk leaves that to FTS5's own merging.
	 */
	if (b->n_late > 0 && db_exec(b->db, REG_NAMES_OPTIMIZE_SQL, cause) != 0)
		return -1;
	/* FTS5's default when the index had none: the same as no setting. */
	xasprintf(&sql, "INSERT INTO holder_names (holder_names, rank) VALUES ('hashsize', "
	    "%s)", b->fts_hashsize);
	rc = db_exec(b->db, sql, cause);
	free(sql);
	return rc;
}

static void
bulk_free(struct holder_bulk *b)
{
	size_t	 i;

	db_release(b->db, b->add);
	for (i = 0; i < FILL_STEPS; i++)
		db_release(b->db, b->fill[i]);
	/* The stage: gone with a rollback, else dropped here. */
	(void)db_exec(b->db, unstage_sql, NULL);
	(void)db_exec(b->db, "PRAGMA cache_size = " DB_CACHE_KIB, NULL);
	if (b->rollback_journal && !b->db->in_tx)
		(void)db_exec(b->db, "PRAGMA journal_mode = WAL", NULL);
	for (i = 0; i < b->n_late; i++)
		free(b->late[i]);
	free(b->fts_hashsize);
	free(b->numbers);
	explicit_bzero(b, sizeof *b);
	free(b);
}

/* Binds a named parameter, if the statement has it. */
static void
bind_int64(sqlite3_stmt *s, const char *name, int64_t value)
{
	int	 i;

	if ((i = sqlite3_bind_parameter_index(s, name)) > 0)
		sqlite3_bind_int64(s, i, value);
}

static void
bind_text(sqlite3_stmt *s, const char *name, const char *value)
{
	int	 i;

	if ((i = sqlite3_bind_parameter_index(s, name)) > 0)
		sqlite3_bind_text(s, i, value, -1, SQLITE_STATIC);
}

/* The register's tables, the name index and the outbox, from the stage; then emptied. */
static int
flush(struct holder_bulk *b, char **cause)
{
	sqlite3_stmt	*s;
	int		 i, rc;

	if (b->added == b->done)
		return 0;
	for (i = 0; i < FILL_STEPS; i++) {
		s = b->fill[i];
		bind_int64(s, ":holders", b->holders);
		bind_int64(s, ":registrations", b->registrations);
		bind_int64(s, ":events", b->events);
		bind_int64(s, ":done", b->done);
		bind_text(s, ":actor", b->who->user);
		bind_text(s, ":terminal", b->db->terminal_id);
		rc = sqlite3_step(s);
		if (rc != SQLITE_DONE) {
			db_fail(b->db, cause, _(fill_steps[i].what));
			sqlite3_reset(s);
			return -1;
		}
		sqlite3_reset(s);
	}
	b->done = b->added;
	return 0;
}
