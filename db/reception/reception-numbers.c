/* db/reception/: the reception register (reception.h). May use: lib/, db/. */
/*
 * Reception numbers: read from what a clerk typed, and handed out from the year's blocks,
 * each once. A number is taken inside the transaction that opens its reception, so that a
 * crash leaves it either used with its reception or never seen.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "i18n.h"
#include "reception/reception-internal.h"
#include "reception/reception.h"
#include "valid.h"
#include "xmalloc.h"

/* R, the year, '-' and seven digits: the caller has checked both fit. */
static void
number_format(long year, int64_t n, char out[RECEPTION_NUMBER_SIZE])
{
	char	 text[48];

	snprintf(text, sizeof text, "R%04ld-%07" PRId64, year, n);
	memcpy(out, text, RECEPTION_NUMBER_SIZE - 1);
	out[RECEPTION_NUMBER_SIZE - 1] = '\0';
}

int
reception_number_read(const char *typed, char out[RECEPTION_NUMBER_SIZE], char **cause)
{
	char		*folded, *p, compact[64];
	size_t		 n = 0, year_at, digits;
	long		 year;
	int64_t		 number = 0;

	*cause = NULL;
	*out = '\0';
	if ((folded = valid_fold(typed != NULL ? typed : "", cause)) == NULL)
		return -1;
	/* Spaces anywhere are dropped: a number read aloud is often typed in groups. */
	for (p = folded; *p != '\0' && n < sizeof compact - 1; p++) {
		if (*p != ' ')
			compact[n++] = *p;
	}
	compact[n] = '\0';
	free(folded);
	if (n == 0) {
		xasprintf(cause, _("give the reception number (受付番号), as R2026-0001234"));
		return -1;
	}
	if (compact[0] != 'R' && compact[0] != 'r')
		goto bad;
	for (year_at = 1; year_at < 5; year_at++) {
		if (compact[year_at] < '0' || compact[year_at] > '9')
			goto bad;
	}
	year = (compact[1] - '0') * 1000 + (compact[2] - '0') * 100 + (compact[3] - '0') * 10 +
	    (compact[4] - '0');
	p = compact + 5;
	if (*p == '-')
		p++;
	for (digits = 0; p[digits] != '\0'; digits++) {
		if (p[digits] < '0' || p[digits] > '9' || digits >= 7)
			goto bad;
		number = number * 10 + (p[digits] - '0');
	}
	if (digits == 0 || year < 2000 || number == 0)
		goto bad;
	number_format(year, number, out);
	return 0;
bad:
	xasprintf(cause, _("\"%s\" is not a reception number: R, the year, '-' and up to seven "
	    "digits, as R2026-0001234"), typed);
	return -1;
}

int
reception_numbers_add(struct db *db, const char *source, int year, int64_t first,
    int64_t last, char **cause)
{
	sqlite3_stmt	*s;
	int		 own_tx = !db->in_tx, rc = -1;

	*cause = NULL;
	if (source == NULL || (strcmp(source, "own") != 0 && strcmp(source, "central") != 0)) {
		xasprintf(cause, _("a reception number block comes from \"own\" or "
		    "\"central\""));
		return -1;
	}
	if (year < 2000 || year > 9999 || first < 1 || last < first ||
	    last > RECEPTION_NUMBER_LAST) {
		xasprintf(cause, _("a reception number block is of a year from 2000 and runs "
		    "from a number to a number not smaller, from 1 to %" PRId64),
		    RECEPTION_NUMBER_LAST);
		return -1;
	}
	if (own_tx && db_begin(db, cause) != 0)
		return -1;
	/*
	 * An own block runs to the year's last number: a terminal that received on its own
	 * before it synced would overlap every block leased to it, and its syncs would fail.
	 * It takes only from leased blocks while it syncs, and the store leases past the own
	 * numbers it used (reception_numbers_own_last), so only leased blocks are compared.
	 */
	s = db_prepare(db, "SELECT id FROM reception_number_blocks WHERE year = ?1 AND "
	    "first_number <= ?3 AND last_number >= ?2 AND (?4 = 'own' OR source = 'central') "
	    "LIMIT 1", cause);
	if (s == NULL)
		goto out;
	sqlite3_bind_int(s, 1, year);
	sqlite3_bind_int64(s, 2, first);
	sqlite3_bind_int64(s, 3, last);
	sqlite3_bind_text(s, 4, source, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		xasprintf(cause, _("reception numbers %d: %" PRId64 "-%" PRId64 " overlap block "
		    "%lld: a number must never be handed out twice"), year, first, last,
		    sqlite3_column_int64(s, 0));
		db_release(db, s);
		goto out;
	}
	db_release(db, s);
	s = db_prepare(db, "INSERT INTO reception_number_blocks (source, year, first_number, "
	    "last_number, next_number, added_at) VALUES (?1, ?2, ?3, ?4, ?3, " NOW ")", cause);
	if (s == NULL)
		goto out;
	sqlite3_bind_text(s, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, year);
	sqlite3_bind_int64(s, 3, first);
	sqlite3_bind_int64(s, 4, last);
	rc = db_step_done(db, s, _("cannot store the reception number block"), cause);
out:
	if (own_tx)
		return db_finish(db, rc, cause);
	return rc;
}

/* The blocks a terminal may hand out from: leased ones only, when it syncs. */
#define USABLE	"year = ?1 AND exhausted = 0 AND (source = 'central' OR ?2 = 0)"

int
reception_numbers_left(struct db *db, int year, int64_t *left, char **cause)
{
	sqlite3_stmt	*s;

	*cause = NULL;
	*left = 0;
	s = db_prepare(db, "SELECT coalesce(sum(last_number + 1 - next_number), 0) FROM "
	    "reception_number_blocks WHERE " USABLE, cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, year);
	sqlite3_bind_int(s, 2, db->syncs);
	if (sqlite3_step(s) != SQLITE_ROW) {
		db_release(db, s);
		return db_fail(db, cause, _("cannot read the reception number blocks"));
	}
	*left = sqlite3_column_int64(s, 0);
	db_release(db, s);
	return 0;
}

int
reception_numbers_own_last(struct db *db, int year, int64_t *last, char **cause)
{
	sqlite3_stmt	*s;

	*cause = NULL;
	*last = 0;
	s = db_prepare(db, "SELECT coalesce(max(next_number - 1), 0) FROM "
	    "reception_number_blocks WHERE year = ?1 AND source = 'own' AND "
	    "next_number > first_number", cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, year);
	if (sqlite3_step(s) != SQLITE_ROW) {
		db_release(db, s);
		return db_fail(db, cause, _("cannot read the reception number blocks"));
	}
	*last = sqlite3_column_int64(s, 0);
	db_release(db, s);
	return 0;
}

int
reception_blocks_leased(struct db *db, struct reception_block **out, size_t *n,
    char **cause)
{
	struct reception_block	*list = NULL;
	sqlite3_stmt		*s;
	size_t			 count = 0;
	int			 step;

	*cause = NULL;
	*out = NULL;
	*n = 0;
	s = db_prepare(db, "SELECT id, year, first_number, last_number FROM "
	    "reception_number_blocks WHERE source = 'central' ORDER BY id", cause);
	if (s == NULL)
		return -1;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		list = xreallocarray(list, count + 1, sizeof *list);
		list[count].id = sqlite3_column_int64(s, 0);
		list[count].year = sqlite3_column_int(s, 1);
		list[count].first = sqlite3_column_int64(s, 2);
		list[count].last = sqlite3_column_int64(s, 3);
		count++;
	}
	db_release(db, s);
	if (step != SQLITE_DONE) {
		free(list);
		return db_fail(db, cause, _("cannot read the reception number blocks"));
	}
	*out = list;
	*n = count;
	return 0;
}

/* Its unused numbers are passed over, as a used-up block's: blocks only move forward. */
int
reception_block_close(struct db *db, int64_t id, char **cause)
{
	sqlite3_stmt	*s;

	*cause = NULL;
	s = db_prepare(db, "UPDATE reception_number_blocks SET next_number = last_number + 1, "
	    "exhausted = 1 WHERE id = ?1", cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return db_step_done(db, s, _("cannot store the reception number block"), cause);
}

/*
 * The next number of year into out, in the caller's transaction. A terminal that does not
 * sync makes its own block for the year when it has none left; one that syncs refuses,
 * for only the central store knows which numbers the office's other terminals hold.
 */
int
reception_number_take(struct db *db, int year, char out[RECEPTION_NUMBER_SIZE],
    char **cause)
{
	sqlite3_stmt	*s;
	int64_t		 block, next, first = 1;
	int		 found;

	if (!db->in_tx) {
		xasprintf(cause, _("a reception number is taken only while opening a "
		    "reception"));
		return -1;
	}
	for (;;) {
		if ((s = db_prepare(db, "SELECT id, next_number FROM reception_number_blocks "
		    "WHERE " USABLE " ORDER BY id LIMIT 1", cause)) == NULL)
			return -1;
		sqlite3_bind_int(s, 1, year);
		sqlite3_bind_int(s, 2, db->syncs);
		found = sqlite3_step(s) == SQLITE_ROW;
		block = found ? sqlite3_column_int64(s, 0) : 0;
		next = found ? sqlite3_column_int64(s, 1) : 0;
		db_release(db, s);
		if (found)
			break;
		if (db->syncs) {
			xasprintf(cause, _("no reception number left for %d: this terminal takes "
			    "them from blocks the central store leases at each sync. Sync "
			    "(madoguchi-admin sync-now) and try again; nothing was received"),
			    year);
			return -1;
		}
		/* Its own series goes on after its last own block of the year. */
		if ((s = db_prepare(db, "SELECT coalesce(max(last_number), 0) FROM "
		    "reception_number_blocks WHERE year = ?1", cause)) == NULL)
			return -1;
		sqlite3_bind_int(s, 1, year);
		if (sqlite3_step(s) == SQLITE_ROW)
			first = sqlite3_column_int64(s, 0) + 1;
		db_release(db, s);
		if (first > RECEPTION_NUMBER_LAST) {
			xasprintf(cause, _("every reception number of %d is used; nothing was "
			    "received"), year);
			return -1;
		}
		if (reception_numbers_add(db, "own", year, first, RECEPTION_NUMBER_LAST,
		    cause) != 0)
			return -1;
	}
	if ((s = db_prepare(db, "UPDATE reception_number_blocks SET next_number = ?2 + 1, "
	    "exhausted = ?2 + 1 > last_number WHERE id = ?1 AND next_number = ?2", cause)) ==
	    NULL)
		return -1;
	sqlite3_bind_int64(s, 1, block);
	sqlite3_bind_int64(s, 2, next);
	if (db_step_done(db, s, _("cannot take a reception number"), cause) != 0)
		return -1;
	if (sqlite3_changes(db->h) != 1) {
		xasprintf(cause, _("cannot take a reception number: the block changed"));
		return -1;
	}
	number_format(year, next, out);
	return 0;
}
