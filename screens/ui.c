/* screens/: the event loop, screen table, session, start screen and menu; subsystems below.
 * May use: lib/, db/, app/ (not the entry points), screens/. */
/*
 * The event loop. Signal handlers only set flags; ncurses turns SIGWINCH into KEY_RESIZE,
 * which the loop drains (several may queue while a window is dragged) before one full
 * redraw, so typed input that arrives in between is kept in order.
 */
#include "config.h"

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "config-file.h"
#include "escape.h"
#include "i18n.h"
#include "screens.h"
#include "session.h"
#include "sync/sync-line.h"
#include "widgets/widget.h"
#include "textwidth.h"
#include "timestamp.h"
#include "ui.h"
#include "valid.h"
#include "xmalloc.h"

/* The most lines a message above the key bar may take. */
#define MESSAGE_LINES	3

static void	draw_message(struct ui *);

#define UI_MAX_DEPTH	16

struct ui_frame {
	const struct screen_ops	*ops;
	void			*state;
};

struct ui {
	struct config	*config;
	struct db	*db;
	struct monitor	*mon;
	pid_t		 sync_pid;	/* the background sync process, 0: none */
	int		 next_login;	/* a login screen in a fresh process comes next */
	char		*tty;
	struct session	*session;
	time_t		 last_input;
	int		 locked;
	int		 replace_pending;
	struct ui_frame	 stack[UI_MAX_DEPTH];
	int		 depth;
	char		*message;
};

static volatile sig_atomic_t	 ui_terminate;

/* Where the focused field wants the cursor after this draw; -1 hides it. */
static void	 ui_put_cut(int, int, int, const char *, int);
static int	 cursor_y = -1, cursor_x = -1;
/* The field the cursor is in, for F1: its label and rule (set while the screen is drawn). */
static const char *help_field_label, *help_field_rule;
/* The focused field's error when it is longer than its line: the message area shows it. */
static const char *field_error_long;

static void	ui_on_signal(int);
static void	ui_pop(struct ui *);
static void	ui_redraw(struct ui *);
static void	ui_curses_start(void);
static void	ui_idle(struct ui *);
static int	ui_account_gone(struct ui *);

static void
ui_on_signal(int sig)
{
	(void)sig;
	ui_terminate = 1;
}

struct ui *
ui_new(struct config *config, struct db *db, struct monitor *mon, const char *tty)
{
	struct ui	*ui;

	ui = xcalloc(1, sizeof *ui);
	ui->config = config;
	ui->db = db;
	ui->mon = mon;
	ui->tty = xstrdup(tty);
	return ui;
}

struct monitor *
ui_monitor(struct ui *ui)
{
	return ui->mon;
}

const char *
ui_tty(struct ui *ui)
{
	return ui->tty;
}

/* The sync screen asks this process for a cycle now (app/sync/sync-bg.c). */
void
ui_set_sync_pid(struct ui *ui, pid_t pid)
{
	ui->sync_pid = pid;
}

pid_t
ui_sync_pid(struct ui *ui)
{
	return ui->sync_pid;
}

void
ui_free(struct ui *ui)
{
	while (ui->depth > 0)
		ui_pop(ui);
	free(ui->message);
	free(ui->tty);
	free(ui->session);
	free(ui);
}

struct config *
ui_config(struct ui *ui)
{
	return ui->config;
}

/* Dates in the Japanese era (令和7年4月1日) or Western (2025-04-01): date_style in the config. */
int
ui_era_dates(struct ui *ui)
{
	return config_era_dates(ui->config);
}

const char *
ui_code_word(const char *const words[], const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && words[i] != NULL; i++) {
		if (strcmp(code, words[i]) == 0)
			return _(words[i]);
	}
	return code;
}

struct db *
ui_db(struct ui *ui)
{
	return ui->db;
}

int
ui_lines(struct ui *ui)
{
	(void)ui;
	return LINES;
}

int
ui_cols(struct ui *ui)
{
	(void)ui;
	return COLS;
}

void
ui_set_db(struct ui *ui, struct db *db)
{
	ui->db = db;
}

struct session *
ui_session(struct ui *ui)
{
	return ui->session;
}

void
ui_set_session(struct ui *ui, struct session *s)
{
	ui->session = s;
}

/* This process has done its part (a login was refused after PAM): the next login is new. */
void
ui_set_next_login(struct ui *ui)
{
	ui->next_login = 1;
}

/*
 * The check every screen makes before it acts (SPEC §1, §3): the account is still active
 * and its roles still allow the function. A revoked account is stopped here at its next
 * action; the refusal is audited by the data layer.
 */
int
ui_check_access(struct ui *ui, const char *function)
{
	struct actor	 who;
	char		*cause = NULL;

	if (ui->session == NULL || ui->db == NULL)
		return -1;
	session_actor(ui->session, &who);
	if (rolefn_require(ui->db, &who, function, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	return 0;
}

/* Pops the current screen and pushes another in its place (login → menu). */
void
ui_replace(struct ui *ui, const struct screen_ops *ops, void *arg)
{
	if (ui->depth > 0)
		ui_pop(ui);
	ui_push(ui, ops, arg);
}

void
ui_push(struct ui *ui, const struct screen_ops *ops, void *arg)
{
	struct ui_frame	*f;

	if (ui->depth == UI_MAX_DEPTH)
		return;
	f = &ui->stack[ui->depth++];
	f->ops = ops;
	f->state = ops->init(ui, arg);
}

static void
ui_pop(struct ui *ui)
{
	struct ui_frame	*f;

	f = &ui->stack[--ui->depth];
	if (f->ops == &screen_lock)
		ui->locked = 0;
	if (f->ops->free != NULL)
		f->ops->free(f->state);
	memset(f, 0, sizeof *f);
}

/*
 * Writes UTF-8 text at (y, x) clipped to width columns, never splitting a character.
 * Controls, direction controls and bytes not UTF-8 are drawn as visible escapes
 * (escape.h), here and in ui_put_wrapped: no text on a screen drives the terminal.
 */
void
ui_put(int y, int x, int width, const char *text)
{
	ui_put_cut(y, x, width, text, 0);
}

/* The same, ending in "…" where the text had to be cut: the reader sees there is more. */
void
ui_put_ellipsis(int y, int x, int width, const char *text)
{
	ui_put_cut(y, x, width, text, 1);
}

static void
ui_put_cut(int y, int x, int width, const char *text, int ellipsis)
{
	char	*shown, *clipped;

	if (width <= 0)
		return;
	shown = escape_text(text, 0);
	clipped = textwidth_truncate(shown, width, ellipsis);
	mvaddstr(y, x, clipped);
	free(clipped);
	free(shown);
}

/*
 * A horizontal rule of U+2500: drawn as text rather than with the ACS alternate
 * character set, which some terminals (and tmux's capture) show as 'q'.
 */
void
ui_rule(int y, int x, int width)
{
	int	 i;

	move(y, x);
	for (i = 0; i < width; i++)
		addstr("─");
}

/*
 * Text wrapped into width columns as textwidth_wrap breaks it (words whole, kinsoku), at
 * most max_lines of them; drawn at y, x when draw is set. Returns the lines it takes.
 */
static int
wrap_text(int y, int x, int width, int max_lines, const char *text, int draw)
{
	char	*shown, *wrapped, *line, *end;
	int	 n = 0;

	if (width <= 0 || *text == '\0')
		return 0;
	/* Escaped first: a newline in the text is shown, not obeyed, like any control. */
	shown = escape_text(text, 0);
	wrapped = textwidth_wrap(shown, width);
	for (line = wrapped; line != NULL && n < max_lines; line = end, n++) {
		if ((end = strchr(line, '\n')) != NULL)
			*end++ = '\0';
		if (draw)
			ui_put(y + n, x, width, line);
	}
	free(wrapped);
	free(shown);
	return n;
}

/* Writes text wrapped at whole characters into width columns; returns the lines used. */
int
ui_put_wrapped(int y, int x, int width, int max_lines, const char *text)
{
	return wrap_text(y, x, width, max_lines, text, 1);
}

void
ui_set_message(struct ui *ui, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	free(ui->message);
	ui->message = NULL;
	if (fmt == NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(&ui->message, fmt, ap);
	va_end(ap);
	/* The message line is one line: the lines of a message (a monitor's) run on. */
	for (p = ui->message; (p = strchr(p, '\n')) != NULL; p++)
		*p = ' ';
}

/*
 * Title on the first line, the message line above the bottom, and the screen's shortcuts
 * on the bottom line (SPEC §11). Hint labels are N_() strings, translated here.
 */
void
ui_draw_frame(struct ui *ui, const char *title, const struct key_hint *hints)
{
	int		 w;
	const char	*sync;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	ui_put(0, 1, COLS - 2, title);
	/* The sync state, right-aligned; its short form when the whole would cover the title. */
	if ((sync = sync_line(ui)) != NULL &&
	    (int)(textwidth(title) + textwidth(sync)) + 4 > COLS)
		sync = sync_line_short(ui);
	if (sync != NULL && (int)(textwidth(title) + textwidth(sync)) + 4 <= COLS) {
		w = (int)textwidth(sync);
		ui_put(0, COLS - w - 2, 1, " ");
		ui_put(0, COLS - w - 1, w, sync);
	}
	attroff(A_REVERSE);

	/* The message itself is drawn over the screen once it is drawn (ui_paint). */
	move(LINES - 2, 0);
	clrtoeol();

	hints_draw(LINES - 1, COLS, hints);
}

void
ui_cursor_at(int y, int x)
{
	cursor_y = y;
	cursor_x = x;
}

int
ui_cursor_taken(void)
{
	return cursor_y >= 0;
}

void
ui_field_error_long(const char *error)
{
	field_error_long = error;
}

/* The focused field's rule, shown under the screen's help by F1. */
void
ui_help_field(const char *label, const char *rule)
{
	help_field_label = label;
	help_field_rule = rule;
}

/*
 * F1: what the screen is for and its keys; on a form, the rule of the field the cursor
 * is in; and the keys every screen shares.
 */
static void
ui_help(struct ui *ui, const struct screen_ops *ops)
{
	char	*text, *field = NULL;
	/* Under the kiosk's input method (uim-fep names itself in the environment). */
	int	 im = getenv("UIM_FEP_PID") != NULL;

	if (help_field_label != NULL && help_field_rule != NULL)
		xasprintf(&field, "\n\n%s: %s", help_field_label, help_field_rule);
	xasprintf(&text, "%s%s\n\n%s%s%s", ops->help != NULL ? _(ops->help) :
	    _("There is no help for this screen."), field != NULL ? field : "",
	    ui->session != NULL ? _("F10 or Ctrl-X logs out (asking first when something "
	    "typed would be lost); the next clerk logs in at a fresh login screen.") :
	    _("F10 or Ctrl-X ends the program."), im ? "\n" : "", im ? _("Ctrl-\\ turns "
	    "Japanese input on and off: type in romaji, Space converts to kanji, Enter "
	    "commits.") : "");
	dialog_message(ui, _("Help"), text);
	free(field);
	free(text);
}

/* Puts the cursor where the focused field asked, or hides it. */
void
ui_cursor_apply(void)
{
	if (cursor_y >= 0) {
		move(cursor_y, cursor_x);
		curs_set(1);
	} else
		curs_set(0);
}

/* Draws the current screen without showing it: the ground a dialog is drawn on. */
void
ui_paint(struct ui *ui)
{
	struct ui_frame	*f;

	erase();
	cursor_y = cursor_x = -1;
	help_field_label = help_field_rule = field_error_long = NULL;
	if (ui == NULL || ui->depth == 0)
		return;
	/* Below 80×24 the screens would be cut: say so until the size comes back. */
	if (ui_too_small()) {
		(void)wrap_text(LINES / 2, 1, COLS - 2, LINES - LINES / 2,
		    _("The terminal is too small: madoguchi needs 80 columns and 24 lines."), 1);
		return;
	}
	f = &ui->stack[ui->depth - 1];
	f->ops->draw(f->state, ui);
	draw_message(ui);
}

int
ui_too_small(void)
{
	return COLS < 80 || LINES < 24;
}

/*
 * The message above the key bar, drawn last so that the screen's own lines cannot cover
 * it: a message longer than its line grows upwards, up to MESSAGE_LINES, rather than
 * being cut.
 */
static void
draw_message(struct ui *ui)
{
	const char	*message = ui->message;
	char		*both = NULL;
	int		 y, n;

	if (message == NULL)
		message = field_error_long;
	else if (field_error_long != NULL) {
		xasprintf(&both, "%s %s", message, field_error_long);
		message = both;
	}
	if (message == NULL)
		return;
	n = wrap_text(0, 0, COLS - 2, MESSAGE_LINES, message, 0);
	for (y = LINES - 1 - n; y < LINES - 1; y++) {
		move(y, 0);
		clrtoeol();
	}
	attron(A_BOLD);
	wrap_text(LINES - 1 - n, 1, COLS - 2, MESSAGE_LINES, message, 1);
	attroff(A_BOLD);
	free(both);
}

static void
ui_redraw(struct ui *ui)
{
	ui_paint(ui);
	ui_cursor_apply();
	refresh();
}

static void
ui_curses_start(void)
{
	initscr();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	/* Wake up now and then to notice a termination request. */
	timeout(250);
}

/* Whether the idle lock is due: a session, not locked, no key for idle_lock_minutes. */
static int
ui_idle_due(struct ui *ui)
{
	return ui->session != NULL && !ui->locked &&
	    time(NULL) - ui->last_input >= (time_t)ui->config->idle_lock_minutes * 60;
}

/*
 * After idle_lock_minutes without a key, the lock screen goes over whatever was shown;
 * nothing of the session stays on it, not even the last message.
 */
static void
ui_idle(struct ui *ui)
{
	if (!ui_idle_due(ui))
		return;
	ui->locked = 1;
	ui_set_message(ui, NULL);
	ui_push(ui, &screen_lock, NULL);
	ui_redraw(ui);
}

void
ui_activity(struct ui *ui)
{
	time(&ui->last_input);
}

/*
 * A dialog waiting for a key asks this at each tick: 1 when it must give up as if Esc
 * were pressed, because the idle lock is due (the event loop locks as soon as the
 * dialogs have unwound, the dialog's content gone with them) or the program was told to
 * end (SIGTERM, SIGHUP: the loop then closes the session as usual).
 */
int
ui_dialog_wait(struct ui *ui)
{
	return ui_terminate || ui_idle_due(ui);
}

/*
 * Revocation takes effect at the next action (SPEC §3): every key of a logged-in session
 * first asks the account register whether the account is still active.
 */
static int
ui_account_gone(struct ui *ui)
{
	struct account_login	 acct;
	struct actor		 who;
	char			*cause = NULL, *text;

	if (ui->session == NULL || ui->db == NULL)
		return 0;
	if (account_login_check(ui->db, ui->session->user, &acct, &cause) == 0)
		return 0;
	session_actor(ui->session, &who);
	(void)audit_actor(ui->db, &who, "session.end", "", "denied", cause, NULL);
	xasprintf(&text, _("%s\nThe session ends now."), cause);
	dialog_message(ui, _("Account no longer active"), text);
	free(text);
	free(cause);
	return 1;
}

/*
 * ^X does what F10 does, for terminals that keep the function keys for themselves (a
 * console switching consoles, a terminal emulator's menu). The hint bar says so.
 */
#define UI_KEY_LOGOUT_ALT	0x18

/*
 * Runs until the first screen is popped or a screen quits. Returns 1 when a clerk had
 * logged in (the next clerk's login screen comes next, in a fresh process), 0 to end.
 */
int
ui_run(struct ui *ui, const struct screen_ops *first, void *arg)
{
	struct sigaction	 sa;
	struct key_event	 ev;
	struct ui_frame		*f;
	enum key_result		 r;
	wint_t			 ch;
	int			 rc;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ui_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	ui_curses_start();
	ui_push(ui, first, arg);
	ui_redraw(ui);
	time(&ui->last_input);
	while (ui->depth > 0 && !ui_terminate) {
		rc = get_wch(&ch);
		if (rc == ERR) {
			ui_idle(ui);
			if (sync_line_tick(ui))
				ui_redraw(ui);
			f = &ui->stack[ui->depth - 1];
			if (!ui->locked && f->ops->tick != NULL && f->ops->tick(f->state, ui))
				ui_redraw(ui);
			continue;
		}
		time(&ui->last_input);
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			/* Drain queued resizes; keep the size ncurses settled on. */
			while ((rc = get_wch(&ch)) == KEY_CODE_YES && ch == KEY_RESIZE)
				;
			f = &ui->stack[ui->depth - 1];
			if (f->ops->resize != NULL)
				f->ops->resize(f->state, ui);
			ui_redraw(ui);
			if (rc == ERR)
				continue;
		}
		ev.code = ch;
		ev.is_func = rc == KEY_CODE_YES;
		if (!ev.is_func && ev.code == UI_KEY_LOGOUT_ALT) {
			ev.code = KEY_F(10);
			ev.is_func = 1;
		}
		/* Nothing is done blind while the screen cannot be shown; F10 still logs out. */
		if (ui_too_small() && !(ev.is_func && ev.code == KEY_F(10)))
			continue;
		if (ui_account_gone(ui))
			break;
		f = &ui->stack[ui->depth - 1];
		/* F1 on every screen: what it is for and its keys. */
		if (ev.is_func && ev.code == KEY_F(1)) {
			ui_help(ui, f->ops);
			ui_redraw(ui);
			continue;
		}
		r = f->ops->key(f->state, &ev);
		if (r == KEY_QUIT)
			break;
		if (r == KEY_BACK)
			ui_pop(ui);
		if (ui->depth > 0)
			ui_redraw(ui);
	}
	while (ui->depth > 0)
		ui_pop(ui);
	endwin();
	return (ui->session != NULL || ui->next_login) && !ui_terminate;
}

/*
 * A stored time (UTC) or date as the screens show it: local time, in the date style; in
 * the short era form for lists (UI_TIME_SHORT), the day alone with UI_TIME_DAY.
 */
const char *
ui_time_text(struct ui *ui, const char *stored, int how, char *out, size_t len)
{
	struct date	 d;
	/* Room for either form of the date. */
	char		 local[TIMESTAMP_SHOW_SIZE], day[DATE_ERA_SIZE + DATE_ERA_SHORT_SIZE];
	int		 n = 0;

	/* Nothing stored is said so: never a made-up 0000-00-00. */
	if (stored == NULL || *stored == '\0' || strncmp(stored, "0000", 4) == 0) {
		snprintf(out, len, "%s", _("unknown"));
		return out;
	}
	/* A UTC time as the local "YYYY-MM-DD HH:MM"; a date alone is copied as it is. */
	timestamp_show(stored, 0, 0, local, sizeof local);
	if (sscanf(local, "%4d-%2d-%2d%n", &d.y, &d.m, &d.d, &n) != 3 || n != 10) {
		snprintf(out, len, "%s", local);
		return out;
	}
	if (how & UI_TIME_DAY)
		local[10] = '\0';
	if (ui_era_dates(ui) && ((how & UI_TIME_SHORT) ? date_format_era_short(&d, day) :
	    date_format_era(&d, day)) == 0)
		snprintf(out, len, "%s%s", day, local + 10);
	else
		snprintf(out, len, "%s", local);
	return out;
}

void
ui_put_time(struct ui *ui, int y, int x, int width, const char *stored)
{
	char	 text[TIMESTAMP_SHOW_SIZE];

	ui_put(y, x, width, ui_time_text(ui, stored, UI_TIME_SHORT, text, sizeof text));
}

/* A printable key the screen has no use for is not dropped without a word. */
enum key_result
ui_key_unused(struct ui *ui, const struct key_event *ev)
{
	if (ev->is_func || ev->code < 0x20 || ev->code == 0x7f)
		return KEY_UNHANDLED;
	ui_set_message(ui, "%s", _("Press F1 for this screen's keys."));
	return KEY_HANDLED;
}
