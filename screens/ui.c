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

#include "i18n.h"
#include "textcols.h"
#include "ui.h"
#include "xmalloc.h"

#define UI_MAX_DEPTH	16

struct ui_frame {
	const struct screen_ops	*ops;
	void			*state;
};

struct ui {
	struct config	*config;
	struct db	*db;
	struct ui_frame	 stack[UI_MAX_DEPTH];
	int		 depth;
	char		*message;
};

static volatile sig_atomic_t	 ui_terminate;

static void	ui_on_signal(int);
static void	ui_pop(struct ui *);
static void	ui_redraw(struct ui *);
static void	ui_curses_start(void);

static void
ui_on_signal(int sig)
{
	(void)sig;
	ui_terminate = 1;
}

struct ui *
ui_new(struct config *config, struct db *db)
{
	struct ui	*ui;

	ui = xcalloc(1, sizeof *ui);
	ui->config = config;
	ui->db = db;
	return ui;
}

void
ui_free(struct ui *ui)
{
	while (ui->depth > 0)
		ui_pop(ui);
	free(ui->message);
	free(ui);
}

struct config *
ui_config(struct ui *ui)
{
	return ui->config;
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
	if (f->ops->free != NULL)
		f->ops->free(f->state);
	memset(f, 0, sizeof *f);
}

/* Writes UTF-8 text at (y, x) clipped to width columns, never splitting a character. */
void
ui_put(int y, int x, int width, const char *text)
{
	char	*clipped;

	if (width <= 0)
		return;
	clipped = textcols_clip(text, width);
	mvaddstr(y, x, clipped);
	free(clipped);
}

void
ui_set_message(struct ui *ui, const char *fmt, ...)
{
	va_list	 ap;

	free(ui->message);
	ui->message = NULL;
	if (fmt == NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(&ui->message, fmt, ap);
	va_end(ap);
}

/*
 * Title on the first line, the message line above the bottom, and the screen's shortcuts
 * on the bottom line (SPEC §11).
 */
void
ui_draw_frame(struct ui *ui, const char *title, const struct key_hint *hints)
{
	int	 x, w;
	char	*item;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	ui_put(0, 1, COLS - 2, title);
	attroff(A_REVERSE);

	move(LINES - 2, 0);
	clrtoeol();
	if (ui->message != NULL) {
		attron(A_BOLD);
		ui_put(LINES - 2, 1, COLS - 2, ui->message);
		attroff(A_BOLD);
	}

	move(LINES - 1, 0);
	clrtoeol();
	for (x = 0; hints != NULL && hints->key != NULL; hints++) {
		xasprintf(&item, "%s %s", hints->key, hints->label);
		w = textcols_width(item);
		if (x + w > COLS)
			break;
		attron(A_REVERSE);
		ui_put(LINES - 1, x, COLS - x, hints->key);
		attroff(A_REVERSE);
		ui_put(LINES - 1, x + textcols_width(hints->key) + 1,
		    COLS - x - textcols_width(hints->key) - 1, hints->label);
		x += w + 2;
		free(item);
	}
}

static void
ui_redraw(struct ui *ui)
{
	struct ui_frame	*f = &ui->stack[ui->depth - 1];

	erase();
	f->ops->draw(f->state, ui);
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

/* Runs until the first screen is popped or a screen quits. */
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
	while (ui->depth > 0 && !ui_terminate) {
		rc = get_wch(&ch);
		if (rc == ERR)
			continue;
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
		f = &ui->stack[ui->depth - 1];
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
	return 0;
}
