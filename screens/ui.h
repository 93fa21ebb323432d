/*
 * The screen layer: one loop owns input, screens are a stack, each screen is a
 * `const struct screen_ops` (tmux's window modes). Screens draw into curses windows and
 * call db/ for data; they never see SQL.
 */
#ifndef UI_H
#define UI_H

#include <sys/types.h>
#include <wchar.h>

struct config;
struct db;
struct monitor;
struct session;
struct ui;

/* What a key handler did. */
enum key_result {
	KEY_UNHANDLED,
	KEY_HANDLED,	/* state changed, redraw this screen */
	KEY_BACK,	/* pop this screen */
	KEY_QUIT,	/* leave the application */
};

/* A key: a character (is_func 0) or a curses KEY_* code (is_func 1). */
struct key_event {
	wint_t	 code;
	int	 is_func;
};

struct screen_ops {
	const char	*name;
	/* What the screen is for and its keys (N_(), translated when shown): F1. */
	const char	*help;
	void		*(*init)(struct ui *, void *);
	enum key_result	 (*key)(void *, const struct key_event *);
	void		 (*draw)(void *, struct ui *);
	void		 (*resize)(void *, struct ui *);
	void		 (*free)(void *);
	/*
	 * Called about every 250 ms while no key comes (may be NULL): work that goes on
	 * behind the screen in small steps (a Juki answer arriving, a periodic check), so
	 * that typing is never blocked. Nonzero asks for a redraw.
	 */
	int		 (*tick)(void *, struct ui *);
};

/* The shortcuts a screen shows on the bottom line, e.g. { "F10", "終了" }. */
struct key_hint {
	const char	*key;
	const char	*label;
};

struct ui	*ui_new(struct config *, struct db *, struct monitor *, const char *);
void		 ui_free(struct ui *);
int		 ui_run(struct ui *, const struct screen_ops *, void *);
void		 ui_push(struct ui *, const struct screen_ops *, void *);

struct config	*ui_config(struct ui *);
int		 ui_era_dates(struct ui *);
/*
 * A stored code (a state: "active") in the screen's language when it is one of words
 * (NULL-terminated, marked N_()), else as it is: data is never looked up as a message.
 */
const char	*ui_code_word(const char *const [], const char *);
struct db	*ui_db(struct ui *);
void		 ui_set_db(struct ui *, struct db *);
struct session	*ui_session(struct ui *);
void		 ui_set_session(struct ui *, struct session *);
void		 ui_set_next_login(struct ui *);
void		 ui_help_field(const char *, const char *);
int		 ui_check_access(struct ui *, const char *);
struct monitor	*ui_monitor(struct ui *);
const char	*ui_tty(struct ui *);
void		 ui_set_sync_pid(struct ui *, pid_t);
pid_t		 ui_sync_pid(struct ui *);
void		 ui_replace(struct ui *, const struct screen_ops *, void *);
int		 ui_lines(struct ui *);
int		 ui_cols(struct ui *);

void		 ui_draw_frame(struct ui *, const char *, const struct key_hint *);
void		 ui_set_message(struct ui *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
void		 ui_put(int, int, int, const char *);
void		 ui_put_ellipsis(int, int, int, const char *);
void		 ui_field_error_long(const char *);
int		 ui_put_wrapped(int, int, int, int, const char *);
void		 ui_rule(int, int, int);
void		 ui_cursor_at(int, int);
void		 ui_cursor_apply(void);
/* Whether something drawn so far put the cursor (a focused field, a list's selection). */
int		 ui_cursor_taken(void);
void		 ui_paint(struct ui *);
/* Whether the terminal is below 80×24 (the screens then show only that). */
int		 ui_too_small(void);
/* A key was pressed (in a dialog): the idle time starts again. */
void		 ui_activity(struct ui *);
/* Whether a dialog waiting for a key must give up now (idle lock due, told to end). */
int		 ui_dialog_wait(struct ui *);

/*
 * A stored time (UTC, "2026-04-01T00:30:05Z"), a local one ("2026-04-01 09:30", as some
 * queries give it) or a date ("2026-04-01") as read at the terminal: local time, the date
 * as date_style says, in the long form (令和8年4月1日 09:30) or as how says; nothing stored
 * is "unknown". Returns out.
 */
#define UI_TIME_SHORT	0x1	/* the short date, for lists: R08.04.01 09:30 */
#define UI_TIME_DAY	0x2	/* the date without the time */
const char	*ui_time_text(struct ui *, const char *, int, char *, size_t);
/* That in a list's cell of width columns, the short form. */
void		 ui_put_time(struct ui *, int, int, int, const char *);
/* A printable key a screen does not use: a hint where its keys are (F1), KEY_HANDLED. */
enum key_result	 ui_key_unused(struct ui *, const struct key_event *);

#endif
