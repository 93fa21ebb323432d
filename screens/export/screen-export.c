/* screens/export/: governed export at the desk.
 * May use: lib/, db/, app/, screens/. */
/*
 * Running a granted export (SPEC §9, issue 21): the grantee's grants that may run now;
 * Enter prepares one in memory (rows masked, CSV, encrypted to the granted recipient)
 * and then the two-person check (screens/auth/two-person.h): a second person at the desk
 * authenticates through PAM and confirms, on one screen, the recipient,
 * purpose, row and column counts, the masks and the first rows as the file holds them.
 * Only then is the file written to the export spool and entered in the register; a
 * refusal writes nothing and is audited.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/two-person.h"
#include "config-file.h"
#include "export/export-grants.h"
#include "export/export-run.h"
#include "i18n.h"
#include "screens.h"
#include "session.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

/* First rows shown at the check. */
#define CHECK_ROWS	3

struct export_state {
	struct ui		*ui;
	struct export_grant	*grants;
	size_t			 n;
	struct list		 list;
};

static void
export_load(struct export_state *s)
{
	char	**ids = NULL, *cause = NULL;
	size_t	 n = 0;

	export_grants_free(s->grants, s->n);
	s->grants = NULL;
	s->n = 0;
	if (export_grants_usable(ui_db(s->ui), ui_session(s->ui)->user, &ids, &n,
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	s->grants = export_grants_get(ui_db(s->ui), ids, n, &s->n);
}

static void
draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct export_state	*s = arg;
	struct export_grant	*g = &s->grants[row];
	char			*line, until[TIMESTAMP_SHOW_SIZE];

	(void)selected;
	timestamp_show(g->valid_until, ui_era_dates(s->ui), 0, until, sizeof until);
	xasprintf(&line, _("until %s  %s  %zu holders  to %s: %s"), until, g->granted_by,
	    g->n_holders, g->recipient_name, g->purpose);
	ui_put(y, x + 1, width - 2, line);
	free(line);
}

static void *
export_init(struct ui *ui, void *arg)
{
	struct export_state	*s = xcalloc(1, sizeof *s);

	(void)arg;
	s->ui = ui;
	export_load(s);
	list_init(&s->list, (int)s->n, draw_row, s);
	return s;
}

/* What the second person confirms: everything about the file but its other rows. */
static char *
check_text(const struct export_prepared *p)
{
	const struct export_grant	*g = &p->grant;
	char				*text, *next, *cols;
	size_t				 i, c;

	xasprintf(&text, _("Recipient: %s (certificate %.16s…)\nPurpose: %s (%s)\nRows: %zu, "
	    "columns: %zu\nColumns:"), g->recipient_name, p->fingerprint, g->purpose,
	    g->procedure, p->rows, g->n_columns);
	cols = export_columns_describe(g);
	xasprintf(&next, "%s %s", text, cols);
	free(cols);
	free(text);
	text = next;
	xasprintf(&next, "%s\n%s", text, _("First rows as the file holds them:"));
	free(text);
	text = next;
	for (i = 0; i < p->rows && i < CHECK_ROWS; i++) {
		xasprintf(&next, "%s\n ", text);
		free(text);
		text = next;
		for (c = 0; c < g->n_columns; c++) {
			xasprintf(&next, "%s%s%s", text, c > 0 ? " | " : "",
			    p->cells[i * g->n_columns + c]);
			free(text);
			text = next;
		}
	}
	return text;
}

static void
export_one(struct export_state *s)
{
	struct export_prepared	 p;
	struct export_result	 r;
	struct actor		 who;
	char			*cause = NULL, *text, *target, checker[64];

	session_actor(ui_session(s->ui), &who);
	if (export_prepare(ui_db(s->ui), &who, s->grants[s->list.selected].id, &p,
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		export_load(s);
		list_init(&s->list, (int)s->n, draw_row, s);
		return;
	}
	text = check_text(&p);
	xasprintf(&target, "export-grant:%s", p.grant.id);
	/* The checker is kept in the export register with the file, not in a second entry. */
	if (two_person_check(s->ui, text, "export.check", target, 0, _("Nothing was "
	    "written."), checker, sizeof checker) != 0)
		goto out;
	if (export_commit(ui_db(s->ui), &who, ui_config(s->ui)->export_spool, checker, &p,
	    &r, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		goto out;
	}
	ui_set_message(s->ui, _("Export written, checked by %s: %s"), checker, r.path);
	export_result_clear(&r);
	export_load(s);
	list_init(&s->list, (int)s->n, draw_row, s);
out:
	free(text);
	free(target);
	export_prepared_clear(&p);
}

static enum key_result
export_key(void *state, const struct key_event *ev)
{
	struct export_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->list, ev, ui_lines(s->ui) - 6))
		return KEY_HANDLED;
	if (!ev->is_func && (ev->code == '\r' || ev->code == '\n') && s->n > 0) {
		export_one(s);
		return KEY_HANDLED;
	}
	return ui_key_unused(s->ui, ev);
}

static void
export_draw(void *state, struct ui *ui)
{
	struct export_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Enter", N_("Run and check") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};

	ui_draw_frame(ui, _("Your export grants"), hints);
	if (s->n == 0) {
		ui_put(3, 2, ui_cols(ui) - 4, _("No export is granted to you now."));
		return;
	}
	list_draw(&s->list, 2, 1, ui_cols(ui) - 2, ui_lines(ui) - 5);
}

static void
export_free(void *state)
{
	struct export_state	*s = state;

	export_grants_free(s->grants, s->n);
	free(s);
}

const struct screen_ops screen_export = {
	.name = "export",
	.help = N_("The exports granted to you. Enter prepares one in memory, masked and "
	    "encrypted to the recipient, then a second person checks it at this "
	    "desk (their PAM login) before it is written. Nothing leaves without "
	    "that check."),
	.init = export_init,
	.key = export_key,
	.draw = export_draw,
	.free = export_free,
};
