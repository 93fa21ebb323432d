/* screens/auth/: login, the PAM conversation and the idle lock, through app/auth/.
 * May use: lib/, db/, app/, screens/. */
/*
 * The login screen: a user name, then whatever the PAM stack asks, through the monitor
 * (which alone can run PAM and read the key). On success the monitor hands over the
 * database key once; the screen opens the database and shows the role menu.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "config-file.h"
#include "db.h"
#include "i18n.h"
#include "export/export-grants.h"
#include "keyfile.h"
#include "retention/retention.h"
#include "auth/monitor-client.h"
#include "screens.h"
#include "session.h"
#include "sync/sync-client.h"
#include "sync/sync-store.h"
#include "widgets/widget.h"
#include "words.h"
#include "xmalloc.h"

struct login_state {
	struct ui	*ui;
	struct field	 user;
};

static void	*login_init(struct ui *, void *);
static enum key_result login_key(void *, const struct key_event *);
static void	 login_draw(void *, struct ui *);
static void	 login_free(void *);
static int	 login_open_session(struct login_state *, const struct auth_result *,
		    char **);
static int	 login_offline_gate(struct ui *, struct db *, const char *,
		    const struct account_login *, char **);
static void	 login_retention(const struct config *, struct db *);

static void *
login_init(struct ui *ui, void *arg)
{
	struct login_state	*s;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	field_init(&s->user, _("User name"), 32, 0);
	return s;
}

/*
 * Issue 31: accounts are revoked office-wide, and a terminal learns of it by syncing. Past
 * max_offline_days without a sync this one cannot know of recent revocations: it says so,
 * and unless offline_login_everyone admits everyone, only supervisors log in (they can
 * check with the office) until it syncs. -1 with the refusal in *message (audited); 0,
 * with the warning in *message if the terminal is past its limit.
 */
static int
login_offline_gate(struct ui *ui, struct db *db, const char *user,
    const struct account_login *acct, char **message)
{
	struct config		*config = ui_config(ui);
	struct sync_limits	 l;
	struct actor		 who = { user, acct->roles, ui_tty(ui), 0 };
	char			*cause = NULL;

	if (!config_syncs(config))
		return 0;
	if (sync_limits_read(db, config->max_offline_days, config->max_pending_changes, &l,
	    &cause) != 0) {
		*message = cause;
		return -1;
	}
	if (l.days <= config->max_offline_days)
		return 0;
	if (config->offline_login_everyone || words_has(acct->roles, "supervisor")) {
		xasprintf(message, _("No sync for %d days (limit %d): accounts revoked elsewhere "
		    "may still work here."), (int)l.days, config->max_offline_days);
		return 0;
	}
	xasprintf(message, _("No sync for %d days (limit %d): this terminal cannot know of "
	    "recent revocations, so only supervisors may log in until it syncs."), (int)l.days,
	    config->max_offline_days);
	(void)audit_actor(db, &who, "login.offline", user, "denied", *message, NULL);
	return -1;
}

/*
 * After PAM and the account register said yes: the key, the database, the session. -1
 * with the reason in *message; 0, with a warning in *message or none.
 */
static int
login_open_session(struct login_state *s, const struct auth_result *res, char **message)
{
	struct config	*config = ui_config(s->ui);
	struct account_login acct;
	struct session	*se;
	struct key	*key;
	struct db	*db;
	char		*cause = NULL;

	key = key_new();
	if (monitor_get_key(ui_monitor(s->ui), key) != 0) {
		key_free(key);
		*message = xstrdup(_("The monitor did not hand over the database key."));
		return -1;
	}
	db = db_open(config->db_path, key, DB_OPEN_EXISTING, NULL, &cause);
	key_free(key);
	if (db == NULL) {
		*message = cause;
		return -1;
	}
	/* The audit key stays with the monitor, which computes each entry's MAC. */
	audit_set_signer(db, monitor_audit_sign, ui_monitor(s->ui));
	if (config_syncs(config)) {
		db_set_offline_limits(db, config->max_offline_days, config->max_pending_changes);
		db_set_syncs(db, 1);
	}
	/* Names and roles as the register holds them, checked again from this side. */
	if (account_login_check(db, res->user, &acct, message) != 0 ||
	    login_offline_gate(s->ui, db, res->user, &acct, message) != 0) {
		db_close(db);
		return -1;
	}
	se = xcalloc(1, sizeof *se);
	snprintf(se->user, sizeof se->user, "%s", res->user);
	snprintf(se->full_name, sizeof se->full_name, "%s", acct.full_name);
	snprintf(se->roles, sizeof se->roles, "%s", acct.roles);
	snprintf(se->tty, sizeof se->tty, "%s", ui_tty(s->ui));
	se->mynumber_allowed = acct.mynumber_allowed;
	se->mon = ui_monitor(s->ui);
	ui_set_db(s->ui, db);
	ui_set_session(s->ui, se);
	login_retention(config, db);
	return 0;
}

/*
 * A terminal that does not sync has no background process to run the automatic retention
 * rules daily (SPEC §7): the first login of the day runs them here. A failure does not
 * stop the login; the rules are tried again the next day (madoguchi-admin retention shows
 * what waits meanwhile).
 */
static void
login_retention(const struct config *config, struct db *db)
{
	static const struct actor who = { "madoguchi-retention", "system", "", 0 };
	struct retention_dirs	 dirs;
	char			*cause = NULL;
	int64_t			 erased;
	int			 ran;

	if (config_syncs(config))
		return;
	retention_dirs_from(&dirs, config);
	if (retention_daily(db, &dirs, &who, &ran, &cause) != 0)
		free(cause);
	cause = NULL;
	if (export_expire(db, &who, &erased, &cause) != 0)
		free(cause);
}

static enum key_result
login_key(void *state, const struct key_event *ev)
{
	struct login_state	*s = state;
	struct auth_result	 res;
	struct ui		*ui = s->ui;
	char			*message = NULL;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (ev->is_func || (ev->code != '\r' && ev->code != '\n'))
		return field_key(&s->user, ev) ? KEY_HANDLED : KEY_UNHANDLED;
	if (s->user.len == 0) {
		field_set_error(&s->user, _("enter your user name"));
		return KEY_HANDLED;
	}
	field_set_error(&s->user, NULL);
	memset(&res, 0, sizeof res);
	if (monitor_authenticate(ui_monitor(ui), s->user.text, ui_tty(ui), screen_conv, ui,
	    &res) != 0 && res.outcome == AUTH_OK)
		res.outcome = AUTH_ERROR;
	field_clear(&s->user);
	switch (res.outcome) {
	case AUTH_OK:
		if (login_open_session(s, &res, &message) != 0) {
			/*
			 * The key is handed over once: this process ends, after saying why,
			 * and the next clerk logs in at a fresh one.
			 */
			dialog_message(ui, _("Login refused"), message);
			free(message);
			ui_set_next_login(ui);
			return KEY_QUIT;
		}
		ui_set_message(ui, message != NULL ? "%s" : NULL, message);
		free(message);
		ui_replace(ui, &screen_menu, NULL);	/* frees s */
		return KEY_HANDLED;
	case AUTH_CANCELLED:
		ui_set_message(ui, _("Login cancelled."));
		break;
	default:
		ui_set_message(ui, "%s", res.message[0] != '\0' ? res.message :
		    _("Login incorrect."));
		break;
	}
	if (!monitor_alive(ui_monitor(ui)))
		return KEY_QUIT;
	return KEY_HANDLED;
}

static void
login_draw(void *state, struct ui *ui)
{
	struct login_state	*s = state;
	struct config		*config = ui_config(ui);
	static const struct key_hint hints[] = {
		{ "Enter", N_("Log in") }, { "F10", N_("Quit") }, { NULL, NULL }
	};
	char			*line;
	int			 y = 4, w = ui_cols(ui) - 4;

	ui_draw_frame(ui, _("madoguchi — identity verification terminal"), hints);
	attron(A_BOLD);
	ui_put(y, 2, w, _("madoguchi 窓口 — log in"));
	attroff(A_BOLD);
	y += 2;
	xasprintf(&line, _("Terminal: %s   (%s)"), *config->terminal_id != '\0' ?
	    config->terminal_id : "-", ui_tty(ui));
	ui_put(y, 2, w, line);
	free(line);
	y += 2;
	y += ui_put_wrapped(y, 2, w, 3, _("Personal data on this terminal is for registered "
	    "work only; every use is recorded.")) + 1;
	ui_put(y, 2, 14, s->user.label);
	field_draw(&s->user, y, 17, 33, 1);
	if (s->user.error != NULL)
		ui_put(y + 1, 17, w - 17, s->user.error);
}

static void
login_free(void *state)
{
	struct login_state	*s = state;

	field_free(&s->user);
	free(s);
}

const struct screen_ops screen_login = {
	.name = "login",
	.help = N_("Log in with your user name and password (PAM). Each clerk logs in for "
	    "themselves; the session is yours until you log out with F10 or the "
	    "screen locks after a while without a key."),
	.init = login_init,
	.key = login_key,
	.draw = login_draw,
	.free = login_free,
};
