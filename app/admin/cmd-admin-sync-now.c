/* madoguchi-admin sync-now: one sync cycle with the central store, now (SPEC §10, §12). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/admin.h"
#include "admin/admin-sync.h"
#include "audit/audit.h"
#include "config-file.h"
#include "i18n.h"
#include "sync/sync-client.h"
#include "sync/sync-store.h"

static int	cmd_sync_now_exec(int, char **);

const struct admin_cmd admin_cmd_sync_now = {
	.name = "sync-now",
	.usage = "[--config FILE] [--db PATH] [--key PATH] [--quiet]",
	.summary = N_("push and pull changes with the central store now"),
	.exec = cmd_sync_now_exec,
};

static int
cmd_sync_now_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct config		 config;
	struct sync_params	 p;
	struct sync_report	 r;
	struct sync_state	 st;
	struct actor		 who;
	struct db		*db;
	char			*cause = NULL;
	int			 ch, quiet = 0, rc;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS "q", longopts, NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		if (ch == 'q') {
			quiet = 1;
			continue;
		}
		admin_usage(&admin_cmd_sync_now, ch == 'h' ? stdout : stderr);
		return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
	}
	if (optind != argc) {
		admin_usage(&admin_cmd_sync_now, stderr);
		return ADMIN_EXIT_USAGE;
	}

	if ((rc = admin_sync_open(&o, "sync-now", &config, &p, &db)) != -1)
		return rc;
	admin_actor(&who);
	rc = sync_run(db, &p, &who, &r, &cause);
	/* Said even with --quiet: the store lost what it had acknowledged. */
	if (r.rewound.changes > 0 || r.rewound.audit > 0)
		printf(_("the central store lacked %lld changes and %lld audit entries it had "
		    "acknowledged (a failover or a restore of the store): sent again\n"),
		    (long long)r.rewound.changes, (long long)r.rewound.audit);
	if (r.blocks_restored > 0)
		printf(_("the central store lacked %lld number blocks it had leased or "
		    "registered to this terminal (a failover or a restore of the store): given "
		    "back to it\n"), (long long)r.blocks_restored);
	if (r.blocks_refused > 0)
		printf(_("the central store lacked %lld number blocks it had leased or "
		    "registered to this terminal and would not take them back: nothing more is "
		    "handed out from them (the audit log says why)\n"),
		    (long long)r.blocks_refused);
	if (r.rewound.cursor_from > 0)
		printf(_("the central store's office log ends at %lld, before this terminal's "
		    "cursor %lld: read again from there\n"), (long long)r.rewound.cursor_to,
		    (long long)r.rewound.cursor_from);
	if (!quiet || rc != 0) {
		printf(_("pushed:   %lld changes (%lld conflicts) in %.2f s\n"),
		    (long long)r.pushed, (long long)r.push_conflicts, r.push_seconds);
		printf(_("pulled:   %lld changes (%lld applied, %lld already here, %lld not "
		    "kept here, %lld conflicts) in %.2f s\n"), (long long)(r.pulled - r.pull.own),
		    (long long)r.pull.applied, (long long)r.pull.stale,
		    (long long)r.pull.skipped, (long long)r.pull.conflicts, r.pull_seconds);
		if (r.read_from[0] != '\0')
			printf(_("read:     from %s\n"), r.read_from);
		printf(_("audit:    %lld entries sent in %.2f s\n"), (long long)r.audit_sent,
		    r.audit_seconds);
		if (sync_state_read(db, &st, NULL) == 0) {
			printf(_("pending:  %lld changes; open conflicts: %lld\n"),
			    (long long)st.pending, (long long)st.conflicts);
			sync_state_clear(&st);
		}
	}
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
	}
	admin_sync_close(&config, &p, db);
	return rc == 0 ? ADMIN_EXIT_OK : ADMIN_EXIT_FAIL;
}
