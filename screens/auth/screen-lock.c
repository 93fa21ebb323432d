/*
 * The idle lock (SPEC §2): the screen is blanked; only the same user, authenticated again
 * through PAM, unlocks it. Anyone else can only end the session.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "i18n.h"
#include "auth/monitor-client.h"
#include "screens.h"
#include "session.h"
#include "xmalloc.h"

struct lock_state {
	struct ui	*ui;
};

static void	*lock_init(struct ui *, void *);
static enum key_result lock_key(void *, const struct key_event *);
static void	 lock_draw(void *, struct ui *);
static void	 lock_free(void *);

static void *
lock_init(struct ui *ui, void *arg)
{
	struct lock_state	*s;
	struct actor		 who;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	session_actor(ui_session(ui), &who);
	(void)audit_actor(ui_db(ui), &who, "lock", "", "ok", "idle", NULL);
	return s;
}

static enum key_result
lock_key(void *state, const struct key_event *ev)
{
	struct lock_state	*s = state;
	struct auth_result	 res;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (ev->is_func || (ev->code != '\r' && ev->code != '\n'))
		return KEY_HANDLED;
	memset(&res, 0, sizeof res);
	if (monitor_reauthenticate(ui_monitor(s->ui), screen_conv, s->ui, &res) == 0 &&
	    res.outcome == AUTH_OK) {
		ui_set_message(s->ui, NULL);
		return KEY_BACK;
	}
	ui_set_message(s->ui, "%s", res.message[0] != '\0' ? res.message :
	    _("Not unlocked."));
	if (!monitor_alive(ui_monitor(s->ui)))
		return KEY_QUIT;
	return KEY_HANDLED;
}

static void
lock_draw(void *state, struct ui *ui)
{
	struct session	*se = ui_session(ui);
	static const struct key_hint hints[] = {
		{ "Enter", N_("Unlock") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	char		*line;

	(void)state;
	ui_draw_frame(ui, _("Locked"), hints);
	xasprintf(&line, _("This terminal is locked. Only %s can unlock it."), se->user);
	ui_put(ui_lines(ui) / 2 - 1, 4, ui_cols(ui) - 8, line);
	free(line);
}

static void
lock_free(void *state)
{
	free(state);
}

const struct screen_ops screen_lock = {
	.name = "lock",
	.help = N_("The terminal locked itself after a while without a key. Enter and your "
	    "own password unlock it and bring back where you were. F10 ends the "
	    "session instead; anyone else can only end it."),
	.init = lock_init,
	.key = lock_key,
	.draw = lock_draw,
	.free = lock_free,
};
