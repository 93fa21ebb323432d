/*
 * madoguchi-verify: checks a certificate's signed record offline (SPEC §6) and prints the
 * certified items. The record is given as the QR code's text, as a file that holds it, or
 * as the certificate PDF.
 *
 *	madoguchi-verify QR-TEXT|FILE|FILE.pdf --cert OFFICE.pem
 *
 * What a file is, is decided by reading it whole, never by its first bytes alone or by
 * searching it for a record: a record lifted from a real certificate (anyone can read it
 * off the paper) must not verify inside another file, which a reader would then take for
 * the certificate. A file is one of
 *
 *  - a certificate PDF as madoguchi writes it: cairo's PDF ("%PDF-1.n" at byte 0, through
 *    "startxref" and "%%EOF"), then the office's Ed25519 seal over every byte of it as the
 *    file's last line (cert-seal.h). The record is the Keywords string of the document
 *    information dictionary that the trailer names, found through the cross-reference
 *    table in the sealed bytes (the same text as the QR code, read here without a PDF
 *    library or a QR decoder). Seal and record must both hold, so one changed byte
 *    anywhere fails: in the record, in the printed text or picture, or in the seal;
 *  - the record alone, as a QR reader saves it: "MDG1." and the record's characters, and
 *    at most one line end (LF or CR LF) after them;
 *  - anything else, which is refused, saying which of the two it is not.
 *
 * A receipt slip (受付票, issue 24) is checked the same way: its PDF is sealed like a
 * certificate's and its record is "MDS1." (slip-record.h). What the record is, is read
 * from its signed prefix, and the output says which it is: a slip's record never shows as
 * a certificate, nor the other way round. --slip (--certificate) refuses the other kind.
 *
 * Exit status: 0 verified, 1 not verified (changed, not signed by this office, damaged,
 * not a certificate file), 2 usage, 3 cannot read the office certificate or the file.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cert/cert-record.h"
#include "cert/cert-seal.h"
#include "cert/slip-record.h"
#include "i18n.h"
#include "register/register-items.h"
#include "xmalloc.h"

#define MAX_FILE		(16 * 1024 * 1024)
#define RECORD_PREFIX		CERT_RECORD_VERSION "."
#define RECORD_PREFIX_LEN	(sizeof RECORD_PREFIX - 1)
#define SLIP_PREFIX		SLIP_RECORD_VERSION "."
#define SLIP_PREFIX_LEN		(sizeof SLIP_PREFIX - 1)
#define PDF_MAX_DEPTH		16	/* arrays and dictionaries inside one another */
#define XREF_ENTRY		20	/* a cross-reference entry's bytes, by the PDF spec */

/* One PDF token or object: where it is in the file and what it is. */
struct pdf_tok {
	enum {
		PDF_BAD,	/* not PDF, or the file ends inside it */
		PDF_EOF,
		PDF_INT,	/* a non-negative integer: num */
		PDF_REAL,	/* any other number */
		PDF_REF,	/* "num gen R" */
		PDF_NAME,
		PDF_STRING,	/* ( ... ), with its parentheses */
		PDF_HEX,	/* < ... > */
		PDF_DICT,	/* << ... >>, the whole dictionary as an object */
		PDF_DICT_END,
		PDF_ARRAY,	/* [ ... ], the whole array as an object */
		PDF_ARRAY_END,
		PDF_WORD	/* true, null, R, obj, trailer ... */
	}			 type;
	const unsigned char	*start;
	size_t			 len;
	size_t			 num;
	size_t			 gen;
};

static EVP_PKEY	*load_office_key(const char *);
static unsigned char *read_file(const char *, size_t *);
static int	 is_record_char(unsigned char);
static int	 is_record(const unsigned char *, size_t);
static int	 has_prefix(const unsigned char *, size_t);
static int	 looks_like_record(const char *);
static int	 show_slip(const char *, EVP_PKEY *, int);
static char	*bare_record(const unsigned char *, size_t);
static int	 pdf_is_space(unsigned char);
static int	 pdf_is_delim(unsigned char);
static void	 pdf_token(const unsigned char **, const unsigned char *, struct pdf_tok *);
static int	 pdf_object(const unsigned char **, const unsigned char *, int,
		     struct pdf_tok *);
static int	 pdf_word(const struct pdf_tok *, const char *);
static int	 pdf_dict_get(const unsigned char **, const unsigned char *, const char *,
		     struct pdf_tok *);
static int	 pdf_eol(const unsigned char **, const unsigned char *);
static int	 pdf_digits(const unsigned char **, const unsigned char *, size_t,
		     size_t *);
static int	 pdf_startxref(const unsigned char *, size_t, size_t *, size_t *);
static int	 pdf_info(const unsigned char *, size_t, size_t, size_t,
		     struct pdf_tok *);
static char	*record_in_pdf(const unsigned char *, size_t, EVP_PKEY *, char **);

static void
usage(void)
{
	fprintf(stderr, _("usage: madoguchi-verify QR-TEXT|FILE|FILE.pdf --cert OFFICE.pem\n"));
	exit(2);
}

/* An X.509 certificate or a bare public key, in PEM. */
static EVP_PKEY *
load_office_key(const char *path)
{
	EVP_PKEY	*key = NULL;
	X509		*cert;
	FILE		*f;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, _("madoguchi-verify: %s: %s\n"), path, strerror(errno));
		return NULL;
	}
	if ((cert = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
		key = X509_get_pubkey(cert);
		X509_free(cert);
	} else {
		rewind(f);
		key = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	}
	fclose(f);
	if (key == NULL)
		fprintf(stderr, _("madoguchi-verify: %s: not a PEM certificate or public "
		    "key\n"), path);
	return key;
}

static unsigned char *
read_file(const char *path, size_t *len)
{
	unsigned char	*buf;
	FILE		*f;
	size_t		 n;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, _("madoguchi-verify: %s: %s\n"), path, strerror(errno));
		exit(3);
	}
	/* One byte more than a certificate may have, so that a longer file is not cut. */
	buf = xmalloc(MAX_FILE + 2);
	n = fread(buf, 1, MAX_FILE + 1, f);
	if (ferror(f)) {
		fprintf(stderr, _("madoguchi-verify: %s: %s\n"), path, strerror(errno));
		exit(3);
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The characters of a record's text: "MDG1" or "MDS1", base64url and the dots. */
static int
is_record_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_' || c == '.';
}

/* The bytes begin with a certificate's or a receipt slip's prefix (and go on). */
static int
has_prefix(const unsigned char *p, size_t n)
{
	return (n > RECORD_PREFIX_LEN && memcmp(p, RECORD_PREFIX, RECORD_PREFIX_LEN) == 0) ||
	    (n > SLIP_PREFIX_LEN && memcmp(p, SLIP_PREFIX, SLIP_PREFIX_LEN) == 0);
}

/*
 * The bytes are a record's text and nothing else (cert_record_verify and
 * slip_record_verify read it strictly).
 */
static int
is_record(const unsigned char *p, size_t n)
{
	size_t	i;

	if (!has_prefix(p, n))
		return 0;
	for (i = 0; i < n; i++) {
		if (!is_record_char(p[i]))
			return 0;
	}
	return 1;
}

/*
 * The record of a file that is the record alone, as a QR reader saves it: its text and at
 * most one line end. NULL if the file is anything else.
 */
static char *
bare_record(const unsigned char *buf, size_t n)
{
	if (n > 0 && buf[n - 1] == '\n') {
		n--;
		if (n > 0 && buf[n - 1] == '\r')
			n--;
	}
	if (!is_record(buf, n))
		return NULL;
	return xstrndup((const char *)buf, n);
}

/*
 * An argument that is no file but reads like a record of some type: four letters or
 * digits, a dot, then record characters with two dots in all ("MDX1.abc.def").
 */
static int
looks_like_record(const char *s)
{
	size_t	 i, dots = 0;

	for (i = 0; i < 4; i++) {
		if (!is_record_char((unsigned char)s[i]) || s[i] == '.' || s[i] == '-' ||
		    s[i] == '_')
			return 0;
	}
	if (s[4] != '.')
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (!is_record_char((unsigned char)s[i]))
			return 0;
		dots += s[i] == '.';
	}
	return dots == 2;
}

/* A receipt slip's record: checked and shown, or why not. The exit status. */
static int
show_slip(const char *text, EVP_PKEY *key, int pdf)
{
	struct slip_record	 r;
	const char		*kind;
	char			*cause = NULL;

	if (slip_record_verify(text, key, &r, &cause) != 0) {
		fprintf(stderr, _("madoguchi-verify: NOT VERIFIED: %s\n"), cause);
		free(cause);
		return 1;
	}
	printf(_("VERIFIED: a receipt slip (受付票) of reception %s, signed by the office's "
	    "key\n"), r.number);
	if (pdf)
		printf(_("The PDF is sealed by the same key and unchanged.\n"));
	kind = slip_kind_ja(r.kind);
	printf(_("Office:              %s\n"), r.office);
	printf(_("Terminal:            %s\n"), r.terminal);
	printf(_("Reception number:    %s\n"), r.number);
	printf(_("Kind:                %s (%s)\n"), kind != NULL ? kind : r.kind, r.kind);
	printf(_("Date received:       %s\n"), r.received_on);
	return 0;
}

/* PDF white space and delimiters (ISO 32000-1, 7.2.2). */
static int
pdf_is_space(unsigned char c)
{
	return c == '\0' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int
pdf_is_delim(unsigned char c)
{
	return c != '\0' && strchr("()<>[]{}/%", c) != NULL;
}

/* The next token at *p, not past end; *p moves past it. */
static void
pdf_token(const unsigned char **p, const unsigned char *end, struct pdf_tok *t)
{
	const unsigned char	*q = *p;
	size_t			 depth, v;
	int			 digits;

	for (;;) {
		while (q < end && pdf_is_space(*q))
			q++;
		if (q == end || *q != '%')
			break;
		while (q < end && *q != '\n' && *q != '\r')
			q++;
	}
	memset(t, 0, sizeof *t);
	t->start = q;
	t->type = PDF_BAD;
	if (q == end) {
		t->type = PDF_EOF;
		*p = q;
		return;
	}
	switch (*q) {
	case '(':
		/* Balanced parentheses, a backslash escaping the byte after it. */
		for (depth = 1, q++; q < end && depth > 0; q++) {
			if (*q == '\\') {
				if (q + 1 == end)
					break;
				q++;
			} else if (*q == '(')
				depth++;
			else if (*q == ')')
				depth--;
		}
		if (depth == 0)
			t->type = PDF_STRING;
		break;
	case '<':
		if (q + 1 < end && q[1] == '<') {
			t->type = PDF_DICT;
			q += 2;
			break;
		}
		for (q++; q < end && *q != '>'; q++) {
			if (strchr("0123456789abcdefABCDEF", *q) == NULL && !pdf_is_space(*q))
				break;
		}
		if (q < end && *q == '>') {
			t->type = PDF_HEX;
			q++;
		}
		break;
	case '>':
		if (q + 1 < end && q[1] == '>') {
			t->type = PDF_DICT_END;
			q += 2;
		}
		break;
	case '[':
		t->type = PDF_ARRAY;
		q++;
		break;
	case ']':
		t->type = PDF_ARRAY_END;
		q++;
		break;
	case '/':
		for (q++; q < end && !pdf_is_space(*q) && !pdf_is_delim(*q); q++)
			;
		t->type = PDF_NAME;
		break;
	default:
		if ((*q >= '0' && *q <= '9') || *q == '+' || *q == '-' || *q == '.') {
			digits = 1;
			for (v = 0; q < end && ((*q >= '0' && *q <= '9') || *q == '+' ||
			    *q == '-' || *q == '.'); q++) {
				if (*q < '0' || *q > '9' || v > (MAX_FILE / 10))
					digits = 0;
				else
					v = v * 10 + (size_t)(*q - '0');
			}
			t->type = digits ? PDF_INT : PDF_REAL;
			t->num = v;
		} else if (!pdf_is_delim(*q)) {
			for (; q < end && !pdf_is_space(*q) && !pdf_is_delim(*q); q++)
				;
			t->type = PDF_WORD;
		}
		break;
	}
	if (t->type == PDF_BAD)
		return;
	/* A number ends at white space or a delimiter: "12abc" is no PDF token. */
	if ((t->type == PDF_INT || t->type == PDF_REAL) && q < end && !pdf_is_space(*q) &&
	    !pdf_is_delim(*q)) {
		t->type = PDF_BAD;
		return;
	}
	t->len = (size_t)(q - t->start);
	*p = q;
}

/*
 * The next object at *p: a token, or a whole dictionary or array, or a reference
 * "num gen R". The end of a dictionary or array comes back as itself, for the caller.
 * -1 if the bytes are not PDF.
 */
static int
pdf_object(const unsigned char **p, const unsigned char *end, int depth, struct pdf_tok *t)
{
	const unsigned char	*q;
	struct pdf_tok		 k, v;

	pdf_token(p, end, t);
	switch (t->type) {
	case PDF_BAD:
	case PDF_EOF:
		return -1;
	case PDF_INT:
		q = *p;
		pdf_token(&q, end, &k);
		if (k.type != PDF_INT)
			return 0;
		pdf_token(&q, end, &v);
		if (!pdf_word(&v, "R"))
			return 0;
		t->type = PDF_REF;
		t->gen = k.num;
		break;
	case PDF_DICT:
		if (depth >= PDF_MAX_DEPTH)
			return -1;
		for (;;) {
			pdf_token(p, end, &k);
			if (k.type == PDF_DICT_END)
				break;
			if (k.type != PDF_NAME || pdf_object(p, end, depth + 1, &v) != 0 ||
			    v.type == PDF_DICT_END || v.type == PDF_ARRAY_END)
				return -1;
		}
		break;
	case PDF_ARRAY:
		if (depth >= PDF_MAX_DEPTH)
			return -1;
		for (;;) {
			if (pdf_object(p, end, depth + 1, &v) != 0 || v.type == PDF_DICT_END)
				return -1;
			if (v.type == PDF_ARRAY_END)
				break;
		}
		break;
	default:
		return 0;
	}
	if (t->type != PDF_REF)
		t->len = (size_t)(*p - t->start);
	else {
		t->len = (size_t)(q - t->start);
		*p = q;
	}
	return 0;
}

static int
pdf_word(const struct pdf_tok *t, const char *word)
{
	return t->type == PDF_WORD && t->len == strlen(word) &&
	    memcmp(t->start, word, t->len) == 0;
}

/*
 * The value of key in the dictionary at *p, which moves past the dictionary: 0 if the key
 * is there once, 1 if it is not, -1 if the bytes are no dictionary or hold the key twice
 * (which of the two would a reader take?).
 */
static int
pdf_dict_get(const unsigned char **p, const unsigned char *end, const char *key,
    struct pdf_tok *value)
{
	struct pdf_tok	 k, v;
	int		 found = 0;

	pdf_token(p, end, &k);
	if (k.type != PDF_DICT)
		return -1;
	for (;;) {
		pdf_token(p, end, &k);
		if (k.type == PDF_DICT_END)
			break;
		if (k.type != PDF_NAME || pdf_object(p, end, 1, &v) != 0 ||
		    v.type == PDF_DICT_END || v.type == PDF_ARRAY_END)
			return -1;
		if (k.len - 1 == strlen(key) && memcmp(k.start + 1, key, k.len - 1) == 0) {
			if (found)
				return -1;
			*value = v;
			found = 1;
		}
	}
	return found ? 0 : 1;
}

/* A line end at *p (LF, CR LF or CR), which *p moves past. */
static int
pdf_eol(const unsigned char **p, const unsigned char *end)
{
	if (*p < end && **p == '\n') {
		(*p)++;
		return 0;
	}
	if (*p < end && **p == '\r') {
		(*p)++;
		if (*p < end && **p == '\n')
			(*p)++;
		return 0;
	}
	return -1;
}

/* A run of 1 to max decimal digits at *p, which *p moves past. */
static int
pdf_digits(const unsigned char **p, const unsigned char *end, size_t max, size_t *v)
{
	size_t	n;

	for (*v = 0, n = 0; *p < end && **p >= '0' && **p <= '9'; (*p)++, n++) {
		if (n == max)
			return -1;
		*v = *v * 10 + (size_t)(**p - '0');
	}
	return n == 0 ? -1 : 0;
}

/*
 * The end of the PDF as cairo writes it: "startxref", the cross-reference table's offset
 * and "%%EOF", each on its line and nothing after them. *xref is the offset, *tail where
 * "startxref" begins.
 */
static int
pdf_startxref(const unsigned char *buf, size_t len, size_t *xref, size_t *tail)
{
	static const char	 eof[] = "\n%%EOF\n", sx[] = "\nstartxref\n";
	const unsigned char	*p;
	size_t			 e, d;

	if (len < sizeof eof - 1 + sizeof sx - 1 + 1 ||
	    memcmp(buf + len - (sizeof eof - 1), eof, sizeof eof - 1) != 0)
		return -1;
	e = len - (sizeof eof - 1);
	for (d = e; d > 0 && e - d < 10 && buf[d - 1] >= '0' && buf[d - 1] <= '9'; d--)
		;
	if (d == e || d < sizeof sx - 1 ||
	    memcmp(buf + d - (sizeof sx - 1), sx, sizeof sx - 1) != 0)
		return -1;
	p = buf + d;
	if (pdf_digits(&p, buf + e, 10, xref) != 0 || p != buf + e)
		return -1;
	*tail = d - (sizeof sx - 1) + 1;
	return 0;
}

/*
 * The document information dictionary of the PDF in buf (len bytes, the cross-reference
 * table at xref, "startxref" at tail): the trailer's /Info, looked up in the table. value
 * is the dictionary; -1 if the PDF is not laid out so.
 */
static int
pdf_info(const unsigned char *buf, size_t len, size_t xref, size_t tail,
    struct pdf_tok *value)
{
	const unsigned char	*p, *entries, *end = buf + tail;
	struct pdf_tok		 t, info;
	size_t			 first, count, at;

	if (xref >= tail || len < tail)
		return -1;
	/* "xref", one subsection from object 0 (cairo writes one), its entries, "trailer". */
	p = buf + xref;
	if ((size_t)(end - p) < 4 || memcmp(p, "xref", 4) != 0)
		return -1;
	p += 4;
	if (pdf_eol(&p, end) != 0 || pdf_digits(&p, end, 10, &first) != 0 || first != 0 ||
	    p >= end || *p++ != ' ' || pdf_digits(&p, end, 10, &count) != 0 ||
	    pdf_eol(&p, end) != 0 || count == 0 || (size_t)(end - p) / XREF_ENTRY < count)
		return -1;
	entries = p;
	p += count * XREF_ENTRY;
	pdf_token(&p, end, &t);
	if (!pdf_word(&t, "trailer") || pdf_dict_get(&p, end, "Info", &info) != 0 ||
	    info.type != PDF_REF || info.gen != 0 || info.num == 0 || info.num >= count)
		return -1;
	pdf_token(&p, end, &t);
	if (t.type != PDF_EOF)
		return -1;

	/* Its entry: "oooooooooo 00000 n" and a two-byte line end. */
	p = entries + info.num * XREF_ENTRY;
	if (pdf_digits(&p, end, 10, &at) != 0 || p != entries + info.num * XREF_ENTRY + 10 ||
	    memcmp(p, " 00000 n", 8) != 0 || !((p[8] == ' ' && (p[9] == '\n' ||
	    p[9] == '\r')) || (p[8] == '\r' && p[9] == '\n')))
		return -1;

	/* "num 0 obj", the dictionary, "endobj": all before the table. */
	if (at >= xref)
		return -1;
	p = buf + at;
	end = buf + xref;
	pdf_token(&p, end, &t);
	if (t.type != PDF_INT || t.num != info.num)
		return -1;
	pdf_token(&p, end, &t);
	if (t.type != PDF_INT || t.num != 0)
		return -1;
	pdf_token(&p, end, &t);
	if (!pdf_word(&t, "obj") || pdf_object(&p, end, 0, value) != 0 ||
	    value->type != PDF_DICT)
		return -1;
	pdf_token(&p, end, &t);
	if (!pdf_word(&t, "endobj"))
		return -1;
	return 0;
}

/*
 * A certificate PDF: its seal must hold, then its record is the Keywords string of its
 * document information, which must be one record and nothing else. The seal is checked
 * first and everything after it reads only the bytes the seal covers.
 */
static char *
record_in_pdf(const unsigned char *buf, size_t n, EVP_PKEY *key, char **cause)
{
	struct pdf_tok		 info, kw;
	const unsigned char	*p;
	size_t			 len, xref, tail;
	int			 rc;

	if ((rc = cert_seal_check(buf, n, key, cause)) != 0) {
		if (rc == 1)
			xasprintf(cause, _("the PDF carries no seal at its end: not made by "
			    "madoguchi, or changed since"));
		return NULL;
	}
	len = n - CERT_SEAL_LEN;

	/* "%PDF-1.n" on the first line; a PDF 2.0 or anything else is not cairo's. */
	if (len < 9 || memcmp(buf, "%PDF-1.", 7) != 0 || buf[7] < '0' || buf[7] > '9' ||
	    (buf[8] != '\n' && buf[8] != '\r') || pdf_startxref(buf, len, &xref, &tail) != 0 ||
	    pdf_info(buf, len, xref, tail, &info) != 0) {
		xasprintf(cause, _("the PDF's structure is damaged (its header, trailer or "
		    "cross-reference)"));
		return NULL;
	}
	p = info.start;
	if ((rc = pdf_dict_get(&p, info.start + info.len, "Keywords", &kw)) == 1) {
		xasprintf(cause, _("the PDF holds no certificate record"));
		return NULL;
	}
	/*
	 * The string is the record byte for byte: a record has no character that a PDF
	 * string escapes, so a backslash, a line end or anything else around it is damage.
	 */
	if (rc != 0 || kw.type != PDF_STRING || !is_record(kw.start + 1, kw.len - 2)) {
		xasprintf(cause, _("the PDF's certificate record is damaged"));
		return NULL;
	}
	return xstrndup((const char *)kw.start + 1, kw.len - 2);
}

int
main(int argc, char **argv)
{
	struct cert_record	 r;
	struct stat		 st;
	EVP_PKEY		*key;
	const char		*input = NULL, *certpath = NULL, *qualification;
	unsigned char		*buf;
	char			*text = NULL, *cause = NULL;
	size_t			 len;
	int			 i, pdf = 0, want_slip = 0, want_cert = 0, slip, rc;

	i18n_init();
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--cert") == 0 && i + 1 < argc)
			certpath = argv[++i];
		else if (strcmp(argv[i], "--slip") == 0)
			want_slip = 1;
		else if (strcmp(argv[i], "--certificate") == 0)
			want_cert = 1;
		else if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0) {
			printf("madoguchi-verify %s\n", PACKAGE_VERSION);
			return 0;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf(_("usage: madoguchi-verify QR-TEXT|FILE|FILE.pdf --cert OFFICE.pem\n"
			    "Checks a certificate's signed record against the office's "
			    "certificate.\nExit status: 0 verified, 1 not verified, 2 usage, "
			    "3 cannot read the certificate or the file.\n"));
			printf(_("A receipt slip (受付票) and its record (MDS1) are checked the "
			    "same way.\n--slip accepts only a receipt slip, --certificate only a "
			    "certificate.\n"));
			return 0;
		} else if (input == NULL && argv[i][0] != '-')
			input = argv[i];
		else
			usage();
	}
	if (input == NULL || certpath == NULL || (want_slip && want_cert))
		usage();
	if ((key = load_office_key(certpath)) == NULL)
		return 3;
	/* Text that is a record is the QR text; anything else names a file. */
	if (strncmp(input, RECORD_PREFIX, RECORD_PREFIX_LEN) == 0 ||
	    strncmp(input, SLIP_PREFIX, SLIP_PREFIX_LEN) == 0)
		text = xstrdup(input);
	else {
		if (stat(input, &st) != 0 && errno == ENOENT && looks_like_record(input)) {
			/* QR text of some other kind, or damaged in its prefix. */
			xasprintf(&cause, _("not a madoguchi record of a known type (%s "
			    "certificate, %s receipt slip)"), CERT_RECORD_VERSION,
			    SLIP_RECORD_VERSION);
			fprintf(stderr, _("madoguchi-verify: NOT VERIFIED: %s\n"), cause);
			free(cause);
			EVP_PKEY_free(key);
			return 1;
		}
		if (stat(input, &st) != 0) {
			fprintf(stderr, _("madoguchi-verify: %s: %s\n"), input, strerror(errno));
			EVP_PKEY_free(key);
			return 3;
		}
		buf = read_file(input, &len);
		if (len > MAX_FILE)
			xasprintf(&cause, _("too large for a certificate file"));
		else if (len >= 5 && memcmp(buf, "%PDF-", 5) == 0) {
			pdf = 1;
			text = record_in_pdf(buf, len, key, &cause);
		} else if ((text = bare_record(buf, len)) == NULL)
			xasprintf(&cause, _("neither a certificate PDF (it does not begin with "
			    "%%PDF-) nor a record alone"));
		free(buf);
		if (text == NULL) {
			fprintf(stderr, _("madoguchi-verify: NOT VERIFIED: %s: %s\n"), input,
			    cause);
			free(cause);
			EVP_PKEY_free(key);
			return 1;
		}
	}
	/* Its type is its signed prefix: what was signed as a slip shows as a slip. */
	slip = strncmp(text, SLIP_PREFIX, SLIP_PREFIX_LEN) == 0;
	if (slip != want_slip && (want_slip || want_cert)) {
		if (slip)
			xasprintf(&cause, _("a receipt slip's record (%s), not a certificate's "
			    "(%s)"), SLIP_RECORD_VERSION, CERT_RECORD_VERSION);
		else
			xasprintf(&cause, _("a certificate's record (%s), not a receipt slip's "
			    "(%s)"), CERT_RECORD_VERSION, SLIP_RECORD_VERSION);
		fprintf(stderr, _("madoguchi-verify: NOT VERIFIED: %s\n"), cause);
		free(cause);
		free(text);
		EVP_PKEY_free(key);
		return 1;
	}
	if (slip) {
		rc = show_slip(text, key, pdf);
		free(text);
		EVP_PKEY_free(key);
		return rc;
	}
	if (cert_record_verify(text, key, &r, &cause) != 0) {
		fprintf(stderr, _("madoguchi-verify: NOT VERIFIED: %s\n"), cause);
		free(cause);
		free(text);
		EVP_PKEY_free(key);
		return 1;
	}
	printf(_("VERIFIED: signed by the office's key\n"));
	if (pdf)
		printf(_("The PDF is sealed by the same key and unchanged.\n"));
	printf(_("Office:              %s\n"), r.office);
	printf(_("Certificate number:  %s\n"), r.certificate_number);
	/* The qualification by its name in the reader's language; an unknown code as is. */
	qualification = reg_code_label(reg_qualifications, r.qualification);
	printf(_("Qualification:       %s\n"), qualification != NULL ? qualification :
	    r.qualification);
	printf(_("Name:                %s\n"), r.name);
	printf(_("Birth date:          %s\n"), r.birth_date);
	printf(_("Issue date:          %s\n"), r.issue_date);
	if (r.reissue_count > 0)
		printf(_("Reissued:            %s (%u)\n"), r.reissue_date, r.reissue_count);
	free(text);
	EVP_PKEY_free(key);
	return 0;
}
