/* app/juki/: Juki-net lookups and the periodic check, comparison, spools, rejections.
 * May use: lib/, db/, app/. */
/*
 * Juki-net lookups end to end (SPEC §5). See juki-lookup.h.
 *
 * A request file is written inside the transaction that records its queries and renamed
 * into the outbound spool before the commit: if the commit fails the file is removed
 * again, so that the gateway never answers a query the terminal does not know (if it
 * already took the file, its answers name unknown request numbers and the result file is
 * quarantined whole, which is audited).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "charconv.h"
#include "config-file.h"
#include "db.h"
#include "escape.h"
#include "i18n.h"
#include "juki.h"
#include "juki/juki-audit.h"
#include "juki/juki-lookup.h"
#include "juki/juki-spool.h"
#include "valid.h"
#include "xmalloc.h"

/* What a lookup sends, checked and in the file's forms. */
struct checked_key {
	char	 mynumber[MYNUMBER_LEN + 1];
	char	 jumin[12];
	char	*name;
	char	*kana;
	uint32_t birth;
	int	 sex;
	char	*address;
	char	*summary;
};

static int	 check_key(const struct juki_lookup_key *, struct checked_key *,
		    enum juki_lookup_field *, char **);
static void	 checked_key_free(struct checked_key *);
static uint32_t	 today(void);
static int	 write_request(struct charconv *, const struct config *, struct db *,
		    const char *, enum juki_mode, const struct juki_query *, size_t, char **,
		    char **);
static uint32_t	 iso_to_yyyymmdd(const char *);
static void	 add_line(char **, char *);

static uint32_t
today(void)
{
	time_t		 now = time(NULL);
	struct tm	 tm;

	localtime_r(&now, &tm);
	return (uint32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

static uint32_t
iso_to_yyyymmdd(const char *iso)
{
	struct date	 d;
	char		*why = NULL;

	if (valid_date(iso, &d, &why) != 0) {
		free(why);
		return 0;
	}
	return (uint32_t)(d.y * 10000 + d.m * 100 + d.d);
}

static void
checked_key_free(struct checked_key *k)
{
	explicit_bzero(k->mynumber, sizeof k->mynumber);
	free(k->name);
	free(k->kana);
	free(k->address);
	free(k->summary);
	memset(k, 0, sizeof *k);
}

static int
check_key(const struct juki_lookup_key *in, struct checked_key *k,
    enum juki_lookup_field *field, char **cause)
{
	struct date	 d;
	char		 mask[MYNUMBER_MASK_SIZE], *why = NULL, *folded;
	const char	*p;

	memset(k, 0, sizeof *k);
	*field = JUKI_FIELD_NONE;
	switch (in->kind) {
	case JUKI_KEY_MYNUMBER:
		if (valid_mynumber(in->mynumber != NULL ? in->mynumber : "", k->mynumber,
		    cause) != 0) {
			*field = JUKI_FIELD_MYNUMBER;
			return -1;
		}
		mynumber_mask(k->mynumber, mask);
		xasprintf(&k->summary, "%s %s", _("My Number"), mask);
		return 0;
	case JUKI_KEY_JUMIN:
		folded = valid_fold(in->jumin != NULL ? in->jumin : "", cause);
		if (folded == NULL) {
			*field = JUKI_FIELD_JUMIN;
			return -1;
		}
		p = valid_trim(folded);
		if (strlen(p) != 11 || strspn(p, "0123456789") != 11) {
			free(folded);
			xasprintf(cause, _("a 住民票コード is 11 digits"));
			*field = JUKI_FIELD_JUMIN;
			return -1;
		}
		memcpy(k->jumin, p, 12);
		free(folded);
		xasprintf(&k->summary, "%s %s", _("住民票コード"), k->jumin);
		return 0;
	case JUKI_KEY_FOUR:
		break;
	}
	if ((in->name == NULL || *in->name == '\0') && (in->kana == NULL ||
	    *in->kana == '\0')) {
		xasprintf(cause, _("give the name in kanji or in kana"));
		*field = JUKI_FIELD_NAME;
		return -1;
	}
	if (in->name != NULL && *in->name != '\0') {
		if (valid_text(in->name, strlen(in->name), 0, cause) != 0) {
			*field = JUKI_FIELD_NAME;
			return -1;
		}
		k->name = xstrdup(in->name);
	}
	if (in->kana != NULL && *in->kana != '\0' &&
	    valid_kana(in->kana, 32, &k->kana, cause) != 0) {
		*field = JUKI_FIELD_KANA;
		return -1;
	}
	if (valid_date(in->birth_date != NULL ? in->birth_date : "", &d, cause) != 0) {
		*field = JUKI_FIELD_BIRTH;
		return -1;
	}
	k->birth = (uint32_t)(d.y * 10000 + d.m * 100 + d.d);
	if (in->sex == NULL || (strcmp(in->sex, "1") != 0 && strcmp(in->sex, "2") != 0)) {
		xasprintf(cause, _("sex: 1 male or 2 female, as Juki-net records it"));
		*field = JUKI_FIELD_SEX;
		return -1;
	}
	k->sex = in->sex[0] - '0';
	if (in->address == NULL || *in->address == '\0' ||
	    valid_text(in->address, strlen(in->address), 0, &why) != 0) {
		if (why != NULL)
			*cause = why;
		else
			xasprintf(cause, _("the address is one of the four items"));
		*field = JUKI_FIELD_ADDRESS;
		return -1;
	}
	k->address = xstrdup(in->address);
	xasprintf(&k->summary, "%s %04u-%02u-%02u", k->name != NULL ? k->name : k->kana,
	    k->birth / 10000, k->birth / 100 % 100, k->birth % 100);
	return 0;
}

/* Encode and place the file; *path gets where it went (for removal on rollback). */
static int
write_request(struct charconv *cc, const struct config *cf, struct db *db,
    const char *file_id, enum juki_mode mode, const struct juki_query *q, size_t n,
    char **path, char **cause)
{
	struct juki_request_header	 h;
	char				*buf = NULL, *name;
	size_t				 len = 0;
	int				 rc = -1;

	*path = NULL;
	memset(&h, 0, sizeof h);
	h.file_id = file_id;
	h.terminal_id = db_terminal_id(db);
	h.mode = mode;
	if (juki_request_write(cc, &h, q, n, &buf, &len, NULL, cause) != 0)
		return -1;
	name = juki_request_filename(file_id);
	if (juki_spool_write(cf->juki_outbound, name, buf, len, cause) == 0) {
		xasprintf(path, "%s/%s", cf->juki_outbound, name);
		rc = 0;
	}
	free(name);
	explicit_bzero(buf, len);
	free(buf);
	return rc;
}

int
juki_lookup_send(struct db *db, const struct config *cf, const struct actor *who,
    const struct juki_lookup_req *req, char id[37], enum juki_lookup_field *field,
    char **cause)
{
	struct juki_query_new	 nq;
	struct juki_query	 q;
	struct checked_key	 k;
	struct charconv		*cc = NULL;
	char			 file_id[24], *path = NULL;
	uint64_t		 request_no;
	int			 rc = -1;

	*cause = NULL;
	if (check_key(&req->key, &k, field, cause) != 0)
		return -1;
	memset(&nq, 0, sizeof nq);
	nq.holder_id = req->holder_id;
	nq.key_kind = req->key.kind;
	nq.key_summary = k.summary;
	nq.jimu = req->jimu;
	nq.purpose_ref = req->purpose_ref;
	if (juki_query_allowed(db, who, &nq, cause) != 0) {
		*field = JUKI_FIELD_PURPOSE;
		goto out;
	}
	if ((cc = charconv_open(cause)) == NULL)
		goto out;
	if (db_begin(db, cause) != 0)
		goto out;
	if (juki_query_record(db, who, &nq, id, &request_no, cause) != 0)
		goto finish;
	memset(&q, 0, sizeof q);
	q.request_no = request_no;
	q.jimu = req->jimu;
	q.subject = req->holder_id != NULL ? req->holder_id : "";
	q.base_date = today();
	q.want = JUKI_WANT_ALL & ~JUKI_WANT_MYNUMBER;
	if (req->key.kind == JUKI_KEY_MYNUMBER) {
		q.mynumber = k.mynumber;
		q.mn_jimu = req->jimu;
	} else if (req->key.kind == JUKI_KEY_JUMIN)
		q.jumin_code = k.jumin;
	else {
		q.name = k.name;
		q.kana = k.kana;
		q.birth = k.birth;
		q.sex = (enum juki_sex)k.sex;
		q.address = k.address;
	}
	snprintf(file_id, sizeof file_id, "Q%010llu", (unsigned long long)request_no);
	if (write_request(cc, cf, db, file_id, JUKI_MODE_IMMEDIATE, &q, 1, &path,
	    cause) != 0)
		goto finish;
	rc = 0;
finish:
	if (db_finish(db, rc, rc == 0 ? cause : NULL) != 0) {
		if (path != NULL)
			unlink(path);
		rc = -1;
	}
	if (rc != 0)
		*field = JUKI_FIELD_NONE;
out:
	free(path);
	charconv_close(cc);
	checked_key_free(&k);
	return rc;
}

int
juki_check_send_batch(struct db *db, const struct config *cf, const struct actor *who,
    const char *job_id, size_t *sent, char **cause)
{
	struct juki_batch_holder	*b = NULL;
	struct juki_query_new		 nq;
	struct juki_query		*q = NULL;
	struct juki_job			 job;
	struct charconv			*cc;
	char				 qid[37], file_id[24], *path = NULL, *detail;
	uint64_t			 no, first = 0;
	uint32_t			 base, since;
	size_t				 n = 0, i;
	int				 rc = -1;

	*sent = 0;
	*cause = NULL;
	if ((cc = charconv_open(cause)) == NULL)
		return -1;
	if (juki_job_get(db, job_id, &job, cause) != 0)
		goto out_cc;
	base = iso_to_yyyymmdd(job.base_date);
	since = iso_to_yyyymmdd(job.period_from);
	if (db_begin(db, cause) != 0)
		goto out_cc;
	if (juki_job_take_batch(db, who, job_id, &b, &n, cause) != 0)
		goto finish;
	if (n == 0) {
		rc = 0;
		goto finish;
	}
	q = xcalloc(n, sizeof *q);
	for (i = 0; i < n; i++) {
		memset(&nq, 0, sizeof nq);
		nq.holder_id = b[i].id;
		nq.key_kind = b[i].mynumber != NULL ? JUKI_KEY_MYNUMBER : JUKI_KEY_FOUR;
		nq.key_summary = "";
		nq.jimu = JUKI_JIMU_PERIODIC;
		nq.job_id = job_id;
		if (juki_query_record(db, who, &nq, qid, &no, cause) != 0)
			goto finish;
		if (i == 0)
			first = no;
		q[i].request_no = no;
		q[i].jimu = JUKI_JIMU_PERIODIC;
		q[i].subject = b[i].id;
		q[i].period_from = since;
		q[i].period_to = base;
		q[i].base_date = base;
		q[i].want_erased = 1;
		q[i].want = JUKI_WANT_ALL & ~JUKI_WANT_MYNUMBER;
		if (b[i].mynumber != NULL) {
			q[i].mynumber = b[i].mynumber;
			q[i].mn_jimu = JUKI_JIMU_PERIODIC;
		} else {
			q[i].name = b[i].name;
			q[i].kana = b[i].kana;
			q[i].birth = iso_to_yyyymmdd(b[i].birth_date);
			q[i].sex = b[i].sex == 1 || b[i].sex == 2 ? (enum juki_sex)b[i].sex :
			    JUKI_SEX_NONE;
			q[i].address = b[i].address;
		}
	}
	snprintf(file_id, sizeof file_id, "B%010llu", (unsigned long long)first);
	if (write_request(cc, cf, db, file_id, JUKI_MODE_BATCH, q, n, &path, cause) != 0)
		goto finish;
	xasprintf(&detail, "file %s: %zu holders, requests %llu-%llu", file_id, n,
	    (unsigned long long)first, (unsigned long long)(first + n - 1));
	rc = audit_actor(db, who, "juki.check.batch", job_id, "ok", detail, cause);
	free(detail);
	*sent = n;
finish:
	if (db_finish(db, rc, rc == 0 ? cause : NULL) != 0) {
		if (path != NULL)
			unlink(path);
		*sent = 0;
		rc = -1;
	}
	free(path);
	free(q);
	juki_batch_free(b, n);
out_cc:
	charconv_close(cc);
	return rc;
}

/* The last line of an import's causes, for a one-line message; "" for none. */
const char *
juki_import_last(const char *cause)
{
	if (cause == NULL)
		return "";
	return strrchr(cause, '\n') != NULL ? strrchr(cause, '\n') + 1 : cause;
}

/* One more line of what a pass refused. */
static void
add_line(char **text, char *line)
{
	char	*joined;

	if (*text == NULL) {
		*text = line;
		return;
	}
	xasprintf(&joined, "%s\n%s", *text, line);
	free(*text);
	free(line);
	*text = joined;
}

int
juki_lookup_import(struct db *db, const struct config *cf, const struct actor *who,
    size_t *files, size_t *rejected, char **cause)
{
	struct juki_audit_ctx	 ctx;
	struct juki_expect	 ex;
	struct juki_result_file	*f;
	struct charconv		*cc;
	struct juki_stray	*strays = NULL;
	uint64_t		*pending = NULL;
	char			**names = NULL, *why = NULL, *path, *target, *shown;
	char			*refused = NULL, *line;
	size_t			 n = 0, npending = 0, nstrays = 0, i, answered;
	int			 found, rc = -1;

	*files = 0;
	*rejected = 0;
	*cause = NULL;
	memset(&ctx, 0, sizeof ctx);
	if ((cc = charconv_open(cause)) == NULL)
		return -1;
	if (juki_spool_list(cf->juki_inbound, JUKI_RES_PREFIX, &names, &n, &strays, &nstrays,
	    cause) != 0)
		goto out;
	/*
	 * What is no result file is left where it is and said once: its audit entry
	 * (juki.spool.ignore, target file:NAME) is the memory, so later passes, and later
	 * runs of any program on this terminal, find it and say nothing more.
	 */
	for (i = 0; i < nstrays; i++) {
		xasprintf(&target, "file:%s", strays[i].name);
		if (audit_logged(db, "juki.spool.ignore", target, &found, cause) != 0) {
			free(target);
			goto out;
		}
		if (found) {
			free(target);
			continue;
		}
		shown = escape_text(strays[i].name, 0);
		xasprintf(&line, _("%s in the inbound spool is not a result file: %s; left "
		    "where it is"), shown, strays[i].why);
		free(shown);
		rc = audit_actor(db, who, "juki.spool.ignore", target, "ignored", line, cause);
		free(target);
		add_line(&refused, line);
		if (rc != 0)
			goto out;
		rc = -1;
		(*rejected)++;
	}
	ctx.db = db;
	ctx.tty = who->tty;
	ctx.user = who->user;
	ctx.role = who->role;
	for (i = 0; i < n; i++) {
		free(pending);
		if (juki_pending_requests(db, &pending, &npending, cause) != 0)
			goto out;
		memset(&ex, 0, sizeof ex);
		ex.terminal_id = db_terminal_id(db);
		ex.requests = pending;
		ex.nrequests = npending;
		if (juki_spool_import(cc, cf->juki_inbound, names[i], cf->juki_quarantine, &ex,
		    juki_audit_db, &ctx, &f, &why) != 0) {
			(*rejected)++;
			add_line(&refused, why);
			why = NULL;
			continue;
		}
		if (juki_store_results(db, who, f, &answered, &why) != 0) {
			juki_result_free(f);
			xasprintf(cause, _("%s could not be stored: %s"), names[i], why);
			free(why);
			why = NULL;
			goto out;
		}
		juki_result_free(f);
		/* Stored: the file has served its purpose (SPEC §7: temporary data). */
		xasprintf(&path, "%s/%s", cf->juki_inbound, names[i]);
		(void)unlink(path);
		free(path);
		(*files)++;
	}
	rc = 0;
	*cause = refused;
	refused = NULL;
out:
	free(refused);
	free(pending);
	juki_spool_list_free(names, n);
	juki_spool_strays_free(strays, nstrays);
	charconv_close(cc);
	free(ctx.cause);
	return rc;
}
