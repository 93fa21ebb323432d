/*
 * sync-tool: what the sync tests do at a terminal besides madoguchi-admin sync-now.
 * Edits go through the same calls as the desk (a clerk's correction that a supervisor
 * approves), so they reach the outbox as the desk's do; conflicts are listed and resolved
 * through the calls behind the conflict screen.
 *
 *	sync-tool --config FILE edit HOLDER_ID ITEM VALUE
 *	sync-tool --config FILE add N PREFIX		N new holders, each registered by an
 *							application a supervisor approves;
 *							certificate numbers PREFIX000001...
 *							(or on after an earlier add's)
 *							typed in, from a block PREFIX
 *							1-999999 added unconfirmed (the
 *							next sync registers it) unless
 *							the terminal has one
 *	sync-tool --config FILE erase REGISTRATION_ID	its 消除, applied for and approved
 *	sync-tool --config FILE merge HOLDER_ID [KEPT_ID]
 *							the holder's merge into KEPT_ID, or
 *							without it its split, applied for
 *							and approved
 *							(the registration's update carries
 *							its certificate number)
 *	sync-tool --config FILE edit-random N SEED [PREFIX]
 *							N corrections of address2 on random
 *							holders (whose certificate number
 *							starts with PREFIX); prints "holder
 *							value" lines
 *	sync-tool --config FILE conflicts		"id entity entity_id source" lines
 *	sync-tool --config FILE resolve ID local|remote
 *	sync-tool --config FILE state			the sync state, one "name value" a line
 *	sync-tool --config FILE batch changes|audit N	the next batch of N rows as it would
 *							go on the wire (nothing is marked sent)
 *	sync-tool --config FILE review DATE		a clerk views a holder at 22:00 (Japan)
 *							on DATE (the test clock); the
 *							supervisor acknowledges the flags of
 *							DATE and signs it off; prints the
 *							sign-off's id
 *	sync-tool --config FILE account-request USER ROLES BY
 *							BY requests an account for USER
 *							(試験 次郎, valid from today)
 *	sync-tool --config FILE account-decide USER approve|reject BY
 *	sync-tool --config FILE account-revoke USER BY REASON
 *	sync-tool --config FILE account-change USER ROLES BY REASON_CODE
 *	sync-tool --config FILE account-change-decide USER approve|reject BY
 *							(the change of USER that waits)
 *							the desk's calls, BY at tty9
 *	sync-tool --config FILE receive N [KIND]	N receptions (受付) opened at the
 *							counter by the clerk for a person
 *							not in the register yet (KIND:
 *							registration unless given), each
 *							through reception_open as the desk
 *							does; prints each number as it is
 *							given, the first refusal on stderr
 *	sync-tool --config FILE withdraw NUMBER REASON	the applicant withdraws (取下げ) the
 *							reception; the clerk records it
 *	sync-tool --config FILE action ... | refuse-new ...
 *							administrative actions, see
 *							sync-tool-actions.c
 *	sync-tool --config FILE check-payloads		for each "ENTITY<TAB>PAYLOAD" line of
 *							stdin, "ok" or "refused" as this
 *							terminal's rules judge the change
 *							(sync_payload_check)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/account-changes.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "cert/cert-numbers.h"
#include "audit/audit-flags.h"
#include "audit/audit-reviews.h"
#include "clock.h"
#include "db-internal.h"
#include "i18n.h"
#include "office-hours.h"
#include "admin/dbopen.h"
#include "reception/reception.h"
#include "register/register-merge.h"
#include "register/register.h"
#include "config-file.h"
#include "sync/sync-batch.h"
#include "sync/sync-client.h"
#include "sync/sync-numbers.h"
#include "sync/sync-rules.h"
#include "sync/sync-store.h"
#include "compliance/compliance-registers.h"
#include "export/export-cms.h"
#include "export/export-grants.h"
#include "export/export-run.h"
#include "xmalloc.h"
#include "sync-tool-actions.h"

static const struct actor clerk = { "tanaka", "clerk", "sync-test", 0 };
static const struct actor supervisor = { "suzuki", "supervisor", "sync-test", 0 };

/*
 * export: the supervisor suzuki grants GRANTEE the export of one holder's name (masked to
 * the family name) to the recipient CERT for an hour, and GRANTEE runs it into SPOOL, as
 * the desk will: the grant, its use and the register entry go to the outbox. HOLDER_ID
 * "all": every holder this terminal holds, with the name and birth date unmasked (what an
 * office's whole list would carry).
 */
static int	export_grant_run(struct db *, const char *, const char *, const char *,
		    const char *, int, char **);

static int
export_one(struct db *db, const char *holder, const char *grantee, const char *cert_path,
    const char *spool, char **cause)
{
	return export_grant_run(db, holder, grantee, cert_path, spool, 1, cause);
}

/*
 * incident: suzuki records today an incident involving My Numbers (SUMMARY), its first
 * response, and the report to the Commission unless REPORTED is "no"; the id is printed.
 */
static int
incident_today(struct db *db, const char *summary, const char *reported, char **cause)
{
	struct incident_new	 in;
	struct timespec		 now;
	struct tm		 tm;
	char			 id[37], today[16];
	time_t			 t;

	clock_now(&now);
	t = now.tv_sec;
	localtime_r(&t, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	memset(&in, 0, sizeof in);
	in.found_on = today;
	in.found_by = "鈴木 花子";
	in.summary = summary;
	in.data_kinds = "氏名、個人番号";
	in.persons = 1;
	in.mynumber = 1;
	if (incident_record(db, &supervisor, &in, id, cause) != 0 ||
	    incident_step_record(db, &supervisor, id, 1, today, "鈴木 花子", "回収",
	    cause) != 0 || (strcmp(reported, "no") != 0 && incident_step_record(db,
	    &supervisor, id, 5, today, "佐藤 一郎", "報告", cause) != 0))
		return -1;
	printf("%s\n", id);
	return 0;
}

/* Every holder of this terminal's register into the grant. */
static int
all_holders(struct db *db, struct export_grant *g, char **cause)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_prepare(db, "SELECT id FROM holders ORDER BY id", cause)) == NULL)
		return -1;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		g->holders = xreallocarray(g->holders, g->n_holders + 1, sizeof *g->holders);
		g->holders[g->n_holders++] = db_column_dup(stmt, 0);
	}
	db_release(db, stmt);
	return 0;
}

/* grant: the same grant, not run (SPOOL NULL); its id printed. */
static int
export_grant_run(struct db *db, const char *holder, const char *grantee,
    const char *cert_path, const char *spool, int run, char **cause)
{
	struct export_grant	 g;
	struct export_result	 r;
	struct actor		 runner = { grantee, "clerk", "sync-test", 0 };
	X509			*x;
	FILE			*f;
	char			 fpr[65], *pem = xcalloc(1, 65536);
	int			 rc = -1;

	memset(&g, 0, sizeof g);
	if ((f = fopen(cert_path, "r")) == NULL || fread(pem, 1, 65535, f) == 0) {
		xasprintf(cause, "cannot read %s", cert_path);
		goto out;
	}
	fclose(f);
	if ((x = export_recipient_load(pem, strlen(pem), cause)) == NULL)
		goto out;
	export_recipient_fingerprint(x, fpr);
	X509_free(x);
	g.grantee = xstrdup(grantee);
	g.purpose = xstrdup("sync test");
	g.procedure = xstrdup("test");
	g.columns = xcalloc(2, sizeof *g.columns);
	snprintf(g.columns[0].name, sizeof g.columns[0].name, "name");
	g.n_columns = 1;
	if (strcmp(holder, "all") == 0) {
		if (all_holders(db, &g, cause) != 0)
			goto out;
		snprintf(g.columns[1].name, sizeof g.columns[1].name, "birth_date");
		g.n_columns = 2;
	} else {
		g.holders = xcalloc(1, sizeof *g.holders);
		g.holders[0] = xstrdup(holder);
		g.n_holders = 1;
		g.columns[0].mask = EXPORT_MASK_FAMILY_ONLY;
	}
	g.encoding = EXPORT_UTF8_BOM;
	g.recipient_name = xstrdup("test recipient");
	g.recipient_cert = pem;
	pem = NULL;
	g.recipient_fingerprint = xstrdup(fpr);
	g.single_use = 1;
	if (export_grant_create(db, &supervisor, &g, 1, 72, cause) != 0)
		goto out;
	if (!run) {
		printf("%s\n", g.id);
		rc = 0;
		goto out;
	}
	if (export_run(db, &runner, spool, g.id, supervisor.user, &r, cause) != 0)
		goto out;
	printf("%s %s\n", g.id, r.path);
	export_result_clear(&r);
	rc = 0;
out:
	free(pem);
	export_grant_clear(&g);
	return rc;
}

/*
 * One change as a pull from another terminal would bring it (version 1, an insert),
 * applied as the pull applies it; the cursor stays. For payloads the central store would
 * never send, such as text that is not JSON.
 */
static int
pulled(struct db *db, const char *entity, const char *id, const char *payload, char **cause)
{
	struct sync_apply	*a;
	struct sync_change	 c;
	int			 ok;

	memset(&c, 0, sizeof c);
	c.terminal_id = "DEMO-ELSEWHERE";
	c.entity = entity;
	c.entity_id = id;
	c.version = 1;
	c.op = "insert";
	c.payload = payload;
	c.created_at = "2026-04-01T00:00:00.000Z";
	if (sync_apply_begin(db, NULL, &a, cause) != 0)
		return -1;
	ok = sync_apply_change(a, &c, cause) == 0;
	return sync_apply_end(a, 0, ok, NULL, ok ? cause : NULL);
}

static int
usage(void)
{
	fprintf(stderr, "usage: sync-tool --config FILE edit HOLDER_ID ITEM VALUE\n"
	    "       sync-tool --config FILE add N PREFIX\n"
	    "       sync-tool --config FILE erase REGISTRATION_ID\n"
	    "       sync-tool --config FILE edit-random N SEED [PREFIX]\n"
	    "       sync-tool --config FILE conflicts\n"
	    "       sync-tool --config FILE resolve ID local|remote\n"
	    "       sync-tool --config FILE pulled ENTITY ID PAYLOAD\n"
	    "       sync-tool --config FILE state\n"
	    "       sync-tool --config FILE check-outbox\n"
	    "       sync-tool --config FILE check-payloads\n"
	    "       sync-tool --config FILE receive N [KIND]\n"
	    "       sync-tool --config FILE withdraw NUMBER REASON\n"
	    "       sync-tool --config FILE review DATE\n"
	    "       sync-tool --config FILE batch changes|audit N\n"
	    "       sync-tool --config FILE export HOLDER_ID GRANTEE CERT SPOOL\n"
	    "       sync-tool --config FILE grant HOLDER_ID GRANTEE CERT\n"
	    "       sync-tool --config FILE incident SUMMARY yes|no\n"
	    "       sync-tool --config FILE lease-receptions N\n"
	    "       sync-tool --config FILE lease-numbers N\n"
	    "       sync-tool --config FILE action REG_ID ACTION DATE UNTIL|- CODE\n"
	    "       sync-tool --config FILE refuse-new DATE CODE\n");
	return 2;
}

/*
 * The terminal's verdict on changes given on stdin, one "ENTITY<TAB>PAYLOAD" a line:
 * tests/sync/test-push-check.sh asks the central store about the same lines.
 */
static int
check_payloads(struct db *db, char **cause)
{
	char	*line = NULL, *tab, *why = NULL;
	size_t	 size = 0;
	ssize_t	 len;
	int	 rc;

	while ((len = getline(&line, &size, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if ((tab = strchr(line, '\t')) == NULL) {
			xasprintf(cause, "no tab in \"%s\"", line);
			free(line);
			return -1;
		}
		*tab = '\0';
		if ((rc = sync_payload_check(line, tab + 1, NULL, &why)) < 0) {
			*cause = why;
			free(line);
			return -1;
		}
		printf("%s\n", rc == 0 ? "ok" : "refused");
		free(why);
		why = NULL;
	}
	free(line);
	return 0;
}

/* A correction as the desk makes it: submitted by a clerk, approved by a supervisor. */
static int
edit(struct db *db, const char *holder, const char *item, const char *value, char **cause)
{
	struct reg_value	 v[3];
	char			 id[37];

	v[0].key = (char *)item;
	v[0].value = (char *)value;
	v[1].key = (char *)"event_date";
	v[1].value = (char *)"2026-11-01";
	v[2].key = (char *)"reason_text";
	v[2].value = (char *)"同期試験";
	if (application_submit(db, &clerk, APP_CORRECTION, holder, NULL, v, 3, id, cause) != 0)
		return -1;
	return application_decide(db, &supervisor, id, 1, "ok", cause);
}

#define KV(k, v)	{ (char *)(k), (char *)(v) }

/* A registration's 消除 as the desk makes it: applied for by a clerk, approved. */
static int
erase(struct db *db, const char *registration, char **cause)
{
	struct reg_value	 v[] = {
		KV("event_date", "2026-11-01"), KV("reason_code", "1"),
		KV("reason_text", "同期試験"),
	};
	sqlite3_stmt		*stmt;
	char			 id[37], holder[37];

	stmt = db_prepare(db, "SELECT holder_id FROM registrations WHERE id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, registration, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_release(db, stmt);
		xasprintf(cause, "no registration %s", registration);
		return -1;
	}
	snprintf(holder, sizeof holder, "%s", sqlite3_column_text(stmt, 0));
	db_release(db, stmt);
	if (application_submit(db, &clerk, APP_DELETION, holder, registration, v,
	    sizeof v / sizeof v[0], id, cause) != 0)
		return -1;
	return application_decide(db, &supervisor, id, 1, "ok", cause);
}

/*
 * A merge of one holder into another (kept), or without kept the split of a merged holder,
 * applied for by a clerk and approved (issue 25).
 */
static int
merge_or_split(struct db *db, const char *merged, const char *kept, char **cause)
{
	char	 id[37];

	if ((kept != NULL ? merge_submit(db, &clerk, merged, kept, "同一人（試験）", id,
	    cause) : split_submit(db, &clerk, merged, "別人（試験）", id, cause)) != 0)
		return -1;
	return application_decide(db, &supervisor, id, 1, "ok", cause);
}

/*
 * The central store takes a certificate number only from a block it registered or leased
 * to the terminal: numbers typed in come from a block an administrator added by hand.
 */
static int
block_for(struct db *db, const char *prefix, char **cause)
{
	struct cert_block	*blocks;
	size_t			 n, i;
	int64_t			 left;
	int			 found = 0;

	if (cert_numbers_list(db, &blocks, &n, &left, cause) != 0)
		return -1;
	for (i = 0; i < n; i++)
		found |= strcmp(blocks[i].prefix, prefix) == 0;
	free(blocks);
	if (found)
		return 0;
	return cert_numbers_add_block_id(db, "admin", prefix, 1, 999999, "unconfirmed", NULL,
	    cause);
}

/* How many registrations have numbers under prefix (add numbers them from 1). */
static long
numbers_taken(struct db *db, const char *prefix, char **cause)
{
	sqlite3_stmt	*s;
	long		 n = -1;

	if ((s = db_prepare(db, "SELECT count(*) FROM registrations WHERE "
	    "substr(certificate_number, 1, length(?1)) = ?1", cause)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, prefix, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	db_release(db, s);
	return n;
}

/*
 * New holders the way the desk registers them; the certificate numbers and the birth dates
 * (a day earlier each) tell them apart. Namesakes born the same day would each be a
 * candidate of every later one (the duplicate check at approval, issue 25), thousands of
 * candidates read and audited per approval in the long runs; the approval still says
 * "different" should a terminal's own earlier holders be one.
 */
static int
add(struct db *db, long n, const char *prefix, char **cause)
{
	struct reg_value	 v[] = {
		KV("family_name", "同期"), KV("given_name", "花子"),
		KV("family_kana", "ドウキ"), KV("given_kana", "ハナコ"),
		KV("sex", "2"), KV("birth_date", "1990-04-01"),
		KV("address1", "東京都千代田区"), KV("honseki_pref", "13"),
		KV("qualification", "1"), KV("certificate_number", NULL),
		KV("application_date", "2020-04-01"), KV("reception_date", "2020-04-02"),
		KV("issue_date", "2020-05-01"), KV("route", "exam"),
	};
	char			 number[64], id[37], birth[16];
	time_t			 day = 638928000;	/* 1990-04-01 00:00 UTC */
	struct tm		 tm;
	long			 k, first;

	v[5].value = birth;
	v[9].value = number;
	if (block_for(db, prefix, cause) != 0 ||
	    (first = numbers_taken(db, prefix, cause)) < 0)
		return -1;
	/* A second add with the same prefix goes on after the first's numbers. */
	day -= 86400 * first;
	for (k = first + 1; k <= first + n; k++) {
		snprintf(number, sizeof number, "%s%06ld", prefix, k);
		gmtime_r(&day, &tm);
		strftime(birth, sizeof birth, "%Y-%m-%d", &tm);
		day -= 86400;
		if (application_submit(db, &clerk, APP_REGISTRATION, NULL, NULL, v,
		    sizeof v / sizeof v[0], id, cause) != 0 ||
		    application_approve_different(db, &supervisor, id, "同姓同名の別人（試験）",
		    "ok", cause) != 0)
			return -1;
	}
	return 0;
}

/*
 * N receptions as the desk opens them (reception_open), each in its own transaction: the
 * numbers given are printed at once, so that a refusal part way shows what was received.
 */
static int
receive(struct db *db, long n, const char *kind, char **cause)
{
	char	 number[RECEPTION_NUMBER_SIZE];
	long	 k;

	for (k = 0; k < n; k++) {
		if (reception_open(db, &clerk, kind, "counter", NULL, number, cause) != 0)
			return -1;
		printf("%s\n", number);
		fflush(stdout);
	}
	return 0;
}

/* The holder ids, in id order, so that a seed picks the same holders every time. */
static char **
holder_ids(struct db *db, const char *prefix, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	char		**ids = NULL;
	size_t		 k = 0;

	if ((stmt = db_prepare(db, "SELECT DISTINCT h.id FROM holders h JOIN registrations r "
	    "ON r.holder_id = h.id WHERE substr(r.certificate_number, 1, length(?1)) = ?1 "
	    "ORDER BY h.id", cause)) == NULL)
		return NULL;
	sqlite3_bind_text(stmt, 1, prefix, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		ids = xreallocarray(ids, k + 1, sizeof *ids);
		ids[k++] = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	}
	db_release(db, stmt);
	*n = k;
	return ids != NULL ? ids : xcalloc(1, sizeof *ids);
}

static int
edit_random(struct db *db, long n, unsigned long seed, const char *prefix, char **cause)
{
	char		**ids, value[64];
	size_t		 nids = 0, i, pick;
	unsigned long	 x = seed * 2654435761UL + 1;
	long		 k;
	int		 rc = 0;

	if ((ids = holder_ids(db, prefix, &nids, cause)) == NULL)
		return -1;
	if (nids == 0) {
		*cause = xstrdup("no holders to edit");
		rc = -1;
	}
	for (k = 0; rc == 0 && k < n; k++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		pick = (size_t)(x >> 33) % nids;
		snprintf(value, sizeof value, "試験%lu番地%ld", seed, k + 1);
		if (edit(db, ids[pick], "address2", value, cause) != 0)
			rc = -1;
		else
			printf("%s %s\n", ids[pick], value);
	}
	for (i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	return rc;
}

static int
batch(struct db *db, const char *kind, int n, char **cause)
{
	struct sync_batch	 b;
	char			*text;
	int			 rc;

	if (strcmp(kind, "audit") == 0)
		rc = sync_next_audit_batch(db, n, &b, cause);
	else
		rc = sync_next_batch(db, 0, n, &b, cause);
	if (rc != 0)
		return -1;
	if ((text = sync_batch_text(kind, db_terminal_id(db), &b, time(NULL))) == NULL) {
		*cause = xstrdup("nothing to send");
		sync_batch_clear(&b);
		return -1;
	}
	fputs(text, stdout);
	free(text);
	sync_batch_clear(&b);
	return 0;
}

/* What a review at the desk leaves: a flagged view, its acknowledgements, a sign-off. */
static int
review(struct db *db, const char *date, char **cause)
{
	struct office_hours	 oh;
	struct audit_flag	*f = NULL;
	struct tm		 tm;
	size_t			 n = 0, i;
	char			 id[37];
	int			 rc = -1;

	memset(&tm, 0, sizeof tm);
	if (sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) {
		*cause = xstrdup("DATE: YYYY-MM-DD");
		return -1;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 22 - 9;	/* 22:00 in Japan */
	clock_test_freeze((int64_t)timegm(&tm) * 1000);
	if (office_hours_parse("08:30-17:15 mon-fri", &oh, cause) != 0 ||
	    audit_actor(db, &clerk, "register.view",
	    "holder:0f0e0d0c-0b0a-4909-8807-060504030201", "ok", "", cause) != 0)
		return -1;
	clock_test_freeze(((int64_t)timegm(&tm) + 3600) * 1000);
	if (audit_flags_compute(db, &oh, date, date, 0, 0, &f, &n, cause) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!f[i].acked && audit_flag_ack(db, &supervisor, &f[i], "本人に確認した",
		    cause) != 0)
			goto out;
	}
	if (audit_review_sign(db, &supervisor, &oh, date, date, "", "ログを確認した", id,
	    cause) != 0)
		goto out;
	printf("%s\n", id);
	rc = 0;
out:
	audit_flags_free(f, n);
	return rc;
}

/* The id of USER's account in this terminal's register, into id. */
static int
account_id(struct db *db, const char *user, char id[37], char **cause)
{
	struct account	*list;
	size_t		 n, i;
	int		 found = 0;

	if (account_list(db, ACCOUNTS_ALL, 0, &list, &n, cause) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(list[i].user_name, user) == 0) {
			snprintf(id, 37, "%s", list[i].id);
			found = 1;
		}
	}
	account_list_free(list, n);
	if (!found)
		xasprintf(cause, "no account of %s here", user);
	return found ? 0 : -1;
}

/* The id of the change of USER's account that awaits a decision, into id. */
static int
account_change_pending(struct db *db, const char *user, char id[37], char **cause)
{
	struct account_change	*list;
	size_t			 n, i;
	int			 found = 0;

	if (account_changes_list(db, 1, &list, &n, cause) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(list[i].user_name, user) == 0) {
			snprintf(id, 37, "%s", list[i].id);
			found = 1;
		}
	}
	account_changes_free(list, n);
	if (!found)
		xasprintf(cause, "no change of %s waits", user);
	return found ? 0 : -1;
}

static int
account_cmd(struct db *db, int argc, char **argv, char **cause)
{
	struct account_change_request c;
	struct account_request	 r;
	struct actor		 by = { NULL, "supervisor", "tty9", 0 };
	char			 id[37], today[11];
	time_t			 now = time(NULL);

	if (strcmp(argv[3], "account-request") == 0 && argc == 7) {
		strftime(today, sizeof today, "%Y-%m-%d", localtime(&now));
		memset(&r, 0, sizeof r);
		r.user_name = argv[4];
		r.full_name = "試験 次郎";
		r.roles = argv[5];
		r.reason = "窓口業務のため";
		r.procedures = "register correct reissue periodic";
		r.valid_from = today;
		r.valid_until = "2099-12-31";
		by.user = argv[6];
		return account_request(db, &by, &r, id, cause);
	}
	if (strcmp(argv[3], "account-change") == 0 && argc == 8) {
		memset(&c, 0, sizeof c);
		c.user_name = argv[4];
		c.roles = argv[5];
		c.mynumber_allowed = -1;
		c.reason_code = argv[7];
		c.reason = "異動による変更";
		by.user = argv[6];
		return account_change_request(db, &by, &c, id, cause);
	}
	if (strcmp(argv[3], "account-change-decide") == 0 && argc == 7) {
		by.user = argv[6];
		return account_change_pending(db, argv[4], id, cause) != 0 ? -1 :
		    account_change_decide(db, &by, id, strcmp(argv[5], "approve") == 0, "異動",
		    cause);
	}
	if (account_id(db, argv[4], id, cause) != 0)
		return -1;
	if (strcmp(argv[3], "account-decide") == 0 && argc == 7 &&
	    (strcmp(argv[5], "approve") == 0 || strcmp(argv[5], "reject") == 0)) {
		by.user = argv[6];
		return account_decide(db, &by, id, strcmp(argv[5], "approve") == 0, "", cause);
	}
	if (strcmp(argv[3], "account-revoke") == 0 && argc == 7) {
		by.user = argv[5];
		return account_revoke(db, &by, id, argv[6], cause);
	}
	xasprintf(cause, "usage: account-request USER ROLES BY | account-decide USER "
	    "approve|reject BY | account-revoke USER BY REASON | account-change USER ROLES BY "
	    "REASON_CODE | account-change-decide USER approve|reject BY");
	return -1;
}

/*
 * lease-receptions, lease-numbers: a block of n reception numbers for this year, or of
 * certificate numbers, from the central store now, as a sync would lease it (for tests
 * that file before syncing, or that need a lease at a given moment).
 */
static int
lease(struct db *db, const char *config_path, int n,
    int (*leaser)(struct db *, const struct sync_params *, int, char **), char **cause)
{
	struct config		 config;
	struct sync_params	 p;
	int			 rc;

	if (config_open(&config, config_path, NULL, cause) != 0)
		return -1;
	sync_params_from_config(&p, &config);
	rc = leaser(db, &p, n, cause);
	config_free(&config);
	return rc;
}

int
main(int argc, char **argv)
{
	struct sync_conflict	*c = NULL;
	struct sync_state	 st;
	struct db		*db;
	char			*cause = NULL, *end;
	size_t			 n = 0, i;
	int			 rc = -1;

	/* Its messages, and what it records, as the installed tools' (madoguchi-admin). */
	i18n_init();
	if (argc < 4 || strcmp(argv[1], "--config") != 0)
		return usage();
	if ((db = dbopen_tool(argv[2], NULL, NULL, DB_OPEN_EXISTING, &cause)) == NULL) {
		fprintf(stderr, "sync-tool: %s\n", cause);
		return 1;
	}
	if (strcmp(argv[3], "lease-receptions") == 0 && argc == 5)
		rc = lease(db, argv[2], (int)strtol(argv[4], NULL, 10), sync_lease_receptions,
		    &cause);
	else if (strcmp(argv[3], "lease-numbers") == 0 && argc == 5)
		rc = lease(db, argv[2], (int)strtol(argv[4], NULL, 10), sync_lease_block, &cause);
	else if (strcmp(argv[3], "edit") == 0 && argc == 7)
		rc = edit(db, argv[4], argv[5], argv[6], &cause);
	else if (strcmp(argv[3], "action") == 0 && argc == 9)
		rc = tool_action(db, &clerk, &supervisor, argv + 4, &cause);
	else if (strcmp(argv[3], "refuse-new") == 0 && argc == 6)
		rc = tool_refuse_new(db, &clerk, &supervisor, argv[4], argv[5], &cause);
	else if (strcmp(argv[3], "erase") == 0 && argc == 5)
		rc = erase(db, argv[4], &cause);
	else if (strcmp(argv[3], "merge") == 0 && (argc == 5 || argc == 6))
		rc = merge_or_split(db, argv[4], argc == 6 ? argv[5] : NULL, &cause);
	else if (strcmp(argv[3], "add") == 0 && argc == 6)
		rc = add(db, strtol(argv[4], NULL, 10), argv[5], &cause);
	else if (strcmp(argv[3], "receive") == 0 && (argc == 5 || argc == 6))
		rc = receive(db, strtol(argv[4], NULL, 10), argc == 6 ? argv[5] :
		    "registration", &cause);
	else if (strcmp(argv[3], "withdraw") == 0 && argc == 6)
		rc = reception_withdraw(db, &clerk, argv[4], argv[5], &cause);
	else if (strcmp(argv[3], "edit-random") == 0 && (argc == 6 || argc == 7))
		rc = edit_random(db, strtol(argv[4], NULL, 10), strtoul(argv[5], NULL, 10),
		    argc == 7 ? argv[6] : "", &cause);
	else if (strcmp(argv[3], "check-outbox") == 0 && argc == 4) {
		/* Every payload this terminal wrote must pass the rules it checks others by. */
		if ((rc = sync_rules_check_outbox(db, stdout, &cause)) > 0) {
			xasprintf(&cause, "%d outbox rows fail the sync rules", rc);
			rc = -1;
		}
	} else if (strcmp(argv[3], "review") == 0 && argc == 5) {
		rc = review(db, argv[4], &cause);
	} else if (strcmp(argv[3], "check-payloads") == 0 && argc == 4) {
		rc = check_payloads(db, &cause);
	} else if (strcmp(argv[3], "conflicts") == 0 && argc == 4) {
		if ((rc = sync_conflicts_open(db, &supervisor, &c, &n, &cause)) == 0) {
			for (i = 0; i < n; i++)
				printf("%lld %s %s %s\n", (long long)c[i].id, c[i].entity,
				    c[i].entity_id, c[i].source);
			sync_conflicts_free(c, n);
		}
	} else if (strcmp(argv[3], "resolve") == 0 && argc == 6 &&
	    (strcmp(argv[5], "local") == 0 || strcmp(argv[5], "remote") == 0)) {
		rc = sync_conflict_resolve(db, &supervisor, strtoll(argv[4], &end, 10),
		    strcmp(argv[5], "local") == 0 ? SYNC_KEEP_LOCAL : SYNC_TAKE_REMOTE, &cause);
	} else if (strcmp(argv[3], "pulled") == 0 && argc == 7) {
		rc = pulled(db, argv[4], argv[5], argv[6], &cause);
	} else if (strcmp(argv[3], "state") == 0 && argc == 4) {
		if ((rc = sync_state_read(db, &st, &cause)) == 0) {
			printf("pending %lld\nconflicts %lld\ncursor %lld\naudit_pushed %lld\n"
			    "online %d\nlast_success %s\nlast_error %s\n", (long long)st.pending,
			    (long long)st.conflicts, (long long)st.pull_cursor,
			    (long long)st.audit_pushed, st.online,
			    st.last_success_at != NULL ? st.last_success_at : "-",
			    st.last_error != NULL ? st.last_error : "-");
			sync_state_clear(&st);
		}
	} else if (strcmp(argv[3], "incident") == 0 && argc == 6) {
		rc = incident_today(db, argv[4], argv[5], &cause);
	} else if (strcmp(argv[3], "grant") == 0 && argc == 7) {
		rc = export_grant_run(db, argv[4], argv[5], argv[6], NULL, 0, &cause);
	} else if (strcmp(argv[3], "export") == 0 && argc == 8) {
		rc = export_one(db, argv[4], argv[5], argv[6], argv[7], &cause);
	} else if (strncmp(argv[3], "account-", 8) == 0 && (argc == 7 || argc == 8)) {
		rc = account_cmd(db, argc, argv, &cause);
	} else if (strcmp(argv[3], "batch") == 0 && argc == 6 &&
	    (strcmp(argv[4], "changes") == 0 || strcmp(argv[4], "audit") == 0)) {
		rc = batch(db, argv[4], atoi(argv[5]), &cause);
	} else {
		db_close(db);
		return usage();
	}
	if (rc != 0) {
		fprintf(stderr, "sync-tool: %s: %s\n", argv[3], cause != NULL ? cause : "failed");
		free(cause);
	}
	db_close(db);
	return rc == 0 ? 0 : 1;
}
