/*
 * The simulator's CP932 conversion. A gateway writes the characters that CP932 lacks (外字)
 * as codes of the user-defined area, each municipality with its own table; the simulator's
 * table is simply "code point modulo 1880", which is enough for the terminal, which must
 * treat every user-defined code as unknown anyway.
 *
 * Written one character at a time, unlike the terminal's converter, on purpose.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "xmalloc.h"

struct sim_cp932 {
	iconv_t	 enc;
	iconv_t	 dec;
};

static int	utf8_next(const unsigned char *, uint32_t *);
static int	encode_fast(struct sim_cp932 *, const char *, char *, size_t);

struct sim_cp932 *
sim_cp932_open(void)
{
	struct sim_cp932	*c = xcalloc(1, sizeof *c);

	c->enc = iconv_open("CP932", "UTF-8");
	c->dec = iconv_open("UTF-8", "CP932");
	if (c->enc == (iconv_t)-1 || c->dec == (iconv_t)-1) {
		free(c);
		return NULL;
	}
	return c;
}

void
sim_cp932_close(struct sim_cp932 *c)
{
	if (c == NULL)
		return;
	iconv_close(c->enc);
	iconv_close(c->dec);
	free(c);
}

/* Decode one UTF-8 character; return its length, 0 at the end, -1 if invalid. */
static int
utf8_next(const unsigned char *s, uint32_t *cp)
{
	int	 n, i;

	if (s[0] == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		*cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		*cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		*cp = s[0] & 0x07;
	} else
		return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return n;
}

/*
 * Most text has no 外字 and no ASCII: one iconv call does it. Anything else (or output
 * that is not all double-byte) goes the slow way, one character at a time.
 */
static int
encode_fast(struct sim_cp932 *c, const char *text, char *out, size_t outsize)
{
	const unsigned char	*p;
	char			*in = (char *)text, *o = out;
	size_t			 inleft = strlen(text), oleft = outsize, i, n;

	for (p = (const unsigned char *)text; *p != 0; p++) {
		if (*p < 0x80)
			return -1;
	}
	iconv(c->enc, NULL, NULL, NULL, NULL);
	if (iconv(c->enc, &in, &inleft, &o, &oleft) == (size_t)-1)
		return -1;
	n = o - out;
	p = (const unsigned char *)out;
	for (i = 0; i < n; i += 2) {
		if (p[i] < 0x81 || (p[i] > 0x9f && p[i] < 0xe0) || (p[i] >= 0xf0 && p[i] <= 0xf9))
			return -1;
	}
	return i == n ? (int)n : -1;
}

int
sim_cp932_encode(struct sim_cp932 *c, const char *text, char *out, size_t outsize,
    int *gaiji)
{
	const unsigned char	*s = (const unsigned char *)text;
	unsigned char		 one[4], two[4];
	char			*in, *o;
	size_t			 inleft, oleft, used = 0;
	uint32_t		 cp, idx;
	int			 n, len;

	*gaiji = 0;
	if ((n = encode_fast(c, text, out, outsize)) >= 0)
		return n;
	while ((len = utf8_next(s, &cp)) != 0) {
		if (len < 0)
			return -1;
		if (cp == 0x20)
			cp = 0x3000;
		else if (cp > 0x20 && cp < 0x7f)
			cp += 0xff01 - 0x21;
		/* Re-encode, since ASCII may have become full-width. */
		if (cp < 0x800) {
			one[0] = 0xc0 | (cp >> 6);
			one[1] = 0x80 | (cp & 0x3f);
			n = 2;
		} else if (cp < 0x10000) {
			one[0] = 0xe0 | (cp >> 12);
			one[1] = 0x80 | ((cp >> 6) & 0x3f);
			one[2] = 0x80 | (cp & 0x3f);
			n = 3;
		} else {
			one[0] = 0xf0 | (cp >> 18);
			one[1] = 0x80 | ((cp >> 12) & 0x3f);
			one[2] = 0x80 | ((cp >> 6) & 0x3f);
			one[3] = 0x80 | (cp & 0x3f);
			n = 4;
		}
		in = (char *)one;
		inleft = n;
		o = (char *)two;
		oleft = sizeof two;
		iconv(c->enc, NULL, NULL, NULL, NULL);
		if (iconv(c->enc, &in, &inleft, &o, &oleft) == (size_t)-1 ||
		    (size_t)(o - (char *)two) != 2 || (two[0] >= 0xf0 && two[0] <= 0xf9)) {
			/* No CP932 code (or a private-use one): a user-defined code. */
			idx = cp % 1880;
			two[0] = 0xf0 + idx / 188;
			two[1] = idx % 188 < 63 ? 0x40 + idx % 188 : 0x80 + idx % 188 - 63;
			(*gaiji)++;
		}
		if (used + 2 > outsize)
			return -1;
		memcpy(out + used, two, 2);
		used += 2;
		s += len;
	}
	return used;
}

char *
sim_cp932_decode(struct sim_cp932 *c, const char *data, size_t len)
{
	char	*out, *in = (char *)data, *o;
	size_t	 inleft = len, oleft;

	out = xmalloc(len * 3 + 1);
	o = out;
	oleft = len * 3;
	iconv(c->dec, NULL, NULL, NULL, NULL);
	if (iconv(c->dec, &in, &inleft, &o, &oleft) == (size_t)-1) {
		free(out);
		return NULL;
	}
	*o = '\0';
	return out;
}
