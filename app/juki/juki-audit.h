/*
 * Rejected Juki files into the audit log (SPEC §8): the juki_audit_fn that
 * juki_spool_import calls, writing through db/audit/audit.h. Kept out of the codec so that the
 * codec needs no database.
 */
#ifndef JUKI_AUDIT_H
#define JUKI_AUDIT_H

struct db;

struct juki_audit_ctx {
	struct db	*db;
	const char	*tty;
	const char	*user;		/* the user whose import found the file, or "system" */
	const char	*role;
	int		 failed;	/* set if an entry could not be written */
	char		*cause;		/* why, allocated; the caller frees it */
};

void	juki_audit_db(void *, const char *, const char *, const char *, const char *);

#endif
