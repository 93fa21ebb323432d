/*
 * Encoding and decoding the print helper's requests and answers (print-wire.h).
 */
#include "config.h"

#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cert/cert-pdf.h"
#include "cert/print-wire.h"
#include "i18n.h"
#include "xmalloc.h"

/* Reading a body: where the next field starts and how much is left. */
struct cursor {
	const unsigned char	*p;
	size_t			 left;
};

static void	put_bytes(struct print_buf *, const void *, size_t);
static void	put_u32(struct print_buf *, uint32_t);
static void	put_string(struct print_buf *, const char *);
static void	begin(struct print_buf *, enum print_type);
static void	end(struct print_buf *);
static int	get_u32(struct cursor *, uint32_t *);
static int	get_string(struct cursor *, char **);
static int	get_strings(struct cursor *, char ***, size_t *);

void
print_buf_free(struct print_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

static void
put_bytes(struct print_buf *b, const void *data, size_t len)
{
	if (b->len + len > b->size) {
		b->size = (b->len + len) * 2 + 64;
		b->data = xreallocarray(b->data, b->size, 1);
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
}

static void
put_u32(struct print_buf *b, uint32_t v)
{
	unsigned char	 be[4] = { v >> 24, v >> 16, v >> 8, v };

	put_bytes(b, be, sizeof be);
}

/* NULL goes as the empty string, which the decoder gives back as NULL where it may be. */
static void
put_string(struct print_buf *b, const char *s)
{
	size_t	 len = s != NULL ? strlen(s) : 0;

	put_u32(b, (uint32_t)len);
	put_bytes(b, s, len);
}

/* The header is filled in by end(), once the body's length is known. */
static void
begin(struct print_buf *b, enum print_type type)
{
	unsigned char	 t = (unsigned char)type;

	memset(b, 0, sizeof *b);
	put_u32(b, 0);
	put_bytes(b, &t, 1);
}

static void
end(struct print_buf *b)
{
	uint32_t	 len = (uint32_t)(b->len - PRINT_HEADER);

	b->data[0] = len >> 24;
	b->data[1] = len >> 16;
	b->data[2] = len >> 8;
	b->data[3] = len;
}

/* A certificate's fields; a receipt slip has the same (slip-pdf.h). */
static void
encode_document(struct print_buf *b, enum print_type type, const struct cert_pdf *doc)
{
	const struct cert_pdf_line	*l;
	uint32_t			 n = 0;

	begin(b, type);
	put_string(b, doc->title);
	put_string(b, doc->issuer);
	put_string(b, doc->record);
	put_string(b, doc->note);
	for (l = doc->lines; l->label != NULL; l++)
		n++;
	put_u32(b, n);
	for (l = doc->lines; l->label != NULL; l++) {
		put_string(b, l->label);
		put_string(b, l->value);
	}
	end(b);
}

void
print_encode_certificate(struct print_buf *b, const struct cert_pdf *doc)
{
	encode_document(b, PRINT_REQ_CERTIFICATE, doc);
}

void
print_encode_slip(struct print_buf *b, const struct cert_pdf *doc)
{
	encode_document(b, PRINT_REQ_SLIP, doc);
}

void
print_encode_report(struct print_buf *b, const char *title, char *const *head, size_t nhead,
    char *const *rows, size_t nrows)
{
	size_t	 i;

	begin(b, PRINT_REQ_REPORT);
	put_string(b, title);
	put_u32(b, (uint32_t)nhead);
	for (i = 0; i < nhead; i++)
		put_string(b, head[i]);
	put_u32(b, (uint32_t)nrows);
	for (i = 0; i < nrows; i++)
		put_string(b, rows[i]);
	end(b);
}

void
print_encode_print(struct print_buf *b, const char *printer, const char *title,
    const char *path, int wait_seconds)
{
	begin(b, PRINT_REQ_PRINT);
	put_string(b, printer);
	put_string(b, title);
	put_string(b, path);
	put_u32(b, (uint32_t)wait_seconds);
	end(b);
}

/*
 * PRINT_ANS_JOB carries job; PRINT_ANS_ERROR the job, if one was sent before the failure
 * (the print log names it), or 0, and the cause; PRINT_ANS_DONE nothing.
 */
void
print_encode_answer(struct print_buf *b, enum print_type type, int job, const char *cause)
{
	begin(b, type);
	if (type == PRINT_ANS_JOB || type == PRINT_ANS_ERROR)
		put_u32(b, (uint32_t)job);
	if (type == PRINT_ANS_ERROR)
		put_string(b, cause);
	end(b);
}

/* Whole reads and writes; EOF before the frame's end is an error (the peer died). */
static int
read_all(int fd, void *data, size_t len, char **cause)
{
	unsigned char	*p = data;
	ssize_t		 n;

	while (len > 0) {
		if ((n = read(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			xasprintf(cause, _("cannot read from the print helper: %s"),
			    strerror(errno));
			return -1;
		}
		if (n == 0) {
			xasprintf(cause, _("the message ended early"));
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads one frame into b (the body only, without the header). */
int
print_read_frame(int fd, struct print_buf *b, char **cause)
{
	unsigned char	 hdr[PRINT_HEADER];
	uint32_t	 len;

	memset(b, 0, sizeof *b);
	if (read_all(fd, hdr, sizeof hdr, cause) != 0)
		return -1;
	len = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 | (uint32_t)hdr[2] << 8 | hdr[3];
	if (len == 0 || len > PRINT_BODY_MAX) {
		xasprintf(cause, _("a message of %lu bytes (at most %d)"), (unsigned long)len,
		    PRINT_BODY_MAX);
		return -1;
	}
	b->data = xmalloc(len);
	b->size = b->len = len;
	if (read_all(fd, b->data, len, cause) != 0) {
		print_buf_free(b);
		return -1;
	}
	return 0;
}

int
print_write_frame(int fd, const struct print_buf *b, char **cause)
{
	const unsigned char	*p = b->data;
	size_t			 left = b->len;
	ssize_t			 n;

	while (left > 0) {
		/* send, not write: a helper that died must not end the desk with SIGPIPE. */
		if ((n = send(fd, p, left, MSG_NOSIGNAL)) < 0 && errno == ENOTSOCK)
			n = write(fd, p, left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			xasprintf(cause, _("cannot write to the print helper: %s"),
			    strerror(errno));
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

static int
get_u32(struct cursor *c, uint32_t *v)
{
	if (c->left < 4)
		return -1;
	*v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 | (uint32_t)c->p[2] << 8 |
	    c->p[3];
	c->p += 4;
	c->left -= 4;
	return 0;
}

static int
get_string(struct cursor *c, char **s)
{
	uint32_t	 len;

	if (get_u32(c, &len) != 0 || len > PRINT_STRING_MAX || len > c->left ||
	    memchr(c->p, '\0', len) != NULL)
		return -1;
	*s = xmalloc(len + 1);
	memcpy(*s, c->p, len);
	(*s)[len] = '\0';
	c->p += len;
	c->left -= len;
	return 0;
}

static int
get_strings(struct cursor *c, char ***v, size_t *n)
{
	uint32_t	 count, i;

	/* Each string takes 4 bytes at least: a count the body cannot hold is a lie. */
	if (get_u32(c, &count) != 0 || count > PRINT_COUNT_MAX || count > c->left / 4)
		return -1;
	*v = xcalloc(count + 1, sizeof **v);
	*n = count;
	for (i = 0; i < count; i++) {
		if (get_string(c, &(*v)[i]) != 0)
			return -1;
	}
	return 0;
}

static void
free_strings(char **v, size_t n)
{
	size_t	 i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
print_request_free(struct print_request *r)
{
	free(r->title);
	free(r->issuer);
	free(r->record);
	free(r->note);
	free_strings(r->labels, r->n);
	free_strings(r->values, r->n);
	free_strings(r->head, r->nhead);
	free_strings(r->rows, r->nrows);
	free(r->printer);
	free(r->path);
	memset(r, 0, sizeof *r);
}

/* The empty string back to NULL, for the fields that may be absent. */
static void
empty_is_null(char **s)
{
	if (*s != NULL && **s == '\0') {
		free(*s);
		*s = NULL;
	}
}

static int
decode_certificate(struct cursor *c, struct print_request *r)
{
	uint32_t	 n, i;

	if (get_string(c, &r->title) != 0 || get_string(c, &r->issuer) != 0 ||
	    get_string(c, &r->record) != 0 || get_string(c, &r->note) != 0 ||
	    get_u32(c, &n) != 0 || n > PRINT_COUNT_MAX || n > c->left / 8)
		return -1;
	empty_is_null(&r->issuer);
	empty_is_null(&r->note);
	r->labels = xcalloc(n + 1, sizeof *r->labels);
	r->values = xcalloc(n + 1, sizeof *r->values);
	r->n = n;
	for (i = 0; i < n; i++) {
		if (get_string(c, &r->labels[i]) != 0 || get_string(c, &r->values[i]) != 0)
			return -1;
	}
	return 0;
}

int
print_decode_request(const struct print_buf *b, struct print_request *r, char **cause)
{
	struct cursor	 c = { b->data, b->len };
	uint32_t	 wait;
	int		 rc = -1;

	memset(r, 0, sizeof *r);
	if (c.left < 1)
		goto bad;
	r->type = (enum print_type)*c.p;
	c.p++;
	c.left--;
	switch (r->type) {
	case PRINT_REQ_CERTIFICATE:
	case PRINT_REQ_SLIP:
		rc = decode_certificate(&c, r);
		break;
	case PRINT_REQ_REPORT:
		if (get_string(&c, &r->title) == 0 &&
		    get_strings(&c, &r->head, &r->nhead) == 0 &&
		    get_strings(&c, &r->rows, &r->nrows) == 0)
			rc = 0;
		break;
	case PRINT_REQ_PRINT:
		if (get_string(&c, &r->printer) == 0 && get_string(&c, &r->title) == 0 &&
		    get_string(&c, &r->path) == 0 && get_u32(&c, &wait) == 0 &&
		    wait <= PRINT_WAIT_MAX && *r->printer != '\0' && *r->path == '/') {
			r->wait_seconds = (int)wait;
			rc = 0;
		}
		break;
	default:
		xasprintf(cause, _("a request of unknown type %u"), (unsigned)r->type);
		print_request_free(r);
		return -1;
	}
	if (rc == 0 && c.left == 0)
		return 0;
bad:
	xasprintf(cause, _("a malformed request"));
	print_request_free(r);
	return -1;
}

/* 0 with *type (and *job, or the helper's *cause for an error), or -1 when malformed. */
int
print_decode_answer(const struct print_buf *b, enum print_type *type, int *job, char **cause)
{
	struct cursor	 c = { b->data, b->len };
	uint32_t	 v;
	char		*text = NULL;

	*job = 0;
	if (c.left < 1)
		goto bad;
	*type = (enum print_type)*c.p;
	c.p++;
	c.left--;
	switch (*type) {
	case PRINT_ANS_DONE:
		break;
	case PRINT_ANS_JOB:
		if (get_u32(&c, &v) != 0 || v == 0 || v > INT32_MAX)
			goto bad;
		*job = (int)v;
		break;
	case PRINT_ANS_ERROR:
		if (get_u32(&c, &v) != 0 || v > INT32_MAX || get_string(&c, &text) != 0) {
			free(text);
			goto bad;
		}
		*job = (int)v;
		*cause = text;
		break;
	default:
		goto bad;
	}
	if (c.left == 0)
		return 0;
	if (*type == PRINT_ANS_ERROR) {
		free(*cause);
		*cause = NULL;
	}
bad:
	*job = 0;
	xasprintf(cause, _("the print helper's answer is malformed"));
	return -1;
}
