/*
 * The rules of the unusual-use flags: each rule's threshold (a flag is raised when the
 * count reaches it) and window, who changed it last. A supervisor changes one with e
 * (or Enter); a threshold or window below 1, or text that is not a number, changes
 * nothing and says why. Everyone else only reads (the data layer refuses the change).
 */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit-rules.h"
#include "audit/audit-signoff.h"
#include "i18n.h"
#include "office-hours.h"
#include "screens.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct rules_state {
	struct ui		*ui;
	struct audit_rule	*rules;
	size_t			 n;
	struct list		 list;
	int			 can_change;
};

static void	*rules_init(struct ui *, void *);
static enum key_result rules_key(void *, const struct key_event *);
static void	 rules_draw(void *, struct ui *);
static void	 rules_free(void *);
static void	 rules_load(struct rules_state *);
static void	 rules_edit(struct rules_state *);
static int	 ask_number(struct ui *, const char *, const char *, int *);
static void	 rules_draw_row(void *, int, int, int, int, int);

static void
rules_load(struct rules_state *s)
{
	char	*cause = NULL;
	int	 selected = s->list.selected;

	audit_rules_free(s->rules, s->n);
	if (audit_rules_list(ui_db(s->ui), i18n_japanese(), &s->rules, &s->n, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	list_init(&s->list, (int)s->n, rules_draw_row, s);
	if (selected < (int)s->n)
		s->list.selected = selected;
}

static void *
rules_init(struct ui *ui, void *arg)
{
	struct rules_state	*s = xcalloc(1, sizeof *s);

	(void)arg;
	s->ui = ui;
	s->can_change = rolefn_allowed(ui_db(ui), ui_session(ui)->user, "audit.signoff");
	rules_load(s);
	return s;
}

/* A whole number typed into a dialog; -1 on Esc or (with a message) on anything else. */
static int
ask_number(struct ui *ui, const char *title, const char *prompt, int *out)
{
	char	 buf[32], *end;
	long	 v;

	if (dialog_input(ui, title, prompt, 0, buf, sizeof buf) != 0)
		return -1;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (*buf == '\0' || *end != '\0' || errno != 0 || v < -1000000 || v > 1000000) {
		ui_set_message(ui, _("\"%s\" is not a whole number; the rule is unchanged."),
		    buf);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static void
rules_edit(struct rules_state *s)
{
	struct audit_rule	*r = &s->rules[s->list.selected];
	struct actor		 who;
	char			*prompt, *cause = NULL;
	int			 threshold, window = 0, rc;

	xasprintf(&prompt, _("%s\nThreshold (now %d; a flag at this count):"), r->label,
	    r->threshold);
	rc = ask_number(s->ui, _("Change a rule"), prompt, &threshold);
	free(prompt);
	if (rc != 0)
		return;
	if (r->window_minutes > 0) {
		xasprintf(&prompt, _("%s\nWindow in minutes (now %d):"), r->label,
		    r->window_minutes);
		rc = ask_number(s->ui, _("Change a rule"), prompt, &window);
		free(prompt);
		if (rc != 0)
			return;
	}
	session_actor(ui_session(s->ui), &who);
	if (audit_rule_set(ui_db(s->ui), &who, r->name, threshold, window, &cause) != 0) {
		ui_set_message(s->ui, _("Not changed: %s"), cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, _("Rule changed: %s"), r->label);
	rules_load(s);
}

static void
rules_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct rules_state	*s = arg;
	struct audit_rule	*r = &s->rules[row];
	char			 t[16], w[32];

	(void)selected;
	snprintf(t, sizeof t, "%d", r->threshold);
	if (r->window_minutes > 0)
		snprintf(w, sizeof w, _("%d min"), r->window_minutes);
	else
		snprintf(w, sizeof w, "%s", _("a day"));
	ui_put(y, x + 1, 43, r->label);
	ui_put(y, x + 45, 7, t);
	ui_put(y, x + 53, 10, w);
	ui_put(y, x + 64, width - 65, r->changed_by != NULL ? r->changed_by : "-");
}

static enum key_result
rules_key(void *state, const struct key_event *ev)
{
	struct rules_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->list, ev, ui_lines(s->ui) - 8))
		return KEY_HANDLED;
	if (!ev->is_func && s->n > 0 && (ev->code == 'e' || ev->code == '\r' ||
	    ev->code == '\n')) {
		rules_edit(s);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
rules_draw(void *state, struct ui *ui)
{
	struct rules_state	*s = state;
	static const struct key_hint change_hints[] = {
		{ "e", N_("Change") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	static const struct key_hint read_hints[] = {
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	struct office_hours	 oh;
	int			 cols = ui_cols(ui);
	char			*line;

	ui_draw_frame(ui, _("Rules of the unusual-use flags"), s->can_change ? change_hints :
	    read_hints);
	attron(A_BOLD);
	/* Widths for 80 columns with nothing cut: the longest rule's name is 42. */
	ui_put(2, 2, 43, _("Rule"));
	ui_put(2, 46, 7, _("Flag at"));
	ui_put(2, 54, 10, _("Within"));
	ui_put(2, 65, cols - 66, _("Changed by"));
	attroff(A_BOLD);
	list_draw(&s->list, 3, 1, cols - 2, ui_lines(ui) - 8);
	audit_office_hours(ui, &oh);
	xasprintf(&line, _("Office hours (configuration): %s; holidays from the database."),
	    oh.text);
	(void)ui_put_wrapped(ui_lines(ui) - 5, 2, cols - 4, 2, line);
	free(line);
}

static void
rules_free(void *state)
{
	struct rules_state	*s = state;

	audit_rules_free(s->rules, s->n);
	free(s);
}

const struct screen_ops screen_audit_rules = {
	.name = "audit-rules",
	.help = N_("The rules that raise unusual-use flags (off-hours access, bursts, "
	    "access without an application, My Number views, failed logins). "
	    "Supervisors change their thresholds; every change is recorded."),
	.init = rules_init,
	.key = rules_key,
	.draw = rules_draw,
	.free = rules_free,
};
