/* madoguchi-admin status: what a sysadmin checks first (no personal data). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "audit/audit.h"
#include "cert/cert-cups.h"
#include "config-file.h"
#include "i18n.h"
#include "sync/outbox.h"
#include "sync/sync-store.h"

static int	cmd_status_exec(int, char **);
static void	status_printer(const struct admin_db_opts *);

const struct admin_cmd admin_cmd_status = {
	.name = "status",
	.usage = "[--config FILE] [--db PATH] [--key PATH] [--quick]",
	.summary = N_("show terminal, database and sync state; check all pages"),
	.exec = cmd_status_exec,
};

static int
cmd_status_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "quick", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct sync_state	 st;
	struct db		*db;
	char			*cause = NULL;
	int			 ch, quick = 0, rc;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS "q", longopts, NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		if (ch == 'q') {
			quick = 1;
			continue;
		}
		admin_usage(&admin_cmd_status, ch == 'h' ? stdout : stderr);
		return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
	}
	if (optind != argc) {
		admin_usage(&admin_cmd_status, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if ((db = admin_open(&o, DB_OPEN_READONLY)) == NULL)
		return ADMIN_EXIT_OPEN;
	printf(_("terminal:        %s\n"), db_terminal_id(db));
	printf(_("sqlcipher:       %s\n"), db_cipher_version(db));
	printf(_("schema version:  %d (this program knows up to %d)\n"),
	    db_schema_version(db), db_schema_latest());
	/* Reading every page takes a while on a large database: --quick is a glance. */
	if (quick)
		printf(_("integrity:       not checked (--quick)\n"));
	else {
		rc = db_integrity_check(db, &cause);
		if (rc == 0)
			printf(_("integrity:       ok\n"));
		else if (rc == 1)
			printf(_("integrity:       DAMAGED\n"));
		else
			printf(_("integrity:       not checked (error)\n"));
		fflush(stdout);
		if ((rc = admin_integrity_outcome(rc, cause, "madoguchi-admin")) !=
		    ADMIN_EXIT_OK) {
			db_close(db);
			return rc;
		}
	}
	printf(_("audit entries:   %lld\n"), (long long)audit_count(db));
	printf(_("pending sync:    %lld changes\n"), (long long)outbox_pending(db));
	/* What the title line shows, with the reason the background sync left (UTC). */
	if (sync_state_read(db, &st, NULL) == 0 && st.last_attempt_at != NULL) {
		printf(_("last sync:       %s\n"), st.last_success_at != NULL ?
		    st.last_success_at : _("never succeeded"));
		if (st.last_error != NULL)
			printf(_("sync error:      %s (%s)\n"), st.last_error,
			    st.last_attempt_at);
	}
	sync_state_clear(&st);
	db_close(db);
	status_printer(&o);
	return ADMIN_EXIT_OK;
}

/* The CUPS queue certificates go to, as the desk will find it (issue 32). */
static void
status_printer(const struct admin_db_opts *o)
{
	struct config	 c;
	char		*state = NULL, *cause = NULL;

	if (config_open(&c, o->config, NULL, &cause) != 0) {
		free(cause);
		return;
	}
	if (c.printer == NULL || *c.printer == '\0')
		printf(_("printer:         none (certificates stay in %s)\n"), c.cert_spool);
	else if (cert_cups_check(c.printer, &state, &cause) == 0)
		printf(_("printer:         %s: %s\n"), c.printer, state);
	else
		printf(_("printer:         %s: NOT READY: %s\n"), c.printer, cause);
	free(state);
	free(cause);
	config_free(&c);
}
