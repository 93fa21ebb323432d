/*
 * madoguchi-admin disclosure: who touched one holder's data (開示, SPEC §8, issue 20).
 * Every view, Juki query, change, approval, print, My Number reveal and export whose
 * audit target names the holder: when, at which terminal, who (full name and role), what,
 * and for what (the rest of the target: application, job ...). This terminal's entries
 * and, from the central store, those of every other terminal of the office, each once;
 * entries the store does not have yet are marked. When the store cannot be asked, the
 * report says in its head that other terminals' entries are missing. As text, or as the
 * A4 PDF in Japanese the office hands to the resident. Producing it is audited.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "audit/audit-disclosure.h"
#include "audit/audit-groups.h"
#include "cert/disclosure-pdf.h"
#include "config-file.h"
#include "i18n.h"
#include "sync/sync-client.h"
#include "sync/sync-disclosure.h"
#include "timestamp.h"
#include "xmalloc.h"

static int	cmd_disclosure_exec(int, char **);

const struct admin_cmd admin_cmd_disclosure = {
	.name = "disclosure",
	.usage = "--holder ID [--from YYYY-MM-DD] [--to YYYY-MM-DD] --out FILE.pdf|--text "
	    "[--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("who touched a holder's data, for the resident (開示)"),
	.exec = cmd_disclosure_exec,
};

static void
print_text(const struct disclosure *d, const char *from, const char *to)
{
	const struct disclosure_entry	*e;
	char				 at[TIMESTAMP_SHOW_SIZE], *purpose;
	size_t				 i, unsynced = 0;

	printf(_("Access disclosure for holder %s (%s)\n"), d->holder_id, d->holder_name);
	printf(_("Period: %s to %s\n"), from != NULL ? from : _("the start of the log"),
	    to != NULL ? to : _("today"));
	if (d->central)
		printf("%s\n", _("Terminals: every terminal of the office (central store)"));
	else
		printf(_("Terminals: THIS TERMINAL ONLY; the other terminals' entries are "
		    "MISSING: %s\n"), d->central_missing);
	for (i = 0; i < d->n; i++) {
		e = &d->v[i];
		timestamp_show(e->at, 0, 1, at, sizeof at);
		purpose = disclosure_purpose(e, i18n_japanese());
		printf("%s%s  %s  %s (%s, %s)  %s  %s%s%s\n", e->unsynced ? "*" : " ", at,
		    e->terminal_id, *e->full_name != '\0' ? e->full_name : e->user, e->user,
		    i18n_japanese() ? e->role_ja : e->role_en, i18n_japanese() ?
		    audit_action_ja(e->action) : e->action, i18n_japanese() ?
		    audit_result_ja(e->result) : e->result, *purpose != '\0' ? "  " : "",
		    purpose);
		free(purpose);
		unsynced += e->unsynced;
	}
	printf(_("%zu entries; %zu marked * are on this terminal only so far\n"), d->n,
	    unsynced);
}

static int
cmd_disclosure_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "holder", required_argument, NULL, 'H' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "text", no_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct disclosure	 d;
	struct sync_params	 p;
	struct config		 config;
	struct db		*db;
	const char		*holder = NULL, *from = NULL, *to = NULL, *out = NULL;
	char			*cause = NULL, *target, *detail;
	int			 ch, text = 0, rc = ADMIN_EXIT_FAIL;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS, longopts, NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		switch (ch) {
		case 'H': holder = optarg; continue;
		case 'f': from = optarg; continue;
		case 't': to = optarg; continue;
		case 'o': out = optarg; continue;
		case 'T': text = 1; continue;
		}
		admin_usage(&admin_cmd_disclosure, ch == 'h' ? stdout : stderr);
		return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
	}
	if (optind != argc || holder == NULL || (out == NULL) == !text) {
		admin_usage(&admin_cmd_disclosure, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL)
		return ADMIN_EXIT_OPEN;
	if (disclosure_local(db, holder, from, to, &d, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		db_close(db);
		return ADMIN_EXIT_FAIL;
	}
	/* The other terminals' entries: never a silent partial report. */
	if (config_open(&config, o.config, NULL, &cause) != 0) {
		d.central_missing = cause;
		cause = NULL;
	} else {
		if (config_syncs(&config)) {
			sync_params_from_config(&p, &config);
			(void)sync_disclosure_fetch(db, &p, &d);
		} else
			d.central_missing = xstrdup(_("this terminal does not sync"));
		config_free(&config);
	}
	disclosure_sort(&d);
	if (disclosure_labels(db, &d, &cause) != 0)
		goto out;
	if (text)
		print_text(&d, from, to);
	else if (disclosure_pdf_write(&d, from, to, out, &cause) != 0)
		goto out;
	else
		printf(_("%s: %zu entries%s\n"), out, d.n, d.central ? "" :
		    _(" (THIS TERMINAL ONLY: the other terminals' entries are missing)"));
	if (!d.central)
		fprintf(stderr, _("%s: the central store was not asked (%s): the "
		    "other terminals' entries are missing\n"), program_invocation_short_name,
		    d.central_missing);
	xasprintf(&target, "holder:%s", d.holder_id);
	xasprintf(&detail, "entries %zu, %s, %s", d.n, d.central ? "office" : "local only",
	    text ? "text" : out);
	if (admin_audit(db, "disclosure.print", target, detail) != 0)
		rc = ADMIN_EXIT_FAIL;
	else
		rc = ADMIN_EXIT_OK;
	free(target);
	free(detail);
out:
	if (cause != NULL) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
	}
	disclosure_clear(&d);
	db_close(db);
	return rc;
}
