/*
 * Framing and field codec of the monitor protocol (see monitor-wire.h).
 *
 * The decoder is what stands between the unprivileged screen process and root, so it is
 * written to be boring: a cursor over the body, every read checked against what is left,
 * every length checked against the field's limit before anything is allocated, every
 * string checked for UTF-8 and control characters, and bytes left over are an error. The
 * encoder applies the same rules, so that neither side can emit what the other refuses.
 * It is the libFuzzer target (tests/fuzz/fuzz-monitor-wire.c).
 */
#include "config.h"

#include <sys/socket.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "keyfile.h"
#include "auth/monitor-wire.h"
#include "xmalloc.h"

/* PAM's message styles (security/_pam_types.h), checked here without including PAM. */
#define STYLE_MIN	1	/* PAM_PROMPT_ECHO_OFF */
#define STYLE_MAX	4	/* PAM_TEXT_INFO */

struct reader {
	const uint8_t	*p;
	size_t		 left;
};

static int	fail(char **, const char *, ...) __attribute__((format(printf, 2, 3)));
static void	buf_reserve(struct mon_buf *, size_t);
static void	put_u8(struct mon_buf *, uint8_t);
static void	put_u32(struct mon_buf *, uint32_t);
static void	put_bytes(struct mon_buf *, const void *, size_t);
static int	put_str(struct mon_buf *, const char *, size_t, enum mon_str_class, int,
		    const char *, char **);
static int	get_u8(struct reader *, uint8_t *, const char *, char **);
static int	get_flag(struct reader *, uint8_t *, const char *, char **);
static int	get_u32(struct reader *, uint32_t *, const char *, char **);
static int	get_raw(struct reader *, uint8_t *, size_t, const char *, char **);
static int	get_str(struct reader *, size_t, enum mon_str_class, int, char **,
		    const char *, char **);
static int	check_str(const char *, size_t, size_t, enum mon_str_class, int, const char *,
		    char **);
static int	utf8_char(const uint8_t *, size_t, uint32_t *);
static int	write_all(int, const uint8_t *, size_t);
static int	read_all(int, uint8_t *, size_t, const volatile sig_atomic_t *);

static int
fail(char **cause, const char *fmt, ...)
{
	va_list	 ap;

	if (cause != NULL) {
		va_start(ap, fmt);
		xvasprintf(cause, fmt, ap);
		va_end(ap);
	}
	return -1;
}

const char *
mon_type_name(uint8_t type)
{
	switch (type) {
	case MON_REQ_AUTHENTICATE:
		return "authenticate";
	case MON_REQ_REAUTHENTICATE:
		return "reauthenticate";
	case MON_REQ_APPROVER_AUTH:
		return "approver_auth";
	case MON_REQ_CHANGE_PASSWORD:
		return "change_password";
	case MON_REQ_GET_KEY:
		return "get_key";
	case MON_REQ_LOGOUT:
		return "logout";
	case MON_CONV_REPLY:
		return "conv_reply";
	case MON_ANS_READY:
		return "ready";
	case MON_ANS_CONV:
		return "conv";
	case MON_ANS_RESULT:
		return "result";
	case MON_ANS_KEY:
		return "key";
	case MON_ANS_LOGOUT:
		return "logout_done";
	case MON_REQ_AUDIT_SIGN:
		return "audit_sign";
	case MON_ANS_MAC:
		return "mac";
	case MON_REQ_CERT_SIGN:
		return "cert_sign";
	case MON_ANS_SIG:
		return "sig";
	}
	return "unknown";
}

void
mon_msg_init(struct mon_msg *m, uint8_t type)
{
	memset(m, 0, sizeof *m);
	m->type = type;
}

static void
free_secret(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void
mon_msg_free(struct mon_msg *m)
{
	uint32_t	 i;

	free(m->user);
	free(m->tty);
	free(m->purpose);
	for (i = 0; i < MON_CONV_MAX; i++) {
		free(m->prompts[i].text);
		free_secret(m->replies[i]);
	}
	free(m->cause);
	free(m->message);
	free(m->roles);
	key_free(m->key);
	for (i = 0; i < AUDIT_FIELDS; i++)
		free(m->fields[i]);
	free(m->data);
	memset(m, 0, sizeof *m);
}

void
mon_buf_free(struct mon_buf *b)
{
	if (b->data != NULL) {
		explicit_bzero(b->data, b->size);
		free(b->data);
	}
	memset(b, 0, sizeof *b);
}

/* Grows by copying rather than realloc, so that no unwiped copy of a reply is left. */
static void
buf_reserve(struct mon_buf *b, size_t more)
{
	uint8_t	*grown;
	size_t	 size;

	if (b->size - b->len >= more)
		return;
	size = b->size != 0 ? b->size : 256;
	while (size - b->len < more)
		size *= 2;
	grown = xmalloc(size);
	if (b->data != NULL) {
		memcpy(grown, b->data, b->len);
		explicit_bzero(b->data, b->size);
		free(b->data);
	}
	b->data = grown;
	b->size = size;
}

static void
put_u8(struct mon_buf *b, uint8_t v)
{
	buf_reserve(b, 1);
	b->data[b->len++] = v;
}

static void
put_u32(struct mon_buf *b, uint32_t v)
{
	buf_reserve(b, 4);
	b->data[b->len++] = (uint8_t)(v >> 24);
	b->data[b->len++] = (uint8_t)(v >> 16);
	b->data[b->len++] = (uint8_t)(v >> 8);
	b->data[b->len++] = (uint8_t)v;
}

static void
put_bytes(struct mon_buf *b, const void *p, size_t len)
{
	buf_reserve(b, len);
	memcpy(b->data + b->len, p, len);
	b->len += len;
}

static int
put_str(struct mon_buf *b, const char *s, size_t max, enum mon_str_class class, int empty_ok,
    const char *what, char **cause)
{
	size_t	 len;

	if (s == NULL)
		s = "";
	len = strlen(s);
	if (check_str(s, len, max, class, empty_ok, what, cause) != 0)
		return -1;
	put_u32(b, (uint32_t)len);
	put_bytes(b, s, len);
	return 0;
}

/*
 * Decodes one UTF-8 character of at most len bytes into *cp; returns its length, or 0 when
 * the bytes are not well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF, no truncated sequence).
 */
static int
utf8_char(const uint8_t *s, size_t len, uint32_t *cp)
{
	uint32_t	 c, min;
	int		 n, i;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;
	if ((size_t)n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* C0, DEL and C1: what a terminal may take as a command rather than text. */
static int
is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

/*
 * Whether len bytes are UTF-8 without NUL and, unless secret, without control characters
 * (text may also hold newlines and tabs).
 */
int
mon_utf8_valid(const char *s, size_t len, enum mon_str_class class)
{
	const uint8_t	*p = (const uint8_t *)s;
	uint32_t	 c;
	size_t		 i = 0;
	int		 n;

	while (i < len) {
		if ((n = utf8_char(p + i, len - i, &c)) == 0 || c == 0)
			return 0;
		if (class != MON_STR_SECRET && is_control(c) &&
		    !(class == MON_STR_TEXT && (c == '\n' || c == '\t')))
			return 0;
		i += (size_t)n;
	}
	return 1;
}

/*
 * Copies a message from a PAM module into out (size bytes) so that it is a valid text
 * field: ill-formed bytes and control characters become '?', and the copy stops on a
 * character boundary. Module messages are shown on a terminal: an escape sequence in one
 * must not reach it.
 */
void
mon_sanitize(const char *in, char *out, size_t size)
{
	const uint8_t	*p = (const uint8_t *)in;
	size_t		 len = strlen(in), i = 0, o = 0;
	uint32_t	 c;
	int		 n;

	if (size == 0)
		return;
	while (i < len) {
		n = utf8_char(p + i, len - i, &c);
		if (n == 0 || (is_control(c) && c != '\n' && c != '\t')) {
			if (o + 1 >= size)
				break;
			out[o++] = '?';
			i += n == 0 ? 1 : (size_t)n;
			continue;
		}
		if (o + (size_t)n >= size)
			break;
		memcpy(out + o, p + i, (size_t)n);
		o += (size_t)n;
		i += (size_t)n;
	}
	out[o] = '\0';
}

static int
check_str(const char *s, size_t len, size_t max, enum mon_str_class class, int empty_ok,
    const char *what, char **cause)
{
	if (len > max)
		return fail(cause, "%s is %zu bytes, more than %zu", what, len, max);
	if (len == 0 && !empty_ok)
		return fail(cause, "%s is empty", what);
	if (!mon_utf8_valid(s, len, class))
		return fail(cause, "%s is not valid UTF-8 text", what);
	return 0;
}

static int
get_u8(struct reader *r, uint8_t *v, const char *what, char **cause)
{
	if (r->left < 1)
		return fail(cause, "truncated before %s", what);
	*v = r->p[0];
	r->p++;
	r->left--;
	return 0;
}

static int
get_flag(struct reader *r, uint8_t *v, const char *what, char **cause)
{
	if (get_u8(r, v, what, cause) != 0)
		return -1;
	if (*v > 1)
		return fail(cause, "%s is %u, not 0 or 1", what, *v);
	return 0;
}

static int
get_u32(struct reader *r, uint32_t *v, const char *what, char **cause)
{
	if (r->left < 4)
		return fail(cause, "truncated before %s", what);
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 |
	    (uint32_t)r->p[3];
	r->p += 4;
	r->left -= 4;
	return 0;
}

static int
get_raw(struct reader *r, uint8_t *out, size_t len, const char *what, char **cause)
{
	if (r->left < len)
		return fail(cause, "truncated message: %s", what);
	memcpy(out, r->p, len);
	r->p += len;
	r->left -= len;
	return 0;
}

/* The length is checked against max and against what is left before any allocation. */
static int
get_str(struct reader *r, size_t max, enum mon_str_class class, int empty_ok, char **out,
    const char *what, char **cause)
{
	uint32_t	 len;

	if (get_u32(r, &len, what, cause) != 0)
		return -1;
	if (len > max)
		return fail(cause, "%s is %u bytes, more than %zu", what, len, max);
	if (len > r->left)
		return fail(cause, "%s is %u bytes but only %zu remain", what, len, r->left);
	if (check_str((const char *)r->p, len, max, class, empty_ok, what, cause) != 0)
		return -1;
	*out = xstrndup((const char *)r->p, len);
	r->p += len;
	r->left -= len;
	return 0;
}

int
mon_msg_encode(const struct mon_msg *m, struct mon_buf *b, char **cause)
{
	size_t		 start, body;
	uint32_t	 i;
	int		 prompt;

	/* The frame header is filled in at the end. */
	start = b->len;
	put_u32(b, 0);
	put_u8(b, m->type);
	switch (m->type) {
	case MON_REQ_AUTHENTICATE:
		if (put_str(b, m->user, MON_USER_MAX, MON_STR_LINE, 0, "user", cause) != 0 ||
		    put_str(b, m->tty, MON_TTY_MAX, MON_STR_LINE, 1, "tty", cause) != 0)
			goto fail;
		break;
	case MON_REQ_APPROVER_AUTH:
		if (put_str(b, m->user, MON_USER_MAX, MON_STR_LINE, 0, "approver", cause) != 0 ||
		    put_str(b, m->purpose, MON_PURPOSE_MAX, MON_STR_LINE, 0, "purpose",
		    cause) != 0)
			goto fail;
		break;
	case MON_REQ_REAUTHENTICATE:
	case MON_REQ_CHANGE_PASSWORD:
	case MON_REQ_GET_KEY:
	case MON_REQ_LOGOUT:
	case MON_ANS_LOGOUT:
		break;
	case MON_CONV_REPLY:
		if (m->cancelled > 1 || m->n > MON_CONV_MAX || (m->cancelled && m->n != 0) ||
		    (!m->cancelled && m->n == 0)) {
			fail(cause, "conversation reply with %u answers%s", m->n,
			    m->cancelled ? " and cancelled" : "");
			goto fail;
		}
		put_u8(b, m->cancelled);
		put_u32(b, m->n);
		for (i = 0; i < m->n; i++) {
			put_u8(b, m->replies[i] != NULL);
			if (m->replies[i] != NULL && put_str(b, m->replies[i], MON_REPLY_MAX,
			    MON_STR_SECRET, 1, "reply", cause) != 0)
				goto fail;
		}
		break;
	case MON_ANS_READY:
		if (m->ok > 1) {
			fail(cause, "ready flag %u", m->ok);
			goto fail;
		}
		put_u8(b, m->ok);
		if (put_str(b, m->ok ? "" : m->cause, MON_CAUSE_MAX, MON_STR_TEXT, m->ok,
		    "cause", cause) != 0)
			goto fail;
		break;
	case MON_ANS_CONV:
		if (m->n == 0 || m->n > MON_CONV_MAX) {
			fail(cause, "conversation round of %u messages", m->n);
			goto fail;
		}
		put_u32(b, m->n);
		for (i = 0; i < m->n; i++) {
			if (m->prompts[i].style < STYLE_MIN || m->prompts[i].style > STYLE_MAX) {
				fail(cause, "message style %u", m->prompts[i].style);
				goto fail;
			}
			put_u32(b, m->prompts[i].style);
			prompt = m->prompts[i].style <= 2;
			if (put_str(b, m->prompts[i].text, MON_PROMPT_MAX, MON_STR_TEXT, 1,
			    prompt ? "prompt" : "message", cause) != 0)
				goto fail;
		}
		break;
	case MON_ANS_RESULT:
		if (m->outcome > AUTH_OUTCOME_MAX) {
			fail(cause, "outcome %u", m->outcome);
			goto fail;
		}
		if (m->last > 1) {
			fail(cause, "last flag %u", m->last);
			goto fail;
		}
		put_u32(b, m->outcome);
		put_u8(b, m->last);
		if (put_str(b, m->message, MON_MESSAGE_MAX, MON_STR_TEXT, 1, "message",
		    cause) != 0 ||
		    put_str(b, m->user, MON_USER_MAX, MON_STR_LINE, 1, "user", cause) != 0 ||
		    put_str(b, m->roles, MON_ROLES_MAX, MON_STR_LINE, 1, "roles", cause) != 0)
			goto fail;
		break;
	case MON_REQ_AUDIT_SIGN:
		if (m->seq < 1) {
			fail(cause, "audit entry number %lld", (long long)m->seq);
			goto fail;
		}
		put_u32(b, (uint32_t)((uint64_t)m->seq >> 32));
		put_u32(b, (uint32_t)m->seq);
		put_bytes(b, m->prev, AUDIT_MAC_BYTES);
		for (i = 0; i < AUDIT_FIELDS; i++) {
			if (put_str(b, m->fields[i], MON_FIELD_MAX, MON_STR_LINE, 1, "field",
			    cause) != 0)
				goto fail;
		}
		break;
	case MON_ANS_MAC:
		if (m->ok > 1) {
			fail(cause, "mac flag %u", m->ok);
			goto fail;
		}
		put_u8(b, m->ok);
		put_bytes(b, m->mac, AUDIT_MAC_BYTES);
		if (put_str(b, m->ok ? "" : m->cause, MON_CAUSE_MAX, MON_STR_TEXT, m->ok,
		    "cause", cause) != 0)
			goto fail;
		break;
	case MON_REQ_CERT_SIGN:
		if (m->data_len == 0 || m->data_len > MON_SIGN_MAX) {
			fail(cause, "%zu bytes to sign", m->data_len);
			goto fail;
		}
		put_u32(b, (uint32_t)m->data_len);
		put_bytes(b, m->data, m->data_len);
		break;
	case MON_ANS_SIG:
		if (m->ok > 1) {
			fail(cause, "signature flag %u", m->ok);
			goto fail;
		}
		put_u8(b, m->ok);
		put_bytes(b, m->sig, MON_SIG_BYTES);
		put_bytes(b, m->pub, MON_PUB_BYTES);
		if (put_str(b, m->ok ? "" : m->cause, MON_CAUSE_MAX, MON_STR_TEXT, m->ok,
		    "cause", cause) != 0)
			goto fail;
		break;
	case MON_ANS_KEY:
		if (m->key == NULL) {
			fail(cause, "key message without a key");
			goto fail;
		}
		put_bytes(b, m->key->bytes, KEY_BYTES);
		break;
	default:
		fail(cause, "unknown message type %u", m->type);
		goto fail;
	}
	body = b->len - start - MON_FRAME_HEADER;
	if (body > MON_BODY_MAX) {
		fail(cause, "message of %zu bytes", body);
		goto fail;
	}
	b->data[start] = (uint8_t)(body >> 24);
	b->data[start + 1] = (uint8_t)(body >> 16);
	b->data[start + 2] = (uint8_t)(body >> 8);
	b->data[start + 3] = (uint8_t)body;
	return 0;
fail:
	explicit_bzero(b->data + start, b->len - start);
	b->len = start;
	return -1;
}

/* The body length announced by a frame header: 1 to MON_BODY_MAX. */
int
mon_frame_length(const uint8_t *hdr, size_t *len, char **cause)
{
	uint32_t	 v;

	v = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 | (uint32_t)hdr[2] << 8 |
	    (uint32_t)hdr[3];
	if (v == 0)
		return fail(cause, "empty message");
	if (v > MON_BODY_MAX)
		return fail(cause, "message of %u bytes, more than %d", v, MON_BODY_MAX);
	*len = v;
	return 0;
}

/* Decodes one body; on failure m is left empty and *cause says what was wrong. */
int
mon_msg_decode(const uint8_t *body, size_t len, struct mon_msg *m, char **cause)
{
	struct reader	 r = { body, len };
	uint32_t	 i, hi, lo, dlen;
	uint8_t		 type = 0, present = 0;

	memset(m, 0, sizeof *m);
	if (len > MON_BODY_MAX)
		return fail(cause, "message of %zu bytes, more than %d", len, MON_BODY_MAX);
	if (get_u8(&r, &type, "the message type", cause) != 0)
		return -1;
	m->type = type;
	switch (type) {
	case MON_REQ_AUTHENTICATE:
		if (get_str(&r, MON_USER_MAX, MON_STR_LINE, 0, &m->user, "user", cause) != 0 ||
		    get_str(&r, MON_TTY_MAX, MON_STR_LINE, 1, &m->tty, "tty", cause) != 0)
			goto fail;
		break;
	case MON_REQ_APPROVER_AUTH:
		if (get_str(&r, MON_USER_MAX, MON_STR_LINE, 0, &m->user, "approver", cause) != 0 ||
		    get_str(&r, MON_PURPOSE_MAX, MON_STR_LINE, 0, &m->purpose, "purpose",
		    cause) != 0)
			goto fail;
		break;
	case MON_REQ_REAUTHENTICATE:
	case MON_REQ_CHANGE_PASSWORD:
	case MON_REQ_GET_KEY:
	case MON_REQ_LOGOUT:
	case MON_ANS_LOGOUT:
		break;
	case MON_CONV_REPLY:
		if (get_flag(&r, &m->cancelled, "the cancel flag", cause) != 0 ||
		    get_u32(&r, &m->n, "the number of replies", cause) != 0)
			goto fail;
		if (m->n > MON_CONV_MAX) {
			fail(cause, "%u replies, more than %d", m->n, MON_CONV_MAX);
			goto fail;
		}
		if (m->cancelled && m->n != 0) {
			fail(cause, "a cancelled round with %u replies", m->n);
			goto fail;
		}
		if (!m->cancelled && m->n == 0) {
			fail(cause, "a round with no replies");
			goto fail;
		}
		for (i = 0; i < m->n; i++) {
			if (get_flag(&r, &present, "a reply flag", cause) != 0)
				goto fail;
			if (present && get_str(&r, MON_REPLY_MAX, MON_STR_SECRET, 1,
			    &m->replies[i], "reply", cause) != 0)
				goto fail;
		}
		break;
	case MON_ANS_READY:
		if (get_flag(&r, &m->ok, "the ready flag", cause) != 0 ||
		    get_str(&r, MON_CAUSE_MAX, MON_STR_TEXT, m->ok, &m->cause, "cause",
		    cause) != 0)
			goto fail;
		if (m->ok && *m->cause != '\0') {
			fail(cause, "a ready message with a cause");
			goto fail;
		}
		break;
	case MON_ANS_CONV:
		if (get_u32(&r, &m->n, "the number of messages", cause) != 0)
			goto fail;
		if (m->n == 0 || m->n > MON_CONV_MAX) {
			fail(cause, "a round of %u messages", m->n);
			goto fail;
		}
		for (i = 0; i < m->n; i++) {
			if (get_u32(&r, &m->prompts[i].style, "a message style", cause) != 0)
				goto fail;
			if (m->prompts[i].style < STYLE_MIN ||
			    m->prompts[i].style > STYLE_MAX) {
				fail(cause, "message style %u", m->prompts[i].style);
				goto fail;
			}
			if (get_str(&r, MON_PROMPT_MAX, MON_STR_TEXT, 1, &m->prompts[i].text,
			    "message text", cause) != 0)
				goto fail;
		}
		break;
	case MON_ANS_RESULT:
		if (get_u32(&r, &m->outcome, "the outcome", cause) != 0)
			goto fail;
		if (m->outcome > AUTH_OUTCOME_MAX) {
			fail(cause, "outcome %u", m->outcome);
			goto fail;
		}
		if (get_flag(&r, &m->last, "the last flag", cause) != 0)
			goto fail;
		if (get_str(&r, MON_MESSAGE_MAX, MON_STR_TEXT, 1, &m->message, "message",
		    cause) != 0 ||
		    get_str(&r, MON_USER_MAX, MON_STR_LINE, 1, &m->user, "user", cause) != 0 ||
		    get_str(&r, MON_ROLES_MAX, MON_STR_LINE, 1, &m->roles, "roles", cause) != 0)
			goto fail;
		break;
	case MON_REQ_AUDIT_SIGN:
		if (get_u32(&r, &hi, "the entry number", cause) != 0 ||
		    get_u32(&r, &lo, "the entry number", cause) != 0)
			goto fail;
		m->seq = (int64_t)((uint64_t)hi << 32 | lo);
		if (hi >> 31 != 0 || m->seq < 1) {
			fail(cause, "audit entry number %llu", (unsigned long long)
			    ((uint64_t)hi << 32 | lo));
			goto fail;
		}
		if (get_raw(&r, m->prev, AUDIT_MAC_BYTES, "the previous MAC", cause) != 0)
			goto fail;
		for (i = 0; i < AUDIT_FIELDS; i++) {
			if (get_str(&r, MON_FIELD_MAX, MON_STR_LINE, 1, &m->fields[i], "field",
			    cause) != 0)
				goto fail;
		}
		break;
	case MON_ANS_MAC:
		if (get_flag(&r, &m->ok, "the mac flag", cause) != 0 ||
		    get_raw(&r, m->mac, AUDIT_MAC_BYTES, "the MAC", cause) != 0 ||
		    get_str(&r, MON_CAUSE_MAX, MON_STR_TEXT, m->ok, &m->cause, "cause",
		    cause) != 0)
			goto fail;
		if (m->ok && *m->cause != '\0') {
			fail(cause, "a MAC message with a cause");
			goto fail;
		}
		break;
	case MON_REQ_CERT_SIGN:
		if (get_u32(&r, &dlen, "the length to sign", cause) != 0)
			goto fail;
		if (dlen == 0 || dlen > MON_SIGN_MAX || dlen > r.left) {
			fail(cause, "%u bytes to sign", dlen);
			goto fail;
		}
		m->data = xmalloc(dlen);
		m->data_len = dlen;
		if (get_raw(&r, m->data, dlen, "the bytes to sign", cause) != 0)
			goto fail;
		break;
	case MON_ANS_SIG:
		if (get_flag(&r, &m->ok, "the signature flag", cause) != 0 ||
		    get_raw(&r, m->sig, MON_SIG_BYTES, "the signature", cause) != 0 ||
		    get_raw(&r, m->pub, MON_PUB_BYTES, "the public key", cause) != 0 ||
		    get_str(&r, MON_CAUSE_MAX, MON_STR_TEXT, m->ok, &m->cause, "cause",
		    cause) != 0)
			goto fail;
		if (m->ok && *m->cause != '\0') {
			fail(cause, "a signature message with a cause");
			goto fail;
		}
		break;
	case MON_ANS_KEY:
		if (r.left < KEY_BYTES) {
			fail(cause, "truncated key");
			goto fail;
		}
		m->key = key_new();
		memcpy(m->key->bytes, r.p, KEY_BYTES);
		r.p += KEY_BYTES;
		r.left -= KEY_BYTES;
		break;
	default:
		fail(cause, "unknown message type %u", type);
		goto fail;
	}
	if (r.left != 0) {
		fail(cause, "%zu bytes after the %s message", r.left, mon_type_name(type));
		goto fail;
	}
	return 0;
fail:
	mon_msg_free(m);
	return -1;
}

static int
write_all(int fd, const uint8_t *p, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		/* MSG_NOSIGNAL: a closed peer is an error to report, not a SIGPIPE. */
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Returns 0, or -1 with errno (0 at end of file). EINTR is retried unless *stop is set:
 * the screen process gets SIGWINCH while it waits, the monitor SIGTERM.
 */
static int
read_all(int fd, uint8_t *p, size_t len, const volatile sig_atomic_t *stop)
{
	ssize_t	 n;

	while (len > 0) {
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR && (stop == NULL || !*stop))
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = 0;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
mon_send(int fd, const struct mon_msg *m, char **cause)
{
	struct mon_buf	 b;
	int		 rc;

	memset(&b, 0, sizeof b);
	if (mon_msg_encode(m, &b, cause) != 0) {
		mon_buf_free(&b);
		return -1;
	}
	rc = write_all(fd, b.data, b.len);
	if (rc != 0)
		fail(cause, "cannot send the %s message: %s", mon_type_name(m->type),
		    strerror(errno));
	mon_buf_free(&b);
	return rc;
}

/*
 * Reads one frame and decodes it: 0, -1 when the connection ended or failed (end of file,
 * read error, interrupted with *stop set), -2 when what arrived is malformed.
 */
int
mon_recv(int fd, struct mon_msg *m, const volatile sig_atomic_t *stop, char **cause)
{
	uint8_t	 hdr[MON_FRAME_HEADER], *body;
	size_t	 len;
	int	 rc;

	memset(m, 0, sizeof *m);
	if (read_all(fd, hdr, sizeof hdr, stop) != 0) {
		if (errno == 0)
			return fail(cause, "connection closed");
		return fail(cause, "cannot read a message: %s", strerror(errno));
	}
	if (mon_frame_length(hdr, &len, cause) != 0)
		return -2;
	body = xmalloc(len);
	if (read_all(fd, body, len, stop) != 0) {
		if (errno == 0)
			fail(cause, "connection closed in the middle of a message");
		else
			fail(cause, "cannot read a message: %s", strerror(errno));
		rc = -1;
	} else if (mon_msg_decode(body, len, m, cause) != 0)
		rc = -2;
	else
		rc = 0;
	explicit_bzero(body, len);
	free(body);
	return rc;
}
