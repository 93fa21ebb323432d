/*
 * Certificate number blocks: leased ranges, handed out upwards, each number once.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert/cert-numbers.h"
#include "db-internal.h"
#include "i18n.h"
#include "xmalloc.h"

static int	 check_prefix(const char *, char **);
static int	 number_in_use(struct db *, const char *, int *, char **);
static int	 numbers_in_use(struct db *, const char *, const char *, char ***, size_t *,
		    char **);
static int	 take_from_block(struct db *, const char *, int64_t, const char *, int64_t,
		    int64_t, size_t, char (*)[CERT_NUMBER_SIZE], size_t *, char **);
static int	 block_advance(struct db *, int64_t, int64_t, int64_t, char **);
static int	 number_width(int64_t);
static int	 ledger_take_run(struct db *, int64_t, const char *, int64_t, int64_t, int64_t,
		    const char *, char **);
static int	 ledger_skip(struct db *, int64_t, const char *, char **);

/* What cert_numbers_take and cert_numbers_take_many share. */
static const char	 open_blocks_sql[] = "SELECT id, prefix, next_number, last_number "
    "FROM cert_number_blocks WHERE exhausted = 0 AND central IN ('local', 'confirmed') "
    "ORDER BY id";
static const char	 ledger_take_sql[] = "INSERT INTO cert_numbers_used (certificate_number, "
    "block_id, used_for, used_at) VALUES (?1, ?2, ?3, " NOW ")";
/* A number typed by hand into the register is passed over, and recorded as such. */
static const char	 ledger_skip_sql[] = "INSERT OR IGNORE INTO cert_numbers_used "
    "(certificate_number, block_id, used_for, used_at) VALUES (?1, ?2, 'skipped', " NOW ")";
static const char	 no_number_left[] = N_("no certificate number left: every number "
    "block is used up or not yet confirmed by the central store. Sync, or ask for a new "
    "block (madoguchi-admin number-block add); nothing was issued");

static int
check_prefix(const char *prefix, char **cause)
{
	const char	*p;

	if (strlen(prefix) > CERT_PREFIX_MAX) {
		xasprintf(cause, _("the prefix \"%s\" is longer than %d characters"), prefix,
		    CERT_PREFIX_MAX);
		return -1;
	}
	for (p = prefix; *p != '\0'; p++) {
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= 'a' && *p <= 'z') || *p == '-')) {
			xasprintf(cause, _("the prefix may hold only letters, digits and '-'"));
			return -1;
		}
	}
	/*
	 * A number must read one way, prefix then digits: after "T1", number 1 would be
	 * T1000001, which is also number 1000001 after "T". The central store reads numbers
	 * so to find their blocks (db/central/02-functions.sql).
	 */
	if (p != prefix && p[-1] >= '0' && p[-1] <= '9') {
		xasprintf(cause, _("the prefix \"%s\" ends in a digit: end it with a letter or "
		    "'-', so that its numbers cannot be read as those of another prefix"), prefix);
		return -1;
	}
	return 0;
}

int
cert_numbers_check_block(const char *prefix, int64_t first, int64_t last, char **cause)
{
	*cause = NULL;
	if (prefix == NULL || check_prefix(prefix, cause) != 0)
		return -1;
	if (first < 0 || last < first || last > CERT_NUMBER_LAST) {
		xasprintf(cause, _("a number block runs from a number to a number not smaller, "
		    "from 0 to %" PRId64), CERT_NUMBER_LAST);
		return -1;
	}
	return 0;
}

/* The digits of a block's numbers: at least 6, as many as its last number has. */
static int
number_width(int64_t last)
{
	int	 width = 6;
	int64_t	 x;

	for (x = last / 1000000; x > 0; x /= 10)
		width++;
	return width;
}

void
cert_number_format(const char *prefix, int64_t n, int64_t last, char out[CERT_NUMBER_SIZE])
{
	snprintf(out, CERT_NUMBER_SIZE, "%s%0*" PRId64, prefix, number_width(last), n);
}

int
cert_numbers_add_block(struct db *db, const char *source, const char *prefix,
    int64_t first, int64_t last, char **cause)
{
	return cert_numbers_add_block_id(db, source, prefix, first, last,
	    source != NULL && strcmp(source, "central") == 0 ? "confirmed" : "local", NULL,
	    cause);
}

int
cert_numbers_add_block_id(struct db *db, const char *source, const char *prefix,
    int64_t first, int64_t last, const char *central, int64_t *id, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 own_tx = !db->in_tx, rc = -1;

	*cause = NULL;
	if (source == NULL || (strcmp(source, "admin") != 0 &&
	    strcmp(source, "central") != 0)) {
		xasprintf(cause, _("a number block comes from \"admin\" or \"central\""));
		return -1;
	}
	if (cert_numbers_check_block(prefix, first, last, cause) != 0)
		return -1;
	if (own_tx && db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT id, first_number, last_number FROM cert_number_blocks "
	    "WHERE prefix = ?1 AND first_number <= ?3 AND last_number >= ?2 ORDER BY id "
	    "LIMIT 1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, first);
	sqlite3_bind_int64(stmt, 3, last);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		xasprintf(cause, _("numbers %" PRId64 "-%" PRId64 " overlap block %lld (\"%s\" "
		    "%lld-%lld): a number must never be handed out twice"), first, last,
		    sqlite3_column_int64(stmt, 0), prefix, sqlite3_column_int64(stmt, 1),
		    sqlite3_column_int64(stmt, 2));
		db_release(db, stmt);
		goto out;
	}
	db_release(db, stmt);
	stmt = db_prepare(db, "INSERT INTO cert_number_blocks (source, prefix, first_number, "
	    "last_number, next_number, added_at, central) VALUES (?1, ?2, ?3, ?4, ?3, " NOW
	    ", ?5)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 5, central, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, first);
	sqlite3_bind_int64(stmt, 4, last);
	if (db_step_done(db, stmt, _("cannot store the number block"), cause) != 0)
		goto out;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(db->h);
	rc = 0;
out:
	if (own_tx)
		return db_finish(db, rc, cause);
	return rc;
}

/* Whether the text is already a certificate number in the register or handed out. */
static int
number_in_use(struct db *db, const char *number, int *used, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM registrations WHERE "
	    "certificate_number = ?1) OR EXISTS (SELECT 1 FROM cert_numbers_used WHERE "
	    "certificate_number = ?1) OR EXISTS (SELECT 1 FROM applications WHERE status = "
	    "'pending' AND kind = 'registration' AND json_extract(payload, "
	    "'$.certificate_number') = ?1)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, number, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_fail(db, cause, _("cannot read the certificate numbers"));
		db_release(db, stmt);
		return -1;
	}
	*used = sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	return 0;
}

int
cert_numbers_take(struct db *db, const char *used_for, char out[CERT_NUMBER_SIZE],
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 prefix[CERT_PREFIX_MAX + 1], number[CERT_NUMBER_SIZE];
	int64_t		 block, next, last;
	int		 used;

	*cause = NULL;
	*out = '\0';
	if (!db->in_tx) {
		/* Taken outside the issuing transaction, a number could be lost or doubled. */
		xasprintf(cause, _("a certificate number is taken only while issuing"));
		return -1;
	}
	for (;;) {
		if ((stmt = db_prepare(db, open_blocks_sql, cause)) == NULL)
			return -1;
		if (sqlite3_step(stmt) != SQLITE_ROW) {
			db_release(db, stmt);
			xasprintf(cause, "%s", _(no_number_left));
			return -1;
		}
		block = sqlite3_column_int64(stmt, 0);
		snprintf(prefix, sizeof prefix, "%s", sqlite3_column_text(stmt, 1));
		next = sqlite3_column_int64(stmt, 2);
		last = sqlite3_column_int64(stmt, 3);
		db_release(db, stmt);
		cert_number_format(prefix, next, last, number);
		if (number_in_use(db, number, &used, cause) != 0 ||
		    block_advance(db, block, next, next + 1, cause) != 0)
			return -1;
		/* Recorded as skipped unless it is in the ledger already. */
		stmt = db_prepare(db, used ? ledger_skip_sql : ledger_take_sql, cause);
		if (stmt == NULL)
			return -1;
		sqlite3_bind_text(stmt, 1, number, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 2, block);
		if (!used)
			sqlite3_bind_text(stmt, 3, used_for, -1, SQLITE_STATIC);
		if (db_step_done(db, stmt, _("cannot record the certificate number"),
		    cause) != 0)
			return -1;
		if (!used)
			break;
	}
	memcpy(out, number, CERT_NUMBER_SIZE);
	return 0;
}

/* Moves a block's next number from "from" to "to"; refused if it moved meanwhile. */
static int
block_advance(struct db *db, int64_t block, int64_t from, int64_t to, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "UPDATE cert_number_blocks SET next_number = ?2, exhausted = "
	    "?2 > last_number WHERE id = ?1 AND next_number = ?3", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, block);
	sqlite3_bind_int64(stmt, 2, to);
	sqlite3_bind_int64(stmt, 3, from);
	if (db_step_done(db, stmt, _("cannot take a certificate number"), cause) != 0)
		return -1;
	if (sqlite3_changes(db->h) != 1) {
		xasprintf(cause, _("cannot take a certificate number: the block changed"));
		return -1;
	}
	return 0;
}

int
cert_numbers_take_many(struct db *db, const char *used_for, size_t n,
    char (*out)[CERT_NUMBER_SIZE], char **cause)
{
	sqlite3_stmt	*s;
	struct block {
		int64_t	 id, next, last;
		char	 prefix[CERT_PREFIX_MAX + 1];
	}		*blocks = NULL;
	size_t		 nb = 0, i, taken = 0;
	int		 rc = 0;

	*cause = NULL;
	if (!db->in_tx) {
		xasprintf(cause, _("a certificate number is taken only while issuing"));
		return -1;
	}
	if ((s = db_prepare(db, open_blocks_sql, cause)) == NULL)
		return -1;
	while (sqlite3_step(s) == SQLITE_ROW) {
		blocks = xreallocarray(blocks, nb + 1, sizeof *blocks);
		blocks[nb].id = sqlite3_column_int64(s, 0);
		snprintf(blocks[nb].prefix, sizeof blocks[nb].prefix, "%s",
		    sqlite3_column_text(s, 1));
		blocks[nb].next = sqlite3_column_int64(s, 2);
		blocks[nb].last = sqlite3_column_int64(s, 3);
		nb++;
	}
	db_release(db, s);
	for (i = 0; i < nb && taken < n && rc == 0; i++)
		rc = take_from_block(db, used_for, blocks[i].id, blocks[i].prefix,
		    blocks[i].next, blocks[i].last, n, out, &taken, cause);
	free(blocks);
	if (rc == 0 && taken < n) {
		xasprintf(cause, "%s", _(no_number_left));
		rc = -1;
	}
	return rc;
}

/*
 * Numbers ?1 to ?2 of block ?5 into the ledger as taken for ?6, one statement for the run:
 * a statement run for each, with SQLCipher's memory security, cost three times as much.
 * Their text is cert_number_format's: the prefix, then the number zero-padded to ?4.
 */
static const char	 ledger_take_run_sql[] = "WITH RECURSIVE run (x) AS (SELECT ?1 "
    "UNION ALL SELECT x + 1 FROM run WHERE x < ?2) INSERT INTO cert_numbers_used "
    "(certificate_number, block_id, used_for, used_at) SELECT printf('%s%0*d', ?3, ?4, x), "
    "?5, ?6, " NOW " FROM run";

/* The numbers first..last into the ledger as taken; 0 for an empty run. */
static int
ledger_take_run(struct db *db, int64_t block, const char *prefix, int64_t first,
    int64_t last, int64_t block_last, const char *used_for, char **cause)
{
	sqlite3_stmt	*s;

	if (first > last)
		return 0;
	if ((s = db_prepare(db, ledger_take_run_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, first);
	sqlite3_bind_int64(s, 2, last);
	sqlite3_bind_text(s, 3, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, number_width(block_last));
	sqlite3_bind_int64(s, 5, block);
	sqlite3_bind_text(s, 6, used_for, -1, SQLITE_STATIC);
	return db_step_done(db, s, _("cannot record the certificate number"), cause);
}

/* A number passed over: in the ledger as skipped, unless it is there already. */
static int
ledger_skip(struct db *db, int64_t block, const char *number, char **cause)
{
	sqlite3_stmt	*s;

	if ((s = db_prepare(db, ledger_skip_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, block);
	return db_step_done(db, s, _("cannot record the certificate number"), cause);
}

/*
 * From one block, up to n - *taken numbers into out from *taken on, in order, those in use
 * passed over: the runs between them go into the ledger by one statement each.
 */
static int
take_from_block(struct db *db, const char *used_for, int64_t block, const char *prefix,
    int64_t next, int64_t last, size_t n, char (*out)[CERT_NUMBER_SIZE], size_t *taken,
    char **cause)
{
	char		 lo[CERT_NUMBER_SIZE], hi[CERT_NUMBER_SIZE], number[CERT_NUMBER_SIZE];
	char		**used = NULL;
	size_t		 n_used = 0, u = 0;
	int64_t		 x, run;
	int		 rc = -1;

	/* A block's numbers have one width, so that they sort as their values. */
	cert_number_format(prefix, next, last, lo);
	cert_number_format(prefix, last, last, hi);
	if (numbers_in_use(db, lo, hi, &used, &n_used, cause) != 0)
		return -1;
	for (run = x = next; x <= last && *taken < n; x++) {
		cert_number_format(prefix, x, last, number);
		/* used is sorted: walk it alongside. */
		while (u < n_used && strcmp(used[u], number) < 0)
			u++;
		if (u < n_used && strcmp(used[u], number) == 0) {
			if (ledger_take_run(db, block, prefix, run, x - 1, last, used_for,
			    cause) != 0 || ledger_skip(db, block, number, cause) != 0)
				goto out;
			run = x + 1;
		} else
			memcpy(out[(*taken)++], number, CERT_NUMBER_SIZE);
	}
	if (ledger_take_run(db, block, prefix, run, x - 1, last, used_for, cause) != 0)
		goto out;
	rc = block_advance(db, block, next, x, cause);
out:
	for (u = 0; u < n_used; u++)
		free(used[u]);
	free(used);
	return rc;
}

/*
 * The numbers from lo to hi in the register, the ledger or a pending application, sorted:
 * number_in_use for a range, read once for a whole block.
 */
static int
numbers_in_use(struct db *db, const char *lo, const char *hi, char ***out, size_t *n,
    char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	s = db_prepare(db, "SELECT certificate_number FROM registrations WHERE "
	    "certificate_number BETWEEN ?1 AND ?2 UNION SELECT certificate_number FROM "
	    "cert_numbers_used WHERE certificate_number BETWEEN ?1 AND ?2 UNION SELECT "
	    "json_extract(payload, '$.certificate_number') AS c FROM applications WHERE "
	    "status = 'pending' AND kind = 'registration' AND c BETWEEN ?1 AND ?2 ORDER BY 1",
	    cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, hi, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, cause, _("cannot read the certificate numbers"));
		db_release(db, s);
		return -1;
	}
	db_release(db, s);
	return 0;
}

int
cert_numbers_list(struct db *db, struct cert_block **out, size_t *n, int64_t *left,
    char **cause)
{
	sqlite3_stmt		*stmt;
	struct cert_block	*list = NULL, *b;
	size_t			 count = 0;
	int			 rc;

	*out = NULL;
	*n = 0;
	*left = 0;
	*cause = NULL;
	stmt = db_prepare(db, "SELECT id, source, prefix, first_number, last_number, "
	    "next_number, exhausted, added_at, central, central_note FROM cert_number_blocks "
	    "ORDER BY id", cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, count + 1, sizeof *list);
		b = &list[count++];
		memset(b, 0, sizeof *b);
		b->id = sqlite3_column_int64(stmt, 0);
		snprintf(b->source, sizeof b->source, "%s", sqlite3_column_text(stmt, 1));
		snprintf(b->prefix, sizeof b->prefix, "%s", sqlite3_column_text(stmt, 2));
		b->first = sqlite3_column_int64(stmt, 3);
		b->last = sqlite3_column_int64(stmt, 4);
		b->next = sqlite3_column_int64(stmt, 5);
		b->exhausted = sqlite3_column_int(stmt, 6);
		snprintf(b->added_at, sizeof b->added_at, "%s", sqlite3_column_text(stmt, 7));
		snprintf(b->central, sizeof b->central, "%s", sqlite3_column_text(stmt, 8));
		snprintf(b->central_note, sizeof b->central_note, "%s",
		    sqlite3_column_text(stmt, 9));
		/* Only what can be handed out is left. */
		if (strcmp(b->central, "local") == 0 || strcmp(b->central, "confirmed") == 0)
			*left += b->last + 1 - b->next;
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		free(list);
		return db_fail(db, cause, _("cannot read the number blocks"));
	}
	*out = list;
	*n = count;
	return 0;
}

int
cert_numbers_set_central(struct db *db, int64_t id, const char *state, const char *note,
    char **cause)
{
	sqlite3_stmt	*stmt;

	*cause = NULL;
	stmt = db_prepare(db, "UPDATE cert_number_blocks SET central = ?2, central_note = ?3 "
	    "WHERE id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, note != NULL ? note : "", -1, SQLITE_STATIC);
	return db_step_done(db, stmt, _("cannot store the number block's state"), cause);
}
