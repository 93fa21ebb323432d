/* app/admin/: madoguchi-admin's subcommands (cmd-admin-*.c) and opening the database.
 * May use: lib/, db/, app/. */
/* What the madoguchi-admin commands share: the database options, opening, auditing. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/admin.h"
#include "audit/audit.h"
#include "audit/audit-head.h"
#include "admin/dbopen.h"
#include "config-file.h"
#include "i18n.h"
#include "xmalloc.h"

/* Handles --config/--db/--key (getopt values 'c', 'd', 'k'); 0 if it was one of them. */
int
admin_db_opt(struct admin_db_opts *o, int ch, const char *arg)
{
	switch (ch) {
	case 'c':
		o->config = arg;
		return 0;
	case 'd':
		o->db = arg;
		return 0;
	case 'k':
		o->key = arg;
		return 0;
	}
	return -1;
}

/*
 * For commands whose only options are the database ones: -1 to go on, or the exit
 * status (after --help or a usage error).
 */
int
admin_parse_db_opts(const struct admin_cmd *cmd, int argc, char **argv,
    struct admin_db_opts *o)
{
	static const struct option longopts[] = { ADMIN_DB_LONGOPTS, { NULL, 0, NULL, 0 } };
	int	 ch;

	memset(o, 0, sizeof *o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS, longopts, NULL)) != -1) {
		if (admin_db_opt(o, ch, optarg) == 0)
			continue;
		admin_usage(cmd, ch == 'h' ? stdout : stderr);
		return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
	}
	if (optind != argc) {
		admin_usage(cmd, stderr);
		return ADMIN_EXIT_USAGE;
	}
	return -1;
}

struct db *
admin_open(const struct admin_db_opts *o, enum db_open_mode mode)
{
	struct db	*db;
	enum db_error	 err = DB_OK;
	char		*cause = NULL;

	if ((db = dbopen_tool_err(o->config, o->db, o->key, mode, &err, &cause)) != NULL)
		return db;
	/*
	 * Damage in a page the open reads: as damage anywhere else (exit 4, the page, what
	 * to do); nothing of a damaged database is to be trusted, so the tool ends here.
	 */
	if (err == DB_ERR_DAMAGED)
		exit(admin_integrity_outcome(1, cause, program_invocation_short_name));
	fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
	free(cause);
	return NULL;
}

/* Administrative actions are done and audited as the operating-system user who ran them. */
void
admin_actor(struct actor *who)
{
	static char	 name[64];
	struct passwd	*pw;

	pw = getpwuid(getuid());
	snprintf(name, sizeof name, "%s", pw != NULL ? pw->pw_name : "uid-unknown");
	memset(who, 0, sizeof *who);
	who->user = name;
	who->role = "os-admin";
	who->tty = ttyname(STDIN_FILENO) != NULL ? ttyname(STDIN_FILENO) : "";
	who->os_admin = 1;
}

int
admin_audit(struct db *db, const char *action, const char *target, const char *detail)
{
	struct actor	 who;
	char		*cause = NULL;

	admin_actor(&who);
	if (audit_actor(db, &who, action, target, "ok", detail, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		return -1;
	}
	return 0;
}

void
admin_usage(const struct admin_cmd *cmd, FILE *f)
{
	fprintf(f, _("usage: %s %s %s\n"), cmd->prog != NULL ? cmd->prog : "madoguchi-admin",
	    cmd->name, cmd->usage);
	fprintf(f, "%s\n", _(cmd->summary));
}

/*
 * What db_integrity_check found (rc and its cause, freed here), said on standard error
 * with what to do about damage; returns the exit status. Nothing else a damaged database
 * shows is to be trusted, so the callers stop there.
 */
int
admin_integrity_outcome(int rc, char *cause, const char *prog)
{
	if (rc == 0)
		return ADMIN_EXIT_OK;
	fprintf(stderr, "%s: %s\n", prog, cause);
	free(cause);
	if (rc < 0)
		return ADMIN_EXIT_FAIL;
	fprintf(stderr, _("%s: restore it from a backup. Check the newest backup\n"
	    "and keep the restored copy with\n"
	    "  madoguchi-admin restore-test BACKUP --output PATH\n"
	    "then stop madoguchi and put PATH in place of the database (see \"A damaged\n"
	    "database\" in the admin guide).\n"), prog);
	return ADMIN_EXIT_DAMAGED;
}

/* Reads every page of the database; returns the exit status, as above. */
int
admin_integrity(struct db *db, const char *prog)
{
	char	*cause = NULL;
	int	 rc;

	rc = db_integrity_check(db, &cause);
	return admin_integrity_outcome(rc, cause, prog);
}

/* Checks the database's pages, then verifies the chain; returns the exit status. */
int
audit_report(struct db *db, const char *prog)
{
	struct audit_check	 check;
	char			*cause = NULL, *problem = NULL;
	int			 rc;

	if ((rc = admin_integrity(db, prog)) != ADMIN_EXIT_OK)
		return rc;
	rc = audit_verify(db, &check, &cause);
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", prog, cause);
		free(cause);
		return ADMIN_EXIT_OPEN;
	}
	if (rc == 1) {
		printf(_("audit chain BROKEN at entry %lld: %s\n"), (long long)check.first_bad,
		    check.reason);
		audit_check_free(&check);
		return ADMIN_EXIT_FAIL;
	}
	/* Intact as far as it goes: now whether it goes as far as it went. */
	rc = audit_head_check(db, &problem, &cause);
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", prog, cause);
		free(cause);
		audit_check_free(&check);
		return ADMIN_EXIT_OPEN;
	}
	if (rc == 1) {
		printf(_("audit log CUT OR REWRITTEN: %s\n"), problem);
		free(problem);
		audit_check_free(&check);
		return ADMIN_EXIT_FAIL;
	}
	printf(_("audit chain intact: %lld entries\n"), (long long)check.count);
	audit_check_free(&check);
	return ADMIN_EXIT_OK;
}
