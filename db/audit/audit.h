/*
 * The audit log (SPEC §8): append-only entries chained by HMAC-SHA256 under a key kept in
 * a root-only file outside the database (audit-key.h). Verification names the first entry
 * that is altered, missing, inserted or out of order; the head kept outside the database
 * (audit-head.h) tells a log cut at its end.
 */
#ifndef AUDIT_H
#define AUDIT_H

#include <stdint.h>

struct db;

#define AUDIT_MAC_BYTES	32
#define AUDIT_FIELDS	9	/* at terminal_id tty user role action target result detail */

/*
 * Computes the MAC of entry seq, whose fields are given in the order above, after prev:
 * for a process that may not hold the key (the screens ask the monitor).
 */
typedef int	 audit_signer_fn(void *, int64_t, const uint8_t *, const char *const *,
		    uint8_t *, char **);

/* Who is acting: the logged-in user, the role they act in, their terminal. */
struct actor {
	const char	*user;
	const char	*role;
	const char	*tty;
	int		 os_admin;	/* root at the terminal's shell (madoguchi-admin) */
};

struct audit_event {
	const char	*tty;
	const char	*user;
	const char	*role;
	const char	*action;
	const char	*target;	/* "holder:<uuid> ..." or "" */
	const char	*result;	/* "ok", "denied", "failed", ... */
	const char	*detail;
};

struct audit_check {
	int64_t	 count;		/* entries read */
	int64_t	 first_bad;	/* seq of the first bad entry, 0 if intact */
	char	*reason;	/* what is wrong with it, allocated, or NULL */
};

int	 audit_append(struct db *, const struct audit_event *, char **);
int	 audit_actor(struct db *, const struct actor *, const char *, const char *,
	    const char *, const char *, char **);
int	 audit_logged(struct db *, const char *, const char *, int *, char **);
int	 audit_verify(struct db *, struct audit_check *, char **);
void	 audit_check_free(struct audit_check *);
int64_t	 audit_count(struct db *);
void	 audit_set_key(struct db *, const uint8_t *);
void	 audit_set_signer(struct db *, audit_signer_fn *, void *);
int	 audit_entry_sign(struct db *, int64_t, const uint8_t *, const char *const *,
	    uint8_t *, char **);
int	 audit_tail_verify(struct db *, int64_t, const uint8_t *, int64_t *, uint8_t *,
	    char **, char **);

#endif
