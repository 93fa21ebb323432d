/*
 * UTF-8 <-> CP932 with iconv, 外字 replaced by 〓 and counted (see charconv.h).
 *
 * The buffers carry names, addresses and My Numbers, so a buffer that is outgrown or freed
 * is wiped before it goes back to the allocator.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charconv.h"
#include "i18n.h"
#include "xmalloc.h"

struct charconv {
	iconv_t	 to_utf8;	/* CP932 -> UTF-8 */
	iconv_t	 to_cp932;	/* UTF-8 -> CP932 */
};

static void	buf_reserve(struct charconv_buf *, size_t);
static int	is_cp932_lead(unsigned char);
static size_t	replace_private_use(char *, size_t);
static size_t	replace_user_defined(char *, size_t);

struct charconv *
charconv_open(char **cause)
{
	struct charconv	*cc;

	cc = xcalloc(1, sizeof *cc);
	cc->to_utf8 = iconv_open("UTF-8", "CP932");
	cc->to_cp932 = iconv_open("CP932", "UTF-8");
	if (cc->to_utf8 == (iconv_t)-1 || cc->to_cp932 == (iconv_t)-1) {
		xasprintf(cause, _("iconv has no CP932 converter: %s"), strerror(errno));
		charconv_close(cc);
		return NULL;
	}
	return cc;
}

void
charconv_close(struct charconv *cc)
{
	if (cc == NULL)
		return;
	if (cc->to_utf8 != (iconv_t)-1)
		iconv_close(cc->to_utf8);
	if (cc->to_cp932 != (iconv_t)-1)
		iconv_close(cc->to_cp932);
	free(cc);
}

void
charconv_buf_free(struct charconv_buf *buf)
{
	if (buf->data != NULL) {
		explicit_bzero(buf->data, buf->size);
		free(buf->data);
	}
	buf->data = NULL;
	buf->len = buf->size = 0;
}

/* Make room for need more bytes after len, plus the terminating NUL. */
static void
buf_reserve(struct charconv_buf *buf, size_t need)
{
	size_t	 size;
	char	*data;

	if (buf->data != NULL && buf->size - buf->len > need)
		return;
	size = buf->size < 64 ? 64 : buf->size;
	while (size - buf->len <= need) {
		if (size > SIZE_MAX / 2)
			abort();
		size *= 2;
	}
	data = xmalloc(size);
	if (buf->data != NULL) {
		memcpy(data, buf->data, buf->len);
		explicit_bzero(buf->data, buf->size);
		free(buf->data);
	}
	buf->data = data;
	buf->size = size;
}

size_t
charconv_utf8_seqlen(const unsigned char *s, size_t len)
{
	uint32_t	 cp;
	size_t		 n, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and code points past U+10FFFF are not UTF-8. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static int
is_cp932_lead(unsigned char c)
{
	return (c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc);
}

/*
 * glibc maps the CP932 user-defined area (0xF040-0xF9FC) to U+E000-U+E757. Those codes
 * mean a different glyph at every municipality, so they are 外字: replace each private-use
 * character (U+E000-U+F8FF, three bytes EE xx xx or EF 80-A3 xx) by 〓, also three bytes.
 */
static size_t
replace_private_use(char *s, size_t len)
{
	unsigned char	*p = (unsigned char *)s;
	size_t		 i, n = 0;

	for (i = 0; i + 2 < len; i++) {
		if (p[i] < 0xee)
			continue;
		if (p[i] == 0xee || (p[i] == 0xef && p[i + 1] >= 0x80 && p[i + 1] <= 0xa3)) {
			memcpy(p + i, CHARCONV_GETA_UTF8, 3);
			n++;
			i += 2;
		}
	}
	return n;
}

/*
 * The other direction: a private-use character in the UTF-8 text would come out as a
 * user-defined code that means nothing to the gateway. Walk the CP932 output by character
 * (trail bytes can look like leads) and replace each 0xF0-0xF9 pair by 〓.
 */
static size_t
replace_user_defined(char *s, size_t len)
{
	unsigned char	*p = (unsigned char *)s;
	size_t		 i = 0, n = 0;

	while (i < len) {
		if (!is_cp932_lead(p[i]) || i + 1 >= len) {
			i++;
			continue;
		}
		if (p[i] >= 0xf0 && p[i] <= 0xf9) {
			memcpy(p + i, CHARCONV_GETA_CP932, 2);
			n++;
		}
		i += 2;
	}
	return n;
}

int
charconv_to_utf8(struct charconv *cc, const void *src, size_t len,
    struct charconv_buf *buf, size_t *gaiji, size_t *errpos, char **cause)
{
	char	*in = (char *)src, *out;
	size_t	 inleft = len, outleft, r;

	buf->len = 0;
	*gaiji = 0;
	/* A CP932 character never takes more than three UTF-8 bytes per input byte pair. */
	buf_reserve(buf, len + len / 2 + 1);
	iconv(cc->to_utf8, NULL, NULL, NULL, NULL);
	for (;;) {
		out = buf->data + buf->len;
		outleft = buf->size - buf->len - 1;
		r = iconv(cc->to_utf8, &in, &inleft, &out, &outleft);
		buf->len = out - buf->data;
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			buf_reserve(buf, buf->size);
			continue;
		}
		*errpos = in - (char *)src;
		if (errno == EILSEQ) {
			xasprintf(cause, _("byte 0x%02x at offset %zu is not a CP932 character"),
			    (unsigned char)*in, *errpos);
		} else if (errno == EINVAL) {
			xasprintf(cause, _("CP932 character cut short at offset %zu"), *errpos);
		} else {
			xasprintf(cause, _("CP932 conversion failed at offset %zu: %s"), *errpos,
			    strerror(errno));
		}
		buf->len = 0;
		buf->data[0] = '\0';
		return -1;
	}
	buf->data[buf->len] = '\0';
	*gaiji = replace_private_use(buf->data, buf->len);
	return 0;
}

int
charconv_to_cp932(struct charconv *cc, const char *src, size_t len,
    struct charconv_buf *buf, size_t *gaiji, size_t *errpos, char **cause)
{
	char	*in = (char *)src, *out;
	size_t	 inleft = len, outleft, r, n, substituted = 0;

	buf->len = 0;
	*gaiji = 0;
	buf_reserve(buf, len + 2);
	iconv(cc->to_cp932, NULL, NULL, NULL, NULL);
	for (;;) {
		out = buf->data + buf->len;
		outleft = buf->size - buf->len - 1;
		r = iconv(cc->to_cp932, &in, &inleft, &out, &outleft);
		buf->len = out - buf->data;
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			buf_reserve(buf, buf->size);
			continue;
		}
		*errpos = in - src;
		/*
		 * EILSEQ is both "not UTF-8" and "no CP932 code for this character"; only
		 * decoding the sequence ourselves tells them apart.
		 */
		if (errno == EILSEQ &&
		    (n = charconv_utf8_seqlen((unsigned char *)in, inleft)) != 0) {
			buf_reserve(buf, 2);
			memcpy(buf->data + buf->len, CHARCONV_GETA_CP932, 2);
			buf->len += 2;
			in += n;
			inleft -= n;
			substituted++;
			continue;
		}
		if (errno == EILSEQ || errno == EINVAL) {
			xasprintf(cause, _("invalid UTF-8 at offset %zu"), *errpos);
		} else {
			xasprintf(cause, _("CP932 conversion failed at offset %zu: %s"), *errpos,
			    strerror(errno));
		}
		buf->len = 0;
		buf->data[0] = '\0';
		return -1;
	}
	buf->data[buf->len] = '\0';
	*gaiji = substituted + replace_user_defined(buf->data, buf->len);
	return 0;
}
