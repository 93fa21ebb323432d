/*
 * The answers of a parsed result file as a table, juki_answers, for the few statements
 * that store a whole file at once (db/juki-store.c).
 *
 * Why a virtual table: with cipher_memory_security (SPEC §7) every allocation SQLite makes
 * is mlock()ed and wiped. Running statements once per answer opens and closes cursors and
 * builds records each time — tens of locked allocations per answer, a minute for a
 * 100,000-record file. Set-based statements over this table allocate once per file, and
 * its columns point into the parsed file without a copy.
 *
 * It is eponymous (no CREATE VIRTUAL TABLE) and read-only; it shows the file given to
 * juki_answers_feed, or no row.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "i18n.h"
#include "juki-answers.h"
#include "xmalloc.h"

enum {
	COL_RECORD, COL_REQUEST_NO, COL_SEQ, COL_ID, COL_REVIEW_ID, COL_KIND, COL_RESULT,
	COL_NRESULTS, COL_MATCHED, COL_MOVED, COL_ALIVE, COL_CHANGES, COL_JUMIN_CODE, COL_NAME,
	COL_KANA, COL_BIRTH, COL_SEX, COL_ADDRESS, COL_REASON, COL_REASON_DATE,
	COL_MUNICIPALITY, COL_NONPARTICIPATING, COL_PATTERN, COL_OLD_NAME, COL_OLD_KANA,
	COL_GAIJI
};

#define ANSWERS_SCHEMA \
	"CREATE TABLE x (record, request_no, seq, id, review_id, kind, result, nresults, " \
	"matched, moved, alive, changes, jumin_code, name, kana, birth, sex, address, " \
	"reason, reason_date, municipality, nonparticipating, pattern, old_name, old_kana, " \
	"gaiji)"

/* What the module sees: the file being stored, if any (owned by the caller). */
struct answers_source {
	const struct juki_feed	*feed;
};

struct answers_vtab {
	sqlite3_vtab		 base;
	struct answers_source	*src;
};

struct answers_cursor {
	sqlite3_vtab_cursor	 base;
	size_t			 row;
};

static int
answers_connect(sqlite3 *h, void *aux, int argc, const char *const *argv,
    sqlite3_vtab **out, char **err)
{
	struct answers_vtab	*t;
	int			 rc;

	(void)argc;
	(void)argv;
	(void)err;
	if ((rc = sqlite3_declare_vtab(h, ANSWERS_SCHEMA)) != SQLITE_OK)
		return rc;
	t = xcalloc(1, sizeof *t);
	t->src = aux;
	*out = &t->base;
	return SQLITE_OK;
}

static int
answers_disconnect(sqlite3_vtab *vt)
{
	free(vt);
	return SQLITE_OK;
}

static int
answers_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
	struct answers_vtab	*t = (struct answers_vtab *)vt;

	/* A scan: the statements join it to indexed tables, never look a row up in it. */
	info->estimatedRows = t->src->feed != NULL ? (sqlite3_int64)t->src->feed->f->nanswers :
	    0;
	info->estimatedCost = (double)info->estimatedRows + 1.0;
	return SQLITE_OK;
}

static int
answers_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
	struct answers_cursor	*c;

	(void)vt;
	c = xcalloc(1, sizeof *c);
	*out = &c->base;
	return SQLITE_OK;
}

static int
answers_close(sqlite3_vtab_cursor *cur)
{
	free(cur);
	return SQLITE_OK;
}

static size_t
answers_count(sqlite3_vtab_cursor *cur)
{
	const struct answers_vtab	*t = (const struct answers_vtab *)cur->pVtab;

	return t->src->feed != NULL ? t->src->feed->f->nanswers : 0;
}

static int
answers_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc,
    sqlite3_value **argv)
{
	(void)idx;
	(void)idx_str;
	(void)argc;
	(void)argv;
	((struct answers_cursor *)cur)->row = 0;
	return SQLITE_OK;
}

static int
answers_next(sqlite3_vtab_cursor *cur)
{
	((struct answers_cursor *)cur)->row++;
	return SQLITE_OK;
}

static int
answers_eof(sqlite3_vtab_cursor *cur)
{
	return ((struct answers_cursor *)cur)->row >= answers_count(cur);
}

static void
result_text(sqlite3_context *ctx, const char *s)
{
	/* Static: the parsed file outlives every statement that reads it. */
	sqlite3_result_text(ctx, s != NULL ? s : "", -1, SQLITE_STATIC);
}

static int
answers_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct answers_vtab	*t = (const struct answers_vtab *)cur->pVtab;
	const struct juki_feed		*feed = t->src->feed;
	size_t				 row = ((struct answers_cursor *)cur)->row;
	const struct juki_answer	*a = &feed->f->answers[row];

	switch (col) {
	case COL_RECORD:		sqlite3_result_int64(ctx, (sqlite3_int64)a->record); break;
	case COL_REQUEST_NO:		sqlite3_result_int64(ctx, (sqlite3_int64)a->request_no);
					break;
	case COL_SEQ:			sqlite3_result_int(ctx, (int)a->seq); break;
	case COL_ID:			result_text(ctx, feed->ids[row]); break;
	case COL_REVIEW_ID:		result_text(ctx, feed->review_ids[row]); break;
	case COL_KIND:
		if (feed->kinds[row] != NULL)
			result_text(ctx, feed->kinds[row]);
		else
			sqlite3_result_null(ctx);
		break;
	case COL_RESULT:		sqlite3_result_int(ctx, a->result); break;
	case COL_NRESULTS:		sqlite3_result_int(ctx, (int)a->nresults); break;
	case COL_MATCHED:		result_text(ctx, a->matched); break;
	case COL_MOVED:			sqlite3_result_int(ctx, a->moved); break;
	case COL_ALIVE:			sqlite3_result_int(ctx, a->alive); break;
	case COL_CHANGES:		result_text(ctx, a->changes); break;
	case COL_JUMIN_CODE:		result_text(ctx, a->jumin_code); break;
	case COL_NAME:			result_text(ctx, a->name); break;
	case COL_KANA:			result_text(ctx, a->kana); break;
	case COL_BIRTH:			sqlite3_result_int64(ctx, a->birth); break;
	case COL_SEX:			sqlite3_result_int(ctx, a->sex); break;
	case COL_ADDRESS:		result_text(ctx, a->address); break;
	case COL_REASON:		sqlite3_result_int(ctx, a->reason); break;
	case COL_REASON_DATE:		sqlite3_result_int64(ctx, a->reason_date); break;
	case COL_MUNICIPALITY:		result_text(ctx, a->municipality); break;
	case COL_NONPARTICIPATING:	sqlite3_result_int(ctx, a->nonparticipating); break;
	case COL_PATTERN:		sqlite3_result_int(ctx, a->pattern); break;
	case COL_OLD_NAME:		result_text(ctx, a->old_name); break;
	case COL_OLD_KANA:		result_text(ctx, a->old_kana); break;
	case COL_GAIJI:			sqlite3_result_int(ctx, (int)a->gaiji); break;
	default:			sqlite3_result_null(ctx); break;
	}
	return SQLITE_OK;
}

static int
answers_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((struct answers_cursor *)cur)->row + 1;
	return SQLITE_OK;
}

static const sqlite3_module answers_module = {
	.iVersion = 0,
	.xCreate = NULL,		/* eponymous only */
	.xConnect = answers_connect,
	.xBestIndex = answers_best_index,
	.xDisconnect = answers_disconnect,
	.xDestroy = answers_disconnect,
	.xOpen = answers_open,
	.xClose = answers_close,
	.xFilter = answers_filter,
	.xNext = answers_next,
	.xEof = answers_eof,
	.xColumn = answers_column,
	.xRowid = answers_rowid,
};

int
juki_answers_feed(struct db *db, const struct juki_feed *feed, char **cause)
{
	struct answers_source	*src;

	if (db->juki_answers == NULL) {
		if (feed == NULL)
			return 0;
		src = xcalloc(1, sizeof *src);
		/* SQLite owns src from here and frees it when the connection closes. */
		if (sqlite3_create_module_v2(db->h, "juki_answers", &answers_module, src,
		    free) != SQLITE_OK) {
			db_fail(db, cause, _("cannot store the answer"));
			return -1;
		}
		db->juki_answers = src;
	}
	((struct answers_source *)db->juki_answers)->feed = feed;
	return 0;
}
