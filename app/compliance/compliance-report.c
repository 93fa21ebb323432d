/* The self-inspection report's answers (compliance-report.h; rules: docs/compliance.md). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "compliance/compliance-report.h"
#include "config-file.h"
#include "db.h"
#include "i18n.h"
#include "sync/sync-inspection.h"
#include "valid.h"
#include "xmalloc.h"

/* The survey's questions (個人情報保護委員会, 個別テーマに基づく報告書), in its words. */
static const char *const questions[REPORT_ITEMS] = {
	"特定個人情報等の具体的な取扱いを定めるために、セキュリティポリシー等の見直し又は"
	"特定個人情報に係る規程の整備を行っていますか。",
	"特定個人情報を取り扱う事務の範囲を明確にし、当該事務に従事する職員を事務取扱担当者"
	"に指定していますか。",
	"事務取扱担当者及び情報システムの管理に関する事務に従事する職員に対して、必要な教育"
	"研修を実施していますか。また、研修の実施状況を把握し、未受講者に対して研修を実施し"
	"ましたか。",
	"人事異動や中途採用で新たに事務取扱担当者となった職員に対して適切な時期に、マイナン"
	"バーガイドラインの通読も含め、マイナンバーガイドラインに関する研修を実施していますか。",
	"特定個人情報ファイルを取り扱う事務に従事する者に対する研修内容には、番号法第28条の"
	"2に基づく特定個人情報の適正な取扱いを確保するために必要なサイバーセキュリティの確保"
	"に関する事項が盛り込まれていますか。",
	"個人番号の漏えい、滅失又は毀損等事案（以下「漏えい等事案」という。）の発生はありまし"
	"たか。",
	"番号6の漏えい等事案が発生した場合には、個人情報保護委員会が制定した規則や告示に従い、"
	"当委員会に対して報告を行っていますか。",
	"特定個人情報の管理の状況について、点検又は監査の具体的な計画及び実施方法を定め、定期"
	"的に及び必要に応じ随時に実施していますか。",
	"番号8に関連して、特定個人情報の管理の状況について、自己点検の具体的な実施方法及び責"
	"任者への報告方法を定め、実施していますか。",
	"取扱規程等に基づく運用状況として、特定個人情報等へのアクセス状況を記録し、その記録を"
	"確認していますか。",
	"電子媒体等の情報システム端末への接続について、システム上の制限又は事前に使用許可を得"
	"ている電子媒体についてのみ、その都度管理者の許可を受ける措置を講じていますか。",
	"電子媒体を使用して、特定個人情報を取り扱う（取り込む）事務はありますか。",
	"情報システムを使用して個人番号利用事務を行うにあたり、人事異動等に伴うアクセス権限の"
	"付与又は削除を行うなどして、アクセス権限を有する者に異動があった場合に、適正に付与又"
	"は削除がされていますか。",
	"個人番号利用事務において使用する情報システムが接続するネットワークは、インターネット"
	"に接続されたネットワークから分離されていますか。",
	"その他、特定個人情報に関する独自の取組・工夫等の特記すべき事項がありましたら、記載し"
	"てください。",
};

const char *
report_answer_code(enum report_answer a)
{
	static const char *const codes[] = { "implemented", "issue", "not_implemented",
	    "not_applicable", "occurred", "none", "reported", "not_reported" };

	return codes[a];
}

const char *
report_answer_words(enum report_answer a)
{
	static const char *const words[] = { "評価書どおり実施", "課題あり", "実施していない",
	    "該当しない", "漏えい等事案が発生した", "漏えい等事案が発生していない",
	    "委員会への報告を行った", "報告を行っていない" };

	return words[a];
}

/* A new group of evidence under heading; its lines are filled by the caller. */
static struct evidence *
group(struct report_item *it, const char *heading)
{
	struct report_evidence	*g = &it->ev[it->n_ev++];

	g->heading = heading;
	return &g->e;
}

static void
answer(struct report_item *it, enum report_answer a, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
answer(struct report_item *it, enum report_answer a, const char *fmt, ...)
{
	va_list	 ap;

	it->answer = a;
	free(it->reason);
	va_start(ap, fmt);
	if (vasprintf(&it->reason, fmt, ap) == -1)
		it->reason = NULL;
	va_end(ap);
}

/* Items answered by an attestation alone: stated, or not. */
static int
attested(struct db *db, struct report *r, struct report_item *it, const char *missing,
    char **cause)
{
	struct evidence	*e = group(it, _("Attestations"));

	if (ev_attestations(db, it->number, r->to, e, cause) != 0)
		return -1;
	if (e->n > 0)
		answer(it, ANSWER_IMPLEMENTED, _("stated by a supervisor on %.10s, with the "
		    "document it rests on"), e->lines[0]);
	else
		answer(it, ANSWER_NOT_IMPLEMENTED, "%s", missing);
	return 0;
}

static int
item_handlers(struct db *db, struct report *r, struct report_item *it, char **cause)
{
	struct evidence	*all = group(it, _("Accounts that handle personal data"));
	struct evidence	*none = group(it, _("Without a procedure (事務)"));

	(void)r;
	if (ev_handlers(db, all, none, cause) != 0)
		return -1;
	if (all->n == 0)
		answer(it, ANSWER_NOT_APPLICABLE, _("no account handles personal data"));
	else if (none->n > 0)
		answer(it, ANSWER_ISSUE, _("%zu of %zu handlers have no procedure (事務) named"),
		    none->n, all->n);
	else
		answer(it, ANSWER_IMPLEMENTED, _("each of the %zu handlers is designated for "
		    "named procedures (事務), approved by a supervisor"), all->n);
	return 0;
}

static int
item_training(struct db *db, struct report *r, struct report_item *it, const char *kind,
    const char *what, char **cause)
{
	struct evidence	*taken = group(it, _("Training in the period"));
	struct evidence	*missing = group(it, _("Handlers without it"));

	if (ev_training(db, r->from, r->to, taken, cause) != 0 ||
	    ev_untrained(db, r->from, r->to, kind, missing, cause) != 0)
		return -1;
	if (taken->n == 0 && missing->n == 0)
		answer(it, ANSWER_NOT_APPLICABLE, _("no account handles personal data"));
	else if (missing->n > 0 && taken->n == 0)
		answer(it, ANSWER_NOT_IMPLEMENTED, _("no %s is recorded in the period"), what);
	else if (missing->n > 0)
		answer(it, ANSWER_ISSUE, _("%zu handlers have no %s in the period"), missing->n,
		    what);
	else
		answer(it, ANSWER_IMPLEMENTED, _("every handler has %s in the period"), what);
	return 0;
}

static int
item_new_handlers(struct db *db, const struct config *cf, struct report *r,
    struct report_item *it, char **cause)
{
	struct evidence	*all = group(it, _("New and transferred handlers in the period"));
	struct evidence	*late = group(it, _("Not trained in time"));

	if (ev_new_handlers(db, r->from, r->to, cf->training_grace_days, all, late,
	    cause) != 0)
		return -1;
	if (all->n == 0)
		answer(it, ANSWER_NOT_APPLICABLE, _("nobody became a handler in the period"));
	else if (late->n > 0)
		answer(it, ANSWER_ISSUE, _("%zu of %zu new handlers had no new-handler or "
		    "transfer training within %d days"), late->n, all->n,
		    cf->training_grace_days);
	else
		answer(it, ANSWER_IMPLEMENTED, _("each of the %zu new handlers was trained "
		    "within %d days"), all->n, cf->training_grace_days);
	return 0;
}

static int
item_incidents(struct db *db, struct report *r, char **cause)
{
	struct report_item	*six = &r->items[5], *seven = &r->items[6];
	struct evidence		*all = group(six, _("Incidents found in the period"));
	struct evidence		*mn = group(seven, _("Incidents involving My Numbers"));
	struct evidence		*unrep = group(seven, _("Not reported"));

	if (ev_incidents(db, r->from, r->to, all, mn, unrep, cause) != 0)
		return -1;
	if (all->n == 0)
		answer(six, ANSWER_NONE, _("no incident is recorded in the period"));
	else
		answer(six, ANSWER_OCCURRED, _("%zu incidents are recorded in the period"),
		    all->n);
	if (mn->n == 0)
		answer(seven, ANSWER_NOT_APPLICABLE, _("no incident involving My Numbers"));
	else if (unrep->n > 0)
		answer(seven, ANSWER_NOT_REPORTED, _("%zu of %zu incidents involving My Numbers "
		    "have no report to the Commission (step ⑤)"), unrep->n, mn->n);
	else
		answer(seven, ANSWER_REPORTED, _("each of the %zu incidents involving My Numbers "
		    "was reported to the Commission"), mn->n);
	return 0;
}

static int
item_inspection(struct db *db, struct report *r, struct report_item *it, char **cause)
{
	struct evidence	*signed_off = group(it, _("Log review sign-offs"));
	struct evidence	*gaps = group(it, _("Days no sign-off covers"));
	struct evidence	*att = group(it, _("Attestations"));

	if (ev_reviews(db, r->from, r->to, signed_off, gaps, cause) != 0 ||
	    ev_attestations(db, it->number, r->to, att, cause) != 0)
		return -1;
	if (att->n == 0)
		answer(it, ANSWER_NOT_IMPLEMENTED, _("no audit plan or method is attested"));
	else if (signed_off->n == 0)
		answer(it, ANSWER_NOT_IMPLEMENTED, _("a plan is attested, but no inspection (log "
		    "review) was signed off in the period"));
	else if (gaps->n > 0)
		answer(it, ANSWER_ISSUE, _("inspections were signed off, but %zu stretches of the "
		    "period were not reviewed"), gaps->n);
	else
		answer(it, ANSWER_IMPLEMENTED, _("a plan is attested and the whole period was "
		    "reviewed and signed off"));
	return 0;
}

static int
item_access_records(struct db *db, struct report *r, struct report_item *it, char **cause)
{
	struct evidence	*signed_off = group(it, _("Log review sign-offs"));
	struct evidence	*gaps = group(it, _("Days no sign-off covers"));
	struct evidence	*acks = group(it, _("Unusual-use flags acknowledged"));

	if (ev_reviews(db, r->from, r->to, signed_off, gaps, cause) != 0 ||
	    ev_flag_acks(db, r->from, r->to, acks, cause) != 0)
		return -1;
	if (signed_off->n == 0)
		answer(it, ANSWER_NOT_IMPLEMENTED, _("every access is recorded in the chained "
		    "audit log, but no review of it was signed off in the period"));
	else if (gaps->n > 0)
		answer(it, ANSWER_ISSUE, _("every access is recorded; %zu stretches of the period "
		    "have no review signed off"), gaps->n);
	else
		answer(it, ANSWER_IMPLEMENTED, _("every access is recorded in the chained audit "
		    "log, and reviews signed off cover the whole period"));
	return 0;
}

static int
item_media(struct db *db, struct report *r, char **cause)
{
	struct report_item	*eleven = &r->items[10], *twelve = &r->items[11];
	struct evidence		*imports = group(twelve, _("Media imports"));
	struct evidence		*waiting = group(twelve, _("Waiting for a decision"));
	struct evidence		*exports = group(eleven, _("Exports on media"));
	struct evidence		*att = group(eleven, _("Attestations"));

	if (ev_media(db, r->from, r->to, imports, waiting, exports, cause) != 0 ||
	    ev_attestations(db, eleven->number, r->to, att, cause) != 0)
		return -1;
	/* The product itself takes data from media only through an approved request. */
	if (att->n == 0)
		answer(eleven, ANSWER_ISSUE, _("the product takes files from media only through "
		    "an approved import request and writes them only under a grant with a "
		    "two-person check, but no control of the terminal's media connection (USB) "
		    "is attested"));
	else
		answer(eleven, ANSWER_IMPLEMENTED, _("files come from media only through an "
		    "approved request and leave only under a grant with a two-person check; the "
		    "media connection control is attested"));
	if (imports->n == 0 && waiting->n == 0)
		answer(twelve, ANSWER_NOT_APPLICABLE, _("no file was imported from media in the "
		    "period"));
	else
		answer(twelve, waiting->n > 0 ? ANSWER_ISSUE : ANSWER_IMPLEMENTED,
		    _("%zu imports from media, each through a request a supervisor decided "
		    "(%zu waiting)"), imports->n, waiting->n);
	return 0;
}

static int
item_rights(struct db *db, struct report *r, struct report_item *it, char **cause)
{
	struct evidence	*issued = group(it, _("Accounts approved"));
	struct evidence	*revoked = group(it, _("Accounts revoked"));
	struct evidence	*late = group(it, _("Revoked after their validity had ended"));
	struct evidence	*overdue = group(it, _("Still active past their validity"));

	if (ev_accounts(db, r->from, r->to, issued, revoked, late, overdue, cause) != 0)
		return -1;
	if (late->n > 0 || overdue->n > 0)
		answer(it, ANSWER_ISSUE, _("%zu accounts were revoked late and %zu are still "
		    "active past their validity"), late->n, overdue->n);
	else if (issued->n == 0 && revoked->n == 0)
		answer(it, ANSWER_NOT_APPLICABLE, _("no account was approved or revoked in the "
		    "period"));
	else
		answer(it, ANSWER_IMPLEMENTED, _("%zu accounts approved by a second supervisor "
		    "and %zu revoked, none late"), issued->n, revoked->n);
	return 0;
}

static void
item_network(const struct config *cf, struct report *r, struct report_item *it)
{
	struct evidence	*e = group(it, _("This terminal"));

	evidence_add(e, "%s", r->probes.route_detail != NULL ? r->probes.route_detail :
	    _("the routing table could not be read"));
	if (cf->sync_host[0] != '\0')
		evidence_add(e, _("central store %s reached over TLS (sslmode=verify-full, the "
		    "terminal's client certificate)"), cf->sync_host);
	else
		evidence_add(e, _("this terminal does not sync with a central store"));
	if (r->probes.route_detail == NULL)
		answer(it, ANSWER_ISSUE, _("the routing table could not be read"));
	else if (r->probes.default_route)
		answer(it, ANSWER_ISSUE, _("the terminal has a default route: it may reach the "
		    "internet"));
	else
		answer(it, ANSWER_IMPLEMENTED, _("the terminal has no default route; it reaches "
		    "only its own networks"));
}

/* Item 15's backups and restore tests of every terminal of the office. */
static void
office_backups(const struct report *r, struct evidence *bk, struct evidence *ok,
    struct evidence *bad)
{
	const struct central_row	*c;
	size_t				 i;

	for (i = 0; i < r->office_part->n; i++) {
		c = &r->office_part->rows[i];
		if (strcmp(c->kind, "backup") == 0 && strcmp(c->col[2], "ok") == 0)
			evidence_add(bk, _("%.10s backup on %s by %s"), c->col[0], c->terminal,
			    c->col[1]);
		else if (strcmp(c->kind, "restore") == 0 && strcmp(c->col[2], "ok") == 0)
			evidence_add(ok, _("%.10s restore test on %s passed: %s"), c->col[0],
			    c->terminal, c->col[1]);
		else if (strcmp(c->kind, "restore") == 0)
			evidence_add(bad, _("%.10s restore test on %s FAILED: %s: %s"), c->col[0],
			    c->terminal, c->col[1], c->col[3]);
	}
}

static int
item_other(struct db *db, struct report *r, struct report_item *it, char **cause)
{
	struct evidence	*er = group(it, _("Erasure records"));
	struct evidence	*bk = group(it, _("Backups"));
	struct evidence	*ok = group(it, _("Restore tests passed"));
	struct evidence	*bad = group(it, _("Restore tests failed"));
	struct evidence	*pol = group(it, _("Password and lockout policy"));
	struct evidence	*enq = group(it, _("Enquiries and disclosure requests"));
	struct evidence	*open = group(it, _("Not answered"));

	if (ev_erasures(db, r->from, r->to, er, cause) != 0 ||
	    ev_enquiries(db, r->from, r->to, enq, open, cause) != 0)
		return -1;
	if (r->office_part != NULL && r->office_part->reached)
		office_backups(r, bk, ok, bad);
	else if (ev_backups(db, r->from, r->to, bk, ok, bad, cause) != 0)
		return -1;
	evidence_add(pol, "PAM: %s", r->probes.pam != NULL ? r->probes.pam : _("not found"));
	evidence_add(pol, "faillock.conf: %s", r->probes.faillock != NULL ?
	    r->probes.faillock : _("not found"));
	evidence_add(pol, "login.defs: %s", r->probes.login_defs != NULL ?
	    r->probes.login_defs : _("not found"));
	if (bad->n > 0 || (bk->n > 0 && ok->n == 0) || open->n > 0)
		answer(it, ANSWER_ISSUE, _("%zu backups, %zu restore tests passed, %zu failed; "
		    "%zu enquiries not answered"), bk->n, ok->n, bad->n, open->n);
	else if (bk->n == 0)
		answer(it, ANSWER_ISSUE, _("no backup was made in the period"));
	else
		answer(it, ANSWER_IMPLEMENTED, _("encrypted database, chained audit log, %zu "
		    "erasure records, %zu backups with %zu restore tests passed"), er->n, bk->n,
		    ok->n);
	return 0;
}

/* from..to: valid dates, from <= to, from not after today; to past today is cut. */
int
report_period(const char *from, const char *to, char f[11], char t[11], char **cause)
{
	struct date	 df, dt, today;
	char		*why = NULL;

	if (valid_date(from, &df, &why) != 0 || valid_date(to, &dt, &why) != 0) {
		xasprintf(cause, _("the period: %s"), why);
		free(why);
		return -1;
	}
	date_today(&today);
	if (date_cmp(&df, &dt) > 0) {
		xasprintf(cause, _("the period ends before it starts (%s to %s)"), from, to);
		return -1;
	}
	if (date_cmp(&df, &today) > 0) {
		xasprintf(cause, _("the period starts in the future (%s): a report tells what "
		    "was done"), from);
		return -1;
	}
	if (date_cmp(&dt, &today) > 0)
		dt = today;
	date_format_iso(&df, f);
	date_format_iso(&dt, t);
	return 0;
}

int
report_build(struct db *db, const struct config *cf, const char *from, const char *to,
    const struct report_office *office, struct report *r, char **cause)
{
	struct timespec	 now;
	char		 at[CLOCK_ISO_SIZE];
	int		 i;

	memset(r, 0, sizeof *r);
	*cause = NULL;
	if (report_period(from, to, r->from, r->to, cause) != 0)
		return -1;
	for (i = 0; i < REPORT_ITEMS; i++) {
		r->items[i].number = i + 1;
		r->items[i].question = questions[i];
	}
	r->office_part = office;
	r->terminal = xstrdup(db_terminal_id(db));
	r->office = xstrdup(cf->office_id);
	r->sync = cf->sync_host[0] != '\0';
	r->era = config_era_dates(cf);
	clock_now(&now);
	clock_iso_at(now.tv_sec, at, sizeof at);
	r->generated_at = xstrdup(at);
	report_probe(cf, &r->probes);
	/* Accounts, handlers and training: the office's when the central store answered. */
	if ((office != NULL && office->reached ? compliance_accounts_office(db, r->era,
	    office->rows, office->n, cause) : compliance_accounts_local(db, r->era, cause)) != 0) {
		report_free(r);
		return -1;
	}
	if (attested(db, r, &r->items[0], _("no statement that rules (規程) for specific "
	    "personal information exist"), cause) != 0 ||
	    item_handlers(db, r, &r->items[1], cause) != 0 ||
	    item_training(db, r, &r->items[2], NULL, _("training"), cause) != 0 ||
	    item_new_handlers(db, cf, r, &r->items[3], cause) != 0 ||
	    item_training(db, r, &r->items[4], "security", _("security training"),
	    cause) != 0 ||
	    item_incidents(db, r, cause) != 0 ||
	    item_inspection(db, r, &r->items[7], cause) != 0 ||
	    attested(db, r, &r->items[8], _("no self-inspection method or reporting line is "
	    "attested"), cause) != 0 ||
	    item_access_records(db, r, &r->items[9], cause) != 0 ||
	    item_media(db, r, cause) != 0 ||
	    item_rights(db, r, &r->items[12], cause) != 0 ||
	    item_other(db, r, &r->items[14], cause) != 0) {
		report_free(r);
		return -1;
	}
	item_network(cf, r, &r->items[13]);
	return 0;
}

void
report_free(struct report *r)
{
	size_t	 i, g;

	for (i = 0; i < REPORT_ITEMS; i++) {
		free(r->items[i].reason);
		for (g = 0; g < r->items[i].n_ev; g++)
			evidence_free(&r->items[i].ev[g].e);
	}
	free(r->terminal);
	free(r->office);
	free(r->generated_at);
	report_probes_free(&r->probes);
	memset(r, 0, sizeof *r);
}
