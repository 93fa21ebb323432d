/* screens/export/: governed export at the desk.
 * May use: lib/, db/, app/, screens/. */
/*
 * The export grants (SPEC §9, issue 21), for supervisors: every grant with its state,
 * newest first. n grants a new one; r revokes an active grant (with why), and its file,
 * if one was made and is still in the export spool, is erased with an erasure record;
 * Enter shows a grant whole.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "export/export-grants.h"
#include "i18n.h"
#include "screens.h"
#include "session.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct grants_state {
	struct ui		*ui;
	struct export_grant	*grants;
	size_t			 n;
	struct list		 list;
	int			 stale;		/* reload when shown again (after n) */
};

static void
grants_clear(struct grants_state *s)
{
	export_grants_free(s->grants, s->n);
	s->grants = NULL;
	s->n = 0;
}

static void	grants_draw_row(void *, int, int, int, int, int);

static void
grants_load(struct grants_state *s)
{
	struct actor	 who;
	char		**ids = NULL, *cause = NULL;
	size_t		 n = 0;
	int64_t		 erased;

	/* Grants past their time are shown as expired, their files gone. */
	session_actor(ui_session(s->ui), &who);
	if (export_expire(ui_db(s->ui), &who, &erased, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		cause = NULL;
	}
	grants_clear(s);
	if (export_grants_all(ui_db(s->ui), &ids, &n, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		cause = NULL;
	}
	s->grants = export_grants_get(ui_db(s->ui), ids, n, &s->n);
	list_init(&s->list, (int)s->n, grants_draw_row, s);
}

/* A grant's states in words. */
static const char *const grant_states[] = { N_("active"), N_("used"), N_("expired"),
	N_("revoked"), NULL };

static void
grants_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct grants_state	*s = arg;
	struct export_grant	*g = &s->grants[row];
	char			*line, at[TIMESTAMP_SHOW_SIZE];

	(void)selected;
	timestamp_show(g->granted_at, ui_era_dates(s->ui), 0, at, sizeof at);
	xasprintf(&line, _("%-8s %s  %zu holders  to %s: %s  (%s)"),
	    ui_code_word(grant_states, g->status), g->grantee, g->n_holders, g->recipient_name,
	    g->purpose, at);
	ui_put(y, x + 1, width - 2, line);
	free(line);
}

static void *
grants_init(struct ui *ui, void *arg)
{
	struct grants_state	*s = xcalloc(1, sizeof *s);

	(void)arg;
	s->ui = ui;
	grants_load(s);
	return s;
}

static void
grant_show(struct grants_state *s, const struct export_grant *g)
{
	char	*text, *next, *cols, from[TIMESTAMP_SHOW_SIZE], until[TIMESTAMP_SHOW_SIZE];

	timestamp_show(g->granted_at, ui_era_dates(s->ui), 0, from, sizeof from);
	timestamp_show(g->valid_until, ui_era_dates(s->ui), 0, until, sizeof until);
	xasprintf(&text, _("Granted by %s to %s (%s)\nValid: %s to %s\nPurpose: %s (%s)\n"
	    "Holders: %zu; encoding %s; %s\nRecipient: %s (certificate %.16s…)\nColumns:"),
	    g->granted_by, g->grantee, ui_code_word(grant_states, g->status), from, until,
	    g->purpose, g->procedure, g->n_holders, export_encoding_name(g->encoding),
	    g->single_use ? _("for one export") : _("for several exports"),
	    g->recipient_name, g->recipient_fingerprint);
	cols = export_columns_describe(g);
	xasprintf(&next, "%s %s", text, cols);
	free(cols);
	free(text);
	text = next;
	dialog_message(s->ui, _("Export grant"), text);
	free(text);
}

static void
grant_revoke(struct grants_state *s, const struct export_grant *g)
{
	struct actor	 who;
	char		 why[200], *cause = NULL, *question;

	if (strcmp(g->status, "active") != 0) {
		ui_set_message(s->ui, _("Only an active grant can be revoked; this one is %s."),
		    ui_code_word(grant_states, g->status));
		return;
	}
	xasprintf(&question, _("Revoke %s's grant to %s (%s)?"), g->grantee,
	    g->recipient_name, g->purpose);
	if (!dialog_confirm(s->ui, _("Revoke an export grant"), question)) {
		free(question);
		return;
	}
	free(question);
	if (dialog_input(s->ui, _("Revoke an export grant"), _("Why is it revoked?"), 0, why,
	    sizeof why) != 0 || *why == '\0') {
		ui_set_message(s->ui, _("Not revoked: a revocation says why."));
		return;
	}
	session_actor(ui_session(s->ui), &who);
	if (export_grant_revoke(ui_db(s->ui), &who, g->id, why, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, _("Revoked %s's grant; its file, if one was made and is still "
	    "here, is erased."), g->grantee);
	grants_load(s);
}

static enum key_result
grants_key(void *state, const struct key_event *ev)
{
	struct grants_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->list, ev, ui_lines(s->ui) - 6))
		return KEY_HANDLED;
	if (ev->is_func)
		return KEY_UNHANDLED;
	if (ev->code == 'n') {
		s->stale = 1;
		ui_push(s->ui, &screen_export_grant_new, NULL);
		return KEY_HANDLED;
	}
	if (s->n == 0)
		return KEY_UNHANDLED;
	if (ev->code == '\r' || ev->code == '\n') {
		grant_show(s, &s->grants[s->list.selected]);
		return KEY_HANDLED;
	}
	if (ev->code == 'r') {
		grant_revoke(s, &s->grants[s->list.selected]);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
grants_draw(void *state, struct ui *ui)
{
	struct grants_state	*s = state;
	static const struct key_hint hints[] = {
		{ "n", N_("New grant") }, { "Enter", N_("Show") }, { "r", N_("Revoke") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};

	if (s->stale) {
		s->stale = 0;
		grants_load(s);
	}
	ui_draw_frame(ui, _("Export grants"), hints);
	if (s->n == 0) {
		ui_put(3, 2, ui_cols(ui) - 4, _("No export has been granted. n grants one."));
		return;
	}
	list_draw(&s->list, 2, 1, ui_cols(ui) - 2, ui_lines(ui) - 5);
}

static void
grants_free(void *state)
{
	struct grants_state	*s = state;

	grants_clear(s);
	free(s);
}

const struct screen_ops screen_export_grants = {
	.name = "export-grants",
	.help = N_("Export grants: who may export which holders' columns, to whom, until "
	    "when. n grants a new one (never to yourself), Enter shows one, r "
	    "revokes an active grant with why. A grant's file is erased when the "
	    "grant ends."),
	.init = grants_init,
	.key = grants_key,
	.draw = grants_draw,
	.free = grants_free,
};
