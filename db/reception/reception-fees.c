/* db/reception/: the reception register (reception.h). May use: lib/, db/. */
/*
 * Fees (手数料): the amount due comes from the fee table (by kind, qualification and the
 * date received), the fee is recorded on its reception once, as paid or exempt with the
 * reason, and refunded once when the applicant withdraws. Totals for a period balance to
 * the receptions: each fee is counted on the day received, each refund on its day.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "db-internal.h"
#include "i18n.h"
#include "reception/reception-internal.h"
#include "reception/reception.h"
#include "sync/outbox.h"
#include "valid.h"
#include "xmalloc.h"

static const char *const payments[] = { "stamp", "cash", "online", "exempt", NULL };

const char *
reception_fee_kind(const char *kind, const char *reissue_reason)
{
	if (kind == NULL)
		return NULL;
	if (strcmp(kind, "registration") == 0)
		return "issue";
	if (strcmp(kind, "reissue") == 0)
		return reissue_reason != NULL && strcmp(reissue_reason, "rewrite") == 0 ?
		    "rewrite" : "reissue";
	return NULL;	/* corrections and erasures cost nothing */
}

const char *
reception_fee_kind_label(const char *fee_kind)
{
	static const struct reception_code labels[] = {
		{ "issue", N_("issue (交付)") }, { "rewrite", N_("rewrite (書換え交付)") },
		{ "reissue", N_("reissue (再交付)") }, { NULL, NULL }
	};

	return reception_label(labels, fee_kind);
}

const char *
reception_payment_label(const char *payment)
{
	static const struct reception_code labels[] = {
		{ "stamp", N_("revenue stamp (収入印紙)") }, { "cash", N_("cash (現金)") },
		{ "online", N_("online payment (オンライン決済)") },
		{ "exempt", N_("exempt (免除)") }, { NULL, NULL }
	};

	return reception_label(labels, payment);
}

int
reception_fee_due(struct db *db, const char *fee_kind, const char *qualification,
    const char *date, int64_t *amount, char **cause)
{
	sqlite3_stmt	*s;
	int		 found;

	*cause = NULL;
	*amount = 0;
	/* The qualification's own row wins over the one for every qualification. */
	s = db_prepare(db, "SELECT amount FROM fee_schedule WHERE fee_kind = ?1 AND "
	    "qualification IN (?2, '*') AND valid_from <= ?3 AND (valid_until IS NULL OR "
	    "valid_until >= ?3) ORDER BY qualification = '*', valid_from DESC LIMIT 1", cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, fee_kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, qualification != NULL ? qualification : "*", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 3, date, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		*amount = sqlite3_column_int64(s, 0);
	db_release(db, s);
	if (!found) {
		xasprintf(cause, _("the fee table has no fee for %s on %s: ask the "
		    "administrator to add one"), reception_fee_kind_label(fee_kind), date);
		return -1;
	}
	return 0;
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

/* The fee of an open reception, checked against the table, in the caller's transaction. */
static int
fee_record_in_tx(struct db *db, const struct actor *who, const struct reception *r,
    const char *fee_kind, const char *qualification, const char *payment, int64_t amount,
    const char *exempt_reason, char **cause)
{
	sqlite3_stmt	*s;
	char		*target, *detail, *why = NULL;
	int64_t		 due;
	int		 rc;

	if (strcmp(r->status, "open") != 0) {
		xasprintf(cause, _("reception %s is %s: a fee is received while it is open"),
		    r->number, reception_status_label(r->status));
		return -1;
	}
	if (r->fee_payment != NULL) {
		xasprintf(cause, _("the fee of reception %s is recorded already (%s)"),
		    r->number, reception_payment_label(r->fee_payment));
		return -1;
	}
	if (!one_of(payments, payment)) {
		xasprintf(cause, _("a fee is paid by revenue stamp, in cash, online, or is "
		    "exempt"));
		return -1;
	}
	if (reception_fee_due(db, fee_kind, qualification, r->received_on, &due, cause) != 0)
		return -1;
	if (strcmp(payment, "exempt") == 0) {
		if (amount != 0) {
			xasprintf(cause, _("Fee amount (yen): an exempt fee has no amount"));
			return -1;
		}
		if (exempt_reason == NULL || *exempt_reason == '\0') {
			xasprintf(cause, _("an exempt fee (免除) needs its reason"));
			return -1;
		}
		/* Free text as every reason is checked: UTF-8, no controls, 200 characters. */
		if (valid_text(exempt_reason, 200, 0, &why) != 0) {
			xasprintf(cause, _("the reason for the exemption: %s"), why);
			free(why);
			return -1;
		}
	} else if (amount != due) {
		xasprintf(cause, _("Fee amount (yen): %" PRId64 " yen is not the fee table's "
		    "%" PRId64 " yen for %s received on %s"), amount, due,
		    reception_fee_kind_label(fee_kind), r->received_on);
		return -1;
	}
	s = db_prepare(db, "UPDATE receptions SET fee_kind = ?2, fee_payment = ?3, "
	    "fee_amount = ?4, fee_exempt_reason = ?5, fee_by = ?6, fee_on = date('now', "
	    "'localtime'), version = version + 1 WHERE number = ?1 AND status = 'open' AND "
	    "fee_by IS NULL", cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, r->number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, fee_kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, payment, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, amount);
	sqlite3_bind_text(s, 5, strcmp(payment, "exempt") == 0 ? exempt_reason : NULL, -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 6, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, s, _("cannot record the fee"), cause) != 0)
		return -1;
	if (sqlite3_changes(db->h) != 1) {
		xasprintf(cause, _("reception %s changed meanwhile; nothing was recorded"),
		    r->number);
		return -1;
	}
	if (reception_outbox_number(db, r->number, cause) != 0)
		return -1;
	target = reception_target_of(r->holder_id, r->number);
	xasprintf(&detail, "%s %s %" PRId64, fee_kind, payment, amount);
	rc = audit_actor(db, who, "reception.fee", target, "ok", detail, cause);
	free(detail);
	free(target);
	return rc;
}

int
reception_fee_record(struct db *db, const struct actor *who, const char *number,
    const char *fee_kind, const char *qualification, const char *payment, int64_t amount,
    const char *exempt_reason, char **cause)
{
	struct reception	 r;
	int			 own_tx = !db->in_tx, rc;

	*cause = NULL;
	if (fee_kind == NULL) {
		xasprintf(cause, _("a correction or an erasure has no fee"));
		return -1;
	}
	if (own_tx && db_begin(db, cause) != 0)
		return -1;
	if ((rc = reception_get(db, number, &r, cause)) != 0) {
		if (rc == 1)
			xasprintf(cause, _("there is no reception %s"), number);
		rc = -1;
	} else {
		rc = fee_record_in_tx(db, who, &r, fee_kind, qualification, payment, amount,
		    exempt_reason, cause);
		reception_clear(&r);
	}
	return own_tx ? db_finish(db, rc, cause) : rc;
}

int
reception_fee_refund(struct db *db, const struct actor *who, const struct reception *r,
    char **cause)
{
	sqlite3_stmt	*s;
	char		*target, *detail;
	int		 rc;

	if (r->fee_payment == NULL) {
		xasprintf(cause, _("no fee was received for reception %s: there is nothing to "
		    "refund"), r->number);
		return -1;
	}
	if (strcmp(r->fee_payment, "exempt") == 0) {
		xasprintf(cause, _("the fee of reception %s was exempt: there is nothing to "
		    "refund"), r->number);
		return -1;
	}
	if (r->refund_by != NULL) {
		xasprintf(cause, _("the fee of reception %s was refunded already"), r->number);
		return -1;
	}
	s = db_prepare(db, "UPDATE receptions SET refund_by = ?2, refund_on = date('now', "
	    "'localtime'), version = version + 1 WHERE number = ?1 AND refund_by IS NULL",
	    cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, r->number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, s, _("cannot record the refund"), cause) != 0)
		return -1;
	target = reception_target_of(r->holder_id, r->number);
	xasprintf(&detail, "%s %s %" PRId64, r->fee_kind, r->fee_payment, r->fee_amount);
	rc = audit_actor(db, who, "reception.refund", target, "ok", detail, cause);
	free(detail);
	free(target);
	return rc;
}

/*
 * Fees received and refunded in [from, to] (local dates, inclusive), by kind and payment:
 * a fee on the day it was received, a refund on the day it was refunded.
 */
int
reception_fee_totals(struct db *db, const char *from, const char *to,
    struct fee_total **out, size_t *n, char **cause)
{
	sqlite3_stmt	*s;
	struct fee_total *t;
	int		 rc;

	*cause = NULL;
	*out = NULL;
	*n = 0;
	if (from == NULL || to == NULL || strcmp(from, to) > 0) {
		xasprintf(cause, _("the period ends before it starts (%s to %s)"),
		    from != NULL ? from : "", to != NULL ? to : "");
		return -1;
	}
	s = db_prepare(db, "SELECT fee_kind, fee_payment, sum(fee_on BETWEEN ?1 AND ?2), "
	    "sum(CASE WHEN fee_on BETWEEN ?1 AND ?2 THEN fee_amount ELSE 0 END), "
	    "sum(coalesce(refund_on BETWEEN ?1 AND ?2, 0)), sum(CASE WHEN refund_on BETWEEN ?1 "
	    "AND ?2 THEN fee_amount ELSE 0 END) FROM receptions WHERE fee_by IS NOT NULL AND "
	    "(fee_on BETWEEN ?1 AND ?2 OR refund_on BETWEEN ?1 AND ?2) GROUP BY fee_kind, "
	    "fee_payment ORDER BY CASE fee_kind WHEN 'issue' THEN 1 WHEN 'rewrite' THEN 2 "
	    "ELSE 3 END, CASE fee_payment WHEN 'stamp' THEN 1 WHEN 'cash' THEN 2 WHEN "
	    "'online' THEN 3 ELSE 4 END", cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		t = &(*out)[(*n)++];
		memset(t, 0, sizeof *t);
		snprintf(t->fee_kind, sizeof t->fee_kind, "%s", sqlite3_column_text(s, 0));
		snprintf(t->payment, sizeof t->payment, "%s", sqlite3_column_text(s, 1));
		t->received = sqlite3_column_int64(s, 2);
		t->amount = sqlite3_column_int64(s, 3);
		t->refunds = sqlite3_column_int64(s, 4);
		t->refunded = sqlite3_column_int64(s, 5);
	}
	db_release(db, s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the fees"));
	}
	return 0;
}
