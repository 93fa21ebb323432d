/*
 * madoguchi-admin audit-head: the audit log's head kept outside the database (SPEC §8):
 * how many entries the log had when last verified, how far the central store acknowledged
 * it, and whether the log still reaches both.
 *
 *	madoguchi-admin audit-head
 *	madoguchi-admin audit-head --reset --reason TEXT
 *
 * After a database is restored from a backup, its log is shorter than the head: the desk
 * refuses every login, as it would after a rewound log. --reset is the sysadmin saying
 * "this was a restore": the head (and the anchor, if the log no longer reaches it) moves
 * back to the log's end, which must verify whole, and an audit entry records what the
 * head and anchor were, and why. The entries lost with the restore are still in the
 * central store (madoguchi-admin sync-recover brings them back when it can).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "audit/audit-head.h"
#include "i18n.h"
#include "xmalloc.h"

static int	cmd_audit_head_exec(int, char **);

const struct admin_cmd admin_cmd_audit_head = {
	.name = "audit-head",
	.usage = "[--reset --reason TEXT] [--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("show the audit log's head kept outside the database, or reset it "
	    "after a restore"),
	.exec = cmd_audit_head_exec,
};

static int
head_show(struct db *db)
{
	struct audit_mark	 head, anchor;
	char			*problem = NULL, *cause = NULL;
	int			 rc;

	if (audit_head_read(audit_head_of(db), &head, &anchor, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		return ADMIN_EXIT_OPEN;
	}
	printf(_("head:   %lld entries, as last verified\n"), (long long)head.count);
	printf(_("anchor: %lld entries, as the central store acknowledged them\n"),
	    (long long)anchor.count);
	rc = audit_head_check(db, &problem, &cause);
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		return ADMIN_EXIT_OPEN;
	}
	if (rc > 0) {
		printf(_("audit log CUT OR REWRITTEN: %s\n"), problem);
		free(problem);
		return ADMIN_EXIT_FAIL;
	}
	printf(_("the audit log reaches both\n"));
	return ADMIN_EXIT_OK;
}

static int
head_reset(struct db *db, const char *reason)
{
	struct audit_mark	 head, anchor;
	char			*cause = NULL, *detail;
	int			 rc;

	if (audit_head_read(audit_head_of(db), &head, &anchor, &cause) != 0 ||
	    audit_head_reset(db, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		return ADMIN_EXIT_FAIL;
	}
	xasprintf(&detail, "head was %lld, anchor %lld; log ends at %lld; %s",
	    (long long)head.count, (long long)anchor.count, (long long)audit_count(db),
	    reason);
	rc = admin_audit(db, "admin.audit-head-reset", "", detail);
	free(detail);
	if (rc != 0)
		return ADMIN_EXIT_FAIL;
	printf(_("the audit head was at %lld entries and the anchor at %lld; both now end "
	    "where the log ends\n"), (long long)head.count, (long long)anchor.count);
	return ADMIN_EXIT_OK;
}

static int
cmd_audit_head_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "reset", no_argument, NULL, 'r' },
		{ "reason", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct db		*db;
	const char		*reason = NULL;
	int			 ch, reset = 0, rc;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS, longopts, NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		if (ch == 'r')
			reset = 1;
		else if (ch == 'R')
			reason = optarg;
		else {
			admin_usage(&admin_cmd_audit_head, ch == 'h' ? stdout : stderr);
			return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
		}
	}
	if (optind != argc || reset != (reason != NULL) || (reason != NULL &&
	    *reason == '\0')) {
		if (reset && (reason == NULL || *reason == '\0'))
			fprintf(stderr, _("%s: --reset needs --reason: say which "
			    "backup was restored, and why\n"), program_invocation_short_name);
		admin_usage(&admin_cmd_audit_head, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if ((db = admin_open(&o, reset ? DB_OPEN_EXISTING : DB_OPEN_READONLY)) == NULL)
		return ADMIN_EXIT_OPEN;
	if (audit_head_of(db) == NULL) {
		fprintf(stderr, _("%s: the audit log's key is still inside the "
		    "database: run madoguchi-admin migrate\n"), program_invocation_short_name);
		rc = ADMIN_EXIT_OPEN;
	} else
		rc = reset ? head_reset(db, reason) : head_show(db);
	db_close(db);
	return rc;
}
