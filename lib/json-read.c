/* The members of a JSON object (json-read.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "json-read.h"
#include "textwidth.h"
#include "xmalloc.h"

/*
 * The reader: where it is in the text, and where the next text it gives goes. Every
 * token's text takes no more room than the token took in the input, and one byte for its
 * NUL, which the separator after it (or the closing brace) leaves: the buffer is twice
 * the input, to leave no doubt.
 */
struct reader {
	const char	*p;
	char		*out;
};

static int	 read_value(struct reader *, struct json_member *, int);
static int	 copy_value(struct reader *, int);

static void
skip_space(struct reader *r)
{
	while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
		r->p++;
}

/* The four digits of a \u escape at s; -1 at one that is not a digit (or the end). */
static int
hex4(const char *s, uint32_t *v)
{
	int	 i, d;

	*v = 0;
	for (i = 0; i < 4; i++) {
		if ((d = hex_digit(s[i])) < 0)
			return -1;
		*v = *v << 4 | (uint32_t)d;
	}
	return 0;
}

/*
 * The escape at *p (after its backslash): its character's UTF-8 into out, and its length,
 * or -1. *p moves past it.
 */
static int
unescape(const char **p, char *out)
{
	static const char	 from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char		*c, *s = *p;
	uint32_t		 cp, low;

	if (*s != 'u') {
		if (*s == '\0' || (c = strchr(from, *s)) == NULL)
			return -1;
		*out = to[c - from];
		*p = s + 1;
		return 1;
	}
	if (hex4(s + 1, &cp) != 0)
		return -1;
	s += 5;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return -1;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (s[0] != '\\' || s[1] != 'u' || hex4(s + 2, &low) != 0 || low < 0xdc00 ||
		    low > 0xdfff)
			return -1;
		s += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
	}
	if (cp == 0)
		return -1;
	*p = s;
	return (int)utf8_encode(cp, out);
}

/*
 * The string at r->p (its opening quote): its characters into r->out with a NUL, or as
 * written (quotes and escapes) without one.
 */
static int
read_string(struct reader *r, int as_written, const char **text, size_t *len)
{
	const char	*from;
	char		*start = r->out, scratch[4];
	int		 n;

	if (as_written)
		*r->out++ = '"';
	r->p++;
	while (*r->p != '"') {
		if ((unsigned char)*r->p < 0x20)	/* a control character, or the end */
			return -1;
		if (*r->p != '\\') {
			*r->out++ = *r->p++;
			continue;
		}
		from = r->p++;
		if ((n = unescape(&r->p, as_written ? scratch : r->out)) < 0)
			return -1;
		if (as_written) {
			memcpy(r->out, from, (size_t)(r->p - from));
			r->out += r->p - from;
		} else
			r->out += n;
	}
	r->p++;
	if (as_written) {
		*r->out++ = '"';
		return 0;
	}
	*r->out++ = '\0';
	*text = start;
	*len = (size_t)(r->out - start - 1);
	return 0;
}

/* A number's extent at r->p: -1, or whether it is an integer (no fraction, no exponent). */
static int
number_extent(struct reader *r)
{
	int	 integer = 1;

	if (*r->p == '-')
		r->p++;
	if (*r->p == '0')
		r->p++;
	else if (*r->p >= '1' && *r->p <= '9') {
		while (*r->p >= '0' && *r->p <= '9')
			r->p++;
	} else
		return -1;
	if (*r->p == '.') {
		integer = 0;
		r->p++;
		if (*r->p < '0' || *r->p > '9')
			return -1;
		while (*r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	if (*r->p == 'e' || *r->p == 'E') {
		integer = 0;
		r->p++;
		if (*r->p == '+' || *r->p == '-')
			r->p++;
		if (*r->p < '0' || *r->p > '9')
			return -1;
		while (*r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	return integer;
}

/*
 * A number: an integer that fits in 64 bits as its decimal form ("-0" is 0), as SQLite
 * gives it; any other as written, a real.
 */
static int
read_number(struct reader *r, struct json_member *m)
{
	const char	*start = r->p;
	char		*end;
	long long	 v;
	int		 integer;

	if ((integer = number_extent(r)) < 0)
		return -1;
	m->text = r->out;
	m->len = (size_t)(r->p - start);
	memcpy(r->out, start, m->len);
	r->out[m->len] = '\0';
	m->type = JSON_REAL;
	if (integer) {
		errno = 0;
		v = strtoll(m->text, &end, 10);
		if (errno == 0 && *end == '\0') {
			m->type = JSON_INTEGER;
			m->integer = v;
			m->len = (size_t)snprintf(r->out, m->len + 1, "%lld", v);
		}
	}
	r->out += m->len + 1;
	return 0;
}

/* true, false or null at r->p: its type, r->p past it; -1 if none is there. */
static int
word_at(struct reader *r, enum json_type *type)
{
	static const struct {
		const char	*word;
		enum json_type	 type;
	} words[] = { { "true", JSON_TRUE }, { "false", JSON_FALSE }, { "null", JSON_NULL } };
	size_t	 i, n;

	for (i = 0; i < sizeof words / sizeof *words; i++) {
		n = strlen(words[i].word);
		if (strncmp(r->p, words[i].word, n) == 0) {
			r->p += n;
			*type = words[i].type;
			return 0;
		}
	}
	return -1;
}

/* A member that is true, false or null: as SQLite gives it, 1, 0 or NULL (""). */
static int
read_word(struct reader *r, struct json_member *m)
{
	if (word_at(r, &m->type) != 0)
		return -1;
	m->integer = m->type == JSON_TRUE;
	m->text = r->out;
	m->len = m->type == JSON_NULL ? 0 : 1;
	if (m->len > 0)
		*r->out++ = m->type == JSON_TRUE ? '1' : '0';
	*r->out++ = '\0';
	return 0;
}

/* An array's or object's items, copied without the spaces between tokens. */
static int
copy_items(struct reader *r, int depth)
{
	char	 close = *r->p == '{' ? '}' : ']';
	int	 object = close == '}';

	if (depth >= JSON_READ_DEPTH)
		return -1;
	*r->out++ = *r->p++;
	skip_space(r);
	if (*r->p == close) {
		*r->out++ = *r->p++;
		return 0;
	}
	for (;;) {
		if (object) {
			if (*r->p != '"' || read_string(r, 1, NULL, NULL) != 0)
				return -1;
			skip_space(r);
			if (*r->p != ':')
				return -1;
			*r->out++ = *r->p++;
			skip_space(r);
		}
		if (copy_value(r, depth + 1) != 0)
			return -1;
		skip_space(r);
		if (*r->p == close) {
			*r->out++ = *r->p++;
			return 0;
		}
		if (*r->p != ',')
			return -1;
		*r->out++ = *r->p++;
		skip_space(r);
	}
}

/* Any value, copied without the spaces between tokens. */
static int
copy_value(struct reader *r, int depth)
{
	enum json_type	 type;
	const char	*start = r->p;

	switch (*r->p) {
	case '"':
		return read_string(r, 1, NULL, NULL);
	case '{':
	case '[':
		return copy_items(r, depth);
	}
	if ((*r->p == '-' || (*r->p >= '0' && *r->p <= '9')) ? number_extent(r) < 0 :
	    word_at(r, &type) != 0)
		return -1;
	memcpy(r->out, start, (size_t)(r->p - start));
	r->out += r->p - start;
	return 0;
}

/* A member's value at r->p. */
static int
read_value(struct reader *r, struct json_member *m, int depth)
{
	char	*start = r->out;

	switch (*r->p) {
	case '"':
		m->type = JSON_TEXT;
		return read_string(r, 0, &m->text, &m->len);
	case '{':
	case '[':
		m->type = *r->p == '{' ? JSON_OBJECT : JSON_ARRAY;
		if (copy_items(r, depth + 1) != 0)
			return -1;
		*r->out++ = '\0';
		m->text = start;
		m->len = (size_t)(r->out - start - 1);
		return 0;
	}
	if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
		return read_number(r, m);
	return read_word(r, m);
}

int
json_object_read(struct json_object *o, const char *json)
{
	struct reader		 r;
	struct json_member	*m;
	size_t			 need = strlen(json) * 2 + 16;

	o->n = 0;
	if (o->buf_size < need) {
		free(o->buf);
		o->buf = xmalloc(need);
		o->buf_size = need;
	}
	r.p = json;
	r.out = o->buf;
	skip_space(&r);
	if (*r.p++ != '{')
		return -1;
	skip_space(&r);
	if (*r.p == '}')
		r.p++;
	else {
		for (;;) {
			if (o->n == o->size) {
				o->size = o->size > 0 ? o->size * 2 : 32;
				o->members = xreallocarray(o->members, o->size,
				    sizeof *o->members);
			}
			m = &o->members[o->n];
			memset(m, 0, sizeof *m);
			if (*r.p != '"' || read_string(&r, 0, &m->key, &m->len) != 0)
				goto bad;
			skip_space(&r);
			if (*r.p++ != ':')
				goto bad;
			skip_space(&r);
			if (read_value(&r, m, 0) != 0)
				goto bad;
			o->n++;
			skip_space(&r);
			if (*r.p == '}') {
				r.p++;
				break;
			}
			if (*r.p++ != ',')
				goto bad;
			skip_space(&r);
		}
	}
	skip_space(&r);
	if (*r.p == '\0')
		return 0;
bad:
	o->n = 0;
	return -1;
}

void
json_object_free(struct json_object *o)
{
	free(o->members);
	free(o->buf);
	memset(o, 0, sizeof *o);
}

const char *
json_type_name(enum json_type type)
{
	static const char *const names[] = { "null", "true", "false", "integer", "real",
	    "text", "array", "object" };

	return names[type];
}
