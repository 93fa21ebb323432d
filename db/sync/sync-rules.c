/*
 * The rules every synced value must meet (sync-rules.h), and the terminal's check of a
 * pulled change against them. A change that fails goes to the conflict queue for a
 * supervisor instead of into the register (sync-store.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "escape.h"
#include "i18n.h"
#include "compliance/compliance-registers.h"
#include "retention/retention.h"
#include "sync/sync-rules.h"
#include "valid.h"
#include "xmalloc.h"

static const char *const event_kinds[] = { "issue", "rewrite", "correct", "reissue",
	"suspend", "suspend-end", "cancel", "return-order", "return", "erase", "refuse", "merge",
	"split", "notify", NULL };
static const char *const statuses[] = { "valid", "suspended", "cancelled", "erased",
	"returned", NULL };
static const char *const action_names[] = { "suspend", "cancel", "return-order", "return",
	NULL };
static const char *const mynumber_sources[] = { "card", "typed", "juki", "import", NULL };
static const char *const application_kinds[] = { "registration", "correction", "deletion",
	"reissue", "action", "merge", "split", NULL };
static const char *const reception_kinds[] = { "registration", "correction", "deletion",
	"reissue", NULL };
static const char *const application_statuses[] = { "pending", "approved", "rejected",
	"withdrawn", NULL };
static const char *const reception_channels[] = { "counter", "mail", "e-gov", "mynaportal",
	NULL };
static const char *const reception_statuses[] = { "open", "decided", "withdrawn", NULL };
static const char *const fee_kinds[] = { "issue", "rewrite", "reissue", NULL };
static const char *const fee_payments[] = { "stamp", "cash", "online", "exempt", NULL };
static const char *const audit_rule_names[] = { "off_hours_access", "access_burst",
	"no_application", "mynumber_daily", "failed_logins", "off_hours_output", NULL };
static const char *const account_origins[] = { "request", "first-supervisor", NULL };
static const char *const account_statuses[] = { "requested", "active", "rejected",
	"revoked", NULL };
static const char *const account_period_statuses[] = { "rejected", "revoked", NULL };
static const char *const account_change_reasons[] = { "transfer", "leave", "return",
	"duties", "retire", "correction", "other", NULL };
static const char *const account_change_statuses[] = { "requested", "approved",
	"rejected", NULL };
static const char *const enquiry_kinds[] = { "consultation", "disclosure", NULL };
static const char *const export_encodings[] = { "utf8-bom", "cp932", NULL };
static const char *const export_grant_statuses[] = {
	"active", "used", "expired", "revoked", NULL
};

#define ITEMS(e, table)		{ e, "*", SYNC_RULE_ITEM, table, NULL, 0, 0 }
#define RULE(e, m, k, f)	{ e, m, k, NULL, NULL, 0, f }
#define CODE(e, m, list)	{ e, m, SYNC_RULE_CODE, NULL, list, 0, 0 }
#define TEXT(e, m, n, f)	{ e, m, SYNC_RULE_TEXT, NULL, NULL, n, f }
#define DATE(e, m, f)		{ e, m, SYNC_RULE_ITEM, sync_dates, NULL, 0, f }

/*
 * Days that are no register item (a period's end, a refusal's day, a reception's): checked
 * as dates that exist, in the form a terminal stores (2026-04-01), as items' dates are.
 * Never shown: the label is the member's name.
 */
static const struct reg_item sync_dates[] = {
	{ "until_date", "until_date", REG_DATE, 10, 0 },
	{ "refusal_date", "refusal_date", REG_DATE, 10, 0 },
	{ "action_date", "action_date", REG_DATE, 10, 0 },
	{ "action_until", "action_until", REG_DATE, 10, 0 },
	{ "received_on", "received_on", REG_DATE, 10, 0 },
	{ "fee_on", "fee_on", REG_DATE, 10, 0 },
	{ "refund_on", "refund_on", REG_DATE, 10, 0 },
	{ NULL, NULL, REG_TEXT, 0, 0 }
};

/*
 * "*" stands for every member of the entity's register items that is not named on its own
 * line: a holder's payload is its items, three members more and, when an application
 * changed it, its trail (reg_outbox_holder).
 */
const struct sync_rule sync_rules[] = {
	ITEMS("holder", reg_holder_items),
	RULE("holder", "id", SYNC_RULE_UUID, 0),
	RULE("holder", "has_gaiji", SYNC_RULE_FLAG, 0),
	RULE("holder", "erased", SYNC_RULE_FLAG, 0),
	RULE("holder", "merged_into", SYNC_RULE_UUID, SYNC_RULE_NULL),
	/* The trail of a change an approved application made (reg_outbox_holder). */
	RULE("holder", "_application", SYNC_RULE_UUID, 0),
	RULE("holder", "_approved_by", SYNC_RULE_USER, 0),

	ITEMS("registration", reg_registration_items),
	RULE("registration", "id", SYNC_RULE_UUID, 0),
	RULE("registration", "holder_id", SYNC_RULE_UUID, 0),
	CODE("registration", "status", statuses),
	RULE("registration", "reissue_count", SYNC_RULE_COUNT, 0),

	RULE("event", "id", SYNC_RULE_UUID, 0),
	RULE("event", "registration_id", SYNC_RULE_UUID, SYNC_RULE_NULL),
	RULE("event", "holder_id", SYNC_RULE_UUID, 0),
	CODE("event", "kind", event_kinds),
	{ "event", "event_date", SYNC_RULE_ITEM, reg_correction_items, NULL, 0, 0 },
	RULE("event", "reason_code", SYNC_RULE_WORD, 0),
	TEXT("event", "reason_text", 200, 0),
	RULE("event", "before", SYNC_RULE_ITEMS, 0),
	RULE("event", "sensitive", SYNC_RULE_FLAG, 0),
	RULE("event", "created_by", SYNC_RULE_USER, 0),
	RULE("event", "approved_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	RULE("event", "created_at", SYNC_RULE_TIME, 0),
	DATE("event", "until_date", SYNC_RULE_NULL),

	/* 交付拒否 of a person not on the register (register-actions.h). */
	RULE("refusal", "id", SYNC_RULE_UUID, 0),
	RULE("refusal", "application_id", SYNC_RULE_UUID, 0),
	DATE("refusal", "refusal_date", 0),
	RULE("refusal", "reason_code", SYNC_RULE_WORD, 0),
	TEXT("refusal", "reason_text", 200, 0),
	RULE("refusal", "created_by", SYNC_RULE_USER, 0),
	RULE("refusal", "approved_by", SYNC_RULE_USER, 0),
	RULE("refusal", "created_at", SYNC_RULE_TIME, 0),

	RULE("mynumber", "holder_id", SYNC_RULE_UUID, 0),
	{ "mynumber", "mynumber", SYNC_RULE_ITEM, reg_mynumber_items, NULL, 0, 0 },
	CODE("mynumber", "source", mynumber_sources),

	RULE("application", "id", SYNC_RULE_UUID, 0),
	CODE("application", "kind", application_kinds),
	RULE("application", "holder_id", SYNC_RULE_UUID, SYNC_RULE_NULL),
	RULE("application", "registration_id", SYNC_RULE_UUID, SYNC_RULE_NULL),
	RULE("application", "payload", SYNC_RULE_ITEMS, 0),
	CODE("application", "status", application_statuses),
	RULE("application", "requested_by", SYNC_RULE_USER, 0),
	RULE("application", "requested_at", SYNC_RULE_TIME, 0),
	RULE("application", "decided_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	RULE("application", "decided_at", SYNC_RULE_TIME, SYNC_RULE_NULL),
	TEXT("application", "decision_comment", 200, SYNC_RULE_NULL | SYNC_RULE_MULTILINE),
	TEXT("application", "reception_number", 13, SYNC_RULE_NULL),

	/* The reception register (受付簿): one office-wide, as the numbers are. */
	RULE("reception", "id", SYNC_RULE_UUID, 0),
	TEXT("reception", "number", 13, 0),
	CODE("reception", "kind", reception_kinds),
	CODE("reception", "channel", reception_channels),
	DATE("reception", "received_on", 0),
	RULE("reception", "received_by", SYNC_RULE_USER, 0),
	RULE("reception", "received_at", SYNC_RULE_TIME, 0),
	RULE("reception", "holder_id", SYNC_RULE_UUID, SYNC_RULE_NULL),
	CODE("reception", "status", reception_statuses),
	RULE("reception", "withdrawn_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	RULE("reception", "withdrawn_at", SYNC_RULE_TIME, SYNC_RULE_NULL),
	TEXT("reception", "withdraw_reason", 200, SYNC_RULE_NULL),
	TEXT("reception", "identity", 200, SYNC_RULE_NULL),
	RULE("reception", "identity_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	RULE("reception", "identity_at", SYNC_RULE_TIME, SYNC_RULE_NULL),
	{ "reception", "fee_kind", SYNC_RULE_CODE, NULL, fee_kinds, 0, SYNC_RULE_NULL },
	{ "reception", "fee_payment", SYNC_RULE_CODE, NULL, fee_payments, 0, SYNC_RULE_NULL },
	RULE("reception", "fee_amount", SYNC_RULE_COUNT, SYNC_RULE_NULL),
	TEXT("reception", "fee_exempt_reason", 200, SYNC_RULE_NULL),
	RULE("reception", "fee_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	DATE("reception", "fee_on", SYNC_RULE_NULL),
	RULE("reception", "refund_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	DATE("reception", "refund_on", SYNC_RULE_NULL),

	RULE("account", "id", SYNC_RULE_UUID, 0),
	RULE("account", "user_name", SYNC_RULE_USER, 0),
	TEXT("account", "full_name", 100, 0),
	TEXT("account", "roles", 200, 0),
	TEXT("account", "procedures", 200, 0),
	RULE("account", "mynumber_allowed", SYNC_RULE_FLAG, 0),
	TEXT("account", "reason", 500, SYNC_RULE_MULTILINE),
	TEXT("account", "valid_from", 20, SYNC_RULE_NULL),
	TEXT("account", "valid_until", 20, SYNC_RULE_NULL),
	CODE("account", "origin", account_origins),
	CODE("account", "status", account_statuses),
	RULE("account", "requested_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	RULE("account", "requested_at", SYNC_RULE_TIME, SYNC_RULE_NULL),
	RULE("account", "decided_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	RULE("account", "decided_at", SYNC_RULE_TIME, SYNC_RULE_NULL),
	TEXT("account", "decision_comment", 200, SYNC_RULE_NULL | SYNC_RULE_MULTILINE),
	RULE("account", "revoked_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	RULE("account", "revoked_at", SYNC_RULE_TIME, SYNC_RULE_NULL),
	TEXT("account", "revoke_reason", 200, SYNC_RULE_NULL | SYNC_RULE_MULTILINE),
	/* A contractor's account (委託先): its supervisor and the hour it ends. */
	RULE("account", "contractor", SYNC_RULE_FLAG, 0),
	RULE("account", "supervised_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	TEXT("account", "expires_at", 16, SYNC_RULE_NULL),

	/* The period of an account that ended when its name was requested again. */
	RULE("account_period", "id", SYNC_RULE_UUID, 0),
	RULE("account_period", "account_id", SYNC_RULE_UUID, 0),
	RULE("account_period", "user_name", SYNC_RULE_USER, 0),
	TEXT("account_period", "full_name", 100, 0),
	TEXT("account_period", "roles", 200, 0),
	TEXT("account_period", "procedures", 200, 0),
	RULE("account_period", "mynumber_allowed", SYNC_RULE_FLAG, 0),
	TEXT("account_period", "reason", 500, SYNC_RULE_MULTILINE),
	TEXT("account_period", "valid_from", 20, 0),
	TEXT("account_period", "valid_until", 20, 0),
	CODE("account_period", "origin", account_origins),
	CODE("account_period", "status", account_period_statuses),
	RULE("account_period", "requested_by", SYNC_RULE_USER, 0),
	RULE("account_period", "requested_at", SYNC_RULE_TIME, 0),
	RULE("account_period", "decided_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	RULE("account_period", "decided_at", SYNC_RULE_TIME, SYNC_RULE_NULL),
	TEXT("account_period", "decision_comment", 200, SYNC_RULE_NULL | SYNC_RULE_MULTILINE),
	RULE("account_period", "revoked_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	RULE("account_period", "revoked_at", SYNC_RULE_TIME, SYNC_RULE_NULL),
	TEXT("account_period", "revoke_reason", 200, SYNC_RULE_NULL | SYNC_RULE_MULTILINE),
	RULE("account_period", "closed_by", SYNC_RULE_USER, 0),
	RULE("account_period", "closed_at", SYNC_RULE_TIME, 0),

	/* A change of an account, requested and decided by two supervisors. */
	RULE("account_change", "id", SYNC_RULE_UUID, 0),
	RULE("account_change", "account_id", SYNC_RULE_UUID, 0),
	RULE("account_change", "user_name", SYNC_RULE_USER, 0),
	TEXT("account_change", "roles", 200, SYNC_RULE_NULL),
	TEXT("account_change", "procedures", 200, SYNC_RULE_NULL),
	RULE("account_change", "mynumber_allowed", SYNC_RULE_FLAG, SYNC_RULE_NULL),
	TEXT("account_change", "valid_from", 20, SYNC_RULE_NULL),
	TEXT("account_change", "valid_until", 20, SYNC_RULE_NULL),
	CODE("account_change", "reason_code", account_change_reasons),
	TEXT("account_change", "reason", 500, SYNC_RULE_MULTILINE),
	CODE("account_change", "status", account_change_statuses),
	RULE("account_change", "requested_by", SYNC_RULE_USER, 0),
	RULE("account_change", "requested_at", SYNC_RULE_TIME, 0),
	RULE("account_change", "decided_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	RULE("account_change", "decided_at", SYNC_RULE_TIME, SYNC_RULE_NULL),
	TEXT("account_change", "decision_comment", 200, SYNC_RULE_NULL | SYNC_RULE_MULTILINE),
	TEXT("account_change", "before_json", 1000, SYNC_RULE_NULL),

	/* A login on one of the office's terminals, for the review of unused accounts. */
	RULE("account_login", "id", SYNC_RULE_UUID, 0),
	RULE("account_login", "user_name", SYNC_RULE_USER, 0),
	TEXT("account_login", "terminal_id", 64, 0),
	RULE("account_login", "at", SYNC_RULE_TIME, 0),

	/* A change of the role-function table, requested and decided by two supervisors. */
	RULE("rolefn_change", "id", SYNC_RULE_UUID, 0),
	RULE("rolefn_change", "role", SYNC_RULE_WORD, 0),
	TEXT("rolefn_change", "function", 48, 0),
	RULE("rolefn_change", "allow", SYNC_RULE_FLAG, 0),
	TEXT("rolefn_change", "reason", 500, SYNC_RULE_MULTILINE),
	CODE("rolefn_change", "status", account_change_statuses),
	RULE("rolefn_change", "requested_by", SYNC_RULE_USER, 0),
	RULE("rolefn_change", "requested_at", SYNC_RULE_TIME, 0),
	RULE("rolefn_change", "decided_by", SYNC_RULE_USER, SYNC_RULE_NULL),
	RULE("rolefn_change", "decided_at", SYNC_RULE_TIME, SYNC_RULE_NULL),
	TEXT("rolefn_change", "decision_comment", 200, SYNC_RULE_NULL | SYNC_RULE_MULTILINE),

	/* The evidence that the log was read (db/audit/audit-reviews.h): kept for ever. */
	RULE("audit_flag_ack", "id", SYNC_RULE_UUID, 0),
	TEXT("audit_flag_ack", "terminal_id", 64, 0),
	CODE("audit_flag_ack", "rule", audit_rule_names),
	TEXT("audit_flag_ack", "subject", 64, 0),
	RULE("audit_flag_ack", "first_at", SYNC_RULE_TIME, 0),
	RULE("audit_flag_ack", "last_at", SYNC_RULE_TIME, 0),
	RULE("audit_flag_ack", "entries", SYNC_RULE_COUNT, 0),
	TEXT("audit_flag_ack", "reason", 300, 0),
	TEXT("audit_flag_ack", "comment", 500, 0),
	RULE("audit_flag_ack", "acked_by", SYNC_RULE_USER, 0),
	RULE("audit_flag_ack", "acked_at", SYNC_RULE_TIME, 0),

	RULE("audit_review", "id", SYNC_RULE_UUID, 0),
	TEXT("audit_review", "terminal_id", 64, 0),
	TEXT("audit_review", "period_from", 10, 0),
	TEXT("audit_review", "period_to", 10, 0),
	TEXT("audit_review", "terminals", 200, 0),
	RULE("audit_review", "flags", SYNC_RULE_COUNT, 0),
	TEXT("audit_review", "rules", 300, 0),
	TEXT("audit_review", "office_hours", 64, 0),
	TEXT("audit_review", "comment", 500, 0),
	RULE("audit_review", "signed_by", SYNC_RULE_USER, 0),
	RULE("audit_review", "signed_at", SYNC_RULE_TIME, 0),

	/* Export grants and the export register (db/export/export-grants.h). */
	RULE("export_grant", "id", SYNC_RULE_UUID, 0),
	RULE("export_grant", "grantee", SYNC_RULE_USER, 0),
	RULE("export_grant", "granted_by", SYNC_RULE_USER, 0),
	TEXT("export_grant", "purpose", 300, 0),
	TEXT("export_grant", "procedure", 100, 0),
	RULE("export_grant", "holder_count", SYNC_RULE_COUNT, 0),
	TEXT("export_grant", "columns", 2000, 0),
	CODE("export_grant", "encoding", export_encodings),
	TEXT("export_grant", "recipient_name", 200, 0),
	TEXT("export_grant", "recipient_fingerprint", 64, 0),
	RULE("export_grant", "single_use", SYNC_RULE_FLAG, 0),
	RULE("export_grant", "granted_at", SYNC_RULE_TIME, 0),
	RULE("export_grant", "valid_until", SYNC_RULE_TIME, 0),
	CODE("export_grant", "status", export_grant_statuses),
	RULE("export_record", "id", SYNC_RULE_UUID, 0),
	RULE("export_record", "grant_id", SYNC_RULE_UUID, 0),
	RULE("export_record", "made_by", SYNC_RULE_USER, 0),
	RULE("export_record", "made_at", SYNC_RULE_TIME, 0),
	TEXT("export_record", "sha256", 64, 0),
	RULE("export_record", "rows", SYNC_RULE_COUNT, 0),
	RULE("export_record", "columns", SYNC_RULE_COUNT, 0),
	TEXT("export_record", "recipient_name", 200, 0),
	TEXT("export_record", "recipient_fingerprint", 64, 0),
	RULE("export_record", "checked_by", SYNC_RULE_USER, 0),

	/* The office's registers (db/compliance/compliance-registers.h): kept for ever. */
	RULE("incident", "id", SYNC_RULE_UUID, 0),
	TEXT("incident", "found_on", 10, 0),
	TEXT("incident", "found_by", 100, 0),
	TEXT("incident", "summary", 500, 0),
	TEXT("incident", "data_kinds", 200, 0),
	RULE("incident", "persons", SYNC_RULE_COUNT, 0),
	RULE("incident", "mynumber", SYNC_RULE_FLAG, 0),
	TEXT("incident", "cause", 500, 0),
	RULE("incident", "recorded_by", SYNC_RULE_USER, 0),
	RULE("incident", "recorded_at", SYNC_RULE_TIME, 0),
	RULE("incident_step", "id", SYNC_RULE_UUID, 0),
	RULE("incident_step", "incident_id", SYNC_RULE_UUID, 0),
	RULE("incident_step", "step", SYNC_RULE_COUNT, 0),
	TEXT("incident_step", "done_on", 10, 0),
	TEXT("incident_step", "done_by", 100, 0),
	TEXT("incident_step", "note", 500, 0),
	RULE("incident_step", "recorded_by", SYNC_RULE_USER, 0),
	RULE("incident_step", "recorded_at", SYNC_RULE_TIME, 0),
	RULE("training_record", "id", SYNC_RULE_UUID, 0),
	RULE("training_record", "user_name", SYNC_RULE_USER, 0),
	TEXT("training_record", "course", 200, 0),
	CODE("training_record", "kind", training_kinds),
	TEXT("training_record", "taken_on", 10, 0),
	RULE("training_record", "recorded_by", SYNC_RULE_USER, 0),
	RULE("training_record", "recorded_at", SYNC_RULE_TIME, 0),
	RULE("enquiry", "id", SYNC_RULE_UUID, 0),
	CODE("enquiry", "kind", enquiry_kinds),
	DATE("enquiry", "received_on", 0),
	TEXT("enquiry", "subject", 300, 0),
	RULE("enquiry", "holder_id", SYNC_RULE_UUID, SYNC_RULE_NULL),
	TEXT("enquiry", "answered_on", 10, SYNC_RULE_NULL),
	TEXT("enquiry", "answer", 500, 0),
	RULE("enquiry", "recorded_by", SYNC_RULE_USER, 0),
	RULE("enquiry", "recorded_at", SYNC_RULE_TIME, 0),
	RULE("attestation", "id", SYNC_RULE_UUID, 0),
	RULE("attestation", "item", SYNC_RULE_COUNT, 0),
	TEXT("attestation", "statement", 500, 0),
	TEXT("attestation", "document", 200, 0),
	TEXT("attestation", "stated_on", 10, 0),
	RULE("attestation", "stated_by", SYNC_RULE_USER, 0),
	RULE("attestation", "recorded_at", SYNC_RULE_TIME, 0),

	/* Erasure records (消去記録, db/retention/retention.h): kept for ever. */
	RULE("erasure_record", "id", SYNC_RULE_UUID, 0),
	TEXT("erasure_record", "terminal_id", 64, 0),
	CODE("erasure_record", "kind", retention_record_kinds),
	RULE("erasure_record", "rule_days", SYNC_RULE_COUNT, 0),
	RULE("erasure_record", "cutoff", SYNC_RULE_TIME, 0),
	RULE("erasure_record", "count", SYNC_RULE_COUNT, 0),
	TEXT("erasure_record", "bytes", 20, 0),
	RULE("erasure_record", "oldest", SYNC_RULE_TIME, SYNC_RULE_NULL),
	RULE("erasure_record", "newest", SYNC_RULE_TIME, SYNC_RULE_NULL),
	TEXT("erasure_record", "method", 200, 0),
	RULE("erasure_record", "proposed_by", SYNC_RULE_USER, 0),
	TEXT("erasure_record", "approved_by", 100, 0),
	RULE("erasure_record", "started_at", SYNC_RULE_TIME, 0),
	RULE("erasure_record", "finished_at", SYNC_RULE_TIME, 0),

	{ NULL, NULL, SYNC_RULE_TEXT, NULL, NULL, 0, 0 }
};

/* An application's values name the record version they were entered against. */
const struct sync_rule sync_item_rules[] = {
	RULE("", "_base_version", SYNC_RULE_COUNT, 0),
	/* An erasure's event keeps the registration's status before it (applications.c). */
	CODE("", "status", statuses),
	/* A My Number correction's event keeps the old number masked (reg-corrections.c). */
	TEXT("", "mynumber_masked", 14, 0),
	/* A reissue's event keeps the certificate it replaced (cert/reissue.c). */
	{ "", "certificate", SYNC_RULE_ITEM, reg_history_items, NULL, 0, 0 },
	{ "", "reissue_count", SYNC_RULE_ITEM, reg_history_items, NULL, 0, 0 },
	{ "", "reissue_date", SYNC_RULE_ITEM, reg_history_items, NULL, 0, 0 },
	/* An administrative action's application (db/register/register-actions.h). */
	CODE("", "action", action_names),
	DATE("", "action_date", 0),
	DATE("", "action_until", 0),
	RULE("", "action_reason", SYNC_RULE_WORD, 0),
	TEXT("", "action_text", 200, 0),
	ITEMS("", NULL),
	{ NULL, NULL, SYNC_RULE_TEXT, NULL, NULL, 0, 0 }
};

static int	 form_ok(const char *, const char *, size_t, size_t);
static int	 uuid_ok(const char *);
static int	 time_ok(const char *);
static int	 value_check(const struct sync_rule *, const struct reg_item *,
		    const char *, int, const char *, const char *, char **);
static int	 object_check(const char *, const char *, int, char **,
		    struct sync_values *, char **);
static const struct sync_rule *rule_memo_find(const char *, const char *,
		    const struct reg_item **);
static char	*shown(const char *);

/*
 * Members' rules as found last, by a hash of entity and member: a pulled batch checks the
 * same thirty-odd members change after change, and finding each one's rule and register
 * item by name through the tables was a twentieth of a large pull. The rules are
 * constant, so a slot only ever holds a right answer; a collision replaces it.
 */
#define RULE_MEMO_SLOTS		512
#define RULE_MEMO_NAME		40

struct rule_memo {
	char			 entity[RULE_MEMO_NAME];
	char			 member[RULE_MEMO_NAME];
	const struct sync_rule	*rule;
	const struct reg_item	*item;	/* SYNC_RULE_ITEM: the member's item */
};
static struct rule_memo	 rule_memo[RULE_MEMO_SLOTS];

int
sync_rules_know(const char *entity)
{
	const struct sync_rule	*r;

	for (r = sync_rules; r->entity != NULL; r++) {
		if (strcmp(r->entity, entity) == 0)
			return 1;
	}
	return 0;
}

/* The member's own rule, else the entity's "*" rule if the member is one of its items. */
const struct sync_rule *
sync_rule_find(const char *entity, const char *member)
{
	const struct sync_rule	*r, *items = NULL;

	if (entity == NULL) {
		entity = "";
		r = sync_item_rules;
	} else
		r = sync_rules;
	/*
	 * The rules come entity by entity (sync-rules.h): another entity's group is passed
	 * over with one comparison of its name, where comparing every rule's was a tenth of
	 * a large pull's time. The names of a group are one literal, so mostly one pointer.
	 */
	while (r->entity != NULL && strcmp(r->entity, entity) != 0) {
		while (r[1].entity != NULL && (r[1].entity == r->entity ||
		    strcmp(r[1].entity, r->entity) == 0))
			r++;
		r++;
	}
	for (; r->entity != NULL && strcmp(r->entity, entity) == 0; r++) {
		if (strcmp(r->member, member) == 0)
			return r;
		if (r->member[0] == '*' && r->member[1] == '\0')
			items = r;
	}
	if (items != NULL && reg_item_find(items->items, member) != NULL)
		return items;
	return NULL;
}

/* sync_rule_find, and the register item of a SYNC_RULE_ITEM rule, remembered (above). */
static const struct sync_rule *
rule_memo_find(const char *entity, const char *member, const struct reg_item **item)
{
	struct rule_memo	*m;
	const struct sync_rule	*r;
	const char		*e = entity != NULL ? entity : "", *c;
	size_t			 elen = strlen(e), mlen = strlen(member);
	uint32_t		 h = 2166136261u;

	for (c = e; *c != '\0'; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	h = (h ^ 0xff) * 16777619u;
	for (c = member; *c != '\0'; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	m = &rule_memo[h % RULE_MEMO_SLOTS];
	if (m->rule != NULL && strcmp(m->member, member) == 0 && strcmp(m->entity, e) == 0) {
		*item = m->item;
		return m->rule;
	}
	if ((r = sync_rule_find(entity, member)) == NULL)
		return NULL;
	*item = r->kind == SYNC_RULE_ITEM ? reg_item_find(r->items, member) : NULL;
	if (elen < sizeof m->entity && mlen < sizeof m->member) {
		memcpy(m->entity, e, elen + 1);
		memcpy(m->member, member, mlen + 1);
		m->rule = r;
		m->item = *item;
	}
	return r;
}

/* Between min and max characters, each of the set. */
static int
form_ok(const char *s, const char *set, size_t min, size_t max)
{
	size_t	 n = strlen(s);

	return n >= min && n <= max && strspn(s, set) == n;
}

/* The lower-case form of a UUID: 8-4-4-4-12 hexadecimal digits. */
static int
uuid_ok(const char *s)
{
	size_t	 i;

	if (strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23 ? s[i] != '-' :
		    strchr("0123456789abcdef", s[i]) == NULL)
			return 0;
	}
	return 1;
}

/* 2026-04-01T09:30:00Z, with up to nine digits of fractions before the Z. */
static int
time_ok(const char *s)
{
	static const char	 form[] = "dddd-dd-ddTdd:dd:dd";
	size_t			 i, n = strlen(s);

	if (n < sizeof form || n > sizeof form + 10 || s[n - 1] != 'Z')
		return 0;
	for (i = 0; i < sizeof form - 1; i++) {
		if (form[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != form[i])
			return 0;
	}
	if (n == sizeof form)
		return 1;
	return s[i] == '.' && n > sizeof form + 1 &&
	    strspn(s + i + 1, "0123456789") == n - sizeof form - 1;
}

/* A value as a message may show it: escaped (escape.h), cut after 40 characters. */
static char *
shown(const char *value)
{
	return escape_text(value, 40);
}

/*
 * One member's value: type is json_each's ("text", "integer", "null", "object" ...),
 * value its atom (or its JSON text for an object).
 */
static int
value_check(const struct sync_rule *r, const struct reg_item *item, const char *member,
    int depth, const char *type, const char *value, char **cause)
{
	const char *const	*c;
	char			*normal = NULL, *why = NULL, *s;
	int			 is_text = strcmp(type, "text") == 0;
	int			 is_int = strcmp(type, "integer") == 0;

	if (strcmp(type, "null") == 0) {
		if (r->flags & SYNC_RULE_NULL)
			return 0;
		xasprintf(cause, _("member %s may not be null"), member);
		return 1;
	}
	switch (r->kind) {
	case SYNC_RULE_ITEM:
		if (item == NULL || (!is_text && !is_int))
			break;
		/*
		 * Whether an item may be empty is the form's rule and the database's
		 * constraints' (valid.h): registrations made before a form required an item
		 * hold it empty, and must still reach every terminal.
		 */
		if (*value == '\0')
			return 0;
		if (reg_check(item, value, &normal, &why) != 0) {
			s = shown(value);
			xasprintf(cause, _("member %s \"%s\": %s"), member, s, why);
			free(s);
			free(why);
			return 1;
		}
		/* What a terminal stores is the checked form: anything else was not checked. */
		if (strcmp(normal, value) != 0) {
			s = shown(value);
			xasprintf(cause, _("member %s \"%s\" is not in its checked form"), member,
			    s);
			free(s);
			free(normal);
			return 1;
		}
		free(normal);
		return 0;
	case SYNC_RULE_UUID:
		if (is_text && uuid_ok(value))
			return 0;
		break;
	case SYNC_RULE_FLAG:
		if (is_int && (strcmp(value, "0") == 0 || strcmp(value, "1") == 0))
			return 0;
		break;
	case SYNC_RULE_COUNT:
		if (is_int && form_ok(value, "0123456789", 1, 7) && strtol(value, NULL, 10) <=
		    1000000)
			return 0;
		break;
	case SYNC_RULE_TIME:
		if (is_text && time_ok(value))
			return 0;
		break;
	case SYNC_RULE_USER:
		if (is_text && *value != '-' && *value != '.' && form_ok(value,
		    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.@-", 1, 32))
			return 0;
		break;
	case SYNC_RULE_WORD:
		if (is_text && form_ok(value, "abcdefghijklmnopqrstuvwxyz0123456789_-", 0, 32))
			return 0;
		break;
	case SYNC_RULE_TEXT:
		if (!is_text)
			break;
		if (valid_text(value, (size_t)r->max_chars, (r->flags & SYNC_RULE_MULTILINE) ?
		    VALID_TEXT_MULTILINE : 0, &why) != 0) {
			xasprintf(cause, _("member %s: %s"), member, why);
			free(why);
			return 1;
		}
		return 0;
	case SYNC_RULE_CODE:
		for (c = r->codes; is_text && *c != NULL; c++) {
			if (strcmp(*c, value) == 0)
				return 0;
		}
		break;
	case SYNC_RULE_ITEMS:
		if (strcmp(type, "object") != 0 || depth > 0)
			break;
		return object_check(NULL, value, depth + 1, NULL, NULL, cause);
	}
	s = shown(value);
	xasprintf(cause, _("member %s has a value of the wrong form: %s"), member, s);
	free(s);
	return 1;
}

/* Appends ",member" (or "member" first) to *names, of *len used and *size allocated. */
static void
names_append(char **names, size_t *len, size_t *size, const char *member)
{
	size_t	 n = strlen(member);

	if (*len + n + 2 > *size) {
		*size = (*len + n + 2) * 2;
		*names = xreallocarray(*names, *size, 1);
	}
	if (*len > 0)
		(*names)[(*len)++] = ',';
	memcpy(*names + *len, member, n + 1);
	*len += n;
}

/*
 * The members of one JSON object: of entity's rules, or (entity NULL) register items of
 * any table, as an application's values and an event's earlier values are. With members
 * not NULL, their names in order, when all pass; with values not NULL, their values too
 * (values->read holds them).
 */
static int
object_check(const char *entity, const char *json, int depth, char **members,
    struct sync_values *values, char **cause)
{
	const struct sync_rule	*r;
	const struct reg_item	*item = NULL;
	struct json_object	 local, *read = values != NULL ? &values->read : &local;
	const struct json_member *m;
	char			*names = NULL, *shown_key;
	size_t			 len = 0, size = 0, i;
	int			 rc = 0;

	memset(&local, 0, sizeof local);
	if (json_object_read(read, json) != 0) {
		xasprintf(cause, _("the payload is not a JSON object"));
		rc = 1;
	}
	for (i = 0; rc == 0 && i < read->n; i++) {
		m = &read->members[i];
		if ((r = rule_memo_find(entity, m->key, &item)) == NULL) {
			shown_key = shown(m->key);
			xasprintf(cause, _("unknown member \"%s\""), shown_key);
			free(shown_key);
			rc = 1;
			break;
		}
		rc = value_check(r, item, m->key, depth, json_type_name(m->type), m->text,
		    cause);
		if (members != NULL)
			names_append(&names, &len, &size, m->key);
	}
	if (rc == 0 && members != NULL)
		*members = names != NULL ? names : xstrdup("");
	else
		free(names);
	if (values != NULL)
		values->n = rc == 0 ? read->n : 0;
	json_object_free(&local);
	return rc;
}

void
sync_values_free(struct sync_values *v)
{
	json_object_free(&v->read);
	v->n = 0;
}

int
sync_payload_check(const char *entity, const char *payload, char **members, char **cause)
{
	return sync_payload_values(entity, payload, members, NULL, cause);
}

int
sync_payload_values(const char *entity, const char *payload, char **members,
    struct sync_values *values, char **cause)
{
	return object_check(entity, payload, 0, members, values, cause);
}

int
sync_rules_check_outbox(struct db *db, FILE *report, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*entity, *payload;
	char		*why = NULL;
	int		 bad = 0, rc;

	stmt = db_prepare(db, "SELECT seq, entity, payload FROM outbox_full ORDER BY seq", cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		entity = (const char *)sqlite3_column_text(stmt, 1);
		payload = (const char *)sqlite3_column_text(stmt, 2);
		if (entity == NULL || !sync_rules_know(entity))
			continue;
		/* Left to its record's view (migration 36), which no longer has it. */
		if (payload == NULL) {
			fprintf(report, "%lld %s: %s\n", (long long)sqlite3_column_int64(stmt, 0),
			    entity, _("no payload: its record is no longer at the change's "
			    "version"));
			bad++;
			continue;
		}
		if ((rc = sync_payload_check(entity, payload, NULL, &why)) < 0) {
			*cause = why;
			db_release(db, stmt);
			return -1;
		}
		if (rc > 0) {
			fprintf(report, "%lld %s: %s\n", (long long)sqlite3_column_int64(stmt, 0),
			    entity, why);
			free(why);
			bad++;
		}
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE)
		return db_fail(db, cause, _("cannot read the outbox"));
	return bad;
}
