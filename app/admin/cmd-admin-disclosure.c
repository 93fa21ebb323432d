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

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "audit/audit-disclosure.h"
#include "cert/report-pdf.h"
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

/* What the entry was for: its target after "holder:ID", e.g. "application:…". */
static const char *
entry_for(const struct disclosure_entry *e)
{
	const char	*p = e->target + strlen("holder:") + 36;

	if (strlen(e->target) < strlen("holder:") + 36)
		return "";
	while (*p == ' ')
		p++;
	return p;
}

static void
print_text(const struct disclosure *d, const char *from, const char *to)
{
	const struct disclosure_entry	*e;
	char				 at[TIMESTAMP_SHOW_SIZE];
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
		printf("%s%s  %s  %s (%s, %s)  %s  %s%s%s\n", e->unsynced ? "*" : " ", at,
		    e->terminal_id, *e->full_name != '\0' ? e->full_name : e->user, e->user,
		    i18n_japanese() ? e->role_ja : e->role_en, e->action, e->result,
		    *entry_for(e) != '\0' ? "  " : "", entry_for(e));
		unsynced += e->unsynced;
	}
	printf(_("%zu entries; %zu marked * are on this terminal only so far\n"), d->n,
	    unsynced);
}

/* The resident's copy: Japanese, whatever the screen's language, like a certificate. */
static int
write_pdf(const struct disclosure *d, const char *from, const char *to, const char *path,
    char **cause)
{
	const struct disclosure_entry	*e;
	char				*head[5], **rows, at[TIMESTAMP_SHOW_SIZE];
	size_t				 i, nh = 0;
	time_t				 now = time(NULL);
	int				 rc;

	xasprintf(&head[nh++], "対象者: %s（ID %s）", d->holder_name, d->holder_id);
	xasprintf(&head[nh++], "期間: %s から %s まで", from != NULL ? from : "記録の最初",
	    to != NULL ? to : "作成日");
	if (d->central)
		xasprintf(&head[nh++], "範囲: 事務所のすべての端末（中央の記録）と本端末の記録");
	else
		xasprintf(&head[nh++], "範囲: 本端末の記録のみ。他の端末の記録は含まれていません"
		    "（中央に接続できませんでした: %s）", d->central_missing);
	xasprintf(&head[nh++], "件数: %zu 件（* は中央へ未送信の本端末の記録）", d->n);
	strftime(at, sizeof at, "%Y-%m-%d %H:%M", localtime(&now));
	xasprintf(&head[nh++], "作成: %s", at);
	rows = xcalloc(d->n > 0 ? d->n : 1, sizeof *rows);
	for (i = 0; i < d->n; i++) {
		e = &d->v[i];
		timestamp_show(e->at, 1, 1, at, sizeof at);
		xasprintf(&rows[i], "%s%s　端末 %s　%s（%s、%s）　%s　%s%s%s", e->unsynced ?
		    "* " : "", at, e->terminal_id, *e->full_name != '\0' ? e->full_name :
		    e->user, e->user, e->role_ja, e->action, e->result,
		    *entry_for(e) != '\0' ? "　用件: " : "", entry_for(e));
	}
	if (d->n == 0)
		rows[0] = xstrdup("この期間に、この方の情報を扱った記録はありません。");
	rc = report_pdf_write(path, "個人情報の取扱い記録の開示", head, nh, rows,
	    d->n > 0 ? d->n : 1, cause);
	for (i = 0; i < nh; i++)
		free(head[i]);
	for (i = 0; i < (d->n > 0 ? d->n : 1); i++)
		free(rows[i]);
	free(rows);
	return rc;
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
		fprintf(stderr, "madoguchi-admin: %s\n", cause);
		free(cause);
		db_close(db);
		return ADMIN_EXIT_FAIL;
	}
	/* The other terminals' entries: never a silent partial report. */
	if (config_open(&config, o.config, NULL, &cause) != 0) {
		d.central_missing = cause;
		cause = NULL;
	} else {
		if (sync_configured(&config)) {
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
	else if (write_pdf(&d, from, to, out, &cause) != 0)
		goto out;
	else
		printf(_("%s: %zu entries%s\n"), out, d.n, d.central ? "" :
		    _(" (THIS TERMINAL ONLY: the other terminals' entries are missing)"));
	if (!d.central)
		fprintf(stderr, _("madoguchi-admin: the central store was not asked (%s): the "
		    "other terminals' entries are missing\n"), d.central_missing);
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
		fprintf(stderr, "madoguchi-admin: %s\n", cause);
		free(cause);
	}
	disclosure_clear(&d);
	db_close(db);
	return rc;
}
