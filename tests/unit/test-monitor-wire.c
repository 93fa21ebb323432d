/*
 * The monitor's message codec: every message round-trips; every limit holds at the limit
 * and fails one past it; every malformed body (truncated, too long, bad UTF-8, control
 * characters, NUL, bad flags and counts, bytes left over) is refused; framing over a real
 * socketpair.
 */
#include "config.h"

#include <sys/socket.h>

#include <security/pam_appl.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "keyfile.h"
#include "auth/monitor-wire.h"
#include "xmalloc.h"

/* A body built by hand, for what the encoder would never produce. */
struct raw {
	uint8_t	 b[2048];
	size_t	 len;
};

static void
raw_u8(struct raw *r, uint8_t v)
{
	r->b[r->len++] = v;
}

static void
raw_u32(struct raw *r, uint32_t v)
{
	raw_u8(r, (uint8_t)(v >> 24));
	raw_u8(r, (uint8_t)(v >> 16));
	raw_u8(r, (uint8_t)(v >> 8));
	raw_u8(r, (uint8_t)v);
}

static void
raw_bytes(struct raw *r, const void *p, size_t len)
{
	memcpy(r->b + r->len, p, len);
	r->len += len;
}

static void
raw_str(struct raw *r, const char *s, size_t len)
{
	raw_u32(r, (uint32_t)len);
	raw_bytes(r, s, len);
}

/* Decoding must fail, with a cause that contains want. */
static void
refused(const struct raw *r, const char *want)
{
	struct mon_msg	 m;
	char		*cause = NULL;

	assert_int_equal(mon_msg_decode(r->b, r->len, &m, &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("cause \"%s\" does not contain \"%s\"", cause, want);
	free(cause);
	/* Nothing is left allocated or set on failure. */
	assert_null(m.user);
	assert_null(m.key);
}

/* Encodes, checks the frame header, decodes the body into out. */
static void
round_trip(const struct mon_msg *in, struct mon_msg *out)
{
	struct mon_buf	 b;
	size_t		 len;
	char		*cause = NULL;

	memset(&b, 0, sizeof b);
	if (mon_msg_encode(in, &b, &cause) != 0)
		fail_msg("encode: %s", cause);
	assert_int_equal(mon_frame_length(b.data, &len, &cause), 0);
	assert_int_equal(len, b.len - MON_FRAME_HEADER);
	if (mon_msg_decode(b.data + MON_FRAME_HEADER, len, out, &cause) != 0)
		fail_msg("decode: %s", cause);
	assert_int_equal(out->type, in->type);
	mon_buf_free(&b);
}

static char *
repeat(const char *unit, size_t times)
{
	char	*s;
	size_t	 n = strlen(unit), i;

	s = xmalloc(n * times + 1);
	for (i = 0; i < times; i++)
		memcpy(s + i * n, unit, n);
	s[n * times] = '\0';
	return s;
}

static void
test_round_trip_requests(void **state)
{
	struct mon_msg	 in, out;

	(void)state;
	mon_msg_init(&in, MON_REQ_AUTHENTICATE);
	in.user = "tanaka";
	in.tty = "tty1";
	round_trip(&in, &out);
	assert_string_equal(out.user, "tanaka");
	assert_string_equal(out.tty, "tty1");
	mon_msg_free(&out);

	mon_msg_init(&in, MON_REQ_APPROVER_AUTH);
	in.user = "佐藤";
	in.purpose = "再交付申請の承認 (reissue)";
	round_trip(&in, &out);
	assert_string_equal(out.user, "佐藤");
	assert_string_equal(out.purpose, "再交付申請の承認 (reissue)");
	mon_msg_free(&out);

	mon_msg_init(&in, MON_REQ_GET_KEY);
	round_trip(&in, &out);
	mon_msg_free(&out);
	mon_msg_init(&in, MON_REQ_REAUTHENTICATE);
	round_trip(&in, &out);
	mon_msg_free(&out);
	mon_msg_init(&in, MON_REQ_CHANGE_PASSWORD);
	round_trip(&in, &out);
	mon_msg_free(&out);
	mon_msg_init(&in, MON_REQ_LOGOUT);
	round_trip(&in, &out);
	mon_msg_free(&out);
}

static void
test_round_trip_conversation(void **state)
{
	struct mon_msg	 in, out;

	(void)state;
	mon_msg_init(&in, MON_ANS_CONV);
	in.n = 3;
	in.prompts[0].style = PAM_TEXT_INFO;
	in.prompts[0].text = "認証アプリのコード\nを入力\tしてください";
	in.prompts[1].style = PAM_PROMPT_ECHO_ON;
	in.prompts[1].text = "ワンタイムコード: ";
	in.prompts[2].style = PAM_PROMPT_ECHO_OFF;
	in.prompts[2].text = "";
	round_trip(&in, &out);
	assert_int_equal(out.n, 3);
	assert_int_equal(out.prompts[0].style, PAM_TEXT_INFO);
	assert_string_equal(out.prompts[0].text, in.prompts[0].text);
	assert_int_equal(out.prompts[1].style, PAM_PROMPT_ECHO_ON);
	assert_string_equal(out.prompts[1].text, "ワンタイムコード: ");
	assert_string_equal(out.prompts[2].text, "");
	mon_msg_free(&out);

	mon_msg_init(&in, MON_CONV_REPLY);
	in.n = 3;
	in.replies[1] = "1234\x1b\x01 secret";	/* a secret may hold anything but NUL */
	in.replies[2] = "";
	round_trip(&in, &out);
	assert_int_equal(out.n, 3);
	assert_int_equal(out.cancelled, 0);
	assert_null(out.replies[0]);
	assert_string_equal(out.replies[1], "1234\x1b\x01 secret");
	assert_string_equal(out.replies[2], "");
	mon_msg_free(&out);

	mon_msg_init(&in, MON_CONV_REPLY);
	in.cancelled = 1;
	round_trip(&in, &out);
	assert_int_equal(out.cancelled, 1);
	assert_int_equal(out.n, 0);
	mon_msg_free(&out);
}

static void
test_round_trip_answers(void **state)
{
	struct mon_msg	 in, out;
	struct key	*k;
	int		 i;

	(void)state;
	mon_msg_init(&in, MON_ANS_RESULT);
	in.outcome = AUTH_NO_ACCOUNT;
	in.last = 1;
	in.message = "no approved account for this user";
	in.user = "tanaka";
	in.roles = "clerk supervisor";
	round_trip(&in, &out);
	assert_int_equal(out.outcome, AUTH_NO_ACCOUNT);
	assert_int_equal(out.last, 1);
	assert_string_equal(out.message, in.message);
	assert_string_equal(out.user, "tanaka");
	assert_string_equal(out.roles, "clerk supervisor");
	mon_msg_free(&out);

	/* Empty strings are encoded for NULL fields. */
	mon_msg_init(&in, MON_ANS_RESULT);
	in.outcome = AUTH_OK;
	round_trip(&in, &out);
	assert_string_equal(out.message, "");
	assert_string_equal(out.user, "");
	mon_msg_free(&out);

	k = key_new();
	for (i = 0; i < KEY_BYTES; i++)
		k->bytes[i] = (uint8_t)(i * 7 + 1);
	mon_msg_init(&in, MON_ANS_KEY);
	in.key = k;
	round_trip(&in, &out);
	assert_non_null(out.key);
	assert_memory_equal(out.key->bytes, k->bytes, KEY_BYTES);
	mon_msg_free(&out);
	key_free(k);

	mon_msg_init(&in, MON_ANS_READY);
	in.ok = 1;
	round_trip(&in, &out);
	assert_int_equal(out.ok, 1);
	assert_string_equal(out.cause, "");
	mon_msg_free(&out);
	mon_msg_init(&in, MON_ANS_READY);
	in.cause = "key file /x does not exist";
	round_trip(&in, &out);
	assert_int_equal(out.ok, 0);
	assert_string_equal(out.cause, "key file /x does not exist");
	mon_msg_free(&out);

	mon_msg_init(&in, MON_ANS_LOGOUT);
	round_trip(&in, &out);
	mon_msg_free(&out);
}

/*
 * An audit entry's MAC asked of the monitor: the 64-bit entry number, the previous MAC and
 * the nine fields round-trip; an entry number below 1, a field with a control character
 * (fields are stored escaped) and a truncated MAC are refused.
 */
static void
test_audit_sign(void **state)
{
	struct mon_msg	 in, out;
	struct mon_buf	 b;
	char		*fields[AUDIT_FIELDS] = { "2026-12-05T09:00:00.000Z", "T-01", "tty1",
			    "tanaka", "clerk", "holder.view", "holder:1", "ok", "田中 一郎" };
	char		*cause = NULL;
	int		 i;

	(void)state;
	mon_msg_init(&in, MON_REQ_AUDIT_SIGN);
	in.seq = (int64_t)1 << 40;
	for (i = 0; i < AUDIT_MAC_BYTES; i++)
		in.prev[i] = (uint8_t)i;
	memcpy(in.fields, fields, sizeof fields);
	round_trip(&in, &out);
	assert_int_equal(out.seq, (int64_t)1 << 40);
	assert_memory_equal(out.prev, in.prev, AUDIT_MAC_BYTES);
	for (i = 0; i < AUDIT_FIELDS; i++)
		assert_string_equal(out.fields[i], fields[i]);
	mon_msg_free(&out);

	in.seq = 0;
	memset(&b, 0, sizeof b);
	assert_int_equal(mon_msg_encode(&in, &b, &cause), -1);
	assert_non_null(strstr(cause, "entry number"));
	free(cause);
	cause = NULL;
	in.seq = 7;
	in.fields[8] = "a\x1b]0;x\a";
	assert_int_equal(mon_msg_encode(&in, &b, &cause), -1);
	free(cause);
	cause = NULL;
	mon_buf_free(&b);

	mon_msg_init(&in, MON_ANS_MAC);
	in.ok = 1;
	memset(in.mac, 0xab, AUDIT_MAC_BYTES);
	round_trip(&in, &out);
	assert_int_equal(out.ok, 1);
	assert_memory_equal(out.mac, in.mac, AUDIT_MAC_BYTES);
	mon_msg_free(&out);
	mon_msg_init(&in, MON_ANS_MAC);
	in.cause = "audit entry 3 is already in the log";
	round_trip(&in, &out);
	assert_int_equal(out.ok, 0);
	assert_string_equal(out.cause, "audit entry 3 is already in the log");
	mon_msg_free(&out);

	/* A MAC cut short, and an entry number with its top bit set. */
	{
		uint8_t	 mac[1 + 1 + 10] = { MON_ANS_MAC, 1 };
		uint8_t	 sign[1 + 8] = { MON_REQ_AUDIT_SIGN, 0x80 };

		assert_int_equal(mon_msg_decode(mac, sizeof mac, &out, &cause), -1);
		free(cause);
		cause = NULL;
		assert_int_equal(mon_msg_decode(sign, sizeof sign, &out, &cause), -1);
		assert_non_null(strstr(cause, "entry number"));
		free(cause);
	}
}

/* The office key's signature: the bytes both ways, the limits, a lying length, the answer. */
static void
test_cert_sign(void **state)
{
	struct mon_msg	 in, out;
	struct mon_buf	 b;
	struct raw	 r;
	uint8_t		*big;
	char		*cause = NULL;

	(void)state;
	big = xmalloc(MON_SIGN_MAX + 1);
	memset(big, '%', MON_SIGN_MAX + 1);
	mon_msg_init(&in, MON_REQ_CERT_SIGN);
	in.data = big;
	in.data_len = MON_SIGN_MAX;
	round_trip(&in, &out);
	assert_int_equal(out.data_len, MON_SIGN_MAX);
	assert_memory_equal(out.data, big, MON_SIGN_MAX);
	mon_msg_free(&out);
	memset(&b, 0, sizeof b);
	in.data_len = MON_SIGN_MAX + 1;
	assert_int_equal(mon_msg_encode(&in, &b, &cause), -1);
	free(cause);
	cause = NULL;
	in.data_len = 0;
	assert_int_equal(mon_msg_encode(&in, &b, &cause), -1);
	free(cause);
	cause = NULL;
	mon_buf_free(&b);
	free(big);

	/* A length of nothing, one longer than the body, one over the limit, bytes after. */
	memset(&r, 0, sizeof r);
	raw_u8(&r, MON_REQ_CERT_SIGN);
	raw_u32(&r, 0);
	refused(&r, "0 bytes to sign");
	memset(&r, 0, sizeof r);
	raw_u8(&r, MON_REQ_CERT_SIGN);
	raw_str(&r, "abc", 3);
	r.b[4] = 4;
	refused(&r, "4 bytes to sign");
	memset(&r, 0, sizeof r);
	raw_u8(&r, MON_REQ_CERT_SIGN);
	raw_u32(&r, MON_SIGN_MAX + 1);
	refused(&r, "bytes to sign");
	memset(&r, 0, sizeof r);
	raw_u8(&r, MON_REQ_CERT_SIGN);
	raw_str(&r, "abc", 3);
	raw_u8(&r, 0);
	assert_int_equal(mon_msg_decode(r.b, r.len, &out, &cause), -1);
	free(cause);
	cause = NULL;

	mon_msg_init(&in, MON_ANS_SIG);
	in.ok = 1;
	memset(in.sig, 0x5a, MON_SIG_BYTES);
	memset(in.pub, 0xa5, MON_PUB_BYTES);
	round_trip(&in, &out);
	assert_int_equal(out.ok, 1);
	assert_memory_equal(out.sig, in.sig, MON_SIG_BYTES);
	assert_memory_equal(out.pub, in.pub, MON_PUB_BYTES);
	mon_msg_free(&out);
	mon_msg_init(&in, MON_ANS_SIG);
	in.cause = "the office key /etc/madoguchi/office.key is not an Ed25519 key";
	round_trip(&in, &out);
	assert_int_equal(out.ok, 0);
	assert_string_equal(out.cause, in.cause);
	mon_msg_free(&out);

	/* A signature with a cause, and one cut short. */
	memset(&r, 0, sizeof r);
	raw_u8(&r, MON_ANS_SIG);
	raw_u8(&r, 1);
	memset(r.b + r.len, 0, MON_SIG_BYTES + MON_PUB_BYTES);
	r.len += MON_SIG_BYTES + MON_PUB_BYTES;
	raw_str(&r, "why", 3);
	refused(&r, "a signature message with a cause");
	memset(&r, 0, sizeof r);
	raw_u8(&r, MON_ANS_SIG);
	raw_u8(&r, 1);
	r.len += 10;
	assert_int_equal(mon_msg_decode(r.b, r.len, &out, &cause), -1);
	free(cause);
}

/* Each limit: the maximum passes both ways, one more fails both ways. */
static void
test_limits(void **state)
{
	struct mon_msg	 in, out;
	struct mon_buf	 b;
	struct raw	 r;
	char		*s, *cause = NULL;
	int		 i;

	(void)state;
	memset(&b, 0, sizeof b);

	s = repeat("u", MON_USER_MAX);
	mon_msg_init(&in, MON_REQ_AUTHENTICATE);
	in.user = s;
	round_trip(&in, &out);
	assert_int_equal(strlen(out.user), MON_USER_MAX);
	mon_msg_free(&out);
	free(s);
	s = repeat("u", MON_USER_MAX + 1);
	in.user = s;
	assert_int_equal(mon_msg_encode(&in, &b, &cause), -1);
	assert_non_null(strstr(cause, "more than 63"));
	assert_int_equal(b.len, 0);	/* nothing half-written */
	free(cause);
	cause = NULL;
	r.len = 0;
	raw_u8(&r, MON_REQ_AUTHENTICATE);
	raw_str(&r, s, strlen(s));
	raw_str(&r, "", 0);
	refused(&r, "user is 64 bytes");
	free(s);

	/* 170 three-byte characters = 510 bytes: fits; 171 = 513 bytes: does not. */
	mon_msg_init(&in, MON_ANS_CONV);
	in.n = 1;
	in.prompts[0].style = PAM_TEXT_INFO;
	s = repeat("あ", 170);
	in.prompts[0].text = s;
	round_trip(&in, &out);
	mon_msg_free(&out);
	free(s);
	s = repeat("あ", 171);
	in.prompts[0].text = s;
	assert_int_equal(mon_msg_encode(&in, &b, &cause), -1);
	free(cause);
	cause = NULL;
	free(s);

	/* 32 messages in a round, not 33. */
	mon_msg_init(&in, MON_ANS_CONV);
	in.n = MON_CONV_MAX;
	for (i = 0; i < MON_CONV_MAX; i++) {
		in.prompts[i].style = PAM_ERROR_MSG;
		in.prompts[i].text = "x";
	}
	round_trip(&in, &out);
	assert_int_equal(out.n, MON_CONV_MAX);
	mon_msg_free(&out);
	in.n = MON_CONV_MAX + 1;
	assert_int_equal(mon_msg_encode(&in, &b, &cause), -1);
	free(cause);
	cause = NULL;
	r.len = 0;
	raw_u8(&r, MON_ANS_CONV);
	raw_u32(&r, MON_CONV_MAX + 1);
	refused(&r, "a round of 33 messages");
	r.len = 0;
	raw_u8(&r, MON_ANS_CONV);
	raw_u32(&r, 0);
	refused(&r, "a round of 0 messages");

	/* A reply of 512 bytes, not 513. */
	mon_msg_init(&in, MON_CONV_REPLY);
	in.n = 1;
	s = repeat("p", MON_REPLY_MAX);
	in.replies[0] = s;
	round_trip(&in, &out);
	assert_int_equal(strlen(out.replies[0]), MON_REPLY_MAX);
	mon_msg_free(&out);
	free(s);
	s = repeat("p", MON_REPLY_MAX + 1);
	in.replies[0] = s;
	assert_int_equal(mon_msg_encode(&in, &b, &cause), -1);
	free(cause);
	free(s);
	mon_buf_free(&b);
}

static void
test_malformed(void **state)
{
	struct raw	 r;
	uint8_t		 key[KEY_BYTES];

	(void)state;
	r.len = 0;
	refused(&r, "truncated before the message type");

	r.len = 0;
	raw_u8(&r, 0);
	refused(&r, "unknown message type 0");
	r.len = 0;
	raw_u8(&r, 200);
	refused(&r, "unknown message type 200");

	/* A length field cut short, a length beyond the body, a huge length. */
	r.len = 0;
	raw_u8(&r, MON_REQ_AUTHENTICATE);
	raw_u8(&r, 0);
	raw_u8(&r, 0);
	refused(&r, "truncated before user");
	r.len = 0;
	raw_u8(&r, MON_REQ_AUTHENTICATE);
	raw_u32(&r, 10);
	raw_bytes(&r, "abc", 3);
	refused(&r, "user is 10 bytes but only 3 remain");
	r.len = 0;
	raw_u8(&r, MON_REQ_AUTHENTICATE);
	raw_u32(&r, 0xffffffffu);
	refused(&r, "more than 63");

	/* Required fields present but empty; the second string missing. */
	r.len = 0;
	raw_u8(&r, MON_REQ_AUTHENTICATE);
	raw_str(&r, "", 0);
	raw_str(&r, "", 0);
	refused(&r, "user is empty");
	r.len = 0;
	raw_u8(&r, MON_REQ_AUTHENTICATE);
	raw_str(&r, "alice", 5);
	refused(&r, "truncated before tty");
	r.len = 0;
	raw_u8(&r, MON_REQ_APPROVER_AUTH);
	raw_str(&r, "sato", 4);
	raw_str(&r, "", 0);
	refused(&r, "purpose is empty");

	/* Bytes after the last field. */
	r.len = 0;
	raw_u8(&r, MON_REQ_GET_KEY);
	raw_u8(&r, 0);
	refused(&r, "1 bytes after the get_key message");
	r.len = 0;
	raw_u8(&r, MON_REQ_AUTHENTICATE);
	raw_str(&r, "alice", 5);
	raw_str(&r, "tty1", 4);
	raw_u8(&r, 'x');
	refused(&r, "after the authenticate message");

	/* Flags are 0 or 1; styles are PAM's four; outcomes are known. */
	r.len = 0;
	raw_u8(&r, MON_CONV_REPLY);
	raw_u8(&r, 2);
	refused(&r, "the cancel flag is 2");
	r.len = 0;
	raw_u8(&r, MON_CONV_REPLY);
	raw_u8(&r, 0);
	raw_u32(&r, 1);
	raw_u8(&r, 7);
	refused(&r, "a reply flag is 7");
	r.len = 0;
	raw_u8(&r, MON_CONV_REPLY);
	raw_u8(&r, 1);
	raw_u32(&r, 1);
	refused(&r, "a cancelled round with 1 replies");
	r.len = 0;
	raw_u8(&r, MON_CONV_REPLY);
	raw_u8(&r, 0);
	raw_u32(&r, 0);
	refused(&r, "a round with no replies");
	r.len = 0;
	raw_u8(&r, MON_CONV_REPLY);
	raw_u8(&r, 0);
	raw_u32(&r, 33);
	refused(&r, "33 replies");
	r.len = 0;
	raw_u8(&r, MON_ANS_CONV);
	raw_u32(&r, 1);
	raw_u32(&r, 0);
	raw_str(&r, "x", 1);
	refused(&r, "message style 0");
	r.len = 0;
	raw_u8(&r, MON_ANS_CONV);
	raw_u32(&r, 1);
	raw_u32(&r, 5);	/* PAM_RADIO_TYPE and the binary prompt are not relayed */
	raw_str(&r, "x", 1);
	refused(&r, "message style 5");
	r.len = 0;
	raw_u8(&r, MON_ANS_RESULT);
	raw_u32(&r, AUTH_OUTCOME_MAX + 1);
	refused(&r, "outcome 7");
	r.len = 0;
	raw_u8(&r, MON_ANS_READY);
	raw_u8(&r, 1);
	raw_str(&r, "why", 3);
	refused(&r, "a ready message with a cause");
	r.len = 0;
	raw_u8(&r, MON_ANS_READY);
	raw_u8(&r, 0);
	raw_str(&r, "", 0);
	refused(&r, "cause is empty");

	/* The key is exactly 32 bytes. */
	memset(key, 0xab, sizeof key);
	r.len = 0;
	raw_u8(&r, MON_ANS_KEY);
	raw_bytes(&r, key, KEY_BYTES - 1);
	refused(&r, "truncated key");
	r.len = 0;
	raw_u8(&r, MON_ANS_KEY);
	raw_bytes(&r, key, KEY_BYTES);
	raw_u8(&r, 0);
	refused(&r, "1 bytes after the key message");
}

/* What strings may hold: the decoder refuses, whatever the field. */
static void
test_strings(void **state)
{
	static const struct {
		const char	*bytes;
		size_t		 len;
		const char	*what;
	} bad[] = {
		{ "al\0ce", 5, "NUL" },
		{ "\xc0\x80", 2, "overlong NUL" },
		{ "\xe0\x80\xaf", 3, "overlong slash" },
		{ "\xed\xa0\x80", 3, "surrogate" },
		{ "\xf4\x90\x80\x80", 4, "above U+10FFFF" },
		{ "\xf5\x80\x80\x80", 4, "F5 lead byte" },
		{ "\xe3\x81", 2, "truncated sequence" },
		{ "\x80", 1, "lone continuation" },
		{ "a\x1b[2J", 5, "escape" },
		{ "a\xc2\x9b" "2J", 5, "C1 CSI" },
		{ "a\x7f", 2, "DEL" },
		{ "a\nb", 3, "newline in a name" },
	};
	struct mon_msg	 m;
	struct raw	 r;
	char		*cause = NULL;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r.len = 0;
		raw_u8(&r, MON_REQ_AUTHENTICATE);
		raw_str(&r, bad[i].bytes, bad[i].len);
		raw_str(&r, "", 0);
		if (mon_msg_decode(r.b, r.len, &m, &cause) == 0)
			fail_msg("accepted a user with %s", bad[i].what);
		free(cause);
		cause = NULL;
	}

	/* Messages may hold newlines and tabs, but no escape; replies hold anything not NUL. */
	assert_true(mon_utf8_valid("行1\n行2\t", strlen("行1\n行2\t"), MON_STR_TEXT));
	assert_false(mon_utf8_valid("a\x1b", 2, MON_STR_TEXT));
	assert_false(mon_utf8_valid("a\r", 2, MON_STR_TEXT));
	assert_true(mon_utf8_valid("a\x1b\r", 3, MON_STR_SECRET));
	assert_false(mon_utf8_valid("a\0b", 3, MON_STR_SECRET));
	assert_false(mon_utf8_valid("\xff", 1, MON_STR_SECRET));
	assert_true(mon_utf8_valid("𠮷野家", strlen("𠮷野家"), MON_STR_LINE));

	r.len = 0;
	raw_u8(&r, MON_CONV_REPLY);
	raw_u8(&r, 0);
	raw_u32(&r, 1);
	raw_u8(&r, 1);
	raw_str(&r, "pa\0ss", 5);
	refused(&r, "reply is not valid UTF-8");
	r.len = 0;
	raw_u8(&r, MON_ANS_CONV);
	raw_u32(&r, 1);
	raw_u32(&r, PAM_TEXT_INFO);
	raw_str(&r, "\x1b]0;owned\x07", 10);
	refused(&r, "message text is not valid UTF-8 text");
}

static void
test_sanitize(void **state)
{
	char	 out[16];

	(void)state;
	mon_sanitize("a\x1b[2Jb", out, sizeof out);
	assert_string_equal(out, "a?[2Jb");
	mon_sanitize("x\xff\xfey", out, sizeof out);
	assert_string_equal(out, "x??y");
	mon_sanitize("l1\nl2\t\r", out, sizeof out);
	assert_string_equal(out, "l1\nl2\t?");
	mon_sanitize("\xc2\x9b", out, sizeof out);
	assert_string_equal(out, "?");
	/* Cut on a character boundary: five 3-byte characters fill 15 bytes, no half one. */
	mon_sanitize("ああああああ", out, sizeof out);
	assert_string_equal(out, "あああああ");
	mon_sanitize("abcdefghijklmnあ", out, sizeof out);
	assert_string_equal(out, "abcdefghijklmn");
	assert_true(mon_utf8_valid(out, strlen(out), MON_STR_TEXT));
}

static void
test_frame_length(void **state)
{
	uint8_t	 h[4];
	size_t	 len = 0;
	char	*cause = NULL, more[32];

	(void)state;
	memset(h, 0, sizeof h);
	assert_int_equal(mon_frame_length(h, &len, &cause), -1);
	assert_string_equal(cause, "empty message");
	free(cause);
	cause = NULL;
	h[1] = (uint8_t)(MON_BODY_MAX >> 16);
	h[2] = (uint8_t)(MON_BODY_MAX >> 8);
	h[3] = (uint8_t)MON_BODY_MAX;
	assert_int_equal(mon_frame_length(h, &len, &cause), 0);
	assert_int_equal(len, MON_BODY_MAX);
	h[3]++;		/* one more */
	assert_int_equal(mon_frame_length(h, &len, &cause), -1);
	snprintf(more, sizeof more, "%d", MON_BODY_MAX + 1);
	assert_non_null(strstr(cause, more));
	free(cause);
	cause = NULL;
	memset(h, 0xff, sizeof h);
	assert_int_equal(mon_frame_length(h, &len, &cause), -1);
	free(cause);
}

/* Over a socketpair: a message, a frame too long, a frame cut short, the end of file. */
static void
test_send_recv(void **state)
{
	struct mon_msg	 in, out;
	uint8_t		 junk[8] = { 0x7f, 0xff, 0xff, 0xff, 1, 2, 3, 4 };
	uint8_t		 part[6] = { 0, 0, 0, 20, MON_REQ_AUTHENTICATE, 0 };
	char		*cause = NULL, more[32];
	int		 sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	mon_msg_init(&in, MON_REQ_AUTHENTICATE);
	in.user = "alice";
	in.tty = "pts/3";
	assert_int_equal(mon_send(sv[0], &in, &cause), 0);
	assert_int_equal(mon_recv(sv[1], &out, NULL, &cause), 0);
	assert_int_equal(out.type, MON_REQ_AUTHENTICATE);
	assert_string_equal(out.user, "alice");
	assert_string_equal(out.tty, "pts/3");
	mon_msg_free(&out);

	/* An invalid message is not sent at all. */
	in.user = "";
	assert_int_equal(mon_send(sv[0], &in, &cause), -1);
	free(cause);
	cause = NULL;

	assert_int_equal(write(sv[0], junk, sizeof junk), (ssize_t)sizeof junk);
	assert_int_equal(mon_recv(sv[1], &out, NULL, &cause), -2);
	snprintf(more, sizeof more, "more than %d", MON_BODY_MAX);
	assert_non_null(strstr(cause, more));
	free(cause);
	cause = NULL;
	close(sv[0]);
	close(sv[1]);

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(write(sv[0], part, sizeof part), (ssize_t)sizeof part);
	close(sv[0]);
	assert_int_equal(mon_recv(sv[1], &out, NULL, &cause), -1);
	assert_non_null(strstr(cause, "in the middle of a message"));
	free(cause);
	cause = NULL;
	assert_int_equal(mon_recv(sv[1], &out, NULL, &cause), -1);
	assert_string_equal(cause, "connection closed");
	free(cause);
	close(sv[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_requests),
		cmocka_unit_test(test_round_trip_conversation),
		cmocka_unit_test(test_round_trip_answers),
		cmocka_unit_test(test_audit_sign),
		cmocka_unit_test(test_cert_sign),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_frame_length),
		cmocka_unit_test(test_send_recv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
