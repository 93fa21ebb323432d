/*
 * The messages between the screen process and the privileged monitor (SPEC §2).
 *
 * A frame is a 4-byte big-endian body length and the body; the body is a type byte and the
 * fields of that type, nothing more. Integers are 4-byte big-endian; a string is a 4-byte
 * length and that many bytes of UTF-8 without NUL; the key is exactly KEY_BYTES bytes.
 * Every length, count and value is checked against the limits below before anything is
 * allocated, and a body with bytes left over is refused: the monitor trusts nothing the
 * unprivileged side sends.
 */
#ifndef MONITOR_WIRE_H
#define MONITOR_WIRE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "audit/audit.h"
#include "keyfile.h"

#define MON_FRAME_HEADER	4
#define MON_SIGN_MAX		(1024 * 1024)	/* a certificate PDF is some 40 KiB */
#define MON_BODY_MAX		(MON_SIGN_MAX + 64)	/* CERT_SIGN is the largest */

#define MON_CONV_MAX		32	/* PAM_MAX_NUM_MSG */
#define MON_PROMPT_MAX		512	/* PAM_MAX_MSG_SIZE */
#define MON_REPLY_MAX		512	/* PAM_MAX_RESP_SIZE */
#define MON_USER_MAX		63	/* longest user name, bytes */
#define MON_TTY_MAX		63
#define MON_PURPOSE_MAX		255
#define MON_MESSAGE_MAX		1023
#define MON_ROLES_MAX		127
#define MON_CAUSE_MAX		1024
#define MON_FIELD_MAX		16384	/* one audit entry's field, as it is stored */
#define MON_SIG_BYTES		64	/* an Ed25519 signature */
#define MON_PUB_BYTES		32	/* an Ed25519 public key */

enum mon_type {
	/* Screen -> monitor. */
	MON_REQ_AUTHENTICATE = 1,	/* user, tty */
	MON_REQ_REAUTHENTICATE = 2,	/* - */
	MON_REQ_APPROVER_AUTH = 3,	/* user (the approver), purpose */
	MON_REQ_CHANGE_PASSWORD = 4,	/* - */
	MON_REQ_GET_KEY = 5,		/* - */
	MON_REQ_LOGOUT = 6,		/* - */
	MON_CONV_REPLY = 7,
	MON_REQ_AUDIT_SIGN = 8,		/* seq, prev, AUDIT_FIELDS x field */
	MON_REQ_CERT_SIGN = 9,		/* data */		/* cancelled, n, n x (present, reply) */

	/* Monitor -> screen. */
	MON_ANS_READY = 64,		/* ok, cause */
	MON_ANS_CONV = 65,		/* n, n x (style, text) */
	MON_ANS_RESULT = 66,		/* outcome, last, message, user, roles */
	MON_ANS_KEY = 67,		/* key */
	MON_ANS_LOGOUT = 68,		/* - */
	MON_ANS_MAC = 69,		/* ok, mac, cause */
	MON_ANS_SIG = 70,		/* ok, sig, pub, cause */
};

/* What a string field may contain, beyond being UTF-8 without NUL. */
enum mon_str_class {
	MON_STR_LINE,	/* no control characters at all: names, ttys, roles */
	MON_STR_TEXT,	/* newline and tab allowed: messages and prompts */
	MON_STR_SECRET,	/* anything but NUL: what a person typed at a prompt */
};

struct mon_prompt {
	uint32_t	 style;
	char		*text;
};

/* A decoded message. Strings are allocated and NUL-terminated; unused ones are NULL. */
struct mon_msg {
	uint8_t			 type;

	char			*user;		/* AUTHENTICATE, APPROVER_AUTH, RESULT */
	char			*tty;		/* AUTHENTICATE */
	char			*purpose;	/* APPROVER_AUTH */

	uint32_t		 n;		/* CONV, CONV_REPLY */
	struct mon_prompt	 prompts[MON_CONV_MAX];	/* CONV */
	uint8_t			 cancelled;	/* CONV_REPLY */
	char			*replies[MON_CONV_MAX];	/* CONV_REPLY; NULL: no reply */

	uint8_t			 ok;		/* READY */
	char			*cause;		/* READY when not ok */

	uint32_t		 outcome;	/* RESULT: enum auth_outcome */
	uint8_t			 last;		/* RESULT: the monitor ends after it */
	char			*message;	/* RESULT */
	char			*roles;		/* RESULT */

	struct key		*key;		/* KEY, in locked memory */

	int64_t			 seq;		/* AUDIT_SIGN: the entry's number, >= 1 */
	uint8_t			 prev[AUDIT_MAC_BYTES];	/* AUDIT_SIGN: the MAC before it */
	char			*fields[AUDIT_FIELDS];	/* AUDIT_SIGN, as audit.c MACs them */
	uint8_t			 mac[AUDIT_MAC_BYTES];	/* MAC when ok */

	uint8_t			*data;		/* CERT_SIGN: what the office key signs */
	size_t			 data_len;
	uint8_t			 sig[MON_SIG_BYTES];	/* SIG when ok: Ed25519 */
	uint8_t			 pub[MON_PUB_BYTES];	/* SIG when ok: the public key */
};

/* A growing output buffer; wiped when freed, since replies and the key pass through it. */
struct mon_buf {
	uint8_t		*data;
	size_t		 len;
	size_t		 size;
};

void	 mon_msg_init(struct mon_msg *, uint8_t);
void	 mon_msg_free(struct mon_msg *);
int	 mon_msg_encode(const struct mon_msg *, struct mon_buf *, char **);
int	 mon_msg_decode(const uint8_t *, size_t, struct mon_msg *, char **);
int	 mon_frame_length(const uint8_t *, size_t *, char **);
void	 mon_buf_free(struct mon_buf *);

int	 mon_utf8_valid(const char *, size_t, enum mon_str_class);
void	 mon_sanitize(const char *, char *, size_t);
const char *mon_type_name(uint8_t);

int	 mon_send(int, const struct mon_msg *, char **);
int	 mon_recv(int, struct mon_msg *, const volatile sig_atomic_t *, char **);

#endif
