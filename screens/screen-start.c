/*
 * The first screen: which terminal this is and the state of its encrypted store, so that
 * whoever stands at it can tell at a glance that it is the right, working terminal.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "audit/audit.h"
#include "config-file.h"
#include "db.h"
#include "i18n.h"
#include "sync/outbox.h"
#include "screens.h"
#include "ui.h"
#include "xmalloc.h"

struct start_state {
	struct ui	*ui;
};

static void	*start_init(struct ui *, void *);
static enum key_result start_key(void *, const struct key_event *);
static void	 start_draw(void *, struct ui *);
static void	 start_free(void *);

static void *
start_init(struct ui *ui, void *arg)
{
	struct start_state	*s;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	return s;
}

static enum key_result
start_key(void *state, const struct key_event *ev)
{
	(void)state;
	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	return KEY_UNHANDLED;
}

static void
start_draw(void *state, struct ui *ui)
{
	struct start_state	*s = state;
	struct db		*db = ui_db(s->ui);
	static const struct key_hint hints[] = {
		{ "Esc", N_("Back") },
		/* TRANSLATORS: bottom-line label of F10. */
		{ "F10", N_("Quit") },
		{ NULL, NULL }
	};
	char			*line;
	int			 y = 3, w = ui_cols(ui) - 4;

	ui_draw_frame(ui, _("madoguchi — identity verification terminal"), hints);

	attron(A_BOLD);
	ui_put(y, 2, w, _("madoguchi 窓口"));
	attroff(A_BOLD);
	y += 2;
	xasprintf(&line, _("Terminal:        %s"), db_terminal_id(db));
	ui_put(y++, 2, w, line);
	free(line);
	xasprintf(&line, _("Database:        encrypted (SQLCipher %s), schema version %d"),
	    db_cipher_version(db), db_schema_version(db));
	ui_put(y++, 2, w, line);
	free(line);
	xasprintf(&line, _("Audit entries:   %lld"), (long long)audit_count(db));
	ui_put(y++, 2, w, line);
	free(line);
	xasprintf(&line, _("Pending sync:    %lld changes"), (long long)outbox_pending(db));
	ui_put(y++, 2, w, line);
	free(line);
}

static void
start_free(void *state)
{
	free(state);
}

const struct screen_ops screen_start = {
	.name = "start",
	.init = start_init,
	.key = start_key,
	.draw = start_draw,
	.resize = NULL,
	.free = start_free,
};
