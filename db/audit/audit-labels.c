/*
 * Audit actions and results as a reader says them (ログイン, 申請の承認, 拒否): the log keeps
 * the codes, which the filters and the central store match on; the screens and reports
 * show these labels in the reader's language, the code beside them where a reader may
 * need it. A code without a label (a function's name under which rolefn_require records
 * a refusal, say) is shown as it is; tests/unit/test-audit-query.c checks that every
 * action the code writes has one.
 */
#include "config.h"

#include <string.h>

#include "audit/audit-labels.h"
#include "i18n.h"

struct audit_label {
	const char	*code;
	const char	*label;		/* N_() */
};

static const struct audit_label action_labels[] = {
	{ "login", N_("login") },
	{ "logout", N_("logout") },
	{ "lock", N_("terminal locked") },
	{ "unlock", N_("unlocked") },
	{ "password.change", N_("password changed") },
	{ "session.start", N_("program started") },
	{ "session.end", N_("session ended") },
	{ "login.offline", N_("offline login") },
	{ "approver.auth", N_("approver authenticated") },
	{ "register.view", N_("holder viewed") },
	{ "register.duplicate.view", N_("holder shown by the duplicate check") },
	{ "mynumber.reveal", N_("My Number shown") },
	{ "mynumber.correct", N_("My Number corrected") },
	{ "card.read", N_("My Number card read") },
	{ "cert.view", N_("certificate viewed") },
	{ "approval.view", N_("application viewed") },
	{ "sync.conflict.view", N_("sync conflict viewed") },
	{ "account.register.view", N_("account register viewed") },
	{ "account.queue.view", N_("account requests viewed") },
	{ "account.review.view", N_("account review viewed") },
	{ "account.changes.view", N_("account changes viewed") },
	{ "audit.view", N_("log viewed") },
	{ "audit.entry.view", N_("log entry viewed") },
	{ "audit.reviews.view", N_("log reviews viewed") },
	{ "audit.flags.view", N_("flags viewed") },
	{ "register.search", N_("register searched") },
	{ "audit.filter", N_("log filtered") },
	{ "juki.query", N_("Juki-net query") },
	{ "juki.lookup", N_("Juki-net lookup") },
	{ "juki.result", N_("Juki-net answer") },
	{ "juki.result.view", N_("Juki-net answer viewed") },
	{ "juki.result.reject", N_("Juki-net answer refused") },
	{ "juki.check.start", N_("Juki-net check started") },
	{ "juki.check.status", N_("Juki-net check status") },
	{ "juki.check.batch", N_("Juki-net batch check") },
	{ "juki.review.close", N_("Juki-net review closed") },
	{ "juki.spool.ignore", N_("Juki-net file ignored") },
	{ "periodic.check", N_("periodic check") },
	{ "register.apply", N_("register application") },
	{ "register.notify", N_("notification (届出) recorded") },
	{ "register.action", N_("administrative action applied for") },
	{ "register.suspend-end", N_("suspension ended (停止期間の満了)") },
	{ "register.overdue", N_("overdue returns viewed") },
	{ "register.refusals", N_("refusals (交付拒否) viewed") },
	{ "register.refuse", N_("registration refused (交付拒否)") },
	{ "register.duplicate", N_("duplicate check decided") },
	{ "register.duplicate.approve", N_("different person confirmed at approval") },
	{ "register.merge.apply", N_("merge of two holders applied for") },
	{ "register.split.apply", N_("split of a merged holder applied for") },
	{ "register.merge", N_("two holders merged") },
	{ "register.split", N_("merged holder split") },
	{ "reissue.apply", N_("reissue application") },
	{ "reception.open", N_("application received (受付)") },
	{ "reception.withdraw", N_("reception withdrawn (取下げ)") },
	{ "reception.identity", N_("identity confirmed (本人確認)") },
	{ "reception.fee", N_("fee received (手数料)") },
	{ "reception.refund", N_("fee refunded") },
	{ "reception.fees.view", N_("fee totals viewed") },
	{ "reception.stats.view", N_("business statistics viewed") },
	{ "reception.slip", N_("receipt slip printed (受付票)") },
	{ "reception.register", N_("reception register (受付簿)") },
	{ "reception.register.view", N_("reception register viewed") },
	{ "holder.import", N_("holders imported") },
	{ "account.request", N_("account requested") },
	{ "account.request-again", N_("account requested again") },
	{ "account.revoke", N_("account revoked") },
	{ "account.change.request", N_("account change requested") },
	{ "rolefn.change.request", N_("role-function change requested") },
	{ "rolefn.change", N_("role-function changed") },
	{ "config.set", N_("configuration set") },
	{ "config.changed", N_("configuration changed outside") },
	{ "register.approve", N_("application approved") },
	{ "register.reject", N_("application rejected") },
	{ "register.decide", N_("application decided") },
	{ "account.approve", N_("account approved") },
	{ "account.reject", N_("account rejected") },
	{ "account.decide", N_("account request decided") },
	{ "account.first-supervisor", N_("first supervisor") },
	{ "account.change.approve", N_("account change approved") },
	{ "account.change.reject", N_("account change rejected") },
	{ "account.change.decide", N_("account change decided") },
	{ "rolefn.change.approve", N_("role-function change approved") },
	{ "rolefn.change.reject", N_("role-function change rejected") },
	{ "rolefn.change.decide", N_("role-function change decided") },
	{ "approval.list", N_("approval queue viewed") },
	{ "approval.queue", N_("approval queue") },
	{ "cert.print", N_("certificate printed") },
	{ "cert.print.cancel", N_("print cancelled") },
	{ "cert.reprint", N_("certificate reprinted") },
	{ "cert.delivery", N_("certificate handed over or mailed") },
	{ "account.register.print", N_("account register printed") },
	{ "audit.reviews.print", N_("log reviews printed") },
	{ "disclosure.view", N_("disclosure viewed") },
	{ "disclosure.print", N_("disclosure printed") },
	{ "disclosure.check", N_("disclosure checked") },
	{ "export.grant", N_("export granted") },
	{ "export.revoke", N_("export grant revoked") },
	{ "export.run", N_("export run") },
	{ "export.left", N_("export left the office") },
	{ "export.register.view", N_("media register viewed") },
	{ "import.request", N_("import requested") },
	{ "import.decide", N_("import decided") },
	{ "import.run", N_("imported") },
	{ "retention.erase", N_("erased (retention)") },
	{ "retention.dry-run", N_("retention dry run") },
	{ "retention.records", N_("erasure records viewed") },
	{ "retention.rule", N_("retention rule changed") },
	{ "retention.propose", N_("retention rule proposed") },
	{ "retention.approve", N_("retention rule approved") },
	{ "retention.reject", N_("retention rule rejected") },
	{ "retention.view", N_("retention viewed") },
	{ "retention.decommission", N_("terminal decommissioned") },
	{ "admin.init", N_("terminal initialised") },
	{ "admin.rekey", N_("database key changed") },
	{ "admin.backup", N_("backup") },
	{ "admin.restore-test", N_("restore test") },
	{ "admin.migrate", N_("database migrated") },
	{ "admin.audit-head-reset", N_("log head reset") },
	{ "audit.check", N_("log checked") },
	{ "audit.flag.ack", N_("flag acknowledged") },
	{ "audit.review.sign", N_("log review signed off") },
	{ "audit.rule.change", N_("flag rule changed") },
	{ "monitor.violation", N_("protocol violation") },
	{ "cert.numbers.add", N_("certificate numbers added") },
	{ "number-block.confirmed", N_("number block confirmed") },
	{ "number-block.refused", N_("number block refused") },
	{ "number-block.restored", N_("number block restored") },
	{ "compliance.report", N_("self-inspection report") },
	{ "stats.run", N_("business statistics (業務統計)") },
	{ "compliance.view", N_("compliance registers viewed") },
	{ "compliance.record", N_("compliance record") },
	{ "compliance.attest", N_("attestation") },
	{ "compliance.enquiry", N_("enquiry recorded") },
	{ "compliance.enquiry.answer", N_("enquiry answered") },
	{ "compliance.incident", N_("incident recorded") },
	{ "compliance.incident.step", N_("incident step") },
	{ "compliance.training", N_("training recorded") },
	{ "sync", N_("synced") },
	{ "sync.status", N_("sync status") },
	{ "sync.view", N_("sync status viewed") },
	{ "sync.request", N_("sync requested") },
	{ "sync.cancel", N_("sync cancelled") },
	{ "sync.recover", N_("sync recovered") },
	{ "sync.resolve", N_("sync conflict resolved") },
	{ "conflict.resolve", N_("conflict resolved") },
};

static const struct audit_label result_labels[] = {
	{ "ok", N_("ok") },
	{ "denied", N_("denied") },
	{ "failed", N_("failed") },
	{ "cancelled", N_("cancelled") },
	{ "refused", N_("refused") },
	{ "error", N_("error") },
	{ "expired", N_("expired") },
	{ "lost", N_("lost") },
	{ "fatal", N_("fatal") },
	{ "terminated", N_("terminated") },
	{ "no-account", N_("no account") },
	{ "locked", N_("locked") },
	{ "changed", N_("changed") },
};

static const char *
label_of(const struct audit_label *labels, size_t n, const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < n; i++)
		if (strcmp(labels[i].code, code) == 0)
			return _(labels[i].label);
	return NULL;
}

const char *
audit_action_label(const char *action)
{
	return label_of(action_labels, sizeof action_labels / sizeof action_labels[0],
	    action);
}

const char *
audit_result_label(const char *result)
{
	return label_of(result_labels, sizeof result_labels / sizeof result_labels[0],
	    result);
}

const char *
audit_action_text(const char *action)
{
	return audit_action_label(action) != NULL ? audit_action_label(action) : action;
}

const char *
audit_result_text(const char *result)
{
	return audit_result_label(result) != NULL ? audit_result_label(result) : result;
}
