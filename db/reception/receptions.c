/* db/reception/: the reception register (reception.h). May use: lib/, db/. */
/*
 * Receptions: opened when an application is received (or before, for a Juki-net lookup the
 * application will need), decided with it, or withdrawn by the applicant while open. Each
 * change goes to the central store with the office's other registers.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/account-words.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "db-internal.h"
#include "i18n.h"
#include "reception/reception-internal.h"
#include "reception/reception.h"
#include "sync/outbox.h"
#include "uuid.h"
#include "valid.h"
#include "xmalloc.h"

static const char *const kinds[] = { "registration", "correction", "deletion", "reissue",
    NULL };
static const char *const channels[] = { "counter", "mail", "e-gov", "mynaportal", NULL };

/* What the central store gets of a reception: every column, under its UUID. */
static const char	 outbox_sql[] = "SELECT version, json_object('id', id, 'number', "
    "number, 'kind', kind, 'channel', channel, 'received_on', received_on, 'received_by', "
    "received_by, 'received_at', received_at, 'holder_id', holder_id, 'status', status, "
    "'withdrawn_by', withdrawn_by, 'withdrawn_at', withdrawn_at, 'withdraw_reason', "
    "withdraw_reason, 'identity', identity, 'identity_by', identity_by, 'identity_at', "
    "identity_at, 'fee_kind', fee_kind, 'fee_payment', fee_payment, 'fee_amount', "
    "fee_amount, 'fee_exempt_reason', fee_exempt_reason, 'fee_by', fee_by, 'fee_on', "
    "fee_on, 'refund_by', refund_by, 'refund_on', refund_on) FROM receptions WHERE "
    "id = ?1";

/* Who may receive or withdraw one: whoever may file its application (audited if not). */
static int
may_receive(struct db *db, const struct actor *who, const char *kind, char **cause)
{
	return rolefn_require(db, who, strcmp(kind, "reissue") == 0 ? "reissue.apply" :
	    "register.apply", cause);
}

static int
one_of(const char *const *list, const char *s)
{
	for (; s != NULL && *list != NULL; list++) {
		if (strcmp(*list, s) == 0)
			return 1;
	}
	return 0;
}

const char *
reception_label(const struct reception_code *table, const char *code)
{
	for (; code != NULL && table->code != NULL; table++) {
		if (strcmp(table->code, code) == 0)
			return _(table->label);
	}
	return code != NULL ? code : "";
}

const char *
reception_channel_label(const char *code)
{
	static const struct reception_code labels[] = {
		{ "counter", N_("counter (窓口)") }, { "mail", N_("mail (郵送)") },
		{ "e-gov", N_("e-Gov") }, { "mynaportal", N_("Mynaportal (マイナポータル)") },
		{ NULL, NULL }
	};

	return reception_label(labels, code);
}

const char *
reception_status_label(const char *code)
{
	static const struct reception_code labels[] = {
		{ "open", N_("open") }, { "decided", N_("decided") },
		{ "withdrawn", N_("withdrawn") }, { NULL, NULL }
	};

	return reception_label(labels, code);
}

/* "holder:<id> reception:<number>", or the reception alone while nobody is known. */
char *
reception_target_of(const char *holder_id, const char *number)
{
	char	*target;

	if (holder_id != NULL && *holder_id != '\0')
		xasprintf(&target, "holder:%s reception:%s", holder_id, number);
	else
		xasprintf(&target, "reception:%s", number);
	return target;
}

/* The reception with this number to the central store, as inserted or changed. */
static int
reception_outbox(struct db *db, const char *number, int update, char **cause)
{
	sqlite3_stmt	*s;
	char		*id;
	int		 rc;

	if ((s = db_prepare(db, "SELECT id FROM receptions WHERE number = ?1", cause)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	id = sqlite3_step(s) == SQLITE_ROW ? db_column_dup(s, 0) : NULL;
	db_release(db, s);
	if (id == NULL) {
		xasprintf(cause, _("reception %s not found"), number);
		return -1;
	}
	rc = outbox_append_row(db, "reception", outbox_sql, id, update, cause);
	free(id);
	return rc;
}

int
reception_outbox_number(struct db *db, const char *number, char **cause)
{
	return reception_outbox(db, number, 1, cause);
}

/* Opens it in the caller's transaction; audited. */
static int
open_in_tx(struct db *db, const struct actor *who, const char *kind, const char *channel,
    const char *holder_id, char out[RECEPTION_NUMBER_SIZE], char **cause)
{
	sqlite3_stmt	*s;
	char		 today[16], id[UUID_STRLEN + 1], *target;
	int		 rc;

	if ((s = db_prepare(db, "SELECT date('now', 'localtime')", cause)) == NULL)
		return -1;
	snprintf(today, sizeof today, "%s", sqlite3_step(s) == SQLITE_ROW ?
	    (const char *)sqlite3_column_text(s, 0) : "");
	db_release(db, s);
	if (strlen(today) != 10)
		return db_fail(db, cause, _("cannot read today's date"));
	if (reception_number_take(db, atoi(today), out, cause) != 0)
		return -1;
	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	s = db_prepare(db, "INSERT INTO receptions (id, number, kind, channel, received_on, "
	    "received_by, received_at, holder_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " NOW ", ?7)",
	    cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, out, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, today, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, holder_id, -1, SQLITE_STATIC);
	if (db_step_done(db, s, _("cannot store the reception"), cause) != 0 ||
	    outbox_append_row(db, "reception", outbox_sql, id, 0, cause) != 0)
		return -1;
	target = reception_target_of(holder_id, out);
	rc = audit_actor(db, who, "reception.open", target, "ok", kind, cause);
	free(target);
	return rc;
}

int
reception_open(struct db *db, const struct actor *who, const char *kind,
    const char *channel, const char *holder_id, char out[RECEPTION_NUMBER_SIZE],
    char **cause)
{
	int	 rc;

	*cause = NULL;
	*out = '\0';
	if (!one_of(kinds, kind)) {
		xasprintf(cause, _("a reception is for a registration, a correction, an "
		    "erasure or a reissue"));
		return -1;
	}
	if (!one_of(channels, channel)) {
		xasprintf(cause, _("a reception comes through the counter, by mail, through "
		    "e-Gov or Mynaportal"));
		return -1;
	}
	if (may_receive(db, who, kind, cause) != 0 || db_begin(db, cause) != 0)
		return -1;
	rc = open_in_tx(db, who, kind, channel, holder_id, out, cause);
	rc = db_finish(db, rc, cause);
	if (rc != 0)
		*out = '\0';
	return rc;
}

int
reception_for_filing(struct db *db, const struct actor *who, const char *kind,
    const char *holder_id, char out[RECEPTION_NUMBER_SIZE], char **cause)
{
	sqlite3_stmt	*s;
	int		 found;

	*cause = NULL;
	/*
	 * A reception without a holder is a new person's: only the clerk who opened it knows
	 * whom it is for, so only their filing takes it, and only at the terminal where they
	 * opened it (its number is from this terminal's blocks). Accounts are the office's: a
	 * reception the same clerk opened at another terminal reaches this one by sync, and
	 * may do so before the application filed with it there (a failover, a batch cut
	 * between them); taking it here would decide it twice, for two people.
	 */
	s = db_prepare(db, "SELECT r.number FROM receptions r WHERE r.status = 'open' AND "
	    "r.kind = ?1 AND (r.holder_id = ?2 OR (?2 IS NULL AND r.holder_id IS NULL AND "
	    "r.received_by = ?3 AND EXISTS (SELECT 1 FROM reception_number_blocks b WHERE "
	    "b.year = CAST(substr(r.number, 2, 4) AS INTEGER) AND CAST(substr(r.number, 7) AS "
	    "INTEGER) BETWEEN b.first_number AND b.next_number - 1))) AND NOT EXISTS (SELECT 1 "
	    "FROM applications a WHERE a.reception_number = r.number) ORDER BY r.received_at, "
	    "r.number LIMIT 1", cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, holder_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, who->user, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		snprintf(out, RECEPTION_NUMBER_SIZE, "%s", sqlite3_column_text(s, 0));
	db_release(db, s);
	if (found)
		return 0;
	return open_in_tx(db, who, kind, "counter", holder_id, out, cause);
}

int
reception_decided(struct db *db, const char *application_id, const char *holder_id,
    char **cause)
{
	sqlite3_stmt	*s;
	char		*number;
	int		 rc;

	if ((s = db_prepare(db, "SELECT reception_number FROM applications WHERE id = ?1",
	    cause)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, application_id, -1, SQLITE_STATIC);
	number = sqlite3_step(s) == SQLITE_ROW ? db_column_dup(s, 0) : NULL;
	db_release(db, s);
	if (number == NULL)
		return 0;
	s = db_prepare(db, "UPDATE receptions SET status = 'decided', holder_id = "
	    "coalesce(holder_id, ?2), version = version + 1 WHERE number = ?1 AND status = "
	    "'open'", cause);
	if (s == NULL) {
		free(number);
		return -1;
	}
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, holder_id, -1, SQLITE_STATIC);
	rc = db_step_done(db, s, _("cannot record the reception's decision"), cause);
	if (rc == 0 && sqlite3_changes(db->h) != 1) {
		xasprintf(cause, _("reception %s was withdrawn or decided meanwhile"), number);
		rc = -1;
	}
	if (rc == 0)
		rc = reception_outbox(db, number, 1, cause);
	free(number);
	return rc;
}

int
reception_withdraw(struct db *db, const struct actor *who, const char *number,
    const char *reason, char **cause)
{
	struct reception	 r;
	sqlite3_stmt		*s;
	char			*target, *why = NULL;
	int			 rc = -1;

	*cause = NULL;
	if (reason == NULL || *reason == '\0') {
		xasprintf(cause, _("give the reason the applicant withdraws for; nothing was "
		    "withdrawn"));
		return -1;
	}
	/* Free text as every reason is checked: UTF-8, no controls, 200 characters. */
	if (valid_text(reason, 200, 0, &why) != 0) {
		xasprintf(cause, _("the reason: %s; nothing was withdrawn"), why);
		free(why);
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	if ((rc = reception_get(db, number, &r, cause)) != 0) {
		if (rc == 1)
			xasprintf(cause, _("there is no reception %s"), number);
		rc = -1;
		goto out;
	}
	rc = -1;
	if (may_receive(db, who, r.kind, cause) != 0)
		goto out_clear;
	if (strcmp(r.status, "open") != 0) {
		xasprintf(cause, _("reception %s is %s: only an open reception can be "
		    "withdrawn"), number, reception_status_label(r.status));
		goto out_clear;
	}
	s = db_prepare(db, "UPDATE receptions SET status = 'withdrawn', withdrawn_by = ?2, "
	    "withdrawn_at = " NOW ", withdraw_reason = ?3, version = version + 1 WHERE "
	    "number = ?1 AND status = 'open'", cause);
	if (s == NULL)
		goto out_clear;
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	if (db_step_done(db, s, _("cannot withdraw the reception"), cause) != 0)
		goto out_clear;
	/* A fee paid goes back to the applicant with the withdrawal. */
	if (r.fee_payment != NULL && strcmp(r.fee_payment, "exempt") != 0 &&
	    reception_fee_refund(db, who, &r, cause) != 0)
		goto out_clear;
	if (reception_outbox(db, number, 1, cause) != 0)
		goto out_clear;
	if (r.application_id != NULL) {
		s = db_prepare(db, "UPDATE applications SET status = 'withdrawn', version = "
		    "version + 1 WHERE id = ?1 AND status = 'pending'", cause);
		if (s == NULL)
			goto out_clear;
		sqlite3_bind_text(s, 1, r.application_id, -1, SQLITE_STATIC);
		if (db_step_done(db, s, _("cannot withdraw the application"), cause) != 0)
			goto out_clear;
		if (sqlite3_changes(db->h) != 1) {
			xasprintf(cause, _("the application of reception %s is decided already: "
			    "it cannot be withdrawn"), number);
			goto out_clear;
		}
		if (outbox_append_row(db, "application", "SELECT version, json_object('id', id, "
		    "'status', status) FROM applications WHERE id = ?1", r.application_id, 1,
		    cause) != 0)
			goto out_clear;
	}
	target = reception_target_of(r.holder_id, number);
	rc = audit_actor(db, who, "reception.withdraw", target, "ok", reason, cause);
	free(target);
out_clear:
	reception_clear(&r);
out:
	return db_finish(db, rc, cause);
}

#define RECEPTION_COLUMNS "r.number, r.kind, r.channel, r.received_on, r.received_by, " \
    "r.holder_id, r.status, r.withdrawn_by, strftime('%Y-%m-%d %H:%M', r.withdrawn_at, " \
    "'localtime'), r.withdraw_reason, a.id, r.identity, r.identity_by, " \
    "strftime('%Y-%m-%d %H:%M', r.identity_at, 'localtime'), r.fee_kind, " \
    "r.fee_payment, r.fee_amount, r.fee_exempt_reason, r.fee_by, r.fee_on, " \
    "r.refund_by, r.refund_on, a.status, trim(h.family_name || ' ' || h.given_name) " \
    "FROM receptions r " \
    "LEFT JOIN applications a " \
    "ON a.reception_number = r.number LEFT JOIN holders h ON h.id = r.holder_id"

static void
reception_row(sqlite3_stmt *s, struct reception *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->number, sizeof r->number, "%s", sqlite3_column_text(s, 0));
	r->kind = db_column_dup(s, 1);
	r->channel = db_column_dup(s, 2);
	r->received_on = db_column_dup(s, 3);
	r->received_by = db_column_dup(s, 4);
	r->holder_id = db_column_dup(s, 5);
	r->status = db_column_dup(s, 6);
	r->withdrawn_by = db_column_dup(s, 7);
	r->withdrawn_at = db_column_dup(s, 8);
	r->withdraw_reason = db_column_dup(s, 9);
	r->application_id = db_column_dup(s, 10);
	r->identity = db_column_dup(s, 11);
	r->identity_by = db_column_dup(s, 12);
	r->identity_at = db_column_dup(s, 13);
	r->fee_kind = db_column_dup(s, 14);
	r->fee_payment = db_column_dup(s, 15);
	r->fee_amount = sqlite3_column_int64(s, 16);
	r->fee_exempt_reason = db_column_dup(s, 17);
	r->fee_by = db_column_dup(s, 18);
	r->fee_on = db_column_dup(s, 19);
	r->refund_by = db_column_dup(s, 20);
	r->refund_on = db_column_dup(s, 21);
	r->application_status = db_column_dup(s, 22);
	r->holder_name = db_column_dup(s, 23);
}

int
reception_get(struct db *db, const char *number, struct reception *r, char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	*cause = NULL;
	memset(r, 0, sizeof *r);
	s = db_prepare(db, "SELECT " RECEPTION_COLUMNS " WHERE r.number = ?1", cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		reception_row(s, r);
	db_release(db, s);
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_ROW)
		return db_fail(db, cause, _("cannot read the reception register"));
	return 0;
}

int
reception_list(struct db *db, const char *holder_id, struct reception **out, size_t *n,
    char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	*cause = NULL;
	*out = NULL;
	*n = 0;
	s = db_prepare(db, holder_id != NULL ? "SELECT " RECEPTION_COLUMNS " WHERE "
	    "r.holder_id = ?1 ORDER BY r.number DESC" : "SELECT " RECEPTION_COLUMNS " ORDER BY "
	    "r.number DESC LIMIT 1000", cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, holder_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		reception_row(s, &(*out)[(*n)++]);
	}
	db_release(db, s);
	if (rc != SQLITE_DONE) {
		reception_list_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the reception register"));
	}
	return 0;
}

void
reception_list_free(struct reception *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		reception_clear(&list[i]);
	free(list);
}

void
reception_clear(struct reception *r)
{
	free(r->kind);
	free(r->channel);
	free(r->received_on);
	free(r->received_by);
	free(r->holder_id);
	free(r->status);
	free(r->withdrawn_by);
	free(r->withdrawn_at);
	free(r->withdraw_reason);
	free(r->application_id);
	free(r->identity);
	free(r->identity_by);
	free(r->identity_at);
	free(r->fee_kind);
	free(r->fee_payment);
	free(r->fee_exempt_reason);
	free(r->fee_by);
	free(r->fee_on);
	free(r->refund_by);
	free(r->refund_on);
	free(r->application_status);
	free(r->holder_name);
	memset(r, 0, sizeof *r);
}

int
reception_lookup_check(struct db *db, const char *ref, const char *holder_id,
    char out[RECEPTION_NUMBER_SIZE], char **cause)
{
	struct reception	 r;
	int			 rc;

	if (reception_number_read(ref, out, cause) != 0)
		return -1;
	if ((rc = reception_get(db, out, &r, cause)) != 0) {
		if (rc == 1)
			xasprintf(cause, _("there is no reception %s in this office's register: "
			    "a lookup is made for a reception opened at the counter"), out);
		return -1;
	}
	rc = -1;
	if (strcmp(r.status, "open") != 0)
		xasprintf(cause, _("reception %s is %s: a lookup needs an open reception"),
		    out, reception_status_label(r.status));
	else if (holder_id != NULL && r.holder_id != NULL && strcmp(holder_id,
	    r.holder_id) != 0)
		xasprintf(cause, _("reception %s is for another holder: a lookup is made only "
		    "for the person the reception is for"), out);
	else if (holder_id != NULL && r.holder_id == NULL)
		xasprintf(cause, _("reception %s is for a person not in the register yet: "
		    "look them up from a new lookup, not from a holder"), out);
	else if (holder_id == NULL && r.holder_id != NULL)
		xasprintf(cause, _("reception %s is for a holder in the register: look them "
		    "up from their record"), out);
	else
		rc = 0;
	reception_clear(&r);
	return rc;
}

void
reception_of_application(struct db *db, const char *application_id,
    char out[RECEPTION_NUMBER_SIZE])
{
	sqlite3_stmt	*s;

	*out = '\0';
	if ((s = db_prepare(db, "SELECT reception_number FROM applications WHERE id = ?1",
	    NULL)) == NULL)
		return;
	sqlite3_bind_text(s, 1, application_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
		snprintf(out, RECEPTION_NUMBER_SIZE, "%s", sqlite3_column_text(s, 0));
	db_release(db, s);
}

char *
reception_documents_choices(struct db *db)
{
	return account_words_choices(db, ACCOUNT_WORDS_DOCUMENTS);
}

char *
reception_documents_shown(struct db *db, const char *codes)
{
	sqlite3_stmt	*s;
	char		*copy, *word, *rest, *out = xstrdup(""), *next;
	const char	*label;

	if (codes == NULL)
		return out;
	s = db_prepare(db, i18n_japanese() ? "SELECT label_ja FROM identity_documents WHERE "
	    "code = ?1" : "SELECT label_en FROM identity_documents WHERE code = ?1", NULL);
	copy = xstrdup(codes);
	for (word = strtok_r(copy, " ", &rest); word != NULL;
	    word = strtok_r(NULL, " ", &rest)) {
		label = word;
		if (s != NULL) {
			sqlite3_reset(s);
			sqlite3_bind_text(s, 1, word, -1, SQLITE_STATIC);
			if (sqlite3_step(s) == SQLITE_ROW)
				label = (const char *)sqlite3_column_text(s, 0);
		}
		xasprintf(&next, "%s%s%s", out, *out != '\0' ? (i18n_japanese() ? "、" :
		    ", ") : "", label);
		free(out);
		out = next;
	}
	if (s != NULL)
		db_release(db, s);
	free(copy);
	return out;
}

/*
 * The codes typed words stand for, checked: each a document of the list, none twice, and
 * together a proof of identity. 0 with *codes allocated, or -1 and why.
 */
static int
documents_check(struct db *db, const char *typed, char **codes, char **cause)
{
	sqlite3_stmt	*s;
	char		*copy, *word, *rest, *seen = xstrdup(" ");
	int		 alone = 0, others = 0, rc = -1;

	*codes = account_words_read(db, ACCOUNT_WORDS_DOCUMENTS, typed);
	if (**codes == '\0') {
		xasprintf(cause, _("give the documents seen, by their numbers or names"));
		goto out;
	}
	if ((s = db_prepare(db, "SELECT alone FROM identity_documents WHERE code = ?1",
	    cause)) == NULL)
		goto out;
	copy = xstrdup(*codes);
	for (word = strtok_r(copy, " ", &rest); word != NULL && *cause == NULL;
	    word = strtok_r(NULL, " ", &rest)) {
		char	*key;

		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, word, -1, SQLITE_STATIC);
		xasprintf(&key, " %s ", word);
		if (sqlite3_step(s) != SQLITE_ROW)
			xasprintf(cause, _("\"%s\" is not an identity document of the list"),
			    word);
		else if (strstr(seen, key) != NULL)
			xasprintf(cause, _("\"%s\" is given twice"), word);
		else if (sqlite3_column_int(s, 0))
			alone++;
		else
			others++;
		free(key);
		xasprintf(&key, "%s%s ", seen, word);
		free(seen);
		seen = key;
	}
	db_release(db, s);
	free(copy);
	if (*cause != NULL)
		goto out;
	if (alone == 0 && others < 2) {
		xasprintf(cause, _("one document without a photograph does not confirm the "
		    "identity: add another (住民票の写し and a health insurance card, say) or one "
		    "with a photograph"));
		goto out;
	}
	rc = 0;
out:
	free(seen);
	if (rc != 0) {
		free(*codes);
		*codes = NULL;
	}
	return rc;
}

int
reception_identity_set(struct db *db, const struct actor *who, const char *number,
    const char *typed, char **cause)
{
	struct reception	 r;
	sqlite3_stmt		*s;
	char			*codes = NULL, *target;
	int			 rc;

	*cause = NULL;
	if (db_begin(db, cause) != 0)
		return -1;
	if ((rc = reception_get(db, number, &r, cause)) != 0) {
		if (rc == 1)
			xasprintf(cause, _("there is no reception %s"), number);
		return db_finish(db, -1, cause);
	}
	rc = -1;
	if (may_receive(db, who, r.kind, cause) != 0)
		goto out;
	if (strcmp(r.status, "open") != 0) {
		xasprintf(cause, _("reception %s is %s: the identity is confirmed while it is "
		    "open"), number, reception_status_label(r.status));
		goto out;
	}
	if (documents_check(db, typed, &codes, cause) != 0)
		goto out;
	s = db_prepare(db, "UPDATE receptions SET identity = ?2, identity_by = ?3, "
	    "identity_at = " NOW ", version = version + 1 WHERE number = ?1 AND status = "
	    "'open'", cause);
	if (s == NULL)
		goto out;
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, codes, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, s, _("cannot record the identity check"), cause) != 0 ||
	    reception_outbox(db, number, 1, cause) != 0)
		goto out;
	target = reception_target_of(r.holder_id, number);
	rc = audit_actor(db, who, "reception.identity", target, "ok", codes, cause);
	free(target);
out:
	free(codes);
	reception_clear(&r);
	return db_finish(db, rc, cause);
}
