/*
 * Dropping root for the screen process (SPEC §2): all groups, then the group, then the
 * user, each real, effective and saved, and a check that none of it can be undone.
 */
#ifndef PRIVSEP_H
#define PRIVSEP_H

#include <sys/types.h>

#define PRIVSEP_USER	"madoguchi"

struct privsep_id {
	char	 name[64];
	uid_t	 uid;
	gid_t	 gid;
};

int	privsep_lookup(const char *, struct privsep_id *, char **);
int	privsep_drop(const struct privsep_id *, char **);

#endif
