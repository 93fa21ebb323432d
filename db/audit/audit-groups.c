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
	{ "approver.auth", "login" },

	/* Screens that show personal data or the registers kept about people (閲覧). */
	{ "register.view", "view" },
	{ "mynumber.reveal", "view" },
	{ "cert.view", "view" },
	{ "approval.view", "view" },
	{ "sync.conflict.view", "view" },
	{ "account.register.view", "view" },
	{ "account.queue.view", "view" },
	{ "account.review.view", "view" },
	{ "account.register", "view" },
	{ "account.review", "view" },
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
	{ "reissue.apply", "change" },
	{ "holder.import", "change" },
	{ "account.request", "change" },
	{ "account.revoke", "change" },
	{ "config.change", "change" },

	/* Decisions of a second person (four eyes). */
	{ "approval.", "approval" },
	{ "register.approve", "approval" },
	{ "register.reject", "approval" },
	{ "register.decide", "approval" },
	{ "account.approve", "approval" },
	{ "account.reject", "approval" },
	{ "account.decide", "approval" },
	{ "account.first-supervisor", "approval" },

	/* Paper. */
	{ "cert.print", "print" },
	{ "cert.print.cancel", "print" },
	{ "cert.reprint", "print" },
	{ "account.register.print", "print" },

	/* Copies leaving the terminal (SPEC §9). */
	{ "export.", "export" },
	{ "disclosure.", "export" },
	{ "import.", "export" },

	/* The terminal's administration and its own checks. */
	{ "admin.", "admin" },
	{ "audit.", "admin" },
	{ "audit.check", "admin" },
	{ "monitor.violation", "admin" },
	{ "cert.numbers.add", "admin" },
	{ "number-block.", "admin" },
	{ "compliance.report", "admin" },

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
