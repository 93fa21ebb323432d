/*
 * madoguchi-admin sync-recover [--dry-run]: a terminal restored from a backup, whose
 * redone work the central store refuses (MDG02), either resumes the store's history or
 * is told to register again under a new terminal id (docs/sync.md, "A restored
 * terminal"; SPEC §10). The comparison and the recovery are db/sync/sync-recover*.c; this
 * file reads the options and says what was found, decided and done.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "admin/admin.h"
#include "admin/admin-sync.h"
#include "audit/audit.h"
#include "config-file.h"
#include "i18n.h"
#include "sync/sync-client.h"
#include "sync/sync-recover.h"
#include "sync/sync-sign.h"

static int	cmd_sync_recover_exec(int, char **);
static void	print_found(const struct sync_recover_plan *);
static void	print_resume(const struct sync_recover_plan *, int);
static int	print_reregister(struct db *, const struct sync_recover_plan *,
		    const char *);

const struct admin_cmd admin_cmd_sync_recover = {
	.name = "sync-recover",
	.usage = "[--config FILE] [--db PATH] [--key PATH] [--dry-run]",
	.summary = N_("after a restore: resume the store's history or re-register"),
	.exec = cmd_sync_recover_exec,
};

static void
print_found(const struct sync_recover_plan *plan)
{
	printf(_("central store: this terminal's changes up to %lld, audit log up to %lld\n"),
	    (long long)plan->central_seq, (long long)plan->central_audit);
	printf(_("this database: changes up to %lld (sent up to %lld, %lld pending), audit "
	    "log up to %lld (acknowledged up to %lld)\n"), (long long)plan->local.last_seq,
	    (long long)plan->local.last_sent, (long long)plan->local.pending,
	    (long long)plan->local.audit_count, (long long)plan->local.audit_pushed);
}

static void
print_resume(const struct sync_recover_plan *plan, int dry_run)
{
	printf(_("verdict: RESUME (this database's history is a prefix of the central "
	    "store's)\n"));
	if (plan->lost_changes > 0)
		printf(_("  from the store:  changes %lld-%lld, which this database lost\n"),
		    (long long)plan->changes_from, (long long)plan->central_seq);
	if (plan->lost_audit > 0)
		printf(_("  from the store:  audit entries %lld-%lld, checked with this "
		    "terminal's audit key\n"), (long long)plan->audit_from,
		    (long long)plan->central_audit);
	if (plan->already_sent > 0)
		printf(_("  marked sent:     %lld unsent changes the store already holds\n"),
		    (long long)plan->already_sent);
	if (plan->renumbered > 0)
		printf(_("  renumbered:      %lld unsent changes, from %lld on, to follow %lld\n"),
		    (long long)plan->renumbered, (long long)plan->changes_from,
		    (long long)plan->central_seq);
	if (plan->audit_moved > 0)
		printf(_("  re-chained:      %lld audit entries written since the restore, to "
		    "follow entry %lld\n"), (long long)plan->audit_moved,
		    (long long)plan->central_audit);
	if (dry_run) {
		printf(_("Dry run: nothing was changed. Run sync-recover without --dry-run to "
		    "resume.\n"));
		return;
	}
	printf(_("Resumed: %lld changes of the office log applied, %lld conflicts for a "
	    "supervisor's decision.\nNext: madoguchi-admin sync-now\n"), (long long)plan->applied,
	    (long long)plan->conflicts);
}

/*
 * What the sysadmin must do, with the work this database holds unsent: the list names
 * the records (kind, id, operation, time), never what they hold, so that it can be shown
 * and kept; the work itself stays in this database, which step 1 keeps.
 */
static int
print_reregister(struct db *db, const struct sync_recover_plan *plan, const char *conf)
{
	struct sync_recover_pending	*v;
	size_t				 n, i;
	char				*cause = NULL;

	printf(_("verdict: RE-REGISTER\nwhy: %s\n"), plan->reason);
	printf(_("This database cannot take up the central store's history of terminal %s.\n"
	    "Register the desk again as a new terminal:\n"
	    "  1. keep this database and its unsent work:\n"
	    "       madoguchi-admin backup --to DIR --config %s\n"
	    "  2. a signing key and a TLS certificate for the new terminal, then on the\n"
	    "     central store:\n"
	    "       sudo -u postgres madoguchi-central-setup --office %s \\\n"
	    "           --terminal NEW-ID --signing-key NEW-ID.pub\n"
	    "  3. here, with the database moved aside and sync_user and the certificate\n"
	    "     files of NEW-ID in %s:\n"
	    "       madoguchi-admin init --terminal-id NEW-ID --config %s\n"
	    "       madoguchi-admin sync-now --config %s\n"
	    "  4. enter again the unsent work listed below.\n"),
	    db_terminal_id(db), conf, plan->office_id != NULL ? plan->office_id : "OFFICE",
	    conf, conf, conf);
	if (sync_recover_pending_list(db, &v, &n, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		return -1;
	}
	printf(_("Unsent work in this database: %zu changes\n"), n);
	for (i = 0; i < n; i++)
		printf("  %lld\t%s\t%s\t%s\t%s\n", (long long)v[i].seq, v[i].entity,
		    v[i].entity_id, v[i].op, v[i].created_at);
	sync_recover_pending_free(v, n);
	return 0;
}

static int
cmd_sync_recover_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct config		 config;
	struct sync_params	 p;
	struct sync_recover_plan plan;
	struct actor		 who;
	struct db		*db;
	char			*cause = NULL;
	int			 ch, dry_run = 0, rc;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS "n", longopts, NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		if (ch == 'n') {
			dry_run = 1;
			continue;
		}
		admin_usage(&admin_cmd_sync_recover, ch == 'h' ? stdout : stderr);
		return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
	}
	if (optind != argc) {
		admin_usage(&admin_cmd_sync_recover, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if ((rc = admin_sync_config(&o, &config, &p)) != -1)
		return rc;
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL) {
		config_free(&config);
		return ADMIN_EXIT_OPEN;
	}
	admin_actor(&who);
	rc = sync_recover(db, &p, &who, dry_run, &plan, &cause);
	if (rc != 0) {
		fprintf(stderr, _("%s: %s\nNothing was changed.\n"),
		    program_invocation_short_name,
		    cause);
		free(cause);
		rc = ADMIN_EXIT_FAIL;
		goto out;
	}
	print_found(&plan);
	switch (plan.verdict) {
	case SYNC_RECOVER_NOTHING:
		printf(_("verdict: NOTHING TO RECOVER (the store holds nothing this database "
		    "lacks)\n"));
		rc = ADMIN_EXIT_OK;
		break;
	case SYNC_RECOVER_RESUME:
		print_resume(&plan, dry_run);
		rc = ADMIN_EXIT_OK;
		break;
	case SYNC_RECOVER_REREGISTER:
		(void)print_reregister(db, &plan, o.config != NULL ? o.config : CONFIG_DEFAULT_PATH);
		if (dry_run)
			printf(_("Dry run: nothing was changed.\n"));
		/* Nothing was recovered: the sysadmin has to act. */
		rc = ADMIN_EXIT_FAIL;
		break;
	}
out:
	sync_recover_plan_clear(&plan);
	db_close(db);
	config_free(&config);
	return rc;
}
