/* madoguchi-admin status: what a sysadmin checks first (no personal data). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "audit/audit.h"
#include "i18n.h"
#include "sync/outbox.h"
#include "sync/sync-store.h"

static int	cmd_status_exec(int, char **);

const struct admin_cmd admin_cmd_status = {
	.name = "status",
	.usage = "[--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("show terminal, database and sync state"),
	.exec = cmd_status_exec,
};

static int
cmd_status_exec(int argc, char **argv)
{
	struct admin_db_opts	 o;
	struct sync_state	 st;
	struct db		*db;
	int			 rc;

	if ((rc = admin_parse_db_opts(&admin_cmd_status, argc, argv, &o)) != -1)
		return rc;
	if ((db = admin_open(&o, DB_OPEN_READONLY)) == NULL)
		return ADMIN_EXIT_OPEN;
	printf(_("terminal:        %s\n"), db_terminal_id(db));
	printf(_("sqlcipher:       %s\n"), db_cipher_version(db));
	printf(_("schema version:  %d (this program knows up to %d)\n"),
	    db_schema_version(db), db_schema_latest());
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
	return ADMIN_EXIT_OK;
}
