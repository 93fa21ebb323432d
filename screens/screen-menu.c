/*
 * The role menu: only the functions the person's roles allow (from the role→function
 * table in the database), and of those only the ones this version has a screen for.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "i18n.h"
#include "register/reg-actions.h"
#include "register/reg-refusals.h"
#include "screens.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct menu_entry {
	const char		*function;
	const struct screen_ops	*ops;
};

static const struct menu_entry menu_entries[] = {
	{ "register.search", &screen_search },
	{ "register.apply", &screen_register_new },
	{ "approval.queue", &screen_approvals },
	{ "juki.lookup", &screen_juki },
	{ "periodic.check", &screen_juki_check },
	{ "juki.review", &screen_juki_review },
	/* Beside the other review, within the digit keys of a supervisor's menu. */
	{ "audit.review", &screen_audit_log },
	/* The desk's register: after the log, so that an auditor's menu still opens on it. */
	{ "reception.register", &screen_receptions },
	{ "register.overdue", &screen_overdue },
	{ "register.refusals", &screen_refusals },
	{ "account.approve", &screen_account_approve },
	{ "account.changes", &screen_account_changes },
	{ "reception.fees", &screen_fee_totals },
	{ "reception.stats", &screen_stats },
	{ "account.request", &screen_account_request },
	{ "account.register", &screen_account_register },
	{ "account.review", &screen_account_review },
	{ "rolefn.view", &screen_rolefn },
	{ "conflict.resolve", &screen_sync_conflicts },
	{ "audit.flags", &screen_audit_flags },
	{ "audit.reviews", &screen_audit_review },
	{ "sync.status", &screen_sync },
	{ "retention.view", &screen_retention },
	{ "export.grant", &screen_export_grants },
	{ "export.run", &screen_export },
	{ "export.register", &screen_media_register },
	{ "import.request", &screen_import },
	{ "compliance.view", &screen_compliance },
};

struct menu_state {
	struct ui		*ui;
	struct rolefn_row	*rows;
	const struct screen_ops	**ops;
	int			 n;
	struct list		 list;
	char			*roles;		/* as shown: labels in Japanese */
};

static void	*menu_init(struct ui *, void *);
static enum key_result menu_key(void *, const struct key_event *);
static void	 menu_draw(void *, struct ui *);
static void	 menu_free(void *);
static void	 menu_draw_row(void *, int, int, int, int, int);

static void *
menu_init(struct ui *ui, void *arg)
{
	struct menu_state	*s;
	struct rolefn_row	*all;
	size_t			 n, i, e;
	char			*cause = NULL;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	if (rolefn_for_user(ui_db(ui), ui_session(ui)->user, i18n_japanese(), &all, &n,
	    &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		n = 0;
		all = NULL;
	}
	s->rows = xcalloc(n + 1, sizeof *s->rows);
	s->ops = xcalloc(n + 1, sizeof *s->ops);
	/* In the order of menu_entries (the desk's work first, accounts after), so that
	 * the everyday functions get the digit keys 1-9. */
	for (e = 0; e < sizeof menu_entries / sizeof menu_entries[0]; e++) {
		for (i = 0; i < n; i++) {
			if (strcmp(all[i].function, menu_entries[e].function) != 0)
				continue;
			s->ops[s->n] = menu_entries[e].ops;
			s->rows[s->n++] = all[i];
		}
	}
	free(all);
	list_init(&s->list, s->n, menu_draw_row, s);
	s->roles = role_labels(ui_db(ui), ui_session(ui)->roles);
	/* At the start of the desk: suspensions whose period is over end (issue 25). */
	reg_actions_daily(ui);
	return s;
}

static void
menu_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct menu_state	*s = arg;
	char			*line;

	(void)selected;
	xasprintf(&line, "%2d  %s", row + 1, s->rows[row].label);
	ui_put(y, x + 1, width - 2, line);
	free(line);
}

static enum key_result
menu_key(void *state, const struct key_event *ev)
{
	struct menu_state	*s = state;
	int			 pick = -1;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (list_key(&s->list, ev, 10))
		return KEY_HANDLED;
	if (!ev->is_func && (ev->code == '\r' || ev->code == '\n'))
		pick = s->list.selected;
	else if (!ev->is_func && ev->code >= '1' && ev->code <= '9')
		pick = (int)ev->code - '1';
	if (pick < 0 || pick >= s->n)
		return KEY_UNHANDLED;
	if (ui_check_access(s->ui, s->rows[pick].function) != 0)
		return KEY_HANDLED;
	ui_set_message(s->ui, NULL);
	ui_push(s->ui, s->ops[pick], NULL);
	return KEY_HANDLED;
}

static void
menu_draw(void *state, struct ui *ui)
{
	struct menu_state	*s = state;
	struct session		*se = ui_session(ui);
	static const struct key_hint hints[] = {
		{ "Enter", N_("Open") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	char			*title;

	xasprintf(&title, _("Menu — %s (%s) [%s]"), se->full_name, se->user, s->roles);
	ui_draw_frame(ui, title, hints);
	free(title);
	if (s->n == 0) {
		ui_put(3, 2, ui_cols(ui) - 4, _("Your roles allow no function on this "
		    "terminal."));
		return;
	}
	list_draw(&s->list, 2, 1, ui_cols(ui) - 2, ui_lines(ui) - 5);
}

static void
menu_free(void *state)
{
	struct menu_state	*s = state;

	free(s->rows);
	free(s->ops);
	free(s->roles);
	free(s);
}

const struct screen_ops screen_menu = {
	.name = "menu",
	.help = N_("The functions your roles allow. Choose with the number or the arrows "
	    "and Enter. F10 logs out."),
	.init = menu_init,
	.key = menu_key,
	.draw = menu_draw,
	.resize = NULL,
	.free = menu_free,
};
