/*
 * Parsing result files (本人確認情報照会結果ファイル, docs/juki-format.md).
 *
 * The file comes from another system and is parsed as hostile input: every length comes
 * from the buffer, never from the header's claims; no byte outside the buffer is read; the
 * first fault rejects the whole file with a message naming the record, the byte offset and
 * the field. A file is either returned complete or not at all, so that nothing partial can
 * be applied to the register.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "charconv.h"
#include "i18n.h"
#include "juki.h"
#include "xmalloc.h"

#define L		JUKI_RES_RECLEN
#define ARENA_CHUNK	(64 * 1024)
/* Files with fewer data records are parsed in one thread: a thread costs more. */
#define PARALLEL_MIN	4096

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size;
	size_t			 used;
	char			 data[];
};

struct juki_arena {
	struct arena_chunk	*head;
};

struct parser {
	struct charconv			*cc;
	const unsigned char		*buf;
	size_t				 len;
	const struct juki_expect	*ex;
	struct charconv_buf		 conv;
	const unsigned char		*rec;		/* current record */
	size_t				 recoff;	/* its offset */
	uint64_t			*outstanding;	/* sorted, unique */
	size_t				 noutstanding;
	size_t				*answered;	/* record that answered each, 0 = none */
	struct juki_result_file		*file;
	struct juki_arena		*arena;		/* where get_n keeps text */
};

/* The SHA-256 of the data records; made by a thread of its own for a large file. */
struct digest {
	const unsigned char	*data;
	size_t			 len;
	unsigned char		 md[32];
	int			 ok;
	int			 running;	/* a thread is making it (digest_wait) */
	pthread_t		 t;
};

/* Records [from, to) parsed by a second thread, with its own converter and arena. */
struct slice {
	struct parser	 p;
	size_t		 from, to;
	size_t		 bad;		/* the first faulty record, or to */
	char		*cause;
};

static const char	*arena_dup(struct juki_arena *, const char *, size_t);
static void		 arena_free(struct juki_arena *);
static int		 perr(struct parser *, size_t, const struct juki_field *, char **,
			    const char *, ...) __attribute__((format(printf, 5, 6)));
static int		 check_framing(struct parser *, size_t *, char **);
static int		 parse_header(struct parser *, size_t, char **);
static int		 parse_trailer(struct parser *, size_t, char **);
static int		 get_x(struct parser *, const struct juki_field *, char *, size_t,
			    char **);
static int		 get_num(struct parser *, const struct juki_field *, uint64_t *,
			    char **);
static int		 get_range(struct parser *, const struct juki_field *, unsigned,
			    unsigned, unsigned *, char **);
static int		 get_code(struct parser *, const struct juki_field *, char *,
			    char **);
static int		 get_date(struct parser *, const struct juki_field *, int,
			    uint32_t *, char **);
static int		 get_flags(struct parser *, const struct juki_field *, const char *,
			    char *, char **);
static int		 get_n(struct parser *, const struct juki_field *, const char **,
			    unsigned *, char **);
static int		 blank(struct parser *, const struct juki_field *, char **);
static int		 parse_request_part(struct parser *, struct juki_answer *, char **);
static int		 parse_result_part(struct parser *, struct juki_answer *, char **);
static int		 check_empty_answer(struct parser *, const struct juki_answer *,
			    char **);
static int		 start_thread(pthread_t *, void *(*)(void *), void *);
static void		*digest_run(void *);
static void		 digest_start(struct digest *, const unsigned char *, size_t, int);
static void		 digest_wait(struct digest *);
static int		 check_digest(struct parser *, size_t, struct digest *, char **);
static int		 parse_records(struct parser *, size_t, size_t, size_t *, char **);
static void		*slice_run(void *);
static int		 slice_start(struct parser *, struct slice *, pthread_t *, size_t,
			    size_t);
static void		 slice_finish(struct parser *, struct slice *, pthread_t);
static int		 check_groups(struct parser *, size_t, size_t, char **);
static int		 parse_data(struct parser *, size_t, struct digest *, char **);
static int		 cmp_u64(const void *, const void *);
static int		 valid_result_code(unsigned);

static const char *
arena_dup(struct juki_arena *a, const char *s, size_t len)
{
	struct arena_chunk	*c = a->head;
	char			*p;
	size_t			 size;

	if (len == 0)
		return "";
	if (c == NULL || c->size - c->used < len + 1) {
		size = len + 1 > ARENA_CHUNK ? len + 1 : ARENA_CHUNK;
		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	memcpy(p, s, len);
	p[len] = '\0';
	c->used += len + 1;
	return p;
}

static void
arena_free(struct juki_arena *a)
{
	struct arena_chunk	*c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		explicit_bzero(c->data, c->used);
		free(c);
	}
	free(a);
}

void
juki_result_free(struct juki_result_file *f)
{
	if (f == NULL)
		return;
	if (f->answers != NULL) {
		explicit_bzero(f->answers, f->nanswers * sizeof *f->answers);
		free(f->answers);
	}
	arena_free(f->arena);
	explicit_bzero(f, sizeof *f);
	free(f);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	 x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Every message names the record (header = 1) and the byte offset in the file, and the
 * field where there is one, so that whoever reads the quarantine note can find the fault
 * with a hex dump.
 */
static int
perr(struct parser *p, size_t at, const struct juki_field *f, char **cause,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	va_start(ap, fmt);
	xvasprintf(&what, fmt, ap);
	va_end(ap);
	if (f != NULL && *f->item != '\0')
		xasprintf(cause, _("record %zu, byte %zu, field %s %s: %s"), at / L + 1, at,
		    f->item, f->name, what);
	else if (f != NULL)
		xasprintf(cause, _("record %zu, byte %zu, %s: %s"), at / L + 1, at, f->name,
		    what);
	else
		xasprintf(cause, _("record %zu, byte %zu: %s"), at / L + 1, at, what);
	free(what);
	return -1;
}

/*
 * Records are exactly L bytes, the last two CR LF, and nothing else in the file is a CR or
 * an LF: a record that is too short or too long shows up as a line end in the wrong place.
 */
static int
check_framing(struct parser *p, size_t *nrec, char **cause)
{
	const unsigned char	*b = p->buf, *cr, *lf, *hit;
	size_t			 off, span, have;

	for (off = 0; off < p->len; off += L) {
		have = p->len - off;
		span = have < L - 2 ? have : L - 2;
		cr = memchr(b + off, '\r', span);
		lf = memchr(b + off, '\n', span);
		hit = cr == NULL ? lf : (lf == NULL || cr < lf ? cr : lf);
		if (hit != NULL) {
			if (*hit == '\r' && hit + 1 < b + p->len && hit[1] == '\n')
				return perr(p, off, NULL, cause,
				    _("record is %zu bytes long, expected %d (fixed-length "
				    "records ending in CR LF)"), (size_t)(hit - (b + off)) + 2,
				    L);
			if (*hit == '\n')
				return perr(p, hit - b, NULL, cause,
				    _("LF without CR inside a record (records are %d bytes "
				    "ending in CR LF)"), L);
			return perr(p, hit - b, NULL, cause, _("stray CR inside a record"));
		}
		if (have < L)
			return perr(p, off, NULL, cause,
			    _("file truncated: the last record has %zu of %d bytes"), have, L);
		if (b[off + L - 2] == '\n')
			return perr(p, off + L - 2, NULL, cause,
			    _("record ends in LF without CR (records end in CR LF)"));
		if (b[off + L - 2] != '\r' || b[off + L - 1] != '\n')
			return perr(p, off + L - 2, NULL, cause,
			    _("record does not end in CR LF where its %d bytes end"), L);
	}
	*nrec = p->len / L;
	return 0;
}

static int
get_x(struct parser *p, const struct juki_field *f, char *dst, size_t dstsize, char **cause)
{
	const unsigned char	*s = p->rec + f->off;
	size_t			 i, n = f->width;

	for (i = 0; i < n; i++) {
		if (s[i] < 0x20 || s[i] > 0x7e)
			return perr(p, p->recoff + f->off + i, f, cause,
			    _("byte 0x%02x is not printable ASCII"), s[i]);
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (dst != NULL) {
		if (n >= dstsize)
			return perr(p, p->recoff + f->off, f, cause, _("value too long"));
		memcpy(dst, s, n);
		dst[n] = '\0';
	}
	return 0;
}

static int
get_num(struct parser *p, const struct juki_field *f, uint64_t *v, char **cause)
{
	const unsigned char	*s = p->rec + f->off;
	size_t			 i;

	*v = 0;
	for (i = 0; i < f->width; i++) {
		if (s[i] < '0' || s[i] > '9')
			return perr(p, p->recoff + f->off + i, f, cause,
			    _("'%c' where a digit belongs"), s[i] >= 0x20 && s[i] < 0x7f ?
			    s[i] : '?');
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static int
get_range(struct parser *p, const struct juki_field *f, unsigned lo, unsigned hi,
    unsigned *v, char **cause)
{
	uint64_t	 n;

	if (get_num(p, f, &n, cause) != 0)
		return -1;
	if (n < lo || n > hi)
		return perr(p, p->recoff + f->off, f, cause, _("%llu is not between %u and %u"),
		    (unsigned long long)n, lo, hi);
	*v = n;
	return 0;
}

/* 住民票コード, 個人番号, 市町村コード: all digits, or all spaces for "none". */
static int
get_code(struct parser *p, const struct juki_field *f, char *dst, char **cause)
{
	const unsigned char	*s = p->rec + f->off;
	size_t			 i;
	uint64_t		 unused;

	for (i = 0; i < f->width && s[i] == ' '; i++)
		;
	if (i == f->width) {
		dst[0] = '\0';
		return 0;
	}
	if (get_num(p, f, &unused, cause) != 0)
		return -1;
	memcpy(dst, s, f->width);
	dst[f->width] = '\0';
	return 0;
}

static int
get_date(struct parser *p, const struct juki_field *f, int required, uint32_t *d,
    char **cause)
{
	uint64_t	 v;

	if (get_num(p, f, &v, cause) != 0)
		return -1;
	if (v == 0 && !required) {
		*d = 0;
		return 0;
	}
	if (!juki_valid_date(v))
		return perr(p, p->recoff + f->off, f, cause, _("%08llu is not a date"),
		    (unsigned long long)v);
	*d = v;
	return 0;
}

static int
get_flags(struct parser *p, const struct juki_field *f, const char *allowed, char *dst,
    char **cause)
{
	const unsigned char	*s = p->rec + f->off;
	size_t			 i;

	for (i = 0; i < f->width; i++) {
		if (s[i] == '\0' || strchr(allowed, s[i]) == NULL)
			return perr(p, p->recoff + f->off + i, f, cause,
			    _("position %zu is 0x%02x, allowed: \"%s\""), i + 1, s[i], allowed);
	}
	memcpy(dst, s, f->width);
	dst[f->width] = '\0';
	return 0;
}

static int
blank(struct parser *p, const struct juki_field *f, char **cause)
{
	const unsigned char	*s = p->rec + f->off;
	size_t			 i;

	for (i = 0; i < f->width; i++) {
		if (s[i] != ' ')
			return perr(p, p->recoff + f->off + i, f, cause,
			    _("reserved field holds 0x%02x, expected spaces"), s[i]);
	}
	return 0;
}

/*
 * An N field: CP932 double-byte characters, padded with full-width spaces. The byte
 * structure is checked here so that a half-width character gets its own message; iconv
 * then finds codes that are structurally fine but unassigned.
 */
static int
get_n(struct parser *p, const struct juki_field *f, const char **out, unsigned *gaiji,
    char **cause)
{
	const unsigned char	*s = p->rec + f->off;
	size_t			 i, n = f->width, g, errpos;
	char			*err = NULL;

	for (i = 0; i < f->width; i += 2) {
		if (!((s[i] >= 0x81 && s[i] <= 0x9f) || (s[i] >= 0xe0 && s[i] <= 0xfc))) {
			if (s[i] < 0x80 || (s[i] >= 0xa1 && s[i] <= 0xdf))
				return perr(p, p->recoff + f->off + i, f, cause,
				    _("half-width character 0x%02x in a full-width field"),
				    s[i]);
			return perr(p, p->recoff + f->off + i, f, cause,
			    _("byte 0x%02x is not a CP932 lead byte"), s[i]);
		}
		if (s[i + 1] < 0x40 || s[i + 1] == 0x7f || s[i + 1] > 0xfc)
			return perr(p, p->recoff + f->off + i + 1, f, cause,
			    _("byte 0x%02x cannot follow CP932 lead byte 0x%02x"), s[i + 1],
			    s[i]);
	}
	while (n >= 2 && s[n - 2] == 0x81 && s[n - 1] == 0x40)
		n -= 2;
	if (n == 0) {
		*out = "";
		*gaiji = 0;
		return 0;
	}
	if (charconv_to_utf8(p->cc, s, n, &p->conv, &g, &errpos, &err) != 0) {
		perr(p, p->recoff + f->off + errpos, f, cause, "%s", err);
		free(err);
		return -1;
	}
	*out = arena_dup(p->arena, p->conv.data, p->conv.len);
	*gaiji = g;
	return 0;
}

static int
parse_header(struct parser *p, size_t ndata, char **cause)
{
	const struct juki_field	*H = juki_header_fields;
	struct juki_field	 filler = H[JH_FILLER];
	struct juki_result_file	*file = p->file;
	uint64_t		 v;
	unsigned		 mode;

	/* Record type and file kind were checked before the framing. */
	p->rec = p->buf;
	p->recoff = 0;
	if (get_x(p, &H[JH_FILE_ID], file->file_id, sizeof file->file_id, cause) != 0 ||
	    get_x(p, &H[JH_TERMINAL_ID], file->terminal_id, sizeof file->terminal_id,
	    cause) != 0)
		return -1;
	if (!juki_valid_id(file->file_id))
		return perr(p, H[JH_FILE_ID].off, &H[JH_FILE_ID], cause,
		    _("\"%s\" is not a file id"), file->file_id);
	if (!juki_valid_id(file->terminal_id))
		return perr(p, H[JH_TERMINAL_ID].off, &H[JH_TERMINAL_ID], cause,
		    _("\"%s\" is not a terminal id"), file->terminal_id);
	if (strcmp(file->terminal_id, p->ex->terminal_id) != 0)
		return perr(p, H[JH_TERMINAL_ID].off, &H[JH_TERMINAL_ID], cause,
		    _("wrong terminal: the file is for %s, this terminal is %s"),
		    file->terminal_id, p->ex->terminal_id);
	if (p->ex->file_id != NULL && strcmp(file->file_id, p->ex->file_id) != 0)
		return perr(p, H[JH_FILE_ID].off, &H[JH_FILE_ID], cause,
		    _("the file answers request file %s, expected %s"), file->file_id,
		    p->ex->file_id);
	if (get_x(p, &H[JH_CREATED], file->created, sizeof file->created, cause) != 0)
		return -1;
	if (!juki_valid_timestamp(file->created))
		return perr(p, H[JH_CREATED].off, &H[JH_CREATED], cause,
		    _("\"%s\" is not YYYYMMDDhhmmss"), file->created);
	if (get_range(p, &H[JH_MODE], JUKI_MODE_IMMEDIATE, JUKI_MODE_BATCH, &mode,
	    cause) != 0)
		return -1;
	file->mode = mode;
	if (get_num(p, &H[JH_RECLEN], &v, cause) != 0)
		return -1;
	if (v != L)
		return perr(p, H[JH_RECLEN].off, &H[JH_RECLEN], cause,
		    _("record length %llu, a result file has %d"), (unsigned long long)v, L);
	if (get_num(p, &H[JH_COUNT], &v, cause) != 0)
		return -1;
	if (v != ndata)
		return perr(p, H[JH_COUNT].off, &H[JH_COUNT], cause,
		    _("count mismatch: the header says %llu data records, the file holds %zu"),
		    (unsigned long long)v, ndata);
	filler.width = L - 2 - filler.off;
	return blank(p, &filler, cause);
}

static int
parse_trailer(struct parser *p, size_t ndata, char **cause)
{
	const struct juki_field	*T = juki_trailer_fields;
	struct juki_field	 filler = T[JT_FILLER];
	size_t			 off = (ndata + 1) * L, i;
	uint64_t		 v;

	p->rec = p->buf + off;
	p->recoff = off;
	if (get_num(p, &T[JT_COUNT], &v, cause) != 0)
		return -1;
	if (v != ndata)
		return perr(p, off + T[JT_COUNT].off, &T[JT_COUNT], cause,
		    _("count mismatch: the trailer says %llu data records, the file holds "
		    "%zu"), (unsigned long long)v, ndata);
	if (get_x(p, &T[JT_SHA256], p->file->sha256, sizeof p->file->sha256, cause) != 0)
		return -1;
	for (i = 0; i < 64; i++) {
		if (!((p->file->sha256[i] >= '0' && p->file->sha256[i] <= '9') ||
		    (p->file->sha256[i] >= 'a' && p->file->sha256[i] <= 'f')))
			return perr(p, off + T[JT_SHA256].off + i, &T[JT_SHA256], cause,
			    _("not 64 lowercase hexadecimal digits"));
	}
	filler.width = L - 2 - filler.off;
	return blank(p, &filler, cause);
}

/*
 * Start a thread that takes no signals (they go to the program's thread, as before the
 * parser had threads).
 */
static int
start_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t	 all, old;
	int		 rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

static void *
digest_run(void *arg)
{
	struct digest	*d = arg;

	d->ok = EVP_Digest(d->data, d->len, d->md, NULL, EVP_sha256(), NULL) == 1;
	return NULL;
}

/*
 * Hash the data records, in a thread of its own if asked: 0.06 s for 100,000 records,
 * while the records are parsed. Its result is compared by check_digest before any fault
 * in the records is reported, as when the hash was checked first.
 */
static void
digest_start(struct digest *d, const unsigned char *data, size_t len, int threaded)
{
	memset(d, 0, sizeof *d);
	d->data = data;
	d->len = len;
	if (threaded && start_thread(&d->t, digest_run, d) == 0)
		d->running = 1;
	else
		digest_run(d);
}

static void
digest_wait(struct digest *d)
{
	if (d->running)
		pthread_join(d->t, NULL);
	d->running = 0;
}

/* The hash of the data records against the trailer's (parse_trailer read it). */
static int
check_digest(struct parser *p, size_t ndata, struct digest *d, char **cause)
{
	const struct juki_field	*T = juki_trailer_fields;
	size_t			 off = (ndata + 1) * L, i;
	char			 hex[65];

	digest_wait(d);
	if (!d->ok) {
		xasprintf(cause, _("SHA-256 failed"));
		return -1;
	}
	for (i = 0; i < sizeof d->md; i++)
		snprintf(hex + i * 2, 3, "%02x", d->md[i]);
	if (memcmp(hex, p->file->sha256, 64) != 0)
		return perr(p, off + T[JT_SHA256].off, &T[JT_SHA256], cause,
		    _("checksum mismatch: the data records hash to %s, the trailer says %s"),
		    hex, p->file->sha256);
	return 0;
}

static int
valid_result_code(unsigned rc)
{
	switch (rc) {
	case JUKI_RC_MATCH:
	case JUKI_RC_MISMATCH:
	case JUKI_RC_NOTFOUND:
	case JUKI_RC_MULTIPLE:
	case JUKI_RC_ERR_RECORD:
	case JUKI_RC_ERR_KEY:
	case JUKI_RC_ERR_JIMU:
	case JUKI_RC_ERR_SYSTEM:
		return 1;
	}
	return 0;
}

/* Items 2-1 to 2-22: the request, repeated by the gateway. */
static int
parse_request_part(struct parser *p, struct juki_answer *a, char **cause)
{
	const struct juki_field	*F = juki_data_fields;
	uint64_t		 v;
	unsigned		 u, flag, i, unused;
	static const struct {
		enum juki_dfield	 field;
		unsigned		 bit;
	} wants[] = {
		{ JD_WANT_BIRTH, JUKI_WANT_BIRTH },
		{ JD_WANT_SEX, JUKI_WANT_SEX },
		{ JD_WANT_ADDRESS, JUKI_WANT_ADDRESS },
		{ JD_WANT_MYNUMBER, JUKI_WANT_MYNUMBER },
		{ JD_WANT_REASON, JUKI_WANT_REASON },
	};

	if (p->rec[0] != JUKI_RECTYPE_DATA)
		return perr(p, p->recoff, &F[JD_RECTYPE], cause,
		    _("record type '%c', expected a data record (2)"),
		    p->rec[0] >= 0x20 && p->rec[0] < 0x7f ? p->rec[0] : '?');
	if (get_num(p, &F[JD_REQNO], &v, cause) != 0)
		return -1;
	if (v == 0)
		return perr(p, p->recoff + F[JD_REQNO].off, &F[JD_REQNO], cause,
		    _("request number 0"));
	a->request_no = v;
	if (get_range(p, &F[JD_JIMU], 1, 9999, &a->jimu, cause) != 0 ||
	    get_range(p, &F[JD_MN_JIMU], 0, 9999, &a->mn_jimu, cause) != 0 ||
	    get_x(p, &F[JD_SUBJECT], a->subject, sizeof a->subject, cause) != 0 ||
	    get_date(p, &F[JD_PERIOD_FROM], 0, &a->period_from, cause) != 0 ||
	    get_date(p, &F[JD_PERIOD_TO], 0, &a->period_to, cause) != 0 ||
	    get_date(p, &F[JD_BASE_DATE], 1, &a->base_date, cause) != 0 ||
	    get_range(p, &F[JD_WANT_ERASED], 0, 1, &u, cause) != 0)
		return -1;
	a->want_erased = u;
	if ((a->period_from == 0) != (a->period_to == 0) || a->period_from > a->period_to ||
	    a->period_to > a->base_date)
		return perr(p, p->recoff + F[JD_PERIOD_FROM].off, &F[JD_PERIOD_FROM], cause,
		    _("the period %08u-%08u is not a period"), (unsigned)a->period_from,
		    (unsigned)a->period_to);
	if (get_code(p, &F[JD_Q_JUMIN], a->q_jumin_code, cause) != 0 ||
	    get_n(p, &F[JD_Q_NAME], &a->q_name, &unused, cause) != 0 ||
	    get_n(p, &F[JD_Q_KANA], &a->q_kana, &unused, cause) != 0)
		return -1;
	a->want = 0;
	for (i = 0; i < sizeof wants / sizeof wants[0]; i++) {
		if (get_range(p, &F[wants[i].field], 0, 1, &flag, cause) != 0)
			return -1;
		if (flag)
			a->want |= wants[i].bit;
	}
	if (get_date(p, &F[JD_Q_BIRTH], 0, &a->q_birth, cause) != 0 ||
	    get_range(p, &F[JD_Q_SEX], 0, 2, &u, cause) != 0)
		return -1;
	a->q_sex = u;
	if (get_n(p, &F[JD_Q_ADDRESS], &a->q_address, &unused, cause) != 0 ||
	    get_code(p, &F[JD_Q_MUNI], a->q_municipality, cause) != 0 ||
	    get_code(p, &F[JD_Q_MYNUMBER], a->q_mynumber, cause) != 0 ||
	    blank(p, &F[JD_Q_FILLER], cause) != 0)
		return -1;
	return 0;
}

/* 該当なし and errors carry no resident: every resident field must be empty. */
static int
check_empty_answer(struct parser *p, const struct juki_answer *a, char **cause)
{
	const struct juki_field	*F = juki_data_fields;
	enum juki_dfield	 bad = JD__COUNT;

	if (*a->name != '\0')
		bad = JD_NAME;
	else if (*a->kana != '\0')
		bad = JD_KANA;
	else if (*a->address != '\0')
		bad = JD_ADDRESS;
	else if (*a->old_name != '\0')
		bad = JD_OLD_NAME;
	else if (*a->old_kana != '\0')
		bad = JD_OLD_KANA;
	else if (*a->jumin_code != '\0')
		bad = JD_JUMIN;
	else if (*a->mynumber != '\0')
		bad = JD_MYNUMBER;
	else if (*a->municipality != '\0')
		bad = JD_MUNI;
	else if (a->birth != 0)
		bad = JD_BIRTH;
	else if (a->sex != JUKI_SEX_NONE)
		bad = JD_SEX;
	else if (a->alive != JUKI_ALIVE_UNKNOWN)
		bad = JD_ALIVE;
	else if (a->moved)
		bad = JD_MOVED;
	else if (a->reason != JUKI_REASON_NONE)
		bad = JD_REASON;
	else if (a->reason_date != 0)
		bad = JD_REASON_DATE;
	else if (a->gaiji_name + a->gaiji_address + a->gaiji_records + a->gaiji_old != 0)
		bad = JD_GAIJI_RECORDS;
	if (bad == JD__COUNT)
		return 0;
	return perr(p, p->recoff + F[bad].off, &F[bad], cause,
	    _("result code %02u carries no resident, but this field is filled"),
	    (unsigned)a->result);
}

/* Items 2-23 to 2-48. */
static int
parse_result_part(struct parser *p, struct juki_answer *a, char **cause)
{
	const struct juki_field	*F = juki_data_fields;
	unsigned		 u, g_name, g_kana, g_addr, g_old, g_old_kana;
	char			 tmp[9];

	if (get_range(p, &F[JD_RESULT], 0, 99, &u, cause) != 0)
		return -1;
	if (!valid_result_code(u))
		return perr(p, p->recoff + F[JD_RESULT].off, &F[JD_RESULT], cause,
		    _("unknown result code %02u"), u);
	a->result = u;
	if (get_range(p, &F[JD_NRESULTS], 1, JUKI_MAX_RESULTS, &a->nresults, cause) != 0 ||
	    get_range(p, &F[JD_SEQ], 1, a->nresults, &a->seq, cause) != 0)
		return -1;
	if (a->result == JUKI_RC_MULTIPLE ? a->nresults < 2 : a->nresults != 1)
		return perr(p, p->recoff + F[JD_NRESULTS].off, &F[JD_NRESULTS], cause,
		    _("%u result records do not fit result code %02u"), a->nresults,
		    (unsigned)a->result);
	if (get_flags(p, &F[JD_MATCHED], "01 ", a->matched, cause) != 0 ||
	    get_range(p, &F[JD_MOVED], 0, 1, &u, cause) != 0)
		return -1;
	a->moved = u;
	if (a->matched[7] != ' ')
		return perr(p, p->recoff + F[JD_MATCHED].off + 7, &F[JD_MATCHED], cause,
		    _("position 8 is reserved and must be a space"));
	if (get_range(p, &F[JD_ALIVE], 0, 3, &u, cause) != 0)
		return -1;
	a->alive = u;
	if (get_flags(p, &F[JD_CHANGES], "01 ", tmp, cause) != 0)
		return -1;
	memcpy(a->changes, tmp, sizeof a->changes);
	if (get_code(p, &F[JD_JUMIN], a->jumin_code, cause) != 0 ||
	    get_n(p, &F[JD_NAME], &a->name, &g_name, cause) != 0 ||
	    get_n(p, &F[JD_KANA], &a->kana, &g_kana, cause) != 0 ||
	    get_date(p, &F[JD_BIRTH], 0, &a->birth, cause) != 0 ||
	    get_range(p, &F[JD_SEX], 0, 2, &u, cause) != 0)
		return -1;
	a->sex = u;
	if (get_n(p, &F[JD_ADDRESS], &a->address, &g_addr, cause) != 0 ||
	    get_code(p, &F[JD_MYNUMBER], a->mynumber, cause) != 0 ||
	    get_range(p, &F[JD_REASON], 0, JUKI_REASON_MAX, &u, cause) != 0)
		return -1;
	a->reason = u;
	if (get_date(p, &F[JD_REASON_DATE], 0, &a->reason_date, cause) != 0 ||
	    get_range(p, &F[JD_GAIJI_NAME], 0, 99, &a->gaiji_name, cause) != 0 ||
	    get_range(p, &F[JD_GAIJI_ADDRESS], 0, 99, &a->gaiji_address, cause) != 0 ||
	    get_range(p, &F[JD_GAIJI_RECORDS], 0, 999, &a->gaiji_records, cause) != 0 ||
	    get_code(p, &F[JD_MUNI], a->municipality, cause) != 0 ||
	    get_range(p, &F[JD_NONPART], 0, 1, &u, cause) != 0)
		return -1;
	a->nonparticipating = u;
	if (get_range(p, &F[JD_PATTERN], 0, JUKI_PAT_KANA3, &u, cause) != 0)
		return -1;
	a->pattern = u;
	if (get_n(p, &F[JD_OLD_NAME], &a->old_name, &g_old, cause) != 0 ||
	    get_n(p, &F[JD_OLD_KANA], &a->old_kana, &g_old_kana, cause) != 0 ||
	    get_range(p, &F[JD_GAIJI_OLD], 0, 99, &a->gaiji_old, cause) != 0 ||
	    blank(p, &F[JD_FILLER], cause) != 0)
		return -1;

	if (a->result != JUKI_RC_MATCH && a->result != JUKI_RC_MISMATCH &&
	    a->result != JUKI_RC_MULTIPLE)
		return check_empty_answer(p, a, cause);

	/* A record that carries a resident. */
	if (*a->name == '\0')
		return perr(p, p->recoff + F[JD_NAME].off, &F[JD_NAME], cause,
		    _("a resident record without a name"));
	if (a->jumin_code[0] == '\0')
		return perr(p, p->recoff + F[JD_JUMIN].off, &F[JD_JUMIN], cause,
		    _("a resident record without a resident record code"));
	if (a->alive == JUKI_ALIVE_UNKNOWN)
		return perr(p, p->recoff + F[JD_ALIVE].off, &F[JD_ALIVE], cause,
		    _("a resident record must say whether the resident is living"));
	if (a->pattern == JUKI_PAT_NONE)
		return perr(p, p->recoff + F[JD_PATTERN].off, &F[JD_PATTERN], cause,
		    _("a resident record must name the search pattern"));
	if (strchr(a->changes, ' ') != NULL)
		return perr(p, p->recoff + F[JD_CHANGES].off, &F[JD_CHANGES], cause,
		    _("a resident record must give every change flag"));
	if ((a->reason == JUKI_REASON_NONE) != (a->reason_date == 0))
		return perr(p, p->recoff + F[JD_REASON_DATE].off, &F[JD_REASON_DATE], cause,
		    _("a change reason needs its date, and a date its reason"));
	/* A My Number that was not asked for must not be taken in (番号法: minimum use). */
	if (a->mynumber[0] != '\0' && !(a->want & JUKI_WANT_MYNUMBER))
		return perr(p, p->recoff + F[JD_MYNUMBER].off, &F[JD_MYNUMBER], cause,
		    _("the gateway sent a My Number that item 2-15 did not ask for"));
	/* 外字 counts are checked against what was found, not trusted. */
	if (g_kana != 0 || g_old_kana != 0)
		return perr(p, p->recoff + F[g_kana != 0 ? JD_KANA : JD_OLD_KANA].off,
		    &F[g_kana != 0 ? JD_KANA : JD_OLD_KANA], cause,
		    _("外字 in a kana field"));
	if (a->gaiji_name != g_name)
		return perr(p, p->recoff + F[JD_GAIJI_NAME].off, &F[JD_GAIJI_NAME], cause,
		    _("gaiji count mismatch: says %u, field 2-31 holds %u"), a->gaiji_name,
		    g_name);
	if (a->gaiji_address != g_addr)
		return perr(p, p->recoff + F[JD_GAIJI_ADDRESS].off, &F[JD_GAIJI_ADDRESS],
		    cause, _("gaiji count mismatch: says %u, field 2-35 holds %u"),
		    a->gaiji_address, g_addr);
	if (a->gaiji_old != g_old)
		return perr(p, p->recoff + F[JD_GAIJI_OLD].off, &F[JD_GAIJI_OLD], cause,
		    _("gaiji count mismatch: says %u, field 2-45 holds %u"), a->gaiji_old,
		    g_old);
	if (a->gaiji_records != g_name + g_addr + g_old)
		return perr(p, p->recoff + F[JD_GAIJI_RECORDS].off, &F[JD_GAIJI_RECORDS],
		    cause, _("gaiji count mismatch: says %u, items 2-39, 2-40 and 2-47 add "
		    "up to %u"), a->gaiji_records, g_name + g_addr + g_old);
	a->gaiji = g_name + g_addr + g_old;
	return 0;
}

/*
 * The fields of data records [from, to), each on its own. At the first fault *bad is its
 * index and -1 is returned; otherwise *bad is to.
 */
static int
parse_records(struct parser *p, size_t from, size_t to, size_t *bad, char **cause)
{
	struct juki_answer	*a;
	size_t			 i;

	for (i = from; i < to; i++) {
		p->recoff = (i + 1) * L;
		p->rec = p->buf + p->recoff;
		a = &p->file->answers[i];
		a->record = i + 2;
		a->offset = p->recoff;
		if (parse_request_part(p, a, cause) != 0 ||
		    parse_result_part(p, a, cause) != 0) {
			*bad = i;
			return -1;
		}
	}
	*bad = to;
	return 0;
}

static void *
slice_run(void *arg)
{
	struct slice	*s = arg;

	(void)parse_records(&s->p, s->from, s->to, &s->bad, &s->cause);
	return NULL;
}

/*
 * Parse records [from, to) in a second thread, which needs a converter and an arena of
 * its own (iconv descriptors keep state). -1 if the thread cannot be had: the caller
 * parses the records itself.
 */
static int
slice_start(struct parser *p, struct slice *s, pthread_t *t, size_t from, size_t to)
{
	char	*why = NULL;

	memset(s, 0, sizeof *s);
	s->p = *p;
	memset(&s->p.conv, 0, sizeof s->p.conv);
	s->from = from;
	s->to = to;
	s->bad = to;
	if ((s->p.cc = charconv_open(&why)) == NULL) {
		free(why);
		return -1;
	}
	s->p.arena = xcalloc(1, sizeof *s->p.arena);
	if (start_thread(t, slice_run, s) != 0) {
		charconv_close(s->p.cc);
		free(s->p.arena);
		return -1;
	}
	return 0;
}

/* Wait for the second thread and take its text into the file's arena. */
static void
slice_finish(struct parser *p, struct slice *s, pthread_t t)
{
	struct arena_chunk	*c;

	pthread_join(t, NULL);
	if ((c = s->p.arena->head) != NULL) {
		while (c->next != NULL)
			c = c->next;
		c->next = p->arena->head;
		p->arena->head = s->p.arena->head;
	}
	free(s->p.arena);
	charconv_buf_free(&s->p.conv);
	charconv_close(s->p.cc);
}

/*
 * Data records come in groups, one per request: nresults records numbered 1 .. nresults,
 * each repeating the same request part and result code. Checked in file order over
 * records [0, n), whose fields are parsed; n < ndata when record n has a faulty field.
 */
static int
check_groups(struct parser *p, size_t n, size_t ndata, char **cause)
{
	const struct juki_field	*F = juki_data_fields;
	struct juki_result_file	*file = p->file;
	struct juki_answer	*a, *first = NULL;
	uint64_t		*slot;
	size_t			 i, k, first_off = 0;

	for (i = 0; i < n; i++) {
		p->recoff = (i + 1) * L;
		p->rec = p->buf + p->recoff;
		a = &file->answers[i];
		if (first != NULL && (size_t)(a - first) < first->nresults) {
			/* The next record of the current group. */
			if (a->request_no != first->request_no || a->seq != (a - first) + 1)
				return perr(p, p->recoff, &F[JD_SEQ], cause,
				    _("request %llu has %u result records, but record %zu is "
				    "%u of request %llu"), (unsigned long long)first->request_no,
				    first->nresults, a->record, a->seq,
				    (unsigned long long)a->request_no);
			if (memcmp(p->rec, p->buf + first_off, JUKI_ECHO_LEN) != 0 ||
			    a->result != first->result || a->nresults != first->nresults)
				return perr(p, p->recoff, NULL, cause,
				    _("result record %u of request %llu does not repeat the "
				    "request and result code of record %zu"), a->seq,
				    (unsigned long long)a->request_no, first->record);
			continue;
		}

		/* A new group. */
		if (a->seq != 1)
			return perr(p, p->recoff + F[JD_SEQ].off, &F[JD_SEQ], cause,
			    _("request %llu starts with result record %u, not 1"),
			    (unsigned long long)a->request_no, a->seq);
		slot = bsearch(&a->request_no, p->outstanding, p->noutstanding,
		    sizeof *p->outstanding, cmp_u64);
		if (slot == NULL)
			return perr(p, p->recoff + F[JD_REQNO].off, &F[JD_REQNO], cause,
			    _("unknown request number %llu: this terminal did not ask it"),
			    (unsigned long long)a->request_no);
		k = slot - p->outstanding;
		if (p->answered[k] != 0)
			return perr(p, p->recoff + F[JD_REQNO].off, &F[JD_REQNO], cause,
			    _("duplicate answer: request %llu was already answered in record "
			    "%zu"), (unsigned long long)a->request_no, p->answered[k]);
		p->answered[k] = a->record;
		file->nrequests++;
		first = a;
		first_off = p->recoff;
	}
	if (n == ndata && first != NULL &&
	    (size_t)(&file->answers[n] - first) < first->nresults)
		return perr(p, p->len - L, NULL, cause,
		    _("file ends inside the answer to request %llu: %zu of %u result records"),
		    (unsigned long long)first->request_no,
		    (size_t)(&file->answers[n] - first), first->nresults);
	return 0;
}

/*
 * The data records. A large file's second half is parsed by a second thread (the
 * machine has more than one core; parsing 100,000 records took 0.2 s in one thread);
 * then the checksum is compared, and the groups are checked in file order up to the
 * first record with a faulty field, so that the first fault in the file is the one
 * reported, as when parsing in one pass.
 */
static int
parse_data(struct parser *p, size_t ndata, struct digest *dg, char **cause)
{
	struct juki_result_file	*file = p->file;
	struct slice		 s;
	pthread_t		 t;
	size_t			 i, k, mid = ndata, bad;
	char			*why = NULL;
	int			 split = 0;

	/* The whole array, so that juki_result_free wipes whatever either thread wrote. */
	file->nanswers = ndata;
	if (ndata >= PARALLEL_MIN && slice_start(p, &s, &t, ndata / 2, ndata) == 0) {
		split = 1;
		mid = ndata / 2;
	}
	(void)parse_records(p, 0, mid, &bad, &why);
	if (split) {
		slice_finish(p, &s, t);
		if (bad == mid) {
			bad = s.bad;
			why = s.cause;
		} else
			free(s.cause);
	}
	/* A checksum mismatch is reported before anything wrong in the records. */
	if (check_digest(p, ndata, dg, cause) != 0 || check_groups(p, bad, ndata, cause) != 0) {
		free(why);
		return -1;
	}
	if (bad < ndata) {
		*cause = why;
		return -1;
	}
	if (p->ex->require_all) {
		for (k = 0; k < p->noutstanding; k++) {
			if (p->answered[k] == 0) {
				xasprintf(cause, _("request %llu has no answer in this file"),
				    (unsigned long long)p->outstanding[k]);
				return -1;
			}
		}
	}
	for (i = 0; i < ndata; i++) {
		if (file->answers[i].gaiji != 0)
			file->ngaiji++;
	}
	return 0;
}

int
juki_result_parse(struct charconv *cc, const void *data, size_t len,
    const struct juki_expect *ex, struct juki_result_file **out, char **cause)
{
	struct parser		 p;
	struct digest		 dg;
	const unsigned char	*nul;
	size_t			 nrec = 0, ndata, i, j;
	int			 rc = -1;

	*out = NULL;
	memset(&p, 0, sizeof p);
	memset(&dg, 0, sizeof dg);
	p.cc = cc;
	p.buf = data;
	p.len = len;
	p.ex = ex;

	if (ex == NULL || !juki_valid_id(ex->terminal_id)) {
		xasprintf(cause, _("no valid terminal id to check the file against"));
		return -1;
	}
	if (len == 0) {
		xasprintf(cause, _("the file is empty"));
		return -1;
	}
	if ((nul = memchr(p.buf, '\0', len)) != NULL)
		return perr(&p, nul - p.buf, NULL, cause, _("NUL byte"));
	if (len >= JUKI_KIND_LEN + 1 && p.buf[0] == JUKI_RECTYPE_HEADER &&
	    memcmp(p.buf + 1, JUKI_REQ_KIND, JUKI_KIND_LEN) == 0) {
		xasprintf(cause, _("this is a request file, not a result file"));
		return -1;
	}
	if (len < JUKI_KIND_LEN + 1 || p.buf[0] != JUKI_RECTYPE_HEADER ||
	    memcmp(p.buf + 1, JUKI_RES_KIND, JUKI_KIND_LEN) != 0) {
		xasprintf(cause, _("not a Juki-net result file (no %s header)"), JUKI_RES_KIND);
		return -1;
	}
	if (check_framing(&p, &nrec, cause) != 0)
		return -1;
	if (nrec < 2)
		return perr(&p, len, NULL, cause, _("file truncated: no trailer record"));
	ndata = nrec - 2;

	/* A file cut at a record boundary says so before its counts disagree. */
	if (p.buf[len - L] != JUKI_RECTYPE_TRAILER)
		return perr(&p, len - L, &juki_trailer_fields[JT_RECTYPE], cause,
		    _("the last record is not a trailer (9): file truncated or cut at a "
		    "record boundary"));

	p.file = xcalloc(1, sizeof *p.file);
	p.file->arena = xcalloc(1, sizeof *p.file->arena);
	p.arena = p.file->arena;
	digest_start(&dg, p.buf + L, ndata * L, ndata >= PARALLEL_MIN);
	if (parse_header(&p, ndata, cause) != 0 || parse_trailer(&p, ndata, cause) != 0)
		goto out;
	if (ndata == 0) {
		if (check_digest(&p, ndata, &dg, cause) == 0)
			xasprintf(cause, _("the file holds no data records"));
		goto out;
	}

	/* The outstanding set, sorted and without repeats, for bsearch. */
	p.outstanding = xreallocarray(NULL, ex->nrequests + 1, sizeof *p.outstanding);
	for (i = j = 0; i < ex->nrequests; i++)
		p.outstanding[i] = ex->requests[i];
	qsort(p.outstanding, ex->nrequests, sizeof *p.outstanding, cmp_u64);
	for (i = 0; i < ex->nrequests; i++) {
		if (j == 0 || p.outstanding[i] != p.outstanding[j - 1])
			p.outstanding[j++] = p.outstanding[i];
	}
	p.noutstanding = j;
	p.answered = xcalloc(j + 1, sizeof *p.answered);

	p.file->answers = xcalloc(ndata, sizeof *p.file->answers);
	juki_advise_huge(p.file->answers, ndata * sizeof *p.file->answers);
	if (parse_data(&p, ndata, &dg, cause) != 0)
		goto out;

	*out = p.file;
	p.file = NULL;
	rc = 0;
out:
	digest_wait(&dg);
	juki_result_free(p.file);
	free(p.outstanding);
	free(p.answered);
	charconv_buf_free(&p.conv);
	return rc;
}
