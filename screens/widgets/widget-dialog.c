/*
 * Modal dialogs. They read keys themselves until answered, like a PAM conversation
 * needs; a resize while one is open redraws it at the new size.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "textwidth.h"
#include "widgets/widget.h"
#include "xmalloc.h"

static int	dialog_lines(const char *);
static void	dialog_box(struct ui *, const char *, const char *, int, int *, int *,
		    int *);
static int	dialog_read(struct ui *, struct key_event *);
static int	input_dialog(struct ui *, const char *, const char *, int, const char *, char *,
		    size_t);

static int
dialog_lines(const char *text)
{
	int	 n = 1;

	for (; *text != '\0'; text++)
		n += *text == '\n';
	return n;
}

/* A framed box with the title and text; returns the first free row and the inner box. */
static void
dialog_box(struct ui *ui, const char *title, const char *given, int extra, int *y, int *x,
    int *w)
{
	const char	*line, *nl;
	char		*copy, *text;
	int		 h, top, left, i;

	/* On a freshly drawn screen, so that nothing of an earlier dialog shows through. */
	ui_paint(ui);
	*w = COLS - 8 > 70 ? 70 : COLS - 8;
	text = textwidth_wrap(given, *w - 4);
	h = dialog_lines(text) + extra + 4;
	if (h > LINES - 2)
		h = LINES - 2;
	top = (LINES - h) / 2;
	left = (COLS - *w) / 2;
	for (i = 0; i < h; i++)
		mvhline(top + i, left, ' ', *w);
	attron(A_BOLD);
	ui_rule(top, left, *w);
	ui_rule(top + h - 1, left, *w);
	ui_put(top, left + 2, *w - 4, title);
	attroff(A_BOLD);
	i = top + 2;
	for (line = text; line != NULL && i < top + h - 1 - extra; line = nl) {
		nl = strchr(line, '\n');
		copy = nl != NULL ? xstrndup(line, nl - line) : xstrdup(line);
		ui_put(i++, left + 2, *w - 4, copy);
		free(copy);
		if (nl != NULL)
			nl++;
	}
	*y = i + (extra > 0 ? 1 : 0);
	*x = left + 2;
	*w -= 4;
	free(text);
}

/* Reads one key; 0 on a resize (the caller redraws), 1 for a key. */
/*
 * The next key: 1, 0 for a resize (draw again), or -1 when the dialog must give up as if
 * Esc were pressed: the idle lock is due or the program is told to end (ui_dialog_wait).
 * A key is activity: the idle time starts again.
 */
static int
dialog_read(struct ui *ui, struct key_event *ev)
{
	wint_t	 ch;
	int	 rc;

	for (;;) {
		rc = get_wch(&ch);
		if (rc == ERR) {
			if (ui_dialog_wait(ui))
				return -1;
			continue;
		}
		ui_activity(ui);
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
			return 0;
		ev->code = ch;
		ev->is_func = rc == KEY_CODE_YES;
		return 1;
	}
}

/* y/Enter: 1; n/Esc: 0. */
int
dialog_confirm(struct ui *ui, const char *title, const char *text)
{
	struct key_event	 ev;
	char			*full;
	int			 y, x, w, got;

	/* TRANSLATORS: the keys of a yes/no dialog. */
	xasprintf(&full, "%s\n\n%s", text, _("Enter/y: yes    Esc/n: no"));
	for (;;) {
		dialog_box(ui, title, full, 0, &y, &x, &w);
		curs_set(0);
		refresh();
		if ((got = dialog_read(ui, &ev)) < 0) {
			free(full);
			return 0;
		}
		if (got == 0)
			continue;
		if (!ev.is_func && (ev.code == 'y' || ev.code == 'Y' || ev.code == '\r' ||
		    ev.code == '\n')) {
			free(full);
			return 1;
		}
		if (!ev.is_func && (ev.code == 'n' || ev.code == 'N' || ev.code == 0x1b)) {
			free(full);
			return 0;
		}
	}
}

void
dialog_message(struct ui *ui, const char *title, const char *text)
{
	struct key_event	 ev;
	char			*full;
	int			 y, x, w, got;

	xasprintf(&full, "%s\n\n%s", text, _("Press Enter"));
	for (;;) {
		dialog_box(ui, title, full, 0, &y, &x, &w);
		curs_set(0);
		refresh();
		if ((got = dialog_read(ui, &ev)) < 0 || (got > 0 && !ev.is_func &&
		    (ev.code == '\r' || ev.code == '\n' || ev.code == 0x1b)))
			break;
	}
	free(full);
}

/* One line of input (masked for secrets). 0 with the text in buf, -1 on Esc. */
int
dialog_input(struct ui *ui, const char *title, const char *prompt, int masked, char *buf,
    size_t size)
{
	return input_dialog(ui, title, prompt, masked, NULL, buf, size);
}

/* The same, not masked, the line starting with text (a key typed in a list). */
int
dialog_input_from(struct ui *ui, const char *title, const char *prompt, const char *text,
    char *buf, size_t size)
{
	return input_dialog(ui, title, prompt, 0, text, buf, size);
}

static int
input_dialog(struct ui *ui, const char *title, const char *prompt, int masked,
    const char *text, char *buf, size_t size)
{
	struct key_event	 ev;
	struct field		 f;
	int			 y, x, w, got, rc = -1;

	field_init(&f, "", 0, masked);
	if (text != NULL)
		field_set(&f, text);
	for (;;) {
		dialog_box(ui, title, prompt, 1, &y, &x, &w);
		ui_cursor_at(-1, -1);
		field_draw(&f, y, x, w, 1);
		ui_cursor_apply();
		refresh();
		if ((got = dialog_read(ui, &ev)) < 0)
			break;
		if (got == 0)
			continue;
		if (!ev.is_func && (ev.code == '\r' || ev.code == '\n')) {
			if (f.len + 1 > size)
				continue;
			memcpy(buf, f.text, f.len + 1);
			rc = 0;
			break;
		}
		if (!ev.is_func && ev.code == 0x1b)
			break;
		field_key(&f, &ev);
	}
	field_free(&f);
	curs_set(0);
	return rc;
}

int
dialog_choice_number(const char *answer, int n, int def)
{
	char	*end;
	long	 v;

	while (*answer == ' ')
		answer++;
	if (*answer == '\0')
		return def;
	v = strtol(answer, &end, 10);
	while (*end == ' ')
		end++;
	if (*end != '\0' || v < 1 || v > n)
		return -1;
	return (int)v - 1;
}
