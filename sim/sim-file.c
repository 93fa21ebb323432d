/*
 * The simulator's side of docs/juki-format.md: its own copy of the layout (widths in
 * document order, offsets summed at start), a reader for request files and a writer for
 * result files, with the faults a broken gateway could produce.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "sim.h"
#include "xmalloc.h"

struct sim_item_def sim_items[SI__N] = {
	[SI_TYPE] = { "type", 1, 'X', 0 },
	[SI_REQNO] = { "2-1", 10, '9', 0 },
	[SI_JIMU] = { "2-2", 4, '9', 0 },
	[SI_MN_JIMU] = { "2-3", 4, '9', 0 },
	[SI_SUBJECT] = { "2-4", 36, 'X', 0 },
	[SI_FROM] = { "2-5", 8, '9', 0 },
	[SI_TO] = { "2-6", 8, '9', 0 },
	[SI_BASE] = { "2-7", 8, '9', 0 },
	[SI_ERASED] = { "2-8", 1, '9', 0 },
	[SI_Q_JUMIN] = { "2-9", 11, 'X', 0 },
	[SI_Q_NAME] = { "2-10", 64, 'N', 0 },
	[SI_Q_KANA] = { "2-11", 64, 'N', 0 },
	[SI_W_BIRTH] = { "2-12", 1, '9', 0 },
	[SI_W_SEX] = { "2-13", 1, '9', 0 },
	[SI_W_ADDR] = { "2-14", 1, '9', 0 },
	[SI_W_MYNUM] = { "2-15", 1, '9', 0 },
	[SI_W_REASON] = { "2-16", 1, '9', 0 },
	[SI_Q_BIRTH] = { "2-17", 8, '9', 0 },
	[SI_Q_SEX] = { "2-18", 1, '9', 0 },
	[SI_Q_ADDR] = { "2-19", 120, 'N', 0 },
	[SI_Q_MUNI] = { "2-20", 6, 'X', 0 },
	[SI_Q_MYNUM] = { "2-21", 12, 'X', 0 },
	[SI_Q_SPARE] = { "2-22", 27, 'X', 0 },
	[SI_RESULT] = { "2-23", 2, '9', 0 },
	[SI_NRES] = { "2-24", 3, '9', 0 },
	[SI_SEQ] = { "2-25", 3, '9', 0 },
	[SI_MATCHED] = { "2-26", 8, 'X', 0 },
	[SI_MOVED] = { "2-27", 1, '9', 0 },
	[SI_ALIVE] = { "2-28", 1, '9', 0 },
	[SI_CHANGES] = { "2-29", 5, 'X', 0 },
	[SI_JUMIN] = { "2-30", 11, 'X', 0 },
	[SI_NAME] = { "2-31", 64, 'N', 0 },
	[SI_KANA] = { "2-32", 64, 'N', 0 },
	[SI_BIRTH] = { "2-33", 8, '9', 0 },
	[SI_SEX] = { "2-34", 1, '9', 0 },
	[SI_ADDR] = { "2-35", 120, 'N', 0 },
	[SI_MYNUM] = { "2-36", 12, 'X', 0 },
	[SI_REASON] = { "2-37", 2, '9', 0 },
	[SI_RDATE] = { "2-38", 8, '9', 0 },
	[SI_G_NAME] = { "2-39", 2, '9', 0 },
	[SI_G_ADDR] = { "2-40", 2, '9', 0 },
	[SI_G_RECS] = { "2-41", 3, '9', 0 },
	[SI_MUNI] = { "2-42", 6, 'X', 0 },
	[SI_NONPART] = { "2-43", 1, '9', 0 },
	[SI_PATTERN] = { "2-44", 2, '9', 0 },
	[SI_OLD] = { "2-45", 32, 'N', 0 },
	[SI_OLD_KANA] = { "2-46", 32, 'N', 0 },
	[SI_G_OLD] = { "2-47", 2, '9', 0 },
	[SI_SPARE] = { "2-48", 205, 'X', 0 },
};

static const char *fault_names[SIM_FAULT__N] = {
	"none", "count", "checksum", "truncated", "nul", "encoding", "terminal", "unknown",
	"duplicate", "length", "lf", "gaiji",
};

static int	 digits(const char *, int, uint64_t *);
static int	 cmp_u64(const void *, const void *);
static void	 put_num(char *, enum sim_item, uint64_t);
static void	 put_str(char *, enum sim_item, const char *);
static int	 put_kanji(struct sim_cp932 *, char *, enum sim_item, const char *, int *);
static char	*get_kanji(struct sim_cp932 *, const char *, enum sim_item);
static void	 trimmed(const char *, int, char *);
static void	 sha_hex(const char *, size_t, char *);
static void	 seal(char *, size_t, size_t, size_t);

void
sim_layout_init(void)
{
	int	 i, off = 0;

	for (i = 0; i < SI__N; i++) {
		sim_items[i].offset = off;
		off += sim_items[i].width;
	}
	if (off != SIM_RES_RECLEN - 2 || sim_items[SI_RESULT].offset != SIM_ECHO_LEN)
		abort();
}

const char *
sim_fault_name(enum sim_fault f)
{
	return f < SIM_FAULT__N ? fault_names[f] : "?";
}

int
sim_fault_parse(const char *s, enum sim_fault *f)
{
	int	 i;

	for (i = 0; i < SIM_FAULT__N; i++) {
		if (strcmp(s, fault_names[i]) == 0) {
			*f = i;
			return 0;
		}
	}
	return -1;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	 x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
digits(const char *s, int n, uint64_t *v)
{
	int	 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static void
trimmed(const char *s, int n, char *out)
{
	while (n > 0 && s[n - 1] == ' ')
		n--;
	memcpy(out, s, n);
	out[n] = '\0';
}

static void
sha_hex(const char *data, size_t len, char *hex)
{
	unsigned char	 md[32];
	unsigned int	 mdlen;
	int		 i;
	EVP_MD_CTX	*ctx = EVP_MD_CTX_new();

	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_DigestUpdate(ctx, data, len);
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* Numeric fields: zero-filled to the width. */
static void
put_num(char *rec, enum sim_item it, uint64_t v)
{
	char	 tmp[32];

	snprintf(tmp, sizeof tmp, "%0*llu", sim_items[it].width, (unsigned long long)v);
	memcpy(rec + sim_items[it].offset, tmp, sim_items[it].width);
}

static void
put_str(char *rec, enum sim_item it, const char *s)
{
	size_t	 n = strlen(s);

	if (n > (size_t)sim_items[it].width)
		n = sim_items[it].width;
	memcpy(rec + sim_items[it].offset, s, n);
}

static int
put_kanji(struct sim_cp932 *c, char *rec, enum sim_item it, const char *s, int *gaiji)
{
	char	*dst = rec + sim_items[it].offset;
	int	 i, n;

	for (i = 0; i < sim_items[it].width; i += 2) {
		dst[i] = (char)0x81;
		dst[i + 1] = 0x40;
	}
	*gaiji = 0;
	if (s == NULL || *s == '\0')
		return 0;
	if ((n = sim_cp932_encode(c, s, dst, sim_items[it].width, gaiji)) < 0)
		return -1;
	return 0;
}

static char *
get_kanji(struct sim_cp932 *c, const char *rec, enum sim_item it)
{
	const unsigned char	*s = (const unsigned char *)rec + sim_items[it].offset;
	int			 n = sim_items[it].width;

	while (n >= 2 && s[n - 2] == 0x81 && s[n - 1] == 0x40)
		n -= 2;
	return sim_cp932_decode(c, (const char *)s, n);
}

int
sim_request_read(struct sim_cp932 *c, const char *buf, size_t len,
    struct sim_request_file *rf, char **err)
{
	const size_t	 L = SIM_REQ_RECLEN;
	const char	*r;
	struct sim_query *q;
	uint64_t	 v, count, *nums;
	size_t		 nrec, i, j;
	char		 hex[65], tmp[40];

	memset(rf, 0, sizeof *rf);
	if (len < 3 * L || len % L != 0) {
		xasprintf(err, "request file is %zu bytes, not a multiple of %zu", len, L);
		return -1;
	}
	nrec = len / L;
	for (i = 0; i < nrec; i++) {
		if (buf[i * L + L - 2] != '\r' || buf[i * L + L - 1] != '\n' ||
		    memchr(buf + i * L, '\n', L - 1) != NULL ||
		    memchr(buf + i * L, '\0', L) != NULL) {
			xasprintf(err, "request record %zu is malformed", i + 1);
			return -1;
		}
	}
	if (buf[0] != '1' || memcmp(buf + 1, "JKREQ001", 8) != 0 ||
	    memcmp(buf + 88, "0400", 4) != 0 || digits(buf + 92, 8, &count) != 0 ||
	    count != nrec - 2 || (buf[87] != '1' && buf[87] != '2')) {
		xasprintf(err, "request header is malformed");
		return -1;
	}
	r = buf + (nrec - 1) * L;
	sha_hex(buf + L, (nrec - 2) * L, hex);
	if (r[0] != '9' || digits(r + 1, 8, &v) != 0 || v != nrec - 2 ||
	    memcmp(r + 9, hex, 64) != 0) {
		xasprintf(err, "request trailer is malformed or the checksum differs");
		return -1;
	}
	trimmed(buf + 9, 32, rf->file_id);
	trimmed(buf + 41, 32, rf->terminal_id);
	rf->mode = buf[87] - '0';
	if (rf->file_id[0] == '\0' || rf->terminal_id[0] == '\0') {
		xasprintf(err, "request header lacks the file or terminal id");
		return -1;
	}

	rf->n = nrec - 2;
	rf->q = xcalloc(rf->n, sizeof *rf->q);
	for (i = 0; i < rf->n; i++) {
		r = buf + (i + 1) * L;
		q = &rf->q[i];
		memcpy(q->raw, r, SIM_ECHO_LEN);
		q->name = get_kanji(c, r, SI_Q_NAME);
		q->kana = get_kanji(c, r, SI_Q_KANA);
		q->address = get_kanji(c, r, SI_Q_ADDR);
		if (q->name == NULL || q->kana == NULL || q->address == NULL)
			q->bad = 1;
		if (q->name == NULL)
			q->name = xstrdup("");
		if (q->kana == NULL)
			q->kana = xstrdup("");
		if (q->address == NULL)
			q->address = xstrdup("");
#define NUM(item, dst) do {						\
	if (digits(r + sim_items[item].offset, sim_items[item].width, &v) != 0)	\
		q->bad = 1;						\
	(dst) = v;							\
} while (0)
		NUM(SI_REQNO, q->reqno);
		NUM(SI_JIMU, q->jimu);
		NUM(SI_MN_JIMU, q->mn_jimu);
		NUM(SI_FROM, q->from);
		NUM(SI_TO, q->to);
		NUM(SI_BASE, q->base);
		NUM(SI_ERASED, q->want_erased);
		NUM(SI_W_BIRTH, q->w_birth);
		NUM(SI_W_SEX, q->w_sex);
		NUM(SI_W_ADDR, q->w_addr);
		NUM(SI_W_MYNUM, q->w_mynum);
		NUM(SI_W_REASON, q->w_reason);
		NUM(SI_Q_BIRTH, q->birth);
		NUM(SI_Q_SEX, q->sex);
#undef NUM
		trimmed(r + sim_items[SI_Q_JUMIN].offset, 11, tmp);
		memcpy(q->jumin, tmp, sizeof q->jumin);
		trimmed(r + sim_items[SI_Q_MUNI].offset, 6, tmp);
		memcpy(q->muni, tmp, sizeof q->muni);
		trimmed(r + sim_items[SI_Q_MYNUM].offset, 12, tmp);
		memcpy(q->mynum, tmp, sizeof q->mynum);
		if (r[0] != '2' || q->reqno == 0 || q->base == 0 || q->sex > 2 ||
		    (q->jumin[0] != '\0' && strlen(q->jumin) != 11) ||
		    (q->mynum[0] != '\0' && strlen(q->mynum) != 12))
			q->bad = 1;
	}
	/* Two queries under one number could not be told apart in the answer. */
	nums = xcalloc(rf->n, sizeof *nums);
	for (i = 0; i < rf->n; i++)
		nums[i] = rf->q[i].reqno;
	qsort(nums, rf->n, sizeof *nums, cmp_u64);
	for (j = 1; j < rf->n; j++) {
		if (nums[j] == nums[j - 1]) {
			xasprintf(err, "request number %llu appears twice",
			    (unsigned long long)nums[j]);
			free(nums);
			sim_request_free(rf);
			return -1;
		}
	}
	free(nums);
	return 0;
}

void
sim_request_free(struct sim_request_file *rf)
{
	size_t	 i;

	for (i = 0; i < rf->n; i++) {
		free(rf->q[i].name);
		free(rf->q[i].kana);
		free(rf->q[i].address);
	}
	free(rf->q);
	memset(rf, 0, sizeof *rf);
}

/* Header count, trailer count and checksum for n data records of length L. */
static void
seal(char *buf, size_t L, size_t n, size_t bodylen)
{
	char	*t = buf + L + bodylen, tmp[32], hex[65];

	snprintf(tmp, sizeof tmp, "%08zu", n);
	memcpy(buf + 92, tmp, 8);
	memcpy(t + 1, tmp, 8);
	sha_hex(buf + L, bodylen, hex);
	memcpy(t + 9, hex, 64);
}

int
sim_result_write(struct sim_cp932 *c, const struct sim_request_file *rf,
    const struct sim_answer *ans, size_t n, const char *created, enum sim_fault fault,
    char **out, size_t *outlen, char **err)
{
	const size_t		 L = SIM_RES_RECLEN;
	const struct sim_answer	*a;
	const struct sim_query	*q;
	char			*buf, *rec, *t, stamp[32];
	size_t			 i, len, first = 0, extra = 0, k, body;
	int			 g_name, g_addr, g_old, g_unused;
	struct tm		 tm;
	time_t			 now;

	if (created == NULL) {
		now = time(NULL);
		localtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
		created = stamp;
	}
	/* A duplicate needs room for the first answer group once more. */
	if (fault == SIM_FAULT_DUPLICATE && n > 0) {
		for (k = 0; k < n && ans[k].query == ans[0].query; k++)
			extra++;
	}
	len = (n + extra + 2) * L;
	buf = xmalloc(len);
	memset(buf, ' ', len);
	for (i = 0; i < n + extra + 2; i++)
		memcpy(buf + i * L + L - 2, "\r\n", 2);

	buf[0] = '1';
	memcpy(buf + 1, "JKRES001", 8);
	memcpy(buf + 9, rf->file_id, strlen(rf->file_id));
	if (fault == SIM_FAULT_TERMINAL)
		memcpy(buf + 41, "T-ELSEWHERE-99", 14);
	else
		memcpy(buf + 41, rf->terminal_id, strlen(rf->terminal_id));
	memcpy(buf + 73, created, 14);
	buf[87] = '0' + rf->mode;
	memcpy(buf + 88, "1000", 4);

	for (i = 0; i < n; i++) {
		a = &ans[i];
		q = &rf->q[a->query];
		rec = buf + (i + 1) * L;
		memcpy(rec, q->raw, SIM_ECHO_LEN);
		put_num(rec, SI_RESULT, a->result);
		put_num(rec, SI_NRES, a->nres);
		put_num(rec, SI_SEQ, a->seq);
		put_str(rec, SI_MATCHED, a->matched);
		put_num(rec, SI_MOVED, a->moved);
		put_num(rec, SI_ALIVE, a->alive);
		put_str(rec, SI_CHANGES, a->changes);
		put_str(rec, SI_JUMIN, a->jumin);
		if (put_kanji(c, rec, SI_NAME, a->name, &g_name) != 0 ||
		    put_kanji(c, rec, SI_KANA, a->kana, &g_unused) != 0 ||
		    put_kanji(c, rec, SI_ADDR, a->address, &g_addr) != 0 ||
		    put_kanji(c, rec, SI_OLD, a->old, &g_old) != 0 ||
		    put_kanji(c, rec, SI_OLD_KANA, a->old_kana, &g_unused) != 0) {
			xasprintf(err, "answer %zu: a name or address does not fit", i + 1);
			free(buf);
			return -1;
		}
		put_num(rec, SI_BIRTH, a->birth);
		put_num(rec, SI_SEX, a->sex);
		put_str(rec, SI_MYNUM, a->mynum);
		put_num(rec, SI_REASON, a->reason);
		put_num(rec, SI_RDATE, a->rdate);
		put_num(rec, SI_G_NAME, g_name);
		put_num(rec, SI_G_ADDR, g_addr);
		put_num(rec, SI_G_RECS, g_name + g_addr + g_old);
		put_str(rec, SI_MUNI, a->muni);
		put_num(rec, SI_NONPART, a->nonpart);
		put_num(rec, SI_PATTERN, a->pattern);
		put_num(rec, SI_G_OLD, g_old);
		if (first == 0 && (a->result == 0 || a->result == 10 || a->result == 30))
			first = i + 1;
	}
	for (i = 0; i < extra; i++)
		memcpy(buf + (n + 1 + i) * L, buf + (1 + i) * L, L);
	n += extra;
	buf[(n + 1) * L] = '9';
	body = n * L;
	if (first == 0)
		first = 1;
	rec = buf + first * L;

	switch (fault) {
	case SIM_FAULT_NUL:
		rec[sim_items[SI_NAME].offset + 2] = '\0';
		break;
	case SIM_FAULT_ENCODING:
		rec[sim_items[SI_NAME].offset] = (char)0x85;
		rec[sim_items[SI_NAME].offset + 1] = 0x40;
		break;
	case SIM_FAULT_UNKNOWN:
		for (k = 0; k < n && ans[k].query == ans[0].query; k++)
			put_num(buf + (k + 1) * L, SI_REQNO, 9999999999ULL);
		break;
	case SIM_FAULT_GAIJI:
		put_num(rec, SI_G_NAME, (rec[sim_items[SI_G_NAME].offset] - '0') * 10 +
		    (rec[sim_items[SI_G_NAME].offset + 1] - '0') + 1);
		put_num(rec, SI_G_RECS, (rec[sim_items[SI_G_RECS].offset] - '0') * 100 +
		    (rec[sim_items[SI_G_RECS].offset + 1] - '0') * 10 +
		    (rec[sim_items[SI_G_RECS].offset + 2] - '0') + 1);
		break;
	case SIM_FAULT_LENGTH:
		/* Drop the last filler byte of the first data record. */
		memmove(buf + 2 * L - 3, buf + 2 * L - 2, len - (2 * L - 2));
		len--;
		body--;
		break;
	case SIM_FAULT_LF:
		/* Every record loses its CR; the body is what lies between the records. */
		for (i = 0, k = 0; i < len; i++) {
			if (buf[i] != '\r')
				buf[k++] = buf[i];
		}
		len = k;
		body = n * (L - 1);
		break;
	default:
		break;
	}
	if (fault == SIM_FAULT_LF)
		seal(buf, L - 1, n, body);
	else
		seal(buf, L, n, body);
	t = buf + len - (fault == SIM_FAULT_LF ? L - 1 : L);

	switch (fault) {
	case SIM_FAULT_COUNT:
		snprintf(stamp, sizeof stamp, "%08zu", n + 1);
		memcpy(buf + 92, stamp, 8);
		break;
	case SIM_FAULT_CHECKSUM:
		t[9] = t[9] == '0' ? '1' : '0';
		break;
	case SIM_FAULT_TRUNCATED:
		len -= L + L / 2;
		break;
	default:
		break;
	}
	*out = buf;
	*outlen = len;
	return 0;
}
