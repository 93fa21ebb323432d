/*
 * The answers of a parsed result file as a table, juki_answers, for the few statements
 * that store a whole file at once (db/juki/juki-store.c).
 *
 * Why a virtual table: with cipher_memory_security (SPEC §7) every allocation SQLite makes
 * is mlock()ed and wiped. Running statements once per answer opens and closes cursors and
 * builds records each time — tens of locked allocations per answer, a minute for a
 * 100,000-record file. Set-based statements over this table allocate once per file, and
 * its columns point into the parsed file without a copy.
 *
 * It is eponymous (no CREATE VIRTUAL TABLE) and read-only; it shows the file given to
 * juki_answers_feed, or no row. Besides a scan in record order it looks up the records
 * answering one request (request_no = ?), so that a statement over the queries can ask
 * the file about each query instead of joining the whole file to them.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "i18n.h"
#include "juki/juki-answers.h"
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

/* Where the records answering a request start. */
struct request_first {
	uint64_t	 request_no;
	size_t		 row;
};

/* What the module sees: the file being stored, if any (owned by the caller). */
struct answers_source {
	const struct juki_feed	*feed;
	struct request_first	*firsts;	/* one per request, by request number */
	size_t			 nfirsts;
};

/* How xFilter finds its rows (idxNum). */
enum { SCAN_ALL, SCAN_REQUEST };

struct answers_vtab {
	sqlite3_vtab		 base;
	struct answers_source	*src;
};

struct answers_cursor {
	sqlite3_vtab_cursor	 base;
	size_t			 row;
	size_t			 end;	/* one past the last row to show */
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
	int			 i;

	info->idxNum = SCAN_ALL;
	info->estimatedRows = t->src->feed != NULL ? (sqlite3_int64)t->src->feed->f->nanswers :
	    0;
	info->estimatedCost = (double)info->estimatedRows + 1.0;
	for (i = 0; i < info->nConstraint; i++) {
		if (info->aConstraint[i].usable &&
		    info->aConstraint[i].iColumn == COL_REQUEST_NO &&
		    info->aConstraint[i].op == SQLITE_INDEX_CONSTRAINT_EQ) {
			/* A binary search: the records of one request, usually one. */
			info->idxNum = SCAN_REQUEST;
			info->aConstraintUsage[i].argvIndex = 1;
			info->aConstraintUsage[i].omit = 1;
			info->estimatedRows = 1;
			info->estimatedCost = 20.0;
			break;
		}
	}
	/*
	 * Either way the rows come in file order, which is record order: ORDER BY record
	 * needs no sort (sorting the rows of a 100,000-record file, every column in them,
	 * took 0.1 s).
	 */
	if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn == COL_RECORD &&
	    !info->aOrderBy[0].desc)
		info->orderByConsumed = 1;
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

/* The index in src->firsts of request number no, or nfirsts if no record answers it. */
static size_t
find_request(const struct answers_source *src, sqlite3_int64 no)
{
	size_t	 lo = 0, hi = src->nfirsts, mid;

	if (no < 0)
		return src->nfirsts;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (src->firsts[mid].request_no < (uint64_t)no)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < src->nfirsts && src->firsts[lo].request_no == (uint64_t)no)
		return lo;
	return src->nfirsts;
}

static int
answers_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc,
    sqlite3_value **argv)
{
	struct answers_cursor		*c = (struct answers_cursor *)cur;
	const struct answers_source	*src = ((struct answers_vtab *)cur->pVtab)->src;
	size_t				 k;

	(void)idx_str;
	c->row = 0;
	c->end = answers_count(cur);
	if (idx != SCAN_REQUEST || c->end == 0)
		return SQLITE_OK;
	c->end = 0;
	if (argc != 1 || sqlite3_value_type(argv[0]) != SQLITE_INTEGER)
		return SQLITE_OK;
	if ((k = find_request(src, sqlite3_value_int64(argv[0]))) == src->nfirsts)
		return SQLITE_OK;
	/* A request's records follow one another (the parser checked the groups). */
	c->row = src->firsts[k].row;
	c->end = c->row + src->feed->f->answers[c->row].nresults;
	if (c->end > answers_count(cur))
		c->end = answers_count(cur);
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
	const struct answers_cursor	*c = (const struct answers_cursor *)cur;

	return c->row >= c->end;
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

static int
cmp_first(const void *x, const void *y)
{
	uint64_t	 a = ((const struct request_first *)x)->request_no;
	uint64_t	 b = ((const struct request_first *)y)->request_no;

	return a < b ? -1 : a > b;
}

/*
 * Where each request's records start (its record 1), sorted by request number, for
 * find_request.
 */
static void
index_requests(struct answers_source *src)
{
	const struct juki_result_file	*f = src->feed->f;
	size_t				 i, n = 0;
	int				 sorted = 1;

	src->firsts = xcalloc(f->nanswers + 1, sizeof *src->firsts);
	for (i = 0; i < f->nanswers; i++) {
		if (f->answers[i].seq != 1)
			continue;
		if (n > 0 && src->firsts[n - 1].request_no >= f->answers[i].request_no)
			sorted = 0;
		src->firsts[n].request_no = f->answers[i].request_no;
		src->firsts[n++].row = i;
	}
	src->nfirsts = n;
	/* A batch file answers in the order it asked: usually nothing to sort. */
	if (!sorted)
		qsort(src->firsts, n, sizeof *src->firsts, cmp_first);
}

static void
source_free(void *p)
{
	struct answers_source	*src = p;

	free(src->firsts);
	free(src);
}

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
		    source_free) != SQLITE_OK) {
			db_fail(db, cause, _("cannot store the answer"));
			return -1;
		}
		db->juki_answers = src;
	}
	src = db->juki_answers;
	free(src->firsts);
	src->firsts = NULL;
	src->nfirsts = 0;
	src->feed = feed;
	if (feed != NULL)
		index_requests(src);
	return 0;
}
