/*
 * The audit chain's head kept outside the database (SPEC §8): a root-only file beside the
 * database key holding how many entries the log had and the last one's MAC when they were
 * last seen verified, and the anchor: how far the central store acknowledged the log. The
 * head only moves forward, and only over entries that verify with the key, so whoever
 * holds the database key alone can neither cut the log's end nor rewrite it unnoticed.
 */
#ifndef AUDIT_HEAD_H
#define AUDIT_HEAD_H

#include <stdint.h>

#include "audit/audit.h"

struct db;
struct audit_head;

struct audit_mark {
	int64_t	 count;				/* entries 1 to count */
	uint8_t	 mac[AUDIT_MAC_BYTES];		/* entry count's MAC, all zero for 0 */
};

int	 audit_head_open(const char *, int, struct audit_head **, char **);
int	 audit_head_create(const char *, struct db *, char **);
void	 audit_head_close(struct audit_head *);
int	 audit_head_read(struct audit_head *, struct audit_mark *, struct audit_mark *,
	    char **);
void	 audit_head_attach(struct db *, struct audit_head *);
struct audit_head *audit_head_of(struct db *);
int	 audit_head_advance(struct db *, char **, char **);
int	 audit_head_anchor(struct db *, int64_t, char **);
int	 audit_head_check(struct db *, char **, char **);
int	 audit_head_reset(struct db *, char **);

#endif
