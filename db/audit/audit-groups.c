/*
 * Which group each audit action belongs to.
 *
 * The names are the ones the code writes (grep audit_actor, admin_audit, the monitor's
 * record and juki_audit_db), plus the role→function names: rolefn_require records a
 * refusal under the function's own name ("juki.lookup" denied). An exact name wins over
 * a prefix, and a longer prefix over a shorter one, so that "sync.conflict.view" (a
 * supervisor reading a holder's two versions) counts as a view while the rest of "sync."
 * stays sync. A name no row claims belongs to no group: it is listed with no group filter
 * and under none, which tests/unit/test-audit-query.c guards against for the names the
 * code writes today.
 */
#include "config.h"

#include <string.h>

#include "audit/audit-groups.h"
#include "i18n.h"

struct group_rule {
	const char	*name;		/* an action, or a prefix ending in '.' */
	const char	*group;
};

const char *const audit_group_names[] = {
	"login", "view", "search", "juki", "change", "approval", "print", "export", "admin",
	"sync", NULL
};

static const struct group_rule rules[] = {
	/* Sessions: PAM, the idle lock, a supervisor authenticating at a clerk's desk. */
	{ "login", "login" },
	{ "logout", "login" },
	{ "lock", "login" },
	{ "unlock", "login" },
	{ "password.change", "login" },
	{ "session.end", "login" },
	{ "session.start", "login" },
	{ "login.offline", "login" },
	{ "approver.auth", "login" },

	/* Screens that show personal data or the registers kept about people (閲覧). */
	{ "register.view", "view" },
	{ "register.duplicate.view", "view" },
	{ "mynumber.reveal", "view" },
	{ "card.read", "view" },
	{ "cert.view", "view" },
	{ "approval.view", "view" },
	{ "sync.conflict.view", "view" },
	{ "account.register.view", "view" },
	{ "account.queue.view", "view" },
	{ "account.review.view", "view" },
	{ "account.register", "view" },
	{ "account.review", "view" },
	{ "account.changes.view", "view" },
	{ "reception.register", "view" },
	{ "reception.register.view", "view" },
	{ "register.overdue", "view" },
	{ "register.refusals", "view" },
	{ "rolefn.view", "view" },
	{ "audit.review", "view" },
	{ "audit.view", "view" },
	{ "audit.entry.view", "view" },

	/* Searches: the register's, and the audit log's own filters. */
	{ "register.search", "search" },
	{ "audit.filter", "search" },

	/* Juki-net: queries, answers shown, result files, periodic checks, their review. */
	{ "juki.", "juki" },
	{ "periodic.check", "juki" },

	/* Changes asked for or made: applications, imports, accounts, configuration. */
	{ "register.apply", "change" },
	{ "register.notify", "change" },
	{ "register.action", "change" },
	{ "register.suspend-end", "change" },
	{ "register.refuse", "change" },
	{ "register.duplicate", "change" },
	{ "register.merge.apply", "change" },
	{ "register.split.apply", "change" },
	{ "register.duplicate.approve", "approval" },
	{ "register.merge", "approval" },
	{ "register.split", "approval" },
	{ "mynumber.correct", "change" },
	{ "reissue.apply", "change" },
	{ "reception.", "change" },
	{ "reception.fees.view", "view" },
	{ "reception.stats.view", "view" },
	{ "holder.import", "change" },
	{ "account.request", "change" },
	{ "account.revoke", "change" },
	{ "config.change", "change" },
	{ "config.", "change" },
	{ "account.request-again", "change" },
	{ "account.change.request", "change" },
	{ "rolefn.change.request", "change" },

	/* Decisions of a second person (four eyes). */
	{ "approval.", "approval" },
	{ "register.approve", "approval" },
	{ "register.reject", "approval" },
	{ "register.decide", "approval" },
	{ "account.approve", "approval" },
	{ "account.reject", "approval" },
	{ "account.decide", "approval" },
	{ "account.first-supervisor", "approval" },
	{ "account.change.approve", "approval" },
	{ "account.change.reject", "approval" },
	{ "account.change.decide", "approval" },
	{ "rolefn.change.approve", "approval" },
	{ "rolefn.change.reject", "approval" },
	{ "rolefn.change.decide", "approval" },
	{ "rolefn.change", "change" },

	/* Paper. */
	{ "cert.print", "print" },
	{ "cert.print.cancel", "print" },
	{ "cert.reprint", "print" },
	{ "cert.delivery", "print" },
	{ "account.register.print", "print" },
	{ "reception.slip", "print" },

	/* Copies leaving the terminal (SPEC §9). */
	{ "export.", "export" },
	{ "export.register.view", "view" },
	{ "disclosure.", "export" },

	/* Retention: dry runs, erasure records, rule changes. */
	{ "retention.", "admin" },
	{ "import.", "export" },

	/* The terminal's administration and its own checks. */
	{ "admin.", "admin" },
	{ "audit.", "admin" },
	{ "audit.check", "admin" },
	{ "monitor.violation", "admin" },
	{ "cert.numbers.add", "admin" },
	{ "number-block.", "admin" },
	{ "compliance.report", "admin" },
	{ "stats.run", "admin" },

	/* The central store. */
	{ "sync", "sync" },
	{ "sync.", "sync" },
	{ "sync.status", "sync" },
	{ "conflict.resolve", "sync" },
};

const char *
audit_action_group(const char *action)
{
	const char	*best = NULL;
	size_t		 i, len, best_len = 0;

	if (action == NULL)
		return NULL;
	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		len = strlen(rules[i].name);
		if (rules[i].name[len - 1] != '.') {
			if (strcmp(action, rules[i].name) == 0)
				return rules[i].group;
		} else if (strncmp(action, rules[i].name, len) == 0 && len > best_len) {
			best = rules[i].group;
			best_len = len;
		}
	}
	return best;
}

int
audit_group_valid(const char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && audit_group_names[i] != NULL; i++) {
		if (strcmp(name, audit_group_names[i]) == 0)
			return 1;
	}
	return 0;
}

const char *
audit_group_label(const char *name)
{
	static const struct {
		const char	*name, *label;
	} labels[] = {
		/* TRANSLATORS: groups of audited actions, as the audit log's filter names them. */
		{ "login", N_("login") }, { "view", N_("view") }, { "search", N_("search") },
		{ "juki", N_("Juki") }, { "change", N_("change") },
		{ "approval", N_("approval") }, { "print", N_("print") },
		{ "export", N_("export") }, { "admin", N_("admin") }, { "sync", N_("sync") },
	};
	size_t	 i;

	for (i = 0; name != NULL && i < sizeof labels / sizeof labels[0]; i++) {
		if (strcmp(name, labels[i].name) == 0)
			return _(labels[i].label);
	}
	return name != NULL ? name : "";
}

/* The actions that touch a holder (their target begins "holder:"), as the resident reads them. */
static const struct {
	const char	*action, *ja;
} action_ja[] = {
	{ "register.view", "名簿の閲覧" },
	{ "register.search", "検索結果からの閲覧" },
	{ "register.duplicate.view", "重複確認のための閲覧" },
	{ "register.duplicate", "重複確認の判断" },
	{ "register.duplicate.approve", "承認時の重複確認（別人の確認）" },
	{ "register.merge.apply", "名寄せの申請" },
	{ "register.split.apply", "名寄せの取消しの申請" },
	{ "register.merge", "名寄せ" },
	{ "register.split", "名寄せの取消し" },
	{ "mynumber.reveal", "個人番号の表示" },
	{ "mynumber.correct", "個人番号の訂正" },
	{ "card.read", "個人番号カードの読取り" },
	{ "register.apply", "登録・訂正・消除の申請" },
	{ "register.notify", "届出の受付" },
	{ "register.action", "処分の申請" },
	{ "register.suspend-end", "停止期間の満了" },
	{ "register.refuse", "交付拒否" },
	{ "reissue.apply", "再交付の申請の受付" },
	{ "holder.import", "名簿への取込み" },
	{ "register.approve", "申請の承認" },
	{ "register.reject", "申請の却下" },
	{ "register.decide", "申請の決裁" },
	{ "approval.view", "承認のための閲覧" },
	{ "juki.query", "住基ネットへの照会" },
	{ "juki.lookup", "住基ネットへの照会" },
	{ "juki.result", "住基ネットの照会結果の受領" },
	{ "juki.result.view", "住基ネットの照会結果の表示" },
	{ "juki.result.reject", "住基ネットの照会結果の不採用" },
	{ "juki.review", "住基ネットの照会結果の確認" },
	{ "juki.review.close", "住基ネットの照会結果の確認" },
	{ "periodic.check", "定期照会" },
	{ "cert.view", "免状の確認" },
	{ "cert.print", "免状の印刷" },
	{ "cert.reprint", "免状の再印刷" },
	{ "cert.print.cancel", "免状の印刷の取りやめ" },
	{ "sync.conflict.view", "同期の競合の確認" },
	{ "conflict.resolve", "同期の競合の解決" },
	{ "disclosure.print", "取扱い記録の開示資料の作成" },
	{ "reception.slip", "受付票の印刷" },
};

static const struct {
	const char	*group, *ja;
} group_ja[] = {
	{ "login", "ログイン" }, { "view", "閲覧" }, { "search", "検索" },
	{ "juki", "住基ネット" }, { "change", "変更" }, { "approval", "承認" },
	{ "print", "印刷" }, { "export", "外部への提供" }, { "admin", "管理" },
	{ "sync", "同期" },
};

const char *
audit_action_ja(const char *action)
{
	const char	*group;
	size_t		 i;

	for (i = 0; i < sizeof action_ja / sizeof action_ja[0]; i++) {
		if (strcmp(action, action_ja[i].action) == 0)
			return action_ja[i].ja;
	}
	if ((group = audit_action_group(action)) != NULL) {
		for (i = 0; i < sizeof group_ja / sizeof group_ja[0]; i++) {
			if (strcmp(group, group_ja[i].group) == 0)
				return group_ja[i].ja;
		}
	}
	return action;
}

const char *
audit_result_ja(const char *result)
{
	if (strcmp(result, "ok") == 0)
		return "実施";
	if (strcmp(result, "denied") == 0)
		return "拒否（権限なし）";
	if (strcmp(result, "failed") == 0)
		return "失敗";
	return result;
}
