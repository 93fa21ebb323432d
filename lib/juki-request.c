/*
 * Writing request files (照会対象ファイル). Every value is checked against its field before
 * anything is written: a value that does not fit is an error, never silently cut, because a
 * truncated name or address would be a query about somebody else.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "charconv.h"
#include "i18n.h"
#include "juki.h"
#include "xmalloc.h"

struct writer {
	struct charconv		*cc;
	struct charconv_buf	 wide;		/* UTF-8 after half-width -> full-width */
	struct charconv_buf	 sjis;		/* CP932 */
	size_t			 query;		/* 1-based, for messages */
	uint64_t		 request_no;
};

static int	put_x(struct writer *, char *, const struct juki_field *, const char *,
		    char **);
static int	put_9(struct writer *, char *, const struct juki_field *, uint64_t,
		    char **);
static int	put_digits(struct writer *, char *, const struct juki_field *,
		    const char *, char **);
static int	put_n(struct writer *, char *, const struct juki_field *, const char *,
		    size_t *, char **);
static int	put_date(struct writer *, char *, const struct juki_field *, uint32_t,
		    int, char **);
static int	field_error(struct writer *, const struct juki_field *, char **,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
static int	write_query(struct writer *, char *, const struct juki_query *, size_t *,
		    char **);
static int	cmp_u64(const void *, const void *);
static int	is_empty(const char *);

static int
is_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	 x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
field_error(struct writer *w, const struct juki_field *f, char **cause, const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	va_start(ap, fmt);
	xvasprintf(&what, fmt, ap);
	va_end(ap);
	xasprintf(cause, _("query %zu (request %llu), field %s %s: %s"), w->query,
	    (unsigned long long)w->request_no, f->item, f->name, what);
	free(what);
	return -1;
}

static int
put_x(struct writer *w, char *rec, const struct juki_field *f, const char *s, char **cause)
{
	size_t	 i, len;

	if (is_empty(s))
		return 0;	/* the record starts as spaces */
	len = strlen(s);
	if (len > f->width)
		return field_error(w, f, cause, _("%zu characters, at most %zu fit"), len,
		    f->width);
	for (i = 0; i < len; i++) {
		if (s[i] < 0x20 || s[i] > 0x7e)
			return field_error(w, f, cause,
			    _("only printable ASCII is allowed (byte %zu)"), i);
	}
	memcpy(rec + f->off, s, len);
	return 0;
}

static int
put_9(struct writer *w, char *rec, const struct juki_field *f, uint64_t v, char **cause)
{
	char	 tmp[24];
	size_t	 i;
	uint64_t	 max = 1;

	for (i = 0; i < f->width; i++)
		max *= 10;
	if (v >= max)
		return field_error(w, f, cause, _("%llu does not fit in %zu digits"),
		    (unsigned long long)v, f->width);
	snprintf(tmp, sizeof tmp, "%0*llu", (int)f->width, (unsigned long long)v);
	memcpy(rec + f->off, tmp, f->width);
	return 0;
}

/* Codes such as 住民票コード: exactly width digits, or nothing. */
static int
put_digits(struct writer *w, char *rec, const struct juki_field *f, const char *s,
    char **cause)
{
	size_t	 i;

	if (is_empty(s))
		return 0;
	if (strlen(s) != f->width)
		return field_error(w, f, cause, _("must be %zu digits"), f->width);
	for (i = 0; i < f->width; i++) {
		if (s[i] < '0' || s[i] > '9')
			return field_error(w, f, cause, _("must be %zu digits"), f->width);
	}
	memcpy(rec + f->off, s, f->width);
	return 0;
}

static int
put_date(struct writer *w, char *rec, const struct juki_field *f, uint32_t d, int required,
    char **cause)
{
	if (d == 0 && !required)
		return put_9(w, rec, f, 0, cause);
	if (!juki_valid_date(d))
		return field_error(w, f, cause, _("%u is not a valid date (YYYYMMDD)"),
		    (unsigned)d);
	return put_9(w, rec, f, d, cause);
}

/*
 * N fields hold full-width characters only. Register data may carry ASCII digits and
 * hyphens in addresses ("1-2-3"); those have full-width twins (U+FF01-U+FF5E) and are sent
 * as such. Anything else that CP932 writes in one byte (half-width katakana, ¥) is refused.
 */
static int
put_n(struct writer *w, char *rec, const struct juki_field *f, const char *s,
    size_t *gaiji, char **cause)
{
	const unsigned char	*p;
	size_t			 i, len, n, errpos;
	char			*err = NULL;
	unsigned char		*dst;

	for (i = 0; i < f->width; i += 2)
		memcpy(rec + f->off + i, "\x81\x40", 2);
	if (is_empty(s))
		return 0;

	w->wide.len = 0;
	len = strlen(s);
	if (w->wide.size < len * 3 + 1) {
		charconv_buf_free(&w->wide);
		w->wide.size = len * 3 + 1;
		w->wide.data = xmalloc(w->wide.size);
	}
	dst = (unsigned char *)w->wide.data;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return field_error(w, f, cause, _("control character at byte %zu"),
			    (size_t)(p - (const unsigned char *)s));
		if (*p == 0x20) {		/* U+3000 */
			*dst++ = 0xe3; *dst++ = 0x80; *dst++ = 0x80;
		} else if (*p < 0x7f) {		/* U+FF01 .. U+FF5E */
			n = 0xff01 + (*p - 0x21);
			*dst++ = 0xef;
			*dst++ = 0x80 | ((n >> 6) & 0x3f);
			*dst++ = 0x80 | (n & 0x3f);
		} else
			*dst++ = *p;
	}
	w->wide.len = dst - (unsigned char *)w->wide.data;
	w->wide.data[w->wide.len] = '\0';

	if (charconv_to_cp932(w->cc, w->wide.data, w->wide.len, &w->sjis, &n, &errpos,
	    &err) != 0) {
		field_error(w, f, cause, "%s", err);
		free(err);
		return -1;
	}
	*gaiji += n;
	p = (const unsigned char *)w->sjis.data;
	for (i = 0; i < w->sjis.len; i += 2) {
		if (!((p[i] >= 0x81 && p[i] <= 0x9f) || (p[i] >= 0xe0 && p[i] <= 0xfc)))
			return field_error(w, f, cause,
			    _("character %zu is half-width; only full-width characters are "
			    "allowed"), i / 2 + 1);
	}
	if (w->sjis.len > f->width)
		return field_error(w, f, cause, _("%zu characters, at most %zu fit"),
		    w->sjis.len / 2, f->width / 2);
	memcpy(rec + f->off, w->sjis.data, w->sjis.len);
	return 0;
}

enum juki_pattern
juki_query_pattern(const struct juki_query *q)
{
	int	 has_name = !is_empty(q->name), has_kana = !is_empty(q->kana);
	int	 has_bs = q->birth != 0 && q->sex != JUKI_SEX_NONE;
	int	 has_address = !is_empty(q->address);

	if (!is_empty(q->mynumber))
		return JUKI_PAT_MYNUMBER;
	if (!is_empty(q->jumin_code))
		return JUKI_PAT_JUMIN;
	if (has_bs && has_address && has_name)
		return JUKI_PAT_KANJI4;
	if (has_bs && has_address && has_kana)
		return JUKI_PAT_KANA4;
	if (has_bs && has_name)
		return JUKI_PAT_KANJI3;
	if (has_bs && has_kana)
		return JUKI_PAT_KANA3;
	return JUKI_PAT_NONE;
}

static int
write_query(struct writer *w, char *rec, const struct juki_query *q, size_t *gaiji,
    char **cause)
{
	const struct juki_field	*F = juki_data_fields;

	w->request_no = q->request_no;
	rec[0] = JUKI_RECTYPE_DATA;
	if (q->request_no == 0 || q->request_no > JUKI_MAX_REQNO)
		return field_error(w, &F[JD_REQNO], cause, _("must be 1 to %llu"),
		    (unsigned long long)JUKI_MAX_REQNO);
	if (q->jimu == 0)
		return field_error(w, &F[JD_JIMU], cause, _("a purpose code is required"));
	if ((q->want & JUKI_WANT_MYNUMBER) && q->mn_jimu == 0)
		return field_error(w, &F[JD_MN_JIMU], cause,
		    _("asking for the My Number needs the My Number purpose code"));
	if (q->want & ~JUKI_WANT_ALL)
		return field_error(w, &F[JD_WANT_BIRTH], cause, _("unknown item flags"));
	if ((q->period_from == 0) != (q->period_to == 0))
		return field_error(w, &F[JD_PERIOD_FROM], cause,
		    _("the period needs both a start and an end"));
	if (q->period_from > q->period_to || q->period_to > q->base_date)
		return field_error(w, &F[JD_PERIOD_TO], cause,
		    _("the period must end on or before the reference date and start "
		    "before it ends"));
	if (q->sex != JUKI_SEX_NONE && q->sex != JUKI_SEX_MALE && q->sex != JUKI_SEX_FEMALE)
		return field_error(w, &F[JD_Q_SEX], cause, _("must be 0, 1 or 2"));
	if (q->want_erased != 0 && q->want_erased != 1)
		return field_error(w, &F[JD_WANT_ERASED], cause, _("must be 0 or 1"));
	if (juki_query_pattern(q) == JUKI_PAT_NONE)
		return field_error(w, &F[JD_Q_MYNUMBER], cause,
		    _("no complete search key: give the My Number, the resident record "
		    "code, or name, birth date and sex"));

	if (put_9(w, rec, &F[JD_REQNO], q->request_no, cause) != 0 ||
	    put_9(w, rec, &F[JD_JIMU], q->jimu, cause) != 0 ||
	    put_9(w, rec, &F[JD_MN_JIMU], q->mn_jimu, cause) != 0 ||
	    put_x(w, rec, &F[JD_SUBJECT], q->subject, cause) != 0 ||
	    put_date(w, rec, &F[JD_PERIOD_FROM], q->period_from, 0, cause) != 0 ||
	    put_date(w, rec, &F[JD_PERIOD_TO], q->period_to, 0, cause) != 0 ||
	    put_date(w, rec, &F[JD_BASE_DATE], q->base_date, 1, cause) != 0 ||
	    put_9(w, rec, &F[JD_WANT_ERASED], q->want_erased, cause) != 0 ||
	    put_digits(w, rec, &F[JD_Q_JUMIN], q->jumin_code, cause) != 0 ||
	    put_n(w, rec, &F[JD_Q_NAME], q->name, gaiji, cause) != 0 ||
	    put_n(w, rec, &F[JD_Q_KANA], q->kana, gaiji, cause) != 0 ||
	    put_9(w, rec, &F[JD_WANT_BIRTH], !!(q->want & JUKI_WANT_BIRTH), cause) != 0 ||
	    put_9(w, rec, &F[JD_WANT_SEX], !!(q->want & JUKI_WANT_SEX), cause) != 0 ||
	    put_9(w, rec, &F[JD_WANT_ADDRESS], !!(q->want & JUKI_WANT_ADDRESS), cause) != 0 ||
	    put_9(w, rec, &F[JD_WANT_MYNUMBER], !!(q->want & JUKI_WANT_MYNUMBER),
	    cause) != 0 ||
	    put_9(w, rec, &F[JD_WANT_REASON], !!(q->want & JUKI_WANT_REASON), cause) != 0 ||
	    put_date(w, rec, &F[JD_Q_BIRTH], q->birth, 0, cause) != 0 ||
	    put_9(w, rec, &F[JD_Q_SEX], q->sex, cause) != 0 ||
	    put_n(w, rec, &F[JD_Q_ADDRESS], q->address, gaiji, cause) != 0 ||
	    put_digits(w, rec, &F[JD_Q_MUNI], q->municipality, cause) != 0 ||
	    put_digits(w, rec, &F[JD_Q_MYNUMBER], q->mynumber, cause) != 0)
		return -1;
	return 0;
}

int
juki_request_write(struct charconv *cc, const struct juki_request_header *h,
    const struct juki_query *q, size_t n, char **out, size_t *outlen, size_t *gaiji,
    char **cause)
{
	const struct juki_field	*H = juki_header_fields, *T = juki_trailer_fields;
	struct writer		 w;
	char			 created[15], hex[65], *buf = NULL, *rec;
	unsigned char		 md[32];
	uint64_t		*numbers = NULL;
	size_t			 i, len, g;
	struct tm		 tm;
	time_t			 now;
	int			 rc = -1;

	memset(&w, 0, sizeof w);
	w.cc = cc;
	*out = NULL;
	*outlen = 0;

	if (!juki_valid_id(h->file_id)) {
		xasprintf(cause, _("file id must be 1 to %d letters, digits, '-' or '_'"),
		    JUKI_ID_MAX);
		goto out;
	}
	if (!juki_valid_id(h->terminal_id)) {
		xasprintf(cause, _("terminal id must be 1 to %d letters, digits, '-' or '_'"),
		    JUKI_ID_MAX);
		goto out;
	}
	if (h->mode != JUKI_MODE_IMMEDIATE && h->mode != JUKI_MODE_BATCH) {
		xasprintf(cause, _("unknown processing mode %d"), (int)h->mode);
		goto out;
	}
	if (n == 0 || n > JUKI_MAX_RECORDS ||
	    (h->mode == JUKI_MODE_IMMEDIATE && n > JUKI_IMMEDIATE_MAX)) {
		xasprintf(cause, _("a request file holds 1 to %lu queries (%d in immediate "
		    "mode), not %zu"), JUKI_MAX_RECORDS, JUKI_IMMEDIATE_MAX, n);
		goto out;
	}
	if (h->created != NULL) {
		if (!juki_valid_timestamp(h->created)) {
			xasprintf(cause, _("creation time %s is not YYYYMMDDhhmmss"),
			    h->created);
			goto out;
		}
		memcpy(created, h->created, sizeof created);
	} else {
		now = time(NULL);
		localtime_r(&now, &tm);
		strftime(created, sizeof created, "%Y%m%d%H%M%S", &tm);
	}

	/* Request numbers identify answers: a repeat would make two answers ambiguous. */
	numbers = xreallocarray(NULL, n, sizeof *numbers);
	for (i = 0; i < n; i++)
		numbers[i] = q[i].request_no;
	qsort(numbers, n, sizeof *numbers, cmp_u64);
	for (i = 1; i < n; i++) {
		if (numbers[i] == numbers[i - 1]) {
			xasprintf(cause, _("request number %llu appears twice"),
			    (unsigned long long)numbers[i]);
			goto out;
		}
	}

	len = (n + 2) * JUKI_REQ_RECLEN;
	buf = xmalloc(len);
	memset(buf, ' ', len);
	for (i = 0; i < n + 2; i++)
		memcpy(buf + (i + 1) * JUKI_REQ_RECLEN - 2, "\r\n", 2);

	rec = buf;
	rec[H[JH_RECTYPE].off] = JUKI_RECTYPE_HEADER;
	memcpy(rec + H[JH_KIND].off, JUKI_REQ_KIND, JUKI_KIND_LEN);
	memcpy(rec + H[JH_FILE_ID].off, h->file_id, strlen(h->file_id));
	memcpy(rec + H[JH_TERMINAL_ID].off, h->terminal_id, strlen(h->terminal_id));
	memcpy(rec + H[JH_CREATED].off, created, 14);
	rec[H[JH_MODE].off] = '0' + h->mode;
	snprintf(created, sizeof created, "%04d", JUKI_REQ_RECLEN);
	memcpy(rec + H[JH_RECLEN].off, created, 4);
	snprintf(created, sizeof created, "%08zu", n);
	memcpy(rec + H[JH_COUNT].off, created, 8);

	for (i = 0; i < n; i++) {
		w.query = i + 1;
		g = 0;
		if (write_query(&w, buf + (i + 1) * JUKI_REQ_RECLEN, &q[i], &g, cause) != 0)
			goto out;
		if (gaiji != NULL)
			gaiji[i] = g;
	}

	if (EVP_Digest(buf + JUKI_REQ_RECLEN, n * JUKI_REQ_RECLEN, md, NULL, EVP_sha256(),
	    NULL) != 1) {
		xasprintf(cause, _("SHA-256 failed"));
		goto out;
	}
	for (i = 0; i < sizeof md; i++)
		snprintf(hex + i * 2, 3, "%02x", md[i]);
	rec = buf + (n + 1) * JUKI_REQ_RECLEN;
	rec[T[JT_RECTYPE].off] = JUKI_RECTYPE_TRAILER;
	snprintf(created, sizeof created, "%08zu", n);
	memcpy(rec + T[JT_COUNT].off, created, 8);
	memcpy(rec + T[JT_SHA256].off, hex, 64);

	*out = buf;
	*outlen = len;
	buf = NULL;
	rc = 0;
out:
	if (buf != NULL) {
		explicit_bzero(buf, len);
		free(buf);
	}
	free(numbers);
	charconv_buf_free(&w.wide);
	charconv_buf_free(&w.sjis);
	return rc;
}
