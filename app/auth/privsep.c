/*
 * Dropping root for the screen process (see privsep.h).
 *
 * The order matters: supplementary groups and the group first, while we still may, the
 * user last. Each of real, effective and saved IDs is set, because a saved UID of 0 lets
 * a compromised process take root back with seteuid(0). Then we check that it worked the
 * way OpenSSH's permanently_set_uid() does: by reading the IDs back and by trying to get
 * root back, which must fail. PR_SET_NO_NEW_PRIVS keeps the screen process from gaining
 * anything by executing a set-user-ID program: a clerk never gets a shell, and neither
 * does an attacker who takes over the screen process.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "auth/privsep.h"
#include "xmalloc.h"

int
privsep_lookup(const char *name, struct privsep_id *id, char **cause)
{
	struct passwd	*pw;

	errno = 0;
	if ((pw = getpwnam(name)) == NULL) {
		if (errno != 0 && errno != ENOENT && errno != ESRCH)
			xasprintf(cause, _("cannot look up the system user %s: %s"), name,
			    strerror(errno));
		else
			xasprintf(cause, _("the system user %s does not exist; madoguchi runs "
			    "its screens as that user when started as root (the package creates "
			    "it: adduser --system --group %s)"), name, name);
		return -1;
	}
	if (pw->pw_uid == 0 || pw->pw_gid == 0) {
		xasprintf(cause, _("the system user %s has user or group ID 0; it must be an "
		    "unprivileged user"), name);
		return -1;
	}
	memset(id, 0, sizeof *id);
	snprintf(id->name, sizeof id->name, "%s", name);
	id->uid = pw->pw_uid;
	id->gid = pw->pw_gid;
	return 0;
}

int
privsep_drop(const struct privsep_id *id, char **cause)
{
	uid_t		 ru, eu, su;
	gid_t		 rg, eg, sg, groups[2];
	struct rlimit	 unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	int		 n;

	/*
	 * The screen process opens the database after a login and then locks all of its
	 * memory (db/memlock.c), which an unprivileged user may do only without a limit;
	 * root may lift it, here, before it stops being root. Without it, SQLCipher locks
	 * and unlocks each block itself: slower, not less safe, so a refusal is no error.
	 */
	(void)setrlimit(RLIMIT_MEMLOCK, &unlimited);
	if (setgroups(1, &id->gid) != 0) {
		xasprintf(cause, _("setgroups for %s: %s"), id->name, strerror(errno));
		return -1;
	}
	if (setresgid(id->gid, id->gid, id->gid) != 0) {
		xasprintf(cause, _("setresgid for %s: %s"), id->name, strerror(errno));
		return -1;
	}
	if (setresuid(id->uid, id->uid, id->uid) != 0) {
		xasprintf(cause, _("setresuid for %s: %s"), id->name, strerror(errno));
		return -1;
	}

	if (getresuid(&ru, &eu, &su) != 0 || ru != id->uid || eu != id->uid ||
	    su != id->uid || getresgid(&rg, &eg, &sg) != 0 || rg != id->gid ||
	    eg != id->gid || sg != id->gid) {
		xasprintf(cause, _("the privilege drop to %s did not take effect"), id->name);
		return -1;
	}
	n = getgroups(2, groups);
	if (n < 0 || n > 1 || (n == 1 && groups[0] != id->gid)) {
		xasprintf(cause, _("supplementary groups remain after the drop to %s"),
		    id->name);
		return -1;
	}
	if (setuid(0) != -1 || seteuid(0) != -1 || setgid(0) != -1 || setegid(0) != -1 ||
	    setgroups(0, NULL) != -1) {
		xasprintf(cause, _("root could be regained after the drop to %s"), id->name);
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		xasprintf(cause, _("cannot set no_new_privs: %s"), strerror(errno));
		return -1;
	}
	return 0;
}
